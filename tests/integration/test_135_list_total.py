# SPDX-License-Identifier: ISC
"""The list's total on an unfiltered first page comes from task_totals
(the secretariat, leadership) or two index counts (an official), issue 8:
it must be the number of tasks the list itself walks through, and a
change must show on the very next request, whichever worker answers."""

import uuid

from lib import Client, eq, list_walk, registration, sql_root


def login(user):
    c = Client(SOURCE)  # noqa: F821
    c.login(user)
    return c


def walk(c, extra=""):
    """Every task the user's list shows, pages of 200; the total once."""
    return list_walk(c, extra, limit=200, total_once=True)


def totals(c):
    """The first page's total, asked of several workers in turn."""
    return {c.get("tasks?limit=1").json["total"] for _ in range(8)}


def test_total_is_what_the_list_walks():
    for user in ("tt.bcd", "ld.bcd", "cb.skhcn", "cb.cat"):
        c = login(user)
        for extra in ("", "&with_drafts=false"):
            total, seen = walk(c, extra)
            eq(len(seen), len(set(seen)), f"{user}{extra}: no repeats")
            eq(total, len(seen), f"{user}{extra}: total = rows listed")
    # The counts as COUNT(*) has them, through the filtered path
    # (api_task_count): for an official, agency= is their visibility.
    off = login("cb.skhcn")
    for extra in ("", "&with_drafts=false"):
        eq(off.get("tasks?limit=1" + extra).json["total"],
           off.get("tasks?limit=1&agency=SKHCN" + extra).json["total"],
           f"official{extra}: fast total = filtered count")
    rc, out, err = sql_root("SELECT COUNT(*), SUM(status <> 'draft') "
                            "FROM tasks")
    eq(rc, 0, err)
    sec = login("tt.bcd")
    eq([sec.get("tasks?limit=1" + x).json["total"] for x in
        ("", "&with_drafts=false")], [int(v) for v in out.split()],
       "secretariat: task_totals = COUNT(*)")


def test_change_shows_on_the_next_request():
    off, sec = login("cb.skhcn"), login("tt.bcd")
    n_off, n_sec = totals(off), totals(sec)
    eq((len(n_off), len(n_sec)), (1, 1), "every worker says the same")
    d_off = off.get("tasks?limit=1&with_drafts=false").json["total"]
    d_sec = sec.get("tasks?limit=1&with_drafts=false").json["total"]
    t = off.post("tasks", registration(
        name=f"Tổng số {uuid.uuid4().hex[:8]}")).json
    eq(t["status"], "draft", "created as a draft")
    eq(totals(off), {n_off.pop() + 1}, "the official's total, any worker")
    eq(totals(sec), {n_sec.pop() + 1}, "the secretariat's total, any worker")
    eq(off.get("tasks?limit=1&with_drafts=false").json["total"], d_off,
       "a draft is not counted without drafts")
    r = off.post(f"tasks/{t['id']}/transitions",
                 {"action": "submit", "version": t["version"]})
    eq(r.status, 200, f"submit: {r}")
    eq(off.get("tasks?limit=1&with_drafts=false").json["total"], d_off + 1,
       "submitted: counted without drafts (official)")
    eq(sec.get("tasks?limit=1&with_drafts=false").json["total"], d_sec + 1,
       "submitted: counted without drafts (secretariat)")
