# SPDX-License-Identifier: ISC
"""A search too wide for its candidates (every pattern of its words in
more than 500 tasks, TASK_SEARCH_MAX) reads its postings a window of task
ids at a time, newest first (issue 8, fcgi/domain/task_search.c
task_search_window()): it jumps over the ids that hold none of its words,
reads a window again narrower when it holds too many postings, reads a
slot's words 48 to a statement, takes the tasks whose words are too long
to index (''), leaves out a slot of more words than a window reads or of
more pairs than pair 2 looks up (walking when none is left), and walks
the rest when few of many candidates pass.  Whichever way, every page
and the first page's total are the rule's, and a sorted search (which
gathers every window) lists what the walk lists."""

import urllib.parse
import uuid

from lib import Client, eq, search_rule, search_walk, sql_root

BOUND = 200


def login(user):
    c = Client(SOURCE)  # noqa: F821
    c.login(user)
    return c


def same(c, who, query, agency, extra="", where=""):
    """Every page (limit 50, by the cursors) and the total, against the
    rule."""
    want = search_rule(query, agency, where)
    base = f"tasks?q={urllib.parse.quote(query)}&limit=50{extra}"
    r = c.get(base)
    eq(r.status, 200, f"{who}, {query!r}{extra}: {r}")
    total = (BOUND, True) if len(want) > BOUND else (len(want), None)
    eq((r.json.get("total"), r.json.get("total_more")), total,
       f"{who}, {query!r}{extra}: the total of {len(want)}")
    got = [t["id"] for t in r.json["items"]]
    while r.json.get("next_cursor"):
        r = c.get(base + f"&cursor={r.json['next_cursor']}")
        eq(r.status, 200, f"{who}, {query!r}{extra}, a later page: {r}")
        got += [t["id"] for t in r.json["items"]]
    eq(got, want, f"{who}, {query!r}{extra}: the rule's {len(want)} tasks")
    return len(want)


def insert(name, fold, n, lead="IF(s.seq % 7 = 0, 'SKHCN', 'SNV')",
           target="''", person="''"):
    rc, _, err = sql_root(
        "INSERT INTO tasks (year, kind, name, name_fold, lead_agency,"
        " status, target, responsible_person, created_by, created_at,"
        f" updated_at) SELECT 2026, 'directive', {name}, {fold}, {lead},"
        f" IF(s.seq % 3 = 0, 'draft', 'in_program'), {target}, {person},"
        f" 'tt.bcd', NOW(6), NOW(6) FROM seq_0_to_{n - 1} s")
    eq(rc, 0, f"{n} tasks {name}: {err}")


def test_wide_search_by_windows():
    tag, gap = ("v" + uuid.uuid4().hex[:7] for _ in range(2))
    # Each matching task holds the words tag, z<tag>a .. z<tag>e (five
    # postings of "z<tag>" a task: a first window of 2,048 ids holds more
    # than WIDE_CAP, 8,192, and is read again narrower), one of 120
    # words y<tag>N (3 statements of 48) and one of 250 x<tag>N (more
    # than a window reads: walked).
    words = (f"' z{tag}a z{tag}b z{tag}c z{tag}d z{tag}e y{tag}',"
             " s.seq % 120,"
             f" ' x{tag}', s.seq % 250")
    match = (f"CONCAT('Kho {tag} số ', s.seq, {words})",
             f"CONCAT('kho {tag} so ', s.seq, {words})")
    other = (f"CONCAT('Khác {gap} ', s.seq)", f"CONCAT('khac {gap} ', s.seq)")
    long_word = "a" * 30 + tag + "b" * 30  # over 64 characters: ''
    # The matches' target ends with t<tag> and their person begins with
    # r<tag>: the index pairs them across the two fields ("t<tag>
    # r<tag>"), which no field holds, so the rule finds none of the 2,645
    # candidates but the 40 oldest tasks, which say it in their names:
    # the windows give up on so few and walk the rest.
    across = (f"'Mục tiêu t{tag}'", f"'r{tag} Trưởng phòng'")
    try:
        insert(f"CONCAT('Cũ t{tag} r{tag} ', s.seq)",
               f"CONCAT('cu t{tag} r{tag} ', s.seq)", 40)
        # 130 words ending with <tag>w, 130 beginning with f<tag>: the
        # 16,900 pairs of "<tag>w f<tag>" are more than pair 2 looks up.
        insert(f"CONCAT('Ghép p', s.seq, '{tag}w f{tag}', s.seq)",
               f"CONCAT('ghep p', s.seq, '{tag}w f{tag}', s.seq)", 130)
        # Then the matches, then gaps of newer tasks that hold none of
        # the words with a few matches between them.
        insert(*match, 2600, target=across[0], person=across[1])
        insert(*other, 2500)
        insert(*match, 40, target=across[0], person=across[1])
        insert(*other, 2500)
        insert(f"'Dài {long_word}'", f"'dai {long_word}'", 1, "'SKHCN'")
        insert(*other, 1500)
        # The newest: more candidates of "t<tag> r<tag>" in the first
        # window than the windows read before they give up.
        insert(*match, 1100, target=across[0], person=across[1])
        tt, cb = login("tt.bcd"), login("cb.skhcn")
        for query in (f"z{tag}", f"kho {tag}", f"{tag} so",
                      f"kho {tag} so", f"y{tag}", f"x{tag}", tag,
                      f"{tag}b", f"z{tag}a z{tag}b", f"so 1 z{tag}a"):
            n = same(tt, "secretariat", query, None)
            # The data's own check: these match enough tasks to be wide.
            eq(n > 500, query not in (f"so 1 z{tag}a",),
               f"{query!r}: {n} tasks match")
            same(cb, "official", query, "SKHCN")
        eq(len(search_rule(f"{tag}b")), 3741,
           "the long word is found through '' beside z<tag>b")
        for c, who, agency in ((tt, "secretariat", None),
                               (cb, "official", "SKHCN")):
            eq(same(c, who, f"t{tag} r{tag}", agency) > 0, True,
               f"{who}: the walk after the windows finds the oldest")
            same(c, who, f"{tag}w f{tag}", agency)
            # A backslash is itself: no task holds one.
            eq(same(c, who, f"z{tag}\\a", agency), 0, f"{who}: a\\b")
        for extra, where in (("&status=draft", " AND k.status = 'draft'"),
                             ("&agency=SKHCN", " AND k.lead_agency = 'SKHCN'")):
            for query in (f"z{tag}", f"kho {tag} so"):
                same(tt, "secretariat", query, None, extra, where)
                same(cb, "official", query, "SKHCN", extra, where)
        # Sorted, a wide search sorts the candidates of every window; a
        # slot of more words than a window reads walks the tasks.  The
        # same tasks match both ways here, so the pages are the same.
        for sort in ("name", "-deadline", "status"):
            for c, who in ((tt, "secretariat"), (cb, "official")):
                eq(search_walk(c, f"kho {tag}", f"&sort={sort}"),
                   search_walk(c, f"x{tag}", f"&sort={sort}"),
                   f"{who}, sort={sort}: by windows as by the walk")
        # A change shows on the very next request: the newest match goes,
        # an old one is renamed out of the words.
        rc, _, err = sql_root(
            f"UPDATE tasks SET name_fold = 'doi ten', name = 'Đổi tên'"
            f" WHERE name_fold LIKE 'kho {tag} so 4 %'")
        eq(rc, 0, f"renamed: {err}")
        same(tt, "secretariat", f"kho {tag} so", None)
        same(cb, "official", f"z{tag}", "SKHCN")
    finally:
        sql_root(f"DELETE FROM tasks WHERE name_fold LIKE 'kho {tag} %'"
                 f" OR name_fold LIKE 'khac {gap} %'"
                 f" OR name_fold LIKE 'cu t{tag} %'"
                 f" OR name_fold LIKE 'ghep p%{tag}w %'"
                 f" OR name_fold LIKE 'dai %{tag}%' OR name = 'Đổi tên'")
