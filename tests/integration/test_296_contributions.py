# SPDX-License-Identifier: ISC
"""Coordinating bodies' contributions (issue 15) through nginx.  The access
matrix is written by hand from the issue: each agency that coordinates a
task adds a short contribution to the lead body's monthly report of a
period, approved by its OWN head (the report's workflow: draft, submitted,
approved or returned); only agencies that coordinate the task contribute,
one per agency and period; whoever sees the task reads them.  The lead
body's head does not decide another body's account.

The fixture task is led by SKHCN with SNV coordinating, as in test_100."""

import datetime
import io
import uuid
import zoneinfo

import openpyxl

from lib import Client, Fail, check, eq, expect_error

USERS = ["cb.skhcn", "cb.snv", "cb.cat", "gd.skhcn", "gd.snv", "gd.cat",
         "tk.bcd", "tt.bcd", "ld.bcd", "admin"]

MATRIX = {
    "GET list":              "200 200 404 200 200 404 200 200 200 200",
    "GET contribution":      "200 200 404 200 200 404 200 200 200 200",
    "POST (in_program)":     "403 201 404 403 201 404 403 403 403 403",
    "POST (completed)":      "403 409 404 403 409 404 403 403 403 403",
    "PATCH (draft)":         "403 200 404 403 200 404 403 403 403 403",
    "PATCH (approved)":      "403 409 404 403 409 404 403 403 403 403",
    "submit (draft)":        "403 200 404 403 200 404 403 403 403 403",
    "approve (submitted)":   "403 403 404 403 200 404 403 403 403 403",
    "approve (draft)":       "403 403 404 403 409 404 403 403 403 403",
    "return (submitted)":    "403 403 404 403 200 404 403 403 403 403",
    "DELETE (draft)":        "403 204 404 403 204 404 403 403 403 403",
    "DELETE (approved)":     "403 409 404 403 409 404 403 403 403 403",
}

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
YEAR = datetime.datetime.now(VN).year + 9
clients = {}


def client(user):
    if user not in clients:
        c = Client(SOURCE)  # noqa: F821
        c.login(user)
        clients[user] = c
    return clients[user]


def month():
    return datetime.datetime.now(VN).strftime("%Y-%m")


def task(status="in_program", name="Nhiệm vụ có cơ quan phối hợp"):
    sec = client("tk.bcd")
    r = sec.post("tasks", {"kind": "directive", "name": name,
                           "year": YEAR, "lead_agency": "SKHCN",
                           "coordinating_agencies": ["SNV"],
                           "deadline": f"{YEAR}-12-31",
                           "status": "in_program"})
    eq(r.status, 201, f"task {r}")
    t = r.json
    if status == "completed":
        r = sec.post(f"tasks/{t['id']}/transitions",
                     {"action": "complete", "version": t["version"]})
        eq(r.status, 200, f"complete {r}")
        t = r.json
    return t


def contribution(t, user="cb.snv", **kw):
    b = {"period": month(),
         "contribution": "Sở Nội vụ rà soát quy trình, góp ý dự thảo.",
         "progress_note": "Đã xong phần việc của tháng"}
    b.update(kw)
    r = client(user).post(f"tasks/{t['id']}/contributions", b)
    eq(r.status, 201, f"contribution {r}")
    return r.json


def act(user, c, action, comment=None):
    b = {"action": action, "version": c["version"]}
    if comment:
        b["comment"] = comment
    return client(user).post(f"contributions/{c['id']}/transitions", b)


def fresh(state):
    c = contribution(task())
    for a, user in (("submit", "cb.snv"), ("approve", "gd.snv")):
        if state == "draft" or (state == "submitted" and a == "approve"):
            break
        r = act(user, c, a)
        eq(r.status, 200, f"{a} {r}")
        c = r.json
    eq(c["status"], state, "fixture state")
    return c


def op(name, user):
    c = client(user)
    if name == "GET list":
        t = task()
        contribution(t)
        return c.get(f"tasks/{t['id']}/contributions").status
    if name == "GET contribution":
        return c.get(f"contributions/{fresh('draft')['id']}").status
    state = name.split("(")[1].rstrip(")")
    if name.startswith("POST"):
        t = task(status=state)
        return c.post(f"tasks/{t['id']}/contributions",
                      {"period": month(), "contribution": "Phối hợp"}).status
    x = fresh(state)
    if name.startswith("PATCH"):
        return c.patch(f"contributions/{x['id']}",
                       {"version": x["version"],
                        "contribution": "Đã sửa"}).status
    if name.startswith("DELETE"):
        return c.delete(
            f"contributions/{x['id']}?version={x['version']}").status
    return act(user, x, name.split()[0], "Bổ sung số liệu").status


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


def test_workflow_one_per_agency_and_period():
    t = task()
    lst = client("cb.snv").get(f"tasks/{t['id']}/contributions").json
    eq((lst["items"], lst["may_create"]), ([], True),
       "the coordinating body may add one")
    eq(client("cb.skhcn").get(f"tasks/{t['id']}/contributions")
       .json["may_create"], False, "the lead body may not")
    # Bad input writes nothing.
    for body, field in (({"period": "2026-13", "contribution": "x"},
                         "period"),
                        ({"period": "2999-01", "contribution": "x"},
                         "period"),
                        ({"period": month(), "contribution": "x" * 2001},
                         "contribution"),
                        ({"period": month(), "progress_note": "x" * 501},
                         "progress_note"),
                        ({"contribution": "x"}, "period")):
        expect_error(client("cb.snv").post(f"tasks/{t['id']}/contributions",
                                           body), 400, "validation_failed",
                     field)
    eq(client("cb.snv").get(f"tasks/{t['id']}/contributions")
       .json["items"], [], "nothing written")
    c = contribution(t, contribution="")
    eq((c["agency_code"], c["status"], c["period"], c["allowed_actions"]),
       ("SNV", "draft", month(), ["edit", "submit", "delete"]))
    check(c["agency_name"] != "", "the agency's name kept")
    # One per agency and period.
    expect_error(client("gd.snv").post(f"tasks/{t['id']}/contributions",
                                       {"period": month(),
                                        "contribution": "Lần hai"}),
                 409, "duplicate", "period")
    # Not sent without its text.
    expect_error(act("cb.snv", c, "submit"), 400, "validation_failed",
                 "contribution")
    r = client("cb.snv").patch(f"contributions/{c['id']}",
                               {"version": c["version"],
                                "contribution": "Thẩm định tổ chức bộ máy"})
    eq(r.status, 200, f"edit {r}")
    r = act("cb.snv", r.json, "submit")
    eq((r.status, r.json["status"]), (200, "submitted"))
    expect_error(act("gd.snv", r.json, "return"), 400, "validation_failed",
                 "comment")
    r = act("gd.snv", r.json, "return", "Thiếu số liệu")
    eq((r.status, r.json["status"], r.json["last_return"]["comment"]),
       (200, "returned", "Thiếu số liệu"))
    r = act("cb.snv", r.json, "submit")
    r = act("gd.snv", r.json, "approve")
    eq((r.status, r.json["status"], r.json["allowed_actions"]),
       (200, "approved", []), "approved: frozen")
    # Shown beside the lead's report: the period's list, read by the lead.
    lst = client("gd.skhcn").get(
        f"tasks/{t['id']}/contributions?period={month()}").json
    eq([(x["id"], x["status"], x["contribution"]) for x in lst["items"]],
       [(c["id"], "approved", "Thẩm định tổ chức bộ máy")])
    eq(client("gd.skhcn").get(
        f"tasks/{t['id']}/contributions?period=2001-01").json["items"], [])
    expect_error(client("gd.skhcn").get(
        f"tasks/{t['id']}/contributions?period=x"), 400, "validation_failed",
        "period")
    # Every change audited, under the task and the contribution's id.
    h = client("tk.bcd").get(f"audit?task_id={t['id']}&limit=200").json
    acts = [e["action"] for e in h["items"]
            if e["action"].startswith("contribution_")
            and e["report_id"] == c["id"]]
    for a in ("contribution_create", "contribution_edit",
              "contribution_submit", "contribution_return",
              "contribution_approve"):
        check(a in acts, f"{a} in the history: {acts}")


def test_search_and_the_dashboard_workbook():
    tag = uuid.uuid4().hex[:8]
    name = f"Nhiệm vụ phối hợp {tag}"
    t = task(name=name)
    sec = client("tk.bcd")
    c = fresh("approved")
    mine = contribution(t, contribution=f"Góp ý {tag}",
                        progress_note="80% phần việc")
    for a, user in (("submit", "cb.snv"), ("approve", "gd.snv")):
        mine = act(user, mine, a).json
    d = fresh("draft")
    # The period's approved ones, the task named, for whoever sees it.
    got = client("gd.skhcn").get(
        f"contributions?status=approved&period={month()}&limit=200").json
    ids = [x["id"] for x in got["items"]]
    check(mine["id"] in ids and c["id"] in ids and d["id"] not in ids,
          "approved of the period only")
    x = [x for x in got["items"] if x["id"] == mine["id"]][0]
    eq((x["task"]["id"], x["task"]["lead_agency"], x["agency_code"]),
       (t["id"], "SKHCN", "SNV"))
    eq(client("cb.cat").get(f"contributions?task_id={t['id']}")
       .json["items"], [], "a body that does not see the task sees none")
    # A head's queue: their agency's submitted ones.
    s = fresh("submitted")
    q = client("gd.snv").get("contributions?status=submitted&agency=SNV"
                             "&limit=200").json["items"]
    x = [x for x in q if x["id"] == s["id"]]
    eq(len(x), 1, "in the head's queue")
    eq(x[0]["allowed_actions"], ["approve", "return"])
    for q, field in (("status=late", "status"), ("period=2026-1", "period"),
                     ("task_id=0", "task_id"), ("agency=", "agency")):
        expect_error(sec.get(f"contributions?{q}"), 400, "validation_failed",
                     field)
    # The dashboard workbook's "Phối hợp" sheet: approved, of the period.
    r = sec.get(f"exports/dashboard.xlsx?year={YEAR}&period={month()}")
    eq(r.status, 200, f"export {r}")
    ws = openpyxl.load_workbook(io.BytesIO(r.body))["Phối hợp"]
    rows = [[v.value for v in row] for row in ws.iter_rows()]
    top = [i for i, row in enumerate(rows) if row[0] == "TT"][0]
    eq(rows[top][1:], ["Tên nhiệm vụ", "Cơ quan chủ trì thực hiện",
                       "Cơ quan phối hợp", "Phần việc đã phối hợp",
                       "Ghi chú tiến độ"])
    body = rows[top + 1:]
    hit = [row for row in body if row[4] == f"Góp ý {tag}"]
    eq(len(hit), 1, "the approved contribution is a row")
    eq((hit[0][1], hit[0][3], hit[0][5]),
       (name, mine["agency_name"], "80% phần việc"))
    eq([row[0] for row in body], list(range(1, len(body) + 1)), "numbered")
    # A draft's text is not in it.
    client("cb.snv").patch(f"contributions/{d['id']}",
                           {"version": d["version"],
                            "contribution": f"Bản nháp {tag}"})
    r = sec.get(f"exports/dashboard.xlsx?year={YEAR}&period={month()}")
    ws = openpyxl.load_workbook(io.BytesIO(r.body))["Phối hợp"]
    check(all(row[4].value != f"Bản nháp {tag}" for row in ws.iter_rows()),
          "a draft is not exported")
