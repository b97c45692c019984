/* SPDX-License-Identifier: ISC */
/*
 * A task's milestones over HTTP (issue 15): the list.  What a milestone is
 * and how it is written are fcgi/domain/milestone.c and fcgi/domain/wf.c.
 */
#include "auth/policy.h"
#include "auth/sess.h"
#include "fcgi/api/api.h"
#include "fcgi/base/clock.h"
#include "fcgi/base/db.h"
#include "fcgi/domain/milestone.h"
#include "fcgi/domain/task.h"
#include "fcgi/domain/wf.h"

/* A task's milestones: a few a month over a long programme, at most. */
#define MILESTONES_MAX 500

/* GET /tasks/{id}/milestones: by due date (whoever sees the task). */
enum nv_err
api_milestone_list(struct req *rq, struct resp *rs)
{
	static const char sql[] = "SELECT {cols} FROM task_milestones m "
	                          "WHERE m.task_id = ? ORDER BY m.due, m.id "
	                          "LIMIT ?";
	struct actor ac;
	struct wf_rec t;
	struct db_res r;
	struct milestone m;
	struct jw *w;
	const struct rule *rule;
	char today[11];
	size_t i;
	enum nv_err rc;

	api_actor(rq, &ac);
	if ((rc = wf_load(&ac, &task_record, rq->path_id, false, &t)) != NV_OK)
		return rc;
	struct db_param p[] = {DBP_INT(rq->path_id), DBP_INT(MILESTONES_MAX)};
	if ((rc = db_query(rq->arena, record_sql(&milestone_record, sql), p,
	         NELEM(p), &r)) != NV_OK)
		return rc;
	clock_today(today);
	w = resp_json(rs, 200);
	jw_obj_open(w);
	jw_key(w, "items");
	jw_arr_open(w);
	for (i = 0; i < r.nrows; i++) {
		if ((rc = record_parse(&milestone_record, r.cells + i * r.ncols,
		         r.ncols, &m)) != NV_OK)
			return rc;
		milestone_json_obj(
		    w, &m, rq->sess->user.roles, t.rel, t.parent_st, today);
	}
	jw_arr_close(w);
	/* Whether the caller may add one: the rules say, not the screen. */
	jw_kbool(w, "may_create",
	    policy_decide(&policy_milestone_rules, rq->sess->user.roles, t.rel,
	        MA_CREATE, MS_OPEN, t.parent_st, 0, &rule) == NV_OK);
	jw_obj_close(w);
	return NV_OK;
}
