# SPDX-License-Identifier: ISC
"""The public progress page (issue 14) through nginx: without login, the
accepted tasks, indicators and counts per agency as HTML, JSON and CSV
under /public/v1/; no personal data in any of them; served from nginx's
cache and refreshed within public_max_age; read-only; framing from the
configuration; 404 everywhere when public_enabled is off.

The tests change nhiemvu.conf (a short public_max_age, a frame-ancestors
value, the budget, the switch) and reload the pool with SIGHUP; the last
one puts the file back as it was."""

import csv
import datetime
import io
import json
import os
import re
import shutil
import signal
import time
import uuid
import zoneinfo

from lib import (RUN, Client, check, children, demo_users, eq, expect_error,
                 pool_pid, sql_root, wait_until)

CONF = os.path.join(RUN, "nhiemvu.conf")
MAX_AGE = 2
PATHS = ["/public/", "/public/v1/tasks.json", "/public/v1/tasks.csv",
         "/public/v1/indicators.json", "/public/v1/agencies.json"]
STAMP = uuid.uuid4().hex[:8]
# What the fixture writes that must never be public.
PRIVATE = {
    "responsible_person": f"Phạm Thị Riêng {STAMP}",
    "notes": f"Ghi chú nội bộ {STAMP}",
    "difficulties": f"Khó khăn nội bộ {STAMP}",
    "proposals": f"Đề xuất nội bộ {STAMP}",
    "work_done": f"Đã làm nội bộ {STAMP}",
    "comment": f"Ý kiến chỉ đạo nội bộ {STAMP}",
}
BUDGET = 987654321
_original = None


def conf_set(**kv):
    """Rewrites the public_* lines of nhiemvu.conf and reloads the pool."""
    global _original
    with open(CONF, encoding="utf-8") as f:
        text = f.read()
    if _original is None:
        _original = text
    # Copies kept under an earlier, longer public_max_age (a rerun against
    # the same stack, or the original configuration restored by a test):
    # nginx takes a missing file as a miss.
    cache = os.path.join(RUN, "nginx", "cache")
    for d in os.listdir(cache) if os.path.isdir(cache) else ():
        shutil.rmtree(os.path.join(cache, d), ignore_errors=True)
    lines = [ln for ln in text.splitlines()
             if not any(ln.strip().startswith(k) for k in kv)]
    lines += [f"{k} = {v}" for k, v in kv.items()]
    write_and_reload("\n".join(lines) + "\n")


def write_and_reload(text):
    with open(CONF, "w", encoding="utf-8") as f:
        f.write(text)
    sup = pool_pid()
    before = set(children(sup))
    os.kill(sup, signal.SIGHUP)
    wait_until(lambda: not (before & set(children(sup)))
               and len(children(sup)) == len(before), 15,
               "a new generation of workers")


def get(path, **kw):
    return Client(SOURCE).get(path, **kw)  # noqa: F821


def fresh(path, pred, what):
    """Polls path until pred(response): within public_max_age and a margin
    (a copy taken just before the change may be served that long)."""
    last = [None]

    def ok():
        last[0] = get(path)
        return pred(last[0])
    wait_until(ok, MAX_AGE + 3, what)
    return last[0]


def rows(out):
    """Rows of sql_root()'s --batch output: split on newline only (a value
    may hold U+2028, which str.splitlines() splits on), each cell's
    escapes (\\n \\t \\\\ \\0) undone."""
    unesc = {"n": "\n", "t": "\t", "\\": "\\", "0": "\0"}
    return [re.sub(r"\\(.)", lambda m: unesc.get(m.group(1), m.group(0)),
                   ln) for ln in out.split("\n") if ln]


def this_month():
    return datetime.datetime.now(zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")) \
        .strftime("%Y-%m")


def accepted_sql():
    rc, out, _ = sql_root("SELECT id FROM tasks WHERE status IN "
                          "('in_program', 'completed') ORDER BY id")
    eq(rc, 0, "sql")
    return sorted(int(x) for x in out.split())


def all_tasks(doc):
    return [t for c in doc["committees"] for t in c["tasks"]]


def fixture():
    """A directive in the programme with a person, a budget and notes, an
    approved report with difficulties, and a direction of leadership."""
    tk, off, head, ld = (Client(SOURCE) for _ in range(4))  # noqa: F821
    tk.login("tk.bcd")
    r = tk.post("tasks", {
        "kind": "directive", "name": f"Nhiệm vụ công khai {STAMP}",
        "lead_agency": "SKHCN", "deadline": "2030-12-31",
        "status": "in_program",
        "responsible_person": PRIVATE["responsible_person"],
        "notes": PRIVATE["notes"], "estimated_budget": BUDGET})
    eq(r.status, 201, f"fixture task {r}")
    t = r.json
    off.login("cb.skhcn")
    period = this_month()
    r = off.post(f"tasks/{t['id']}/reports", {
        "period": period, "percent": 37, "health": "on_track",
        "work_done": PRIVATE["work_done"],
        "results": "Kết quả công khai được", "difficulties":
        PRIVATE["difficulties"], "proposals": PRIVATE["proposals"],
        "next_steps": "Tiếp tục"})
    eq(r.status, 201, f"fixture report {r}")
    rep = r.json
    r = off.post(f"reports/{rep['id']}/transitions",
                 {"action": "submit", "version": rep["version"]})
    eq(r.status, 200, f"submit {r}")
    head.login("gd.skhcn")
    r = head.post(f"reports/{rep['id']}/transitions",
                  {"action": "approve", "version": r.json["version"]})
    eq(r.status, 200, f"approve {r}")
    ld.login("ld.bcd")
    r = ld.post(f"tasks/{t['id']}/comments", {"text": PRIVATE["comment"]})
    eq(r.status, 201, f"direction {r}")
    return t


def test_page_and_files_without_login():
    conf_set(public_enabled="yes", public_max_age=MAX_AGE,
             public_budget="no",
             public_frame_ancestors="https://nghean.gov.vn 'self'")
    ids = accepted_sql()
    check(len(ids) > 0, "the demo has accepted tasks")
    doc = fresh("/public/v1/tasks.json",
                lambda r: r.status == 200 and sorted(
                    t["id"] for t in all_tasks(r.json)) == accepted_sql(),
                "tasks.json lists exactly the accepted tasks").json
    eq(set(doc), {"as_of", "year", "budget_shown", "truncated",
                  "committees"}, "tasks.json members")
    eq(doc["budget_shown"], False, "no budget by default")
    tinh = [c for c in doc["committees"] if c["code"] == "TINH"]
    eq(len(tinh), 1, "the province's committee")
    eq(tinh[0]["level"], "province", "its level")
    for t in all_tasks(doc):
        eq(set(t), {"id", "year", "kind", "name", "lead_agency", "deadline",
                    "status", "status_label", "completed_at", "outcome",
                    "outcome_label", "progress"}, f"task {t['id']} members")
        check(t["status"] in ("in_program", "completed"), f"{t['status']}")
        check(t["outcome"] in ("in_progress", "overdue", "done_on_time",
                               "done_late"), f"outcome {t['outcome']}")
        eq(set(t["lead_agency"]), {"code", "name"}, "lead agency")
        check(t["status_label"] and t["outcome_label"], "Vietnamese labels")
    # Every committee's tasks belong to its agencies (agencies.committee).
    rc, out, _ = sql_root("SELECT code, committee FROM agencies")
    committee_of = dict(ln.split("\t") for ln in rows(out))
    for c in doc["committees"]:
        for t in c["tasks"]:
            eq(committee_of[t["lead_agency"]["code"]], c["code"],
               f"task {t['id']} under its lead agency's committee")

    page = get("/public/")
    eq(page.status, 200, "the page")
    eq(page.header("Content-Type"), "text/html; charset=utf-8", "HTML")
    html = page.body.decode("utf-8")
    check('<html lang="vi">' in html, "Vietnamese page")
    check("Tiến độ thực hiện nhiệm vụ" in html, "its heading")
    rc, out, _ = sql_root("SELECT name FROM tasks WHERE status IN "
                          "('in_program', 'completed')")
    for name in rows(out):
        esc = (name.replace("&", "&amp;").replace("<", "&lt;")
               .replace(">", "&gt;").replace('"', "&quot;")
               .replace("'", "&#39;"))
        check(esc in html, f"accepted task on the page: {name}")
    rc, out, _ = sql_root("SELECT name FROM tasks WHERE status NOT IN "
                          "('in_program', 'completed')")
    listed = {t["name"] for t in all_tasks(doc)}
    for name in rows(out):
        # Long enough to be only itself, and no accepted namesake.
        if len(name) >= 20 and not any(name in n for n in listed):
            check(name not in html, f"unaccepted task not shown: {name}")
    check("<script" not in html, "no script: reads the same with JS off")


def test_csv_indicators_and_counts():
    doc = get("/public/v1/tasks.json").json
    r = get("/public/v1/tasks.csv")
    eq(r.status, 200, "csv")
    eq(r.header("Content-Type"), "text/csv; charset=utf-8", "csv type")
    check(r.body.startswith(b"\xef\xbb\xbf"), "UTF-8 with a BOM")
    table = list(csv.reader(io.StringIO(r.body[3:].decode("utf-8"))))
    eq(table[0], ["TT", "Ban Chỉ đạo", "Tên nhiệm vụ",
                 "Cơ quan chủ trì thực hiện", "Hạn hoàn thành",
                 "Trạng thái", "Tiến độ (%)", "Kỳ báo cáo", "Kết quả"],
       "csv header")
    eq(len(table) - 1, len(all_tasks(doc)), "one row per task")
    eq([row[2] for row in table[1:]], [t["name"] for t in all_tasks(doc)],
       "the same tasks in the same order")

    ind = get("/public/v1/indicators.json")
    eq(ind.status, 200, "indicators.json")
    items = [i for c in ind.json["committees"] for i in c["indicators"]]
    rc, out, _ = sql_root("SELECT code FROM indicators WHERE status = "
                          "'active'")
    eq(sorted(i["code"] for i in items), sorted(out.split()),
       "every active indicator")
    year = ind.json["year"]
    rc, out, _ = sql_root(
        "SELECT i.code, TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM "
        f"g.value)) FROM indicators i JOIN indicator_targets g ON "
        f"g.indicator_id = i.id AND g.year = {int(year)} "
        "WHERE i.status = 'active'")
    want = dict(ln.split("\t") for ln in rows(out))
    check(want, "the demo has this year's targets")
    for i in items:
        eq(set(i), {"code", "name", "unit", "direction", "agency",
                    "baseline", "target", "actual"}, "indicator members")
        eq((i["target"] or {}).get("value"), want.get(i["code"]),
           f"target of {i['code']}")
    rc, out, _ = sql_root(
        "SELECT code, TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM "
        "current_value)) FROM indicators WHERE status = 'active' AND "
        "current_value IS NOT NULL")
    actual = dict(ln.split("\t") for ln in rows(out))
    for i in items:
        eq((i["actual"] or {}).get("value"), actual.get(i["code"]),
           f"approved value of {i['code']}")

    ag = get("/public/v1/agencies.json")
    eq(ag.status, 200, "agencies.json")
    counts = {a["code"]: a for c in ag.json["committees"]
              for a in c["agencies"]}
    rc, out, _ = sql_root("SELECT lead_agency, COUNT(*) FROM tasks WHERE "
                          "status IN ('in_program', 'completed') GROUP BY "
                          "lead_agency")
    for ln in rows(out):
        code, n = ln.split("\t")
        eq(counts[code]["accepted"], int(n), f"accepted of {code}")
    for a in counts.values():
        eq(a["in_progress"] + a["overdue"] + a["done_on_time"]
           + a["done_late"], a["accepted"], f"outcomes add up for {a['code']}")


def test_no_personal_data_and_a_change_shows_within_max_age():
    before = get("/public/v1/tasks.json")
    eq(before.status, 200, "tasks.json")
    t = fixture()
    # The copy nginx holds is served until it is public_max_age old.
    again = get("/public/v1/tasks.json")
    check(again.header("X-Cache-Status") in ("HIT", "UPDATING", "STALE",
                                             "EXPIRED", "MISS"),
          f"cache status {again.header('X-Cache-Status')}")
    t0 = time.time()
    doc = fresh("/public/v1/tasks.json",
                lambda r: any(x["id"] == t["id"] for x in all_tasks(r.json)),
                "the new task within public_max_age").json
    check(time.time() - t0 <= MAX_AGE + 3, "within the staleness")
    mine = [x for x in all_tasks(doc) if x["id"] == t["id"]][0]
    eq(mine["progress"], {"period": this_month(), "percent": 37},
       "the approved report's percent")
    eq(mine["outcome"], "in_progress", "outcome")
    eq(mine["status_label"], "Đang thực hiện", "status in Vietnamese")
    check("estimated_budget" not in mine, "no budget member")

    bodies = {}
    for p in PATHS:
        r = fresh(p, lambda r: r.status == 200 and (
            STAMP in r.body.decode("utf-8") or "indicators" in p
            or "agencies" in p), f"{p} shows the fixture")
        bodies[p] = r.body.decode("utf-8")
    text = "\n".join(bodies.values())
    for what, s in PRIVATE.items():
        check(s not in text, f"{what} is not public")
    for b in (str(BUDGET), f"{BUDGET:,}".replace(",", "."),
              f"{BUDGET:,}"):
        check(b not in text, f"budget {b} is not public")
    for u in demo_users():
        check(not re.search(r"(?<![\w.])" + re.escape(u["uid"]) + r"(?![\w.])",
                            text), f"username {u['uid']} is not public")
        check(u["display_name"] not in text,
              f"name {u['display_name']} is not public")
    rc, out, _ = sql_root("SELECT DISTINCT responsible_person FROM tasks "
                          "WHERE CHAR_LENGTH(responsible_person) >= 8")
    for name in rows(out):
        check(name not in text, f"responsible person {name} is not public")
    rc, out, _ = sql_root("SELECT DISTINCT difficulties FROM reports WHERE "
                          "CHAR_LENGTH(difficulties) >= 12")
    for d in rows(out):
        check(d not in text, f"difficulties {d!r} are not public")


def test_budget_only_when_configured():
    conf_set(public_budget="yes")
    r = fresh("/public/v1/tasks.json",
              lambda r: r.status == 200 and r.json["budget_shown"],
              "budget shown after the reload")
    mine = [x for x in all_tasks(r.json) if STAMP in x["name"]]
    eq(len(mine), 1, "the fixture")
    eq(mine[0]["estimated_budget"], BUDGET, "its budget")
    c = fresh("/public/v1/tasks.csv",
              lambda r: "Dự kiến kinh phí" in r.body.decode("utf-8"),
              "the csv's budget column")
    check(str(BUDGET) in c.body.decode("utf-8"), "the budget in the csv")
    p = fresh("/public/", lambda r: "987.654.321" in r.body.decode("utf-8"),
              "the budget on the page")
    check("Dự kiến kinh phí" in p.body.decode("utf-8"), "its column")
    conf_set(public_budget="no")
    fresh("/public/v1/tasks.json",
          lambda r: r.status == 200 and not r.json["budget_shown"],
          "budget hidden again")


def test_headers_cache_and_framing():
    # A burst reaches the pool at most once per public_max_age: the rest
    # is nginx's copy (HIT), or the copy being refreshed (UPDATING).
    t0 = time.time()
    seen = [get("/public/").header("X-Cache-Status") for _ in range(40)]
    spent = time.time() - t0
    pooled = sum(s in ("MISS", "EXPIRED", "BYPASS") for s in seen)
    check(pooled <= int(spent / MAX_AGE) + 1,
          f"{pooled} of 40 reached the pool in {spent:.1f}s: {seen}")
    cached = sum(s in ("HIT", "UPDATING", "STALE") for s in seen)
    eq(cached + pooled, 40, f"each from the cache or the pool: {seen}")
    r2 = get("/public/")
    eq(r2.status, 200, "page")
    for p in PATHS:
        r = get(p)
        eq(r.status, 200, p)
        eq(r.header("Cache-Control"), "public, no-cache", f"{p} caching")
        eq(r.header("X-Content-Type-Options"), "nosniff", f"{p} nosniff")
        check(r.header("Set-Cookie") is None, f"{p} sets no cookie")
        check(r.header("X-Accel-Expires") is None, f"{p}: nginx's own")
    csp = r2.header("Content-Security-Policy") or ""
    check(csp.endswith("frame-ancestors https://nghean.gov.vn 'self'"),
          f"frame-ancestors from the configuration: {csp}")
    check(r2.header("X-Frame-Options") is None, "the page may be framed")
    j = get("/public/v1/tasks.json")
    eq(j.header("Access-Control-Allow-Origin"), "*", "JSON for any portal")
    check("frame-ancestors 'none'" in j.header("Content-Security-Policy"),
          "the files are not framed")
    # A logged-in visitor gets the very same answer: no cookie reaches it.
    c = Client(SOURCE)  # noqa: F821
    c.login("cb.skhcn")
    eq(c.get("/public/").body, get("/public/").body, "same for a user")
    # Versioned, and nothing else under /public/ reaches the pool.
    for p in ("/public/v2/tasks.json", "/public/v1/tasks.xml",
              "/public/v1/", "/public/index.html",
              "/api/v1/public/tasks.json", "/api/v1/public/page"):
        expect_error(get(p), 404, "not_found")
    eq(get("/public/v1/tasks.json?cursor=x&year=1").status, 200,
       "the query string is ignored")


def test_read_only():
    for p in PATHS:
        for m in ("POST", "PUT", "PATCH", "DELETE", "OPTIONS"):
            r = Client(SOURCE).request(m, p, raw=b"{}")  # noqa: F821
            expect_error(r, 405, "method_not_allowed")
            eq(r.header("Allow"), "GET, HEAD", f"{m} {p} Allow")
        g = get(p)
        h = Client(SOURCE).request("HEAD", p)  # noqa: F821
        eq(h.status, 200, f"HEAD {p}")
        eq(h.body, b"", "no body")
        eq(h.header("Content-Length"), g.header("Content-Length"),
           f"HEAD {p} length")


def test_off_is_404_everywhere():
    try:
        conf_set(public_enabled="no")
        fresh("/public/v1/tasks.json", lambda r: r.status == 404,
              "404 within public_max_age once off")
        for p in PATHS[1:]:
            r = fresh(p, lambda r: r.status == 404, f"{p} off")
            e = json.loads(r.body)["error"]
            eq(e["code"], "not_found", f"{p} error code")
        r = fresh("/public/", lambda r: r.status == 404, "the page off")
        eq(r.header("Content-Type"), "text/html; charset=utf-8", "HTML 404")
        check(re.search("Không tìm thấy", r.body.decode("utf-8")),
              "in Vietnamese")
        check(STAMP not in r.body.decode("utf-8"), "nothing shown")
    finally:
        write_and_reload(_original)
    fresh("/public/v1/tasks.json", lambda r: r.status == 200,
          "back on with the original configuration")


def test_the_first_request_after_max_age_is_fresh():
    """No copy older than public_max_age is ever served: the first request
    after it has passed waits for a fresh one (nginx's background update
    served that request the old copy however old it was, so the public
    page stayed 404 for the first visitor minutes after being turned on
    again)."""
    conf_set(public_enabled="yes", public_max_age=MAX_AGE)
    try:
        fresh("/public/v1/tasks.json", lambda r: r.status == 200, "on")
        t = fixture()
        time.sleep(MAX_AGE + 1)
        r = get("/public/v1/tasks.json")
        eq(r.status, 200, "tasks.json")
        check(any(x["id"] == t["id"] for x in all_tasks(r.json)),
              f"fresh at once after public_max_age (X-Cache-Status "
              f"{r.header('X-Cache-Status')})")
    finally:
        write_and_reload(_original)
