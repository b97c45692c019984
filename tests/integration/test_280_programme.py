# SPDX-License-Identifier: ISC
"""The programme and its approval (issue 15) through nginx.  The access
matrix is written by hand from the issue: "the secretariat compiles the
year's programme from the accepted tasks and submits it; the committee's
leadership approves it or returns it with a reason ... approving the
programme is the one change leadership makes"; heads and the committee
read it, an official does not (it lists every body's tasks).  Then the
workflow: a returned version compiled again at its next submission, a
frozen approved version, amendments holding what was accepted or changed
since, the version a task first appeared in, the official table.

Users as in test_100: cb.* officials, gd.* heads, tk.bcd secretariat only,
tt.bcd official of SKHCN and secretariat, ld.bcd leadership, admin."""

import datetime
import io
import uuid

import openpyxl

from lib import (Client, Fail, check, eq, expect_error, registration,
                 sql_root)

USERS = ["cb.skhcn", "cb.snv", "cb.cat", "gd.skhcn", "gd.snv", "gd.cat",
         "tk.bcd", "tt.bcd", "ld.bcd", "admin"]

MATRIX = {
    "GET /programmes":             "403 403 403 200 200 200 200 200 200 200",
    "GET programme":               "404 404 404 200 200 200 200 200 200 200",
    "GET items":                   "404 404 404 200 200 200 200 200 200 200",
    "GET history":                 "404 404 404 200 200 200 200 200 200 200",
    "GET table.xlsx":              "404 404 404 200 200 200 200 200 200 200",
    "POST programme":              "403 403 403 403 403 403 201 201 403 403",
    "PATCH notes (draft)":         "404 404 404 403 403 403 200 200 403 403",
    "PATCH doc_number (approved)": "404 404 404 403 403 403 200 200 403 403",
    "PATCH notes (approved)":      "404 404 404 403 403 403 403 403 403 403",
    "submit (draft)":              "404 404 404 403 403 403 200 200 403 403",
    "submit (returned)":           "404 404 404 403 403 403 200 200 403 403",
    "submit (approved)":           "404 404 404 403 403 403 409 409 403 403",
    "approve (submitted)":         "404 404 404 403 403 403 403 403 200 403",
    "approve (draft)":             "404 404 404 403 403 403 403 403 409 403",
    "return (submitted)":          "404 404 404 403 403 403 403 403 200 403",
    "return (approved)":           "404 404 404 403 403 403 403 403 409 403",
}

clients = {}


def client(user):
    if user not in clients:
        c = Client(SOURCE)  # noqa: F821
        c.login(user)
        clients[user] = c
    return clients[user]


def sql(query):
    rc, out, err = sql_root(query)
    eq(rc, 0, f"{query}: {err}")
    return out.strip()


def free_year():
    """A year with no programme yet (reruns against one stack), well after
    this one: its tasks stay out of the current dashboard's scope, which
    carries over earlier unfinished work (the browser tests count it)."""
    used = {int(y) for y in sql("SELECT DISTINCT year FROM programmes")
            .split()}
    for y in range(2060, 2100):
        if y not in used:
            return y
    raise Fail("no free year left for a programme")


def accepted(year, name=None, **kw):
    """A task of the year in the programme (the secretariat's directive)."""
    b = {"kind": "directive", "year": year,
         "name": name or f"Nhiệm vụ {uuid.uuid4().hex[:6]}",
         "lead_agency": "SKHCN", "coordinating_agencies": ["SNV"],
         "status": "in_program", "deadline": f"{year}-12-31",
         "target": "Mục tiêu", "expected_product": "Sản phẩm",
         "resources": "Ngân sách tỉnh", "estimated_budget": 1000000}
    b.update(kw)
    r = client("tk.bcd").post("tasks", b)
    eq(r.status, 201, f"task {r}")
    return r.json


def act(user, x, action, comment=None, status=200):
    b = {"action": action, "version": x["version"]}
    if comment:
        b["comment"] = comment
    r = client(user).post(f"programmes/{x['id']}/transitions", b)
    eq(r.status, status, f"{action} as {user}: {r}")
    return r.json


def open_versions(year):
    r = client("tk.bcd").get(f"programmes?year={year}")
    eq(r.status, 200)
    return [x for x in r.json["items"] if x["status"] != "approved"]


def fresh(year, state):
    """A new version of year in state: any open one is approved first,
    then a newly accepted task makes the next amendment."""
    for x in open_versions(year):
        if x["status"] != "submitted":
            x = act("tk.bcd", x, "submit")
        act("ld.bcd", x, "approve")
    accepted(year)
    r = client("tk.bcd").post("programmes", {"year": year})
    eq(r.status, 201, f"fixture {r}")
    x = r.json
    if state in ("submitted", "returned", "approved"):
        x = act("tk.bcd", x, "submit")
    if state == "returned":
        x = act("ld.bcd", x, "return", "Bổ sung nguồn lực")
    if state == "approved":
        x = act("ld.bcd", x, "approve")
    return x


MATRIX_YEAR = {}


def op(name, user):
    year = MATRIX_YEAR.setdefault("y", free_year())
    c = client(user)
    if name == "GET /programmes":
        return c.get(f"programmes?year={year}").status
    if name == "POST programme":
        for x in open_versions(year):
            if x["status"] != "submitted":
                x = act("tk.bcd", x, "submit")
            act("ld.bcd", x, "approve")
        accepted(year)
        return c.post("programmes", {"year": year}).status
    if name.startswith("GET"):
        x = fresh(year, "draft") if "x" not in MATRIX_YEAR else \
            MATRIX_YEAR["x"]
        MATRIX_YEAR["x"] = x
        path = {"GET programme": f"programmes/{x['id']}",
                "GET items": f"programmes/{x['id']}/items",
                "GET history": f"programmes/{x['id']}/history",
                "GET table.xlsx":
                    f"exports/programmes/{x['id']}/table.xlsx"}[name]
        return c.get(path).status
    state = name.split("(")[1].rstrip(")")
    x = fresh(year, state)
    MATRIX_YEAR.pop("x", None)
    if name.startswith("PATCH"):
        field = name.split()[1]
        val = "12-QĐ/BCĐ" if field == "doc_number" else "Ghi chú"
        return c.patch(f"programmes/{x['id']}",
                       {"version": x["version"], field: val}).status
    b = {"action": name.split()[0], "version": x["version"],
         "comment": "Theo ý kiến Thường trực Ban Chỉ đạo"}
    return c.post(f"programmes/{x['id']}/transitions", b).status


def test_access_matrix():
    width = max(len(k) for k in MATRIX)
    lines = [" " * width + " | " + " | ".join(f"{u:>8}" for u in USERS)]
    bad = []
    for name, row in MATRIX.items():
        got = []
        for user, w in zip(USERS, row.split()):
            g = str(op(name, user))
            got.append(g if g == w else f"{g}!={w}")
            if g != w:
                bad.append(f"{name} as {user}: got {g}, want {w}")
        lines.append(f"{name:<{width}} | " +
                     " | ".join(f"{g:>8}" for g in got))
    print("\n".join("      " + ln for ln in lines))
    if bad:
        raise Fail("; ".join(bad))


def items(x, user="tk.bcd"):
    r = client(user).get(f"programmes/{x['id']}/items")
    eq(r.status, 200, f"items {r}")
    return r.json["items"]


def registered_and_accepted(year, name):
    """A breakthrough task through the whole registration workflow."""
    off, head, sec = client("cb.skhcn"), client("gd.skhcn"), client("tk.bcd")
    r = off.post("tasks", registration(kind="breakthrough", year=year,
                                      name=name, deadline=f"{year}-09-30"))
    eq(r.status, 201, f"register {r}")
    t = r.json
    for c, a in ((off, "submit"), (head, "approve"), (sec, "accept")):
        r = c.post(f"tasks/{t['id']}/transitions",
                   {"action": a, "version": t["version"]})
        eq(r.status, 200, f"{a} {r}")
        t = r.json
    return t


def test_programme_approval_and_amendments():
    year = free_year()
    sec, lead = client("tk.bcd"), client("ld.bcd")
    tag = uuid.uuid4().hex[:6]
    a = registered_and_accepted(year, f"Đột phá A {tag}")
    b = accepted(year, f"Chỉ đạo B {tag}")
    # Not yet accepted: never in the programme.
    r = client("cb.skhcn").post("tasks", {"kind": "breakthrough",
                                          "year": year,
                                          "name": f"Nháp {tag}"})
    eq(r.status, 201)
    draft_task = r.json
    r = sec.post("programmes", {"year": year, "notes": "Dự thảo lần 1"})
    eq(r.status, 201, f"compile {r}")
    p = r.json
    eq((p["amendment"], p["status"], p["items"]), (0, "draft", 2))
    eq(p["allowed_actions"], ["edit", "submit"])
    it = items(p)
    eq([i["task_id"] for i in it], sorted([a["id"], b["id"]]),
       "the accepted tasks, in the agencies' order then by id")
    check(draft_task["id"] not in [i["task_id"] for i in it], "no draft")
    eq({i["change"] for i in it}, {"added"})
    eq([i["first_version"] for i in it], [None, None], "not approved yet")
    ib = [i for i in it if i["task_id"] == b["id"]][0]
    eq((ib["lead_agency"], ib["lead_agency_name"], ib["coordinating_agencies"],
        ib["target"], ib["expected_product"], ib["resources"],
        ib["estimated_budget"], ib["deadline"]),
       ("SKHCN", "Sở Khoa học và Công nghệ", ["SNV"], "Mục tiêu",
        "Sản phẩm", "Ngân sách tỉnh", 1000000, f"{year}-12-31"))
    # One open version a year.
    expect_error(sec.post("programmes", {"year": year}), 409, "duplicate",
                 "year")
    # Leadership returns it with a reason, only with one.
    p = act("tk.bcd", p, "submit")
    eq(lead.get(f"programmes/{p['id']}").json["allowed_actions"],
       ["approve", "return"])
    expect_error(lead.post(f"programmes/{p['id']}/transitions",
                           {"action": "return", "version": p["version"]}),
                 400, "validation_failed", "comment")
    p = act("ld.bcd", p, "return", "Bổ sung nhiệm vụ của Sở Nội vụ")
    eq(p["status"], "returned")
    # Accepted meanwhile: the next submission compiles it in.
    c = accepted(year, f"Bổ sung C {tag}", lead_agency="SNV",
                 coordinating_agencies=[])
    p = act("tk.bcd", p, "submit")
    eq(p["items"], 3, "compiled again at submission")
    p = act("ld.bcd", p, "approve")
    eq(p["status"], "approved")
    check(p["approved_at"] and p["approved_by"], "approval dated and named")
    eq(p["allowed_actions"], [], "leadership's answer: nothing more to do")
    eq(sec.get(f"programmes/{p['id']}").json["allowed_actions"], ["edit"],
       "the secretariat may still record the document")
    # The approving document, recorded afterwards; the rest is frozen.
    r = sec.patch(f"programmes/{p['id']}", {
        "version": p["version"], "doc_number": "15-QĐ/BCĐ",
        "doc_date": f"{year}-02-03"})
    eq(r.status, 200, f"doc {r}")
    p = r.json
    expect_error(sec.patch(f"programmes/{p['id']}", {
        "version": p["version"], "notes": "Sửa sau phê duyệt"}), 403,
        "forbidden")
    h = sec.get(f"programmes/{p['id']}/history").json["items"]
    eq([i["action"] for i in h],
       ["create", "submit", "return", "submit", "approve", "edit"])
    eq(h[2]["comment"], "Bổ sung nhiệm vụ của Sở Nội vụ")
    eq(h[5]["changes"]["doc_number"], {"from": "", "to": "15-QĐ/BCĐ"})
    first = items(p)
    eq({i["first_version"]["id"] for i in first}, {p["id"]})
    # A change after approval leaves the approved version as it was ...
    t = sec.get(f"tasks/{a['id']}").json
    r = sec.patch(f"tasks/{a['id']}", {
        "version": t["version"], "deadline": f"{year}-11-30",
        "comment": "Gia hạn theo đề nghị của Sở"})
    eq(r.status, 200, f"extend {r}")
    eq(items(p), first, "an approved version is frozen")
    # ... and goes into the amendment, with what was accepted since.
    d = accepted(year, f"Sau phê duyệt D {tag}")
    r = sec.post("programmes", {"year": year})
    eq(r.status, 201, f"amendment {r}")
    m = r.json
    eq(m["amendment"], 1)
    got = {i["task_id"]: i for i in items(m)}
    eq(sorted(got), sorted([a["id"], d["id"]]), "changed and new only")
    eq(got[a["id"]]["change"], "changed")
    eq(got[a["id"]]["deadline"], f"{year}-11-30")
    eq(got[a["id"]]["first_version"], {"id": p["id"], "amendment": 0},
       "the version it first appeared in is kept")
    eq(got[d["id"]]["change"], "added")
    eq(got[d["id"]]["first_version"], None)
    m = act("ld.bcd", act("tk.bcd", m, "submit"), "approve")
    got = {i["task_id"]: i for i in items(m)}
    eq(got[d["id"]]["first_version"], {"id": m["id"], "amendment": 1})
    eq(got[a["id"]]["first_version"]["id"], p["id"])
    check(c["id"] not in got, "unchanged tasks stay in their version")
    # Nothing new: no amendment, nothing written.
    before = sql("SELECT COUNT(*) FROM programmes")
    expect_error(sec.post("programmes", {"year": year}), 400,
                 "validation_failed", "year")
    eq(sql("SELECT COUNT(*) FROM programmes"), before, "nothing written")
    r = sec.get(f"programmes?year={year}")
    eq([(x["amendment"], x["status"]) for x in r.json["items"]],
       [(1, "approved"), (0, "approved")])


def test_official_table():
    year = free_year()
    tag = uuid.uuid4().hex[:6]
    t = accepted(year, f"Bảng chính thức {tag}")
    p = client("tk.bcd").post("programmes", {"year": year}).json
    r = client("gd.cat").get(f"exports/programmes/{p['id']}/table.xlsx")
    eq(r.status, 200, f"draft table {r.status}")
    ws = openpyxl.load_workbook(io.BytesIO(r.body)).active
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    check(any(row[0] and "DỰ THẢO" in str(row[0]) for row in rows),
          "a draft says so")
    p = act("ld.bcd", act("tk.bcd", p, "submit"), "approve")
    p = client("tk.bcd").patch(f"programmes/{p['id']}", {
        "version": p["version"], "doc_number": "07-QĐ/BCĐ",
        "doc_date": f"{year}-01-20"}).json
    r = client("ld.bcd").get(f"exports/programmes/{p['id']}/table.xlsx")
    eq(r.status, 200)
    check(r.header("Content-Disposition").endswith(
        f'filename="chuong-trinh-{year}-0.xlsx"'), "file name")
    ws = openpyxl.load_workbook(io.BytesIO(r.body)).active
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    eq(rows[1][0], f"CHƯƠNG TRÌNH CÔNG TÁC NĂM {year} CỦA BAN CHỈ ĐẠO")
    eq(rows[2][0], f"(Kèm theo văn bản số 07-QĐ/BCĐ ngày 20/01/{year})")
    top = [i for i, row in enumerate(rows) if row[0] == "TT"][0]
    eq(rows[top], ["TT", "Tên nhiệm vụ", "Mục tiêu", "Sản phẩm",
                   "Thời gian hoàn thành", "Cơ quan chủ trì",
                   "Cơ quan phối hợp", "Nguồn lực thực hiện",
                   "Kinh phí dự kiến (đồng)", "Ghi chú"])
    body = rows[top + 1:]
    eq(len(body), p["items"])
    mine = [row for row in body if row[1] == t["name"]][0]
    eq(mine[2:9], ["Mục tiêu", "Sản phẩm", datetime.datetime(year, 12, 31),
                   "Sở Khoa học và Công nghệ", "Sở Nội vụ",
                   "Ngân sách tỉnh", 1000000])
    eq(sql("SELECT COUNT(*) FROM audit WHERE action = 'export' AND "
           "detail LIKE '%programme.xlsx%'") != "0", True, "audited")


def test_bad_input():
    sec = client("tk.bcd")
    for body, field in (({"year": 1999}, "year"), ({}, "year"),
                        ({"year": 2040, "doc_date": "2026-02-30"},
                         "doc_date"),
                        ({"year": 2040, "status": "approved"}, None)):
        expect_error(sec.post("programmes", body), 400, "validation_failed",
                     field)
    expect_error(sec.get("programmes?year=abc"), 400, "validation_failed",
                 "year")
    expect_error(sec.get("programmes/999999999"), 404, "not_found")
    expect_error(sec.get("programmes/999999999/items"), 404, "not_found")
    expect_error(sec.get("programmes/1/items?x=1"), 400, "validation_failed")
