# SPDX-License-Identifier: ISC
"""Committees at two levels (issue 14): the communes' own committees, their
scope, the province's roll-up and the access matrix of the commune roles.

The demo data (schema/demo/committees.csv, commune-agencies.csv) gives two
communes with users: Thành Vinh (TVINH: its office TVINH_VP, two offices
TVINH_VHXH and TVINH_KT) and Cửa Lò (CUALO).  tk.tvinh is the commune's
secretariat (and an official of its office), ld.tvinh its leadership;
cb./tp.tvinh.vhxh an official and the head of one office, cb.tvinh.kt an
official of the other.  tk.cualo, ld.cualo and cb.cualo.vhxh are the same
roles of the other commune; tt.bcd and ld.bcd the province's.

Every expected cell is written here by hand from docs/API.md
("Committees"), not derived from the policy code.  It runs after the
dashboard tests on purpose: the commune tasks it leaves are not the
province's, and the province's own figures must not move with them."""

import datetime
import io
import random

import openpyxl

from lib import Client, check, eq, expect_error, registration

USERS = ["cb.tvinh.vhxh", "tp.tvinh.vhxh", "cb.tvinh.kt", "tk.tvinh",
         "ld.tvinh", "tk.cualo", "ld.cualo", "cb.cualo.vhxh", "tt.bcd",
         "ld.bcd"]
LABELS = ["official own", "head own", "official same commune",
          "commune secretariat", "commune leadership", "other commune secr.",
          "other commune lead.", "other commune official",
          "province secretariat", "province leadership"]

# One row per operation, one column per user above.  The task is led by
# TVINH_VHXH (the commune Thành Vinh's), unless the row says "provincial"
# (led by SKHCN).
MATRIX = {
    "GET task":                    "200 200 404 200 200 404 404 404 200 200",
    "GET reports of task":         "200 200 404 200 200 404 404 404 200 200",
    "listed by GET /tasks":        "yes yes no  yes yes no  no  no  yes yes",
    "POST comment":                "201 201 404 201 201 404 404 404 201 201",
    "accept (approved)":           "403 403 404 200 403 404 404 404 200 403",
    "return (approved)":           "403 409 404 200 403 404 404 404 200 403",
    "PATCH deadline (in_program)": "409 409 404 200 403 404 404 404 200 403",
    "complete (in_program)":       "403 200 404 200 403 404 404 404 200 403",
    "GET dashboard?committee=TVINH": "403 200 403 200 200 404 404 403 200 200",
    "GET dashboard?committee=TINH":  "403 404 403 404 404 404 404 403 200 200",
    "GET dashboard?committee=NONE":  "403 404 403 404 404 404 404 403 404 404",
    "create directive for TVINH_KT": "403 403 403 201 403 403 403 403 201 403",
    "create breakthrough for SKHCN": "403 403 403 403 403 403 403 403 201 403",
    "GET provincial task":         "404 404 404 404 404 404 404 404 200 200",
    "accept provincial (approved)": "404 404 404 404 404 404 404 404 200 403",
}

clients = {}


def client(user):
    if user not in clients:
        c = Client(SOURCE)  # noqa: F821
        c.login(user)
        clients[user] = c
    return clients[user]


def act(c, t, action, comment=None, status=200):
    body = {"action": action, "version": t["version"]}
    if comment:
        body["comment"] = comment
    r = c.post(f"tasks/{t['id']}/transitions", body)
    eq(r.status, status, f"{action} as {c.user['username']}: {r}")
    return r.json


def fresh(state, provincial=False):
    """A task of the commune Thành Vinh (or of SKHCN) in state."""
    if provincial:
        off, head, sec = (client("cb.skhcn"), client("gd.skhcn"),
                          client("tt.bcd"))
    else:
        off, head, sec = (client("cb.tvinh.vhxh"), client("tp.tvinh.vhxh"),
                          client("tk.tvinh"))
    if state == "in_program":
        r = sec.post("tasks", {"kind": "directive", "name": "Ma trận cấp xã",
                               "lead_agency": off.user["agency"]["code"],
                               "deadline": "2030-12-31",
                               "status": "in_program"})
        eq(r.status, 201, f"fixture {r}")
        return r.json
    r = off.post("tasks", registration(name="Ma trận cấp xã"))
    eq(r.status, 201, f"fixture {r}")
    t = r.json
    if state == "draft":
        return t
    t = act(off, t, "submit")
    t = act(head, t, "approve")
    if state == "approved":
        return t
    raise ValueError(state)


def op(name, user):
    c = client(user)
    if name == "GET task":
        return c.get(f"tasks/{fresh('draft')['id']}").status
    if name == "GET reports of task":
        return c.get(f"tasks/{fresh('in_program')['id']}/reports").status
    if name == "listed by GET /tasks":
        t = fresh("draft")
        r = c.get("tasks?limit=5")
        eq(r.status, 200, f"list as {user}")
        return "yes" if any(i["id"] == t["id"] for i in r.json["items"]) \
            else "no"
    if name == "POST comment":
        return c.post(f"tasks/{fresh('draft')['id']}/comments",
                      {"text": "Ý kiến"}).status
    if name.startswith("PATCH"):
        t = fresh("in_program")
        return c.patch(f"tasks/{t['id']}",
                       {"version": t["version"], "deadline": "2031-06-30",
                        "comment": "Gia hạn theo đề nghị"}).status
    if name.startswith("GET dashboard"):
        return c.get("dashboard" + name.split("dashboard")[1]).status
    if name == "create directive for TVINH_KT":
        return c.post("tasks", {"kind": "directive", "name": "Chỉ đạo",
                                "lead_agency": "TVINH_KT",
                                "deadline": "2030-12-31",
                                "status": "in_program"}).status
    if name == "create breakthrough for SKHCN":
        return c.post("tasks", {"name": "Đăng ký hộ",
                                "lead_agency": "SKHCN"}).status
    if name == "GET provincial task":
        return c.get(f"tasks/{fresh('draft', True)['id']}").status
    provincial = "provincial" in name
    action, state = name.split()[0], name.split("(")[1].rstrip(")")
    t = fresh(state, provincial)
    body = {"action": action, "version": t["version"]}
    if action == "return":
        body["comment"] = "Chưa đạt"
    return c.post(f"tasks/{t['id']}/transitions", body).status


def test_commune_access_matrix():
    width = max(len(k) for k in MATRIX)
    print(" " * width + " | " + " | ".join(f"{u[:9]:>9}" for u in USERS))
    bad = []
    for name, row in MATRIX.items():
        want = row.split()
        got = [str(op(name, u)) for u in USERS]
        print(f"{name:<{width}} | " + " | ".join(
            f"{g:>9}" + ("" if g == w else "!") for g, w in zip(got, want)))
        for user, label, g, w in zip(USERS, LABELS, got, want):
            if g != w:
                bad.append(f"{name} as {user} ({label}): got {g}, want {w}")
    eq(bad, [], "commune access matrix")


def test_session_names_the_committee():
    eq(client("tk.tvinh").user["committee"],
       {"code": "TVINH", "level": "commune"}, "a commune's secretariat")
    eq(client("tt.bcd").user["committee"],
       {"code": "TINH", "level": "province"}, "the province's")
    agencies = client("ld.bcd").get("agencies").json["items"]
    by = {a["code"]: a for a in agencies}
    eq((by["TVINH_VHXH"]["committee"], by["SKHCN"]["committee"],
        by["XVINH"]["committee"]), ("TVINH", "TINH", "TINH"),
       "every agency names its committee; the commune as a body is the "
       "province's")


def test_done_when_flow():
    """A commune secretariat accepts a commune official's task after the
    commune head approved it; the province's leadership sees the commune's
    row and drills into it; the commune's leadership cannot see another
    commune."""
    off, head = client("cb.tvinh.vhxh"), client("tp.tvinh.vhxh")
    sec, lead = client("tk.tvinh"), client("ld.tvinh")
    prov = client("ld.bcd")
    before = prov.get("dashboard").json
    row0 = {c["code"]: c for c in before["communes"]}["TVINH"]

    r = off.post("tasks", registration(
        name="Số hóa hồ sơ hộ tịch phường Thành Vinh"))
    eq(r.status, 201, f"create {r}")
    t = r.json
    eq((t["lead_agency"], t["committee"]), ("TVINH_VHXH", "TVINH"))
    t = act(off, t, "submit")
    act(sec, t, "accept", status=409)  # the head has not approved yet
    t = act(head, t, "approve")
    t = act(sec, t, "accept")
    eq(t["status"], "in_program", "accepted by the commune's secretariat")

    # The province's dashboard: its own agencies, and one row per commune.
    d = prov.get("dashboard").json
    eq(d["committee"]["code"], "TINH")
    codes = [a["code"] for a in d["agencies"]]
    check("TVINH_VHXH" not in codes and "SKHCN" in codes,
          "a commune's offices are in its row, not the province's table")
    rows = {c["code"]: c for c in d["communes"]}
    check({"TVINH", "CUALO", "TANKY"} <= set(rows), f"communes {rows}")
    eq(rows["TVINH"]["registered"], row0["registered"] + 1,
       "the commune's registration counts in its row")
    eq(rows["TVINH"]["in_program"], row0["in_program"] + 1)
    check(rows["TVINH"]["colour"] in ("green", "yellow", "red"),
          "a commune with work in the programme is rated")
    check(isinstance(rows["TVINH"]["rank"], int), "and ranked")
    check("TVINH" not in d["communes_missing_registration"],
          "Thành Vinh registered")
    check("TANKY" in d["communes_missing_registration"],
          "Tân Kỳ registered nothing")
    eq(d["totals"], before["totals"],
       "a commune's task leaves the province's own totals alone")

    # The drill-down: the commune's own dashboard, as the province sees it
    # and as the commune's leadership sees it by default.
    dd = prov.get("dashboard?committee=TVINH").json
    eq(dd["committee"], {"code": "TVINH", "name": "Ban Chỉ đạo phường "
                         "Thành Vinh", "level": "commune",
                         "header": "BAN CHỈ ĐẠO PHƯỜNG THÀNH VINH"})
    eq(sorted(a["code"] for a in dd["agencies"]),
       ["TVINH_KT", "TVINH_VHXH", "TVINH_VP"], "the commune's offices")
    eq(dd["communes"], [], "a commune has no communes")
    vhxh = {a["code"]: a for a in dd["agencies"]}["TVINH_VHXH"]
    eq(vhxh["in_program"], rows["TVINH"]["in_program"] -
       sum(a["in_program"] for a in dd["agencies"]
           if a["code"] != "TVINH_VHXH"), "the row is the sum of its offices")
    eq(lead.get("dashboard").json["agencies"], dd["agencies"],
       "the commune's leadership sees the same")
    eq(dd["totals"]["by_status"]["in_program"], rows["TVINH"]["in_program"])
    # A figure's list (GET /tasks?committee=): the committee's own tasks.
    year = d["year"]
    listed = prov.get(f"tasks?scope={year}&committee=TVINH&limit=200").json
    check(listed["items"] and all(i["committee"] == "TVINH"
                                  for i in listed["items"]),
          "committee= lists the commune's tasks")
    eq(listed["total"], dd["totals"]["tasks"], "the drill-down's figure")
    eq(prov.get(f"tasks?scope={year}&committee=TINH&limit=1").json["total"],
       d["totals"]["tasks"], "the province's figure counts its own")
    expect_error(prov.get("tasks?committee=x%21y"), 400, "validation_failed",
                 "committee")

    # The commune's leadership cannot see another commune, nor its task.
    other = client("ld.cualo")
    expect_error(other.get("dashboard?committee=TVINH"), 404, "not_found")
    expect_error(other.get(f"tasks/{t['id']}"), 404, "not_found")
    expect_error(lead.get("dashboard?committee=CUALO"), 404, "not_found")
    expect_error(lead.get("dashboard?committee=TINH"), 404, "not_found")
    listed = other.get("tasks?limit=200").json["items"]
    check(all(i["committee"] == "CUALO" for i in listed),
          "a commune's list holds its own tasks only")
    mine = sec.get("tasks?limit=200").json
    check(any(i["id"] == t["id"] for i in mine["items"]) and
          all(i["committee"] == "TVINH" for i in mine["items"]),
          "the commune's secretariat lists its own commune's tasks")
    if mine["next_cursor"] is None:
        eq(mine["total"], len(mine["items"]),
           "total counts the commune's only")

    # A report: written by the office, approved by its head; missing
    # reports then leave the commune's row.
    r = off.post(f"tasks/{t['id']}/reports", {
        "period": d["period"], "percent": 20, "health": "on_track",
        "work_done": "Rà soát sổ hộ tịch", "results": "Số hóa 20% sổ",
        "next_steps": "Tiếp tục số hóa"})
    eq(r.status, 201, f"report {r}")
    expect_error(other.get(f"reports/{r.json['id']}"), 404, "not_found")
    eq(prov.get(f"reports/{r.json['id']}").status, 200,
       "the province reads a commune's report")


def test_a_provincial_task_names_a_commune():
    """A provincial task names the commune (its people's committee, an
    agency of the province's committee) as a coordinating agency; the
    commune's own roles do not reach the province's task."""
    sec = client("tt.bcd")
    r = sec.post("tasks", {"kind": "directive", "name": "Phối hợp với phường",
                           "lead_agency": "SKHCN",
                           "coordinating_agencies": ["XVINH"],
                           "deadline": "2030-12-31", "status": "in_program"})
    eq(r.status, 201, f"{r}")
    eq(r.json["coordinating_agencies"], ["XVINH"])
    expect_error(client("tk.tvinh").get(f"tasks/{r.json['id']}"), 404,
                 "not_found")


def test_exports_and_follow_up_are_scoped():
    prov, other = client("ld.bcd"), client("tk.cualo")
    r = other.get("exports/tasks.csv")
    eq(r.status, 200, f"{r}")
    text = r.body.decode("utf-8-sig")
    check("Thành Vinh" not in text and "Sở Khoa học" not in text,
          "another commune's export holds none of Thành Vinh's or the "
          "province's tasks")
    r = prov.get("exports/dashboard.xlsx")
    eq(r.status, 200, f"{r}")
    wb = openpyxl.load_workbook(io.BytesIO(r.body))
    check("Cấp xã" in wb.sheetnames, f"a sheet of communes: {wb.sheetnames}")
    names = [c.value for c in wb["Cấp xã"]["B"]]
    check("Ban Chỉ đạo phường Thành Vinh" in names, f"{names}")
    m = other.get("missing-reports").json
    check(all(a["code"].startswith("CUALO") for a in m["agencies"]),
          f"a commune follows up its own: {m['agencies']}")
    todo = client("tk.cualo").get("todo").json["items"]
    check(all(i["task"]["committee"] == "CUALO" for i in todo),
          "a commune's secretariat's to-do is its own commune's")


def test_a_commune_runs_its_own_round_and_programme():
    """Each committee has its own registration round and programme, with
    the same rules: the commune's secretariat opens and compiles, its
    leadership approves; another commune sees neither."""
    sec, lead = client("tk.tvinh"), client("ld.tvinh")
    other, prov = client("tk.cualo"), client("tt.bcd")
    # A year neither committee has a round of (reruns on one stack too).
    taken = [i["year"] for c in (sec, prov)
             for i in c.get("rounds").json["items"]]
    year = max(taken + [2080]) + 1
    r = sec.post("rounds", {"year": year, "opens_on": f"{year - 1}-12-25",
                            "deadline": f"{year}-01-10"})
    eq(r.status, 201, f"round {r}")
    x = r.json
    eq(x["committee"], "TVINH", "the round is its author's committee's")
    # The province may hold its own round of the same year.
    r = prov.post("rounds", {"year": year, "opens_on": f"{year - 1}-12-20",
                             "deadline": f"{year}-01-15"})
    eq((r.status, r.json["committee"]), (201, "TINH"), f"{r}")
    p = r.json
    expect_error(sec.post("rounds", {"year": year,
                                     "opens_on": f"{year - 1}-12-25",
                                     "deadline": f"{year}-01-10"}),
                 409, "duplicate")
    expect_error(other.get(f"rounds/{x['id']}"), 404, "not_found")
    expect_error(sec.get(f"rounds/{p['id']}"), 404, "not_found")
    expect_error(other.patch(f"rounds/{x['id']}",
                             {"version": x["version"], "notes": "x"}),
                 404, "not_found")
    eq(prov.get(f"rounds/{x['id']}").status, 200, "the province reads it")
    mine = sec.get("rounds").json["items"]
    check(x["id"] in [i["id"] for i in mine] and
          all(i["committee"] == "TVINH" for i in mine),
          "a commune lists its own rounds")
    check(x["id"] in [i["id"] for i in
                      prov.get("rounds?committee=TVINH").json["items"]],
          "the province lists a commune's")
    expect_error(other.get("rounds?committee=TVINH"), 404, "not_found")
    board = sec.get(f"rounds/{x['id']}/compliance").json
    eq(sorted(i["code"] for i in board["items"]),
       ["TVINH_KT", "TVINH_VHXH"], "the commune's bodies of the round's "
       "kinds (its office is of none)")

    # The programme: the commune's accepted tasks only.
    off, head = client("cb.tvinh.kt"), client("tp.tvinh.kt")
    t = off.post("tasks", registration(name="Chợ 4.0 phường Thành Vinh",
                                       year=year)).json
    t = act(off, t, "submit")
    t = act(head, t, "approve")
    t = act(sec, t, "accept")
    r = sec.post("programmes", {"year": year})
    eq(r.status, 201, f"programme {r}")
    g = r.json
    eq(g["committee"], "TVINH")
    items = sec.get(f"programmes/{g['id']}/items").json["items"]
    eq([i["task_id"] for i in items], [t["id"]],
       "only the commune's accepted tasks of the year")
    expect_error(other.get(f"programmes/{g['id']}"), 404, "not_found")
    expect_error(client("ld.cualo").post(
        f"programmes/{g['id']}/transitions",
        {"action": "approve", "version": g["version"]}), 404, "not_found")
    g = sec.post(f"programmes/{g['id']}/transitions",
                 {"action": "submit", "version": g["version"]}).json
    r = lead.post(f"programmes/{g['id']}/transitions",
                  {"action": "approve", "version": g["version"]})
    eq((r.status, r.json.get("status")), (200, "approved"),
       f"the commune's leadership approves its programme: {r}")
    mine = lead.get("programmes").json["items"]
    check(g["id"] in [i["id"] for i in mine] and
          all(i["committee"] == "TVINH" for i in mine),
          "a commune lists its own programme")

    # Its printouts name the commune's committee, whoever prints them.
    for c in (sec, prov):
        eq(c.get(f"programmes/{g['id']}/items").json["header"], TVINH_ORG,
           "the printable table's heading")
        eq(first_lines(c, f"exports/programmes/{g['id']}/table.xlsx"),
           {TVINH_ORG}, "the official table's heading")
        eq(first_lines(c, f"exports/rounds/{x['id']}/compliance.xlsx"),
           {TVINH_ORG + GIUP_VIEC}, "the round's board")
    eq(first_lines(prov, f"exports/rounds/{p['id']}/compliance.xlsx"),
       {PROVINCE_ORG + GIUP_VIEC}, "the province's own round")


TVINH_ORG = "BAN CHỈ ĐẠO PHƯỜNG THÀNH VINH"
PROVINCE_ORG = "BAN CHỈ ĐẠO TỈNH NGHỆ AN"
GIUP_VIEC = " - TỔ GIÚP VIỆC"


def first_lines(c, path):
    """The heading (cell A1) of every sheet of the workbook at path."""
    r = c.get(path)
    eq(r.status, 200, f"{path} as {c.user['username']}: {r}")
    wb = openpyxl.load_workbook(io.BytesIO(r.body))
    return {ws.cell(1, 1).value for ws in wb.worksheets}


def test_printouts_name_their_committee():
    """A commune's workbooks and printable pages are headed by its own
    committee's name; the province's keep the province's heading."""
    sec, prov = client("tk.tvinh"), client("tt.bcd")
    commune = TVINH_ORG + GIUP_VIEC
    for path in ("exports/dashboard.xlsx", "exports/scorecard.xlsx",
                 "exports/missing-reports.xlsx", "exports/tasks.xlsx",
                 "exports/proposals.xlsx"):
        eq(first_lines(sec, path), {commune}, f"{path} of the commune")
        eq(first_lines(prov, path), {PROVINCE_ORG + GIUP_VIEC},
           f"{path} of the province")
    r = prov.get("exports/dashboard.xlsx")
    check({"Chỉ tiêu", "Phối hợp"} <= set(
        openpyxl.load_workbook(io.BytesIO(r.body)).sheetnames),
        "the indicators' and the contributions' sheets are among them")
    eq(first_lines(prov, "exports/dashboard.xlsx?committee=TVINH"),
       {commune}, "the province's copy of the commune's dashboard")
    eq(first_lines(prov, "exports/tasks.xlsx?committee=TVINH"),
       {commune}, "the province's list of the commune's tasks")
    eq(sec.get("dashboard").json["committee"]["header"], TVINH_ORG,
       "the dashboard and the monthly report's heading")
    eq(prov.get("dashboard").json["committee"]["header"], PROVINCE_ORG)
    eq(sec.get("scorecard").json["header"], TVINH_ORG, "the scorecard's")
    # The monthly report reads the month's contributions (issue 15) too.
    for c in (sec, prov):
        r = c.get("contributions?status=approved&limit=200")
        eq(r.status, 200, f"the contributions' search: {r}")
    eq(prov.get("scorecard").json["header"], PROVINCE_ORG)


def test_delegations_are_scoped():
    """GET /delegations of a commune's secretariat lists its committee's
    agencies' delegations only (the province's lists all); another
    committee's is outside its scope: 404, as for any unknown one."""
    sec, other, prov = client("tk.tvinh"), client("tk.cualo"), \
        client("tt.bcd")
    day = datetime.date.today()

    def delegate(head, who, start):
        # Starting later: no one acts as head during the other suites.
        r = client(head).post("delegations", {
            "delegate": who,
            "from": (day + datetime.timedelta(days=start)).isoformat(),
            "to": (day + datetime.timedelta(days=start + 1)).isoformat()})
        eq(r.status, 201, f"delegation of {head}: {r}")
        return r.json["id"]

    mine = delegate("tp.tvinh.vhxh", "cb.tvinh.vhxh", 200)
    theirs = delegate("gd.snv", "cb.snv", 210)

    def listed(c):
        r = c.get("delegations")
        eq(r.status, 200, f"{r}")
        return {i["id"]: i["agency"] for i in r.json["items"]}

    got = listed(sec)
    check(mine in got and theirs not in got,
          "the commune's own delegation, not the province's")
    check(all(a.startswith("TVINH") for a in got.values()),
          f"only its committee's agencies: {sorted(set(got.values()))}")
    got = listed(other)
    check(mine not in got and theirs not in got,
          "another commune lists neither")
    got = listed(prov)
    check(mine in got and theirs in got, "the province lists both")
    for c, i in ((other, mine), (sec, theirs)):
        expect_error(c.get(f"delegations/{i}"), 404, "not_found")
        expect_error(c.delete(f"delegations/{i}"), 404, "not_found")
    expect_error(sec.delete("delegations/999999999"), 404, "not_found")
    eq(sec.delete(f"delegations/{mine}").status, 204,
       "a commune's secretariat revokes its own committee's")
    eq(prov.delete(f"delegations/{theirs}").status, 204,
       "the province's revokes any")


def test_audit_and_reminders_are_scoped():
    """The audit search of a commune's secretariat holds its committee's
    tasks only; it reminds its own agencies only."""
    off, sec, other = (client("cb.tvinh.vhxh"), client("tk.tvinh"),
                       client("tk.cualo"))
    t = off.post("tasks", registration(name="Nhật ký kiểm tra")).json
    mine = sec.get(f"audit?task_id={t['id']}").json["items"]
    eq([i["action"] for i in mine], ["create"], "its own commune's rows")
    eq(other.get(f"audit?task_id={t['id']}").json["items"], [],
       "none of another commune's")
    eq(len(client("tt.bcd").get(f"audit?task_id={t['id']}").json["items"]),
       1, "the province reads every commune's")
    check(all(i["task_id"] is not None for i in
              other.get("audit?limit=200").json["items"]),
          "a commune reads no logins or other rows without a task")
    expect_error(other.post("reminders", {"agency": "TVINH_VHXH"}), 403,
                 "forbidden")
    r = sec.post("reminders", {"agency": "TVINH_VHXH"})
    eq(r.status, 201, f"a commune reminds its own office: {r}")
    check(r.json["sent"] >= 1, f"{r.json}")


def test_indicators_follow_the_committee():
    """A commune's secretariat defines indicators for its own agencies;
    another commune neither reads nor lists them; the province does."""
    sec, other, prov = client("tk.tvinh"), client("tk.cualo"), client("ld.bcd")

    def body(agency, code):
        return {"code": code, "name": "Tỷ lệ hồ sơ hộ tịch trực tuyến",
                "unit": "percent", "agency": agency,
                "fields": ["admin_reform"],
                "targets": ["2026-12-31=80"]}

    tag = str(random.randrange(10 ** 6))
    expect_error(sec.post("indicators", body("SKHCN", f"XA-{tag}")), 403,
                 "forbidden")
    r = sec.post("indicators", body("TVINH_VHXH", f"TVINH-{tag}"))
    eq(r.status, 201, f"{r}")
    x = r.json
    expect_error(other.get(f"indicators/{x['id']}"), 404, "not_found")
    check(all(i["id"] != x["id"] for i in
              other.get("indicators?limit=200").json["items"]),
          "another commune does not list it")
    check(all(i["agency"].startswith("CUALO") for i in
              other.get("indicators?limit=200").json["items"]),
          "a commune lists its own agencies' indicators")
    eq(prov.get(f"indicators/{x['id']}").status, 200, "the province reads it")
