# SPDX-License-Identifier: ISC
"""Issue 8 follow-up: the search's vocabulary keeps every spelling its LIKE
tells apart (migration 0045).  Under utf8mb4_unicode_520_ci 'straße' =
'strasse', 'ﬁber' = 'fiber' and 'æra' = 'aera', but the rule's LIKE compares
a character with a character, so 'strasse' LIKE 'strass%' and 'straße' does
not.  Keyed by '=' alone, the spelling indexed first stood for the others,
and a search missed tasks the rule finds: "strass" after "straße"."""

import unicodedata
import uuid

from lib import Client, check, eq, search_rule, search_walk, sql_root

# Each a spelling with a character that weighs as two, and its equal.
SPELLINGS = [("straße", "strasse"), ("ﬁber", "fiber"), ("æra", "aera")]


def login(user):
    c = Client(SOURCE)  # noqa: F821
    c.login(user)
    return c


def fold(s):
    """The query as utf8_fold() leaves these: lower case, no diacritics."""
    s = s.replace("đ", "d").replace("Đ", "D")
    s = "".join(ch for ch in unicodedata.normalize("NFD", s)
                if unicodedata.category(ch) != "Mn")
    return " ".join(s.lower().split())


def fragments(word):
    """The word's prefixes of two characters or more, and its suffixes."""
    return ([word[:n] for n in range(2, len(word) + 1)]
            + [word[n:] for n in range(1, len(word) - 1)])


def made(off, target):
    r = off.post("tasks", {"name": f"Chính tả {uuid.uuid4().hex[:6]}",
                           "target": target,
                           "coordinating_agencies": ["SNV"]})
    eq(r.status, 201, f"task with {target!r}: {r}")
    return r.json["id"]


def test_every_spelling_found_whichever_came_first():
    off, tt = login("cb.skhcn"), login("tt.bcd")
    for first, second in SPELLINGS + [(b, a) for a, b in SPELLINGS]:
        tag = "k" + uuid.uuid4().hex[:6]
        ids = {w: made(off, f"Đích {tag}{w} cuối") for w in (first, second)}
        # The two spellings are one word under '=': the test is of that.
        rc, out, err = sql_root(f"SELECT _utf8mb4'{first}' = _utf8mb4"
                                f"'{second}' COLLATE utf8mb4_unicode_520_ci")
        eq((rc, out.strip()), (0, "1"), f"{first} = {second}: {err}")
        for w in (first, second):
            for q in [f"{tag}{w}"] + [f"{tag}{x}" for x in fragments(w)[:4]] \
                    + [f"dich {tag}{w}", f"{tag}{w} cuoi", f"{w} cuoi"]:
                want = search_rule(fold(q))
                got = search_walk(tt, q)
                eq(got, want, f"{first} then {second}, {q!r}: the rule's")
                if q.startswith(f"{tag}{w}") or q.startswith("dich"):
                    check(ids[w] in got, f"{q!r}: the task saying {w}")
                eq(search_walk(off, q), search_rule(fold(q), "SKHCN"),
                   f"{first} then {second}, {q!r}, as SKHCN")


def test_one_task_brings_each_of_its_spellings():
    off, tt = login("cb.skhcn"), login("tt.bcd")
    for a, b in SPELLINGS:
        tag = "m" + uuid.uuid4().hex[:6]
        tid = made(off, f"{tag}{a} và {tag}{b}")
        for w in (a, b):
            q = f"{tag}{w}"
            eq(search_walk(tt, q), search_rule(fold(q)), f"{q!r}: the rule's")
            check(tid in search_walk(tt, q), f"{q!r}: the task saying both")
    # Every spelling's suffixes, each with its own length.
    rc, out, _ = sql_root(
        "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
        " WHERE i < 64) SELECT COUNT(*) FROM search_words s JOIN n"
        " LEFT JOIN search_suffixes x ON x.word = s.word"
        " AND x.suffix = SUBSTRING(s.word, n.i)"
        " AND x.chars = CHAR_LENGTH(SUBSTRING(s.word, n.i))"
        " WHERE s.pair = 0 AND n.i <= GREATEST(CHAR_LENGTH(s.word), 1)"
        " AND x.word IS NULL")
    eq((rc, out.strip()), (0, "0"), "suffixes missing from search_suffixes")
