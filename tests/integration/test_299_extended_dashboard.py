# SPDX-License-Identifier: ISC
"""Extensions on the dashboard (issue 15): per agency, how many of its
tasks in the year's scope were extended and how often (cancelled ones
aside), in GET /dashboard (also under ?field=) and its workbook's
"Tổng hợp" sheet, with the totals."""

import datetime
import io
import uuid
import zoneinfo

import openpyxl

from lib import Client, eq

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
LEAD = "STP"
YEAR = datetime.datetime.now(VN).year + 9

clients = {}


def client(user):
    if user not in clients:
        c = Client(SOURCE)  # noqa: F821
        c.login(user)
        clients[user] = c
    return clients[user]


def task(tag, fields):
    r = client("tk.bcd").post("tasks", {
        "kind": "directive", "name": f"Gia hạn {tag}", "lead_agency": LEAD,
        "year": YEAR, "fields": fields, "deadline": f"{YEAR}-06-30",
        "status": "in_program"})
    eq(r.status, 201, f"task {r}")
    return r.json


def extend(t, deadline):
    r = client("tt.bcd").patch(f"tasks/{t['id']}", {
        "version": t["version"], "deadline": deadline,
        "comment": "Gia hạn theo đề nghị của cơ quan chủ trì"})
    eq(r.status, 200, f"extend {r}")
    return r.json


def dash(**q):
    qs = "&".join(f"{k}={v}" for k, v in {"year": YEAR, **q}.items())
    r = client("ld.bcd").get(f"dashboard?{qs}")
    eq(r.status, 200, f"dashboard {r}")
    d = r.json
    a = [a for a in d["agencies"] if a["code"] == LEAD][0]
    return (a["extended"], a["extensions"],
            d["totals"]["extended"], d["totals"]["extensions"]), a["name"]


def test_extended_tasks_counted_per_agency():
    tag = uuid.uuid4().hex[:6]
    before, name = dash()
    before_f, _ = dash(field="innovation")
    twice = task(tag, ["innovation"])
    twice = extend(extend(twice, f"{YEAR}-09-30"), f"{YEAR}-12-31")
    once = extend(task(tag, ["project06"]), f"{YEAR}-08-31")
    task(tag, ["project06"])                     # never extended
    dropped = extend(task(tag, ["innovation"]), f"{YEAR}-07-31")
    r = client("tk.bcd").post(f"tasks/{dropped['id']}/transitions", {
        "action": "cancel", "version": dropped["version"],
        "comment": "Dừng thực hiện"})
    eq(r.status, 200, f"cancel {r}")
    eq((twice["extensions"], once["extensions"]), (2, 1))
    after, _ = dash()
    eq(tuple(x - y for x, y in zip(after, before)), (2, 3, 2, 3),
       "two tasks extended, three times; the cancelled one aside")
    after_f, _ = dash(field="innovation")
    eq(tuple(x - y for x, y in zip(after_f, before_f)), (1, 2, 1, 2),
       "by field")
    # The workbook says the same.
    r = client("ld.bcd").get(f"exports/dashboard.xlsx?year={YEAR}")
    eq(r.status, 200, f"export {r}")
    ws = openpyxl.load_workbook(io.BytesIO(r.body))["Tổng hợp"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    top = [i for i, row in enumerate(rows) if row[0] == "TT"][0]
    eq(rows[top][16:18], ["Nhiệm vụ được gia hạn", "Số lần gia hạn"])
    mine = [row for row in rows[top + 1:] if row[1] == name][0]
    eq(tuple(mine[16:18]), after[:2], "the agency's row")
    total = [row for row in rows[top + 1:] if row[1] == "Tổng cộng"][0]
    eq(tuple(total[16:18]), after[2:], "the totals")
