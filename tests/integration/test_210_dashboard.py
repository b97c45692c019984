# SPDX-License-Identifier: ISC
"""The consolidated status, checked against an independent count made here
from the API's own task and report lists, following the rules written in
docs/API.md; plus a known data set for one agency, who may see it, and
the 11 databases' series."""

import datetime
import zoneinfo

from lib import Client, check, eq, expect_error


def half_up(num, den):
    """num / den rounded half up, exactly, as the server rounds (Python's
    round() takes 12.5 to 12, which made test_ranking_rule fail alone)."""
    return (2 * num + den) // (2 * den)

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
STATES = ["draft", "submitted", "approved", "returned", "in_program",
          "completed", "cancelled"]


def login(user):
    c = Client(SOURCE)  # noqa: F821
    c.login(user)
    return c


def today(delta=0):
    return (datetime.datetime.now(VN).date() +
            datetime.timedelta(days=delta)).isoformat()


def this_month():
    return today()[:7]


def all_pages(c, path):
    out, cur = [], None
    while True:
        sep = "&" if "?" in path else "?"
        r = c.get(path + sep + "limit=200" + (f"&cursor={cur}" if cur else ""))
        eq(r.status, 200, f"{path}: {r}")
        out += r.json["items"]
        cur = r.json["next_cursor"]
        if cur is None:
            return out


def late(t):
    """Against the yardstick (issue 15); a task without one against the
    deadline in force and the accepted one."""
    c = t["completed_at"]
    if c is not None and t["yardstick"] is not None:
        return c > t["yardstick"]
    return c is not None and any(d is not None and c > d for d in
                                 (t["deadline"], t["original_deadline"]))


def overdue(t):
    """Overdue as the committee counts it: a draft is not its business."""
    return t["overdue"] and t["status"] != "draft"


def rated_agencies(agencies, tasks, committee="TINH"):
    """The agencies the dashboard rates: the active ones, and retired ones
    that led tasks (migration 0021), of the dashboard's committee (issue
    14: a commune's offices are in its own row)."""
    led = {t["lead_agency"] for t in tasks}
    return [a for a in agencies if (a["active"] or a["code"] in led) and
            a["committee"] == committee]


def expected(tasks, reports, agencies, year, period):
    """The dashboard, recomputed from the API's lists."""
    scope = [t for t in tasks if t["year"] == year or
             (t["year"] < year and t["status"] not in ("completed",
                                                       "cancelled"))]
    reported = {r["task_id"] for r in reports if r["period"] == period and
                r["status"] in ("submitted", "approved")}
    rows = {}
    for a in agencies:
        mine = [t for t in scope if t["lead_agency"] == a["code"]]
        prog = [t for t in mine if t["status"] == "in_program"]
        done = [t for t in mine if t["status"] == "completed"]
        pct = [(t["progress"] or {}).get("percent", 0) or 0 for t in prog] + \
            [100] * len(done)
        row = {
            "registered": sum(1 for t in tasks if t["lead_agency"] == a["code"]
                              and t["year"] == year and
                              t["kind"] == "breakthrough" and
                              t["status"] not in ("draft", "cancelled")),
            "in_program": len(prog),
            "on_track": sum(1 for t in prog if (t["progress"] or {})
                            .get("health") == "on_track"),
            "at_risk": sum(1 for t in prog if (t["progress"] or {})
                           .get("health") == "at_risk"),
            "delayed": sum(1 for t in prog if (t["progress"] or {})
                           .get("health") == "delayed"),
            "overdue": sum(1 for t in mine if overdue(t)),
            "completed": len(done),
            "done_on_time": sum(1 for t in done if not late(t)),
            "done_late": sum(1 for t in done if late(t)),
            "avg_percent": half_up(sum(pct), len(pct)) if pct else None,
            "missing_reports": sum(1 for t in tasks
                                   if t["lead_agency"] == a["code"] and
                                   t["status"] == "in_program" and
                                   t["year"] <= year and
                                   t["id"] not in reported),
            "estimated_budget": sum(t["estimated_budget"] or 0 for t in mine
                                    if t["status"] != "cancelled"),
            # Issue 15: extended tasks and how often, cancelled aside.
            "extended": sum(1 for t in mine if t["extensions"] and
                            t["status"] != "cancelled"),
            "extensions": sum(t["extensions"] for t in mine
                              if t["status"] != "cancelled"),
        }
        rated = row["in_program"] + row["completed"] + row["overdue"] > 0
        must = a["kind"] in ("department", "party")
        row["colour"] = (None if not rated else
                         "red" if row["overdue"] else
                         "yellow" if row["missing_reports"] or
                         (must and not row["registered"]) else "green")
        rows[a["code"]] = row
    totals = {"tasks": len(scope),
              "by_status": {s: sum(1 for t in scope if t["status"] == s)
                            for s in STATES},
              "overdue": sum(1 for t in scope if overdue(t)),
              "completed": sum(1 for t in scope if t["status"] == "completed"),
              "extended": sum(1 for t in scope if t["extensions"] and
                              t["status"] != "cancelled"),
              "extensions": sum(t["extensions"] for t in scope
                                if t["status"] != "cancelled"),
              "estimated_budget": sum(t["estimated_budget"] or 0 for t in
                                      scope if t["status"] != "cancelled")}
    # Per field of work (issue 15): a task counts in each of its fields.
    totals["by_field"] = {}
    for f in ("science_technology", "innovation", "digital_transformation",
              "admin_reform", "project06"):
        mine = [t for t in scope if f in t["fields"]]
        totals["by_field"][f] = {
            "tasks": len(mine),
            "in_program": sum(1 for t in mine if t["status"] == "in_program"),
            "completed": sum(1 for t in mine if t["status"] == "completed"),
            "overdue": sum(1 for t in mine if overdue(t)),
            "estimated_budget": sum(t["estimated_budget"] or 0 for t in mine
                                    if t["status"] != "cancelled")}
    return totals, rows


def known_data_set():
    """SYT gets one task of every kind of outcome."""
    sec, off, head = login("tk.bcd"), login("cb.syt"), login("gd.syt")

    def directive(deadline, **kw):
        r = sec.post("tasks", dict(kind="directive", name="Bộ dữ liệu mẫu",
                                   lead_agency="SYT", deadline=deadline,
                                   status="in_program", **kw))
        eq(r.status, 201, f"fixture {r}")
        return r.json

    def step(c, t, action):
        return c.post(f"tasks/{t['id']}/transitions",
                      {"action": action, "version": t["version"],
                       "comment": "Theo kết luận của Ban Chỉ đạo"}).json

    step(sec, directive(today(5), estimated_budget=1000), "complete")
    late_one = directive(today(-5), estimated_budget=2000)
    step(sec, late_one, "complete")                      # done late
    directive(today(-1))                                 # overdue
    reported = directive(today(30))
    r = off.post(f"tasks/{reported['id']}/reports", {
        "period": this_month(), "percent": 60, "health": "at_risk",
        "results": "Có kết quả"}).json
    r = off.post(f"reports/{r['id']}/transitions",
                 {"action": "submit", "version": r["version"]}).json
    head.post(f"reports/{r['id']}/transitions",
              {"action": "approve", "version": r["version"]})
    directive(today(30))                                  # no report
    cancelled = directive(today(30), estimated_budget=5000)
    step(sec, cancelled, "cancel")


def test_dashboard_matches_an_independent_count():
    known_data_set()
    lead = login("ld.bcd")
    year = datetime.datetime.now(VN).year
    tasks = all_pages(lead, "tasks")
    reports = all_pages(lead, "reports")
    agencies = rated_agencies(lead.get("agencies").json["items"], tasks)
    for y in (year, year - 1):
        d = lead.get(f"dashboard?year={y}").json
        eq((d["year"], d["period"]), (y, this_month()), "defaults")
        totals, rows = expected(tasks, reports, agencies, y, this_month())
        eq(d["totals"], totals, f"totals {y}")
        eq(d["totals"]["overdue"], len(d["overdue_tasks"]),
           "totals.overdue is the list's length")
        eq([a["code"] for a in d["agencies"]], [a["code"] for a in agencies],
           "every agency, in the province's order")
        for a in d["agencies"]:
            got = {k: a[k] for k in rows[a["code"]]}
            eq(got, rows[a["code"]], f"{a['code']} in {y}")
        eq(sorted(d["missing_registration"]),
           sorted(a["code"] for a in agencies
                  if a["kind"] in ("department", "party") and
                  rows[a["code"]]["registered"] == 0),
           "missing registration")
        eq(sorted(t["id"] for t in d["overdue_tasks"]),
           sorted(t["id"] for t in tasks if overdue(t) and
                  (t["year"] <= y)), "overdue list")
        check(all(t["overdue"] for t in d["overdue_tasks"]), "all overdue")
        check(all(t["status"] != "draft" for t in d["overdue_tasks"]),
              "no draft on the committee's overdue list")
        if y == year:
            syt = rows["SYT"]
    check(syt["done_on_time"] >= 1 and syt["done_late"] >= 1 and
          syt["at_risk"] >= 1 and syt["missing_reports"] >= 1 and
          syt["overdue"] >= 1, f"the known data set shows: {syt}")
    # An agency with no tasks at all.
    d = lead.get("dashboard").json
    x = [a for a in d["agencies"] if a["code"] == "XTANKY"][0]
    eq((x["in_program"], x["overdue"], x["avg_percent"], x["colour"],
        x["on_time_percent"], x["rank"]), (0, 0, None, None, None, None),
       "an empty agency is not rated")


def test_ranking_rule():
    """The ranking recomputed from the API's own task and report lists, as
    docs/API.md writes it: idle agencies are unrated and rank nowhere, an
    agency that owes its breakthrough registration is never green."""
    lead = login("ld.bcd")
    # An overdue draft of an agency with no other work: neither counted
    # overdue nor enough to rate the agency.
    off = login("cb.snv")
    r = off.post("tasks", {"kind": "breakthrough", "name": "Nháp quá hạn",
                           "deadline": today(-3)})
    eq(r.status, 201, f"draft {r}")
    year = datetime.datetime.now(VN).year
    tasks = all_pages(lead, "tasks")
    reports = all_pages(lead, "reports")
    agencies = rated_agencies(lead.get("agencies").json["items"], tasks)
    kinds = {a["code"]: a["kind"] for a in agencies}
    _, rows = expected(tasks, reports, agencies, year, this_month())
    d = lead.get("dashboard").json
    ags = d["agencies"]
    eq({a["code"]: a["colour"] for a in ags},
       {c: rows[c]["colour"] for c in rows}, "colours")

    def key(a):
        due = a["done_on_time"] + a["done_late"] + a["overdue"]
        share = a["done_on_time"] / due if due else 1.0
        return (-share, ["green", "yellow", "red"].index(a["colour"]),
                -a["done_on_time"], a["overdue"], a["missing_reports"])

    rated = [a for a in ags if a["in_program"] + a["completed"] +
             a["overdue"] > 0]
    idle = [a for a in ags if a not in rated]
    check(rated and idle, "the stack has rated and idle agencies")
    for a in ags:
        due = a["done_on_time"] + a["done_late"] + a["overdue"]
        want = None if due == 0 else half_up(100 * a["done_on_time"], due)
        eq(a["on_time_percent"], want, f"on_time_percent of {a['code']}")
    for a in rated:
        better = sum(1 for b in rated if key(b) < key(a))
        eq(a["rank"], better + 1, f"rank of {a['code']}")
    for a in idle:
        eq((a["rank"], a["colour"]), (None, None), f"{a['code']} unrated")
    eq(sorted(r["rank"] for r in rated)[-1] <= len(rated), True,
       "ranks are 1..number of rated agencies")
    # Every agency owing its registration: listed, and never green.
    owing = [a["code"] for a in ags
             if kinds[a["code"]] in ("department", "party") and
             a["registered"] == 0]
    check(owing, "some agencies have registered nothing")
    eq(sorted(d["missing_registration"]), sorted(owing),
       "missing registration")
    for a in ags:
        if a["code"] in owing:
            check(a["colour"] != "green", f"{a['code']} owes and is green")
    snv = [a for a in ags if a["code"] == "SNV"][0]
    check(not any(t["status"] == "draft" for t in d["overdue_tasks"]),
          "no draft overdue")
    eq(snv["overdue"], rows["SNV"]["overdue"], "SNV's overdue without drafts")


def test_who_sees_the_dashboard():
    expect_error(login("cb.skhcn").get("dashboard"), 403, "forbidden")
    expect_error(Client(SOURCE).get("dashboard"), 401,  # noqa: F821
                 "unauthenticated")
    d = login("gd.skhcn").get("dashboard").json
    eq([a["code"] for a in d["agencies"]], ["SKHCN"], "a head's own row")
    check(all(t["lead_agency"] == "SKHCN" for t in d["overdue_tasks"]),
          "a head's own overdue tasks")
    for u in ("tk.bcd", "admin", "tt.bcd"):
        eq(len(login(u).get("dashboard").json["agencies"]), 32, u)
    c = login("ld.bcd")
    for q, f in (("year=20x6", "year"), ("period=2026-13", "period"),
                 ("period=2026/01", "period"), ("agency=SKHCN", "agency")):
        expect_error(c.get("dashboard?" + q), 400, "validation_failed", f)


def test_databases_and_their_series():
    lead = login("ld.bcd")
    d = lead.get("dashboard").json
    dbs = [x for x in d["databases"]]
    eq(len([x for x in dbs if x["task"]["created_by"] == "tt.bcd"]), 11,
       "the 11 specialized databases of the demo")
    check(all(x["task"]["kind"] == "database" for x in dbs), "kind")
    # An approved report of a database shows up in its series.
    db = [x for x in dbs if x["task"]["lead_agency"] == "SYT"][0]["task"]
    off, head = login("cb.syt"), login("gd.syt")
    r = off.post(f"tasks/{db['id']}/reports", {
        "period": this_month(), "percent": 70, "health": "delayed",
        "results": "Đã số hóa 70% hồ sơ bệnh án"})
    if r.status == 409:     # a rerun on the same stack
        return
    r = r.json
    r = off.post(f"reports/{r['id']}/transitions",
                 {"action": "submit", "version": r["version"]}).json
    head.post(f"reports/{r['id']}/transitions",
              {"action": "approve", "version": r["version"]})
    d = lead.get("dashboard").json
    series = [x for x in d["databases"] if x["task"]["id"] == db["id"]][0]
    eq(series["series"][-1], {"period": this_month(), "percent": 70},
       "the month's point")


def test_every_figure_is_the_length_of_its_list():
    """Each figure of the dashboard, as the list the screen links it to
    (docs/API.md, "Filters that make each figure of the dashboard a list"),
    has exactly that many tasks: an agency's overdue count lists only the
    tasks it leads, missing reports only the tasks missing the report."""
    lead = login("ld.bcd")
    year = datetime.datetime.now(VN).year
    d = lead.get(f"dashboard?year={year}").json
    P = d["period"]

    def n(q):
        got = len(all_pages(lead, f"tasks?scope={year}&{q}"))
        eq(lead.get(f"tasks?scope={year}&{q}&limit=1").json["total"], got,
           f"total of {q}")
        return got

    eq(n("with_drafts=true"), d["totals"]["tasks"], "totals.tasks")
    eq(n("status=in_program"), d["totals"]["by_status"]["in_program"],
       "in the programme")
    eq(n("status=completed"), d["totals"]["completed"], "completed")
    eq(n("overdue=true&with_drafts=false"), d["totals"]["overdue"],
       "overdue")
    checked = 0
    for a in d["agencies"]:
        x = f"lead_agency={a['code']}"
        for fig, q in (("overdue", "overdue=true&with_drafts=false"),
                       ("missing_reports", f"missing_report={P}"),
                       ("in_program", "status=in_program"),
                       ("completed", "status=completed"),
                       ("on_track", "health=on_track"),
                       ("at_risk", "health=at_risk"),
                       ("delayed", "health=delayed")):
            if a[fig] or a["in_program"] or a["overdue"]:
                eq(n(f"{x}&{q}"), a[fig], f"{a['code']} {fig}")
                checked += 1
    check(checked > 10, f"figures compared: {checked}")
    # The rest of in_program: tasks with no approved report yet.
    for a in d["agencies"]:
        if a["in_program"]:
            eq(n(f"lead_agency={a['code']}&health=none"),
               a["in_program"] - a["on_track"] - a["at_risk"] - a["delayed"],
               f"{a['code']} without a report")
    # The lead filter is narrower than agency (lead or coordinating).
    skhcn = all_pages(lead, f"tasks?scope={year}&lead_agency=SKHCN")
    check(all(t["lead_agency"] == "SKHCN" for t in skhcn), "lead only")
    for q, f in (("lead_agency=XYZ", "lead_agency"), ("scope=20x6", "scope"),
                 ("missing_report=2026-13", "missing_report"),
                 ("with_drafts=no", "with_drafts"),
                 ("health=good", "health")):
        expect_error(lead.get("tasks?" + q), 400, "validation_failed", f)
