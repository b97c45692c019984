/* SPDX-License-Identifier: ISC */
/*
 * Agencies administered through the API (issues 15 and 17): the admin,
 * and the secretariat when agencies_by_secretariat says so
 * (policy_agency_admin), add, rename, retire and merge them.  Every change
 * is audited in its transaction (the route's R_TX).  What a code keeps
 * through these changes is written in schema/migrations/0021_agency_admin.sql
 * and docs/API.md ("Administering agencies").
 *
 *	GET   /admin/agencies                      every agency, with its
 *history POST  /admin/agencies                      add one PATCH
 * /admin/agencies/{code}               rename it, or change its kind POST
 * /admin/agencies/{code}/retire        retire one that has no open task POST
 * /admin/agencies/{code}/merge         merge it into another
 *
 * Agencies are not a kind on the write path (docs/RECORDS.md): they are
 * keyed by their code, have no workflow of states by role and agency, and
 * a merge changes other records (tasks) in bulk.  They keep its habits: a
 * version checked on every change, 409 on a stale one, an audit row each.
 */
#include <stdio.h>
#include <string.h>

#include "auth/policy.h"
#include "auth/sess.h"
#include "fcgi/api/api.h"
#include "fcgi/base/buf.h"
#include "fcgi/base/db.h"
#include "fcgi/base/str.h"
#include "fcgi/base/utf8.h"
#include "fcgi/domain/audit.h"

#define AGENCY_NAME_MAX 200 /* VARCHAR(200) */
#define OPEN_TASK       "t.status NOT IN ('completed', 'cancelled')"

static const char *const kinds[] = {
    "party", "front", "department", "other", "commune"};

/* clang-format off */
static const struct field create_fields[] = {
	{ "code", F_LINE, true, false, 1, 16 },
	{ "name", F_LINE, true, false, 1, AGENCY_NAME_MAX },
	{ "kind", F_LINE, true, false, 1, 16 },
};
static const struct field patch_fields[] = {
	{ "version", F_INT, true, false, 1, INT64_MAX },
	{ "name", F_LINE, false, false, 1, AGENCY_NAME_MAX },
	{ "kind", F_LINE, false, false, 1, 16 },
};
static const struct field retire_fields[] = {
	{ "version", F_INT, true, false, 1, INT64_MAX },
};
static const struct field merge_fields[] = {
	{ "version", F_INT, true, false, 1, INT64_MAX },
	{ "into", F_LINE, true, false, 1, 16 },
};
/* clang-format on */

#define AGENCY_COLS                                                            \
	"a.code, a.name, a.kind, a.retired_at IS NULL, "                       \
	"DATE_FORMAT(a.retired_at, '%Y-%m-%dT%H:%i:%sZ'), a.merged_into, "     \
	"a.version, (SELECT COUNT(*) FROM tasks t WHERE t.lead_agency = "      \
	"a.code AND " OPEN_TASK "), (SELECT COUNT(*) FROM tasks t WHERE "      \
	"t.lead_agency = a.code), (SELECT JSON_ARRAYAGG(JSON_OBJECT('name', "  \
	"n.name, 'from', DATE_FORMAT(n.valid_from, '%Y-%m-%dT%H:%i:%sZ'), "    \
	"'until', DATE_FORMAT(n.valid_to, '%Y-%m-%dT%H:%i:%sZ')) ORDER BY "    \
	"n.valid_to) FROM agency_names n WHERE n.code = a.code), "             \
	"DATE_FORMAT(a.named_since, '%Y-%m-%dT%H:%i:%sZ')"

static enum nv_err
may(struct req *rq)
{
	return policy_agency_admin(
	           rq->sess->user.roles, rq->conf->agencies_by_secretariat)
	           ? NV_OK
	           : NV_EPERM;
}

static bool
kind_ok(struct str s)
{
	size_t i;

	for (i = 0; i < NELEM(kinds); i++)
		if (str_eq(s, kinds[i]))
			return true;
	return false;
}

/* An agency's code as stored: A-Z, 0-9, _ and -, upper-cased here. */
static bool
code_norm(struct str s, char out[17])
{
	size_t i;
	char c;

	if (s.len == 0 || s.len > 16)
		return false;
	for (i = 0; i < s.len; i++) {
		c = s.p[i];
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 32);
		if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		        c == '_' || c == '-'))
			return false;
		out[i] = c;
	}
	out[s.len] = '\0';
	return true;
}

static void
agency_json(struct jw *w, const struct str *c)
{
	jw_obj_open(w);
	jw_ksstr(w, "code", c[0]);
	jw_ksstr(w, "name", c[1]);
	jw_ksstr(w, "kind", c[2]);
	jw_kbool(w, "active", str_eq(c[3], "1"));
	jw_ksstr(w, "retired_at", c[4]);
	jw_ksstr(w, "merged_into", c[5]);
	jw_kint(w, "version", db_str_int(c[6]));
	jw_kint(w, "open_tasks", db_str_int(c[7]));
	jw_kint(w, "tasks", db_str_int(c[8]));
	jw_ksstr(w, "named_since", c[10]);
	jw_key(w, "former_names");
	if (c[9].p != NULL)
		jw_raw(w, c[9].p, c[9].len);
	else
		jw_raw(w, "[]", 2);
	jw_obj_close(w);
}

static enum nv_err
list_row(void *ctx, const struct str *c, size_t ncols)
{
	if (ncols != 11)
		return NV_EINTERNAL;
	agency_json(ctx, c);
	return NV_OK;
}

enum nv_err
api_agency_admin_list(struct req *rq, struct resp *rs)
{
	static const char sql[] =
	    "SELECT " AGENCY_COLS
	    " FROM agencies a ORDER BY a.position, a.code";
	struct jw *w;
	enum nv_err rc;

	if ((rc = may(rq)) != NV_OK || (rc = req_query_unused(rq)) != NV_OK)
		return rc;
	w = resp_json(rs, 200);
	jw_obj_open(w);
	jw_key(w, "items");
	jw_arr_open(w);
	if ((rc = db_each(sql, NULL, 0, list_row, w)) != NV_OK)
		return rc;
	jw_arr_close(w);
	jw_obj_close(w);
	return NV_OK;
}

/* Answers with the agency of code as it is now. */
static enum nv_err
respond(struct req *rq, struct resp *rs, int status, const char *code)
{
	static const char sql[] =
	    "SELECT " AGENCY_COLS " FROM agencies a WHERE a.code = ?";
	struct db_param p[] = {DBP_STR(str_c(code))};
	struct db_res r;
	enum nv_err rc;

	if ((rc = db_query(rq->arena, sql, p, 1, &r)) != NV_OK)
		return rc;
	if (r.nrows != 1)
		return NV_EINTERNAL;
	agency_json(resp_json(rs, status), r.cells);
	return NV_OK;
}

/*
 * An audit row for an agency: detail {"agency": code, then the pairs
 * k[i]: v[i]} (strings), and the task it moved, if any.
 */
static enum nv_err
audit_agency(struct req *rq, const char *action, const char *code,
    int64_t task_id, const char *const *k, const char *const *v, size_t n)
{
	struct audit au = {0};
	struct buf b;
	struct jw w;
	size_t i;
	enum nv_err rc;

	buf_init(&b, 4096);
	jw_init(&w, &b);
	jw_obj_open(&w);
	jw_kstrz(&w, "agency", code);
	for (i = 0; i < n; i++)
		jw_kstrz(&w, k[i], v[i]);
	jw_obj_close(&w);
	if (buf_failed(&b)) {
		buf_free(&b);
		return NV_ETOOBIG;
	}
	au.action = action;
	au.task_id = task_id;
	au.detail = b.p;
	au.detail_len = b.len;
	rc = audit_write(rq, &au);
	buf_free(&b);
	return rc;
}

struct agency_row {
	char code[17];
	struct str name, kind;
	bool active;
	int64_t version;
};

/* Loads and locks the path's agency; checks the body's version. */
static enum nv_err
load(struct req *rq, int64_t version, struct agency_row *a)
{
	static const char sql[] =
	    "SELECT code, name, kind, retired_at IS NULL, version FROM "
	    "agencies WHERE code = ? FOR UPDATE";
	struct db_param p[] = {DBP_STR(rq->path_code)};
	struct db_res r;
	enum nv_err rc;

	if ((rc = db_query(rq->arena, sql, p, 1, &r)) != NV_OK)
		return rc;
	if (r.nrows != 1)
		return NV_ENOENT;
	memset(a, 0, sizeof(*a));
	snprintf(a->code, sizeof(a->code), "%s", r.cells[0].p);
	a->name = r.cells[1];
	a->kind = r.cells[2];
	a->active = str_eq(r.cells[3], "1");
	a->version = db_str_int(r.cells[4]);
	if (a->version != version)
		return req_fail(rq, NV_ESTALE, "version",
		    "Cơ quan vừa được người khác thay đổi; hãy tải lại.");
	return NV_OK;
}

/*
 * A name told apart from the others by eye: the collation already makes
 * case, accents, NFC/NFD and U+00A0 one name (409), but two spaces or a
 * zero-width one would make a second "Sở Y tế" in every list.
 */
static bool
name_ok(struct str name)
{
	return utf8_single_spaced(name.p, name.len);
}

static enum nv_err
name_fail(struct req *rq)
{
	return req_fail(rq, NV_EINVAL, "name",
	    "Tên cơ quan chỉ cách các từ bằng một dấu cách, không có khoảng "
	    "trắng thừa hay ký tự ẩn.");
}

static enum nv_err
body(struct req *rq, const struct field *f, size_t n, struct fval *v)
{
	struct cJSON *root;
	enum nv_err rc;

	if ((rc = req_json(rq, &root)) != NV_OK)
		return rc;
	return req_fields(rq, root, f, n, v);
}

enum nv_err
api_agency_admin_create(struct req *rq, struct resp *rs)
{
	static const char ins[] =
	    "INSERT INTO agencies (code, name, kind, position, named_since) "
	    "SELECT ?, ?, ?, COALESCE(MAX(position), 0) + 1, NOW(6) FROM "
	    "agencies";
	struct fval v[NELEM(create_fields)];
	char code[17];
	enum nv_err rc;

	if ((rc = may(rq)) != NV_OK ||
	    (rc = body(rq, create_fields, NELEM(create_fields), v)) != NV_OK)
		return rc;
	if (!code_norm(v[0].s, code))
		return req_fail(rq, NV_EINVAL, "code",
		    "Mã cơ quan gồm 1–16 chữ cái không dấu, chữ số, _ hoặc -.");
	if (!name_ok(v[1].s))
		return name_fail(rq);
	if (!kind_ok(v[2].s))
		return req_fail(rq, NV_EINVAL, "kind",
		    "Loại cơ quan phải là party, front, department, other "
		    "hoặc commune.");
	struct db_param p[] = {
	    DBP_STR(str_c(code)), DBP_STR(v[1].s), DBP_STR(v[2].s)};
	rc = db_exec(ins, p, NELEM(p), NULL, NULL);
	if (rc == NV_EDUP)
		return req_fail(
		    rq, NV_EDUP, "code", "Đã có cơ quan với mã hoặc tên này.");
	if (rc != NV_OK)
		return rc;
	{
		const char *k[] = {"name", "kind"};
		const char *val[] = {v[1].s.p, v[2].s.p};

		if ((rc = audit_agency(
		         rq, "agency_create", code, 0, k, val, 2)) != NV_OK)
			return rc;
	}
	return respond(rq, rs, 201, code);
}

enum nv_err
api_agency_admin_patch(struct req *rq, struct resp *rs)
{
	static const char keep[] =
	    "INSERT INTO agency_names (code, name, valid_from, valid_to) "
	    "SELECT code, name, named_since, NOW(6) FROM agencies WHERE "
	    "code = ?";
	static const char upd[] =
	    "UPDATE agencies SET name = ?, kind = ?, named_since = IF(name = "
	    "?, named_since, NOW(6)), version = version + 1 WHERE code = ?";
	struct fval v[NELEM(patch_fields)];
	struct agency_row a;
	struct str name, kind;
	bool renamed;
	enum nv_err rc;

	if ((rc = may(rq)) != NV_OK ||
	    (rc = body(rq, patch_fields, NELEM(patch_fields), v)) != NV_OK)
		return rc;
	if (v[2].present && !kind_ok(v[2].s))
		return req_fail(rq, NV_EINVAL, "kind",
		    "Loại cơ quan phải là party, front, department, other "
		    "hoặc commune.");
	if ((rc = load(rq, v[0].i, &a)) != NV_OK)
		return rc;
	if (v[1].present && !name_ok(v[1].s))
		return name_fail(rq);
	if (!a.active)
		return req_fail(rq, NV_ESTATE, NULL,
		    "Cơ quan đã ngừng hoạt động; không đổi tên được.");
	name = v[1].present ? v[1].s : a.name;
	kind = v[2].present ? v[2].s : a.kind;
	/* The names table's collation: "Sở Y tế" and "Sở y tế" are one. */
	renamed = !(
	    name.len == a.name.len && memcmp(name.p, a.name.p, name.len) == 0);
	struct db_param pc[] = {DBP_STR(str_c(a.code))};
	if (renamed && (rc = db_exec(keep, pc, 1, NULL, NULL)) != NV_OK)
		return rc;
	struct db_param p[] = {DBP_STR(name), DBP_STR(kind), DBP_STR(name),
	    DBP_STR(str_c(a.code))};
	rc = db_exec(upd, p, NELEM(p), NULL, NULL);
	if (rc == NV_EDUP)
		return req_fail(
		    rq, NV_EDUP, "name", "Đã có cơ quan khác mang tên này.");
	if (rc != NV_OK)
		return rc;
	{
		const char *k[] = {"from", "to", "kind"};
		const char *val[] = {a.name.p, name.p, kind.p};

		if ((rc = audit_agency(
		         rq, "agency_edit", a.code, 0, k, val, 3)) != NV_OK)
			return rc;
	}
	return respond(rq, rs, 200, a.code);
}

static enum nv_err
count(struct req *rq, const char *sql, const char *code, int64_t *n)
{
	struct db_param p[] = {DBP_STR(str_c(code)), DBP_STR(str_c(code))};
	struct db_res r;
	enum nv_err rc;

	if ((rc = db_query(rq->arena, sql, p, 2, &r)) != NV_OK)
		return rc;
	*n = r.nrows == 1 ? db_str_int(r.cells[0]) : 0;
	return NV_OK;
}

enum nv_err
api_agency_admin_retire(struct req *rq, struct resp *rs)
{
	static const char open_sql[] =
	    "SELECT COUNT(*) FROM tasks t WHERE " OPEN_TASK
	    " AND (t.lead_agency = ? OR EXISTS (SELECT 1 FROM "
	    "task_coordinators c WHERE c.task_id = t.id AND c.agency_code = "
	    "?))";
	static const char upd[] =
	    "UPDATE agencies SET retired_at = NOW(6), version = version + 1 "
	    "WHERE code = ?";
	struct fval v[NELEM(retire_fields)];
	struct agency_row a;
	int64_t n;
	enum nv_err rc;

	if ((rc = may(rq)) != NV_OK ||
	    (rc = body(rq, retire_fields, NELEM(retire_fields), v)) != NV_OK ||
	    (rc = load(rq, v[0].i, &a)) != NV_OK)
		return rc;
	if (!a.active)
		return req_fail(
		    rq, NV_ESTATE, NULL, "Cơ quan đã ngừng hoạt động rồi.");
	if ((rc = count(rq, open_sql, a.code, &n)) != NV_OK)
		return rc;
	if (n > 0)
		return req_fail(rq, NV_ESTATE, NULL,
		    arena_printf(rq->arena,
		        "Cơ quan còn %lld nhiệm vụ đang thực hiện (chủ trì "
		        "hoặc phối hợp); hãy hợp nhất vào cơ quan tiếp nhận.",
		        (long long)n));
	struct db_param p[] = {DBP_STR(str_c(a.code))};
	if ((rc = db_exec(upd, p, 1, NULL, NULL)) != NV_OK ||
	    (rc = audit_agency(
	         rq, "agency_retire", a.code, 0, NULL, NULL, 0)) != NV_OK)
		return rc;
	return respond(rq, rs, 200, a.code);
}

/* The ids of the open tasks sql (one parameter, the code) selects. */
static enum nv_err
ids(struct req *rq, const char *sql, const char *code, struct db_res *r)
{
	struct db_param p[] = {DBP_STR(str_c(code))};

	return db_query(rq->arena, sql, p, 1, r);
}

static enum nv_err
bump(int64_t id)
{
	static const char sql[] = "UPDATE tasks SET version = version + 1, "
	                          "updated_at = NOW(6) WHERE id = ?";
	struct db_param p[] = {DBP_INT(id)};

	return db_exec(sql, p, 1, NULL, NULL);
}

enum nv_err
api_agency_admin_merge(struct req *rq, struct resp *rs)
{
	static const char led[] =
	    "SELECT t.id FROM tasks t WHERE "
	    "t.lead_agency = ? AND " OPEN_TASK " ORDER BY t.id FOR UPDATE";
	static const char helped[] =
	    "SELECT t.id, t.lead_agency FROM tasks t JOIN task_coordinators c "
	    "ON c.task_id = t.id WHERE c.agency_code = ? AND " OPEN_TASK
	    " ORDER BY t.id FOR UPDATE";
	static const char drop[] = "DELETE FROM task_coordinators WHERE "
	                           "task_id = ? AND agency_code = ?";
	static const char lead[] =
	    "UPDATE tasks SET lead_agency = ? WHERE id = ?";
	static const char add[] = "INSERT IGNORE INTO task_coordinators "
	                          "(task_id, agency_code) VALUES (?, ?)";
	static const char upd[] =
	    "UPDATE agencies SET retired_at = NOW(6), merged_into = ?, "
	    "version = version + 1 WHERE code = ?";
	static const char target[] =
	    "SELECT retired_at IS NULL FROM agencies WHERE code = ? FOR "
	    "UPDATE";
	struct fval v[NELEM(merge_fields)];
	struct agency_row a;
	struct db_res r, t;
	char into[17], moved[24];
	const char *k[] = {"into", "as"};
	const char *val[2];
	size_t i;
	int64_t id;
	enum nv_err rc;

	if ((rc = may(rq)) != NV_OK ||
	    (rc = body(rq, merge_fields, NELEM(merge_fields), v)) != NV_OK)
		return rc;
	if (!code_norm(v[1].s, into))
		return req_fail(
		    rq, NV_EINVAL, "into", "Không có cơ quan tiếp nhận này.");
	if ((rc = load(rq, v[0].i, &a)) != NV_OK)
		return rc;
	if (strcmp(into, a.code) == 0)
		return req_fail(rq, NV_EINVAL, "into",
		    "Không hợp nhất một cơ quan vào chính nó.");
	struct db_param pt[] = {DBP_STR(str_c(into))};
	if ((rc = db_query(rq->arena, target, pt, 1, &t)) != NV_OK)
		return rc;
	if (t.nrows != 1)
		return req_fail(
		    rq, NV_EINVAL, "into", "Không có cơ quan tiếp nhận này.");
	if (!str_eq(t.cells[0], "1"))
		return req_fail(rq, NV_EINVAL, "into",
		    "Cơ quan tiếp nhận đã ngừng hoạt động.");
	if (!a.active)
		return req_fail(
		    rq, NV_ESTATE, NULL, "Cơ quan đã ngừng hoạt động rồi.");
	val[0] = into;
	/* The tasks it leads: the other one leads them, and stops
	 * coordinating them if it did. */
	val[1] = "lead";
	if ((rc = ids(rq, led, a.code, &r)) != NV_OK)
		return rc;
	for (i = 0; i < r.nrows; i++) {
		id = db_str_int(db_cell(&r, i, 0));
		struct db_param pd[] = {DBP_INT(id), DBP_STR(str_c(into))};
		struct db_param pl[] = {DBP_STR(str_c(into)), DBP_INT(id)};
		if ((rc = db_exec(drop, pd, 2, NULL, NULL)) != NV_OK ||
		    (rc = db_exec(lead, pl, 2, NULL, NULL)) != NV_OK ||
		    (rc = bump(id)) != NV_OK ||
		    (rc = audit_agency(
		         rq, "agency_merged", a.code, id, k, val, 2)) != NV_OK)
			return rc;
	}
	snprintf(moved, sizeof(moved), "%zu", r.nrows);
	/* The tasks it helps with: the other one helps instead, unless it
	 * leads them (it already took the lead above, or had it). */
	val[1] = "coordinator";
	if ((rc = ids(rq, helped, a.code, &r)) != NV_OK)
		return rc;
	for (i = 0; i < r.nrows; i++) {
		id = db_str_int(db_cell(&r, i, 0));
		struct db_param pd[] = {DBP_INT(id), DBP_STR(str_c(a.code))};
		struct db_param pa[] = {DBP_INT(id), DBP_STR(str_c(into))};
		if ((rc = db_exec(drop, pd, 2, NULL, NULL)) != NV_OK)
			return rc;
		if (!str_eq(db_cell(&r, i, 1), into) &&
		    (rc = db_exec(add, pa, 2, NULL, NULL)) != NV_OK)
			return rc;
		if ((rc = bump(id)) != NV_OK ||
		    (rc = audit_agency(
		         rq, "agency_merged", a.code, id, k, val, 2)) != NV_OK)
			return rc;
	}
	struct db_param pu[] = {DBP_STR(str_c(into)), DBP_STR(str_c(a.code))};
	if ((rc = db_exec(upd, pu, 2, NULL, NULL)) != NV_OK)
		return rc;
	{
		const char *mk[] = {"into", "tasks_led", "tasks_coordinated"};
		const char *mv[] = {
		    into, moved, arena_printf(rq->arena, "%zu", r.nrows)};

		if ((rc = audit_agency(
		         rq, "agency_merge", a.code, 0, mk, mv, 3)) != NV_OK)
			return rc;
	}
	return respond(rq, rs, 200, a.code);
}
