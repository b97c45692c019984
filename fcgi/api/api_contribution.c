/* SPDX-License-Identifier: ISC */
/*
 * Coordinating bodies' contributions over HTTP (issue 15): a task's list,
 * of a period or of every period.  What a contribution is and how it is
 * written are fcgi/domain/contribution.c and fcgi/domain/wf.c.
 */
#include <stdio.h>
#include <string.h>

#include "auth/policy.h"
#include "auth/sess.h"
#include "fcgi/api/api.h"
#include "fcgi/base/db.h"
#include "fcgi/base/str.h"
#include "fcgi/base/xlsx.h"
#include "fcgi/domain/contribution.h"
#include "fcgi/domain/dashboard.h"
#include "fcgi/domain/task.h"
#include "fcgi/domain/wf.h"
#include "fcgi/http/page.h"

/* Coordinators of a task times its months, generously. */
#define CONTRIBUTIONS_MAX 1000

/*
 * GET /tasks/{id}/contributions[?period=YYYY-MM]: by period, then agency
 * (whoever sees the task); "may_create" says whether the caller's agency
 * may add one (it coordinates the task, the task is in the programme).
 */
enum nv_err
api_contribution_list(struct req *rq, struct resp *rs)
{
	static const char sql[] =
	    "SELECT {cols} FROM report_contributions c "
	    "WHERE c.task_id = ? AND (? IS NULL OR c.period = ?) "
	    "ORDER BY c.period DESC, c.agency_code LIMIT ?";
	const struct user *u = &rq->sess->user;
	struct actor ac;
	struct wf_rec t;
	struct db_res r;
	struct contribution c;
	struct str period;
	struct jw *w;
	const struct rule *rule;
	size_t i;
	enum nv_err rc;

	if ((period = req_query(rq, "period")).p != NULL &&
	    !dash_period_ok(period))
		return req_fail(
		    rq, NV_EINVAL, "period", "Kỳ phải có dạng YYYY-MM.");
	if ((rc = req_query_unused(rq)) != NV_OK)
		return rc;
	api_actor(rq, &ac);
	if ((rc = wf_load(&ac, &task_record, rq->path_id, false, &t)) != NV_OK)
		return rc;
	struct db_param p[] = {DBP_INT(rq->path_id), DBP_STR(period),
	    DBP_STR(period), DBP_INT(CONTRIBUTIONS_MAX)};
	if ((rc = db_query(rq->arena, record_sql(&contribution_record, sql), p,
	         NELEM(p), &r)) != NV_OK)
		return rc;
	w = resp_json(rs, 200);
	jw_obj_open(w);
	jw_key(w, "items");
	jw_arr_open(w);
	for (i = 0; i < r.nrows; i++) {
		if ((rc = record_parse(&contribution_record,
		         r.cells + i * r.ncols, r.ncols, &c)) != NV_OK)
			return rc;
		contribution_json_obj(w, &c, u->roles,
		    contribution_rel(u, t.rel, c.agency_code, false),
		    t.parent_st);
	}
	jw_arr_close(w);
	jw_kbool(w, "may_create",
	    policy_decide(&policy_contribution_rules, u->roles,
	        contribution_rel(u, t.rel, str_c(u->agency_code), true),
	        RA_CREATE, RS_DRAFT, t.parent_st, 0, &rule) == NV_OK);
	jw_obj_close(w);
	return NV_OK;
}

/*
 * GET /contributions: the contributions of the tasks the caller sees,
 * newest first, filtered by status, period, the contributing agency or the
 * task: the monthly report document's coordinating bodies, a head's queue.
 */
static const char search_sql[] =
    "SELECT {cols}, t.name, t.lead_agency, t.status, "
    "(SELECT GROUP_CONCAT(tc.agency_code SEPARATOR ',') FROM "
    "task_coordinators tc WHERE tc.task_id = t.id) "
    "FROM report_contributions c JOIN tasks t ON t.id = c.task_id "
    "WHERE c.id < ? AND " TASK_VISIBLE(
        "t") " "
             "AND (? IS NULL OR c.status = ?) AND (? IS NULL OR c.period = ?) "
             "AND (? IS NULL OR c.agency_code = ?) AND (? IS NULL OR c.task_id "
             "= ?) "
             "ORDER BY c.id DESC LIMIT ?";

struct search_ctx {
	struct jw *w;
	const struct user *u;
	struct page pg;
};

static enum nv_err
search_row(void *ctx, const struct str *cells, size_t ncols)
{
	struct search_ctx *sc = ctx;
	const struct str *x = cells + record_ncols(&contribution_record);
	struct contribution c;
	struct task t;
	int st;
	enum nv_err rc;

	if (ncols != record_ncols(&contribution_record) + 4)
		return NV_EINTERNAL;
	if ((rc = record_parse(&contribution_record, cells, ncols, &c)) !=
	        NV_OK ||
	    (st = policy_state_from(x[2].p, x[2].len)) < 0)
		return rc != NV_OK ? rc : NV_EINTERNAL;
	memset(&t, 0, sizeof(t));
	t.lead_agency = x[1];
	t.coords = x[3].p ? x[3] : STR("");
	if (!page_take(&sc->pg, c.id))
		return NV_OK;
	jw_obj_open(sc->w);
	contribution_members(sc->w, &c, sc->u->roles,
	    contribution_rel(
	        sc->u, task_rel_of(&t, sc->u), c.agency_code, false),
	    st);
	jw_key(sc->w, "task");
	jw_obj_open(sc->w);
	jw_kint(sc->w, "id", c.task_id);
	jw_ksstr(sc->w, "name", x[0]);
	jw_ksstr(sc->w, "lead_agency", x[1]);
	jw_kstrz(sc->w, "status", policy_state_name((enum task_state)st));
	jw_obj_close(sc->w);
	jw_obj_close(sc->w);
	return NV_OK;
}

enum nv_err
api_contribution_search(struct req *rq, struct resp *rs)
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
			    "Trạng thái không hợp lệ.");
		status = str_c(policy_report_state_name((enum report_state)k));
	}
	if ((s = req_query(rq, "period")).p != NULL) {
		if (!dash_period_ok(s))
			return req_fail(rq, NV_EINVAL, "period",
			    "Kỳ phải có dạng YYYY-MM.");
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
	struct db_param vis[TASK_VISIBLE_NPARAMS];
	struct db_param tid = task_id ? DBP_INT(task_id) : DBP_NULL;

	task_visible_params(u, vis);
	_Static_assert(TASK_VISIBLE_NPARAMS == 5, "binds below");
	struct db_param p[] = {DBP_INT(sc.pg.after), vis[0], vis[1], vis[2],
	    vis[3], vis[4], DBP_STR(status), DBP_STR(status), DBP_STR(period),
	    DBP_STR(period), DBP_STR(agency), DBP_STR(agency), tid, tid,
	    DBP_INT(sc.pg.limit + 1)};

	sc.u = u;
	sc.w = resp_json(rs, 200);
	jw_obj_open(sc.w);
	jw_key(sc.w, "items");
	jw_arr_open(sc.w);
	if ((rc = db_each(record_sql(&contribution_record, search_sql), p,
	         NELEM(p), search_row, &sc)) != NV_OK)
		return rc;
	page_end(sc.w, &sc.pg);
	return NV_OK;
}

/* --- the dashboard workbook's sheet ------------------------------------- */

static const struct xlsx_col sheet_cols[] = {
    {"TT", 5},
    {"Tên nhiệm vụ", 48},
    {"Cơ quan chủ trì thực hiện", 28},
    {"Cơ quan phối hợp", 28},
    {"Phần việc đã phối hợp", 60},
    {"Ghi chú tiến độ", 30},
};

/*
 * The period's approved contributions beside the lead bodies' reports: of
 * the dashboard's scope (a head: the tasks their agency leads or
 * contributes to; ?field=), by lead body, task and contributor.
 */
static const char sheet_sql[] =
    "SELECT t.name, COALESCE(a.name, t.lead_agency), c.agency_name, "
    "c.contribution, c.progress_note "
    "FROM report_contributions c JOIN tasks t ON t.id = c.task_id "
    "LEFT JOIN agencies a ON a.code = t.lead_agency "
    "WHERE c.period = ? AND c.status = 'approved' "
    "AND (? IS NULL OR t.lead_agency = ? OR c.agency_code = ?) "
    "AND (? IS NULL OR FIND_IN_SET(?, t.fields) > 0) "
    "AND a.committee = ? " /* the dashboard's committee (issue 14) */
    "ORDER BY a.position, t.lead_agency, t.id, c.agency_code LIMIT ?";

/* A year's programme's tasks times their coordinators, generously. */
#define SHEET_MAX 20000

struct sheet_ctx {
	struct xlsx *x;
	uint32_t row;
};

static enum nv_err
sheet_row(void *ctx, const struct str *c, size_t ncols)
{
	struct sheet_ctx *sc = ctx;
	uint32_t row = ++sc->row;
	enum nv_err e;

	if (ncols != 5)
		return NV_EINTERNAL;
	if ((e = xlsx_num(sc->x, row, 0, (double)row, XF_CENTER)) ||
	    (e = xlsx_str(sc->x, row, 1, c[0], XF_TEXT)) ||
	    (e = xlsx_str(sc->x, row, 2, c[1], XF_TEXT)) ||
	    (e = xlsx_str(sc->x, row, 3, c[2], XF_TEXT)) ||
	    (e = xlsx_str(sc->x, row, 4, c[3], XF_TEXT)) ||
	    (e = xlsx_str(sc->x, row, 5, c[4], XF_TEXT)))
		return e;
	return NV_OK;
}

enum nv_err
api_contribution_sheet(
    struct req *rq, const struct dashboard *d, struct xlsx *x)
{
	static const char title[] = "PHẦN ĐÓNG GÓP CỦA CƠ QUAN PHỐI HỢP";
	struct sheet_ctx sc = {x, 0};
	const char *lines[3];
	char period[96];
	enum nv_err e;

	(void)rq;
	snprintf(period, sizeof(period), "Kỳ báo cáo tháng %.2s/%.4s",
	    d->period + 5, d->period);
	lines[0] = d->issuer;
	lines[1] = title;
	lines[2] = period;
	if ((e = xlsx_sheet_titled(x, "Phối hợp", title, lines, NELEM(lines),
	         sheet_cols, NELEM(sheet_cols))) != NV_OK)
		return e;
	struct db_param p[] = {DBP_STR(str_c(d->period)), DBP_STR(d->only),
	    DBP_STR(d->only), DBP_STR(d->only), DBP_STR(d->field),
	    DBP_STR(d->field), DBP_STR(d->committee), DBP_INT(SHEET_MAX)};
	return db_each(sheet_sql, p, NELEM(p), sheet_row, &sc);
}
