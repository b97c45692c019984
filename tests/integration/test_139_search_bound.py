# SPDX-License-Identifier: ISC
"""A search's total is counted up to a bound (issue 8, docs/API.md):
exact up to 200, then "total": 200 with "total_more": true.  Whatever
the words, the filters, the user and the page, the list gives exactly
what the rule gives (LIKE on the folded name and, under
utf8mb4_unicode_520_ci, the expected product, target and responsible
person), and the total says how many, or that more than 200 match."""

import urllib.parse
import uuid

from lib import Client, check, eq, search_rule, sql_root

BOUND = 200
N = 2200  # tasks of one tag: 1,650 led by SKHCN, 550 by SNV


def login(user):
    c = Client(SOURCE)  # noqa: F821
    c.login(user)
    return c


def walk(c, query, extra=""):
    """Every id a search lists, following the cursors, and the first
    page's total and total_more."""
    base = f"tasks?q={urllib.parse.quote(query)}&limit=200{extra}"
    r = c.get(base)
    eq(r.status, 200, f"search {query!r}{extra}: {r}")
    first = r.json
    got = [t["id"] for t in r.json["items"]]
    while r.json.get("next_cursor"):
        r = c.get(base + f"&cursor={r.json['next_cursor']}")
        eq(r.status, 200, f"search {query!r}{extra}, next page: {r}")
        check("total" not in r.json, "a later page carries no total")
        got += [t["id"] for t in r.json["items"]]
    return first.get("total"), first.get("total_more"), got


def same(c, who, query, agency, extra="", where=""):
    want = search_rule(query, agency, where)
    total, more, got = walk(c, query, extra)
    eq(got, want, f"{who}, {query!r}{extra}: the rule's tasks")
    if len(want) > BOUND:
        eq((total, more), (BOUND, True), f"{who}, {query!r}{extra}: "
           f"{len(want)} match, more than the bound")
    else:
        eq((total, more), (len(want), None), f"{who}, {query!r}{extra}: "
           "the exact total")
    return len(want)


def test_bounded_total_and_exact_results():
    tag = "b" + uuid.uuid4().hex[:7]
    rc, _, err = sql_root(
        "INSERT INTO tasks (year, kind, name, name_fold, lead_agency,"
        " status, target, created_by, created_at, updated_at)"
        f" SELECT 2025 + s.seq % 2, IF(s.seq % 5 = 0, 'database',"
        f" 'directive'), CONCAT('Kho {tag} số ', s.seq),"
        f" CONCAT('kho {tag} so ', s.seq), IF(s.seq % 4 = 3, 'SNV',"
        " 'SKHCN'), IF(s.seq % 3 = 0, 'draft', 'in_program'),"
        " IF(s.seq % 7 = 0, 'Phủ sóng', ''), 'tt.bcd', NOW(6), NOW(6)"
        f" FROM seq_0_to_{N - 1} s")
    eq(rc, 0, f"{N} tasks: {err}")
    try:
        tt, cb = login("tt.bcd"), login("cb.skhcn")
        seen = set()
        for query in (tag, f"{tag} so 1", f"{tag} so 12", f"{tag} so 2199",
                      f"kho {tag}", f"{tag} zz", "khongcodau", "so",
                      "song", "phu song", "kho", f"o {tag[:4]}"):
            seen.add(same(tt, "secretariat", query, None) > BOUND)
            seen.add(same(cb, "official", query, "SKHCN") > BOUND)
        check(seen == {True, False}, "queries over and under the bound")
        for extra, where in (
                ("&status=draft", " AND k.status = 'draft'"),
                ("&year=2025", " AND k.year = 2025"),
                ("&kind=database", " AND k.kind = 'database'"),
                ("&agency=SNV", " AND (k.lead_agency = 'SNV' OR EXISTS"
                 " (SELECT 1 FROM task_coordinators f WHERE f.task_id ="
                 " k.id AND f.agency_code = 'SNV'))"),
                ("&year=2026&status=in_program",
                 " AND k.year = 2026 AND k.status = 'in_program'")):
            for query in (tag, f"{tag} so 1", "so"):
                same(tt, "secretariat", query, None, extra, where)
                same(cb, "official", query, "SKHCN", extra, where)
        # A sorted list's first page says the same.
        r = tt.get(f"tasks?q={tag}&sort=-deadline&limit=5")
        eq(r.status, 200, f"sorted: {r}")
        eq((r.json.get("total"), r.json.get("total_more")), (BOUND, True),
           "a sorted search's total")
        r = tt.get(f"tasks?q={urllib.parse.quote(tag + ' so 12')}"
                   "&sort=name&limit=5")
        eq((r.json.get("total"), r.json.get("total_more")), (111, None),
           "a sorted search's exact total")
        # A change shows on the very next request.
        rc, _, err = sql_root(
            f"UPDATE tasks SET name_fold = CONCAT(name_fold, ' moi')"
            f" WHERE name_fold LIKE 'kho {tag} so 12%'")
        eq(rc, 0, f"renamed: {err}")
        same(tt, "secretariat", f"{tag} so 12 moi", None)
        same(tt, "secretariat", f"{tag} so 12", None)
    finally:
        sql_root(f"DELETE FROM tasks WHERE name_fold LIKE 'kho {tag} %'")
