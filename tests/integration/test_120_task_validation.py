# SPDX-License-Identifier: ISC
"""Every task field validated, with the contract's error shape and the
field named; a refused request writes nothing."""

from lib import Client, eq, expect_error, sql_root


def login(user):
    c = Client(SOURCE)  # noqa: F821
    c.login(user)
    return c


def count():
    return sql_root("SELECT COUNT(*) FROM tasks")[1].strip()


CASES = [
    # (body, field)
    ({}, "name"),
    ({"name": ""}, "name"),
    ({"name": "   "}, "name"),
    ({"name": "x" * 501}, "name"),
    ({"name": "dòng một\ndòng hai"}, "name"),
    ({"name": 5}, "name"),
    ({"name": "a", "color": "red"}, "color"),
    ({"name": "a", "kind": "project"}, "kind"),
    ({"name": "a", "year": 1999}, "year"),
    ({"name": "a", "year": "2026"}, "year"),
    ({"name": "a", "year": 2026.5}, "year"),
    ({"name": "a", "estimated_budget": -1}, "estimated_budget"),
    ({"name": "a", "estimated_budget": 1.5}, "estimated_budget"),
    ({"name": "a", "estimated_budget": "1000"}, "estimated_budget"),
    ({"name": "a", "estimated_budget": 10 ** 16}, "estimated_budget"),
    ({"name": "a", "deadline": "2026-02-29"}, "deadline"),
    ({"name": "a", "deadline": "2026-04-31"}, "deadline"),
    ({"name": "a", "deadline": "31/12/2026"}, "deadline"),
    ({"name": "a", "deadline": "2026-1-5"}, "deadline"),
    ({"name": "a", "deadline": "1999-12-31"}, "deadline"),
    ({"name": "a", "lead_agency": "KHONGCO"}, "lead_agency"),
    ({"name": "a", "coordinating_agencies": ["SNV", "SNV"]},
     "coordinating_agencies"),
    ({"name": "a", "coordinating_agencies": ["SNV", "snv"]},
     "coordinating_agencies"),
    ({"name": "a", "coordinating_agencies": ["SKHCN"]},
     "coordinating_agencies"),
    ({"name": "a", "coordinating_agencies": "SNV"}, "coordinating_agencies"),
    ({"name": "a", "coordinating_agencies": [""]}, "coordinating_agencies"),
    ({"name": "a", "coordinating_agencies": [1]}, "coordinating_agencies"),
    ({"name": "a", "fields": ["ai"]}, "fields"),
    ({"name": "a", "fields": ["innovation", "innovation"]}, "fields"),
    ({"name": "a", "status": "submitted"}, "status"),
    ({"name": "a", "notes": "x" * 2001}, "notes"),
    ({"name": "a", "expected_product": "\u0007"}, "expected_product"),
    ({"name": "a", "responsible_person": "x" * 201}, "responsible_person"),
    ({"name": "a", "version": 1}, "version"),
]


def test_create_validation():
    off = login("cb.skhcn")
    before = count()
    for body, field in CASES:
        expect_error(off.post("tasks", body), 400, "validation_failed", field)
    eq(count(), before, "nothing created")


def test_lengths_are_characters_not_bytes():
    off = login("cb.skhcn")
    name = "ệ" * 500  # 1500 bytes, 500 characters
    r = off.post("tasks", {"name": name, "notes": "đ" * 2000})
    eq(r.status, 201, f"500 Vietnamese characters fit: {r}")
    eq(r.json["name"], name, "stored intact")


def test_multiline_text_kept():
    off = login("cb.skhcn")
    text = "Dòng 1\nDòng 2\r\n\tThụt lề"
    r = off.post("tasks", {"name": "  Có khoảng trắng  ",
                           "expected_product": text})
    eq(r.status, 201, "created")
    eq(r.json["name"], "Có khoảng trắng", "one-line fields are trimmed")
    # Line breaks are stored as LF (docs/API.md: a spreadsheet cell has
    # one kind); tabs and the rest are kept as sent.
    eq(r.json["expected_product"], text.replace("\r\n", "\n"),
       "multi-line text kept, line breaks as LF")


def test_breakthrough_cannot_skip_approval():
    sec = login("tk.bcd")
    r = sec.post("tasks", {"name": "a", "kind": "breakthrough",
                           "status": "in_program", "lead_agency": "SYT"})
    expect_error(r, 400, "validation_failed", "status")
    r = sec.post("tasks", {"name": "a", "kind": "database",
                           "status": "in_program", "lead_agency": "SYT",
                           "estimated_budget": 999999999999999})
    eq(r.status, 201, "a database straight into the programme")
    eq(r.json["estimated_budget"], 999999999999999, "exact large budget")


def test_edit_validation_and_fields_not_editable():
    off = login("cb.skhcn")
    t = off.post("tasks", {"name": "Sửa"}).json
    tid = t["id"]
    for body, field in (
            ({"name": "b"}, "version"),
            ({"lead_agency": "SNV", "version": 1}, "lead_agency"),
            ({"kind": "directive", "version": 1}, "kind"),
            ({"status": "approved", "version": 1}, "status"),
            ({"deadline": "2026-13-01", "version": 1}, "deadline"),
            ({"coordinating_agencies": ["SKHCN"], "version": 1},
             "coordinating_agencies"),
            ({"version": "1"}, "version")):
        expect_error(off.patch(f"tasks/{tid}", body), 400,
                     "validation_failed", field)
    eq(off.get(f"tasks/{tid}").json["version"], 1, "nothing changed")


def test_secretariat_edits_only_the_schedule():
    sec = login("tk.bcd")
    t = sec.post("tasks", {"kind": "directive", "name": "Lịch",
                           "lead_agency": "SYT", "status": "in_program",
                           "deadline": "2030-01-31"}).json
    e = expect_error(sec.patch(f"tasks/{t['id']}", {
        "estimated_budget": 5, "version": t["version"]}), 403, "forbidden")
    eq(e.get("field"), "estimated_budget", "names the field")
    r = sec.patch(f"tasks/{t['id']}", {"notes": "Ghi chú", "target": "Mục tiêu",
                                       "version": t["version"]})
    eq(r.status, 200, "notes and target")


def test_comment_validation():
    off = login("cb.skhcn")
    t = off.post("tasks", {"name": "Ý kiến"}).json
    for body, field in (({}, "text"), ({"text": ""}, "text"),
                        ({"text": "  \n "}, "text"),
                        ({"text": "x" * 4001}, "text"),
                        ({"text": "a", "x": 1}, "x")):
        expect_error(off.post(f"tasks/{t['id']}/comments", body), 400,
                     "validation_failed", field)
