/* SPDX-License-Identifier: ISC */
/*
 * GET /audit: the audit trail for the secretariat and admin, newest first,
 * filtered by task and actor, in keyset pages.
 */
#include "fcgi/api/api.h"
#include "fcgi/base/db.h"
#include "fcgi/http/page.h"
#include "fcgi/base/str.h"

struct audit_ctx {
	struct jw *w;
	struct page pg;
};

static enum nv_err
audit_row(void *ctx, const struct str *c, size_t ncols)
{
	struct audit_ctx *ac = ctx;
	struct jw *w = ac->w;
	int64_t id = db_str_int(c[0]);

	if (ncols != 15)
		return NV_EINTERNAL;
	if (!page_take(&ac->pg, id))
		return NV_OK;
	jw_obj_open(w);
	jw_kint(w, "id", id);
	jw_ksstr(w, "at", c[1]);
	jw_ksstr(w, "actor", c[2]);
	jw_ksstr(w, "actor_name", c[3]);
	jw_ksstr(w, "action", c[4]);
	jw_key(w, "task_id");
	if (c[5].p != NULL)
		jw_int(w, db_str_int(c[5]));
	else
		jw_null(w);
	jw_key(w, "report_id");
	if (c[6].p != NULL)
		jw_int(w, db_str_int(c[6]));
	else
		jw_null(w);
	jw_ksstr(w, "from", c[7]);
	jw_ksstr(w, "to", c[8]);
	jw_ksstr(w, "comment", c[9]);
	jw_ksstr(w, "client_addr", c[10]);
	jw_ksstr(w, "request_id", c[11]);
	/* detail is JSON already (a CHECK on the column says so). */
	jw_key(w, "detail");
	if (c[12].p != NULL)
		jw_raw(w, c[12].p, c[12].len);
	else
		jw_null(w);
	/* A record of no task: its kind and id (issue 13). */
	jw_ksstr(w, "record_kind", c[13]);
	jw_key(w, "record_id");
	if (c[14].p != NULL)
		jw_int(w, db_str_int(c[14]));
	else
		jw_null(w);
	jw_obj_close(w);
	return NV_OK;
}

enum nv_err
api_audit_list(struct req *rq, struct resp *rs)
{
	static const char sql[] =
	    "SELECT id, DATE_FORMAT(at, '%Y-%m-%dT%H:%i:%s.%fZ'), actor, "
	    "actor_name, action, task_id, report_id, from_status, to_status, "
	    "comment, client_addr, request_id, detail, record_kind, "
	    "record_id FROM audit "
	    "WHERE id < ? AND (? IS NULL OR task_id = ?) "
	    "AND (? IS NULL OR actor = ?) ORDER BY id DESC LIMIT ?";
	struct audit_ctx ac = {0};
	struct str s, actor = STR_NULL;
	int64_t task_id = 0;
	enum nv_err rc;

	if ((s = req_query(rq, "task_id")).p != NULL &&
	    str_to_i64(s, 1, INT64_MAX, &task_id) != NV_OK)
		return req_fail(
		    rq, NV_EINVAL, "task_id", "task_id không hợp lệ.");
	if ((s = req_query(rq, "actor")).p != NULL) {
		if (s.len == 0 || s.len > 64)
			return req_fail(rq, NV_EINVAL, "actor",
			    "Tên đăng nhập không hợp lệ.");
		actor = s;
	}
	if ((rc = page_params(rq, &ac.pg)) != NV_OK)
		return rc;
	if ((rc = req_query_unused(rq)) != NV_OK)
		return rc;

	struct db_param tid = task_id ? DBP_INT(task_id) : DBP_NULL;
	struct db_param p[] = {DBP_INT(ac.pg.after), tid, tid, DBP_STR(actor),
	    DBP_STR(actor), DBP_INT(ac.pg.limit + 1)};
	ac.w = resp_json(rs, 200);
	jw_obj_open(ac.w);
	jw_key(ac.w, "items");
	jw_arr_open(ac.w);
	if ((rc = db_each(sql, p, NELEM(p), audit_row, &ac)) != NV_OK)
		return rc;
	page_end(ac.w, &ac.pg);
	return NV_OK;
}
