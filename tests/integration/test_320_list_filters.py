# SPDX-License-Identifier: ISC
"""The list's filters read from the source that suits them (issue 8,
fcgi/api/api_task.c filter_source: agency= from task_visibility,
committee= from the committee's agencies, overdue=true from
tasks_overdue; a commune's sorted pages from its committee's tasks).
Whatever the source, every page and every total must be exactly what a
straightforward query gives: for many combinations of filters, users and
sorts, the list walked to its end (small pages, so cursors are crossed)
is compared with "SELECT id FROM tasks WHERE id IN (what the user sees)
AND <each filter written plainly> ORDER BY <key>, id", and the first
page's total with its length.  The conditions below are written from
docs/API.md, not copied from the product's SQL.  It runs after the
dashboard and commune tests on purpose: the commune tasks it leaves, and
the task it moves straight in the database, are not the province's
figures those tests count."""

import datetime
import zoneinfo

from lib import Client, check, eq, registration, sql_root

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
OPEN = "('draft', 'submitted', 'approved', 'returned', 'in_program')"
SORT_KEYS = {
    "deadline": "COALESCE(k.deadline, DATE '9999-12-31')",
    "name": "k.name_fold",
    "progress": "COALESCE(k.progress_percent, -1)",
    "updated": "k.updated_at",
    "lead_agency": "(SELECT a.name FROM agencies a "
                   "WHERE a.code = k.lead_agency)",
    "status": "(k.status + 0)",
}
SORTS = [None] + [s for k in SORT_KEYS for s in (k, "-" + k)]


def login(user):
    c = Client(SOURCE)  # noqa: F821
    c.login(user)
    return c


def today():
    return datetime.datetime.now(VN).date()


def condition(name, value):
    """One filter as plain SQL on tasks k."""
    if name in ("year", "status", "kind"):
        return f"k.{name} = '{value}'"
    if name == "agency":
        return (f"(k.lead_agency = '{value}' OR k.id IN (SELECT task_id "
                f"FROM task_coordinators WHERE agency_code = '{value}'))")
    if name == "lead_agency":
        return f"k.lead_agency = '{value}'"
    if name == "overdue":
        od = (f"(k.deadline IS NOT NULL AND k.deadline < "
              f"'{today().isoformat()}' AND k.status IN {OPEN})")
        return od if value == "true" else f"NOT {od}"
    if name == "scope":
        return (f"(k.year = {value} OR (k.year < {value} AND k.status "
                f"NOT IN ('completed', 'cancelled')))")
    if name == "missing_report":
        return (f"(k.status = 'in_program' AND k.id NOT IN (SELECT task_id "
                f"FROM reports WHERE period = '{value}' AND status IN "
                f"('submitted', 'approved')))")
    if name == "with_drafts":
        return "k.status <> 'draft'" if value == "false" else "1"
    if name == "health":
        return (f"(k.status = 'in_program' AND "
                f"COALESCE(k.progress_health, 'none') = '{value}')")
    if name == "field":
        return f"FIND_IN_SET('{value}', k.fields) > 0"
    if name == "committee":
        return (f"k.lead_agency IN (SELECT code FROM agencies WHERE "
                f"committee = '{value}')")
    raise AssertionError(name)


def expected(visible, query, sort):
    where = [f"k.id IN ({','.join(str(i) for i in visible) or 'NULL'})"]
    for part in query.split("&") if query else []:
        name, value = part.split("=", 1)
        where.append(condition(name, value))
    if sort is None:
        order = "k.id DESC"
    else:
        d = "DESC" if sort.startswith("-") else "ASC"
        order = f"{SORT_KEYS[sort.lstrip('-')]} {d}, k.id {d}"
    rc, out, err = sql_root(f"SELECT k.id FROM tasks k WHERE "
                            f"{' AND '.join(where)} ORDER BY {order}")
    eq(rc, 0, err)
    return [int(v) for v in out.split()]


def walk(c, query, sort, limit):
    q = f"limit={limit}" + (f"&{query}" if query else "") + \
        (f"&sort={sort}" if sort else "")
    r = c.get("tasks?" + q)
    eq(r.status, 200, f"{q}: {r}")
    total, ids, pages = r.json["total"], [], 1
    while True:
        ids += [t["id"] for t in r.json["items"]]
        cur = r.json.get("next_cursor")
        if not cur:
            return total, ids
        r = c.get(f"tasks?{q}&cursor={cur}")
        eq(r.status, 200, f"{q} page {pages + 1}: {r}")
        eq("total" in r.json, False, f"{q}: only the first page counts")
        pages += 1
        check(pages < 500, f"{q}: the walk ends")


def commune_tasks():
    """A few tasks of the commune Thành Vinh (one coordinated by a
    province's department, two past their deadline), so that its users'
    lists are not empty."""
    off = login("cb.tvinh.vhxh")
    ids = []
    for i, extra in enumerate(({}, {"fields": ["innovation"]},
                               {"coordinating_agencies": ["SKHCN",
                                                          "TVINH_KT"]})):
        r = off.post("tasks", registration(
            name=f"Bộ lọc phường Thành Vinh {i}", **extra))
        eq(r.status, 201, f"create: {r}")
        ids.append(r.json["id"])
    past = (today() - datetime.timedelta(days=3)).isoformat()
    # The one SKHCN coordinates too: task_visibility's copy of the
    # deadline (0047) follows it to every agency's rows.
    rc, _, err = sql_root(f"UPDATE tasks SET deadline = '{past}' "
                          f"WHERE id IN ({ids[0]}, {ids[2]})")
    eq(rc, 0, err)
    # Straight in the database, as no write path does: the kept counts
    # (dash_tally, migrations 0035 and 0040) follow any change by their
    # triggers.
    rc, _, err = sql_root(
        f"UPDATE tasks SET fields = 'innovation,project06', "
        f"progress_health = 'at_risk', status = 'in_program', "
        f"year = year - 1 WHERE id = {ids[1]}")
    eq(rc, 0, err)


def month_reports(month):
    """This month's reports for two in_program tasks, one submitted and
    one approved, so that missing_report= is fewer than in_program."""
    for off, head in (("cb.skhcn", None), ("cb.snv", "gd.snv")):
        agency = off.split(".")[1].upper()
        rc, out, err = sql_root(
            f"SELECT t.id FROM tasks t WHERE t.lead_agency = '{agency}' AND"
            " t.status = 'in_program' AND NOT EXISTS (SELECT 1 FROM reports"
            f" r WHERE r.task_id = t.id AND r.period = '{month}')"
            " ORDER BY t.id DESC LIMIT 1")
        eq(rc, 0, err)
        c = login(off)
        r = c.post(f"tasks/{int(out.split()[0])}/reports",
                   {"period": month, "percent": 40, "health": "on_track",
                    "results": "Đã làm một phần"})
        eq(r.status, 201, f"{off}'s report: {r}")
        r = c.post(f"reports/{r.json['id']}/transitions",
                   {"action": "submit", "version": r.json["version"]})
        eq(r.status, 200, f"{off} submits: {r}")
        if head:
            r = login(head).post(f"reports/{r.json['id']}/transitions",
                                 {"action": "approve",
                                  "version": r.json["version"]})
            eq(r.status, 200, f"{head} approves: {r}")


def kept_counts_agree():
    # The kept total sums dash_tally (0035; 0040's count of database
    # tasks): every row as a recount from the tasks, none left over.
    rc, out, err = sql_root(
        "SELECT COUNT(*) FROM (SELECT t.lead_agency a, t.year y, f.field fl, "
        "t.status s, nv_dash_sub(t.status, t.progress_health, t.yardstick, "
        "t.completed_at, t.deadline, t.original_deadline) sb, COUNT(*) n, "
        "SUM(t.kind = 'breakthrough') b, SUM(t.kind = 'database') d "
        "FROM tasks t JOIN dash_fields f ON f.field = '' OR "
        "FIND_IN_SET(f.field, t.fields) > 0 GROUP BY 1, 2, 3, 4, 5) x "
        "LEFT JOIN dash_tally c ON c.agency_code = x.a AND c.year = x.y AND "
        "c.field = x.fl AND c.status = x.s AND c.sub = x.sb "
        "WHERE NOT (c.n <=> x.n AND c.breakthrough <=> x.b AND "
        "c.kdatabase <=> x.d)")
    eq((rc, out.strip()), (0, "0"), f"dash_tally = GROUP BY tasks {err}")
    rc, out, err = sql_root("SELECT (SELECT SUM(n) FROM dash_tally WHERE "
                            "field = ''), (SELECT COUNT(*) FROM tasks)")
    a, b = out.split()
    eq((rc, a), (0, b), f"no count left over {err}")


def test_filters_users_and_sorts_against_a_plain_query():
    commune_tasks()
    y = today().year
    month = today().isoformat()[:7]
    month_reports(month)
    kept_counts_agree()
    filters = [
        "", f"year={y}", f"year={y - 1}", "status=in_program",
        "status=draft", "status=completed", "kind=directive",
        "agency=SKHCN", "agency=SCT", "agency=TVINH_VHXH",
        "lead_agency=SKHCN", "overdue=true", "overdue=false", f"scope={y}",
        f"missing_report={month}", "field=digital_transformation",
        "health=on_track", "health=none", "committee=TINH",
        "committee=TVINH", "with_drafts=false",
        "agency=SKHCN&status=in_program&overdue=false",
        f"year={y}&status=in_program&lead_agency=SKHCN",
        "overdue=true&agency=SKHCN", "overdue=true&committee=TINH",
        "committee=TVINH&overdue=false&with_drafts=false",
        f"agency=SKHCN&committee=TINH&year={y}",
        "overdue=true&kind=directive&with_drafts=false",
        f"field=innovation&scope={y}&agency=SNV",
        f"field=project06&health=at_risk&scope={y}",
        f"year={y - 1}&kind=breakthrough&with_drafts=false&field=innovation",
        f"status=in_program&health=none&kind=directive",
        # Issue 8, second pass: the province's total by the complement
        # (every task less the other committees'), with kept filters.
        f"committee=TINH&year={y}&status=in_program",
        "committee=TINH&with_drafts=false&field=innovation",
        # Issue 8, fifth pass: one agency's total from its kept rows of
        # task_visibility (an official's own, agency= for the others),
        # and the rows chosen by what they hold.
        f"agency=SNV&status=in_program&year={y}",
        "agency=SKHCN&with_drafts=false", "agency=SNV&kind=breakthrough",
        f"agency=TVINH_VHXH&scope={y}", f"year={y}&kind=database&status=draft",
        f"scope={y - 1}&status=submitted",
        # missing_report= from the dashboard's summary rows (the
        # secretariat) or the agency's in_program rows (an official).
        f"missing_report={month}&year={y}",
        f"missing_report={month}&scope={y}",
        f"missing_report={month}&field=innovation&lead_agency=SKHCN",
        f"missing_report={month}&status=in_program&with_drafts=false",
        f"missing_report={month}&status=draft",
        f"missing_report={month}&agency=SKHCN",
    ]
    checked = nonempty = 0
    for user in ("tt.bcd", "cb.skhcn", "tk.tvinh", "cb.tvinh.vhxh"):
        c = login(user)
        _, visible = walk(c, "", None, 200)
        check(len(visible) > 0, f"{user} sees tasks")
        for i, query in enumerate(filters):
            # Every filter in the default order and in two sorts, the sorts
            # turning with the filters so that each is met by every user.
            for sort in {None, SORTS[1 + i % 12], SORTS[1 + (i + 5) % 12]}:
                want = expected(visible, query, sort)
                limit = 7 if (i + len(user)) % 3 == 0 else 50
                total, got = walk(c, query, sort, limit)
                eq(got, want, f"{user} {query} sort={sort}: the rows")
                eq(total, len(want), f"{user} {query} sort={sort}: total")
                checked += 1
                nonempty += bool(want)
    # The comparisons meant something: most of them listed tasks.
    check(nonempty > checked // 2, f"{nonempty} of {checked} non-empty")
