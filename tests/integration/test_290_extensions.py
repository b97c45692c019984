# SPDX-License-Identifier: ISC
"""Extensions and lateness (issue 15): an extension granted before the
deadline in force has passed moves the yardstick (completion by the new
deadline is done_on_time); one granted after it had passed never erases the
lateness (done_late).  Tasks, exports and the dashboard say that a task was
extended, how often and by whom."""

import datetime
import io
import uuid
import zoneinfo

import openpyxl

from lib import Client, eq, sql_root

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
LEAD = "STP"   # no demo user leads anything there: the dashboard's row is ours

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


def directive(deadline, tag):
    r = client("tk.bcd").post("tasks", {
        "kind": "directive", "name": f"Gia hạn {tag}", "lead_agency": LEAD,
        "deadline": deadline, "status": "in_program"})
    eq(r.status, 201, f"task {r}")
    return r.json


def extend(user, t, deadline):
    r = client(user).patch(f"tasks/{t['id']}", {
        "version": t["version"], "deadline": deadline,
        "comment": "Gia hạn theo đề nghị của cơ quan chủ trì"})
    eq(r.status, 200, f"extend {r}")
    return r.json


def complete(t):
    r = client("tk.bcd").post(f"tasks/{t['id']}/transitions",
                              {"action": "complete", "version": t["version"]})
    eq(r.status, 200, f"complete {r}")
    return r.json


def row(year):
    d = client("ld.bcd").get(f"dashboard?year={year}").json
    return [a for a in d["agencies"] if a["code"] == LEAD][0]


def test_in_time_moves_the_yardstick_late_does_not():
    tag = uuid.uuid4().hex[:6]
    year = datetime.datetime.now(VN).year
    before = row(year)
    # Extended while the deadline still held: the new one is the yardstick.
    a = directive(day(1), tag)
    eq((a["yardstick"], a["extensions"], a["extended_by"]),
       (day(1), 0, None), "accepted: the yardstick is the deadline")
    a = extend("tk.bcd", a, day(20))
    a = extend("tt.bcd", a, day(40))
    eq((a["yardstick"], a["extensions"], a["extended_by"]),
       (day(40), 2, "tt.bcd"), "two extensions in time")
    # As if it had been accepted with an earlier deadline: the old rule
    # (the accepted deadline stays the yardstick) would call it late.
    rc, _, err = sql_root(f"UPDATE tasks SET original_deadline = "
                          f"'{day(-5)}' WHERE id = {a['id']}")
    eq(rc, 0, err)
    a = complete(client("tk.bcd").get(f"tasks/{a['id']}").json)
    eq(a["outcome"], "done_on_time", "done by the extended deadline")
    # Extended after the deadline had passed: late, whatever follows.
    b = directive(day(-3), tag)
    b = extend("tk.bcd", b, day(30))
    eq((b["yardstick"], b["extensions"], b["overdue"]), (day(-3), 1, False),
       "the passed deadline stays the yardstick; no longer overdue")
    b = extend("tk.bcd", b, day(60))
    eq(b["yardstick"], day(-3), "a later extension changes nothing")
    b = complete(b)
    eq(b["outcome"], "done_late", "lateness is never erased")
    # Brought forward in time: the yardstick follows; not an extension.
    c = directive(day(30), tag)
    c = extend("tk.bcd", c, day(10))
    eq((c["yardstick"], c["extensions"], c["extended_by"]),
       (day(10), 0, None), "brought forward")
    # The dashboard counts them the same way.
    after = row(year)
    eq(after["done_on_time"] - before["done_on_time"], 1, "on time")
    eq(after["done_late"] - before["done_late"], 1, "late")
    # The list and the exports say how often and by whom.
    items = client("tk.bcd").get(f"tasks?q={tag}").json["items"]
    eq(sorted((t["extensions"], t["extended_by"]) for t in items),
       [(0, None), (2, "tk.bcd"), (2, "tt.bcd")])
    r = client("tk.bcd").get(f"exports/tasks.xlsx?q={tag}")
    ws = openpyxl.load_workbook(io.BytesIO(r.body)).active
    rows = [[x.value for x in r] for r in ws.iter_rows()]
    top = [i for i, r in enumerate(rows) if r[0] == "TT"][0]
    eq(rows[top][10], "Gia hạn")
    eq(sorted(r[10] or "" for r in rows[top + 1:]),
       ["", "2 lần (tk.bcd)", "2 lần (tt.bcd)"])
