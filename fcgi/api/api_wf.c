/* SPDX-License-Identifier: ISC */
/*
 * Where a request meets the write path (fcgi/domain/wf.h): the actor of a
 * request, a JSON body as the write path's input, a refusal's detail
 * carried back to the response, and a record written as the response.
 */
#include <string.h>

#include "auth/sess.h"
#include "fcgi/api/api.h"
#include "fcgi/base/clock.h"
#include "fcgi/base/log.h"
#include "fcgi/base/str.h"
#include "fcgi/domain/audit.h"

void
api_actor(struct req *rq, struct actor *ac)
{
	memset(ac, 0, sizeof(*ac));
	ac->user = rq->sess != NULL ? &rq->sess->user : NULL;
	ac->arena = rq->arena;
	ac->client_addr = rq->remote_addr.p != NULL ? rq->remote_addr.p : "";
	ac->request_id = rq->id;
}

/*
 * Reads the body against the members flagged op and the extras the
 * operation takes: one dense field table for req_fields(), scattered back
 * into the write path's slots.
 */
static enum nv_err
body_read(void *ctx, const struct record_desc *d, unsigned op, struct fval *v)
{
	struct req *rq = ctx;
	struct field dense[JSON_KEYS_MAX];
	struct fval dv[JSON_KEYS_MAX];
	size_t map[JSON_KEYS_MAX], i, n = 0;
	struct cJSON *root;
	enum nv_err rc;

	for (i = 0; i < d->nm; i++) {
		if (!(d->m[i].flags & op))
			continue;
		if (n == JSON_KEYS_MAX)
			return NV_EINTERNAL;
		dense[n] = d->m[i].in;
		dense[n].name = d->m[i].name;
		dense[n].required =
		    op == WF_OP_CREATE && (d->m[i].flags & M_REQUIRED);
		map[n++] = i;
	}
	for (i = 0; i < WF__EXTRA; i++) {
		if (!(wf_extra_ops[i] & op))
			continue;
		if (n == JSON_KEYS_MAX)
			return NV_EINTERNAL;
		dense[n] = wf_extras[i];
		map[n++] = d->nm + i;
	}
	if ((rc = req_json(rq, &root)) != NV_OK ||
	    (rc = req_fields(rq, root, dense, n, dv)) != NV_OK)
		return rc;
	for (i = 0; i < n; i++)
		v[map[i]] = dv[i];
	return NV_OK;
}

struct wf_input
api_body(struct req *rq)
{
	return (struct wf_input){body_read, rq};
}

enum nv_err
api_refused(struct req *rq, const struct actor *ac, enum nv_err rc)
{
	if (rc != NV_OK && ac->err_msg != NULL) {
		rq->err_fields = ac->err_fields;
		return req_fail(rq, rc, ac->err_field, ac->err_msg);
	}
	return rc;
}

enum nv_err
api_respond(struct req *rq, struct resp *rs, const struct record_desc *d,
    int status, int64_t id)
{
	struct actor ac;
	struct wf_rec rec;
	enum nv_err rc;

	api_actor(rq, &ac);
	if ((rc = wf_load(&ac, d, id, false, &rec)) != NV_OK)
		return rc;
	d->json(resp_json(rs, status), rec.row, &rec, ac.user);
	return NV_OK;
}

/* The whole of a create, patch or transition of kind d. */
static enum nv_err
record_write(
    struct req *rq, struct resp *rs, const struct record_desc *d, unsigned op)
{
	struct wf_input in = api_body(rq);
	struct actor ac;
	struct wf_rec kept, rec;
	int64_t id = rq->path_id;
	enum nv_err rc;

	api_actor(rq, &ac);
	memset(&kept, 0, sizeof(kept));
	if (d->parent_kept)
		ac.kept = &kept;
	switch (op) {
	case WF_OP_CREATE:
		/* A kind with a parent is created under it: /tasks/{id}/… */
		rc = wf_create(&ac, d, d->act_create >= 0 ? id : 0, &in, &id);
		break;
	case WF_OP_EDIT:
		rc = wf_patch(&ac, d, id, &in);
		break;
	default:
		rc = wf_transition(&ac, d, id, &in);
		break;
	}
	if (rc != NV_OK)
		return api_refused(rq, &ac, rc);
	if (d->parent_kept) {
		/* Issue 8: the parent the write read, not read again. */
		ac.kept = NULL;
		if ((rc = wf_load_known(&ac, d, id, &kept, &rec)) == NV_OK)
			d->json(resp_json(rs, op == WF_OP_CREATE ? 201 : 200),
			    rec.row, &rec, ac.user);
	} else
		rc = api_respond(rq, rs, d, op == WF_OP_CREATE ? 201 : 200, id);
	if (rc == NV_ENOENT && op == WF_OP_CREATE)
		/* Its own transaction cannot miss it: that was lost. */
		log_warnx(
		    "%s %lld: written, then not found", d->kind, (long long)id);
	return rc;
}

enum nv_err
api_record_create(struct req *rq, struct resp *rs)
{
	return record_write(rq, rs, rq->route_arg, WF_OP_CREATE);
}

enum nv_err
api_record_get(struct req *rq, struct resp *rs)
{
	return api_respond(rq, rs, rq->route_arg, 200, rq->path_id);
}

enum nv_err
api_record_patch(struct req *rq, struct resp *rs)
{
	return record_write(rq, rs, rq->route_arg, WF_OP_EDIT);
}

enum nv_err
api_record_transition(struct req *rq, struct resp *rs)
{
	return record_write(rq, rs, rq->route_arg, WF_OP_ACT);
}

enum nv_err
api_record_delete(struct req *rq, struct resp *rs)
{
	const struct record_desc *d = rq->route_arg;
	struct str v = req_query(rq, "version");
	struct actor ac;
	int64_t version;
	enum nv_err rc;

	/* A DELETE has no body: the version it deletes is in the query. */
	if (v.p == NULL || str_to_i64(v, 1, INT32_MAX, &version) != NV_OK)
		return req_fail(rq, NV_EINVAL, "version",
		    "Cần phiên bản (version) của bản ghi sẽ xóa.");
	api_actor(rq, &ac);
	if ((rc = wf_delete(&ac, d, rq->path_id, version)) != NV_OK)
		return api_refused(rq, &ac, rc);
	resp_empty(rs, 204);
	return NV_OK;
}

enum nv_err
audit_write(struct req *rq, const struct audit *au)
{
	struct actor ac;

	api_actor(rq, &ac);
	return audit_insert(&ac, au);
}

void
api_history_item(struct jw *w, const struct str *c)
{
	jw_obj_open(w);
	jw_ksstr(w, "at", c[0]);
	jw_ksstr(w, "actor", c[1]);
	jw_ksstr(w, "actor_name", c[7]);
	jw_ksstr(w, "action", c[2]);
	/* An acting head's act: the head they stood in for (issue 12). */
	jw_ksstr(w, "on_behalf_of", c[8]);
	jw_ksstr(w, "on_behalf_of_name", c[9]);
	jw_ksstr(w, "from", c[3]);
	jw_ksstr(w, "to", c[4]);
	jw_ksstr(w, "comment", c[5]);
	jw_key(w, "changes");
	if (c[6].p != NULL && str_eq(c[2], "edit"))
		jw_raw(w, c[6].p, c[6].len);
	else
		jw_null(w);
	jw_obj_close(w);
}

static enum nv_err
history_row(void *ctx, const struct str *c, size_t ncols)
{
	(void)ncols;
	api_history_item(ctx, c);
	return NV_OK;
}

static enum nv_err
history(struct req *rq, struct resp *rs, const struct record_desc *d,
    const char *sql, const struct db_param *p, size_t np)
{
	struct actor ac;
	struct wf_rec rec;
	struct jw *w;
	enum nv_err rc;

	api_actor(rq, &ac);
	if ((rc = wf_load(&ac, d, rq->path_id, false, &rec)) != NV_OK)
		return rc;
	w = resp_json(rs, 200);
	jw_obj_open(w);
	jw_key(w, "items");
	jw_arr_open(w);
	if ((rc = db_each(sql, p, np, history_row, w)) != NV_OK)
		return rc;
	jw_arr_close(w);
	jw_obj_close(w);
	return NV_OK;
}

enum nv_err
api_history(struct req *rq, struct resp *rs, const struct record_desc *d,
    const char *sql)
{
	struct db_param p[] = {DBP_INT(rq->path_id)};

	return history(rq, rs, d, sql, p, NELEM(p));
}

enum nv_err
api_record_history(struct req *rq, struct resp *rs)
{
	/* The action's name follows its kind's prefix ("proposal_forward"). */
	static const char sql[] =
	    "SELECT DATE_FORMAT(at, '%Y-%m-%dT%H:%i:%sZ'), actor, "
	    "SUBSTRING(action, ?), from_status, to_status, comment, detail, "
	    "actor_name, on_behalf_of, on_behalf_name FROM audit "
	    "WHERE record_kind = ? AND record_id = ? "
	    "ORDER BY id";
	const struct record_desc *d = rq->route_arg;
	struct db_param p[] = {DBP_INT((int64_t)strlen(d->audit_prefix) + 1),
	    DBP_STR(str_c(d->kind)), DBP_INT(rq->path_id)};

	return history(rq, rs, d, sql, p, NELEM(p));
}
