# SPDX-License-Identifier: ISC
"""An official's unfiltered page by a key their agency's rows do not hold
(name, progress, updated, lead_agency, status) walks the tasks' index of
the key, each task looked up in the agency's rows, when the agency sees
enough of the tasks (api_task_walk_sooner), and gives the walk up for the
sort of the agency's rows once it has examined TASK_SORT_WALK_EXAMINED
(8,192) rows (issue 8, filters).  Either way the pages must be the plain
query's order.  test_136_list_sort walks every key both ways as an
official of a dense agency with pages of 4 (the walk) and of 200 (the
sort); here the walk is made to give up: 8,500 tasks of another agency
updated after every task SKHCN sees, which sort=-updated meets first."""

from lib import Client, check, eq, sql_one

FILLER = 6000


def login(user):
    c = Client(SOURCE)  # noqa: F821
    c.login(user)
    return c


def plain(ag, n):
    """The first n tasks ag sees by updated_at, newest first."""
    return [int(x) for x in sql_one(
        f"SELECT k.id FROM tasks k WHERE k.lead_agency = '{ag}' OR k.id IN "
        f"(SELECT task_id FROM task_coordinators WHERE agency_code = "
        f"'{ag}') ORDER BY k.updated_at DESC, k.id DESC LIMIT {n}").split()]


def pages(c, limit, n):
    """The ids of the first n pages of sort=-updated."""
    r = c.get(f"tasks?sort=-updated&limit={limit}")
    ids = []
    for _ in range(n):
        eq(r.status, 200, f"sort=-updated limit={limit}: {r}")
        ids += [t["id"] for t in r.json["items"]]
        cur = r.json.get("next_cursor")
        if not cur:
            break
        r = c.get(f"tasks?sort=-updated&limit={limit}&cursor={cur}")
    return ids


def read_prev():
    return int(sql_one("SHOW GLOBAL STATUS LIKE 'Handler_read_prev'").split()[1])


def test_a_walk_that_reads_too_much_gives_way_to_the_sort():
    off = login("cb.skhcn")
    eq(pages(off, 3, 3), plain("SKHCN", 9), "before: the plain order")
    try:
        # Enough tasks SKHCN sees for the walk to be chosen (they sort
        # last), and more of another agency's, updated later, than the
        # walk may examine before it reaches one of SKHCN's.
        sql_one("INSERT INTO tasks (year, kind, name, name_fold, lead_agency, "
            "status, created_by, created_at, updated_at) SELECT 2026, "
            "'directive', CONCAT('Đi cũ ', seq), CONCAT('di cu ', seq), "
            "'SKHCN', 'in_program', 'walktest', UTC_TIMESTAMP(6), "
            "UTC_TIMESTAMP(6) - INTERVAL 400 DAY + INTERVAL seq SECOND "
            "FROM seq_1_to_300")
        sql_one("INSERT INTO tasks (year, kind, name, name_fold, lead_agency, "
            "status, created_by, created_at, updated_at) SELECT 2026, "
            "'directive', CONCAT('Đi mới ', seq), CONCAT('di moi ', seq), "
            "'SNV', 'in_program', 'walktest', UTC_TIMESTAMP(6), "
            "UTC_TIMESTAMP(6) + INTERVAL 400 DAY + INTERVAL seq SECOND "
            f"FROM seq_1_to_{FILLER}")
        walked = read_prev()
        got = pages(off, 1, 3)
        walked = read_prev() - walked
        eq(got, plain("SKHCN", 3), "after the walk gave up: the plain order")
        # The first page walked backwards through the newer tasks (one
        # read_prev a task) and stopped at the bound (3,916 tasks when
        # written), where the sort reads SKHCN's rows forwards; the next
        # pages walk from their cursor, past the newer tasks.
        check(walked >= 3000,
              f"the first page's walk ran and gave up ({walked} reads)")
        # A page sorted by a key the newer tasks do not come first in
        # still walks to the end without giving up.
        r = off.get("tasks?sort=name&limit=5")
        eq(r.status, 200, f"sort=name: {r}")
        want = [int(x) for x in sql_one(
            "SELECT k.id FROM tasks k WHERE k.lead_agency = 'SKHCN' OR k.id "
            "IN (SELECT task_id FROM task_coordinators WHERE agency_code = "
            "'SKHCN') ORDER BY k.name_fold, k.id LIMIT 5").split()]
        eq([t["id"] for t in r.json["items"]], want, "sort=name")
    finally:
        sql_one("DELETE FROM tasks WHERE created_by = 'walktest'")
    eq(pages(off, 3, 3), plain("SKHCN", 9), "after: the plain order")
