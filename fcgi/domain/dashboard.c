/* SPDX-License-Identifier: ISC */
/* Consolidated status: four aggregate queries and a ranking in C. */
#include <stdlib.h>
#include <string.h>

#include "auth/sess.h"
#include "fcgi/base/clock.h"
#include "fcgi/domain/dashboard.h"
#include "fcgi/base/str.h"
#include "fcgi/domain/task.h"
#include "fcgi/domain/vocab.h"

bool
dash_period_ok(struct str s)
{
	int m;

	if (s.len != 7 || s.p[4] != '-' ||
	    str_to_i64((struct str){s.p, 4}, YEAR_MIN, YEAR_MAX,
	        &(int64_t){0}) != NV_OK ||
	    s.p[5] < '0' || s.p[5] > '1' || s.p[6] < '0' || s.p[6] > '9')
		return false;
	m = (s.p[5] - '0') * 10 + (s.p[6] - '0');
	return m >= 1 && m <= 12;
}

enum nv_err
dash_params(struct req *rq, struct dashboard *d)
{
	const struct user *u = &rq->sess->user;
	struct str s;

	memset(d, 0, sizeof(*d));
	d->year = clock_year();
	clock_period(d->period);
	clock_today(d->today);
	if ((s = req_query(rq, "year")).p != NULL &&
	    str_to_i64(s, YEAR_MIN, YEAR_MAX, &d->year) != NV_OK)
		return req_fail(rq, NV_EINVAL, "year", "Năm không hợp lệ.");
	if ((s = req_query(rq, "field")).p != NULL) {
		int k = -1, i;

		for (i = 0; i < VOCAB_NFIELDS && k < 0; i++)
			if (str_eq(s, vocab_fields[i]))
				k = i;
		if (k < 0)
			return req_fail(
			    rq, NV_EINVAL, "field", "Lĩnh vực không hợp lệ.");
		d->field = str_c(vocab_fields[k]);
	}
	if ((s = req_query(rq, "period")).p != NULL) {
		if (!dash_period_ok(s))
			return req_fail(rq, NV_EINVAL, "period",
			    "Kỳ phải có dạng YYYY-MM.");
		memcpy(d->period, s.p, 7);
		d->period[7] = '\0';
	}
	/* A head sees their own agency's row; the committee sees all. */
	if (!(u->roles & (ROLE_BIT(ROLE_SECRETARIAT) |
	                     ROLE_BIT(ROLE_LEADERSHIP) | ROLE_BIT(ROLE_ADMIN))))
		d->only = str_c(u->agency_code);
	return req_query_unused(rq);
}

/* Whether the comma-separated set holds word. */
static bool
set_has(struct str set, struct str word)
{
	const char *p = set.p, *end = set.p + set.len, *comma;

	while (set.len > 0 && p <= end) {
		if ((comma = memchr(p, ',', (size_t)(end - p))) == NULL)
			comma = end;
		if ((size_t)(comma - p) == word.len &&
		    memcmp(p, word.p, word.len) == 0)
			return true;
		p = comma + 1;
	}
	return false;
}

static struct dash_agency *
find(struct dashboard *d, struct str code)
{
	size_t i;

	for (i = 0; i < d->nag; i++)
		if (d->ag[i].code.len == code.len &&
		    memcmp(d->ag[i].code.p, code.p, code.len) == 0)
			return &d->ag[i];
	return NULL;
}

static int
colour_rank(const char *c)
{
	return c[0] == 'g' ? 0 : c[0] == 'y' ? 1 : 2;
}

/*
 * The committee's evaluation order, best first, among rated agencies only
 * (see rank()): the share of due work done on time (done_on_time /
 * (done_on_time + done_late + overdue); an agency whose work is not due yet
 * has nothing late, so counts as 1), then colour (green, yellow, red), then
 * more work done on time, fewer overdue, fewer missing reports.  Agencies
 * equal on all of these share a rank.  Written in docs/API.md.
 */
static int
rank_cmp(const void *a, const void *b)
{
	const struct dash_agency *x = *(const struct dash_agency *const *)a;
	const struct dash_agency *y = *(const struct dash_agency *const *)b;
	double sx = x->has_share ? x->share : 1,
	       sy = y->has_share ? y->share : 1;

	if (sx != sy)
		return sx > sy ? -1 : 1;
	if (colour_rank(x->colour) != colour_rank(y->colour))
		return colour_rank(x->colour) - colour_rank(y->colour);
	if (x->done_on_time != y->done_on_time)
		return x->done_on_time > y->done_on_time ? -1 : 1;
	if (x->overdue != y->overdue)
		return x->overdue < y->overdue ? -1 : 1;
	if (x->missing_reports != y->missing_reports)
		return x->missing_reports < y->missing_reports ? -1 : 1;
	return 0;
}

bool
dash_must_register(const struct dash_agency *a)
{
	return a->must_register;
}

/*
 * An agency is rated only on work the committee follows: a task in the
 * programme, completed, or overdue.  One with none has earned neither a
 * colour nor a rank; rating it green put idle agencies at the top of the
 * ranking that feeds the annual evaluation (issue 17).
 */
static void
rank(struct req *rq, struct dashboard *d)
{
	struct dash_agency **order;
	size_t i, n = 0;

	for (i = 0; i < d->nag; i++) {
		struct dash_agency *a = &d->ag[i];
		int64_t due = a->done_on_time + a->done_late + a->overdue;

		a->has_share = due > 0;
		a->share = due > 0 ? (double)a->done_on_time / (double)due : 0;
		a->is_rated = a->in_program + a->completed + a->overdue > 0;
		a->rank = 0;
		/* A missing registration is a missing duty, like a report. */
		a->colour =
		    !a->is_rated     ? NULL
		    : a->overdue > 0 ? "red"
		    : a->missing_reports > 0 ||
		            (a->registered == 0 && dash_must_register(a))
		        ? "yellow"
		        : "green";
	}
	if ((order = arena_alloc(rq->arena, (d->nag + 1) * sizeof(*order))) ==
	    NULL)
		return;
	for (i = 0; i < d->nag; i++)
		if (d->ag[i].is_rated)
			order[n++] = &d->ag[i];
	qsort(order, n, sizeof(*order), rank_cmp);
	for (i = 0; i < n; i++)
		order[i]->rank =
		    i > 0 && rank_cmp(&order[i - 1], &order[i]) == 0
		        ? order[i - 1]->rank
		        : (int)i + 1;
}

/* Adds grouped rows of this_year or carried (see dash_compute) in. */
static void
add_groups(struct dashboard *d, const struct db_res *r)
{
	struct dash_agency *a, none;
	struct str h;
	int64_t n, pct, budget;
	size_t i;
	int st;
	bool past_due, late, now;

	for (i = 0; i < r->nrows; i++) {
		if ((st = policy_state_from(
		         db_cell(r, i, 1).p, db_cell(r, i, 1).len)) < 0)
			continue;
		if ((a = find(d, db_cell(r, i, 0))) == NULL) {
			memset(&none, 0, sizeof(none));
			a = &none; /* another agency: the totals still count */
		}
		h = db_cell(r, i, 3);
		past_due = db_int(r, i, 4) == 1;
		late = db_int(r, i, 5) == 1;
		n = db_int(r, i, 6);
		pct = db_int(r, i, 7);
		budget = db_int(r, i, 8);
		now = db_int(r, i, 9) == 1;

		d->tasks += n;
		d->by_status[st] += n;
		if (st != TS_CANCELLED) {
			d->budget += budget;
			a->budget += budget;
		}
		/* A draft is the agency's own notebook, not yet the
		 * committee's business: never counted overdue here. */
		if (st != TS_COMPLETED && st != TS_CANCELLED &&
		    st != TS_DRAFT && past_due) {
			d->overdue += n;
			a->overdue += n;
		}
		if (now && str_eq(db_cell(r, i, 2), "breakthrough") &&
		    st != TS_DRAFT && st != TS_CANCELLED)
			a->registered += n;
		if (st == TS_COMPLETED) {
			d->completed += n;
			a->completed += n;
			if (late)
				a->done_late += n;
			else
				a->done_on_time += n;
			a->pct_sum += 100 * n;
			a->pct_n += n;
		} else if (st == TS_IN_PROGRAM) {
			a->in_program += n;
			a->pct_sum += pct;
			a->pct_n += n;
			if (str_eq(h, "on_track"))
				a->on_track += n;
			else if (str_eq(h, "at_risk"))
				a->at_risk += n;
			else if (str_eq(h, "delayed"))
				a->delayed += n;
		}
	}
}

enum nv_err
dash_compute(struct req *rq, struct dashboard *d)
{
	/* A retired agency with nothing written under it is not rated
	 * (migration 0021); one that led tasks keeps its row. */
	static const char agencies[] =
	    "SELECT code, name, kind FROM agencies a "
	    "WHERE (? IS NULL OR code = ?) AND (a.retired_at IS NULL OR "
	    "EXISTS (SELECT 1 FROM tasks t WHERE t.lead_agency = a.code)) "
	    "ORDER BY position, code";
	/*
	 * A year's scope is its own tasks (this_year) and earlier ones still
	 * open: two index ranges, grouped by what the figures depend on, and
	 * summed up in C.  Summing in SQL with one expression per figure cost
	 * 70 ms at 100,000 tasks (string comparisons of the ENUMs per row);
	 * grouping costs 20 ms.  Late is task_outcome()'s rule (issue 15):
	 * against the yardstick, or without one against the deadline in force
	 * and the accepted one.
	 */
	static const char this_year[] =
	    "SELECT lead_agency, status, kind, progress_health, deadline < ?, "
	    "IF(yardstick IS NOT NULL, COALESCE(completed_at > yardstick, 0), "
	    "COALESCE(completed_at > deadline, 0) OR "
	    "COALESCE(completed_at > original_deadline, 0)), COUNT(*), "
	    "SUM(progress_percent), SUM(estimated_budget), 1 "
	    "FROM tasks FORCE INDEX (tasks_dashboard) "
	    "WHERE year = ? AND (? IS NULL OR lead_agency = ?) "
	    "AND (? IS NULL OR FIND_IN_SET(?, fields) > 0) "
	    "GROUP BY 1, 2, 3, 4, 5, 6";
	static const char carried[] =
	    "SELECT lead_agency, status, kind, progress_health, deadline < ?, "
	    "0, COUNT(*), SUM(progress_percent), SUM(estimated_budget), 0 "
	    "FROM tasks WHERE status IN " TASK_OPEN_SQL " AND year < ? "
	    "AND (? IS NULL OR lead_agency = ?) "
	    "AND (? IS NULL OR FIND_IN_SET(?, fields) > 0) "
	    "GROUP BY 1, 2, 3, 4, 5";
	/*
	 * In-programme tasks with nothing submitted or approved for the
	 * month; unfinished tasks are in every later year's scope.
	 */
	static const char missing[] =
	    "SELECT t.lead_agency, COUNT(*) FROM tasks t "
	    "WHERE t.status = 'in_program' AND t.year <= ? "
	    "AND (? IS NULL OR t.lead_agency = ?) AND NOT EXISTS ("
	    "SELECT 1 FROM reports r WHERE r.task_id = t.id AND "
	    "r.period = ? AND r.status IN ('submitted', 'approved')) "
	    "AND (? IS NULL OR FIND_IN_SET(?, t.fields) > 0) "
	    "GROUP BY t.lead_agency";
	/*
	 * Issue 15: the tasks of the scope ever extended, and how often
	 * (tasks_extended: extended tasks only), cancelled ones aside.
	 */
	static const char extended[] =
	    "SELECT lead_agency, COUNT(*), SUM(extensions) FROM tasks "
	    "FORCE INDEX (tasks_extended) WHERE extensions > 0 "
	    "AND (year = ? OR (year < ? AND status IN " TASK_OPEN_SQL ")) "
	    "AND status <> 'cancelled' AND (? IS NULL OR lead_agency = ?) "
	    "AND (? IS NULL OR FIND_IN_SET(?, fields) > 0) "
	    "GROUP BY lead_agency";
	/* The kinds of body the year's round names (issue 15). */
	static const char round[] =
	    "SELECT kinds FROM registration_rounds WHERE year = ?";
	struct db_res r;
	struct dash_agency *a;
	size_t i;
	enum nv_err rc;

	{
		struct db_param p[] = {DBP_STR(d->only), DBP_STR(d->only)};
		if ((rc = db_query(rq->arena, agencies, p, NELEM(p), &r)) !=
		    NV_OK)
			return rc;
	}
	d->nag = r.nrows;
	if ((d->ag = arena_alloc(rq->arena, (r.nrows + 1) * sizeof(*d->ag))) ==
	    NULL)
		return NV_ETOOBIG;
	for (i = 0; i < r.nrows; i++) {
		d->ag[i].code = db_cell(&r, i, 0);
		d->ag[i].name = db_cell(&r, i, 1);
		d->ag[i].kind = db_cell(&r, i, 2);
	}
	{
		struct db_param p[] = {DBP_INT(d->year)};
		if ((rc = db_query(rq->arena, round, p, NELEM(p), &r)) != NV_OK)
			return rc;
	}
	for (i = 0; i < d->nag; i++)
		d->ag[i].must_register =
		    r.nrows > 0 ? set_has(db_cell(&r, 0, 0), d->ag[i].kind)
		                : str_eq(d->ag[i].kind, "department") ||
		                      str_eq(d->ag[i].kind, "party");
	{
		struct db_param p[] = {DBP_STR(str_c(d->today)),
		    DBP_INT(d->year), DBP_STR(d->only), DBP_STR(d->only),
		    DBP_STR(d->field), DBP_STR(d->field)};
		if ((rc = db_query(rq->arena, this_year, p, NELEM(p), &r)) !=
		    NV_OK)
			return rc;
		add_groups(d, &r);
		if ((rc = db_query(rq->arena, carried, p, NELEM(p), &r)) !=
		    NV_OK)
			return rc;
		add_groups(d, &r);
	}
	{
		struct db_param p[] = {DBP_INT(d->year), DBP_STR(d->only),
		    DBP_STR(d->only), DBP_STR(str_c(d->period)),
		    DBP_STR(d->field), DBP_STR(d->field)};
		if ((rc = db_query(rq->arena, missing, p, NELEM(p), &r)) !=
		    NV_OK)
			return rc;
	}
	for (i = 0; i < r.nrows; i++)
		if ((a = find(d, db_cell(&r, i, 0))) != NULL)
			a->missing_reports = db_int(&r, i, 1);
	{
		struct db_param p[] = {DBP_INT(d->year), DBP_INT(d->year),
		    DBP_STR(d->only), DBP_STR(d->only), DBP_STR(d->field),
		    DBP_STR(d->field)};
		if ((rc = db_query(rq->arena, extended, p, NELEM(p), &r)) !=
		    NV_OK)
			return rc;
	}
	for (i = 0; i < r.nrows; i++) {
		d->extended += db_int(&r, i, 1);
		d->extensions += db_int(&r, i, 2);
		if ((a = find(d, db_cell(&r, i, 0))) != NULL) {
			a->extended = db_int(&r, i, 1);
			a->extensions = db_int(&r, i, 2);
		}
	}
	rank(rq, d);
	return NV_OK;
}

enum nv_err
dash_overdue(struct req *rq, const struct dashboard *d, db_row_fn fn, void *ctx)
{
	static const char sql[] =
	    "SELECT {cols} FROM tasks t "
	    "WHERE t.status IN " TASK_OPEN_SQL " AND t.status <> 'draft' "
	    "AND t.deadline < ? AND t.year <= ? "
	    "AND (? IS NULL OR t.lead_agency = ?) "
	    "AND (? IS NULL OR FIND_IN_SET(?, t.fields) > 0) "
	    "ORDER BY t.deadline, t.id";
	struct db_param p[] = {DBP_STR(str_c(d->today)), DBP_INT(d->year),
	    DBP_STR(d->only), DBP_STR(d->only), DBP_STR(d->field),
	    DBP_STR(d->field)};

	(void)rq;
	return db_each(TASK_SQL(sql), p, NELEM(p), fn, ctx);
}

/*
 * The databases of a year: its own and earlier unfinished ones, and those
 * finished during the year (they stay on the chart at 100 %).
 */
#define DB_SCOPE                                                               \
	"t.kind = 'database' AND t.status <> 'cancelled' AND t.year <= ? "     \
	"AND (t.year = ? OR t.status <> 'completed' OR t.completed_at >= "     \
	"MAKEDATE(?, 1)) AND (? IS NULL OR t.lead_agency = ?) "                \
	"AND (? IS NULL OR FIND_IN_SET(?, t.fields) > 0)"

enum nv_err
dash_databases(struct req *rq, const struct dashboard *d, struct db_res *r)
{
	static const char sql[] =
	    "SELECT {cols} FROM tasks t WHERE " DB_SCOPE " ORDER BY t.id";
	struct db_param p[] = {DBP_INT(d->year), DBP_INT(d->year),
	    DBP_INT(d->year), DBP_STR(d->only), DBP_STR(d->only),
	    DBP_STR(d->field), DBP_STR(d->field)};

	return db_query(rq->arena, TASK_SQL(sql), p, NELEM(p), r);
}

enum nv_err
dash_series(struct req *rq, const struct dashboard *d, struct db_res *r)
{
	static const char sql[] =
	    "SELECT r.task_id, r.period, r.percent FROM reports r "
	    "JOIN tasks t ON t.id = r.task_id WHERE " DB_SCOPE
	    " AND r.status = 'approved' ORDER BY r.task_id, r.period";
	struct db_param p[] = {DBP_INT(d->year), DBP_INT(d->year),
	    DBP_INT(d->year), DBP_STR(d->only), DBP_STR(d->only),
	    DBP_STR(d->field), DBP_STR(d->field)};

	return db_query(rq->arena, sql, p, NELEM(p), r);
}

enum nv_err
dash_by_field(struct req *rq, struct dashboard *d)
{
	/* The year's scope as dash_compute() counts it: its own tasks and
	 * earlier ones still open, grouped by their set of fields. */
	static const char sql[] =
	    "SELECT fields, status, deadline < ?, COUNT(*), "
	    "SUM(estimated_budget) FROM tasks "
	    "WHERE (year = ? OR (year < ? AND status IN " TASK_OPEN_SQL ")) "
	    "AND fields <> '' AND (? IS NULL OR lead_agency = ?) "
	    "AND (? IS NULL OR FIND_IN_SET(?, fields) > 0) "
	    "GROUP BY 1, 2, 3";
	struct db_param p[] = {DBP_STR(str_c(d->today)), DBP_INT(d->year),
	    DBP_INT(d->year), DBP_STR(d->only), DBP_STR(d->only),
	    DBP_STR(d->field), DBP_STR(d->field)};
	struct db_res r;
	struct dash_field *f;
	size_t i;
	int k, st;
	int64_t n;
	enum nv_err rc;

	memset(d->by_field, 0, sizeof(d->by_field));
	if ((rc = db_query(rq->arena, sql, p, NELEM(p), &r)) != NV_OK)
		return rc;
	for (i = 0; i < r.nrows; i++) {
		if ((st = policy_state_from(
		         db_cell(&r, i, 1).p, db_cell(&r, i, 1).len)) < 0)
			continue;
		n = db_int(&r, i, 3);
		for (k = 0; k < VOCAB_NFIELDS; k++) {
			if (!set_has(db_cell(&r, i, 0), str_c(vocab_fields[k])))
				continue;
			f = &d->by_field[k];
			f->tasks += n;
			if (st == TS_IN_PROGRAM)
				f->in_program += n;
			if (st == TS_COMPLETED)
				f->completed += n;
			/* As the totals: a draft is never overdue. */
			if (!policy_task_final((enum task_state)st) &&
			    st != TS_DRAFT && db_int(&r, i, 2) == 1)
				f->overdue += n;
			if (st != TS_CANCELLED)
				f->budget += db_int(&r, i, 4);
		}
	}
	return NV_OK;
}

enum nv_err
dash_milestones(struct req *rq, const struct dashboard *d, struct db_res *r)
{
	/* "Built" and "in use" of the databases (issue 15). */
	static const char sql[] =
	    "SELECT m.task_id, m.kind, m.name, DATE_FORMAT(m.due, '%Y-%m-%d'), "
	    "DATE_FORMAT(m.done_on, '%Y-%m-%d'), m.status "
	    "FROM task_milestones m JOIN tasks t ON t.id = m.task_id "
	    "WHERE " DB_SCOPE " AND m.kind IN ('built', 'in_use') "
	    "ORDER BY m.task_id, m.due, m.id";
	struct db_param p[] = {DBP_INT(d->year), DBP_INT(d->year),
	    DBP_INT(d->year), DBP_STR(d->only), DBP_STR(d->only),
	    DBP_STR(d->field), DBP_STR(d->field)};

	return db_query(rq->arena, sql, p, NELEM(p), r);
}

int64_t
dash_avg_percent(const struct dash_agency *a)
{
	if (a->pct_n == 0)
		return -1;
	return (a->pct_sum + a->pct_n / 2) / a->pct_n;
}
