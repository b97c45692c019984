# SPDX-License-Identifier: ISC
"""Milestones inside a task (issue 15) through nginx.  The access matrix is
written by hand from the issue: the lead body sets its task's dated
intermediate products and marks them done while the task is in the
programme, as it writes its reports; the secretariat keeps the schedule
too and alone reopens one marked done by mistake, with a reason; whoever
sees the task reads them.  For a database, "built" and "in use" are two
milestones the dashboard shows apart.

The fixture task is led by SKHCN with SNV coordinating, as in test_100."""

import datetime
import uuid
import zoneinfo

from lib import Client, Fail, check, eq, expect_error

USERS = ["cb.skhcn", "cb.snv", "cb.cat", "gd.skhcn", "gd.snv", "gd.cat",
         "tk.bcd", "tt.bcd", "ld.bcd", "admin"]

MATRIX = {
    "GET list":                  "200 200 404 200 200 404 200 200 200 200",
    "GET milestone":             "200 200 404 200 200 404 200 200 200 200",
    "POST (in_program)":         "201 403 404 201 403 404 201 201 403 403",
    "POST (completed)":          "409 403 404 409 403 404 409 409 403 403",
    "PATCH (open)":              "200 403 404 200 403 404 200 200 403 403",
    "done (open)":               "200 403 404 200 403 404 200 200 403 403",
    "done (done)":               "409 403 404 409 403 404 409 409 403 403",
    "reopen (done)":             "403 403 404 403 403 404 200 200 403 403",
    "reopen (open)":             "403 403 404 403 403 404 409 409 403 403",
}

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
# The fixtures' year: after this one, so that their many tasks stay out of
# the current dashboard's scope (the browser walkthrough counts it).
YEAR = datetime.datetime.now(VN).year + 9
clients = {}


def client(user):
    if user not in clients:
        c = Client(SOURCE)  # noqa: F821
        c.login(user)
        clients[user] = c
    return clients[user]


def day(delta=0):
    return (datetime.datetime.now(VN).date() +
            datetime.timedelta(days=delta)).isoformat()


def task(kind="directive", status="in_program"):
    sec = client("tk.bcd")
    r = sec.post("tasks", {"kind": kind, "name": "Nhiệm vụ có mốc",
                           "year": YEAR,
                           "lead_agency": "SKHCN",
                           "coordinating_agencies": ["SNV"],
                           "deadline": day(200), "status": "in_program"})
    eq(r.status, 201, f"task {r}")
    t = r.json
    if status == "completed":
        r = sec.post(f"tasks/{t['id']}/transitions",
                     {"action": "complete", "version": t["version"]})
        eq(r.status, 200, f"complete {r}")
        t = r.json
    return t


def milestone(t, **kw):
    b = {"name": "Hoàn thành khảo sát hiện trạng", "due": day(30)}
    b.update(kw)
    r = client("tk.bcd").post(f"tasks/{t['id']}/milestones", b)
    eq(r.status, 201, f"milestone {r}")
    return r.json


def act(user, m, action, comment=None):
    b = {"action": action, "version": m["version"]}
    if comment:
        b["comment"] = comment
    return client(user).post(f"milestones/{m['id']}/transitions", b)


def fresh(state):
    m = milestone(task())
    if state == "done":
        r = act("tk.bcd", m, "done")
        eq(r.status, 200, f"done {r}")
        m = r.json
    return m


def op(name, user):
    c = client(user)
    if name == "GET list":
        return c.get(f"tasks/{task()['id']}/milestones").status
    if name == "GET milestone":
        return c.get(f"milestones/{fresh('open')['id']}").status
    if name.startswith("POST"):
        t = task(status=name.split("(")[1].rstrip(")"))
        return c.post(f"tasks/{t['id']}/milestones",
                      {"name": "Mốc", "due": day(10)}).status
    m = fresh(name.split("(")[1].rstrip(")"))
    if name.startswith("PATCH"):
        return c.patch(f"milestones/{m['id']}",
                       {"version": m["version"], "due": day(40)}).status
    return act(user, m, name.split()[0], "Đánh dấu nhầm").status


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


def test_done_dated_overdue_flagged():
    t = task()
    late = milestone(t, name="Báo cáo khảo sát", due=day(-2))
    soon = milestone(t, name="Dự thảo quy chế", due=day(5), kind="product")
    items = client("cb.skhcn").get(f"tasks/{t['id']}/milestones").json
    eq([(m["id"], m["overdue"]) for m in items["items"]],
       [(late["id"], True), (soon["id"], False)], "by due date, overdue")
    eq(items["items"][0]["allowed_actions"], ["edit", "done"])
    eq(items["may_create"], True, "the lead may add one")
    eq(client("cb.snv").get(f"tasks/{t['id']}/milestones")
       .json["may_create"], False, "a coordinating body may not")
    r = act("cb.skhcn", late, "done")
    eq(r.status, 200, f"done {r}")
    eq((r.json["status"], r.json["done_on"], r.json["overdue"]),
       ("done", day(0), False), "dated today, no longer overdue")
    expect_error(act("tk.bcd", r.json, "reopen"), 400, "validation_failed",
                 "comment")
    r = act("tk.bcd", r.json, "reopen", "Chưa có biên bản nghiệm thu")
    eq((r.status, r.json["status"], r.json["done_on"]), (200, "open", None))
    # Bad input writes nothing.
    for body, field in (({"name": "", "due": day(1)}, "name"),
                        ({"name": "x", "due": "2026-02-30"}, "due"),
                        ({"name": "x"}, "due"),
                        ({"name": "x", "due": day(1), "kind": "ready"},
                         "kind")):
        expect_error(client("tk.bcd").post(f"tasks/{t['id']}/milestones",
                                           body), 400, "validation_failed",
                     field)
    eq(len(client("tk.bcd").get(f"tasks/{t['id']}/milestones")
           .json["items"]), 2, "nothing written")
    expect_error(client("tk.bcd").get("milestones/999999999"), 404,
                 "not_found")


def test_database_built_and_in_use_on_the_dashboard():
    tag = uuid.uuid4().hex[:6]
    r = client("tk.bcd").post("tasks", {
        "kind": "database", "name": f"CSDL có mốc {tag}", "year": YEAR,
        "lead_agency": "SKHCN", "deadline": day(90),
        "status": "in_program"})
    eq(r.status, 201, f"database {r}")
    db = r.json
    built = milestone(db, kind="built", name="Xây dựng xong", due=day(-1))
    milestone(db, kind="in_use", name="Đưa vào sử dụng", due=day(60))
    milestone(db, kind="product", name="Tài liệu hướng dẫn", due=day(20))
    eq(act("cb.skhcn", built, "done").status, 200)
    d = client("ld.bcd").get(f"dashboard?year={YEAR}").json
    mine = [x for x in d["databases"] if x["task"]["id"] == db["id"]]
    eq(len(mine), 1, "the database is on the dashboard")
    eq([(m["kind"], m["status"], m["done_on"]) for m in mine[0]["milestones"]],
       [("built", "done", day(0)), ("in_use", "open", None)],
       "built and in use apart; other milestones not here")
    check(all("milestones" in x for x in d["databases"]), "every database")
