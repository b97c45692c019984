# SPDX-License-Identifier: ISC
"""The dashboard's summary rows (migration 0035, issue 8): dash_tally,
dash_deadlines and dash_reported are kept by triggers in the same
transaction as each write.  After a burst of mixed writes (tasks in every
state, an amendment, a cancellation, a late completion, reports submitted
and approved, writes straight in the database: a lead agency changed, a
report's month changed, a task deleted) the kept rows must equal a recount
made here from the tasks and reports themselves, each change must show on
the very next request from every worker, and the dashboard must say the
same as after the rows are rebuilt from scratch."""

import collections
import datetime
import uuid
import zoneinfo

from lib import FIELDS, Client, eq, registration, sql_root

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
OPEN_PAST_DRAFT = ("submitted", "approved", "returned", "in_program")


def login(user):
    c = Client(SOURCE)  # noqa: F821
    c.login(user)
    return c


def sql(q):
    rc, out, err = sql_root(q)
    eq(rc, 0, err)
    return [line.split("\t") for line in out.splitlines()]


def day(delta=0):
    return (datetime.datetime.now(VN).date() +
            datetime.timedelta(days=delta)).isoformat()


def ok(r, what, status=(200, 201)):
    eq(r.status in status, True, f"{what}: {r}")
    return r.json


def same(c, query, what):
    """The dashboard asked of every worker in turn: one body."""
    got = [ok(c.get("dashboard" + query), what) for _ in range(8)]
    for d in got[1:]:
        eq(d, got[0], f"{what}: every worker says the same")
    return got[0]


def agency(d, code):
    return [a for a in d["agencies"] if a["code"] == code][0]


def late(yard, done, dl, odl):
    """task_outcome()'s rule, on 'YYYY-MM-DD' strings ('' for NULL)."""
    if not done:
        return False
    if yard:
        return done > yard
    return bool(dl and done > dl) or bool(odl and done > odl)


def recount():
    """The three tables as they should be, from the tasks and reports."""
    tally = collections.Counter()
    dls = collections.Counter()
    reported = collections.Counter()
    tasks = {}
    for (tid, ag, year, fields, st, kind, health, pct, budget, ext, yard,
         done, dl, odl) in sql(
            "SELECT id, lead_agency, year, fields, status, kind, "
            "IFNULL(progress_health, ''), IFNULL(progress_percent, 0), "
            "IFNULL(estimated_budget, 0), extensions, IFNULL(yardstick, ''), "
            "IFNULL(completed_at, ''), IFNULL(deadline, ''), "
            "IFNULL(original_deadline, '') FROM tasks"):
        tasks[tid] = (ag, year, fields, st)
        sub = 0
        if st == "in_program":
            sub = {"on_track": 1, "at_risk": 2, "delayed": 3}.get(health, 0)
        elif st == "completed":
            sub = 1 if late(yard, done, dl, odl) else 0
        held = fields.split(",") if fields else []
        # The row of every task ('') and one per field it holds; with the
        # tasks holding each of the five fields and their budget.
        vals = [1, kind == "breakthrough", kind == "database", int(pct),
                int(budget),
                int(ext) > 0, int(ext)]
        vals += [f in held for f in FIELDS]
        vals += [int(budget) if f in held else 0 for f in FIELDS]
        for f in [""] + held:
            for i, v in enumerate(vals):
                tally[(ag, year, f, st, str(sub), i)] += int(v)
        if st in OPEN_PAST_DRAFT and dl:
            dls[(dl, ag, year, fields)] += 1
    for tid, period in sql("SELECT task_id, period FROM reports "
                           "WHERE status IN ('submitted', 'approved')"):
        ag, year, fields, st = tasks[tid]
        if st == "in_program":
            for f in [""] + (fields.split(",") if fields else []):
                reported[(period, f, ag, year)] += 1
    return ({k: v for k, v in tally.items() if v},
            {k: v for k, v in dls.items() if v},
            {k: v for k, v in reported.items() if v})


def kept():
    tally = {}
    for row in sql("SELECT agency_code, year, field, status, sub, n, "
                   "breakthrough, kdatabase, pct, budget, extended, "
                   "extensions, "
                   "f1, f2, f3, f4, f5, b1, b2, b3, b4, b5 "
                   "FROM dash_tally"):
        for i, v in enumerate(row[5:]):
            if int(v):
                tally[tuple(row[:5]) + (i,)] = int(v)
    dls = {tuple(r[:4]): int(r[4]) for r in sql(
        "SELECT deadline, agency_code, year, fields, n FROM dash_deadlines")}
    reported = {tuple(r[:4]): int(r[4]) for r in sql(
        "SELECT period, field, agency_code, year, n FROM dash_reported "
        "WHERE n <> 0")}
    return tally, dls, reported


def test_summary_equals_a_recount_after_mixed_writes():
    off, head, sec = login("cb.skhcn"), login("gd.skhcn"), login("tk.bcd")
    lead = login("ld.bcd")
    tag = uuid.uuid4().hex[:8]
    year = datetime.datetime.now(VN).year
    period = day()[:7]
    q = f"?period={period}"
    start = same(lead, q, "warm")

    def act(c, t, action, **kw):
        return ok(c.post(f"tasks/{t['id']}/transitions",
                         dict(action=action, version=t["version"], **kw)),
                  f"{action} {t['id']}")

    def reg(**kw):
        return ok(off.post("tasks", registration(
            name=f"Tổng hợp {tag}", kind="breakthrough", **kw)), "create")

    def directive(lead_agency, deadline, **kw):
        return ok(sec.post("tasks", dict(
            kind="directive", name=f"Chỉ đạo {tag}",
            lead_agency=lead_agency, deadline=deadline,
            status="in_program", **kw)), "directive")

    # Every state of a registration.
    reg(fields=["innovation", "project06"], estimated_budget=300)  # draft
    sub = act(off, reg(), "submit")                               # submitted
    appr = act(head, act(off, reg(estimated_budget=70), "submit"), "approve")
    act(head, act(off, reg(), "submit"), "return",
        comment="Bổ sung sản phẩm dự kiến")                      # returned
    prog = act(sec, act(head, act(off, reg(fields=["innovation"]),
                                  "submit"), "approve"), "accept")
    act(off, reg(), "cancel")                                     # cancelled
    # The secretariat's directives: overdue, amended, completed late,
    # cancelled, and one whose lead changes straight in the database.
    overdue = directive("SKHCN", day(-3), estimated_budget=1000,
                        fields=["admin_reform"])
    amended = directive("SKHCN", day(-2))
    amended = ok(sec.patch(f"tasks/{amended['id']}", {
        "version": amended["version"], "deadline": day(20),
        "comment": "Gia hạn theo đề nghị của cơ quan chủ trì"}), "amend")
    eq(amended["extensions"], 1, "extended once")
    act(sec, directive("SYT", day(-10), estimated_budget=50), "complete")
    moved = directive("SKHCN", day(-1), fields=["project06"])
    d = same(lead, q, "after the directives")
    eq(d["totals"]["overdue"], start["totals"]["overdue"] + 2,
       "two overdue at once")

    # A cancellation shows on the very next request, from every worker.
    cancelled = directive("SKHCN", day(5))
    before = same(lead, q, "before the cancellation")
    act(sec, cancelled, "cancel", comment="Không còn phù hợp")
    d = same(lead, q, "cancelled")
    eq(d["totals"]["by_status"]["cancelled"],
       before["totals"]["by_status"]["cancelled"] + 1, "cancelled at once")
    eq(agency(d, "SKHCN")["in_program"],
       agency(before, "SKHCN")["in_program"] - 1, "out of the programme")

    # Reports: one approved (health and progress), one submitted only.
    before = agency(same(lead, q, "before the reports"), "SKHCN")
    for t, approve in ((prog, True), (overdue, False)):
        r = ok(off.post(f"tasks/{t['id']}/reports", {
            "period": period, "percent": 40, "health": "at_risk",
            "results": "Đã triển khai"}), "report")
        r = ok(off.post(f"reports/{r['id']}/transitions",
                        {"action": "submit", "version": r["version"]}),
               "submit report")
        if approve:
            ok(head.post(f"reports/{r['id']}/transitions",
                         {"action": "approve", "version": r["version"]}),
               "approve report")
    after = agency(same(lead, q, "reported"), "SKHCN")
    eq(after["missing_reports"], before["missing_reports"] - 2,
       "two reports fewer missing at once")
    eq(after["at_risk"], before["at_risk"] + 1, "the approved one's health")

    # Straight in the database, as no write path: the lead agency, a
    # report's month, a task added and deleted.
    sql(f"UPDATE tasks SET lead_agency = 'SYT' WHERE id = {moved['id']}")
    # Migration 0040: a change that keeps the task in its rows adds the
    # differences in place (kind and budget here).
    sql("UPDATE tasks SET kind = 'database', estimated_budget = "
        f"IFNULL(estimated_budget, 0) + 7 WHERE id = {moved['id']}")
    sql(f"UPDATE reports SET period = '{year - 1}-12' "
        f"WHERE task_id = {overdue['id']}")
    sql("INSERT INTO tasks (year, kind, fields, name, name_fold, "
        "lead_agency, deadline, status, created_by, created_at, "
        f"updated_at) VALUES ({year}, 'directive', 'innovation', "
        f"'Xóa {tag}', 'xoa {tag}', 'SKHCN', '{day(-4)}', 'in_program', "
        "'test', NOW(6), NOW(6))")
    sql(f"DELETE FROM tasks WHERE name = 'Xóa {tag}'")
    d = same(lead, q, "after the database's writes")
    eq(d["totals"]["overdue"], start["totals"]["overdue"] + 2,
       "the moved task still overdue, under SYT")
    for t in (sub, appr):
        eq(t["status"] in ("submitted", "approved"), True, "states")

    # The kept rows are the recount's.
    want, got = recount(), kept()
    for name, w, g in zip(("dash_tally", "dash_deadlines", "dash_reported"),
                          want, got):
        eq({k: v for k, v in g.items() if k not in w}, {},
           f"{name}: rows the recount has not")
        eq({k: v for k, v in w.items() if g.get(k) != v}, {},
           f"{name}: rows kept otherwise")

    # And the dashboard is the one built from rows counted from scratch.
    queries = [q, f"?year={year - 1}&period={period}",
               f"?period={period}&field=innovation", f"?period={year - 1}-12"]
    served = {x: same(lead, x, x) for x in queries}
    mine = ok(head.get("dashboard" + q), "the head's")
    v = sql("SELECT SUM(v) FROM dash_version")
    sql("CALL nv_dash_recount()")
    eq(int(sql("SELECT SUM(v) FROM dash_version")[0][0]) > int(v[0][0]),
       True, "the recount outdates the kept dashboards")
    for x in queries:
        eq(same(lead, x, x), served[x], f"rebuilt from scratch: {x}")
    eq(ok(head.get("dashboard" + q), "the head's"), mine, "the head's own")
