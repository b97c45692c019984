# SPDX-License-Identifier: ISC
"""A worker keeps the dashboard's overdue list apart from the rest (issue
8, fcgi/api/api_dashboard_overdue.c) while list_version is unchanged: a
report written rebuilds the rest of the dashboard but not the list.  Every
change to what the list shows (a task's name, deadline, status, progress,
lead agency or coordinators, written straight in the database as no write
path) must show on the very next request, from every worker; the list
must equal the tasks overdue in the database, by deadline, whether the
dashboard is sent compressed or plain."""

import datetime
import gzip
import json
import uuid
import zoneinfo

from lib import Client, check, eq, sql_root

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
OPEN = "('submitted', 'approved', 'returned', 'in_program')"


def login(user):
    c = Client(SOURCE)  # noqa: F821
    c.login(user)
    return c


def sql(q):
    rc, out, err = sql_root(q)
    eq(rc, 0, err)
    return out


def version(table):
    return int(sql(f"SELECT COALESCE(SUM(v), 0) FROM {table}").strip())


def expected(d, only=None):
    """The overdue tasks of the dashboard's committee, as the contract
    says, read from the tasks themselves: ids by deadline, then id."""
    today = datetime.datetime.now(VN).date().isoformat()
    where = f" AND t.lead_agency = '{only}'" if only else ""
    out = sql(f"SELECT t.id FROM tasks t JOIN agencies a "
              f"ON a.code = t.lead_agency WHERE t.status IN {OPEN} "
              f"AND t.deadline < '{today}' AND t.year <= {d['year']} "
              f"AND a.committee = '{d['committee']['code']}'{where} "
              f"ORDER BY t.deadline, t.id")
    return [int(x) for x in out.split()]


def same(c, what, only=None, gz=False):
    """The dashboard asked of several workers in turn (each keeps its
    own): every answer equal, its list the database's overdue tasks."""
    got = []
    for _ in range(8):
        h = {"Accept-Encoding": "gzip"} if gz else None
        r = c.get("dashboard", headers=h)
        eq(r.status, 200, f"{what}: {r}")
        body = r.body
        if r.header("Content-Encoding") == "gzip":
            check(gz, f"{what}: compressed only when asked")
            body = gzip.decompress(body)
        got.append(json.loads(body))
    for d in got[1:]:
        eq(d, got[0], f"{what}: every worker says the same")
    d = got[0]
    eq([t["id"] for t in d["overdue_tasks"]], expected(d, only),
       f"{what}: the overdue tasks in the database")
    eq(d["totals"]["overdue"], len(d["overdue_tasks"]),
       f"{what}: totals.overdue is the list's length")
    return d


def task_in(d, tid):
    found = [t for t in d["overdue_tasks"] if t["id"] == tid]
    eq(len(found), 1, f"task {tid} listed once")
    return found[0]


def test_the_overdue_list_kept_apart_follows_every_change():
    off, lead = login("cb.skhcn"), login("ld.bcd")
    syt = login("gd.syt")
    year = datetime.datetime.now(VN).year
    period = datetime.datetime.now(VN).strftime("%Y-%m")
    tag = uuid.uuid4().hex[:8]
    t = off.post("tasks", {"name": f"Quá hạn giữ riêng {tag}"}).json
    tid = t["id"]
    try:
        sql(f"UPDATE tasks SET status = 'in_program', year = {year}, "
            f"deadline = '{year - 1}-11-03', original_deadline = "
            f"'{year - 1}-11-03' WHERE id = {tid}")
        d = same(lead, "overdue")
        eq(task_in(d, tid)["name"], f"Quá hạn giữ riêng {tag}", "listed")
        same(lead, "kept", gz=True)
        missing = [a for a in d["agencies"]
                   if a["code"] == "SKHCN"][0]["missing_reports"]

        # A report: the rest of the dashboard is built again (dash_version)
        # but the tasks are unchanged (list_version): the kept list is
        # joined in, sent plain (inflated) and compressed.
        lv, dv = version("list_version"), version("dash_version")
        sql(f"INSERT INTO reports (task_id, period, percent, health, "
            f"status, created_by, created_at, updated_at) VALUES "
            f"({tid}, '{period}', 10, 'at_risk', 'approved', 'test', "
            f"NOW(6), NOW(6))")
        eq(version("list_version"), lv, "a report leaves the tasks alone")
        check(version("dash_version") > dv, "a report changes the rest")
        for gz in (False, True):
            d = same(lead, f"report (gzip {gz})", gz=gz)
            eq([a for a in d["agencies"] if a["code"] == "SKHCN"][0]
               ["missing_reports"], missing - 1, "the report counted")
            task_in(d, tid)

        # Each change to what the list prints, on the next request.
        sql(f"UPDATE tasks SET name = 'Đổi tên {tag}' WHERE id = {tid}")
        eq(task_in(same(lead, "renamed", gz=True), tid)["name"],
           f"Đổi tên {tag}", "the new name at once")
        sql(f"UPDATE tasks SET progress_period = '{period}', "
            f"progress_percent = 37, progress_health = 'delayed' "
            f"WHERE id = {tid}")
        p = task_in(same(lead, "progress"), tid)["progress"]
        eq((p["percent"], p["health"]), (37, "delayed"), "progress at once")
        sql(f"INSERT INTO task_coordinators (task_id, agency_code) "
            f"VALUES ({tid}, 'SYT')")
        eq("SYT" in task_in(same(lead, "coordinator", gz=True), tid)
           ["coordinating_agencies"], True, "a coordinator at once")
        sql(f"UPDATE tasks SET deadline = '{year - 3}-01-02' "
            f"WHERE id = {tid}")
        d = same(lead, "earlier deadline", gz=True)
        eq(task_in(d, tid)["deadline"], f"{year - 3}-01-02", "the deadline")
        sql(f"UPDATE tasks SET deadline = '{year + 1}-12-31' "
            f"WHERE id = {tid}")
        eq(tid in [x["id"] for x in same(lead, "not due")["overdue_tasks"]],
           False, "a later deadline: gone at once")
        sql(f"UPDATE tasks SET deadline = '{year - 1}-11-03' "
            f"WHERE id = {tid}")
        task_in(same(lead, "due again", gz=True), tid)

        # A head's own list: the lead agency moved to theirs shows there.
        same(syt, "head, before", only="SYT", gz=True)
        sql(f"UPDATE tasks SET lead_agency = 'SYT' WHERE id = {tid}")
        task_in(same(syt, "head, moved", only="SYT", gz=True), tid)
        task_in(same(lead, "moved"), tid)
        sql(f"UPDATE tasks SET lead_agency = 'SKHCN' WHERE id = {tid}")
        eq(tid in [x["id"] for x in same(syt, "head, back", only="SYT")
                   ["overdue_tasks"]], False, "moved back: gone at once")

        sql(f"UPDATE tasks SET status = 'completed', completed_at = NOW(6) "
            f"WHERE id = {tid}")
        eq(tid in [x["id"] for x in same(lead, "completed", gz=True)
                   ["overdue_tasks"]], False, "completed: gone at once")
    finally:
        sql(f"DELETE FROM reports WHERE task_id = {tid}")
        sql(f"DELETE FROM task_coordinators WHERE task_id = {tid}")
        sql(f"DELETE FROM tasks WHERE id = {tid}")
    eq(tid in [x["id"] for x in same(lead, "deleted")["overdue_tasks"]],
       False, "deleted: gone at once")
