# SPDX-License-Identifier: ISC
"""How many tasks each agency sees (issue 8, migration 0049): the total
of an official's list, and of agency= for whoever sees every task, is the
sum of the agency's rows of visibility_tally, a row per status, year, kind
and slot of ids (1 + id % 16), kept by task_visibility's triggers in the
change's transaction.  After every kind of change that moves a task in or
out of an agency's sight, or between groups, the rows must equal a
recount of task_visibility, each task's change must land in its own slot
only, and the totals must equal a plain count: a task created with a
coordinator, its coordinators changed and submitted through the API; its
lead, year and kind changed, a coordinator row renamed, the lead made a
coordinator too, straight in the database; an agency's code renamed (the
foreign key's cascade, no trigger); a task deleted through the API and
one straight in the database (task_visibility's rows go by the cascade,
no trigger)."""

import uuid

from lib import Client, eq, registration, sql_one

def login(user):
    c = Client(SOURCE)  # noqa: F821
    c.login(user)
    return c


def agrees(what):
    """visibility_tally equals a recount of task_visibility, group by
    group: their difference sums to 0 everywhere."""
    bad = sql_one("SELECT COUNT(*) FROM (SELECT 1 FROM (SELECT agency_code, "
              "status, year, kind, 1 + task_id % 16 k, 1 n FROM "
              "task_visibility UNION ALL SELECT agency_code, status, year, "
              "kind, k, -n FROM visibility_tally) d GROUP BY agency_code, "
              "status, year, kind, k HAVING SUM(n) <> 0) x")
    eq(bad, "0", f"{what}: visibility_tally groups unlike the recount")


def rows(tid):
    """The tally rows of task tid's slot, as {(agency, status, year,
    kind): n}, those not at 0."""
    out = sql_one(f"SELECT agency_code, status, year, kind, n FROM "
              f"visibility_tally WHERE k = 1 + {tid} % 16 AND n <> 0")
    return {tuple(line.split("\t")[:4]): int(line.split("\t")[4])
            for line in out.splitlines()}


def moved(before, after):
    """What changed between two rows() readings: {key: delta}."""
    keys = set(before) | set(after)
    return {k: after.get(k, 0) - before.get(k, 0) for k in keys
            if after.get(k, 0) != before.get(k, 0)}


def totals_are_counts(sec, off, ag, what):
    """The official's totals, and agency= as the secretariat, equal a
    plain count of what the agency leads or coordinates."""
    seen = (f"(t.lead_agency = '{ag}' OR t.id IN (SELECT task_id FROM "
            f"task_coordinators WHERE agency_code = '{ag}'))")
    for q, cond in (("", ""), ("&with_drafts=false",
                               " AND t.status <> 'draft'"),
                    ("&status=submitted", " AND t.status = 'submitted'"),
                    ("&kind=database", " AND t.kind = 'database'")):
        want = int(sql_one(f"SELECT COUNT(*) FROM tasks t WHERE {seen}{cond}"))
        if off is not None:
            r = off.get(f"tasks?limit=1{q}")
            eq(r.status, 200, f"{what}: official {q}: {r}")
            eq(r.json["total"], want, f"{what}: official's total {q}")
        r = sec.get(f"tasks?limit=1&agency={ag}{q}")
        eq(r.status, 200, f"{what}: agency={ag}{q}: {r}")
        eq(r.json["total"], want, f"{what}: agency={ag} total {q}")


def in_database(sec, off, tid, what, statement, want):
    """One statement straight in the database moves task tid's rows of its
    slot by want, the rows still agree, and the totals are counts."""
    before = rows(tid)
    sql_one(statement)
    eq(moved(before, rows(tid)), want, what)
    agrees(what)
    totals_are_counts(sec, off, "SKHCN", what)


def test_every_change_moves_its_agencies_rows_in_its_slot():
    agrees("before")
    sec, off = login("tt.bcd"), login("cb.skhcn")
    tag = uuid.uuid4().hex[:8]
    t = off.post("tasks", registration(name=f"Đếm theo cơ quan {tag}",
                                         coordinating_agencies=["SNV"])).json
    tid, year, kind = t["id"], str(t["year"]), t["kind"]
    agrees("created")
    eq(rows(tid).get(("SKHCN", "draft", year, kind), 0) > 0, True,
       "the lead's draft row")
    totals_are_counts(sec, off, "SKHCN", "created")

    before = rows(tid)
    r = off.patch(f"tasks/{tid}", {"coordinating_agencies": ["SYT"],
                                   "version": t["version"]})
    eq(r.status, 200, f"coordinators changed: {r}")
    eq(moved(before, rows(tid)), {("SNV", "draft", year, kind): -1,
                                  ("SYT", "draft", year, kind): 1},
       "coordinators: SNV out, SYT in")
    agrees("coordinators changed")

    before = rows(tid)
    r = off.post(f"tasks/{tid}/transitions",
                 {"action": "submit", "version": r.json["version"]})
    eq(r.status, 200, f"submit: {r}")
    eq(moved(before, rows(tid)), {
        ("SKHCN", "draft", year, kind): -1, ("SYT", "draft", year, kind): -1,
        ("SKHCN", "submitted", year, kind): 1,
        ("SYT", "submitted", year, kind): 1}, "submitted: both agencies move")
    agrees("submitted")
    totals_are_counts(sec, off, "SKHCN", "submitted")

    # Straight in the database: the triggers keep it whatever wrote.
    y2 = str(int(year) + 1)
    in_database(sec, off, tid, "year and kind changed",
                f"UPDATE tasks SET kind = 'database', year = year + 1 "
                f"WHERE id = {tid}", {
                    ("SKHCN", "submitted", year, kind): -1,
                    ("SYT", "submitted", year, kind): -1,
                    ("SKHCN", "submitted", y2, "database"): 1,
                    ("SYT", "submitted", y2, "database"): 1})
    in_database(sec, off, tid, "lead changed",
                f"UPDATE tasks SET lead_agency = 'CAT' WHERE id = {tid}",
                {("SKHCN", "submitted", y2, "database"): -1,
                 ("CAT", "submitted", y2, "database"): 1})

    # The lead made a coordinator too: one row of task_visibility with
    # n = 2, still one task in the tally; and back.
    before = rows(tid)
    sql_one(f"INSERT INTO task_coordinators (task_id, agency_code) "
            f"VALUES ({tid}, 'CAT')")
    eq(moved(before, rows(tid)), {}, "lead and coordinator: counted once")
    sql_one(f"DELETE FROM task_coordinators WHERE task_id = {tid} "
            f"AND agency_code = 'CAT'")
    eq(moved(before, rows(tid)), {}, "and back")
    agrees("lead as coordinator")

    in_database(sec, off, tid, "a coordinator row renamed",
                f"UPDATE task_coordinators SET agency_code = 'SKHCN' "
                f"WHERE task_id = {tid} AND agency_code = 'SYT'",
                {("SYT", "submitted", y2, "database"): -1,
                 ("SKHCN", "submitted", y2, "database"): 1})
    # Its rows of task_visibility go by the foreign key's cascade.
    in_database(sec, off, tid, "deleted in the database",
                f"DELETE FROM tasks WHERE id = {tid}",
                {("CAT", "submitted", y2, "database"): -1,
                 ("SKHCN", "submitted", y2, "database"): -1})

    # A draft deleted through the API.
    d = off.post("tasks", registration(name=f"Nháp để xóa {tag}",
                                         coordinating_agencies=["SNV"])).json
    before = rows(d["id"])
    r = off.delete(f"tasks/{d['id']}?version={d['version']}")
    eq(r.status, 204, f"draft deleted: {r}")
    eq(moved(before, rows(d["id"])), {
        ("SKHCN", "draft", str(d["year"]), d["kind"]): -1,
        ("SNV", "draft", str(d["year"]), d["kind"]): -1},
       "a draft deleted through the API")
    agrees("draft deleted")
    totals_are_counts(sec, off, "SKHCN", "draft deleted")


def test_an_agency_renamed_keeps_its_rows():
    sec, off = login("tt.bcd"), login("cb.skhcn")
    code = "DEM" + uuid.uuid4().hex[:5].upper()
    sql_one(f"INSERT INTO agencies (code, name, kind, committee, position) "
        f"SELECT '{code}', 'Cơ quan đếm {code}', kind, committee, 990 "
        f"FROM agencies WHERE code = 'SNV'")
    t = off.post("tasks", registration(name=f"Phối hợp {code}",
                                         coordinating_agencies=[code])).json
    eq(rows(t["id"]).get((code, "draft", str(t["year"]), t["kind"]), 0) > 0,
       True, "the new agency's row")
    renamed = code[:-1] + "Z"
    try:
        sql_one(f"UPDATE agencies SET code = '{renamed}' WHERE code = '{code}'")
        eq(sql_one(f"SELECT COUNT(*) FROM visibility_tally WHERE agency_code = "
               f"'{code}'"), "0", "no row left under the old code")
        agrees("agency code renamed")
        totals_are_counts(sec, None, renamed, "agency code renamed")
    finally:
        # The dashboard lists every agency: leave none behind.
        sql_one(f"DELETE FROM tasks WHERE id = {t['id']}")
        sql_one(f"DELETE FROM agencies WHERE code IN ('{code}', '{renamed}')")
    agrees("task and agency deleted")
