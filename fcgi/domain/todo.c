/* SPDX-License-Identifier: ISC */
/*
 * What waits on a user (todo.h).  One query per kind of item, each asked
 * only of the roles it concerns: a head approves, the secretariat accepts,
 * the lead agency's officials and head fix, report and meet deadlines,
 * everyone who sees a task reads leadership's directions on it.
 */
#include <stdio.h>
#include <string.h>

#include "auth/policy.h"
#include "fcgi/base/db.h"
#include "fcgi/base/str.h"
#include "fcgi/domain/todo.h"

const char *const todo_kind_names[TODO__MAX] = {
    [TODO_APPROVE_TASK] = "approve_task",
    [TODO_APPROVE_REPORT] = "approve_report",
    [TODO_ACCEPT_TASK] = "accept_task",
    [TODO_FIX_TASK] = "fix_task",
    [TODO_FIX_REPORT] = "fix_report",
    [TODO_WRITE_REPORT] = "write_report",
    [TODO_DUE_SOON] = "due_soon",
    [TODO_OVERDUE] = "overdue",
    [TODO_DIRECTION] = "direction",
    [TODO_VALUE_DUE] = "indicator_value_due",
    [TODO_APPROVE_VALUE] = "approve_indicator_value",
    [TODO_MILESTONE_OVERDUE] = "milestone_overdue",
    [TODO_APPROVE_CONTRIBUTION] = "approve_contribution",
    [TODO_FIX_CONTRIBUTION] = "fix_contribution",
};

#define TS(x) "DATE_FORMAT(" x ", '%Y-%m-%dT%H:%i:%sZ')"

/* After the task's columns: report id (or 0) and since. */
static const char q_approve_task[] =
    "SELECT {cols}, 0, " TS("t.updated_at") " FROM tasks t "
                                            "WHERE t.status = 'submitted' AND "
                                            "t.lead_agency = ? ORDER BY t.id";
static const char q_approve_report[] = "SELECT {cols}, r.id, " TS(
    "r.updated_at") " FROM reports r "
                    "JOIN tasks t ON t.id = r.task_id "
                    "WHERE r.status = 'submitted' AND t.lead_agency = ? ORDER "
                    "BY r.id";
static const char q_accept_task[] = "SELECT {cols}, 0, " TS(
    "t.updated_at") " FROM tasks t "
                    "WHERE t.status = 'approved' AND " TASK_SCOPE(
                        "t") " ORDER BY t.id";
static const char q_fix_task[] =
    "SELECT {cols}, 0, " TS("t.updated_at") " FROM tasks t "
                                            "WHERE t.status = 'returned' AND "
                                            "t.lead_agency = ? ORDER BY t.id";
static const char q_fix_report[] = "SELECT {cols}, r.id, " TS(
    "r.updated_at") " FROM reports r "
                    "JOIN tasks t ON t.id = r.task_id "
                    "WHERE r.status = 'returned' AND t.status = 'in_program' "
                    "AND "
                    "t.lead_agency = ? ORDER BY r.id";
/* This month's report: none sent yet (a draft is still to write). */
static const char q_write_report[] =
    "SELECT {cols}, COALESCE((SELECT r.id FROM reports r WHERE "
    "r.task_id = t.id AND r.period = ? AND r.status = 'draft'), 0), "
    "CONCAT(?, '-01') FROM tasks t "
    "WHERE t.status = 'in_program' AND t.lead_agency = ? AND NOT EXISTS "
    "(SELECT 1 FROM reports r WHERE r.task_id = t.id AND r.period = ? AND "
    "r.status IN ('submitted', 'approved', 'returned')) ORDER BY t.id";
static const char q_due_soon[] =
    "SELECT {cols}, 0, t.deadline FROM tasks t "
    "WHERE t.status = 'in_program' AND t.lead_agency = ? AND "
    "t.deadline BETWEEN ? AND DATE_ADD(?, INTERVAL 7 DAY) "
    "ORDER BY t.deadline, t.id";
static const char q_overdue[] =
    "SELECT {cols}, 0, t.deadline FROM tasks t "
    "WHERE t.status = 'in_program' AND t.lead_agency = ? AND "
    "t.deadline < ? ORDER BY t.deadline, t.id";
/* Directions since the user's read marker, on the tasks they see. */
static const char q_direction[] = "SELECT {cols}, a.id, " TS(
    "a.at") ", a.comment FROM audit a "
            "JOIN tasks t ON t.id = a.task_id "
            "WHERE a.action = 'direction' AND a.report_id IS NULL AND "
            "a.actor <> ? AND a.id > COALESCE((SELECT d.last_id FROM "
            "direction_reads d WHERE d.username = ? AND d.task_id = t.id), 0) "
            "AND " TASK_VISIBLE("t") " ORDER BY a.id";

static const char q_value_due[] =
    "SELECT i.id, i.code, i.name, i.frequency FROM indicators i "
    "WHERE i.agency = ? AND i.status = 'active' AND NOT EXISTS (SELECT 1 "
    "FROM indicator_values v WHERE v.indicator_id = i.id AND v.period = "
    "IF(i.frequency = 'month', ?, ?) AND v.status IN ('submitted', "
    "'approved')) AND (i.baseline_period IS NULL OR i.baseline_period < "
    "IF(i.frequency = 'month', ?, ?)) ORDER BY i.code";
static const char q_approve_value[] =
    "SELECT i.id, i.code, i.name, v.period, v.id, " TS(
        "v.updated_at") " FROM indicator_values v JOIN indicators i ON i.id = "
                        "v.indicator_id "
                        "WHERE v.status = 'submitted' AND i.agency = ? ORDER "
                        "BY v.id";

/*
 * Issue 15.  A milestone whose date passed, open, of a task in the
 * programme: the lead agency's (since: the date; text: its name).  A
 * coordinating body's contribution sent for its head's decision, or
 * returned to its officials (text: the period).
 */
static const char q_milestone_overdue[] =
    "SELECT {cols}, m.id, DATE_FORMAT(m.due, '%Y-%m-%d'), m.name "
    "FROM task_milestones m JOIN tasks t ON t.id = m.task_id "
    "WHERE m.status = 'open' AND m.due < ? AND t.status = 'in_program' "
    "AND t.lead_agency = ? ORDER BY m.due, m.id";
static const char q_approve_contribution[] = "SELECT {cols}, c.id, " TS(
    "c.updated_at") ", c.period "
                    "FROM report_contributions c JOIN tasks t ON t.id = "
                    "c.task_id "
                    "WHERE c.status = 'submitted' AND c.agency_code = ? ORDER "
                    "BY c.id";
static const char q_fix_contribution[] = "SELECT {cols}, c.id, " TS(
    "c.updated_at") ", c.period "
                    "FROM report_contributions c JOIN tasks t ON t.id = "
                    "c.task_id "
                    "WHERE c.status = 'returned' AND t.status = 'in_program' "
                    "AND c.agency_code = ? ORDER BY c.id";

struct run {
	struct arena *a;
	enum todo_kind kind;
	todo_fn fn;
	void *ctx;
	const char *first_of_month; /* since of the indicator kinds */
	struct str month, quarter;  /* the last complete periods */
};

static enum nv_err
task_row(void *ctx, const struct str *c, size_t n)
{
	struct run *r = ctx;
	struct todo_item it = {0};
	struct task t;
	size_t k = record_ncols(&task_record);
	enum nv_err rc;

	if (n < k + 2 || (rc = task_parse(c, n, &t)) != NV_OK)
		return NV_EINTERNAL;
	/* The row's cells live only until we return: keep what we pass. */
	it.kind = r->kind;
	it.task = &t;
	it.report_id = db_str_int(c[k]);
	it.since = c[k + 1];
	if (n > k + 2)
		it.text = c[k + 2];
	return r->fn(r->ctx, &it);
}

static enum nv_err
value_due_row(void *ctx, const struct str *c, size_t n)
{
	struct run *r = ctx;
	struct todo_item it = {0};

	if (n < 4)
		return NV_EINTERNAL;
	it.kind = TODO_VALUE_DUE;
	it.indicator_id = db_str_int(c[0]);
	it.indicator_code = c[1];
	it.indicator_name = c[2];
	it.period = str_eq(c[3], "month") ? r->month : r->quarter;
	it.since = str_c(r->first_of_month);
	return r->fn(r->ctx, &it);
}

static enum nv_err
approve_value_row(void *ctx, const struct str *c, size_t n)
{
	struct run *r = ctx;
	struct todo_item it = {0};

	if (n < 6)
		return NV_EINTERNAL;
	it.kind = TODO_APPROVE_VALUE;
	it.indicator_id = db_str_int(c[0]);
	it.indicator_code = c[1];
	it.indicator_name = c[2];
	it.period = c[3];
	it.report_id = db_str_int(c[4]);
	it.since = c[5];
	return r->fn(r->ctx, &it);
}

static enum nv_err
each(struct run *r, enum todo_kind k, const char *tmpl,
    const struct db_param *p, size_t n)
{
	r->kind = k;
	return db_each(TASK_SQL(tmpl), p, n, task_row, r);
}

enum nv_err
todo_collect(struct arena *a, const struct user *u, const char *today,
    todo_fn fn, void *ctx)
{
	const unsigned head = ROLE_BIT(ROLE_HEAD);
	const unsigned writer = ROLE_BIT(ROLE_OFFICIAL) | head;
	struct run r = {a, 0, fn, ctx, NULL, STR_NULL, STR_NULL};
	struct str ag = str_c(u->agency_code), day = str_c(today);
	struct str month = {today, 7};
	char first[11], prev_m[16], prev_q[16];
	int y, m, q;
	enum nv_err rc;

	snprintf(first, sizeof(first), "%.7s-01", today);
	/* The last complete month and quarter: values are due for them. */
	if (sscanf(today, "%4d-%2d", &y, &m) != 2 || y < 2000 || y > 9999 ||
	    m < 1 || m > 12)
		return NV_EINTERNAL;
	q = (m - 1) / 3 + 1;
	snprintf(prev_m, sizeof(prev_m), "%04d-%02d", m == 1 ? y - 1 : y,
	    m == 1 ? 12 : m - 1);
	snprintf(prev_q, sizeof(prev_q), "%04d-Q%d", q == 1 ? y - 1 : y,
	    q == 1 ? 4 : q - 1);
	r.first_of_month = first;
	r.month = str_c(prev_m);
	r.quarter = str_c(prev_q);

	struct db_param pa[] = {DBP_STR(ag)};
	/* A head, or an acting head by delegation (issue 12). */
	if (ag.p != NULL && policy_agency_head(u->roles) &&
	    ((rc = each(&r, TODO_APPROVE_TASK, q_approve_task, pa, 1)) ||
	        (rc = each(&r, TODO_APPROVE_REPORT, q_approve_report, pa, 1))))
		return rc;
	struct db_param ps[TASK_SCOPE_NPARAMS];
	task_scope_params(u, ps); /* a commune's own (issue 14) */
	if ((u->roles & ROLE_BIT(ROLE_SECRETARIAT)) &&
	    (rc = each(&r, TODO_ACCEPT_TASK, q_accept_task, ps, NELEM(ps))))
		return rc;
	if (ag.p != NULL && (u->roles & writer)) {
		struct db_param pw[] = {DBP_STR(month), DBP_STR(month),
		    DBP_STR(ag), DBP_STR(month)};
		struct db_param pd[] = {
		    DBP_STR(ag), DBP_STR(day), DBP_STR(day)};
		struct db_param po[] = {DBP_STR(ag), DBP_STR(day)};
		if ((rc = each(&r, TODO_FIX_TASK, q_fix_task, pa, 1)) ||
		    (rc = each(&r, TODO_FIX_REPORT, q_fix_report, pa, 1)) ||
		    (rc = each(&r, TODO_WRITE_REPORT, q_write_report, pw, 4)) ||
		    (rc = each(&r, TODO_DUE_SOON, q_due_soon, pd, 3)) ||
		    (rc = each(&r, TODO_OVERDUE, q_overdue, po, 2)))
			return rc;
	}
	{
		struct db_param pr[2 + TASK_VISIBLE_NPARAMS] = {
		    DBP_STR(str_c(u->username)), DBP_STR(str_c(u->username))};
		task_visible_params(u, pr + 2);
		if ((rc = each(&r, TODO_DIRECTION, q_direction, pr,
		         NELEM(pr))) != NV_OK)
			return rc;
	}
	if (ag.p != NULL && (u->roles & writer)) {
		struct db_param pv[] = {DBP_STR(ag), DBP_STR(r.month),
		    DBP_STR(r.quarter), DBP_STR(r.month), DBP_STR(r.quarter)};
		if ((rc = db_each(
		         q_value_due, pv, NELEM(pv), value_due_row, &r)))
			return rc;
	}
	if (ag.p != NULL && policy_agency_head(u->roles) &&
	    (rc = db_each(q_approve_value, pa, 1, approve_value_row, &r)))
		return rc;
	if (ag.p != NULL && (u->roles & writer)) {
		struct db_param pm[] = {DBP_STR(day), DBP_STR(ag)};
		if ((rc = each(&r, TODO_MILESTONE_OVERDUE, q_milestone_overdue,
		         pm, NELEM(pm))))
			return rc;
	}
	if (ag.p != NULL && (u->roles & head) &&
	    (rc = each(
	         &r, TODO_APPROVE_CONTRIBUTION, q_approve_contribution, pa, 1)))
		return rc;
	if (ag.p != NULL && (u->roles & writer) &&
	    (rc = each(&r, TODO_FIX_CONTRIBUTION, q_fix_contribution, pa, 1)))
		return rc;
	(void)a;
	return NV_OK;
}

enum nv_err
todo_directions_read(const char *username, int64_t task_id)
{
	static const char sql[] =
	    "INSERT INTO direction_reads (username, task_id, last_id) "
	    "SELECT ?, ?, COALESCE(MAX(id), 0) FROM audit WHERE task_id = ? "
	    "AND action = 'direction' "
	    "ON DUPLICATE KEY UPDATE last_id = VALUES(last_id)";
	struct db_param p[] = {
	    DBP_STR(str_c(username)), DBP_INT(task_id), DBP_INT(task_id)};

	return db_exec(sql, p, NELEM(p), NULL, NULL);
}
