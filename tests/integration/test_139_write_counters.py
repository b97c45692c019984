# SPDX-License-Identifier: ISC
"""Writes under load (issue 8, migration 0037): the counters the write
path keeps no longer make every writer wait for the others, and a change
no longer writes the session's row when its last directory check was
recorded less than a minute ago.

- list_version and task_totals are 16 rows each; a task's changes go to
  row 1 + id % 16, and readers sum the rows.
- dash_version's triggers bump the task's lead agency's row in one
  statement (no procedure calls), exactly once per changed row."""

import uuid

from lib import Client, eq, registration, sql_one, sql_root


def login(user):
    c = Client(SOURCE)  # noqa: F821
    c.login(user)
    return c


def slots(table, col):
    return {int(k): int(v) for k, v in (
        line.split("\t") for line in sql_one(
            f"SELECT k, {col} FROM {table} ORDER BY k").splitlines())}


def test_a_tasks_changes_go_to_its_own_slot():
    eq(sorted(slots("list_version", "v")), list(range(1, 17)), "16 rows")
    eq(sorted(slots("task_totals", "tasks")), list(range(1, 17)), "16 rows")
    off = login("cb.skhcn")
    ids = []
    for _ in range(3):
        before_v, before_t = (slots("list_version", "v"),
                              slots("task_totals", "tasks"))
        t = off.post("tasks", registration(
            name=f"Ô đếm {uuid.uuid4().hex[:8]}")).json
        ids.append(t["id"])
        after_v, after_t = (slots("list_version", "v"),
                            slots("task_totals", "tasks"))
        k = 1 + t["id"] % 16
        changed_v = {s for s in after_v if after_v[s] != before_v[s]}
        changed_t = {s: after_t[s] - before_t[s] for s in after_t
                     if after_t[s] != before_t[s]}
        eq(changed_v, {k}, f"task {t['id']}: list_version row {k} only")
        eq(changed_t, {k: 1}, f"task {t['id']}: task_totals row {k} + 1")
    eq(len({1 + i % 16 for i in ids}), 3, f"three slots used: {ids}")
    # The sums are the counts, and the list's total says so.
    counts = sql_one("SELECT CONCAT(COUNT(*), ' ', SUM(status = 'draft')) "
                 "FROM tasks")
    sums = sql_one("SELECT CONCAT(SUM(tasks), ' ', SUM(drafts)) FROM "
               "task_totals")
    eq(sums, counts, "task_totals sums = COUNT(*)")
    sec = login("tt.bcd")
    n, d = (int(x) for x in counts.split())
    eq([sec.get("tasks?limit=1" + x).json["total"] for x in
        ("", "&with_drafts=false")], [n, n - d], "the list's totals")


def test_a_report_bumps_its_agencys_dashboard_row_once():
    off = login("cb.skhcn")
    tid = int(sql_one("SELECT t.id FROM tasks t WHERE t.lead_agency = 'SKHCN' "
                  "AND t.status = 'in_program' AND NOT EXISTS (SELECT 1 "
                  "FROM reports r WHERE r.task_id = t.id AND r.period = "
                  "DATE_FORMAT(UTC_DATE(), '%Y-%m')) ORDER BY t.id LIMIT 1"))
    row = ("SELECT CONCAT((SELECT v FROM dash_version WHERE agency_code = "
           "'SKHCN'), ' ', (SELECT v FROM dash_version WHERE agency_code = "
           "''))")
    before = [int(x) for x in sql_one(row).split()]
    r = off.post(f"tasks/{tid}/reports", {
        "period": sql_one("SELECT DATE_FORMAT(UTC_DATE(), '%Y-%m')"),
        "percent": 10, "health": "on_track", "work_done": "Đã làm",
        "results": "Kết quả"})
    eq(r.status, 201, f"report created: {r}")
    after = [int(x) for x in sql_one(row).split()]
    eq([after[0] - before[0], after[1] - before[1]], [1, 0],
       "the lead agency's row, once; not the global row")


def test_a_change_records_the_directory_check_once_a_minute():
    off = login("cb.skhcn")
    t = off.post("tasks", registration(
        name=f"Ô kiểm {uuid.uuid4().hex[:8]}")).json
    when = ("SELECT MAX(DATE_FORMAT(checked_at, '%Y-%m-%d %H:%i:%s.%f')) "
            "FROM sessions WHERE username = 'cb.skhcn'")
    sql_root("UPDATE sessions SET checked_at = UTC_TIMESTAMP(6) - INTERVAL "
             "30 SECOND WHERE username = 'cb.skhcn'")
    recent = sql_one(when)
    r = off.patch(f"tasks/{t['id']}", {"notes": "Một", "version":
                                        t["version"]})
    eq(r.status, 200, f"edit: {r}")
    eq(sql_one(when), recent, "checked 30 s ago: the row is not written")
    sql_root("UPDATE sessions SET checked_at = UTC_TIMESTAMP(6) - INTERVAL "
             "61 SECOND WHERE username = 'cb.skhcn'")
    old = sql_one(when)
    r = off.patch(f"tasks/{t['id']}", {"notes": "Hai", "version":
                                        r.json["version"]})
    eq(r.status, 200, f"edit: {r}")
    eq(sql_one(when) > old, True, "checked 61 s ago: recorded again")
    age = int(sql_one("SELECT MIN(TIMESTAMPDIFF(SECOND, checked_at, "
                  "UTC_TIMESTAMP(6))) FROM sessions WHERE username = "
                  "'cb.skhcn'"))
    eq(age < 30, True, f"recorded now ({age} s ago)")
