# SPDX-License-Identifier: ISC
"""Registration rounds (issue 15) through nginx: who may open and change a
round and who reads its compliance board (an access matrix written by hand
from the issue: the secretariat sets the round, everyone reads its dates,
the committee reads the board, a head their own body's row), the board's
on time / late / missing per body (the Fatherland Front and the mass
organisations included by default), the workbook, and the 400s that write
nothing.

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
    "GET /rounds":           "200 200 200 200 200 200 200 200 200 200",
    "GET round":             "200 200 200 200 200 200 200 200 200 200",
    "GET history":           "200 200 200 200 200 200 200 200 200 200",
    "POST round":            "403 403 403 403 403 403 201 201 403 403",
    "PATCH round":           "403 403 403 403 403 403 200 200 403 403",
    "GET compliance":        "403 403 403 200 200 200 200 200 200 200",
    "GET compliance.xlsx":   "403 403 403 200 200 200 200 200 200 200",
    "board rows seen":       "-   -   -   1   1   1   all all all all",
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
    """A year no round has yet (reruns against one stack)."""
    used = {int(y) for y in sql("SELECT year FROM registration_rounds")
            .split()}
    for y in range(2041, 2101):
        if y not in used:
            return y
    raise Fail("no free year left for a round")


def open_round(year=None, **kw):
    year = year or free_year()
    b = {"year": year, "opens_on": f"{year - 1}-12-25",
         "deadline": f"{year}-01-10"}
    b.update(kw)
    r = client("tk.bcd").post("rounds", b)
    eq(r.status, 201, f"round {r}")
    return r.json


FIXTURE = {}


def fixture():
    if "round" not in FIXTURE:
        FIXTURE["round"] = open_round()
    return FIXTURE["round"]


def op(name, user):
    c = client(user)
    x = fixture()
    if name == "GET /rounds":
        r = c.get("rounds")
        if r.status == 200:
            check(any(i["id"] == x["id"] for i in r.json["items"]),
                  f"the round listed for {user}")
        return r.status
    if name == "GET round":
        return c.get(f"rounds/{x['id']}").status
    if name == "GET history":
        return c.get(f"rounds/{x['id']}/history").status
    if name == "POST round":
        y = free_year()
        return c.post("rounds", {"year": y, "opens_on": f"{y}-01-01",
                                 "deadline": f"{y}-01-10"}).status
    if name == "PATCH round":
        cur = client("tk.bcd").get(f"rounds/{x['id']}").json
        note = f"Ghi chú {uuid.uuid4().hex[:6]}"
        return c.patch(f"rounds/{x['id']}", {"version": cur["version"],
                                              "notes": note}).status
    if name == "GET compliance":
        return c.get(f"rounds/{x['id']}/compliance").status
    if name == "GET compliance.xlsx":
        return c.get(f"exports/rounds/{x['id']}/compliance.xlsx").status
    if name == "board rows seen":
        r = c.get(f"rounds/{x['id']}/compliance")
        if r.status != 200:
            return "-"
        n = len(r.json["items"])
        if n == 1:
            eq(r.json["items"][0]["code"], c.user["agency"]["code"],
               f"{user} sees their own body")
            return "1"
        ags = client("tk.bcd").get("agencies").json["items"]
        # Issue 14: the province's round names the province's bodies.
        eq(n, sum(1 for a in ags if a["committee"] == "TINH" and
                  a["kind"] in ("party", "front", "department")),
           "every body of the round's kinds")
        return "all"
    raise Fail(name)


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


def register(user, year, name, submit=True):
    c = client(user)
    r = c.post("tasks", registration(
        kind="breakthrough", year=year, name=name,
        lead_agency=c.user["agency"]["code"], deadline=f"{year}-12-31"))
    eq(r.status, 201, f"task {r}")
    t = r.json
    if submit:
        r = c.post(f"tasks/{t['id']}/transitions",
                   {"action": "submit", "version": t["version"]})
        eq(r.status, 200, f"submit {r}")
        t = r.json
    return t


def board(user, x):
    r = client(user).get(f"rounds/{x['id']}/compliance")
    eq(r.status, 200, f"board {r}")
    return r.json


def test_defaults_follow_the_letter():
    x = open_round()
    eq(x["kinds"], ["party", "front", "department"],
       "every kind the letter addresses, Front and mass organisations too")
    eq(x["status"], "open")
    eq(x["allowed_actions"], ["edit"])
    eq(client("cb.cat").get(f"rounds/{x['id']}").json["allowed_actions"],
       [], "an official reads the round, may not change it")
    r = client("cb.cat").get(f"rounds?year={x['year']}")
    eq([i["id"] for i in r.json["items"]], [x["id"]], "?year= filters")
    expect_error(client("cb.cat").get("rounds?year=19"), 400,
                 "validation_failed", "year")


def test_on_time_late_missing():
    x = open_round()
    y = x["year"]
    tag = uuid.uuid4().hex[:6]
    skhcn = register("cb.skhcn", y, f"Đăng ký đúng hạn {tag}")
    snv = register("cb.snv", y, f"Đăng ký muộn {tag}")
    register("cb.cat", y, f"Bản nháp chưa gửi {tag}", submit=False)
    # The database dates the first submission; the test moves SNV's past
    # the deadline (10 January, province time: 17:00 UTC is the 11th).
    check(sql(f"SELECT registered_at IS NOT NULL FROM tasks "
              f"WHERE id = {skhcn['id']}") == "1", "registered_at set")
    eq(sql(f"SELECT registered_at IS NULL FROM tasks WHERE kind = "
           f"'breakthrough' AND year = {y} AND lead_agency = 'CAT'"), "1",
       "a draft is not registered")
    sql(f"UPDATE tasks SET registered_at = '{y}-01-09 16:59:59' "
        f"WHERE id = {skhcn['id']}")
    sql(f"UPDATE tasks SET registered_at = '{y}-01-10 17:00:00' "
        f"WHERE id = {snv['id']}")
    d = board("tk.bcd", x)
    by = {i["code"]: i for i in d["items"]}
    eq(by["SKHCN"]["status"], "on_time")
    eq(by["SKHCN"]["registered_on"], f"{y}-01-09")
    eq(by["SKHCN"]["tasks"], [{"id": skhcn["id"], "name": skhcn["name"],
                               "registered_on": f"{y}-01-09",
                               "late": False}])
    eq(by["SNV"]["status"], "late", "after the deadline day: late")
    eq(by["SNV"]["registered_on"], f"{y}-01-11")
    eq(by["SNV"]["tasks"][0]["late"], True)
    eq((by["CAT"]["status"], by["CAT"]["tasks"]), ("missing", []),
       "a draft is no registration")
    for code in ("MTTQ", "TDTN", "HLHPN"):
        eq(by[code]["status"], "missing", f"{code}: the Front and mass "
           "organisations must register too")
    check("DHV" not in by and "XVINH" not in by,
          "kinds the round does not name are not listed")
    eq(d["totals"]["bodies"], len(d["items"]))
    eq(d["totals"]["on_time"] + d["totals"]["late"] + d["totals"]["missing"],
       len(d["items"]), "each body counted once")
    eq(d["totals"]["on_time"], 1)
    eq(d["totals"]["late"], 1)
    # One registration by the deadline is enough: SNV is then on time.
    snv2 = register("gd.snv", y, f"Đăng ký thứ hai {tag}")
    sql(f"UPDATE tasks SET registered_at = '{y}-01-02 03:00:00' "
        f"WHERE id = {snv2['id']}")
    by = {i["code"]: i for i in board("tk.bcd", x)["items"]}
    eq(by["SNV"]["status"], "on_time")
    eq([t["id"] for t in by["SNV"]["tasks"]], [snv2["id"], snv["id"]],
       "first registration first")
    # A cancelled registration no longer counts.
    t = client("tk.bcd").get(f"tasks/{snv2['id']}").json
    r = client("tk.bcd").post(f"tasks/{snv2['id']}/transitions", {
        "action": "cancel", "version": t["version"]})
    eq(r.status, 200, f"cancel {r}")
    by = {i["code"]: i for i in board("tk.bcd", x)["items"]}
    eq(by["SNV"]["status"], "late")
    # Moving the deadline re-judges the board; adding a kind lists it.
    r = client("tk.bcd").patch(f"rounds/{x['id']}", {
        "version": x["version"], "deadline": f"{y}-01-12",
        "kinds": ["other", "party", "front", "department"],
        "comment": "Gia hạn theo ý kiến Ban Chỉ đạo"})
    eq(r.status, 200, f"patch {r}")
    eq(r.json["kinds"], ["party", "front", "department", "other"])
    by = {i["code"]: i for i in board("tk.bcd", x)["items"]}
    eq(by["SNV"]["status"], "on_time", "the new deadline")
    eq(by["DHV"]["status"], "missing", "'other' now listed")
    h = client("cb.cat").get(f"rounds/{x['id']}/history").json["items"]
    eq([i["action"] for i in h], ["create", "edit"])
    eq(h[1]["changes"]["deadline"], {"from": f"{y}-01-10",
                                     "to": f"{y}-01-12"})
    # The audit search finds the same rows by the round's kind and id.
    a = client("tk.bcd").get(f"audit?record=round:{x['id']}").json["items"]
    eq(sorted(i["action"] for i in a), ["round_create", "round_edit"],
       "audit search by record")
    eq({(i["record_kind"], i["record_id"]) for i in a}, {("round", x["id"])})


def test_first_submission_is_kept():
    y = open_round()["year"]
    c = client("cb.skhcn")
    t = register("cb.skhcn", y, "Rút lại rồi gửi lại")
    first = sql(f"SELECT registered_at FROM tasks WHERE id = {t['id']}")
    r = c.post(f"tasks/{t['id']}/transitions",
               {"action": "withdraw", "version": t["version"]})
    eq(r.status, 200, f"withdraw {r}")
    r = c.post(f"tasks/{t['id']}/transitions",
               {"action": "submit", "version": r.json["version"]})
    eq(r.status, 200, f"submit again {r}")
    eq(sql(f"SELECT registered_at FROM tasks WHERE id = {t['id']}"), first,
       "the first submission dates the registration")


def test_head_sees_own_row():
    x = open_round()
    d = board("gd.cat", x)
    eq([i["code"] for i in d["items"]], ["CAT"])
    eq(d["totals"]["bodies"], 1)


def test_workbook():
    x = open_round()
    y = x["year"]
    t = register("cb.skhcn", y, "Nhiệm vụ trong bảng tính")
    sql(f"UPDATE tasks SET registered_at = '{y}-01-05 02:00:00' "
        f"WHERE id = {t['id']}")
    d = board("tk.bcd", x)
    r = client("ld.bcd").get(f"exports/rounds/{x['id']}/compliance.xlsx")
    eq(r.status, 200, f"xlsx {r.status}")
    check(r.header("Content-Disposition").startswith(
        f'attachment; filename="dang-ky-{y}-'), "file name")
    ws = openpyxl.load_workbook(io.BytesIO(r.body)).active
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    top = [i for i, row in enumerate(rows) if row[0] == "TT"][0]
    eq(rows[top][:4], ["TT", "Cơ quan, đơn vị", "Loại cơ quan",
                       "Tình hình đăng ký"])
    body = rows[top + 1:]
    eq(len(body), len(d["items"]), "one row per body")
    want = {"on_time": "Đúng hạn", "late": "Muộn hạn",
            "missing": "Chưa đăng ký"}
    for row, it in zip(body, d["items"]):
        eq(row[1], it["name"])
        eq(row[3], want[it["status"]], f"{it['code']} status")
        eq(row[5], len(it["tasks"]))
    sk = [row for row in body if row[1] == "Sở Khoa học và Công nghệ"][0]
    eq(sk[4], datetime.datetime(y, 1, 5), "a real date")
    check("Nhiệm vụ trong bảng tính (05/01/" in sk[6], "task listed")
    mt = [row for row in body if row[1].startswith("Ủy ban Mặt trận")][0]
    eq(mt[3], "Chưa đăng ký")
    eq(sql("SELECT COUNT(*) FROM audit WHERE action = 'export' AND "
           "detail LIKE '%round-compliance.xlsx%'") != "0", True,
       "the export is audited")


def test_bad_input_is_400_and_writes_nothing():
    sec = client("tk.bcd")
    y = free_year()
    good = {"year": y, "opens_on": f"{y}-01-01", "deadline": f"{y}-01-10"}
    cases = [
        (dict(deadline=f"{y}-02-30"), "deadline"),
        (dict(opens_on="01/01/2026"), "opens_on"),
        (dict(opens_on=f"{y}-01-11"), "deadline"),
        (dict(kinds=["mass"]), "kinds"),
        (dict(kinds=[]), "kinds"),
        (dict(kinds=["party", "party"]), "kinds"),
        (dict(year=1999), "year"),
        (dict(deadline=None), "deadline"),
        (dict(colour="red"), None),
    ]
    before = sql("SELECT COUNT(*) FROM registration_rounds")
    for kw, field in cases:
        b = dict(good)
        b.update(kw)
        r = sec.post("rounds", b)
        expect_error(r, 400, "validation_failed", field)
    b = dict(good)
    del b["deadline"]
    expect_error(sec.post("rounds", b), 400, "validation_failed", "deadline")
    eq(sql("SELECT COUNT(*) FROM registration_rounds"), before,
       "nothing written")
    x = open_round(y)
    expect_error(sec.post("rounds", good), 409, "duplicate", "year")
    expect_error(sec.patch(f"rounds/{x['id']}", {"version": 9,
                                                 "notes": "x"}),
                 409, "version_conflict")
    expect_error(sec.patch(f"rounds/{x['id']}", {"version": x["version"],
                                                 "year": y + 1}),
                 400, "validation_failed")
    expect_error(sec.get("rounds/999999999"), 404, "not_found")
    expect_error(sec.get("rounds/999999999/compliance"), 404, "not_found")
    expect_error(sec.get(f"rounds/{x['id']}/compliance?year=1"), 400,
                 "validation_failed")


def test_dashboard_follows_the_round():
    """missing_registration lists the kinds the year's round names; a year
    without a round keeps departments and party bodies."""
    x = open_round(kinds=["front", "department"])
    ld = client("ld.bcd")
    # Issue 14: the province's dashboard names its own agencies.
    kinds = {a["code"]: a["kind"] for a in ld.get("agencies").json["items"]
             if a["committee"] == "TINH"}
    d = ld.get(f"dashboard?year={x['year']}").json
    got = set(d["missing_registration"])
    check({"MTTQ", "TDTN", "HLHPN", "SKHCN"} <= got, "Front and departments")
    check(not any(kinds[c] == "party" for c in got), "party not named")
    y = free_year()
    d = ld.get(f"dashboard?year={y}").json
    eq(sorted(d["missing_registration"]),
       sorted(c for c, k in kinds.items() if k in ("department", "party")),
       "no round: departments and party bodies")
