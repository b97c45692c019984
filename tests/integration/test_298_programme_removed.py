# SPDX-License-Identifier: ISC
"""A task cancelled after the programme was approved (issue 15): it goes
into the next amendment as removed (the snapshot the approved version held)
and, once that amendment is approved, the programme's table and its
workbook show it struck out with the amendment's number.  A task cancelled
before any approved version held it is not in an amendment at all, and a
removal is made once."""

import io
import uuid

import openpyxl

from lib import Client, Fail, check, eq, expect_error, sql_root

clients = {}


def client(user):
    if user not in clients:
        c = Client(SOURCE)  # noqa: F821
        c.login(user)
        clients[user] = c
    return clients[user]


def free_year():
    rc, out, err = sql_root("SELECT DISTINCT year FROM programmes")
    eq(rc, 0, err)
    used = {int(y) for y in out.split()}
    for y in range(2099, 2060, -1):
        if y not in used:
            return y
    raise Fail("no free year left for a programme")


def accepted(year, name):
    r = client("tk.bcd").post("tasks", {
        "kind": "directive", "year": year, "name": name,
        "lead_agency": "SKHCN", "coordinating_agencies": ["SNV"],
        "status": "in_program", "deadline": f"{year}-12-31",
        "target": "Mục tiêu", "expected_product": "Sản phẩm",
        "resources": "Ngân sách tỉnh", "estimated_budget": 1000000})
    eq(r.status, 201, f"task {r}")
    return r.json


def cancel(t):
    r = client("tk.bcd").get(f"tasks/{t['id']}")
    r = client("tk.bcd").post(f"tasks/{t['id']}/transitions", {
        "action": "cancel", "version": r.json["version"],
        "comment": "Ban Chỉ đạo quyết định dừng thực hiện"})
    eq((r.status, r.json["status"]), (200, "cancelled"), f"cancel {r}")


def act(user, x, action):
    r = client(user).post(f"programmes/{x['id']}/transitions",
                          {"action": action, "version": x["version"]})
    eq(r.status, 200, f"{action} {r}")
    return r.json


def approved_version(year):
    r = client("tk.bcd").post("programmes", {"year": year})
    eq(r.status, 201, f"compile {r}")
    return act("ld.bcd", act("tk.bcd", r.json, "submit"), "approve")


def items(x):
    r = client("gd.skhcn").get(f"programmes/{x['id']}/items")
    eq(r.status, 200, f"items {r}")
    return {i["task_id"]: i for i in r.json["items"]}


def sheet(x):
    r = client("tk.bcd").get(f"exports/programmes/{x['id']}/table.xlsx")
    eq(r.status, 200, f"table {r}")
    ws = openpyxl.load_workbook(io.BytesIO(r.body)).active
    rows = list(ws.iter_rows())
    top = [k for k, row in enumerate(rows) if row[0].value == "TT"][0]
    return {row[1].value: row for row in rows[top + 1:]}


def test_cancelled_task_removed_by_the_next_amendment():
    tag = uuid.uuid4().hex[:6]
    year = free_year()
    kept = accepted(year, f"Giữ lại {tag}")
    gone = accepted(year, f"Dừng thực hiện {tag}")
    v0 = approved_version(year)
    eq(sorted(items(v0)), sorted([kept["id"], gone["id"]]))
    # Accepted after the approval, cancelled before any amendment: never
    # in an approved version, so nothing to remove.
    never = accepted(year, f"Chưa từng phê duyệt {tag}")
    cancel(never)
    cancel(gone)
    eq(items(v0)[gone["id"]]["removed_in"], None, "not removed yet")
    r = client("tk.bcd").post("programmes", {"year": year})
    eq(r.status, 201, f"amendment {r}")
    a1 = r.json
    eq(a1["amendment"], 1)
    got = items(a1)
    eq(sorted(got), [gone["id"]], "only the cancelled approved task")
    g = got[gone["id"]]
    eq((g["change"], g["name"], g["lead_agency"], g["estimated_budget"],
        g["first_version"]["amendment"], g["removed_in"]),
       ("removed", f"Dừng thực hiện {tag}", "SKHCN", 1000000, 0, None),
       "the snapshot the approved version held")
    a1 = act("ld.bcd", act("tk.bcd", a1, "submit"), "approve")
    eq(items(v0)[gone["id"]]["removed_in"], 1, "struck in the programme")
    eq(items(v0)[kept["id"]]["removed_in"], None)
    eq(items(a1)[gone["id"]]["removed_in"], 1)
    # Removed once: nothing is left for a further amendment.
    expect_error(client("tk.bcd").post("programmes", {"year": year}), 400,
                 "validation_failed", "year")
    # The workbooks: struck out, and by which amendment.
    rows = sheet(v0)
    row = rows[f"Dừng thực hiện {tag}"]
    check(row[1].font.strike, "the removed task is struck out")
    eq(row[9].value, "Đã đưa ra khỏi Chương trình theo Điều chỉnh lần 1")
    check(not rows[f"Giữ lại {tag}"][1].font.strike, "the kept one is not")
    row = sheet(a1)[f"Dừng thực hiện {tag}"]
    check(row[1].font.strike, "struck in the amendment too")
    eq(row[9].value, "Đưa ra khỏi Chương trình (nhiệm vụ đã hủy)")
