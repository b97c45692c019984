# SPDX-License-Identifier: ISC
"""Fields of work (issue 15): `field=` filters the task list, its exports
and the dashboard; the dashboard and its workbook break the totals down by
the five fields (a task counts in each of its fields)."""

import io
import uuid

import openpyxl

from lib import Client, check, eq, expect_error

FIELDS = ["science_technology", "innovation", "digital_transformation",
          "admin_reform", "project06"]

clients = {}


def client(user):
    if user not in clients:
        c = Client(SOURCE)  # noqa: F821
        c.login(user)
        clients[user] = c
    return clients[user]


def task(year, fields, tag, **kw):
    b = {"kind": "directive", "year": year, "name": f"Lĩnh vực {tag}",
         "lead_agency": "SKHCN", "fields": fields, "status": "in_program",
         "deadline": f"{year}-12-31", "estimated_budget": 1000}
    b.update(kw)
    r = client("tk.bcd").post("tasks", b)
    eq(r.status, 201, f"task {r}")
    return r.json


def test_list_and_exports_filter_by_field():
    tag = uuid.uuid4().hex[:8]
    a = task(2030, ["innovation", "project06"], tag)
    b = task(2030, ["admin_reform"], tag)
    c = task(2030, [], tag)
    sec = client("tk.bcd")
    r = sec.get(f"tasks?q={tag}&field=innovation")
    eq(r.status, 200, f"list {r}")
    eq([t["id"] for t in r.json["items"]], [a["id"]])
    eq(r.json["total"], 1, "the count follows the filter")
    r = sec.get(f"tasks?q={tag}&field=admin_reform")
    eq([t["id"] for t in r.json["items"]], [b["id"]])
    r = sec.get(f"tasks?q={tag}")
    eq(sorted(t["id"] for t in r.json["items"]),
       sorted([a["id"], b["id"], c["id"]]), "no filter: all three")
    # Without any other filter, the count is not the table's total.
    r = sec.get("tasks?field=project06&limit=200")
    check(all("project06" in t["fields"] for t in r.json["items"]),
          "only project06 tasks")
    eq(r.json["total"], len(r.json["items"]), "total of the field alone")
    expect_error(sec.get("tasks?field=weather"), 400, "validation_failed",
                 "field")
    expect_error(sec.get("tasks?field="), 400, "validation_failed", "field")
    r = sec.get(f"exports/tasks.csv?q={tag}&field=project06")
    eq(r.status, 200)
    body = r.body.decode("utf-8-sig")
    check(a["name"] in body, "the field's task exported")
    eq(body.count(f"Lĩnh vực {tag}"), 1, "only it")
    r = sec.get(f"exports/tasks.xlsx?q={tag}&field=admin_reform")
    eq(r.status, 200)
    ws = openpyxl.load_workbook(io.BytesIO(r.body)).active
    names = [row[1].value for row in ws.iter_rows()]
    eq(names.count(f"Lĩnh vực {tag}"), 1, "one row in the workbook")
    expect_error(sec.get("exports/tasks.xlsx?field=x"), 400,
                 "validation_failed", "field")


def by_field(year, **q):
    qs = "&".join(f"{k}={v}" for k, v in q.items())
    r = client("ld.bcd").get(f"dashboard?year={year}&{qs}")
    eq(r.status, 200, f"dashboard {r}")
    return r.json


def test_dashboard_breaks_totals_down_by_field():
    year = 2037
    tag = uuid.uuid4().hex[:8]
    before = by_field(year)["totals"]["by_field"]
    eq(sorted(before), sorted(FIELDS), "the five fields")
    task(year, ["innovation", "project06"], tag, estimated_budget=500)
    task(year, ["innovation"], tag, deadline="2026-01-31",
         estimated_budget=700)
    done = task(year, ["science_technology"], tag)
    r = client("tk.bcd").post(f"tasks/{done['id']}/transitions",
                              {"action": "complete",
                               "version": done["version"]})
    eq(r.status, 200, f"complete {r}")
    after = by_field(year)["totals"]["by_field"]
    delta = {f: {k: after[f][k] - before[f][k] for k in after[f]}
             for f in FIELDS}
    eq(delta["innovation"], {"tasks": 2, "in_program": 2, "completed": 0,
                             "overdue": 1, "estimated_budget": 1200})
    eq(delta["project06"], {"tasks": 1, "in_program": 1, "completed": 0,
                            "overdue": 0, "estimated_budget": 500})
    eq(delta["science_technology"], {"tasks": 1, "in_program": 0,
                                     "completed": 1, "overdue": 0,
                                     "estimated_budget": 1000})
    for f in ("digital_transformation", "admin_reform"):
        eq(set(delta[f].values()), {0}, f"{f} unchanged")
    # Filtered by a field, the totals are that field's.
    d = by_field(year, field="innovation")
    eq(d["field"], "innovation")
    eq(d["totals"]["tasks"], d["totals"]["by_field"]["innovation"]["tasks"])
    eq(d["totals"]["overdue"],
       d["totals"]["by_field"]["innovation"]["overdue"])
    check(all("innovation" in t["fields"] for t in d["overdue_tasks"]),
          "overdue list follows the field")
    check(all("innovation" in x["task"]["fields"] for x in d["databases"]),
          "databases follow the field")
    eq(sum(a["in_program"] for a in d["agencies"]),
       d["totals"]["by_field"]["innovation"]["in_program"],
       "agency rows follow the field")
    expect_error(client("ld.bcd").get("dashboard?field=weather"), 400,
                 "validation_failed", "field")
    # The workbook's field sheet says what the JSON says.
    r = client("ld.bcd").get(f"exports/dashboard.xlsx?year={year}")
    eq(r.status, 200)
    ws = openpyxl.load_workbook(io.BytesIO(r.body))["Theo lĩnh vực"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    top = [i for i, row in enumerate(rows) if row[0] == "TT"][0]
    eq([row[1] for row in rows[top + 1:]],
       ["Khoa học, công nghệ", "Đổi mới sáng tạo", "Chuyển đổi số",
        "Cải cách hành chính", "Đề án 06"])
    for row, f in zip(rows[top + 1:], FIELDS):
        x = after[f]
        eq(row[2:7], [x["tasks"], x["in_program"], x["completed"],
                      x["overdue"], x["estimated_budget"]], f)
