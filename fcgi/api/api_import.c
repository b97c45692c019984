/* SPDX-License-Identifier: ISC */
/*
 * POST /imports/tasks (the registration template uploaded as .xlsx or
 * .csv: every row checked, nothing created) and POST /imports/{id}/confirm
 * (the drafts created, all in the route's one transaction).  The reading
 * and the checks are fcgi/domain/task_import.c; here are the media type,
 * who may import at all, and the JSON of the preview.
 */
#include <string.h>

#include "auth/sess.h"
#include "fcgi/api/api.h"
#include "fcgi/base/str.h"
#include "fcgi/domain/task_import.h"

#define XLSX_TYPE                                                              \
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* The media type without its parameters. */
static struct str
media(struct str ct)
{
	const char *semi;

	if (ct.p == NULL)
		return STR("");
	semi = memchr(ct.p, ';', ct.len);
	return str_trim(
	    (struct str){ct.p, semi ? (size_t)(semi - ct.p) : ct.len});
}

static void
row_json(struct jw *w, const struct import_row *r)
{
	size_t i;

	jw_obj_open(w);
	jw_kint(w, "row", r->row);
	jw_key(w, "task");
	jw_obj_open(w);
	jw_kstrz(w, "kind", "breakthrough");
	jw_ksstr(w, "name", r->name);
	jw_ksstr(w, "responsible_person", r->responsible_person);
	jw_ksstr(w, "lead_agency", r->lead_agency);
	jw_key(w, "coordinating_agencies");
	jw_arr_open(w);
	for (i = 0; i < r->ncoords; i++)
		jw_sstr(w, r->coords[i]);
	jw_arr_close(w);
	jw_ksstr(w, "expected_product", r->expected_product);
	if (r->has_budget)
		jw_kint(w, "estimated_budget", r->budget);
	else
		jw_knull(w, "estimated_budget");
	jw_ksstr(w, "notes", r->notes);
	jw_ksstr(w, "deadline", r->deadline);
	jw_obj_close(w);
	jw_key(w, "errors");
	jw_arr_open(w);
	for (i = 0; i < r->nerr; i++) {
		jw_obj_open(w);
		jw_kstrz(w, "column", r->err[i].column);
		jw_kstrz(w, "message", r->err[i].message);
		jw_obj_close(w);
	}
	jw_arr_close(w);
	jw_obj_close(w);
}

enum nv_err
api_import_tasks(struct req *rq, struct resp *rs)
{
	const struct user *u = &rq->sess->user;
	struct str mt = media(rq->content_type);
	struct import imp;
	struct actor ac;
	struct jw *w;
	size_t i;
	bool is_csv;
	enum nv_err rc;

	/* Only those who may register a task may import the template. */
	if (policy_task_create(u->roles, true, TK_BREAKTHROUGH, TS_DRAFT) !=
	    NV_OK)
		return NV_EPERM;
	if (str_caseeq(mt, "text/csv"))
		is_csv = true;
	else if (str_caseeq(mt, XLSX_TYPE))
		is_csv = false;
	else
		return req_fail(rq, NV_EMEDIA, NULL,
		    "Chỉ nhận tệp .xlsx hoặc .csv của mẫu đăng ký.");
	if (rq->body == NULL || rq->body_len == 0)
		return req_fail(rq, NV_EINVAL, "file", "Chưa có tệp nào.");
	api_actor(rq, &ac);
	if ((rc = task_import_read(
	         &ac, rq->body, rq->body_len, is_csv, &imp)) != NV_OK ||
	    (rc = task_import_save(&ac, &imp)) != NV_OK)
		return api_refused(rq, &ac, rc);
	w = resp_json(rs, 200);
	jw_obj_open(w);
	jw_kint(w, "import_id", imp.id);
	jw_key(w, "rows");
	jw_arr_open(w);
	for (i = 0; i < imp.nrows; i++)
		row_json(w, &imp.rows[i]);
	jw_arr_close(w);
	jw_kint(w, "valid", (int64_t)(imp.nrows - imp.invalid));
	jw_kint(w, "invalid", (int64_t)imp.invalid);
	jw_obj_close(w);
	return NV_OK;
}

enum nv_err
api_import_confirm(struct req *rq, struct resp *rs)
{
	struct actor ac;
	struct jw *w;
	int64_t *ids;
	size_t i, n;
	enum nv_err rc;

	api_actor(rq, &ac);
	if ((rc = task_import_confirm(
	         &ac, rq->path_id, req_bodied(rq), &ids, &n)) != NV_OK)
		return api_refused(rq, &ac, rc);
	w = resp_json(rs, 201);
	jw_obj_open(w);
	jw_key(w, "created");
	jw_arr_open(w);
	for (i = 0; i < n; i++)
		jw_int(w, ids[i]);
	jw_arr_close(w);
	jw_obj_close(w);
	return NV_OK;
}
