# SPDX-License-Identifier: ISC
"""Issue 8 follow-up: the search splits words at every code point its rule
takes for a space.  The rule compares the expected product, target and
responsible person under utf8mb4_unicode_520_ci, whose LIKE takes U+00A0,
U+2000..U+200A, U+202F, U+205F and U+3000 for U+0020; the folded name
(utf8_fold), the folded query and the words index (migration 0039) must
split at exactly those, or a task the rule finds is missing from the list
("Sản<U+00A0>phẩm<U+3000>mới" and q="san pham moi").  The set is asked of
MariaDB itself, every code point, never written here."""

import json
import unicodedata
import uuid

from lib import (Client, check, eq, expect_error, search_rule,
                 search_walk, sql_root)

# Code points to try besides the collation's spaces: every other Unicode
# white space and the zero-width / format characters a paste brings
# (U+0085 and the C0 separators are controls, which names refuse).
OTHERS = [0x1680, 0x180E, 0x2028, 0x2029, 0x200B, 0x200C, 0x200D, 0x2060,
          0xFEFF, 0x00AD, 0x2800, 0x3164, 0xFFA0]


def login(user):
    c = Client(SOURCE)  # noqa: F821
    c.login(user)
    return c


def collation_spaces():
    """The code points the search's LIKE takes for a space, from MariaDB."""
    rc, out, err = sql_root(
        "SELECT seq FROM seq_0_to_1114111 WHERE seq NOT BETWEEN 0xD800 AND"
        " 0xDFFF AND CONCAT('a', CONVERT(CHAR(seq USING utf32) USING"
        " utf8mb4), 'b') COLLATE utf8mb4_unicode_520_ci LIKE 'a b'")
    eq(rc, 0, f"the collation's spaces: {err}")
    got = [int(x) for x in out.split()]
    check(0x20 in got and 0xA0 in got, f"space and no-break space: {got}")
    return got


def fold(s, spaces):
    """utf8_fold() as docs/API.md states it: case, diacritics, đ = d, and
    every one of the search's spaces (and tab, LF, CR) one space."""
    s = s.replace("đ", "d").replace("Đ", "D")
    s = "".join(ch for ch in unicodedata.normalize("NFD", s)
                if unicodedata.category(ch) != "Mn")
    s = "".join(" " if ord(ch) in spaces or ch in "\t\n\r" else ch
                for ch in s.lower())
    return " ".join(w for w in s.split(" ") if w)


def test_the_index_and_the_fold_split_where_the_collation_does():
    spaces = collation_spaces()
    tried = sorted(set(spaces) | set(OTHERS))
    # The words index's split, one code point at a time.
    for cp in tried:
        rc, out, err = sql_root(
            "SELECT nv_search_words(_binary'', CONCAT('a', CONVERT(CHAR("
            f"{cp} USING utf32) USING utf8mb4), 'b'), NULL, NULL)")
        eq(rc, 0, f"nv_search_words U+{cp:04X}: {err}")
        words = [w for w in json.loads(out) if w]  # '' is never kept
        want = ["a", "b"] if cp in spaces else ["a" + chr(cp) + "b"]
        eq(words, want, f"the index's words of a<U+{cp:04X}>b")
    # The folded name, through the API (utf8_fold in C), all in one name.
    off = login("cb.skhcn")
    tag = uuid.uuid4().hex[:8]
    name = tag + " " + " ".join(f"p{i}{chr(cp)}q{i}"
                                for i, cp in enumerate(tried))
    r = off.post("tasks", {"name": name, "coordinating_agencies": ["SNV"]})
    eq(r.status, 201, f"created: {r}")
    eq(r.json["name"], name, "the name kept as written")
    rc, out, _ = sql_root("SELECT HEX(name_fold) FROM tasks WHERE id = "
                          f"{r.json['id']}")
    got = bytes.fromhex(out.strip()).decode("utf-8")
    for i, cp in enumerate(tried):
        sep = " " if cp in spaces else chr(cp)
        check(f" p{i}{sep}q{i}" in got,
              f"U+{cp:04X} folds to {sep!r} in the name: {got!r}")
    eq(got, fold(name, spaces), "the folded name")
    # No word of the index holds one of those spaces (0039 reindexed).
    rc, out, err = sql_root(
        "SELECT COUNT(*) FROM task_words WHERE nv_search_spaces(word)"
        " COLLATE utf8mb4_bin <> word COLLATE utf8mb4_bin")
    eq((rc, out.strip()), (0, "0"), f"words holding a space: {err}")
    rc, out, err = sql_root(
        "SELECT COUNT(*) FROM tasks WHERE CONVERT(name_fold USING utf8mb4)"
        " COLLATE utf8mb4_bin <> TRIM(REGEXP_REPLACE(nv_search_spaces("
        "CONVERT(name_fold USING utf8mb4)), ' {2,}', ' '))")
    eq((rc, out.strip()), (0, "0"), f"names folded the old way: {err}")


def test_every_word_pair_found_as_the_rule_finds_it():
    spaces = collation_spaces()
    off, tt = login("cb.skhcn"), login("tt.bcd")
    tag = uuid.uuid4().hex[:6]
    columns = ["name", "expected_product", "target", "responsible_person"]
    made = []
    for i, cp in enumerate(spaces):
        sp = chr(cp)
        text = sp.join([f"Kho{tag}", f"Cổng{i}x", "dữ", "liệu", "Đồng"])
        body = {"name": f"Tách {tag} {i}", "coordinating_agencies": ["SNV"]}
        body[columns[i % 4]] = text if i % 4 else text + f" {i}"
        r = off.post("tasks", body)
        eq(r.status, 201, f"U+{cp:04X} in {columns[i % 4]}: {r}")
        made.append(r.json["id"])
        words = fold(text, spaces).split()
        queries = [" ".join(words[k:k + n]) for n in (1, 2, 3)
                   for k in range(len(words) - n + 1)]
        # The same words with the code point itself in the query.
        queries += [sp.join(words[1:4]), f"cổng{i}x{sp}dữ"]
        for q in queries:
            for who, c, agency in ((tt.user["username"], tt, None),
                                   ("cb.skhcn", off, "SKHCN")):
                want = search_rule(fold(q, spaces), agency)
                got = search_walk(c, q)
                eq(got, want, f"{who}, U+{cp:04X}, {q!r}: the rule's tasks")
                check(r.json["id"] in got,
                      f"{who}, U+{cp:04X}, {q!r}: task {r.json['id']} found")
    # Every such task at once, by the three words they share.
    got = search_walk(tt, "du lieu dong")
    eq(got, search_rule("du lieu dong"), "the three shared words")
    check(set(made) <= set(got), "each separator's task")


def test_names_trimmed_and_blank_at_every_space():
    off = login("cb.skhcn")
    tag = uuid.uuid4().hex[:8]
    blanks = "\u00a0\u3000\u2003\u202f\u200b\ufeff"
    r = off.post("tasks", {"name": f"{blanks}Tên {tag}\u00a0{blanks}",
                           "responsible_person": f"\u00a0Ông A {tag}\u3000",
                           "coordinating_agencies": ["SNV"]})
    eq(r.status, 201, f"created: {r}")
    eq(r.json["name"], f"Tên {tag}", "blanks trimmed at the name's edges")
    eq(r.json["responsible_person"], f"Ông A {tag}", "and the person's")
    check(search_walk(off, f"ten {tag}") == [r.json["id"]],
          "found by its words")
    for name in (blanks, "\u00a0", " \u3000 "):
        before = sql_root("SELECT COUNT(*) FROM tasks")[1]
        expect_error(off.post("tasks", {"name": name,
                                        "coordinating_agencies": ["SNV"]}),
                     400, "validation_failed", "name")
        eq(sql_root("SELECT COUNT(*) FROM tasks")[1], before,
           f"{name!r}: nothing created")
    t = off.get(f"tasks/{r.json['id']}").json
    expect_error(off.patch(f"tasks/{t['id']}", {"name": "\u00a0\u2009",
                                               "version": t["version"]}),
                 400, "validation_failed", "name")
    eq(off.get(f"tasks/{t['id']}").json["name"], f"Tên {tag}", "unchanged")
