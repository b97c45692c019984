/* SPDX-License-Identifier: ISC */
/*
 * POST /tasks/bulk: approve, accept or return several tasks from a queue
 * at once (issue 17).  Not a second write path: each item is one
 * wf_transition() in its own transaction, version-checked, decided by the
 * rule rows and audited exactly as POST /tasks/{id}/transitions is, and
 * answered per item.  One item refused does not undo the others.
 */
#include <string.h>

#include "fcgi/api/api.h"
#include "fcgi/base/jw.h"
#include "fcgi/base/str.h"
#include "fcgi/domain/task.h"
#include "fcgi/http/worker.h"

#define BULK_MAX    100  /* items in one request */
#define COMMENT_MAX 4000 /* as a single transition's comment */

/* The queue's actions; the rest go one by one. */
static const char *const bulk_acts[] = {"approve", "accept", "return"};

static const struct field bulk_fields[] = {
    {"action", F_LINE, true, false, 1, 20},
    {"items", F_OBJECTS, true, false, 1, BULK_MAX},
    {"comment", F_TEXT, false, true, 0, COMMENT_MAX},
};
enum { B_ACTION, B_ITEMS, B_COMMENT, B__N };

static const struct field item_fields[] = {
    {"id", F_INT, true, false, 1, INT32_MAX},
    {"version", F_INT, true, false, 1, INT32_MAX},
};
enum { I_ID, I_VERSION, I__N };

/* One item's input to the write path: the bulk's action and comment. */
struct item_in {
	const struct fval *action, *comment;
	int64_t version;
};

static enum nv_err
item_read(void *ctx, const struct record_desc *d, unsigned op, struct fval *v)
{
	const struct item_in *in = ctx;

	(void)op;
	v[d->nm + WF_ACTION] = *in->action;
	v[d->nm + WF_COMMENT] = *in->comment;
	v[d->nm + WF_VERSION].present = true;
	v[d->nm + WF_VERSION].i = in->version;
	return NV_OK;
}

/* A refused item: the contract's error object, as a single one gets. */
static void
item_error(struct jw *w, const struct actor *ac, enum nv_err rc)
{
	const char *const *f;

	if (rc <= NV_OK || rc >= NV_ERR__MAX)
		rc = NV_EINTERNAL;
	jw_kint(w, "status", errmap[rc].status);
	jw_key(w, "error");
	jw_obj_open(w);
	jw_kstrz(w, "code", errmap[rc].code);
	jw_kstrz(w, "message",
	    ac->err_msg != NULL ? ac->err_msg : errmap[rc].message);
	if (ac->err_field != NULL)
		jw_kstrz(w, "field", ac->err_field);
	if (ac->err_fields != NULL) {
		jw_key(w, "fields");
		jw_arr_open(w);
		for (f = ac->err_fields; *f != NULL; f++)
			jw_strz(w, *f);
		jw_arr_close(w);
	}
	jw_obj_close(w);
}

enum nv_err
api_task_bulk(struct req *rq, struct resp *rs)
{
	struct fval b[B__N], *items;
	struct cJSON *root;
	struct item_in in;
	struct wf_input input = {item_read, &in};
	struct actor ac;
	struct wf_rec rec;
	struct jw *w;
	size_t i, k, act, n, done = 0;
	int64_t id;
	enum nv_err rc;

	if ((rc = req_json(rq, &root)) != NV_OK ||
	    (rc = req_fields(rq, root, bulk_fields, B__N, b)) != NV_OK)
		return rc;
	for (k = 0; k < NELEM(bulk_acts); k++)
		if (str_eq(b[B_ACTION].s, bulk_acts[k]))
			break;
	if (k == NELEM(bulk_acts))
		return req_fail(rq, NV_EINVAL, "action",
		    "Thao tác hàng loạt phải là approve, accept hoặc return.");
	act = k;
	n = b[B_ITEMS].nitems;
	if ((items = arena_alloc(rq->arena, n * I__N * sizeof(*items))) == NULL)
		return NV_ETOOBIG;
	if ((rc = req_objects(
	         rq, "items", &b[B_ITEMS], item_fields, I__N, items)) != NV_OK)
		return rc;
	for (i = 0; i < n; i++)
		for (k = 0; k < i; k++)
			if (items[i * I__N + I_ID].i ==
			    items[k * I__N + I_ID].i)
				return req_fail(rq, NV_EINVAL,
				    arena_printf(rq->arena, "items[%zu].id", i),
				    "Một nhiệm vụ chỉ được nêu một lần.");

	in.action = &b[B_ACTION];
	in.comment = &b[B_COMMENT];
	w = resp_json(rs, 200);
	jw_obj_open(w);
	jw_kstrz(w, "action", bulk_acts[act]);
	jw_key(w, "items");
	jw_arr_open(w);
	for (i = 0; i < n; i++) {
		id = items[i * I__N + I_ID].i;
		in.version = items[i * I__N + I_VERSION].i;
		api_actor(rq, &ac);
		rc = wf_transition(&ac, &task_record, id, &input);
		jw_obj_open(w);
		jw_kint(w, "id", id);
		jw_kbool(w, "ok", rc == NV_OK);
		if (rc == NV_OK) {
			done++;
			api_actor(rq, &ac);
			jw_kint(w, "status", 200);
			jw_key(w, "task");
			if (wf_load(&ac, &task_record, id, false, &rec) ==
			    NV_OK)
				task_record.json(w, rec.row, &rec, ac.user);
			else
				jw_null(w);
		} else {
			item_error(w, &ac, rc);
			/* Audited as the single transition's refusal is. */
			if (rc == NV_EPERM || rc == NV_ENOENT)
				worker_refused(rq, rc);
		}
		jw_obj_close(w);
	}
	jw_arr_close(w);
	jw_kint(w, "done", (int64_t)done);
	jw_kint(w, "failed", (int64_t)(n - done));
	jw_obj_close(w);
	return NV_OK;
}
