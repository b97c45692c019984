# SPDX-License-Identifier: ISC
"""Which tasks hold each field of work (issue 8, migration 0050):
task_fields, a row per field and task, kept by triggers in the change's
transaction, is the source of field= for whoever sees every task.  After
a task is created with fields, its fields changed through the API and
straight in the database, emptied, and the task deleted, the rows must
equal the fields the tasks hold, and field='s pages (walked through
their cursors) and total must be the plain query's.  test_320 compares
field= in many combinations with a plain query as well."""

import uuid

from lib import FIELDS, Client, eq, list_walk, registration, sql_one


def login(user):
    c = Client(SOURCE)  # noqa: F821
    c.login(user)
    return c


def agrees(what):
    """task_fields holds exactly each task's fields."""
    bad = sql_one("SELECT COUNT(*) FROM (SELECT 1 FROM (SELECT f.field, t.id, "
              "1 n FROM tasks t JOIN dash_fields f ON f.field <> '' AND "
              "FIND_IN_SET(f.field, t.fields) > 0 UNION ALL SELECT field, "
              "task_id, -1 FROM task_fields) d GROUP BY field, id HAVING "
              "SUM(n) <> 0) x")
    eq(bad, "0", f"{what}: task_fields unlike the tasks' fields")


def mine(tid):
    return sorted(sql_one(f"SELECT field FROM task_fields WHERE task_id = "
                      f"{tid}").split())


def pages_are_plain(sec, field, what):
    want = [int(x) for x in sql_one(
        f"SELECT id FROM tasks WHERE FIND_IN_SET('{field}', fields) > 0 "
        f"ORDER BY id DESC").split()]
    total, got = list_walk(sec, f"&field={field}")
    eq(got, want, f"{what}: field={field} pages")
    eq(total, len(want), f"{what}: field={field} total")


def test_a_tasks_fields_are_its_rows():
    agrees("before")
    sec, off = login("tt.bcd"), login("cb.skhcn")
    t = off.post("tasks", registration(
        name=f"Lĩnh vực {uuid.uuid4().hex[:8]}",
        fields=["innovation", "project06"])).json
    tid = t["id"]
    eq(mine(tid), ["innovation", "project06"], "created with two fields")
    r = off.patch(f"tasks/{tid}", {"fields": ["digital_transformation"],
                                   "version": t["version"]})
    eq(r.status, 200, f"fields changed: {r}")
    eq(mine(tid), ["digital_transformation"], "changed through the API")
    agrees("changed through the API")
    for f in FIELDS:
        pages_are_plain(sec, f, "after the API")
    sql_one(f"UPDATE tasks SET fields = 'science_technology,admin_reform' "
        f"WHERE id = {tid}")
    eq(mine(tid), ["admin_reform", "science_technology"],
       "changed in the database")
    sql_one(f"UPDATE tasks SET fields = '' WHERE id = {tid}")
    eq(mine(tid), [], "emptied")
    sql_one(f"UPDATE tasks SET fields = 'project06' WHERE id = {tid}")
    agrees("changed in the database")
    pages_are_plain(sec, "project06", "after the database")
    sql_one(f"DELETE FROM tasks WHERE id = {tid}")
    eq(mine(tid), [], "deleted: the cascade")
    agrees("deleted")
    pages_are_plain(sec, "project06", "after the delete")
