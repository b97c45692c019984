# SPDX-License-Identifier: ISC
"""The search's words index (issue 8, migration 0032): the list finds
exactly what the old rule finds (LIKE on the folded name and, under
utf8mb4_unicode_520_ci, the expected product, target and responsible
person), for every user and whatever the words; the index follows a change
in the same transaction; and the coordinators column follows its rows and
the agencies' order."""

import random
import urllib.parse
import uuid

from lib import Client, check, eq, search_rule, sql_root


def login(user):
    c = Client(SOURCE)  # noqa: F821
    c.login(user)
    return c


def walk(c, query):
    """Every id a search lists, following the cursors, and its total."""
    r = c.get(f"tasks?q={urllib.parse.quote(query)}&limit=200")
    eq(r.status, 200, f"search {query!r}: {r}")
    total, got = r.json["total"], [t["id"] for t in r.json["items"]]
    if r.json.get("total_more"):  # counted up to the bound (test_139)
        total = f"more than {total}"
    while r.json.get("next_cursor"):
        r = c.get(f"tasks?q={urllib.parse.quote(query)}&limit=200"
                  f"&cursor={r.json['next_cursor']}")
        eq(r.status, 200, f"search {query!r}, next page: {r}")
        got += [t["id"] for t in r.json["items"]]
    return total, got


def told(want):
    """The total the list gives for these matches: exact up to 200."""
    return len(want) if len(want) <= 200 else "more than 200"


def fold(s):
    import unicodedata
    s = s.replace("đ", "d").replace("Đ", "D")
    s = "".join(ch for ch in unicodedata.normalize("NFD", s)
                if unicodedata.category(ch) != "Mn")
    return " ".join(s.lower().split())


def queries():
    """Whole words, fragments of words, runs of two to five words cut
    anywhere, from the demo tasks' own text, and words found nowhere."""
    rc, out, _ = sql_root(
        "SELECT CONCAT_WS(' ', CONVERT(name_fold USING utf8mb4),"
        " expected_product, target, responsible_person) FROM tasks"
        " ORDER BY id LIMIT 400")
    eq(rc, 0, "demo text")
    rnd = random.Random(8)
    texts = [fold(line) for line in out.splitlines() if line.strip()]
    check(len(texts) > 20, f"demo tasks to search ({len(texts)})")
    qs = ["khongcodau", "zzqx", "chuyen doi so", "so", "doi", "d", "a b",
          "nq/tw", "57-nq", "2026", "cap xa", "ha tang mang", "%", "_"]
    for _ in range(60):
        words = rnd.choice(texts).split()
        n = rnd.randint(1, min(5, len(words)))
        i = rnd.randint(0, len(words) - n)
        q = " ".join(words[i:i + n])
        if rnd.random() < 0.5 and len(q) > 4:  # cut inside the end words
            q = q[rnd.randint(0, 2):len(q) - rnd.randint(0, 2)].strip()
        if q:
            qs.append(q)
    return qs


def test_same_results_as_the_rule():
    tt, cb = login("tt.bcd"), login("cb.skhcn")
    for q in queries():
        want = search_rule(fold(q))
        total, got = walk(tt, q)
        eq(got, want, f"secretariat, {q!r}: the rule's tasks")
        eq(total, told(want), f"secretariat, {q!r}: total")
        want = search_rule(fold(q), "SKHCN")
        total, got = walk(cb, q)
        eq(got, want, f"official, {q!r}: the rule's tasks")
        eq(total, told(want), f"official, {q!r}: total")


def test_the_index_follows_a_change():
    off = login("cb.skhcn")
    tag = uuid.uuid4().hex[:8]
    t = off.post("tasks", {"name": f"Kho {tag} dữ liệu mở",
                           "coordinating_agencies": ["SNV"]}).json
    eq(walk(off, f"{tag} du lieu")[1], [t["id"]], "found by its words")
    # Inside and at the end of a word no task held before (its suffixes,
    # migration 0044, written with the task).
    for q in (tag[2:7], f"{tag[3:]} du", f"kho {tag[:5]}"):
        got = walk(off, q)[1]
        eq(got, search_rule(fold(q), "SKHCN"), f"{q!r}: the rule's tasks")
        check(t["id"] in got, f"{q!r}: the new task")
    r = off.patch(f"tasks/{t['id']}", {"name": f"Kho {tag} bản đồ số",
                                      "version": t["version"]})
    eq(r.status, 200, f"renamed: {r}")
    eq(walk(off, f"{tag} du lieu")[1], [], "old words gone at once")
    eq(walk(off, f"{tag} ban do so")[1], [t["id"]], "new words at once")
    # A very long word is a candidate whatever the words; the rule decides.
    long = "x" * 70 + tag
    r = off.patch(f"tasks/{t['id']}", {"target": f"Đạt {long} cuối",
                                      "version": r.json["version"]})
    eq(r.status, 200, f"target: {r}")
    eq(walk(off, long[60:])[1], [t["id"]], "inside a word over 64 chars")
    eq(walk(off, f"dat {long[:5]}")[1].count(t["id"]), 1, "across it")
    # Every suffix of every word indexed is there to be found.
    rc, out, _ = sql_root(
        "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
        " WHERE i < 64) SELECT COUNT(*) FROM search_words s JOIN n"
        " LEFT JOIN search_suffixes x ON x.word = s.word"
        " AND x.suffix = SUBSTRING(s.word, n.i)"
        " WHERE s.pair = 0 AND n.i <= GREATEST(CHAR_LENGTH(s.word), 1)"
        " AND x.word IS NULL")
    eq((rc, out.strip()), (0, "0"), "suffixes missing from search_suffixes")


def test_coordinators_column_follows_rows_and_order():
    off = login("cb.skhcn")
    tag = uuid.uuid4().hex[:8]
    t = off.post("tasks", {"name": f"Phối hợp {tag}",
                           "coordinating_agencies": ["STC", "SNV"]}).json
    rc, out, _ = sql_root(
        "SELECT code FROM agencies WHERE code IN ('STC', 'SNV')"
        " ORDER BY position, code")
    order = out.split()
    eq(t["coordinating_agencies"], order, "the agencies' order")
    r = off.patch(f"tasks/{t['id']}", {"coordinating_agencies": ["SNV"],
                                      "version": t["version"]})
    eq(r.status, 200, f"edited: {r}")
    eq(off.get(f"tasks/{t['id']}").json["coordinating_agencies"], ["SNV"],
       "a coordinator removed")
    r = off.patch(f"tasks/{t['id']}",
                  {"coordinating_agencies": ["SNV", "STC"],
                   "version": r.json["version"]})
    eq(r.status, 200, f"edited again: {r}")
    # The agencies trade places: the column follows in the same statement.
    rc, out, err = sql_root(
        "SELECT position FROM agencies WHERE code IN ('STC', 'SNV')"
        " ORDER BY code")
    snv, stc = out.split()
    rc, _, err = sql_root(
        f"UPDATE agencies SET position = IF(code = 'SNV', {stc}, {snv})"
        " WHERE code IN ('SNV', 'STC')")
    eq(rc, 0, f"swap: {err}")
    try:
        got = walk(off, f"phoi hop {tag}")
        eq(got[1], [t["id"]], "found")
        item = off.get(f"tasks/{t['id']}").json
        want = order if snv == stc else list(reversed(order))
        eq(item["coordinating_agencies"], want, "the new order at once")
        rc, out, _ = sql_root(
            "SELECT COUNT(*) FROM tasks t WHERE NOT (t.coordinators <=> ("
            "SELECT GROUP_CONCAT(c.agency_code ORDER BY ca.position,"
            " c.agency_code SEPARATOR ',') FROM task_coordinators c JOIN"
            " agencies ca ON ca.code = c.agency_code WHERE c.task_id = t.id))")
        eq(out.strip(), "0", "every task's column is its rows")
    finally:
        sql_root(f"UPDATE agencies SET position = IF(code = 'SNV', {snv},"
                 f" {stc}) WHERE code IN ('SNV', 'STC')")
