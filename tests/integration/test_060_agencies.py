# SPDX-License-Identifier: ISC
"""GET /agencies: the province's agencies, for any logged-in user."""

import csv
import os

from lib import TOP, Client, eq, expect_error


def test_needs_login():
    expect_error(Client(SOURCE).get("agencies"), 401,  # noqa: F821
                 "unauthenticated")


def test_lists_every_agency_in_order():
    with open(os.path.join(TOP, "schema", "demo", "agencies.csv"),
              encoding="utf-8") as f:
        want = [{**r, "committee": "TINH"} for r in csv.DictReader(f)]
    # Issue 14: then the communes' own offices, each of its committee.
    with open(os.path.join(TOP, "schema", "demo", "commune-agencies.csv"),
              encoding="utf-8") as f:
        want += [dict(r) for r in csv.DictReader(f)]
    for user in ("cb.skhcn", "ld.bcd", "admin"):
        c = Client(SOURCE)  # noqa: F821
        c.login(user)
        r = c.get("agencies")
        eq(r.status, 200, "agencies")
        eq([{k: i[k] for k in ("code", "name", "kind", "committee")}
            for i in r.json["items"]], want, f"agencies as {user}")
        # Migration 0021: every demo agency may be chosen, none merged.
        eq({(i["active"], i["merged_into"]) for i in r.json["items"]},
           {(True, None)}, f"active, as {user}")
