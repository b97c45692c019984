# SPDX-License-Identifier: ISC
"""An official's list reads their agency's rows of task_visibility
(migration 0025, kept by triggers), issue 8.  Its pages must be exactly
what the rule gives when computed by brute force from the API's own data:
every task the secretariat sees whose lead agency is the official's or
whose coordinating agencies include it, newest first, page after page;
and a change of lead or coordinators shows on the very next request."""

import uuid

from lib import Client, eq, list_walk, registration, sql_root


def login(user):
    c = Client(SOURCE)  # noqa: F821
    c.login(user)
    return c


def every_task(sec):
    """Every task, as the secretariat (who sees them all) lists them."""
    tasks, r = [], sec.get("tasks?limit=200")
    while True:
        tasks += r.json["items"]
        cur = r.json.get("next_cursor")
        if not cur:
            return tasks
        r = sec.get(f"tasks?limit=200&cursor={cur}")


def brute(tasks, agency, keep=lambda t: True):
    return [t["id"] for t in tasks
            if (t["lead_agency"] == agency or
                agency in t["coordinating_agencies"]) and keep(t)]


def check_pages(sec, officials):
    tasks = every_task(sec)
    eq(tasks == sorted(tasks, key=lambda t: -t["id"]), True, "newest first")
    for user, agency in officials:
        c = login(user)
        for extra, keep in (("", lambda t: True),
                            ("&with_drafts=false",
                             lambda t: t["status"] != "draft"),
                            ("&status=draft",
                             lambda t: t["status"] == "draft"),
                            ("&agency=SNV",
                             lambda t: t["lead_agency"] == "SNV" or
                             "SNV" in t["coordinating_agencies"])):
            want = brute(tasks, agency, keep)
            total, seen = list_walk(c, extra)
            eq(seen, want, f"{user}{extra}: the pages = the rule")
            eq(total, len(want), f"{user}{extra}: total")


def visibility_is_derived():
    """task_visibility holds exactly the lead and coordinator pairs."""
    rc, out, err = sql_root(
        "SELECT (SELECT COUNT(*) FROM task_visibility v WHERE v.n <> "
        "(SELECT COUNT(*) FROM tasks t WHERE t.id = v.task_id AND "
        "t.lead_agency = v.agency_code) + (SELECT COUNT(*) FROM "
        "task_coordinators c WHERE c.task_id = v.task_id AND "
        "c.agency_code = v.agency_code) OR v.draft <> (SELECT status = "
        "'draft' FROM tasks t WHERE t.id = v.task_id)), "
        "(SELECT COUNT(*) FROM tasks t WHERE NOT EXISTS (SELECT 1 FROM "
        "task_visibility v WHERE v.task_id = t.id AND "
        "v.agency_code = t.lead_agency)), "
        "(SELECT COUNT(*) FROM task_coordinators c WHERE NOT EXISTS ("
        "SELECT 1 FROM task_visibility v WHERE v.task_id = c.task_id AND "
        "v.agency_code = c.agency_code))")
    eq(rc, 0, err)
    eq(out.split(), ["0", "0", "0"], "task_visibility = leads + coordinators")


def test_official_pages_are_the_rule():
    sec = login("tt.bcd")
    off = login("cb.skhcn")
    tag = uuid.uuid4().hex[:8]
    # Tasks of every relation to SKHCN, so the pages have something to
    # tell apart: led, coordinated, neither, a draft and a submitted one.
    mine = off.post("tasks", registration(name=f"Hiển thị A {tag}",
                                           coordinating_agencies=["SNV"])).json
    r = off.post(f"tasks/{mine['id']}/transitions",
                 {"action": "submit", "version": mine["version"]})
    eq(r.status, 200, f"submit: {r}")
    other = login("cb.cat")
    theirs = other.post("tasks", {"name": f"Hiển thị B {tag}",
                                  "coordinating_agencies": ["SKHCN"]})
    eq(theirs.status, 201, f"create as CAT: {theirs}")
    alone = other.post("tasks", {"name": f"Hiển thị C {tag}"})
    eq(alone.status, 201, f"create as CAT: {alone}")
    check_pages(sec, (("cb.skhcn", "SKHCN"), ("cb.cat", "CAT")))
    visibility_is_derived()


def test_a_change_shows_on_the_next_request():
    off, cat = login("cb.skhcn"), login("cb.cat")
    tag = uuid.uuid4().hex[:8]
    t = cat.post("tasks", {"name": f"Phối hợp {tag}"}).json

    def sees():
        # Twice, so that more than one worker answers.
        got = {t["id"] in list_walk(off, limit=200)[1] for _ in range(2)}
        eq(len(got), 1, "every worker says the same")
        return got.pop()

    n0 = off.get("tasks?limit=1").json["total"]
    eq(sees(), False, "not yet SKHCN's")
    r = cat.patch(f"tasks/{t['id']}", {"coordinating_agencies": ["SKHCN"],
                                       "version": t["version"]})
    eq(r.status, 200, f"add SKHCN as coordinator: {r}")
    t = r.json
    eq(sees(), True, "a coordinator sees it at once")
    eq(off.get("tasks?limit=1").json["total"], n0 + 1, "and counts it")
    r = cat.patch(f"tasks/{t['id']}", {"coordinating_agencies": ["SNV"],
                                       "version": t["version"]})
    eq(r.status, 200, f"replace the coordinators: {r}")
    eq(sees(), False, "no longer a coordinator: gone")
    eq(off.get("tasks?limit=1").json["total"], n0, "and not counted")
    # A new lead (no handler changes it today; the triggers must still).
    rc, _, err = sql_root(
        f"UPDATE tasks SET lead_agency = 'SKHCN' WHERE id = {t['id']}")
    eq(rc, 0, err)
    eq(sees(), True, "the new lead sees it")
    eq(t["id"] in list_walk(cat, limit=200)[1], False, "the old lead does not")
    rc, _, err = sql_root(
        f"UPDATE tasks SET lead_agency = 'CAT' WHERE id = {t['id']}")
    eq(rc, 0, err)
    eq(sees(), False, "back to CAT")
    # Deleting a draft takes its rows with it.
    t = cat.get(f"tasks/{t['id']}").json
    r = cat.delete(f"tasks/{t['id']}?version={t['version']}")
    eq(r.status, 204, f"delete the draft: {r}")
    visibility_is_derived()
