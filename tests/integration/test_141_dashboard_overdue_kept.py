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


def overdue_copies(tid, prefix, n, days):
    """n copies of task tid, in the programme and overdue: named "prefix
    1" .. "prefix n", their deadlines spread over days dates of last year.
    Written straight in the database (every column the table does not
    generate); returns their ids by deadline, then id."""
    year = datetime.datetime.now(VN).year
    cols = sql("SELECT GROUP_CONCAT(column_name) FROM "
               "information_schema.columns WHERE table_schema = DATABASE() "
               "AND table_name = 'tasks' AND extra NOT LIKE '%GENERATED%' "
               "AND column_name NOT IN ('id', 'name', 'deadline', "
               "'original_deadline', 'status', 'year', 'row_version')").strip()
    day = f"DATE '{year - 1}-01-01' + INTERVAL (s.seq MOD {days}) DAY"
    sql(f"INSERT INTO tasks (name, deadline, original_deadline, status, "
        f"year, {cols}) SELECT CONCAT('{prefix} ', s.seq), {day}, {day}, "
        f"'in_program', {year}, {cols} FROM tasks "
        f"JOIN seq_1_to_{n} s WHERE tasks.id = {tid}")
    return [int(x) for x in sql(f"SELECT id FROM tasks WHERE name LIKE "
                                f"'{prefix} %' ORDER BY deadline, id")
            .split()]


def listed(d, ids):
    """The listed tasks of ids: (name, deadline, lead agency, notes), read
    from the dashboard and from the database, which must agree."""
    got = {t["id"]: (t["name"], t["deadline"], t["lead_agency"], t["notes"])
           for t in d["overdue_tasks"] if t["id"] in ids}
    want = {}
    if got:
        out = sql("SELECT id, name, deadline, lead_agency, COALESCE(notes, "
                  "'\\\\N') FROM tasks WHERE id IN "
                  f"({','.join(str(i) for i in got)})")
        for line in out.splitlines():
            i, name, dl, lead, notes = line.split("\t")
            want[int(i)] = (name, dl, lead, None if notes == "\\N" else notes)
    eq(got, want, "each listed task as the database holds it")
    return got


def test_the_overdue_list_in_pieces_follows_every_change():
    """Many overdue tasks: the list is kept in pieces of about 32 tasks
    and only the pieces whose tasks changed are read again (migration
    0048's row_version).  Changes at the start, the middle and the end,
    a task moving from one piece to another, leaving, arriving, deleted,
    and an agency's code renamed (the foreign key's cascade changes
    tasks.lead_agency with no trigger on tasks): each on the very next
    request from every worker, the whole list still the database's."""
    off, lead = login("cb.skhcn"), login("ld.bcd")
    year = datetime.datetime.now(VN).year
    tag = uuid.uuid4().hex[:8]
    ag = f"T{tag}"
    t = off.post("tasks", {"name": f"Mảnh mẫu {tag}"}).json
    tid = t["id"]
    try:
        # 240 tasks over 97 deadlines of last year, among the demo's own.
        ids = overdue_copies(tid, f"Mảnh {tag}", 240, 97)
        eq(len(ids), 240, "the tasks made")
        d = same(lead, "many", gz=True)
        eq(len(listed(d, set(ids))), 240, "all listed")
        same(lead, "many, kept")

        first, mid, last = ids[0], ids[120], ids[-1]
        sql(f"UPDATE tasks SET notes = 'đầu {tag}' WHERE id = {first}; "
            f"UPDATE tasks SET notes = 'giữa {tag}' WHERE id = {mid}; "
            f"UPDATE tasks SET notes = 'cuối {tag}' WHERE id = {last}")
        got = listed(same(lead, "three notes", gz=True), set(ids))
        eq([got[i][3] for i in (first, mid, last)],
           [f"đầu {tag}", f"giữa {tag}", f"cuối {tag}"], "the three notes")

        sql(f"UPDATE tasks SET deadline = '{year - 3}-02-03' "
            f"WHERE id = {ids[200]}")
        d = same(lead, "moved to the front")
        eq(listed(d, {ids[200]})[ids[200]][1], f"{year - 3}-02-03",
           "its new deadline")
        sql(f"UPDATE tasks SET status = 'completed', completed_at = NOW(6) "
            f"WHERE id = {ids[60]}; DELETE FROM tasks WHERE id = {ids[61]}")
        d = same(lead, "one done, one deleted", gz=True)
        eq(len(listed(d, set(ids))), 238, "two fewer")
        sql(f"UPDATE tasks SET status = 'in_program', deadline = "
            f"'{year - 1}-03-01' WHERE id = {tid}")
        eq(len(listed(same(lead, "one more"), {tid})), 1, "arrived")

        sql(f"INSERT INTO agencies (code, name, kind, position, committee) "
            f"VALUES ('{ag}', 'Đơn vị thử {tag}', 'other', 999, 'TINH'); "
            f"UPDATE tasks SET lead_agency = '{ag}' "
            f"WHERE id IN ({ids[5]}, {ids[100]}, {ids[230]})")
        d = same(lead, "led by a new agency", gz=True)
        eq({v[2] for v in listed(d, {ids[5], ids[100], ids[230]}).values()},
           {ag}, "the new lead agency")
        renamed = f"U{tag}"
        sql(f"UPDATE agencies SET code = '{renamed}' WHERE code = '{ag}'")
        d = same(lead, "the agency's code renamed")
        eq({v[2] for v in listed(d, {ids[5], ids[100], ids[230]}).values()},
           {renamed}, "the cascade's new code at once")
        ag = renamed
        d = same(lead, "all of it", gz=True)
        eq(len(listed(d, set(ids) | {tid})), 239, "every one")
    finally:
        sql(f"DELETE FROM tasks WHERE name LIKE 'Mảnh {tag} %' OR id = {tid}")
        sql(f"DELETE FROM agencies WHERE code = '{ag}'")
    same(lead, "cleaned up")


def test_the_pieces_hold_while_tasks_change_under_them():
    """Tasks edited, moved and renamed straight in the database while the
    dashboard is asked over and over: a piece read while its rows change
    fails its check and the list is read whole, so every answer is one
    list, in the contract's order, each task once; when the writes stop,
    the next answer of every worker is the database's."""
    import threading

    off, lead = login("cb.skhcn"), login("ld.bcd")
    year = datetime.datetime.now(VN).year
    tag = uuid.uuid4().hex[:8]
    t = off.post("tasks", {"name": f"Mảnh đua {tag}"}).json
    tid = t["id"]
    stop = threading.Event()
    errors = []
    try:
        ids = overdue_copies(tid, f"Mảnh đua {tag}", 300, 53)

        def writer():
            i = 0
            while not stop.is_set():
                i += 1
                a, b = ids[(i * 37) % len(ids)], ids[(i * 91) % len(ids)]
                rc, _, err = sql_root(
                    f"UPDATE tasks SET notes = 'đua {i}' WHERE id = {a}; "
                    f"UPDATE tasks SET deadline = DATE '{year - 1}-01-01' + "
                    f"INTERVAL ({i} MOD 53) DAY WHERE id = {b}")
                if rc != 0:
                    errors.append(err)

        w = threading.Thread(target=writer)
        w.start()
        try:
            for n in range(100):
                h = {"Accept-Encoding": "gzip"} if n % 2 else None
                r = lead.get("dashboard", headers=h)
                eq(r.status, 200, f"answer {n}: {r}")
                body = r.body
                if r.header("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                d = json.loads(body)
                got = [(x["deadline"], x["id"]) for x in d["overdue_tasks"]]
                eq(got, sorted(got), f"answer {n}: by deadline, then id")
                eq(len(set(got)), len(got), f"answer {n}: each task once")
                eq(len({x["id"] for x in d["overdue_tasks"]}), len(got),
                   f"answer {n}: no task twice")
        finally:
            stop.set()
            w.join()
        eq(errors, [], "the writes went through")
        got = listed(same(lead, "after the writes", gz=True), set(ids))
        eq(len(got), 300, "every one listed as the database holds it")
    finally:
        sql(f"DELETE FROM tasks WHERE name LIKE 'Mảnh đua {tag} %' "
            f"OR id = {tid}")
    same(lead, "cleaned up")
