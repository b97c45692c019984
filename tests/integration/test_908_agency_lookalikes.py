# SPDX-License-Identifier: ISC
"""Two agencies that read the same are one name (found by the break-it
review): the names' collation already makes "Sở Y tế", "SỞ Y TẾ" and its
NFD spelling one name (409 duplicate), but "Sở  Y tế"
(two spaces, which a web page shows as one) and "Sở\u200bY tế" (a zero-
width space) were accepted as new agencies, shown in every list and
drop-down as a second "Sở Y tế".  A name's words are now separated by one
plain space and it holds no invisible (format) character; otherwise 400
and nothing changes, on create and on rename alike."""

import unicodedata
import uuid

from lib import Client, eq, expect_error, sql_root


def admin():
    c = Client(SOURCE)  # noqa: F821
    c.login("admin")
    return c


def count():
    return int(sql_root("SELECT COUNT(*) FROM agencies")[1])


def code():
    return "T" + uuid.uuid4().hex[:8].upper()


def test_lookalike_names_are_refused():
    a = admin()
    before = count()
    for name in ("Sở  Y tế", "Sở\u200bY tế", "Sở Y\u2060 tế",
                 "Sở\u00a0Y tế", "Sở Y\u3000tế", "Sở Y tế\u200b mới"):
        r = a.post("admin/agencies", {"code": code(), "name": name,
                                      "kind": "department"})
        expect_error(r, 400, "validation_failed", "name")
    for name in ("Sở Y tế", "SỞ Y TẾ", "sở y tế",
                 unicodedata.normalize("NFD", "Sở Y tế")):
        r = a.post("admin/agencies", {"code": code(), "name": name,
                                      "kind": "department"})
        expect_error(r, 409, "duplicate")
    eq(count(), before, "no agency added")
    # A new name with single spaces is taken; a rename to a look-alike is not.
    c = code()
    r = a.post("admin/agencies", {"code": c, "name": f"Ban thử {c}",
                                  "kind": "other"})
    eq(r.status, 201, f"create: {r}")
    r = a.patch(f"admin/agencies/{c}", {"name": f"Ban  thử {c}",
                                         "version": r.json["version"]})
    expect_error(r, 400, "validation_failed", "name")
    eq(sql_root(f"SELECT name FROM agencies WHERE code = '{c}'")[1].strip(),
       f"Ban thử {c}", "the name is unchanged")
