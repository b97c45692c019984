# SPDX-License-Identifier: ISC
"""The year's scorecard (issue 13) through nginx.  The score is recomputed
from the records, never stored; this test recomputes it independently,
from the API's own lists (agencies, tasks, their audit trail, reports,
indicators and their series, proposals) with the rules of docs/API.md,
and compares every agency's figures, score and rank.  A scenario for one
agency (SYT) moves each figure by a known amount first, so that the
comparison is not one of zeros.  Who may read it, the workbook and bad
input are checked too."""

import datetime
import io
import uuid
from fractions import Fraction
from zoneinfo import ZoneInfo

import openpyxl

from lib import Client, check, eq, expect_error, registration, sql_root

PROVINCE = ZoneInfo("Asia/Ho_Chi_Minh")
PARTS = ["registration", "tasks", "reports", "indicators", "proposals"]

clients = {}


def client(user):
    if user not in clients:
        c = Client(SOURCE)  # noqa: F821
        c.login(user)
        clients[user] = c
    return clients[user]


def ok(r, status=200, what=""):
    eq(r.status, status, f"{what}: {r}")
    return r.json


def pages(c, path):
    """Every item of a keyset-paged list."""
    items, cursor = [], None
    sep = "&" if "?" in path else "?"
    while True:
        p = f"{path}{sep}limit=200" + (f"&cursor={cursor}" if cursor else "")
        j = ok(c.get(p), 200, p)
        items += j["items"]
        cursor = j.get("next_cursor")
        if not cursor:
            return items


def act(c, path, x, action, comment=None):
    b = {"action": action, "version": x["version"]}
    if comment:
        b["comment"] = comment
    return ok(c.post(f"{path}/{x['id']}/transitions", b), 200, action)


def local_date(at):
    """The province's date of an API time ("…Z")."""
    t = datetime.datetime.fromisoformat(at.replace("Z", "+00:00"))
    return t.astimezone(PROVINCE).date().isoformat()


def report_due(year, month, day):
    y, m = (year + 1, 1) if month == 12 else (year, month + 1)
    return f"{y:04d}-{m:02d}-{day:02d}"


def half_up(x):
    """Fraction x rounded half up to tenths, as tenths."""
    return int((x * 10 + Fraction(1, 2)).__floor__())


def recompute(year, weights, due_day):
    """The scorecard of year from the lists, with the rules of
    docs/API.md; {code: row} in the response's shape."""
    sec = client("tk.bcd")
    today = datetime.datetime.now(PROVINCE).date().isoformat()
    # Issue 14: a committee rates its own agencies (the province's here).
    ags = [a for a in ok(sec.get("agencies"))["items"]
           if a["committee"] == "TINH"]
    rows = {a["code"]: {
        "kind": a["kind"],
        "tasks": dict.fromkeys(["registered", "accepted", "done_on_time",
                                "done_late", "overdue", "in_progress"], 0),
        "reports": dict.fromkeys(["on_time", "late", "missing"], 0),
        "indicators": dict.fromkeys(["total", "achieved", "on_track",
                                     "behind", "no_data"], 0),
        "proposals": dict.fromkeys(["answered_in_time", "answered_late",
                                    "overdue", "pending"], 0)}
        for a in ags}
    tasks = [t for t in pages(sec, f"tasks?year={year}")
             if t["year"] == year]
    followed = {}
    for t in tasks:
        r = rows.get(t["lead_agency"])
        if r is None:
            continue
        if t["kind"] == "breakthrough" and t["status"] not in (
                "draft", "cancelled"):
            r["tasks"]["registered"] += 1
        if t["status"] not in ("in_program", "completed"):
            continue
        r["tasks"]["accepted"] += 1
        r["tasks"][t["outcome"]] += 1
        trail = pages(sec, f"audit?task_id={t['id']}")
        entered = sorted(a["at"] for a in trail
                         if a["report_id"] is None
                         and a["to"] == "in_program")
        first = 1
        if entered:
            d = local_date(entered[0])
            first = 13 if int(d[:4]) > year else (
                1 if int(d[:4]) < year else int(d[5:7]))
        last = 12
        if t["completed_at"]:
            c = t["completed_at"]
            last = 0 if int(c[:4]) < year else (
                12 if int(c[:4]) > year else int(c[5:7]))
        sent = {}
        for a in trail:
            if a["action"] == "report_submit":
                sent.setdefault(a["report_id"], []).append(a["at"])
        followed[t["id"]] = (t, first, last, sent, set())
    for rep in pages(sec, "reports"):
        f = followed.get(rep["task_id"])
        if (f is None or rep["status"] not in ("submitted", "approved")
                or not rep["period"].startswith(f"{year}-")):
            continue
        t, _, _, sent, months = f
        m = int(rep["period"][5:])
        months.add(m)
        due = report_due(year, m, due_day)
        at = sent.get(rep["id"])
        key = "on_time" if not at or local_date(min(at)) <= due else "late"
        rows[t["lead_agency"]]["reports"][key] += 1
    for t, first, last, _, months in followed.values():
        for m in range(max(first, 1), min(last, 12) + 1):
            if today > report_due(year, m, due_day) and m not in months:
                rows[t["lead_agency"]]["reports"]["missing"] += 1
    for ind in pages(sec, "indicators?status=active"):
        r = rows.get(ind["agency"])
        s = ok(sec.get(f"indicators/{ind['id']}/series?year={year}"))
        withdata = [i for i in s["items"] if i["actual"] is not None]
        status = (withdata[-1] if withdata else s["items"][-1])["status"]
        if r is None or status is None:
            continue
        r["indicators"]["total"] += 1
        r["indicators"][status] += 1
    for p in pages(sec, "proposals"):
        r = rows.get(p["addressed_to"])
        if (r is None or not p["due"] or not p["due"].startswith(f"{year}-")
                or p["status"] not in ("forwarded", "answered", "closed")):
            continue
        if p["answered_at"]:
            key = ("answered_in_time" if local_date(p["answered_at"])
                   <= p["due"] else "answered_late")
        elif p["status"] == "forwarded":
            key = "overdue" if p["due"] < today else "pending"
        else:
            continue
        r["proposals"][key] += 1
    for code, r in rows.items():
        t, rp, i, p = r["tasks"], r["reports"], r["indicators"], \
            r["proposals"]
        must = r["kind"] in ("department", "party")
        parts = {
            "registration": (int(t["registered"] > 0),
                             int(t["registered"] > 0 or must)),
            "tasks": (t["done_on_time"],
                      t["done_on_time"] + t["done_late"] + t["overdue"]),
            "reports": (rp["on_time"],
                        rp["on_time"] + rp["late"] + rp["missing"]),
            "indicators": (i["achieved"], i["total"]),
            "proposals": (p["answered_in_time"], p["answered_in_time"]
                          + p["answered_late"] + p["overdue"]),
        }
        r["rates"] = {k: (half_up(Fraction(100 * n, d)) / 10
                          if d and weights[k] else None)
                      for k, (n, d) in parts.items()}
        w = sum(weights[k] for k, (n, d) in parts.items()
                if d and weights[k])
        r["score"] = None if w == 0 else half_up(sum(
            (Fraction(weights[k] * n, d) for k, (n, d) in parts.items()
             if d and weights[k]), Fraction(0)) * 100 / w) / 10
    scored = sorted((r["score"] for r in rows.values()
                     if r["score"] is not None), reverse=True)
    for r in rows.values():
        r["rank"] = None if r["score"] is None else \
            scored.index(r["score"]) + 1
    return rows


def compare(year):
    got = ok(client("tk.bcd").get(f"scorecard?year={year}"))
    eq(got["year"], year)
    want = recompute(year, got["weights"], got["report_due_day"])
    eq(sorted(a["code"] for a in got["agencies"]), sorted(want),
       "every agency, once")
    bad = []
    for a in got["agencies"]:
        w = want[a["code"]]
        for k in ("tasks", "reports", "indicators", "proposals", "rates",
                  "score", "rank"):
            if a[k] != w[k]:
                bad.append(f"{a['code']}.{k}: got {a[k]}, want {w[k]}")
    check(not bad, "; ".join(bad[:10]))
    # Ranked best first; unscored agencies last.
    ranks = [a["rank"] for a in got["agencies"]]
    scored = [x for x in ranks if x is not None]
    eq(scored, sorted(scored), "ordered by rank")
    check(all(x is None for x in ranks[len(scored):]), "unscored last")
    return got


def syt(year=None):
    q = f"?year={year}" if year else ""
    for a in ok(client("tk.bcd").get(f"scorecard{q}"))["agencies"]:
        if a["code"] == "SYT":
            return a
    raise AssertionError("SYT missing from the scorecard")


def in_program(name, deadline, year=None):
    b = {"kind": "directive", "name": name, "lead_agency": "SYT",
         "deadline": deadline, "status": "in_program"}
    if year:
        b["year"] = year
    return ok(client("tk.bcd").post("tasks", b), 201, "directive")


def report(task, period, proposals=""):
    off = client("cb.syt")
    r = ok(off.post(f"tasks/{task['id']}/reports", {
        "period": period, "percent": 30, "health": "on_track",
        "results": "Tiếp nhận 1.200 hồ sơ trực tuyến",
        "proposals": proposals}), 201, "report")
    return act(off, "reports", r, "submit")


def test_each_part_moves_by_what_was_done():
    """One agency's year, one record at a time: the scorecard moves by
    exactly what each record is worth."""
    year = datetime.datetime.now(PROVINCE).year
    sec, off, head = client("tk.bcd"), client("cb.syt"), client("gd.syt")
    before = syt()
    # A breakthrough task registered (submitted to the head).
    t = ok(off.post("tasks", registration(
        kind="breakthrough", lead_agency="SYT",
        name="Bệnh án điện tử toàn tỉnh", deadline=f"{year}-12-31")),
        201, "task")
    act(off, "tasks", t, "submit")
    # In the programme: one done on time, one overdue, one in progress.
    done = in_program("Kết nối liên thông đơn thuốc", f"{year + 3}-12-31")
    act(sec, "tasks", done, "complete")
    in_program("Số hóa hồ sơ sức khỏe", f"{year}-01-31")
    going = in_program("Khám bệnh bằng căn cước", f"{year + 3}-12-31")
    # It entered the programme on 10 January, so it owes a report for
    # every month due since.  The audit trail is the record of when, and
    # its time is the database's clock: root sets that clock back for one
    # row, standing in for the months gone by.
    jan = datetime.datetime(year, 1, 10, 2, tzinfo=datetime.timezone.utc)
    rc, _, err = sql_root(
        f"SET timestamp = {int(jan.timestamp())}; "
        "INSERT INTO audit (at, actor, action, task_id, to_status, "
        "client_addr, request_id) VALUES (UTC_TIMESTAMP(6), 'tk.bcd', "
        f"'accept', {going['id']}, 'in_program', '127.0.0.1', 'test-270')")
    eq(rc, 0, err)
    # This month's report is on time; one of two months ago, sent now,
    # is late (its due date, the 5th of last month, has passed).
    now = datetime.datetime.now(PROVINCE)
    month, today = now.month, now.date().isoformat()
    periods = [month] + ([month - 2] if month >= 3 else [])
    for m in periods[1:]:
        report(going, f"{year}-{m:02d}")
    rep = report(going, f"{year}-{month:02d}",
                 proposals="Đề nghị Sở Tài chính bố trí kinh phí")
    act(head, "reports", rep, "approve")
    # Proposals addressed to SYT: one answered in time, one overdue.
    prop = []
    for due in (f"{year}-12-31", f"{year}-01-01"):
        r = ok(sec.post("tasks", {
            "kind": "directive", "name": "Nhiệm vụ của Sở KH&CN",
            "lead_agency": "SKHCN", "deadline": f"{year + 3}-12-31",
            "status": "in_program"}), 201, "skhcn task")
        rep = ok(client("cb.skhcn").post(f"tasks/{r['id']}/reports", {
            "period": f"{year}-{month:02d}", "percent": 10,
            "health": "on_track", "results": "Đã khảo sát",
            "proposals": "Đề nghị Sở Y tế cung cấp dữ liệu"}), 201, "rep")
        rep = act(client("cb.skhcn"), "reports", rep, "submit")
        act(client("gd.skhcn"), "reports", rep, "approve")
        x = [i for i in pages(sec, "proposals?status=new")
             if i["report_id"] == rep["id"]][0]
        x = ok(sec.patch(f"proposals/{x['id']}", {
            "version": x["version"], "addressed_to": "SYT", "due": due}))
        prop.append(act(sec, "proposals", x, "forward"))
    x = ok(head.patch(f"proposals/{prop[0]['id']}", {
        "version": prop[0]["version"], "answer": "Đã cung cấp dữ liệu"}))
    act(head, "proposals", x, "answer")
    # An indicator of SYT achieved, one with no data.
    for v in ("100", None):
        ind = ok(sec.post("indicators", {
            "code": "SC-" + uuid.uuid4().hex[:10].upper(),
            "name": "Tỷ lệ cơ sở y tế dùng bệnh án điện tử",
            "unit": "percent", "agency": "SYT",
            "baseline_value": "20", "baseline_period": f"{year - 1}",
            "targets": [f"{year}-12-31=100"]}), 201, "indicator")
        if v is None:
            continue
        val = ok(off.post(f"indicators/{ind['id']}/values", {
            "period": f"{year}-{month:02d}", "value": v,
            "source_note": "Báo cáo của Sở Y tế"}), 201, "value")
        val = act(off, "indicator-values", val, "submit")
        act(head, "indicator-values", val, "approve")

    after = syt()
    delta = {k: {f: after[k][f] - before[k][f] for f in after[k]}
             for k in ("tasks", "reports", "indicators", "proposals")}
    eq(delta["tasks"], {"registered": 1, "accepted": 3, "done_on_time": 1,
                        "done_late": 0, "overdue": 1, "in_progress": 1})
    missing = len([m for m in range(1, 13) if m not in periods
                   and today > report_due(year, m, 5)])
    eq(delta["reports"], {"on_time": 1, "late": len(periods) - 1,
                          "missing": missing})
    eq(delta["indicators"], {"total": 2, "achieved": 1, "on_track": 0,
                             "behind": 0, "no_data": 1})
    eq(delta["proposals"], {"answered_in_time": 1, "answered_late": 0,
                            "overdue": 1, "pending": 0})
    check(after["score"] is not None and after["rank"] is not None,
          "SYT is scored")


def test_the_score_is_recomputed_from_the_lists():
    year = datetime.datetime.now(PROVINCE).year
    got = compare(year)
    check(any(a["score"] for a in got["agencies"]), "some agency scores")
    compare(year - 1)
    eq(got["weights"], {"registration": 10, "tasks": 40, "reports": 20,
                        "indicators": 20, "proposals": 10},
       "the documented defaults")
    eq(got["report_due_day"], 5)


USERS = ["cb.skhcn", "cb.snv", "cb.cat", "gd.skhcn", "gd.snv", "gd.cat",
         "tk.bcd", "tt.bcd", "ld.bcd", "admin"]
# Written by hand from docs/API.md: whoever sees the dashboard reads the
# scorecard; a head only their own agency's row, ranked among all.
MATRIX = {
    "GET /scorecard":              "403 403 403 200 200 200 200 200 200 200",
    "GET /exports/scorecard.xlsx": "403 403 403 200 200 200 200 200 200 200",
    "rows":                        "-   -   -   own own own all all all all",
}


def test_access_matrix():
    n = sum(1 for a in ok(client("tk.bcd").get("agencies"))["items"]
            if a["committee"] == "TINH")
    ranks = {a["code"]: a["rank"] for a in
             ok(client("tk.bcd").get("scorecard"))["agencies"]}
    bad = []
    for name, row in MATRIX.items():
        for user, want in zip(USERS, row.split()):
            c = client(user)
            if name == "rows":
                r = c.get("scorecard")
                if r.status != 200:
                    got = "-"
                else:
                    codes = [a["code"] for a in r.json["agencies"]]
                    own = (c.user.get("agency") or {}).get("code")
                    got = ("all" if len(codes) == n else
                           "own" if codes == [own] and
                           r.json["agencies"][0]["rank"] == ranks[own]
                           else str(codes))
            else:
                got = str(c.get(name.split()[1][1:]).status)
            if got != want:
                bad.append(f"{name} as {user}: got {got}, want {want}")
    check(not bad, "; ".join(bad))
    expect_error(client("cb.syt").get("scorecard"), 403, "forbidden")
    expect_error(Client(SOURCE).get("scorecard"), 401,  # noqa: F821
                 "unauthenticated")


def test_bad_input():
    sec = client("tk.bcd")
    for q in ("year=abc", "year=1999", "year=2101", "year="):
        expect_error(sec.get(f"scorecard?{q}"), 400, "validation_failed",
                     "year")
    expect_error(sec.get("scorecard?agency=SYT"), 400, "validation_failed")
    eq(sec.post("scorecard", {}).status, 405)


def test_the_workbook_is_the_table():
    sec = client("tk.bcd")
    year = datetime.datetime.now(PROVINCE).year
    got = ok(sec.get(f"scorecard?year={year}"))
    r = sec.get(f"exports/scorecard.xlsx?year={year}")
    eq(r.status, 200, f"export {r}")
    check(r.header("Content-Type").startswith(
        "application/vnd.openxmlformats"), "an xlsx")
    ws = openpyxl.load_workbook(io.BytesIO(r.body)).active
    eq(ws.title, "Bảng điểm")
    cells = [[c for c in row] for row in ws.iter_rows(values_only=True)]
    eq(cells[1][0], "BẢNG ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN NHIỆM VỤ")
    eq(cells[2][0], f"Năm {year}")
    head = next(i for i, row in enumerate(cells) if row[0] == "Xếp hạng")
    eq(cells[head][1], "Cơ quan, đơn vị")
    eq(cells[head][13], "Điểm")
    body = cells[head + 1:head + 1 + len(got["agencies"])]
    for row, a in zip(body, got["agencies"]):
        eq(row[1], a["name"])
        eq(row[0], a["rank"] if a["rank"] is not None else "Chưa xếp hạng")
        eq(row[2], a["tasks"]["registered"])
        eq(row[9], a["reports"]["missing"])
        eq(row[13], a["score"] if a["score"] is not None else None)
    check(any(str(c).startswith("Trọng số: đăng ký 10")
              for row in cells[head + 1:] for c in row if c),
          "the weighting under the table")
    audit = ok(sec.get("audit?actor=tk.bcd&limit=5"))["items"]
    check(any(a["action"] == "export" and "scorecard.xlsx" in
              str(a["detail"]) for a in audit), "the export is audited")
