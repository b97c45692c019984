/* SPDX-License-Identifier: ISC */
/*
 * Monthly progress reports over HTTP.  What a report is and how it is
 * written are fcgi/domain/report.c and fcgi/domain/wf.c.
 */
#include <stdio.h>
#include <string.h>

#include "auth/policy.h"
#include "auth/sess.h"
#include "fcgi/api/api.h"
#include "fcgi/base/db.h"
#include "fcgi/base/str.h"
#include "fcgi/domain/report.h"
#include "fcgi/domain/task.h"
#include "fcgi/domain/vocab.h"
#include "fcgi/http/page.h"

struct list_ctx {
	struct jw *w;
	unsigned roles;
	enum task_rel rel;
	enum task_state task_st;
};

static enum nv_err
list_row(void *ctx, const struct str *cells, size_t ncols)
{
	struct list_ctx *lc = ctx;
	struct report r;
	enum nv_err rc;

	if ((rc = report_parse(cells, ncols, &r)) != NV_OK)
		return rc;
	jw_obj_open(lc->w);
	report_members(lc->w, &r, lc->roles, lc->rel, lc->task_st);
	jw_obj_close(lc->w);
	return NV_OK;
}

enum nv_err
api_report_list(struct req *rq, struct resp *rs)
{
	static const char sel[] = "SELECT {cols} FROM reports r "
	                          "WHERE r.task_id = ? ORDER BY r.period DESC";
	struct list_ctx lc;
	struct actor ac;
	struct wf_rec t;
	enum nv_err rc;

	api_actor(rq, &ac);
	if ((rc = wf_load(&ac, &task_record, rq->path_id, false, &t)) != NV_OK)
		return rc;
	lc.roles = rq->sess->user.roles;
	lc.rel = t.rel;
	lc.task_st = t.parent_st;
	lc.w = resp_json(rs, 200);
	jw_obj_open(lc.w);
	jw_key(lc.w, "items");
	jw_arr_open(lc.w);
	struct db_param p[] = {DBP_INT(rq->path_id)};
	if ((rc = db_each(record_sql(&report_record, sel), p, 1, list_row,
	         &lc)) != NV_OK)
		return rc;
	jw_arr_close(lc.w);
	jw_obj_close(lc.w);
	return NV_OK;
}

/*
 * GET /reports: the reports the caller may see, newest first, filtered by
 * status, period, the task's lead agency or the task; for the heads'
 * approval queue ("submitted" reports of their agency).
 */
static const char search_sql[] =
    "SELECT {cols}, t.name, t.lead_agency, t.status, "
    "(SELECT GROUP_CONCAT(c.agency_code SEPARATOR ',') FROM "
    "task_coordinators c WHERE c.task_id = t.id) "
    "FROM reports r JOIN tasks t ON t.id = r.task_id "
    "WHERE r.id < ? AND " TASK_VISIBLE(
        "t") " "
             "AND (? IS NULL OR r.status = ?) AND (? IS NULL OR r.period = ?) "
             "AND (? IS NULL OR t.lead_agency = ?) AND (? IS NULL OR r.task_id "
             "= ?) "
             "ORDER BY r.id DESC LIMIT ?";

struct search_ctx {
	struct jw *w;
	const struct user *u;
	struct page pg;
};

static enum nv_err
search_row(void *ctx, const struct str *c, size_t ncols)
{
	struct search_ctx *sc = ctx;
	struct report r;
	struct task t;
	enum task_rel rel;
	int st;
	enum nv_err rc;

	/* The task's name, lead, state and coordinators follow the report. */
	const struct str *x = c + record_ncols(&report_record);

	if (ncols != record_ncols(&report_record) + 4)
		return NV_EINTERNAL;
	if ((rc = report_parse(c, ncols, &r)) != NV_OK ||
	    (st = policy_state_from(x[2].p, x[2].len)) < 0)
		return rc != NV_OK ? rc : NV_EINTERNAL;
	/* Enough of the task to know the caller's relation to it. */
	memset(&t, 0, sizeof(t));
	t.lead_agency = x[1];
	t.coords = x[3].p ? x[3] : STR("");
	rel = task_rel_of(&t, sc->u);
	if (!page_take(&sc->pg, r.id))
		return NV_OK;
	jw_obj_open(sc->w);
	report_members(sc->w, &r, sc->u->roles, rel, (enum task_state)st);
	jw_key(sc->w, "task");
	jw_obj_open(sc->w);
	jw_kint(sc->w, "id", r.task_id);
	jw_ksstr(sc->w, "name", x[0]);
	jw_ksstr(sc->w, "lead_agency", x[1]);
	jw_kstrz(sc->w, "status", policy_state_name((enum task_state)st));
	jw_obj_close(sc->w);
	jw_obj_close(sc->w);
	return NV_OK;
}

enum nv_err
api_report_search(struct req *rq, struct resp *rs)
{
	const struct user *u = &rq->sess->user;
	struct search_ctx sc = {0};
	struct str s, status = STR_NULL, period = STR_NULL, agency = STR_NULL;
	int64_t task_id = 0;
	int k;
	enum nv_err rc;

	if ((s = req_query(rq, "status")).p != NULL) {
		if ((k = policy_report_state_from(s.p, s.len)) < 0)
			return req_fail(rq, NV_EINVAL, "status",
			    "Trạng thái báo cáo không hợp lệ.");
		status = str_c(policy_report_state_name((enum report_state)k));
	}
	if ((s = req_query(rq, "period")).p != NULL) {
		const char *msg;

		if (report_period_check(s, &msg) != NV_OK)
			return req_fail(rq, NV_EINVAL, "period", msg);
		period = s;
	}
	if ((s = req_query(rq, "agency")).p != NULL) {
		if (s.len == 0 || s.len > AGENCY_CODE_MAX)
			return req_fail(
			    rq, NV_EINVAL, "agency", "Không có cơ quan này.");
		agency = s;
	}
	if ((s = req_query(rq, "task_id")).p != NULL &&
	    str_to_i64(s, 1, INT64_MAX, &task_id) != NV_OK)
		return req_fail(
		    rq, NV_EINVAL, "task_id", "task_id không hợp lệ.");
	if ((rc = page_params(rq, &sc.pg)) != NV_OK)
		return rc;
	{
		struct db_param vis[TASK_VISIBLE_NPARAMS];
		_Static_assert(TASK_VISIBLE_NPARAMS == 5, "binds below");
		struct db_param tid = task_id ? DBP_INT(task_id) : DBP_NULL;

		task_visible_params(u, vis);
		struct db_param p[] = {DBP_INT(sc.pg.after), vis[0], vis[1],
		    vis[2], vis[3], vis[4], DBP_STR(status), DBP_STR(status),
		    DBP_STR(period), DBP_STR(period), DBP_STR(agency),
		    DBP_STR(agency), tid, tid, DBP_INT(sc.pg.limit + 1)};

		sc.u = u;
		sc.w = resp_json(rs, 200);
		jw_obj_open(sc.w);
		jw_key(sc.w, "items");
		jw_arr_open(sc.w);
		if ((rc = db_each(record_sql(&report_record, search_sql), p,
		         NELEM(p), search_row, &sc)) != NV_OK)
			return rc;
	}
	page_end(sc.w, &sc.pg);
	return NV_OK;
}
