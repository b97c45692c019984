/* SPDX-License-Identifier: ISC */
/*
 * The year's scorecard: five set-based reads (agencies, the year's tasks
 * with the time each entered the programme, their reports with the time
 * each was first sent, indicators with their approved values, proposals)
 * summed up per agency in C, then scored and ranked.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/sess.h"
#include "fcgi/base/clock.h"
#include "fcgi/base/db.h"
#include "fcgi/base/str.h"
#include "fcgi/domain/indicator.h"
#include "fcgi/domain/indicator_series.h"
#include "fcgi/domain/scorecard.h"
#include "fcgi/domain/task.h"
#include "fcgi/domain/vocab.h"

const char *const score_part_names[SP__MAX] = {
    "registration", "tasks", "reports", "indicators", "proposals"};

void
scorecard_score(const int weights[SP__MAX], struct score_agency *a)
{
	double sum = 0;
	int64_t w = 0;
	int i;

	a->num[SP_REGISTRATION] = a->registered > 0;
	a->den[SP_REGISTRATION] = a->registered > 0 ||
	                          str_eq(a->kind, "department") ||
	                          str_eq(a->kind, "party");
	a->num[SP_TASKS] = a->done_on_time;
	a->den[SP_TASKS] = a->done_on_time + a->done_late + a->overdue;
	a->num[SP_REPORTS] = a->reports_on_time;
	a->den[SP_REPORTS] =
	    a->reports_on_time + a->reports_late + a->reports_missing;
	a->num[SP_INDICATORS] = a->ind_achieved;
	a->den[SP_INDICATORS] = a->indicators;
	a->num[SP_PROPOSALS] = a->prop_in_time;
	a->den[SP_PROPOSALS] = a->prop_in_time + a->prop_late + a->prop_overdue;
	for (i = 0; i < SP__MAX; i++)
		if (a->den[i] > 0 && weights[i] > 0) {
			sum += (double)weights[i] * (double)a->num[i] /
			       (double)a->den[i];
			w += weights[i];
		}
	a->has_score = w > 0;
	/* Tenths, half up; the epsilon keeps an exact half from rounding
	 * down through the binary fraction. */
	a->score =
	    w > 0 ? (int64_t)floor(sum * 1000.0 / (double)w + 0.5 + 1e-9) : 0;
}

static int
score_cmp(const void *x, const void *y)
{
	const struct score_agency *a = *(const struct score_agency *const *)x;
	const struct score_agency *b = *(const struct score_agency *const *)y;

	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	return 0;
}

void
scorecard_rank(struct score_agency *ag, size_t n)
{
	struct score_agency **order;
	size_t i, k = 0;

	if ((order = calloc(n + 1, sizeof(*order))) == NULL)
		return;
	for (i = 0; i < n; i++) {
		ag[i].rank = 0;
		if (ag[i].has_score)
			order[k++] = &ag[i];
	}
	qsort(order, k, sizeof(*order), score_cmp);
	for (i = 0; i < k; i++)
		order[i]->rank = i > 0 && order[i - 1]->score == order[i]->score
		                     ? order[i - 1]->rank
		                     : (int)i + 1;
	free(order);
}

void
scorecard_report_due(int y, int m, int due_day, char out[11])
{
	if (m >= 12) {
		y++;
		m = 0;
	}
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000,
	    (unsigned)(m + 1) % 100, (unsigned)due_day % 100);
}

enum nv_err
scorecard_params(struct req *rq, struct scorecard *s)
{
	const struct user *u = &rq->sess->user;
	const struct conf *c = rq->conf;
	struct str q;

	memset(s, 0, sizeof(*s));
	s->year = clock_year();
	clock_today(s->today);
	if ((q = req_query(rq, "year")).p != NULL &&
	    str_to_i64(q, YEAR_MIN, YEAR_MAX, &s->year) != NV_OK)
		return req_fail(rq, NV_EINVAL, "year", "Năm không hợp lệ.");
	s->weights[SP_REGISTRATION] = c->score_weight_registration;
	s->weights[SP_TASKS] = c->score_weight_tasks;
	s->weights[SP_REPORTS] = c->score_weight_reports;
	s->weights[SP_INDICATORS] = c->score_weight_indicators;
	s->weights[SP_PROPOSALS] = c->score_weight_proposals;
	s->due_day = c->report_due_day;
	/* A head sees their own agency's row; the committee sees all. */
	if (!(u->roles & (ROLE_BIT(ROLE_SECRETARIAT) |
	                     ROLE_BIT(ROLE_LEADERSHIP) | ROLE_BIT(ROLE_ADMIN))))
		s->only = str_c(u->agency_code);
	return req_query_unused(rq);
}

static struct score_agency *
find(struct scorecard *s, struct str code)
{
	size_t i;

	for (i = 0; i < s->nag; i++)
		if (s->ag[i].code.len == code.len &&
		    memcmp(s->ag[i].code.p, code.p, code.len) == 0)
			return &s->ag[i];
	return NULL;
}

/* A task of the year, as the report count needs it. */
struct sc_task {
	int64_t id;
	struct score_agency *a;
	int first, last; /* months of the year it owes a report for; 0: none */
};

struct task_ctx {
	struct arena *arena;
	struct scorecard *s;
	struct sc_task *t;
	size_t n, cap;
};

/* Month (1-12) of date d when its year is y; 0 before y, 13 after. */
static int
month_in(const char *d, int y)
{
	int dy = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 +
	         (d[3] - '0');

	if (dy < y)
		return 0;
	if (dy > y)
		return 13;
	return (d[5] - '0') * 10 + (d[6] - '0');
}

static enum nv_err
task_row(void *ctx, const struct str *c, size_t ncols)
{
	struct task_ctx *tc = ctx;
	struct scorecard *s = tc->s;
	struct score_agency *a;
	struct task t;
	const char *outcome;
	char accepted[11];
	int st;

	if (ncols != 9)
		return NV_EINTERNAL;
	if ((a = find(s, c[1])) == NULL)
		return NV_OK; /* an agency out of the caller's scope */
	if ((st = policy_state_from(c[3].p, c[3].len)) < 0)
		return NV_EINTERNAL;
	memset(&t, 0, sizeof(t));
	t.status = (enum task_state)st;
	t.deadline = c[4];
	t.original_deadline = c[5];
	t.completed_at = c[6];
	if (str_eq(c[2], "breakthrough") && st != TS_DRAFT &&
	    st != TS_CANCELLED)
		a->registered++;
	if (st != TS_IN_PROGRAM && st != TS_COMPLETED)
		return NV_OK;
	a->accepted++;
	outcome = task_outcome(&t, s->today);
	if (outcome != NULL && strcmp(outcome, "done_on_time") == 0)
		a->done_on_time++;
	else if (outcome != NULL && strcmp(outcome, "done_late") == 0)
		a->done_late++;
	else if (outcome != NULL && strcmp(outcome, "overdue") == 0)
		a->overdue++;
	else
		a->in_progress++;
	/* Sized from a count beforehand; tasks added since grow it. */
	if (tc->n == tc->cap) {
		struct sc_task *more =
		    arena_alloc(tc->arena, (tc->cap * 2 + 16) * sizeof(*more));

		if (more == NULL)
			return NV_ETOOBIG;
		memcpy(more, tc->t, tc->n * sizeof(*more));
		tc->t = more;
		tc->cap = tc->cap * 2 + 16;
	}
	tc->t[tc->n].id = db_str_int(c[0]);
	tc->t[tc->n].a = a;
	/* It owes a report for every month from the one it entered the
	 * programme in (the audit trail's time) to the one it was
	 * completed in. */
	tc->t[tc->n].first = clock_local_date(c[7], accepted)
	                         ? month_in(accepted, (int)s->year)
	                         : 1;
	if (tc->t[tc->n].first < 1)
		tc->t[tc->n].first = 1;
	tc->t[tc->n].last = t.completed_at.p != NULL
	                        ? month_in(t.completed_at.p, (int)s->year)
	                        : 12;
	if (tc->t[tc->n].last > 12)
		tc->t[tc->n].last = 12;
	tc->n++;
	return NV_OK;
}

static struct sc_task *
task_by_id(struct task_ctx *tc, int64_t id)
{
	size_t lo = 0, hi = tc->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (tc->t[mid].id == id)
			return &tc->t[mid];
		if (tc->t[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Tasks, then their reports: what each agency registered, completed and
 * reported. */
static enum nv_err
tasks_and_reports(struct req *rq, struct scorecard *s)
{
	static const char count[] = "SELECT COUNT(*) FROM tasks WHERE year = ?";
	static const char tasks[] =
	    "SELECT t.id, t.lead_agency, t.kind, t.status, "
	    "DATE_FORMAT(t.deadline, '%Y-%m-%d'), "
	    "DATE_FORMAT(t.original_deadline, '%Y-%m-%d'), "
	    "DATE_FORMAT(t.completed_at, '%Y-%m-%d'), "
	    "(SELECT DATE_FORMAT(MIN(a.at), '%Y-%m-%d %H:%i:%s') FROM audit a "
	    "WHERE a.task_id = t.id AND a.report_id IS NULL AND "
	    "a.record_id IS NULL AND a.to_status = 'in_program'), t.year "
	    "FROM tasks t WHERE t.year = ? ORDER BY t.id";
	static const char reports[] =
	    "SELECT r.task_id, r.period, "
	    "(SELECT DATE_FORMAT(MIN(a.at), '%Y-%m-%d %H:%i:%s') FROM audit a "
	    "WHERE a.report_id = r.id AND a.action = 'report_submit') "
	    "FROM reports r JOIN tasks t ON t.id = r.task_id WHERE t.year = ? "
	    "AND t.status IN ('in_program', 'completed') AND "
	    "r.status IN ('submitted', 'approved') AND "
	    "r.period LIKE CONCAT(?, '-%') ORDER BY r.task_id, r.period";
	struct task_ctx tc = {rq->arena, s, NULL, 0, 0};
	struct db_res r;
	struct sc_task *t;
	char ys[8], due[11], sent[11];
	bool *has;
	size_t i;
	int m, y = (int)s->year;
	enum nv_err rc;

	struct db_param p[] = {DBP_INT(s->year)};
	if ((rc = db_query(rq->arena, count, p, 1, &r)) != NV_OK)
		return rc;
	tc.cap = r.nrows == 1 ? (size_t)db_int(&r, 0, 0) : 0;
	if ((tc.t = arena_alloc(rq->arena, (tc.cap + 1) * sizeof(*tc.t))) ==
	    NULL)
		return NV_ETOOBIG;
	if ((rc = db_each(tasks, p, 1, task_row, &tc)) != NV_OK)
		return rc;
	/* 12 flags a task: which months have a report sent. */
	if ((has = arena_alloc(rq->arena, (tc.n * 12 + 1) * sizeof(*has))) ==
	    NULL)
		return NV_ETOOBIG;
	memset(has, 0, (tc.n * 12 + 1) * sizeof(*has));
	snprintf(ys, sizeof(ys), "%04d", y);
	struct db_param pr[] = {DBP_INT(s->year), DBP_STR(str_c(ys))};
	if ((rc = db_query(rq->arena, reports, pr, NELEM(pr), &r)) != NV_OK)
		return rc;
	for (i = 0; i < r.nrows; i++) {
		struct str period = db_cell(&r, i, 1);

		if ((t = task_by_id(&tc, db_int(&r, i, 0))) == NULL ||
		    period.len != 7)
			continue;
		m = (period.p[5] - '0') * 10 + (period.p[6] - '0');
		if (m < 1 || m > 12)
			continue;
		has[(size_t)(t - tc.t) * 12 + (size_t)m - 1] = true;
		scorecard_report_due(y, m, s->due_day, due);
		/* Never sent through the write path (loaded data): the
		 * report is there, and nothing says it was late. */
		if (!clock_local_date(db_cell(&r, i, 2), sent) ||
		    strcmp(sent, due) <= 0)
			t->a->reports_on_time++;
		else
			t->a->reports_late++;
	}
	/* A month is missing once its due date has passed. */
	for (i = 0; i < tc.n; i++)
		for (m = tc.t[i].first; m <= tc.t[i].last; m++) {
			scorecard_report_due(y, m, s->due_day, due);
			if (strcmp(s->today, due) > 0 && !has[i * 12 + m - 1])
				tc.t[i].a->reports_missing++;
		}
	return NV_OK;
}

struct ind_ctx {
	struct scorecard *s;
	const struct db_res *v;
};

/*
 * An indicator is judged at its latest approved value of the year (its
 * latest revision), or with no data at the year's last period.
 */
static enum nv_err
ind_row(void *ctx, const struct str *c, size_t ncols)
{
	struct ind_ctx *ic = ctx;
	struct score_agency *a;
	struct indicator x;
	struct indicator_point pt;
	char periods[12][8], period[8];
	int64_t actual = 0;
	bool has = false;
	size_t i;
	int n;
	enum nv_err rc;

	if ((rc = record_parse(&indicator_record, c, ncols, &x)) != NV_OK)
		return rc;
	if ((a = find(ic->s, x.agency)) == NULL)
		return NV_OK;
	n = indicator_periods(
	    (enum indicator_frequency)x.frequency, (int)ic->s->year, periods);
	snprintf(period, sizeof(period), "%s", periods[n - 1]);
	/* Values are ordered by indicator, period and revision: the last
	 * one of this indicator is the one that counts. */
	for (i = 0; i < ic->v->nrows; i++) {
		struct str p;

		if (db_int(ic->v, i, 0) != x.id)
			continue;
		p = db_cell(ic->v, i, 1);
		has = indicator_hundredths(db_cell(ic->v, i, 2), &actual);
		snprintf(period, sizeof(period), "%.*s", (int)p.len, p.p);
	}
	indicator_point(&x, str_c(period), has ? &actual : NULL, &pt);
	switch (pt.status) {
	case IST_ACHIEVED:
		a->ind_achieved++;
		break;
	case IST_ON_TRACK:
		a->ind_on_track++;
		break;
	case IST_BEHIND:
		a->ind_behind++;
		break;
	case IST_NO_DATA:
		a->ind_no_data++;
		break;
	default:
		return NV_OK; /* no target: nothing to judge */
	}
	a->indicators++;
	return NV_OK;
}

static enum nv_err
indicators(struct req *rq, struct scorecard *s)
{
	static const char values[] =
	    "SELECT indicator_id, period, "
	    "TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM value)) "
	    "FROM indicator_values WHERE status = 'approved' AND "
	    "period LIKE CONCAT(?, '-%') ORDER BY indicator_id, period, "
	    "revision";
	static const char inds[] =
	    "SELECT {cols} FROM indicators x WHERE x.status = 'active' "
	    "ORDER BY x.agency, x.code LIMIT 500";
	struct db_res v;
	struct ind_ctx ic = {s, &v};
	char ys[8];
	enum nv_err rc;

	snprintf(ys, sizeof(ys), "%04d", (int)s->year);
	struct db_param p[] = {DBP_STR(str_c(ys))};
	if ((rc = db_query(rq->arena, values, p, 1, &v)) != NV_OK)
		return rc;
	return db_each(
	    record_sql(&indicator_record, inds), NULL, 0, ind_row, &ic);
}

/* Proposals addressed to an agency and due in the year. */
static enum nv_err
proposals(struct req *rq, struct scorecard *s)
{
	static const char sql[] =
	    "SELECT p.addressed_to, p.status, DATE_FORMAT(p.due, '%Y-%m-%d'), "
	    "DATE_FORMAT(p.answered_at, '%Y-%m-%d %H:%i:%s') FROM proposals p "
	    "WHERE p.due >= MAKEDATE(?, 1) AND p.due < MAKEDATE(? + 1, 1) "
	    "AND p.status IN ('forwarded', 'answered', 'closed')";
	struct score_agency *a;
	struct db_res r;
	char answered[11];
	size_t i;
	enum nv_err rc;

	struct db_param p[] = {DBP_INT(s->year), DBP_INT(s->year)};
	if ((rc = db_query(rq->arena, sql, p, NELEM(p), &r)) != NV_OK)
		return rc;
	for (i = 0; i < r.nrows; i++) {
		struct str due = db_cell(&r, i, 2);

		if ((a = find(s, db_cell(&r, i, 0))) == NULL || due.len != 10)
			continue;
		if (clock_local_date(db_cell(&r, i, 3), answered)) {
			if (strncmp(answered, due.p, 10) <= 0)
				a->prop_in_time++;
			else
				a->prop_late++;
		} else if (str_eq(db_cell(&r, i, 1), "forwarded")) {
			if (strncmp(due.p, s->today, 10) < 0)
				a->prop_overdue++;
			else
				a->prop_pending++;
		}
	}
	return NV_OK;
}

enum nv_err
scorecard_compute(struct req *rq, struct scorecard *s)
{
	/* Issue 14: a committee rates its own agencies; the caller's
	 * (without an agency, the province's). */
	static const char agencies[] =
	    "SELECT code, name, kind FROM agencies WHERE committee = "
	    "COALESCE(?, (SELECT c.code FROM committees c WHERE c.parent IS "
	    "NULL ORDER BY c.position, c.code LIMIT 1)) "
	    "ORDER BY position, code";
	struct db_param p[] = {DBP_STR(str_c(rq->sess->user.committee))};
	struct db_res r;
	size_t i;
	enum nv_err rc;

	/* Every agency, even for a head: the rank is among all of them. */
	if ((rc = db_query(rq->arena, agencies, p, NELEM(p), &r)) != NV_OK)
		return rc;
	s->nag = r.nrows;
	if ((s->ag = arena_alloc(rq->arena, (r.nrows + 1) * sizeof(*s->ag))) ==
	    NULL)
		return NV_ETOOBIG;
	memset(s->ag, 0, (r.nrows + 1) * sizeof(*s->ag));
	for (i = 0; i < r.nrows; i++) {
		s->ag[i].code = db_cell(&r, i, 0);
		s->ag[i].name = db_cell(&r, i, 1);
		s->ag[i].kind = db_cell(&r, i, 2);
	}
	if ((rc = tasks_and_reports(rq, s)) != NV_OK ||
	    (rc = indicators(rq, s)) != NV_OK ||
	    (rc = proposals(rq, s)) != NV_OK)
		return rc;
	for (i = 0; i < s->nag; i++)
		scorecard_score(s->weights, &s->ag[i]);
	scorecard_rank(s->ag, s->nag);
	return NV_OK;
}
