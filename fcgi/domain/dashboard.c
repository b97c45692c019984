/* SPDX-License-Identifier: ISC */
/* Consolidated status: summary rows (migration 0035), lists by index, a
 * ranking in C. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "auth/sess.h"
#include "fcgi/base/clock.h"
#include "fcgi/base/db_kept.h"
#include "fcgi/domain/committee_header.h"
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

static enum nv_err dash_committee(struct req *, struct dashboard *, struct str);
static enum nv_err dash_communes_load(struct req *, struct dashboard *);
static void dash_communes_sum(struct req *, struct dashboard *);
static void round_kinds(struct dashboard *, const struct db_res *);

enum nv_err
dash_params(struct req *rq, struct dashboard *d)
{
	const struct user *u = &rq->sess->user;
	struct str s;
	enum nv_err rc;

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
	if ((rc = dash_committee(rq, d, req_query(rq, "committee"))) != NV_OK)
		return rc;
	return req_query_unused(rq);
}

/*
 * Whose dashboard (issue 14): the committee asked for, by default the
 * caller's own (the province's for a caller without an agency).  A caller
 * reaches another committee only from the province's, and only with a
 * committee-wide role: anything else is a 404, as for a task they may not
 * see.
 */
static enum nv_err
dash_committee(struct req *rq, struct dashboard *d, struct str want)
{
	static const char sql[] =
	    "SELECT code, name, level FROM committees WHERE code = "
	    "COALESCE(?, (SELECT p.code FROM committees p WHERE p.parent IS "
	    "NULL ORDER BY p.position, p.code LIMIT 1))";
	const struct user *u = &rq->sess->user;
	struct str mine = str_c(u->committee);
	struct db_res r;
	enum nv_err rc;

	if (want.p != NULL && (want.len == 0 || want.len > AGENCY_CODE_MAX))
		return req_fail(
		    rq, NV_EINVAL, "committee", "Mã ban chỉ đạo không hợp lệ.");
	if (want.p == NULL && u->committee != NULL)
		want = mine;
	struct db_param p[] = {DBP_STR(want)};
	if ((rc = db_query(rq->arena, sql, p, NELEM(p), &r)) != NV_OK)
		return rc;
	if (r.nrows != 1)
		return NV_ENOENT;
	d->committee = db_cell(&r, 0, 0);
	d->committee_name = db_cell(&r, 0, 1);
	d->committee_level = db_cell(&r, 0, 2);
	if ((rc = committee_header(
	         rq->arena, d->committee, false, &d->header)) != NV_OK)
		return rc;
	if ((d->issuer = arena_printf(
	         rq->arena, "%s%s", d->header, SECRETARIAT_SUFFIX)) == NULL)
		return NV_ETOOBIG;
	if (u->committee != NULL && str_eq(d->committee, u->committee))
		return NV_OK;
	if (!policy_committee_wide(u->roles) ||
	    !policy_in_scope(u->is_commune, false))
		return NV_ENOENT;
	return NV_OK;
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

/* Byte order of codes, for the sorted index of find() (issue 14: a
 * province's dashboard holds every commune's agencies too). */
static int
code_cmp(struct str a, struct str b)
{
	int c = memcmp(a.p, b.p, a.len < b.len ? a.len : b.len);

	return c != 0 ? c : a.len < b.len ? -1 : a.len > b.len;
}

static int
ag_cmp(const void *a, const void *b)
{
	return code_cmp((*(const struct dash_agency *const *)a)->code,
	    (*(const struct dash_agency *const *)b)->code);
}

static struct dash_agency *
find(struct dashboard *d, struct str code)
{
	size_t lo = 0, hi = d->nag, mid;
	int c;

	if (d->by_code == NULL || code.p == NULL)
		return NULL;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((c = code_cmp(code, d->by_code[mid]->code)) == 0)
			return d->by_code[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
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
rank(struct req *rq, struct dash_agency *rows, size_t nrows, bool own_only)
{
	struct dash_agency **order;
	size_t i, n = 0;

	for (i = 0; i < nrows; i++) {
		struct dash_agency *a = &rows[i];
		int64_t due = a->done_on_time + a->done_late + a->overdue;

		a->has_share = due > 0;
		a->share = due > 0 ? (double)a->done_on_time / (double)due : 0;
		a->on_time_percent =
		    due > 0 ? dash_percent(a->done_on_time, due) : 0;
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
	if ((order = arena_alloc(rq->arena, (nrows + 1) * sizeof(*order))) ==
	    NULL)
		return;
	for (i = 0; i < nrows; i++)
		if (rows[i].is_rated && (!own_only || rows[i].own))
			order[n++] = &rows[i];
	qsort(order, n, sizeof(*order), rank_cmp);
	for (i = 0; i < n; i++)
		order[i]->rank =
		    i > 0 && rank_cmp(&order[i - 1], &order[i]) == 0
		        ? order[i - 1]->rank
		        : (int)i + 1;
}

/* n overdue tasks of a set of fields, in each of its fields. */
static void
add_fields_overdue(struct dashboard *d, struct str set, int64_t n)
{
	int k;

	for (k = 0; k < VOCAB_NFIELDS; k++)
		if (set_has(set, str_c(vocab_fields[k])))
			d->by_field[k].overdue += n;
}

/*
 * Adds the rows of dash_tally (migration 0035) in: agency, status, sub
 * (in_program: 1 on_track, 2 at_risk, 3 delayed; completed: 1 late),
 * whether of the dashboard's year, then the sums of n, breakthrough, pct,
 * budget, extended, extensions, then of the tasks holding each field
 * (vocab_fields' order) and of their budget.
 */
static void
add_tally(struct dashboard *d, const struct db_res *r)
{
	struct dash_agency *a;
	struct dash_field *f;
	int64_t n, sub, budget, nf;
	size_t i;
	int st, k;
	bool now, own;

	for (i = 0; i < r->nrows; i++) {
		if ((st = policy_state_from(
		         db_cell(r, i, 1).p, db_cell(r, i, 1).len)) < 0)
			continue;
		if ((a = find(d, db_cell(r, i, 0))) == NULL) {
			/* Another committee's agency (issue 14), outside
			 * this dashboard and its communes: not counted. */
			continue;
		}
		/* A commune's agency counts in its commune's row only
		 * (dash_communes()), not in this committee's totals. */
		own = a->own;
		sub = db_int(r, i, 2);
		now = db_int(r, i, 3) == 1;
		n = db_int(r, i, 4);
		budget = db_int(r, i, 7);
		if (own) {
			d->tasks += n;
			d->by_status[st] += n;
			for (k = 0; k < VOCAB_NFIELDS; k++) {
				f = &d->by_field[k];
				nf = db_int(r, i, 10 + (size_t)k);
				f->tasks += nf;
				if (st == TS_IN_PROGRAM)
					f->in_program += nf;
				if (st == TS_COMPLETED)
					f->completed += nf;
				if (st != TS_CANCELLED)
					f->budget += db_int(r, i,
					    10 + VOCAB_NFIELDS + (size_t)k);
			}
		}
		if (st != TS_CANCELLED) {
			if (own)
				d->budget += budget;
			a->budget += budget;
			a->extended += db_int(r, i, 8);
			a->extensions += db_int(r, i, 9);
		}
		if (now && st != TS_DRAFT && st != TS_CANCELLED)
			a->registered += db_int(r, i, 5);
		if (st == TS_COMPLETED) {
			if (own)
				d->completed += n;
			a->completed += n;
			if (sub == 1)
				a->done_late += n;
			else
				a->done_on_time += n;
			a->pct_sum += 100 * n;
			a->pct_n += n;
		} else if (st == TS_IN_PROGRAM) {
			a->in_program += n;
			a->pct_sum += db_int(r, i, 6);
			a->pct_n += n;
			if (sub == 1)
				a->on_track += n;
			else if (sub == 2)
				a->at_risk += n;
			else if (sub == 3)
				a->delayed += n;
		}
	}
}

/*
 * Adds dash_deadlines' rows in (agency, set of fields, tasks whose
 * deadline is before today): the overdue, past draft and unfinished.
 */
static void
add_overdue(struct dashboard *d, const struct db_res *r)
{
	struct dash_agency *a;
	int64_t n;
	size_t i;

	for (i = 0; i < r->nrows; i++) {
		if ((a = find(d, db_cell(r, i, 0))) == NULL)
			continue;
		n = db_int(r, i, 2);
		a->overdue += n;
		if (a->own) {
			d->overdue += n;
			add_fields_overdue(d, db_cell(r, i, 1), n);
		}
	}
}

enum nv_err
dash_compute(struct req *rq, struct dashboard *d)
{
	/* A retired agency with nothing written under it is not rated
	 * (migration 0021); one that led tasks keeps its row. */
	/* Issue 14: the committee's own agencies, and for the province's,
	 * its communes' (summed into one row per commune). */
	static const char agencies[] =
	    "SELECT code, name, kind, committee FROM agencies a "
	    "WHERE (? IS NULL OR code = ?) AND (a.retired_at IS NULL OR "
	    "EXISTS (SELECT 1 FROM tasks t WHERE t.lead_agency = a.code)) "
	    "AND (a.committee = ? OR (? IS NULL AND a.committee IN (SELECT "
	    "c.code FROM committees c WHERE c.parent = ?))) "
	    "ORDER BY position, code";
	/*
	 * The year's scope (its own tasks and earlier ones still open) read
	 * from the summary the triggers of migration 0035 keep: its rows are
	 * bounded by agencies x years x states, whatever the number of tasks
	 * (a row per field as well, read only for ?field=).  Reading the tasks
	 * themselves cost 14 / 72 / 361 ms at 1,000 / 10,000 / 100,000 tasks
	 * (make bench-curve).
	 */
	static const char tally[] =
	    "SELECT agency_code, status, sub, year = ?, SUM(n), "
	    "SUM(breakthrough), SUM(pct), SUM(budget), SUM(extended), "
	    "SUM(extensions), SUM(f1), SUM(f2), SUM(f3), SUM(f4), SUM(f5), "
	    "SUM(b1), SUM(b2), SUM(b3), SUM(b4), SUM(b5) FROM dash_tally "
	    "WHERE field = ? AND (year = ? OR (year < ? AND status "
	    "IN " TASK_OPEN_SQL ")) AND (? IS NULL OR agency_code = ?) "
	    "GROUP BY 1, 2, 3, 4";
	/* Overdue: past draft, unfinished, of the year or earlier, with a
	 * deadline before today (the dates before today's rows). */
	static const char overdue[] =
	    "SELECT agency_code, fields, SUM(n) FROM dash_deadlines "
	    "WHERE deadline < ? AND year <= ? "
	    "AND (? IS NULL OR agency_code = ?) "
	    "AND (? IS NULL OR FIND_IN_SET(?, fields) > 0) GROUP BY 1, 2";
	/*
	 * In-programme tasks with a report submitted or approved for the
	 * month; missing_reports is in_program (the scope's, i.e. of the
	 * year or earlier) less these.
	 */
	static const char reported[] =
	    "SELECT agency_code, SUM(n) FROM dash_reported "
	    "WHERE period = ? AND field = ? AND year <= ? "
	    "AND (? IS NULL OR agency_code = ?) GROUP BY 1";
	/* The kinds of body the year's round names (issue 15), per
	 * committee: the dashboard's own and its communes' (issue 14). */
	static const char round[] =
	    "SELECT committee, kinds FROM registration_rounds WHERE year = ? "
	    "AND (committee = ? OR committee IN (SELECT c.code FROM "
	    "committees c WHERE c.parent = ?))";
	struct db_res r;
	struct dash_agency *a;
	struct str field;
	size_t i;
	enum nv_err rc;

	{
		struct db_param p[] = {DBP_STR(d->only), DBP_STR(d->only),
		    DBP_STR(d->committee), DBP_STR(d->only),
		    DBP_STR(d->committee)};
		if ((rc = db_query(rq->arena, agencies, p, NELEM(p), &r)) !=
		    NV_OK)
			return rc;
	}
	d->nag = r.nrows;
	if ((d->ag = arena_alloc(rq->arena, (r.nrows + 1) * sizeof(*d->ag))) ==
	        NULL ||
	    (d->by_code = arena_alloc(
	         rq->arena, (r.nrows + 1) * sizeof(*d->by_code))) == NULL)
		return NV_ETOOBIG;
	for (i = 0; i < r.nrows; i++) {
		memset(&d->ag[i], 0, sizeof(d->ag[i]));
		d->ag[i].code = db_cell(&r, i, 0);
		d->ag[i].name = db_cell(&r, i, 1);
		d->ag[i].kind = db_cell(&r, i, 2);
		d->ag[i].committee = db_cell(&r, i, 3);
		d->ag[i].own = code_cmp(d->ag[i].committee, d->committee) == 0;
		d->by_code[i] = &d->ag[i];
	}
	qsort(d->by_code, d->nag, sizeof(*d->by_code), ag_cmp);
	if (d->only.p == NULL && (rc = dash_communes_load(rq, d)) != NV_OK)
		return rc;
	{
		struct db_param p[] = {DBP_INT(d->year), DBP_STR(d->committee),
		    DBP_STR(d->committee)};
		if ((rc = db_query(rq->arena, round, p, NELEM(p), &r)) != NV_OK)
			return rc;
	}
	round_kinds(d, &r);
	for (i = 0; i < d->nag; i++) {
		const struct dash_agency *c =
		    d->ag[i].own ? NULL
		    : d->ag[i].commune < d->ncommunes
		        ? &d->communes[d->ag[i].commune]
		        : NULL;
		bool has = c != NULL ? c->has_round : d->has_round;
		struct str kinds = c != NULL ? c->round_kinds : d->round_kinds;

		d->ag[i].must_register =
		    has ? set_has(kinds, d->ag[i].kind)
		        : str_eq(d->ag[i].kind, "department") ||
		              str_eq(d->ag[i].kind, "party");
	}
	/* Rows of every task (field ''), or of those holding ?field=. */
	field = d->field.p != NULL ? d->field : str_c("");
	memset(d->by_field, 0, sizeof(d->by_field));
	{
		struct db_param p[] = {DBP_INT(d->year), DBP_STR(field),
		    DBP_INT(d->year), DBP_INT(d->year), DBP_STR(d->only),
		    DBP_STR(d->only)};
		if ((rc = db_query_kept(rq->arena, tally, p, NELEM(p),
		         d->list_version, &r)) != NV_OK)
			return rc;
		add_tally(d, &r);
	}
	{
		struct db_param p[] = {DBP_STR(str_c(d->today)),
		    DBP_INT(d->year), DBP_STR(d->only), DBP_STR(d->only),
		    DBP_STR(d->field), DBP_STR(d->field)};
		if ((rc = db_query_kept(rq->arena, overdue, p, NELEM(p),
		         d->list_version, &r)) != NV_OK)
			return rc;
		add_overdue(d, &r);
	}
	{
		struct db_param p[] = {DBP_STR(str_c(d->period)),
		    DBP_STR(field), DBP_INT(d->year), DBP_STR(d->only),
		    DBP_STR(d->only)};
		if ((rc = db_query(rq->arena, reported, p, NELEM(p), &r)) !=
		    NV_OK)
			return rc;
	}
	for (i = 0; i < d->nag; i++)
		d->ag[i].missing_reports = d->ag[i].in_program;
	for (i = 0; i < r.nrows; i++)
		if ((a = find(d, db_cell(&r, i, 0))) != NULL)
			a->missing_reports -= db_int(&r, i, 1);
	for (i = 0; i < d->nag; i++) {
		/* Totals: the committee's own agencies (issue 14). */
		if (!d->ag[i].own)
			continue;
		d->extended += d->ag[i].extended;
		d->extensions += d->ag[i].extensions;
	}
	rank(rq, d->ag, d->nag, true);
	dash_communes_sum(rq, d);
	return NV_OK;
}

/*
 * The province's communes (issue 14), in their order: d->communes, one
 * row each, filled by dash_communes_sum(); each of d->ag that is not the
 * dashboard's own is tied to its commune by index.
 */
static enum nv_err
dash_communes_load(struct req *rq, struct dashboard *d)
{
	static const char sql[] = "SELECT code, name FROM committees "
	                          "WHERE parent = ? ORDER BY position, code";
	struct db_param p[] = {DBP_STR(d->committee)};
	struct dash_agency **idx, key, *kp = &key, **hit;
	struct db_res r;
	size_t i;
	enum nv_err rc;

	if ((rc = db_query(rq->arena, sql, p, NELEM(p), &r)) != NV_OK)
		return rc;
	d->ncommunes = r.nrows;
	if ((d->communes = arena_alloc(
	         rq->arena, (r.nrows + 1) * sizeof(*d->communes))) == NULL ||
	    (idx = arena_alloc(rq->arena, (r.nrows + 1) * sizeof(*idx))) ==
	        NULL)
		return NV_ETOOBIG;
	for (i = 0; i < r.nrows; i++) {
		memset(&d->communes[i], 0, sizeof(d->communes[i]));
		d->communes[i].code = db_cell(&r, i, 0);
		d->communes[i].name = db_cell(&r, i, 1);
		d->communes[i].own = true;
		idx[i] = &d->communes[i];
	}
	qsort(idx, r.nrows, sizeof(*idx), ag_cmp);
	d->communes_by_code = idx;
	for (i = 0; i < d->nag; i++) {
		if (d->ag[i].own)
			continue;
		key.code = d->ag[i].committee;
		hit = bsearch(&kp, idx, r.nrows, sizeof(*idx), ag_cmp);
		/* Agencies of the communes only reach here (the query). */
		d->ag[i].commune =
		    hit != NULL ? (size_t)(*hit - d->communes) : SIZE_MAX;
	}
	return NV_OK;
}

/* Each committee's round of the year (issue 14): the dashboard's own in
 * d, a commune's in its row. */
static void
round_kinds(struct dashboard *d, const struct db_res *r)
{
	struct dash_agency key, *kp = &key, **hit;
	size_t i;

	d->has_round = false;
	for (i = 0; i < r->nrows; i++) {
		key.code = db_cell(r, i, 0);
		if (code_cmp(key.code, d->committee) == 0) {
			d->has_round = true;
			d->round_kinds = db_cell(r, i, 1);
			continue;
		}
		hit = d->communes_by_code == NULL
		          ? NULL
		          : bsearch(&kp, d->communes_by_code, d->ncommunes,
		                sizeof(*d->communes_by_code), ag_cmp);
		if (hit != NULL) {
			(*hit)->has_round = true;
			(*hit)->round_kinds = db_cell(r, i, 1);
		}
	}
}

/*
 * One row per commune: its agencies' figures summed, then coloured and
 * ranked among the communes by the agencies' rule (rank()).  A commune
 * must register when one of its agencies must.
 */
static void
dash_communes_sum(struct req *rq, struct dashboard *d)
{
	struct dash_agency *c, *a;
	size_t i;

	for (i = 0; i < d->nag; i++) {
		a = &d->ag[i];
		if (a->own || a->commune >= d->ncommunes)
			continue;
		c = &d->communes[a->commune];
		c->registered += a->registered;
		c->in_program += a->in_program;
		c->on_track += a->on_track;
		c->at_risk += a->at_risk;
		c->delayed += a->delayed;
		c->overdue += a->overdue;
		c->completed += a->completed;
		c->done_on_time += a->done_on_time;
		c->done_late += a->done_late;
		c->missing_reports += a->missing_reports;
		c->extended += a->extended;
		c->extensions += a->extensions;
		c->budget += a->budget;
		c->pct_sum += a->pct_sum;
		c->pct_n += a->pct_n;
		c->must_register = c->must_register || a->must_register;
	}
	rank(rq, d->communes, d->ncommunes, true);
}

/* The task of alias a is led by an agency of the dashboard's committee
 * (issue 14); one parameter, d->committee.  A scalar subquery by the
 * agency's key: as EXISTS with both conditions, MariaDB read the
 * committee's rows by agencies_committee and filtered them by code (32
 * rows per task; the overdue list 22 -> 12 ms at 961 tasks). */
#define DASH_OWN(a)                                                            \
	"(SELECT dc.committee FROM agencies dc WHERE dc.code = " a             \
	".lead_agency) = ?"

/* The overdue tasks of the scope (the unfinished states past draft, as
 * dash_deadlines counts them), by tasks_overdue (status, deadline, then
 * what the keys need, migration 0048): the past deadlines only; then an
 * optional part of the list, and its order.
 * Seven parameters (overdue_params()), then OVERDUE_RANGE's seven. */
#define OVERDUE_SCOPE                                                          \
	"FROM tasks t FORCE INDEX (tasks_overdue) "                            \
	"WHERE t.status IN ('submitted', 'approved', 'returned', "             \
	"'in_program') AND t.deadline < ? AND t.year <= ? "                    \
	"AND (? IS NULL OR t.lead_agency = ?) "                                \
	"AND (? IS NULL OR FIND_IN_SET(?, t.fields) > 0)"
#define OVERDUE_WHERE OVERDUE_SCOPE " AND " DASH_OWN("t")
#define OVERDUE_RANGE                                                          \
	" AND (? IS NULL OR (t.deadline BETWEEN ? AND ? "                      \
	"AND (t.deadline > ? OR t.id >= ?) AND (t.deadline < ? OR t.id <= "    \
	"?)))"                                                                 \
	" ORDER BY t.deadline, t.id"

static size_t
overdue_params(const struct dashboard *d, struct db_param *p)
{
	p[0] = DBP_STR(str_c(d->today));
	p[1] = DBP_INT(d->year);
	p[2] = DBP_STR(d->only);
	p[3] = DBP_STR(d->only);
	p[4] = DBP_STR(d->field);
	p[5] = DBP_STR(d->field);
	p[6] = DBP_STR(d->committee);
	return 7;
}

static int
str_cmp(const void *a, const void *b)
{
	return code_cmp(*(const struct str *)a, *(const struct str *)b);
}

/*
 * The committee's condition applied here, not per row in SQL: the keys
 * are then read from tasks_overdue alone (3.1 -> 1.7 ms at 790 overdue
 * of 100,037 tasks, where the subquery read an agency per task).  The
 * committee's codes are kept under list_version, which a change to
 * agencies bumps.  The pieces' reads keep DASH_OWN: a row this filter
 * and that condition judged apart fails the pieces' check, and the list
 * is read whole.
 */
enum nv_err
dash_overdue_keys(struct req *rq, const struct dashboard *d, struct db_res *r)
{
	static const char own_sql[] =
	    "SELECT code FROM agencies WHERE committee = ?";
	static const char sql[] =
	    "SELECT t.id, t.row_version, t.lead_agency, "
	    "t.deadline " OVERDUE_SCOPE " ORDER BY t.deadline, t.id";
	struct db_param p[7], c[] = {DBP_STR(d->committee)};
	struct db_res own;
	struct str *codes, lead;
	size_t i, k = 0;
	enum nv_err rc;

	if ((rc = db_query_kept(rq->arena, own_sql, c, NELEM(c),
	         d->list_version, &own)) != NV_OK)
		return rc;
	if ((codes = arena_alloc(
	         rq->arena, (own.nrows + 1) * sizeof(*codes))) == NULL)
		return NV_ETOOBIG;
	for (i = 0; i < own.nrows; i++)
		codes[i] = db_cell(&own, i, 0);
	qsort(codes, own.nrows, sizeof(*codes), str_cmp);
	overdue_params(d, p);
	if ((rc = db_query(rq->arena, sql, p, 6, r)) != NV_OK)
		return rc;
	for (i = 0; i < r->nrows; i++) {
		lead = db_cell(r, i, 2);
		if (lead.p == NULL || bsearch(&lead, codes, own.nrows,
		                          sizeof(*codes), str_cmp) == NULL)
			continue;
		if (k != i)
			memcpy(&r->cells[k * r->ncols], &r->cells[i * r->ncols],
			    r->ncols * sizeof(*r->cells));
		k++;
	}
	r->nrows = k;
	return NV_OK;
}

enum nv_err
dash_overdue_range(struct req *rq, const struct dashboard *d,
    const struct dash_range *range, db_row_fn fn, void *ctx)
{
	static const char sql[] =
	    "SELECT {cols}, t.row_version " OVERDUE_WHERE OVERDUE_RANGE;
	struct db_param p[14];
	size_t n = overdue_params(d, p);
	struct str none = STR_NULL;

	(void)rq;
	p[n++] = DBP_STR(range != NULL ? range->from : none);
	p[n++] = DBP_STR(range != NULL ? range->from : none);
	p[n++] = DBP_STR(range != NULL ? range->to : none);
	p[n++] = DBP_STR(range != NULL ? range->from : none);
	p[n++] = DBP_INT(range != NULL ? range->from_id : 0);
	p[n++] = DBP_STR(range != NULL ? range->to : none);
	p[n++] = DBP_INT(range != NULL ? range->to_id : 0);
	return db_each(TASK_SQL(sql), p, n, fn, ctx);
}

struct strip {
	db_row_fn fn;
	void *ctx;
};

/* The task's columns without row_version, for dash_overdue's callers. */
static enum nv_err
strip_row(void *ctx, const struct str *cells, size_t ncols)
{
	struct strip *s = ctx;

	return s->fn(s->ctx, cells, ncols - 1);
}

enum nv_err
dash_overdue(struct req *rq, const struct dashboard *d, db_row_fn fn, void *ctx)
{
	struct strip s = {fn, ctx};

	return dash_overdue_range(rq, d, NULL, strip_row, &s);
}

/*
 * The databases of a year: its own and earlier unfinished ones, and those
 * finished during the year (they stay on the chart at 100 %).
 */
#define DB_SCOPE                                                               \
	"t.kind = 'database' AND t.status <> 'cancelled' AND t.year <= ? "     \
	"AND (t.year = ? OR t.status <> 'completed' OR t.completed_at >= "     \
	"MAKEDATE(?, 1)) AND (? IS NULL OR t.lead_agency = ?) "                \
	"AND (? IS NULL OR FIND_IN_SET(?, t.fields) > 0) AND " DASH_OWN("t")

enum nv_err
dash_databases(struct req *rq, const struct dashboard *d, struct db_res *r)
{
	static const char sql[] =
	    "SELECT {cols} FROM tasks t WHERE " DB_SCOPE " ORDER BY t.id";
	struct db_param p[] = {DBP_INT(d->year), DBP_INT(d->year),
	    DBP_INT(d->year), DBP_STR(d->only), DBP_STR(d->only),
	    DBP_STR(d->field), DBP_STR(d->field), DBP_STR(d->committee)};

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
	    DBP_STR(d->field), DBP_STR(d->field), DBP_STR(d->committee)};

	return db_query(rq->arena, sql, p, NELEM(p), r);
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
	    DBP_STR(d->field), DBP_STR(d->field), DBP_STR(d->committee)};

	return db_query(rq->arena, sql, p, NELEM(p), r);
}

int64_t
dash_percent(int64_t num, int64_t den)
{
	return (200 * num + den) / (2 * den);
}

int64_t
dash_avg_percent(const struct dash_agency *a)
{
	if (a->pct_n == 0)
		return -1;
	return (a->pct_sum + a->pct_n / 2) / a->pct_n;
}
