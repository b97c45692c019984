/* SPDX-License-Identifier: ISC */
/*
 * Coordinating bodies' contributions over HTTP (issue 15): a task's list,
 * of a period or of every period.  What a contribution is and how it is
 * written are fcgi/domain/contribution.c and fcgi/domain/wf.c.
 */
#include "auth/policy.h"
#include "auth/sess.h"
#include "fcgi/api/api.h"
#include "fcgi/base/db.h"
#include "fcgi/base/str.h"
#include "fcgi/domain/contribution.h"
#include "fcgi/domain/dashboard.h"
#include "fcgi/domain/task.h"
#include "fcgi/domain/wf.h"

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
