/* SPDX-License-Identifier: ISC */
/*
 * Acting head (issue 12): GET /delegations (the list), DELETE
 * /delegations/{id} (a revocation, a transition on the write path), and
 * the request path's one question, asked after the session is known:
 * does a delegation make the caller the acting head of their agency today
 * (route_acting)?  The create, get and history are the shared handlers.
 */
#include <string.h>

#include "auth/sess.h"
#include "fcgi/api/api.h"
#include "fcgi/base/clock.h"
#include "fcgi/base/str.h"
#include "fcgi/domain/delegation.h"
#include "fcgi/http/route.h"

enum nv_err
route_acting(struct req *rq)
{
	char today[11];

	if (rq->sess == NULL)
		return NV_OK;
	if (rq->sess->deleg_read) {
		delegation_acting_set(&rq->sess->user, rq->sess->deleg_head,
		    rq->sess->deleg_head_name, rq->sess->deleg_until);
		return NV_OK;
	}
	clock_today(today);
	return delegation_acting(rq->arena, &rq->sess->user, today);
}

struct list {
	struct jw *w;
	const struct user *u;
};

static void
list_item(void *ctx, const struct delegation *x)
{
	struct list *l = ctx;

	delegation_record.json(l->w, x, NULL, l->u);
}

enum nv_err
api_delegation_list(struct req *rq, struct resp *rs)
{
	struct list l = {NULL, &rq->sess->user};
	enum nv_err rc;

	l.w = resp_json(rs, 200);
	jw_obj_open(l.w);
	jw_key(l.w, "items");
	jw_arr_open(l.w);
	if ((rc = delegation_list(rq->arena, l.u, list_item, &l)) != NV_OK)
		return rc;
	jw_arr_close(l.w);
	jw_obj_close(l.w);
	return NV_OK;
}

/* A revocation's input: the action, and the version read or given. */
struct revoke_in {
	int64_t version;
};

static enum nv_err
revoke_read(void *ctx, const struct record_desc *d, unsigned op, struct fval *v)
{
	const struct revoke_in *in = ctx;

	(void)op;
	v[d->nm + WF_ACTION].present = true;
	v[d->nm + WF_ACTION].s = STR("revoke");
	v[d->nm + WF_VERSION].present = true;
	v[d->nm + WF_VERSION].i = in->version;
	return NV_OK;
}

enum nv_err
api_delegation_revoke(struct req *rq, struct resp *rs)
{
	struct str vs = req_query(rq, "version");
	struct revoke_in in = {0};
	struct wf_input win = {revoke_read, &in};
	struct actor ac;
	struct wf_rec rec;
	enum nv_err rc;

	api_actor(rq, &ac);
	/* Who may see it first (404), then the version (400). */
	if ((rc = wf_load(&ac, &delegation_record, rq->path_id, false, &rec)) !=
	    NV_OK)
		return rc;
	if (vs.p == NULL)
		in.version = ((const struct delegation *)rec.row)->version;
	else if (str_to_i64(vs, 1, INT32_MAX, &in.version) != NV_OK)
		return req_fail(rq, NV_EINVAL, "version",
		    "Phiên bản (version) không hợp lệ.");
	if ((rc = wf_transition(&ac, &delegation_record, rq->path_id, &win)) !=
	    NV_OK)
		return api_refused(rq, &ac, rc);
	resp_empty(rs, 204);
	return NV_OK;
}
