# SPDX-License-Identifier: ISC
"""Sortable columns on GET /tasks (issue 17): sort=<column> or -<column>.
Walking a sorted list page by page must give every task once, in the
column's order, the same order as one big page; the cursor carries the
key and is refused (400) when altered or made for another sort; without
sort the list, its cursor and its total are as before."""

import base64
import urllib.parse

from lib import Client, eq, check, expect_error, sql_root

KEYS = ["deadline", "name", "progress", "updated", "lead_agency", "status"]
STATUS_ORDER = ["draft", "submitted", "approved", "returned", "in_program",
                "completed", "cancelled"]


def login(user):
    c = Client(SOURCE)  # noqa: F821
    c.login(user)
    return c


def walk(c, query, limit):
    r = c.get(f"tasks?limit={limit}&{query}")
    eq(r.status, 200, f"{query}: {r}")
    total, items, pages = r.json["total"], [], 1
    while True:
        items += r.json["items"]
        cur = r.json["next_cursor"]
        if not cur:
            return total, items
        # A cursor that does not move on would walk the same page for
        # ever: no list here needs more pages than it has tasks.
        check(pages <= total, f"{query}: the walk ends ({pages} pages "
              f"of {limit} for {total} tasks, cursor {cur})")
        r = c.get(f"tasks?limit={limit}&cursor={cur}&{query}")
        eq(r.status, 200, f"{query} next page: {r}")
        pages += 1
        eq("total" in r.json, False, "only the first page counts")


def key_of(sort, t, names):
    if sort == "deadline":
        return t["deadline"] or "9999-12-31"
    if sort == "progress":
        return t["progress"]["percent"] if t.get("progress") else -1
    if sort == "status":
        return STATUS_ORDER.index(t["status"])
    if sort == "lead_agency":
        return names[t["lead_agency"]]
    return None


def test_sorted_pages_walk_every_task_in_order():
    for user in ("tt.bcd", "cb.skhcn"):
        c = login(user)
        names = {a["code"]: a["name"] for a in
                 c.get("agencies").json["items"]}
        _, default = walk(c, "", 200)
        want = sorted(t["id"] for t in default)
        for key in KEYS:
            for sort in (key, "-" + key):
                q = "sort=" + sort
                total, small = walk(c, q, 4)
                _, big = walk(c, q, 200)
                ids = [t["id"] for t in small]
                eq(ids, [t["id"] for t in big],
                   f"{user} {sort}: pages of 4 = one page of 200")
                eq(sorted(ids), want, f"{user} {sort}: every task once")
                eq(total, len(want), f"{user} {sort}: total")
                k = [key_of(key, t, names) for t in small]
                if k[0] is not None and key != "lead_agency":
                    # ties by id in the same direction
                    pairs = [(kk, t["id"]) for kk, t in zip(k, small)]
                    eq(pairs, sorted(pairs, reverse=sort[0] == "-"),
                       f"{user} {sort}: in the column's order")
                if key == "lead_agency":
                    # agency names by the database's collation: at least
                    # grouped, and the groups' order reversed by "-"
                    seen = []
                    for kk in k:
                        if not seen or seen[-1] != kk:
                            check(kk not in seen,
                                  f"{user} {sort}: {kk} grouped")
                            seen.append(kk)
                    if sort[0] != "-":
                        asc_groups = seen
                    else:
                        eq(seen, asc_groups[::-1],
                           f"{user} {sort}: reverse of ascending")


def test_updated_follows_changes():
    c = login("tt.bcd")
    r = c.get("tasks?sort=-updated&limit=1")
    first = r.json["items"][0]
    r = c.post(f"tasks/{first['id']}/comments", {"text": "x"})
    off = login("cb.skhcn")
    t = off.post("tasks", {"name": "Sắp xếp theo cập nhật"}).json
    r = off.get("tasks?sort=-updated&limit=1")
    eq(r.json["items"][0]["id"], t["id"], "the newest change first")


def test_bad_sort_and_cursor_are_400():
    c = login("tt.bcd")
    expect_error(c.get("tasks?sort=budget"), 400, "validation_failed", "sort")
    expect_error(c.get("tasks?sort=--name"), 400, "validation_failed", "sort")
    r = c.get("tasks?sort=deadline&limit=2")
    cur = r.json["next_cursor"]
    check(cur, "a next page")
    # a cursor of another sort, or of the default order
    expect_error(c.get(f"tasks?sort=-deadline&limit=2&cursor={cur}"), 400,
                 "validation_failed", "cursor")
    expect_error(c.get(f"tasks?limit=2&cursor={cur}"), 400,
                 "validation_failed", "cursor")
    plain = c.get("tasks?limit=2").json["next_cursor"]
    expect_error(c.get(f"tasks?sort=deadline&limit=2&cursor={plain}"), 400,
                 "validation_failed", "cursor")
    raw = base64.urlsafe_b64decode(cur + "=" * (-len(cur) % 4)).decode()
    for bad in (raw.replace("s1:", "s2:"),
                raw.rsplit(":", 1)[0] + ":2025-13",
                raw.rsplit(":", 1)[0] + ":' OR 1=1 --",
                raw.split(":")[0] + ":deadline:0:2025-12-31",
                raw.split(":")[0] + ":deadline:x:2025-12-31"):
        b = base64.urlsafe_b64encode(bad.encode()).decode().rstrip("=")
        expect_error(c.get("tasks?sort=deadline&limit=2&cursor=" +
                           urllib.parse.quote(b)), 400, "validation_failed",
                     "cursor")
    expect_error(c.get("tasks?sort=progress&cursor=" + "A" * 3500), 400,
                 "validation_failed", "cursor")
    # a well-formed value that is no row's is a place in the order
    ok = base64.urlsafe_b64encode(
        b"s1:deadline:1:2026-06-30").decode().rstrip("=")
    r = c.get(f"tasks?sort=deadline&limit=200&cursor={ok}")
    eq(r.status, 200, "a valid position")
    check(all((t["deadline"] or "9999") >= "2026-06-30"
              for t in r.json["items"]), "after the position")


def test_default_order_unchanged():
    c = login("tt.bcd")
    _, items = walk(c, "", 7)
    ids = [t["id"] for t in items]
    eq(ids, sorted(ids, reverse=True), "newest first without sort")



def cursor_value(cur):
    raw = base64.urlsafe_b64decode(cur + "=" * (-len(cur) % 4)).decode()
    prefix, sort, tid, value = raw.split(":", 3)
    return sort, int(tid), value


def test_cursor_carries_the_last_rows_key():
    """Issue 8: the cursor is the last row's (key, id) as the row holds
    them.  With the sort keys as VIRTUAL columns (the reverted migration
    0038_task_sort_keys), a page of 200 of the suite's few hundred tasks
    was read by the primary key and sorted, MariaDB left the column
    uncomputed and the cursor said 0000-00-00 for a task due 2030-01-31,
    so the next page was the same page (test_sorted_pages_walk_... walked
    it for ever).  Small and large pages, both directions, each user."""
    for user in ("tt.bcd", "cb.skhcn"):
        c = login(user)
        for key in ("deadline", "progress", "status"):
            for sort in (key, "-" + key):
                for limit in (3, 100, 200):
                    r = c.get(f"tasks?sort={sort}&limit={limit}")
                    eq(r.status, 200, f"{user} {sort} {limit}: {r}")
                    items = r.json["items"]
                    cur = r.json["next_cursor"]
                    if cur is None:
                        eq(len(items) < limit, True,
                           f"{user} {sort} {limit}: no cursor, last page")
                        continue
                    last = items[-1]
                    k = key_of(key, last, {})
                    want = str(k + 1 if key == "status" else k)
                    eq(cursor_value(cur), (sort, last["id"], want),
                       f"{user} {sort} limit={limit}: the last row's key")


def lead_order(desc=False):
    d = "DESC" if desc else "ASC"
    rc, out, err = sql_root(
        "SELECT k.id FROM tasks k JOIN agencies a ON a.code = k.lead_agency "
        f"ORDER BY a.name {d}, k.id {d}")
    eq(rc, 0, err)
    return [int(v) for v in out.split()]


def test_lead_agency_sort_follows_a_rename():
    """Issue 8: sort=lead_agency reads tasks.sort_lead, the lead agency's
    name kept by triggers (migration 0042_task_sort_lead).  The order must
    be the agencies' names as they are now: after an agency is renamed
    (straight in the database, as no trigger could tell from the API) its
    tasks move to the new name's place, on the very next page."""
    c = login("tt.bcd")
    rc, old, err = sql_root("SELECT name FROM agencies WHERE code = 'SKHCN'")
    eq(rc, 0, err)
    old = old.strip()
    _, items = walk(c, "", 200)
    visible = {t["id"] for t in items}
    for name in ("AAA Sở Khoa học (đổi tên)", "ZZZ Sở Khoa học (đổi tên)",
                 old):
        rc, _, err = sql_root(f"UPDATE agencies SET name = '{name}' "
                              "WHERE code = 'SKHCN'")
        eq(rc, 0, err)
        for sort in ("lead_agency", "-lead_agency"):
            _, items = walk(c, "sort=" + sort, 50)
            ids = [t["id"] for t in items]
            eq(ids, [i for i in lead_order(sort[0] == "-") if i in visible],
               f"{name} {sort}: the order")
            if name != old:
                first = items[0 if (name[0] == "A") != (sort[0] == "-")
                              else -1]
                eq(first["lead_agency"], "SKHCN", f"{name} {sort}: moved")
