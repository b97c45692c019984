# SPDX-License-Identifier: ISC
"""A worker keeps the dashboards it built while dash_version (migration
0033) is unchanged, issue 8.  Whatever changes what the dashboard shows (a
task written through the API or straight in the database, a report, an
agency, a registration round, an indicator) must show on the very next
request, from every worker; and a kept dashboard must be the caller's own
(a head's own agency, the query's year and field)."""

import datetime
import gzip
import json
import uuid
import zoneinfo

from lib import Client, eq, sql_root

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def login(user):
    c = Client(SOURCE)  # noqa: F821
    c.login(user)
    return c


def sql(q):
    rc, out, err = sql_root(q)
    eq(rc, 0, err)
    return out


def same(c, query, what):
    """The same dashboard asked of several workers in turn: the body."""
    got = []
    for _ in range(8):
        r = c.get("dashboard" + query)
        eq(r.status, 200, f"dashboard{query}: {r}")
        got.append(r.json)
    for d in got[1:]:
        eq(d, got[0], f"{what}: every worker says the same")
    return got[0]


def agency(d, code):
    found = [a for a in d["agencies"] if a["code"] == code]
    eq(len(found), 1, f"{code} in the agencies")
    return found[0]


def test_a_change_shows_on_the_next_request():
    off, lead = login("cb.skhcn"), login("ld.bcd")
    year = datetime.datetime.now(VN).year
    period = datetime.datetime.now(VN).strftime("%Y-%m")
    tag = uuid.uuid4().hex[:8]
    # One query throughout, so that each request after a change would
    # find the dashboard kept before it.
    q0 = f"?period={period}"
    before = same(lead, q0, "warm")
    # A task created through the API: a draft more at once.
    t = off.post("tasks", {"name": f"Bảng điều hành {tag}"}).json
    d = same(lead, q0, "created")
    eq(d["totals"]["by_status"]["draft"],
       before["totals"]["by_status"]["draft"] + 1, "a new draft at once")
    try:
        # Straight in the database, as no write path: in the programme
        # and overdue.
        sql(f"UPDATE tasks SET status = 'in_program', year = {year}, "
            f"deadline = '{year - 1}-12-01', original_deadline = "
            f"'{year - 1}-12-01', progress_health = 'at_risk' "
            f"WHERE id = {t['id']}")
        d = same(lead, q0, "overdue")
        eq(t["id"] in [x["id"] for x in d["overdue_tasks"]], True,
           "overdue at once")
        eq(d["totals"]["overdue"], before["totals"]["overdue"] + 1,
           "the overdue count at once")
        missing = agency(d, "SKHCN")["missing_reports"]
        # A report of the month approved: one fewer missing.
        sql(f"INSERT INTO reports (task_id, period, percent, health, "
            f"status, created_by, created_at, updated_at) VALUES "
            f"({t['id']}, '{period}', 10, 'at_risk', 'approved', 'test', "
            f"NOW(6), NOW(6))")
        d = same(lead, q0, "report")
        eq(agency(d, "SKHCN")["missing_reports"], missing - 1,
           "an approved report counts at once")
        # An agency renamed.
        name = sql("SELECT name FROM agencies WHERE code = 'SKHCN'").strip()
        try:
            sql(f"UPDATE agencies SET name = 'Sở thử {tag}' "
                f"WHERE code = 'SKHCN'")
            eq(agency(same(lead, q0, "renamed"), "SKHCN")["name"],
               f"Sở thử {tag}", "a new name at once")
        finally:
            sql(f"UPDATE agencies SET name = '{name}' WHERE code = 'SKHCN'")
        eq(agency(same(lead, q0, "restored"), "SKHCN")["name"], name,
           "the old name back at once")
        # A registration round that names no department: SKHCN need not
        # register any more.
        had = sql(f"SELECT COUNT(*) FROM registration_rounds "
                  f"WHERE year = {year + 5}").strip()
        eq(had, "0", "no round that far ahead")
        q = f"?year={year + 5}"
        must = "SKHCN" in same(lead, q, "round")["missing_registration"]
        sql(f"INSERT INTO registration_rounds (year, kinds, opens_on, "
            f"deadline, status, created_by, created_at, updated_at) VALUES "
            f"({year + 5}, 'party', '{year + 4}-12-01', '{year + 5}-01-10', "
            f"'open', 'test', NOW(6), NOW(6))")
        try:
            eq("SKHCN" in same(lead, q, "round")["missing_registration"],
               False, "the round's kinds at once")
        finally:
            sql(f"DELETE FROM registration_rounds WHERE year = {year + 5}")
        eq("SKHCN" in same(lead, q, "round gone")["missing_registration"],
           must, "the round gone at once")
    finally:
        sql(f"DELETE FROM reports WHERE task_id = {t['id']}")
        sql(f"DELETE FROM tasks WHERE id = {t['id']}")
    d = same(lead, q0, "deleted")
    eq(t["id"] in [x["id"] for x in d["overdue_tasks"]], False,
       "a deleted task is gone at once")
    eq(d["totals"], before["totals"], "the totals as before")


def test_a_kept_dashboard_is_the_callers_own():
    lead, head, head2 = login("ld.bcd"), login("gd.syt"), login("gd.skhcn")
    whole = same(lead, "", "leadership")
    eq(len(whole["agencies"]) > 1, True, "the committee sees every agency")
    for c, code in ((head, "SYT"), (head2, "SKHCN")):
        d = same(c, "", code)
        eq([a["code"] for a in d["agencies"]], [code], "a head's own row")
        eq(all(t["lead_agency"] == code for t in d["overdue_tasks"]), True,
           "a head's own overdue tasks")
    f = same(lead, "?field=innovation", "field")
    eq(f["field"], "innovation", "the field is the query's")
    eq(all("innovation" in t["fields"] for t in f["overdue_tasks"]), True,
       "only the field's overdue tasks")
    eq(same(lead, "", "again"), whole, "the unfiltered one unchanged")


def test_a_kept_dashboard_is_sent_compressed_to_who_takes_it():
    lead = login("ld.bcd")
    plain = same(lead, "", "plain")
    for ae in ("gzip", "br, gzip", "deflate, gzip;q=0.5"):
        # A worker that has not kept it yet builds it, plain: every
        # answer is the same dashboard, and the kept ones compressed.
        zipped = 0
        for _ in range(8):
            r = lead.get("dashboard", headers={"Accept-Encoding": ae})
            eq(r.status, 200, f"{ae}: {r}")
            body = r.body
            if r.header("Content-Encoding") == "gzip":
                zipped += 1
                body = gzip.decompress(body)
            eq(json.loads(body), plain, f"{ae}: the same")
        eq(zipped > 0, True, f"{ae}: kept ones sent compressed")
    for ae in ("gzip;q=0", "GZIP; q=0.000", "identity", "br"):
        for _ in range(4):
            r = lead.get("dashboard", headers={"Accept-Encoding": ae})
            eq(r.status, 200, f"{ae}: {r}")
            eq(r.header("Content-Encoding"), None, f"{ae}: not compressed")
            eq(r.json, plain, f"{ae}: inflated, the same")
