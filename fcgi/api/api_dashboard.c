/* SPDX-License-Identifier: ISC */
/* GET /dashboard: the consolidated status, as the contract shapes it. */
#include <string.h>

#include "auth/sess.h"
#include "fcgi/api/api.h"
#include "fcgi/domain/dashboard.h"
#include "fcgi/base/str.h"
#include "fcgi/domain/task.h"

static void
agency_json(struct jw *w, const struct dash_agency *a)
{
	int64_t avg = dash_avg_percent(a);

	jw_obj_open(w);
	jw_ksstr(w, "code", a->code);
	jw_ksstr(w, "name", a->name);
	jw_kint(w, "registered", a->registered);
	jw_kint(w, "in_program", a->in_program);
	jw_kint(w, "on_track", a->on_track);
	jw_kint(w, "at_risk", a->at_risk);
	jw_kint(w, "delayed", a->delayed);
	jw_kint(w, "overdue", a->overdue);
	jw_kint(w, "completed", a->completed);
	jw_kint(w, "done_on_time", a->done_on_time);
	jw_kint(w, "done_late", a->done_late);
	jw_key(w, "avg_percent");
	if (avg < 0)
		jw_null(w);
	else
		jw_int(w, avg);
	jw_kint(w, "missing_reports", a->missing_reports);
	jw_kint(w, "extended", a->extended);     /* issue 15 */
	jw_kint(w, "extensions", a->extensions); /* issue 15 */
	jw_kint(w, "estimated_budget", a->budget);
	jw_kstrz(w, "colour", a->colour); /* NULL: not rated */
	jw_key(w, "rank");
	if (a->is_rated)
		jw_int(w, a->rank);
	else
		jw_null(w);
	jw_key(w, "on_time_percent");
	if (a->has_share)
		jw_int(w, a->on_time_percent);
	else
		jw_null(w);
	jw_obj_close(w);
}

/*
 * Issue 14: whose dashboard, and for the province's, one row per commune
 * (the agency row's members, its code and name the commune's), the
 * communes that registered no breakthrough task and those with reports
 * missing for the period.  A commune's own dashboard has none.
 */
static void
communes_json(struct jw *w, const struct dashboard *d)
{
	size_t i;

	jw_key(w, "committee");
	jw_obj_open(w);
	jw_ksstr(w, "code", d->committee);
	jw_ksstr(w, "name", d->committee_name);
	jw_ksstr(w, "level", d->committee_level);
	jw_kstrz(w, "header", d->header);
	jw_obj_close(w);
	jw_key(w, "communes");
	jw_arr_open(w);
	for (i = 0; i < d->ncommunes; i++)
		agency_json(w, &d->communes[i]);
	jw_arr_close(w);
	jw_key(w, "communes_missing_registration");
	jw_arr_open(w);
	for (i = 0; i < d->ncommunes; i++)
		if (d->communes[i].registered == 0)
			jw_sstr(w, d->communes[i].code);
	jw_arr_close(w);
	jw_key(w, "communes_missing_reports");
	jw_arr_open(w);
	for (i = 0; i < d->ncommunes; i++)
		if (d->communes[i].missing_reports > 0)
			jw_sstr(w, d->communes[i].code);
	jw_arr_close(w);
}

static enum nv_err
build(struct req *rq, struct resp *rs, struct dash_frag *f)
{
	const struct user *u = &rq->sess->user;
	struct dashboard d;
	struct db_res dbs, series, ms;
	struct task t;
	struct jw *w;
	size_t i, k = 0, j = 0;
	int s;
	enum nv_err rc;

	if ((rc = dash_params(rq, &d)) != NV_OK)
		return rc;
	/* Read first: what is kept under it (the summary's sums, the overdue
	 * list's pieces) was read after it. */
	if ((rc = api_list_version(rq, &d.list_version)) != NV_OK ||
	    (rc = dash_compute(rq, &d)) != NV_OK ||
	    (rc = dash_databases(rq, &d, &dbs)) != NV_OK ||
	    (rc = dash_series(rq, &d, &series)) != NV_OK ||
	    (rc = dash_milestones(rq, &d, &ms)) != NV_OK)
		return rc;
	w = resp_json(rs, 200);
	jw_obj_open(w);
	jw_kint(w, "year", d.year);
	jw_kstrz(w, "period", d.period);
	jw_key(w, "totals");
	jw_obj_open(w);
	jw_kint(w, "tasks", d.tasks);
	jw_key(w, "by_status");
	jw_obj_open(w);
	for (s = 0; s < TS__MAX; s++)
		jw_kint(
		    w, policy_state_name((enum task_state)s), d.by_status[s]);
	jw_obj_close(w);
	jw_kint(w, "overdue", d.overdue);
	jw_kint(w, "completed", d.completed);
	jw_kint(w, "extended", d.extended);     /* issue 15 */
	jw_kint(w, "extensions", d.extensions); /* issue 15 */
	jw_kint(w, "estimated_budget", d.budget);
	/* The totals per field of work (issue 15). */
	jw_key(w, "by_field");
	jw_obj_open(w);
	for (s = 0; s < VOCAB_NFIELDS; s++) {
		jw_key(w, vocab_fields[s]);
		jw_obj_open(w);
		jw_kint(w, "tasks", d.by_field[s].tasks);
		jw_kint(w, "in_program", d.by_field[s].in_program);
		jw_kint(w, "completed", d.by_field[s].completed);
		jw_kint(w, "overdue", d.by_field[s].overdue);
		jw_kint(w, "estimated_budget", d.by_field[s].budget);
		jw_obj_close(w);
	}
	jw_obj_close(w);
	jw_obj_close(w);
	jw_key(w, "field");
	if (d.field.p != NULL)
		jw_sstr(w, d.field);
	else
		jw_null(w);

	jw_key(w, "agencies");
	jw_arr_open(w);
	for (i = 0; i < d.nag; i++)
		if (d.ag[i].own)
			agency_json(w, &d.ag[i]);
	jw_arr_close(w);

	jw_key(w, "missing_registration");
	jw_arr_open(w);
	for (i = 0; i < d.nag; i++)
		if (d.ag[i].own && d.ag[i].registered == 0 &&
		    dash_must_register(&d.ag[i]))
			jw_sstr(w, d.ag[i].code);
	jw_arr_close(w);
	communes_json(w, &d);

	jw_key(w, "overdue_tasks");
	jw_arr_open(w);
	/* Kept apart, in pieces (issue 8). */
	if ((rc = api_dash_overdue(rq, rs, &d, w, f)) != NV_OK)
		return rc;
	jw_arr_close(w);

	/* Both lists are ordered by task id: merge them in one pass. */
	jw_key(w, "databases");
	jw_arr_open(w);
	for (i = 0; i < dbs.nrows; i++) {
		if ((rc = task_parse(
		         dbs.cells + i * dbs.ncols, dbs.ncols, &t)) != NV_OK)
			return rc;
		jw_obj_open(w);
		jw_key(w, "task");
		task_json(
		    w, &t, d.today, task_roles(&t, u), task_rel_of(&t, u));
		jw_key(w, "series");
		jw_arr_open(w);
		while (k < series.nrows && db_int(&series, k, 0) < t.id)
			k++;
		for (; k < series.nrows && db_int(&series, k, 0) == t.id; k++) {
			jw_obj_open(w);
			jw_ksstr(w, "period", db_cell(&series, k, 1));
			jw_kint(w, "percent", db_int(&series, k, 2));
			jw_obj_close(w);
		}
		jw_arr_close(w);
		/* Built and in use, apart (issue 15). */
		jw_key(w, "milestones");
		jw_arr_open(w);
		while (j < ms.nrows && db_int(&ms, j, 0) < t.id)
			j++;
		for (; j < ms.nrows && db_int(&ms, j, 0) == t.id; j++) {
			jw_obj_open(w);
			jw_ksstr(w, "kind", db_cell(&ms, j, 1));
			jw_ksstr(w, "name", db_cell(&ms, j, 2));
			jw_ksstr(w, "due", db_cell(&ms, j, 3));
			jw_key(w, "done_on");
			if (db_cell(&ms, j, 4).p != NULL)
				jw_sstr(w, db_cell(&ms, j, 4));
			else
				jw_null(w);
			jw_ksstr(w, "status", db_cell(&ms, j, 5));
			jw_obj_close(w);
		}
		jw_arr_close(w);
		jw_obj_close(w);
	}
	jw_arr_close(w);
	/* Results, not just progress (issue 13). */
	if ((rc = api_dashboard_results(rq, &d, w)) != NV_OK)
		return rc;
	jw_obj_close(w);
	return NV_OK;
}

/* Built, or kept from an earlier request while nothing it shows changed
 * (api_dashboard_cache.c). */
enum nv_err
api_dashboard(struct req *rq, struct resp *rs)
{
	struct dash_key k;
	struct dash_frag f = {0};
	enum nv_err rc;

	if (api_dash_hit(rq, rs, &k))
		return NV_OK;
	if ((rc = build(rq, rs, &f)) != NV_OK)
		return rc;
	return api_dash_built(rq, rs, &k, &f);
}
