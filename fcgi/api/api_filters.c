/* SPDX-License-Identifier: ISC */
/*
 * Saved filters (issue 17): each user's named queries of the task list.
 *
 *	GET    /me/filters            the caller's, by name
 *	POST   /me/filters            {"name", "query"} → 201
 *	PATCH  /me/filters/{id}       {"name"} → 200 (rename)
 *	DELETE /me/filters/{id}       → 204
 *
 * Bounded: at most FILTERS_MAX a user, a name of 1–100 characters, a
 * query of at most 1000 bytes.  The query is GET /tasks's own query
 * string and is checked as the list checks it (api_task_filter,
 * task_sort_params), keys limited to the list's filters and sort: a
 * filter that saves is one the list answers.  Another user's filter is
 * a 404.  Every change is audited (filter_create, filter_rename,
 * filter_delete).
 */
#include <stdio.h>
#include <string.h>

#include "auth/sess.h"
#include "fcgi/api/api.h"
#include "fcgi/api/api_task_sort.h"
#include "fcgi/base/buf.h"
#include "fcgi/base/str.h"
#include "fcgi/domain/audit.h"

#define FILTERS_MAX  50
#define FILTER_NAME  100
#define FILTER_QUERY 1000
#define FILTER_COLS                                                            \
	"id, name, query, DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ'), "     \
	"DATE_FORMAT(updated_at, '%Y-%m-%dT%H:%i:%sZ')"

/* The list's filters and sort; not its page (limit, cursor). */
static const char *const keys[] = {"year", "status", "kind", "agency",
    "overdue", "q", "lead_agency", "scope", "missing_report", "with_drafts",
    "health", "sort", "committee"};

/* clang-format off */
static const struct field create_fields[] = {
	{ "name", F_LINE, true, false, 1, FILTER_NAME },
	{ "query", F_LINE, true, false, 0, FILTER_QUERY },
};
static const struct field patch_fields[] = {
	{ "name", F_LINE, true, false, 1, FILTER_NAME },
};
/* clang-format on */

static void
filter_json(struct jw *w, const struct str *c)
{
	jw_obj_open(w);
	jw_kint(w, "id", db_str_int(c[0]));
	jw_ksstr(w, "name", c[1]);
	jw_ksstr(w, "query", c[2]);
	jw_ksstr(w, "created_at", c[3]);
	jw_ksstr(w, "updated_at", c[4]);
	jw_obj_close(w);
}

static enum nv_err
list_row(void *ctx, const struct str *c, size_t ncols)
{
	if (ncols != 5)
		return NV_EINTERNAL;
	filter_json(ctx, c);
	return NV_OK;
}

enum nv_err
api_filters_list(struct req *rq, struct resp *rs)
{
	static const char sql[] = "SELECT " FILTER_COLS " FROM saved_filters "
	                          "WHERE username = ? ORDER BY name, id";
	struct db_param p[] = {DBP_STR(str_c(rq->sess->user.username))};
	struct jw *w;
	enum nv_err rc;

	if ((rc = req_query_unused(rq)) != NV_OK)
		return rc;
	w = resp_json(rs, 200);
	jw_obj_open(w);
	jw_key(w, "items");
	jw_arr_open(w);
	if ((rc = db_each(sql, p, 1, list_row, w)) != NV_OK)
		return rc;
	jw_arr_close(w);
	jw_obj_close(w);
	return NV_OK;
}

static bool
known(struct str k)
{
	size_t i;

	for (i = 0; i < NELEM(keys); i++)
		if (str_eq(k, keys[i]))
			return true;
	return false;
}

/* 400 naming "query" unless q is a query the task list answers. */
static enum nv_err
query_check(struct req *rq, struct str q)
{
	struct req *t;
	struct task_filter f;
	struct task_sort s;
	size_t i;
	enum nv_err rc;

	for (i = 0; i < q.len; i++)
		if (q.p[i] < 0x21 || q.p[i] > 0x7e || q.p[i] == '#')
			return req_fail(rq, NV_EINVAL, "query",
			    "Bộ lọc phải là chuỗi tham số của danh sách nhiệm "
			    "vụ (đã mã hóa URL).");
	if ((t = arena_alloc(rq->arena, sizeof(*t))) == NULL)
		return NV_ETOOBIG;
	*t = *rq;
	t->query = q;
	t->err_field = t->err_msg = NULL;
	if ((rc = req_parse_query(t)) == NV_OK) {
		for (i = 0; i < t->nq && rc == NV_OK; i++) {
			if (!known(t->q[i].k))
				rc = req_fail(t, NV_EINVAL, t->q[i].k.p,
				    "Tham số không dùng được trong bộ lọc.");
			/* The list screen's "every agency". */
			else if (str_eq(t->q[i].k, "agency") &&
			         str_eq(t->q[i].v, "all"))
				t->q[i].k = str_c("agency_all");
		}
	}
	if (rc == NV_OK)
		rc = api_task_filter(t, &f);
	if (rc == NV_OK)
		rc = task_sort_params(t, &s);
	if (rc != NV_EINVAL)
		return rc;
	return req_fail(rq, NV_EINVAL, "query",
	    arena_printf(rq->arena, "Bộ lọc không hợp lệ (%s): %s",
	        t->err_field != NULL ? t->err_field : "query",
	        t->err_msg != NULL ? t->err_msg : "không đọc được."));
}

static enum nv_err
audit_filter(struct req *rq, const char *action, int64_t id, struct str name)
{
	struct audit au = {0};
	struct buf b;
	struct jw w;
	enum nv_err rc;

	buf_init(&b, 1024);
	jw_init(&w, &b);
	jw_obj_open(&w);
	jw_kint(&w, "filter", id);
	jw_ksstr(&w, "name", name);
	jw_obj_close(&w);
	if (buf_failed(&b)) {
		buf_free(&b);
		return NV_ETOOBIG;
	}
	au.action = action;
	au.detail = b.p;
	au.detail_len = b.len;
	rc = audit_write(rq, &au);
	buf_free(&b);
	return rc;
}

static enum nv_err
respond(struct req *rq, struct resp *rs, int status, int64_t id)
{
	static const char sql[] =
	    "SELECT " FILTER_COLS " FROM saved_filters WHERE id = ?";
	struct db_param p[] = {DBP_INT(id)};
	struct db_res r;
	enum nv_err rc;

	if ((rc = db_query(rq->arena, sql, p, 1, &r)) != NV_OK)
		return rc;
	if (r.nrows != 1)
		return NV_EINTERNAL;
	filter_json(resp_json(rs, status), r.cells);
	return NV_OK;
}

enum nv_err
api_filters_create(struct req *rq, struct resp *rs)
{
	/* Locks the user's rows, so two saves cannot both be the 50th. */
	static const char n_sql[] = "SELECT COUNT(*) FROM (SELECT id FROM "
	                            "saved_filters WHERE username = ? FOR "
	                            "UPDATE) x";
	static const char ins[] =
	    "INSERT INTO saved_filters (username, name, query, created_at, "
	    "updated_at) VALUES (?, ?, ?, NOW(6), NOW(6))";
	struct str user = str_c(rq->sess->user.username);
	struct fval v[NELEM(create_fields)];
	struct cJSON *root;
	struct db_res r;
	uint64_t id;
	enum nv_err rc;

	if ((rc = req_json(rq, &root)) != NV_OK ||
	    (rc = req_fields(
	         rq, root, create_fields, NELEM(create_fields), v)) != NV_OK ||
	    (rc = query_check(rq, v[1].s)) != NV_OK)
		return rc;
	struct db_param pu[] = {DBP_STR(user)};
	if ((rc = db_query(rq->arena, n_sql, pu, 1, &r)) != NV_OK)
		return rc;
	if (r.nrows == 1 && db_str_int(r.cells[0]) >= FILTERS_MAX)
		return req_fail(rq, NV_EINVAL, "name",
		    "Đã có 50 bộ lọc; hãy xóa bớt trước khi lưu thêm.");
	struct db_param p[] = {DBP_STR(user), DBP_STR(v[0].s), DBP_STR(v[1].s)};
	rc = db_exec(ins, p, NELEM(p), NULL, &id);
	if (rc == NV_EDUP)
		return req_fail(
		    rq, NV_EDUP, "name", "Bạn đã có bộ lọc mang tên này.");
	if (rc != NV_OK || (rc = audit_filter(rq, "filter_create", (int64_t)id,
	                        v[0].s)) != NV_OK)
		return rc;
	return respond(rq, rs, 201, (int64_t)id);
}

/* The caller's filter of the path, locked; NV_ENOENT for anyone else's. */
static enum nv_err
own(struct req *rq)
{
	static const char sql[] = "SELECT id FROM saved_filters WHERE id = ? "
	                          "AND username = ? FOR UPDATE";
	struct db_param p[] = {
	    DBP_INT(rq->path_id), DBP_STR(str_c(rq->sess->user.username))};
	struct db_res r;
	enum nv_err rc;

	if ((rc = db_query(rq->arena, sql, p, 2, &r)) != NV_OK)
		return rc;
	return r.nrows == 1 ? NV_OK : NV_ENOENT;
}

enum nv_err
api_filters_patch(struct req *rq, struct resp *rs)
{
	static const char upd[] = "UPDATE saved_filters SET name = ?, "
	                          "updated_at = NOW(6) WHERE id = ?";
	struct fval v[NELEM(patch_fields)];
	struct cJSON *root;
	enum nv_err rc;

	if ((rc = own(rq)) != NV_OK || (rc = req_json(rq, &root)) != NV_OK ||
	    (rc = req_fields(rq, root, patch_fields, NELEM(patch_fields), v)) !=
	        NV_OK)
		return rc;
	struct db_param p[] = {DBP_STR(v[0].s), DBP_INT(rq->path_id)};
	rc = db_exec(upd, p, 2, NULL, NULL);
	if (rc == NV_EDUP)
		return req_fail(
		    rq, NV_EDUP, "name", "Bạn đã có bộ lọc mang tên này.");
	if (rc != NV_OK || (rc = audit_filter(rq, "filter_rename", rq->path_id,
	                        v[0].s)) != NV_OK)
		return rc;
	return respond(rq, rs, 200, rq->path_id);
}

enum nv_err
api_filters_delete(struct req *rq, struct resp *rs)
{
	static const char del[] = "DELETE FROM saved_filters WHERE id = ?";
	static const char name[] =
	    "SELECT name FROM saved_filters WHERE id = ?";
	struct db_param p[] = {DBP_INT(rq->path_id)};
	struct db_res r;
	enum nv_err rc;

	if ((rc = req_query_unused(rq)) != NV_OK || (rc = own(rq)) != NV_OK ||
	    (rc = db_query(rq->arena, name, p, 1, &r)) != NV_OK ||
	    (rc = db_exec(del, p, 1, NULL, NULL)) != NV_OK ||
	    (rc = audit_filter(rq, "filter_delete", rq->path_id,
	         r.nrows == 1 ? r.cells[0] : STR_NULL)) != NV_OK)
		return rc;
	resp_empty(rs, 204);
	return NV_OK;
}
