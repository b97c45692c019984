/* SPDX-License-Identifier: ISC */
/*
 * GET /todo: what waits on the caller (fcgi/domain/todo.c), the home
 * screen's inbox and the menu's counts; POST /tasks/{id}/directions/read:
 * the caller has read leadership's directions on a task.
 */
#include <string.h>

#include "auth/sess.h"
#include "fcgi/api/api.h"
#include "fcgi/base/clock.h"
#include "fcgi/base/str.h"
#include "fcgi/domain/todo.h"

/* Items listed of each kind, so that a long queue of one kind leaves the
 * later kinds listed; the counts count them all. */
#define TODO_KIND_MAX 100

struct todo_ctx {
	struct req *rq;
	struct jw *w;
	char today[11];
	size_t counts[TODO__MAX], n;
};

static enum nv_err
item(void *ctx, const struct todo_item *it)
{
	struct todo_ctx *c = ctx;
	const struct user *u = &c->rq->sess->user;
	struct jw *w = c->w;

	c->n++;
	if (c->counts[it->kind]++ >= TODO_KIND_MAX)
		return NV_OK;
	jw_obj_open(w);
	jw_kstrz(w, "kind", todo_kind_names[it->kind]);
	jw_key(w, "task");
	if (it->task != NULL)
		task_json(w, it->task, c->today, task_roles(it->task, u),
		    task_rel_of(it->task, u));
	else
		jw_null(w);
	if (it->report_id > 0 && it->kind != TODO_DIRECTION &&
	    it->kind < TODO_MILESTONE_OVERDUE)
		jw_kint(w, "report_id", it->report_id);
	else
		jw_knull(w, "report_id");
	jw_ksstr(w, "since", it->since);
	if (it->kind == TODO_DIRECTION) {
		jw_kint(w, "direction_id", it->report_id);
		jw_ksstr(w, "text", it->text);
	}
	/* Issue 15: the milestone, the contribution and its period. */
	if (it->kind == TODO_MILESTONE_OVERDUE) {
		jw_key(w, "milestone");
		jw_obj_open(w);
		jw_kint(w, "id", it->report_id);
		jw_ksstr(w, "name", it->text);
		jw_ksstr(w, "due", it->since);
		jw_obj_close(w);
	}
	if (it->kind == TODO_APPROVE_CONTRIBUTION ||
	    it->kind == TODO_FIX_CONTRIBUTION) {
		jw_kint(w, "contribution_id", it->report_id);
		jw_ksstr(w, "period", it->text);
	}
	if (it->indicator_id > 0) {
		jw_key(w, "indicator");
		jw_obj_open(w);
		jw_kint(w, "id", it->indicator_id);
		jw_ksstr(w, "code", it->indicator_code);
		jw_ksstr(w, "name", it->indicator_name);
		jw_obj_close(w);
		jw_ksstr(w, "period", it->period);
		if (it->kind == TODO_APPROVE_VALUE)
			jw_kint(w, "value_id", it->report_id);
	}
	jw_obj_close(w);
	return NV_OK;
}

enum nv_err
api_todo(struct req *rq, struct resp *rs)
{
	struct todo_ctx c = {0};
	enum nv_err rc;
	size_t i;
	bool more = false;

	c.rq = rq;
	clock_today(c.today);
	c.w = resp_json(rs, 200);
	jw_obj_open(c.w);
	jw_key(c.w, "items");
	jw_arr_open(c.w);
	if ((rc = todo_collect(
	         rq->arena, &rq->sess->user, c.today, item, &c)) != NV_OK)
		return rc;
	jw_arr_close(c.w);
	jw_key(c.w, "counts");
	jw_obj_open(c.w);
	for (i = 0; i < TODO__MAX; i++)
		jw_kint(c.w, todo_kind_names[i], (int64_t)c.counts[i]);
	jw_obj_close(c.w);
	/* Per kind: whether more are waiting than listed. */
	jw_key(c.w, "more");
	jw_obj_open(c.w);
	for (i = 0; i < TODO__MAX; i++) {
		jw_kbool(c.w, todo_kind_names[i], c.counts[i] > TODO_KIND_MAX);
		more = more || c.counts[i] > TODO_KIND_MAX;
	}
	jw_obj_close(c.w);
	jw_kint(c.w, "total", (int64_t)c.n);
	jw_kint(c.w, "kind_max", TODO_KIND_MAX);
	jw_kbool(c.w, "truncated", more);
	/* Whom the caller acts for today (issue 12), as GET /session says:
	 * the menu reads both from this one request. */
	jw_key(c.w, "acting_for");
	if (rq->sess->user.acting_for == NULL)
		jw_null(c.w);
	else {
		jw_obj_open(c.w);
		jw_kstrz(c.w, "head", rq->sess->user.acting_for);
		jw_kstrz(c.w, "head_name", rq->sess->user.acting_for_name);
		jw_kstrz(c.w, "until", rq->sess->user.acting_until);
		jw_obj_close(c.w);
	}
	jw_obj_close(c.w);
	return NV_OK;
}

enum nv_err
api_task_directions_read(struct req *rq, struct resp *rs)
{
	struct actor ac;
	struct wf_rec rec;
	enum nv_err rc;

	api_actor(rq, &ac);
	if ((rc = wf_load(&ac, &task_record, rq->path_id, false, &rec)) !=
	    NV_OK)
		return rc;
	/* After the task: the contract answers 404 before 400. */
	if (req_bodied(rq))
		return req_fail(
		    rq, NV_EINVAL, NULL, "Thao tác này không cần nội dung.");
	if ((rc = todo_directions_read(rq->sess->user.username, rq->path_id)) !=
	    NV_OK)
		return rc;
	resp_empty(rs, 204);
	return NV_OK;
}
