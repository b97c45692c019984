# SPDX-License-Identifier: ISC
"""An official's search keeps of its candidates those the agency sees, by
a merge with the agency's rows of task_visibility (issue 8).  Words too
common to narrow are read a window of task ids at a time, each window's
candidates kept the same way (test_144 tests the windows).  Whichever
way, the first page and the total are the rule's: the page its newest 50,
the total exact up to 200."""

import urllib.parse
import uuid

from lib import Client, eq, search_rule, sql_root

BOUND = 200


def login(user):
    c = Client(SOURCE)  # noqa: F821
    c.login(user)
    return c


def first_page(c, who, query, agency):
    want = search_rule(query, agency)
    r = c.get(f"tasks?q={urllib.parse.quote(query)}&limit=50")
    eq(r.status, 200, f"{who}, {query!r}: {r}")
    eq([t["id"] for t in r.json["items"]], want[:50],
       f"{who}, {query!r}: the rule's newest 50 of {len(want)}")
    total = (BOUND, True) if len(want) > BOUND else (len(want), None)
    eq((r.json.get("total"), r.json.get("total_more")), total,
       f"{who}, {query!r}: the total of {len(want)}")
    return len(want)


def tasks(tag, n, every):
    """n tasks named "Kho TAG số i", SKHCN leading the first, the last
    and one in every (the ends are where a merge slips)."""
    rc, _, err = sql_root(
        "INSERT INTO tasks (year, kind, name, name_fold, lead_agency,"
        " status, created_by, created_at, updated_at)"
        f" SELECT 2026, 'directive', CONCAT('Kho {tag} số ', s.seq),"
        f" CONCAT('kho {tag} so ', s.seq), IF(s.seq % {every} = {every - 1}"
        " OR s.seq = 0,"
        " 'SKHCN', 'SNV'), 'in_program', 'tt.bcd', NOW(6), NOW(6)"
        f" FROM seq_0_to_{n - 1} s")
    eq(rc, 0, f"{n} tasks of {tag}: {err}")


def test_wide_words_for_an_official():
    # 6,000 and 8,100 tasks: over the 500 postings that narrow; SKHCN
    # leads 406 of the 8,100 in one tag (more than the bound) and 163 in
    # the other (fewer).
    mid, wide, sparse = ("w" + uuid.uuid4().hex[:7] for _ in range(3))
    try:
        tasks(mid, 6000, 40)
        tasks(wide, 8100, 20)
        tasks(sparse, 8100, 50)
        tt, cb = login("tt.bcd"), login("cb.skhcn")
        for tag, official in ((mid, 151), (wide, 406), (sparse, 163)):
            for q in (tag, f"kho {tag}", f"{tag} so", f"{tag} so 1"):
                first_page(tt, "secretariat", q, None)
                n = first_page(cb, "official", q, "SKHCN")
                if q == tag:
                    eq(n, official, f"{tag}: the tasks SKHCN sees")
    finally:
        for tag in (mid, wide, sparse):
            sql_root(f"DELETE FROM tasks WHERE name_fold LIKE 'kho {tag} %'")


def test_who_sees_a_task_shows_on_the_next_search():
    # Each worker keeps the ids an agency sees under list_version
    # (task_seen.c): a coordinator added or removed and a lead changed,
    # straight in the database, show on the next search from every
    # worker, for a narrow search (200 candidates, over the 64 that are
    # merged without them) and a wide one (1,200: windows).
    narrow, wide = ("w" + uuid.uuid4().hex[:7] for _ in range(2))
    cb = login("cb.skhcn")

    def searches(what):
        # Eight in turn reach every worker (test_137 does the same).
        for tag in (narrow, wide):
            for _ in range(8):
                first_page(cb, f"official, {what}", tag, "SKHCN")

    def one(tag, seq):
        rc, out, err = sql_root("SELECT id FROM tasks WHERE name_fold ="
                                f" 'kho {tag} so {seq}'")
        eq(rc, 0, err)
        return int(out)

    try:
        tasks(narrow, 200, 2)
        tasks(wide, 1200, 10)
        searches("before")
        # Newest first: the page shows the change as well as the total.
        others = [one(narrow, 198), one(wide, 1198)]
        for tid in others:
            eq(sql_root("INSERT INTO task_coordinators (task_id,"
                        f" agency_code) VALUES ({tid}, 'SKHCN')")[0], 0,
               "a coordinator added")
        searches("a coordinator added")
        for tid in others:
            eq(sql_root("DELETE FROM task_coordinators WHERE task_id ="
                        f" {tid} AND agency_code = 'SKHCN'")[0], 0,
               "a coordinator removed")
        searches("a coordinator removed")
        led = [one(narrow, 199), one(wide, 1199)]
        for tid in led:
            eq(sql_root(f"UPDATE tasks SET lead_agency = 'SNV' WHERE id ="
                        f" {tid}")[0], 0, "a lead changed")
        searches("a lead changed")
    finally:
        for tag in (narrow, wide):
            sql_root(f"DELETE FROM tasks WHERE name_fold LIKE 'kho {tag} %'")


def test_an_agency_over_the_kept_bound_searches_by_its_rows():
    # An agency that sees more than task_seen.c keeps (65,536) is counted
    # from visibility_tally and searched by its task_visibility rows, as
    # before the ids were kept.  The tally is raised past the bound for
    # the test (and list_version bumped, as its triggers would).
    narrow, wide = ("w" + uuid.uuid4().hex[:7] for _ in range(2))
    cb = login("cb.skhcn")
    raised = ("UPDATE visibility_tally SET n = n + {} WHERE agency_code ="
              " 'SKHCN' ORDER BY status, year, kind, k LIMIT 1")
    try:
        tasks(narrow, 200, 2)
        tasks(wide, 1200, 10)
        eq(sql_root(raised.format(70000))[0], 0, "tally raised")
        eq(sql_root("UPDATE list_version SET v = v + 1 WHERE k = 1")[0], 0,
           "list_version bumped")
        for tag, n in ((narrow, 101), (wide, 121)):
            for _ in range(8):
                eq(first_page(cb, "official over the bound", tag, "SKHCN"),
                   n, f"{tag}: the tasks SKHCN sees")
    finally:
        sql_root(raised.format(-70000))
        for tag in (narrow, wide):
            sql_root(f"DELETE FROM tasks WHERE name_fold LIKE 'kho {tag} %'")
