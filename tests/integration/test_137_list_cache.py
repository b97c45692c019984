# SPDX-License-Identifier: ISC
"""A worker keeps the unfiltered list pages it built while list_version
(migration 0025) is unchanged, issue 8.  Whatever changes what a page
shows (a task, its coordinators, an agency's order, a progress figure
written by a report's approval) must show on the very next request, from
every worker; and a kept page must be the caller's own (roles, agency,
cursor and limit)."""

import uuid

from lib import Client, eq, sql_root


def login(user):
    c = Client(SOURCE)  # noqa: F821
    c.login(user)
    return c


def pages(c, query):
    """The same page asked of several workers in turn: their bodies."""
    out = []
    for _ in range(8):
        r = c.get("tasks?" + query)
        eq(r.status, 200, f"list {query}: {r}")
        out.append(r.json)
    return out


def same(c, query, what):
    got = pages(c, query)
    for p in got[1:]:
        eq(p, got[0], f"{what}: every worker says the same")
    return got[0]


def item(page, tid):
    found = [t for t in page["items"] if t["id"] == tid]
    eq(len(found), 1, f"task {tid} on the page")
    return found[0]


def sql(q):
    rc, out, err = sql_root(q)
    eq(rc, 0, err)
    return out


def test_a_change_shows_on_the_next_request():
    off, sec = login("cb.skhcn"), login("tt.bcd")
    tag = uuid.uuid4().hex[:8]
    t = off.post("tasks", {"name": f"Bộ nhớ đệm {tag}",
                           "coordinating_agencies": ["SNV", "STC"]}).json
    for c in (off, sec):
        eq(item(same(c, "limit=20", "warm"), t["id"])["name"],
           f"Bộ nhớ đệm {tag}", "a new task on the first page")
    # An edit through the API.
    r = off.patch(f"tasks/{t['id']}", {"name": f"Đã sửa {tag}",
                                       "version": t["version"]})
    eq(r.status, 200, f"edit: {r}")
    t = r.json
    for c in (off, sec):
        eq(item(same(c, "limit=20", "edit"), t["id"])["name"],
           f"Đã sửa {tag}", "the edit shows at once")
    # Coordinators replaced.
    r = off.patch(f"tasks/{t['id']}", {"coordinating_agencies": ["STC"],
                                       "version": t["version"]})
    eq(r.status, 200, f"coordinators: {r}")
    t = r.json
    eq(item(same(sec, "limit=20", "coords"), t["id"])
       ["coordinating_agencies"], ["STC"], "new coordinators at once")
    # The agencies' order sorts the coordinators.
    r = off.patch(f"tasks/{t['id']}", {"coordinating_agencies":
                                       ["SNV", "STC"],
                                       "version": t["version"]})
    eq(r.status, 200, f"coordinators: {r}")
    t = r.json
    before = item(same(sec, "limit=20", "order"), t["id"])[
        "coordinating_agencies"]
    pos = sql("SELECT code, position FROM agencies WHERE code IN "
              "('SNV', 'STC')").split()
    old = dict(zip(pos[0::2], pos[1::2]))
    try:
        sql(f"UPDATE agencies SET position = CASE code WHEN 'SNV' THEN "
            f"{old['STC']} ELSE {old['SNV']} END WHERE code IN "
            f"('SNV', 'STC')")
        after = item(same(sec, "limit=20", "agency order"), t["id"])[
            "coordinating_agencies"]
        if old["SNV"] != old["STC"]:
            eq(after, list(reversed(before)), "agency order at once")
    finally:
        sql(f"UPDATE agencies SET position = CASE code WHEN 'SNV' THEN "
            f"{old['SNV']} ELSE {old['STC']} END WHERE code IN "
            f"('SNV', 'STC')")
    # A progress figure, as a report's approval writes it.
    sql(f"UPDATE tasks SET progress_period = '2026-01', progress_percent "
        f"= 42, progress_health = 'at_risk' WHERE id = {t['id']}")
    eq(item(same(sec, "limit=20", "progress"), t["id"])["progress"],
       {"period": "2026-01", "percent": 42, "health": "at_risk"},
       "progress at once")
    # A deleted draft leaves every page at once.
    t = off.get(f"tasks/{t['id']}").json
    r = off.delete(f"tasks/{t['id']}?version={t['version']}")
    eq(r.status, 204, f"delete: {r}")
    for c in (off, sec):
        eq(t["id"] in [i["id"] for i in same(c, "limit=20", "gone")
                       ["items"]], False, "a deleted task is gone at once")


def test_a_kept_page_is_the_callers_own():
    sec, off, cat = login("tt.bcd"), login("cb.skhcn"), login("cb.cat")
    views = {}
    for name, c in (("sec", sec), ("off", off), ("cat", cat)):
        for q in ("limit=5", "limit=6", "limit=5&with_drafts=false"):
            views[name, q] = same(c, q, f"{name} {q}")
    # Each caller's pages are their own, not another's kept page.
    eq(views["off", "limit=5"] != views["cat", "limit=5"], True,
       "two agencies' pages differ")
    eq(views["sec", "limit=5"]["total"] > views["off", "limit=5"]["total"],
       True, "the secretariat sees more")
    eq(len(views["sec", "limit=6"]["items"]), 6, "the limit is the key's")
    for name, agency in (("off", "SKHCN"), ("cat", "CAT")):
        for t in views[name, "limit=5"]["items"]:
            eq(t["lead_agency"] == agency or
               agency in t["coordinating_agencies"], True,
               f"{name}: only visible tasks")
    # The next page through the cursor, kept too, continues the first.
    first = views["off", "limit=5"]
    nxt = same(off, f"limit=5&cursor={first['next_cursor']}", "next")
    eq(max(t["id"] for t in nxt["items"]) <
       min(t["id"] for t in first["items"]), True, "the cursor's page")
