/* SPDX-License-Identifier: ISC */
/*
 * The task registry: list, create, read, edit, transitions, comments and
 * history.  Who may do what is asked of auth/policy.c; every change and its
 * audit row are written in one transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/policy.h"
#include "auth/sess.h"
#include "fcgi/api/api.h"
#include "fcgi/domain/audit.h"
#include "fcgi/base/clock.h"
#include "fcgi/http/page.h"
#include "fcgi/base/db.h"
#include "fcgi/base/str.h"
#include "fcgi/domain/dashboard.h"
#include "fcgi/domain/task.h"
#include "fcgi/base/utf8.h"

#define YEAR_MIN    2000
#define YEAR_MAX    2100
#define BUDGET_MAX  1000000000000000LL /* 10^15 đồng */
#define COORDS_MAX  30
#define COMMENT_MAX 4000

static const char *const field_names[] = {"science_technology", "innovation",
    "digital_transformation", "admin_reform", "project06"};

/* Members of a task body; create and edit share most of them. */
enum {
	F_YEAR,
	F_KIND,
	F_FIELDS,
	F_NAME,
	F_RESPONSIBLE,
	F_LEAD,
	F_COORDS,
	F_PRODUCT,
	F_BUDGET,
	F_NOTES,
	F_TARGET,
	F_DEADLINE,
	F_STATUS,
	F_VERSION,
	F_COMMENT,
	F__MAX
};

/* clang-format off */
static const struct field create_fields[] = {
	[F_YEAR] =	  { "year", F_INT, false, false, YEAR_MIN, YEAR_MAX },
	[F_KIND] =	  { "kind", F_LINE, false, false, 1, 20 },
	[F_FIELDS] =	  { "fields", F_LINES, false, false, 0, 5 },
	[F_NAME] =	  { "name", F_LINE, true, false, 1, 500 },
	[F_RESPONSIBLE] = { "responsible_person", F_LINE, false, false, 0, 200 },
	[F_LEAD] =	  { "lead_agency", F_LINE, false, false, 1, 16 },
	[F_COORDS] =	  { "coordinating_agencies", F_LINES, false, false, 0, COORDS_MAX },
	[F_PRODUCT] =	  { "expected_product", F_TEXT, false, false, 0, 2000 },
	[F_BUDGET] =	  { "estimated_budget", F_INT, false, true, 0, BUDGET_MAX },
	[F_NOTES] =	  { "notes", F_TEXT, false, false, 0, 2000 },
	[F_TARGET] =	  { "target", F_TEXT, false, false, 0, 2000 },
	[F_DEADLINE] =	  { "deadline", F_LINE, false, true, 0, 10 },
	[F_STATUS] =	  { "status", F_LINE, false, false, 1, 20 },
	/* Not accepted on create: the table marks them with an empty name. */
	[F_VERSION] =	  { "", F_INT, false, false, 0, 0 },
	[F_COMMENT] =	  { "", F_TEXT, false, false, 0, 0 },
};

static const struct field edit_fields[] = {
	[F_YEAR] =	  { "year", F_INT, false, false, YEAR_MIN, YEAR_MAX },
	[F_KIND] =	  { "", F_LINE, false, false, 0, 0 },
	[F_FIELDS] =	  { "fields", F_LINES, false, false, 0, 5 },
	[F_NAME] =	  { "name", F_LINE, false, false, 1, 500 },
	[F_RESPONSIBLE] = { "responsible_person", F_LINE, false, false, 0, 200 },
	[F_LEAD] =	  { "", F_LINE, false, false, 0, 0 },
	[F_COORDS] =	  { "coordinating_agencies", F_LINES, false, false, 0, COORDS_MAX },
	[F_PRODUCT] =	  { "expected_product", F_TEXT, false, false, 0, 2000 },
	[F_BUDGET] =	  { "estimated_budget", F_INT, false, true, 0, BUDGET_MAX },
	[F_NOTES] =	  { "notes", F_TEXT, false, false, 0, 2000 },
	[F_TARGET] =	  { "target", F_TEXT, false, false, 0, 2000 },
	[F_DEADLINE] =	  { "deadline", F_LINE, false, true, 0, 10 },
	[F_STATUS] =	  { "", F_LINE, false, false, 0, 0 },
	[F_VERSION] =	  { "version", F_INT, true, false, 1, INT32_MAX },
	[F_COMMENT] =	  { "comment", F_TEXT, false, false, 0, COMMENT_MAX },
};

static const struct field transition_fields[] = {
	{ "action", F_LINE, true, false, 1, 20 },
	{ "comment", F_TEXT, false, true, 0, COMMENT_MAX },
	{ "version", F_INT, true, false, 1, INT32_MAX },
};

static const struct field comment_fields[] = {
	{ "text", F_TEXT, true, false, 1, COMMENT_MAX },
};
/* clang-format on */

/*
 * req_fields() knows nothing of "not accepted here": this copies the named
 * rows of a table into a dense one and maps the results back.
 */
static enum nv_err
body_fields(struct req *rq, const struct cJSON *root, const struct field *tab,
    struct fval *v)
{
	struct field dense[F__MAX];
	struct fval dv[F__MAX];
	int map[F__MAX], n = 0, i;
	enum nv_err rc;

	for (i = 0; i < F__MAX; i++)
		if (tab[i].name[0] != '\0') {
			map[n] = i;
			dense[n++] = tab[i];
		}
	if ((rc = req_fields(rq, root, dense, (size_t)n, dv)) != NV_OK)
		return rc;
	memset(v, 0, F__MAX * sizeof(*v));
	for (i = 0; i < n; i++)
		v[map[i]] = dv[i];
	return NV_OK;
}

/* The canonical code of agency s, from the agencies table. */
static enum nv_err
agency_code(struct req *rq, struct str s, struct str *out)
{
	static const char sql[] = "SELECT code FROM agencies WHERE code = ?";
	struct db_param p[] = {DBP_STR(s)};
	struct db_res r;
	enum nv_err rc;

	if ((rc = db_query(rq->arena, sql, p, 1, &r)) != NV_OK)
		return rc;
	if (r.nrows != 1)
		return NV_ENOENT;
	*out = db_cell(&r, 0, 0);
	return NV_OK;
}

/* Agency codes are ASCII capitals; accept any case from clients. */
static void
upcase(struct str *s)
{
	char *p = (char *)(uintptr_t)s->p;
	size_t i;

	for (i = 0; i < s->len; i++)
		if (p[i] >= 'a' && p[i] <= 'z')
			p[i] = (char)(p[i] - 32);
}

/* The SET value for fields: validated names, no repeats, table order. */
static enum nv_err
fields_value(struct req *rq, const struct fval *v, struct str *out)
{
	char buf[128] = "";
	size_t i, k, o = 0;
	bool seen[NELEM(field_names)] = {false};
	int n;

	for (i = 0; i < v->nitems; i++) {
		for (k = 0; k < NELEM(field_names); k++)
			if (str_eq(v->items[i], field_names[k]))
				break;
		if (k == NELEM(field_names))
			return req_fail(
			    rq, NV_EINVAL, "fields", "Lĩnh vực không hợp lệ.");
		if (seen[k])
			return req_fail(
			    rq, NV_EINVAL, "fields", "Lĩnh vực bị lặp.");
		seen[k] = true;
	}
	for (k = 0; k < NELEM(field_names); k++)
		if (seen[k]) {
			n = snprintf(buf + o, sizeof(buf) - o, "%s%s",
			    o ? "," : "", field_names[k]);
			o += (size_t)n;
		}
	out->p = arena_strndup(rq->arena, buf, o);
	out->len = o;
	return out->p ? NV_OK : NV_ETOOBIG;
}

/* Coordinating agencies: upper-cased, no repeats, not the lead. */
static enum nv_err
coords_check(struct req *rq, struct fval *v, struct str lead)
{
	size_t i, k;

	for (i = 0; i < v->nitems; i++) {
		upcase(&v->items[i]);
		if (str_eq(v->items[i], "") ||
		    (lead.p && v->items[i].len == lead.len &&
		        memcmp(v->items[i].p, lead.p, lead.len) == 0))
			return req_fail(rq, NV_EINVAL, "coordinating_agencies",
			    "Cơ quan chủ trì không đồng thời là cơ quan "
			    "phối hợp.");
		for (k = 0; k < i; k++)
			if (v->items[k].len == v->items[i].len &&
			    memcmp(v->items[k].p, v->items[i].p,
			        v->items[i].len) == 0)
				return req_fail(rq, NV_EINVAL,
				    "coordinating_agencies",
				    "Cơ quan phối hợp bị lặp.");
	}
	return NV_OK;
}

/*
 * Writes the coordinating agencies of task id.  An unknown code fails the
 * foreign key half-way through; the caller's transaction then rolls back
 * everything, task row included.
 */
static enum nv_err
coords_write(struct req *rq, int64_t id, const struct fval *v, bool replace)
{
	static const char del[] =
	    "DELETE FROM task_coordinators WHERE task_id = ?";
	static const char ins[] =
	    "INSERT INTO task_coordinators (task_id, agency_code) "
	    "VALUES (?, ?)";
	struct db_param d[] = {DBP_INT(id)};
	size_t i;
	enum nv_err rc;

	if (replace && (rc = db_exec(del, d, 1, NULL, NULL)) != NV_OK)
		return rc;
	for (i = 0; i < v->nitems; i++) {
		struct db_param p[] = {DBP_INT(id), DBP_STR(v->items[i])};
		rc = db_exec(ins, p, 2, NULL, NULL);
		if (rc == NV_EINVAL)
			return req_fail(rq, NV_EINVAL, "coordinating_agencies",
			    arena_printf(rq->arena, "Không có cơ quan mã %s.",
			        v->items[i].p));
		if (rc != NV_OK)
			return rc;
	}
	return NV_OK;
}

static enum nv_err
check_deadline(struct req *rq, const struct fval *v)
{
	if (v->present && !v->is_null && !req_valid_date(v->s))
		return req_fail(rq, NV_EINVAL, "deadline",
		    "Hạn hoàn thành phải là một ngày có thật, dạng "
		    "YYYY-MM-DD.");
	if (v->present && !v->is_null &&
	    (strncmp(v->s.p, "2000", 4) < 0 || strncmp(v->s.p, "2100", 4) > 0))
		return req_fail(rq, NV_EINVAL, "deadline",
		    "Hạn hoàn thành phải trong khoảng năm 2000–2100.");
	return NV_OK;
}

static char *
fold(struct req *rq, struct str s)
{
	char *out = arena_alloc(rq->arena, s.len + 1);

	if (out != NULL)
		utf8_fold(s.p, s.len, out);
	return out;
}

/* Writes the task as the whole response body. */
static enum nv_err
respond_task(struct req *rq, struct resp *rs, int status, int64_t id)
{
	struct task t;
	char today[11];
	enum nv_err rc;

	if ((rc = task_get(rq->arena, id, false, &t)) != NV_OK)
		return rc;
	clock_today(today);
	task_json(resp_json(rs, status), &t, today, rq->sess->user.roles,
	    task_rel_of(&t, &rq->sess->user));
	return NV_OK;
}

/* --- list --------------------------------------------------------------- */

/* Query parameters shared by the list and the exports. */
enum nv_err
api_task_filter(struct req *rq, struct task_filter *f)
{
	struct str s;
	int k;
	enum nv_err rc;

	memset(f, 0, sizeof(*f));
	if ((s = req_query(rq, "year")).p != NULL) {
		if (str_to_i64(s, YEAR_MIN, YEAR_MAX, &f->year) != NV_OK)
			return req_fail(
			    rq, NV_EINVAL, "year", "Năm không hợp lệ.");
	}
	if ((s = req_query(rq, "status")).p != NULL) {
		if ((k = policy_state_from(s.p, s.len)) < 0)
			return req_fail(rq, NV_EINVAL, "status",
			    "Trạng thái không hợp lệ.");
		f->status = STR_NULL;
		f->status.p = policy_state_name((enum task_state)k);
		f->status.len = strlen(f->status.p);
	}
	if ((s = req_query(rq, "kind")).p != NULL) {
		if ((k = policy_kind_from(s.p, s.len)) < 0)
			return req_fail(rq, NV_EINVAL, "kind",
			    "Loại nhiệm vụ không hợp lệ.");
		f->kind.p = policy_kind_name((enum task_kind)k);
		f->kind.len = strlen(f->kind.p);
	}
	if ((s = req_query(rq, "agency")).p != NULL) {
		rc = s.len > 16 ? NV_ENOENT : agency_code(rq, s, &f->agency);
		if (rc == NV_ENOENT)
			return req_fail(
			    rq, NV_EINVAL, "agency", "Không có cơ quan này.");
		if (rc != NV_OK)
			return rc;
	}
	if ((s = req_query(rq, "overdue")).p != NULL) {
		if (str_eq(s, "true"))
			f->overdue = 1;
		else if (str_eq(s, "false"))
			f->overdue = 0;
		else
			return req_fail(rq, NV_EINVAL, "overdue",
			    "overdue phải là true hoặc false.");
		f->has_overdue = true;
	}
	/* The dashboard's figures, each as exactly the list it counts. */
	if ((s = req_query(rq, "lead_agency")).p != NULL) {
		rc = s.len > 16 ? NV_ENOENT : agency_code(rq, s, &f->lead);
		if (rc == NV_ENOENT)
			return req_fail(rq, NV_EINVAL, "lead_agency",
			    "Không có cơ quan này.");
		if (rc != NV_OK)
			return rc;
	}
	if ((s = req_query(rq, "scope")).p != NULL &&
	    str_to_i64(s, YEAR_MIN, YEAR_MAX, &f->scope) != NV_OK)
		return req_fail(rq, NV_EINVAL, "scope", "Năm không hợp lệ.");
	if ((s = req_query(rq, "missing_report")).p != NULL) {
		if (!dash_period_ok(s))
			return req_fail(rq, NV_EINVAL, "missing_report",
			    "Kỳ phải có dạng YYYY-MM.");
		f->missing_report = s;
	}
	if ((s = req_query(rq, "with_drafts")).p != NULL) {
		if (str_eq(s, "false"))
			f->no_drafts = true;
		else if (!str_eq(s, "true"))
			return req_fail(rq, NV_EINVAL, "with_drafts",
			    "with_drafts phải là true hoặc false.");
	}
	if ((s = req_query(rq, "q")).p != NULL) {
		char *folded, *pat;
		size_t i, o = 0;

		if (utf8_count(s.p, s.len) > 200)
			return req_fail(rq, NV_EINVAL, "q",
			    "Từ khóa tìm kiếm quá dài (tối đa 200 ký tự).");
		if ((folded = fold(rq, s)) == NULL ||
		    (pat = arena_alloc(rq->arena, 2 * s.len + 3)) == NULL)
			return NV_ETOOBIG;
		/* LIKE's own metacharacters match themselves. */
		pat[o++] = '%';
		for (i = 0; folded[i] != '\0'; i++) {
			if (folded[i] == '%' || folded[i] == '_' ||
			    folded[i] == '\\')
				pat[o++] = '\\';
			pat[o++] = folded[i];
		}
		pat[o++] = '%';
		pat[o] = '\0';
		if (o > 2)
			f->q = (struct str){pat, o};
	}
	return NV_OK;
}

/*
 * One statement for every combination of filters: a NULL parameter turns
 * its condition off.  MariaDB optimizes a prepared statement again at each
 * execution, with the values known.
 */
/*
 * The ids are chosen first, reading only the columns the filters need;
 * the page's rows are then read whole.  Reading every column while
 * filtering cost twice as much for a search that scans the table (56 ms
 * against 31 ms at 100,000 tasks).
 */
/*
 * q also finds the expected product, the target and the responsible person
 * (issue 17).  They have no folded copy, so they are compared under
 * utf8mb4_unicode_520_ci, which ignores case and diacritics and takes đ as
 * d, against the folded pattern.  At 100,000 tasks a search that matches
 * nothing (a full scan) took 9 ms against 5 ms for the name alone.
 */
/* The filters, after "WHERE k.id < ?": shared by the list and its count. */
#define LIST_WHERE                                                             \
	"AND (? = 1 OR k.lead_agency = ? OR EXISTS (SELECT 1 FROM "            \
	"task_coordinators v WHERE v.task_id = k.id AND v.agency_code = ?)) "  \
	"AND (? IS NULL OR k.year = ?) "                                       \
	"AND (? IS NULL OR k.status = ?) "                                     \
	"AND (? IS NULL OR k.kind = ?) "                                       \
	"AND (? IS NULL OR k.lead_agency = ? OR EXISTS (SELECT 1 FROM "        \
	"task_coordinators f WHERE f.task_id = k.id AND f.agency_code = ?)) "  \
	"AND (? IS NULL OR COALESCE(k.deadline < ? AND k.status IN ('draft', " \
	"'submitted', 'approved', 'returned', 'in_program'), 0) = ?) "         \
	"AND (? IS NULL OR k.name_fold LIKE ? "                                \
	"OR k.expected_product COLLATE utf8mb4_unicode_520_ci LIKE ? "         \
	"OR k.target COLLATE utf8mb4_unicode_520_ci LIKE ? "                   \
	"OR k.responsible_person COLLATE utf8mb4_unicode_520_ci LIKE ?) "      \
	"AND (? IS NULL OR k.lead_agency = ?) "                                \
	"AND (? IS NULL OR k.year = ? OR (k.year < ? AND k.status NOT IN "     \
	"('completed', 'cancelled'))) "                                        \
	"AND (? IS NULL OR (k.status = 'in_program' AND NOT EXISTS (SELECT 1 " \
	"FROM reports r WHERE r.task_id = k.id AND r.period = ? AND r.status " \
	"IN ('submitted', 'approved')))) "                                     \
	"AND (? = 0 OR k.status <> 'draft') "

static const char list_sql[] =
    "SELECT " TASK_COLS " FROM (SELECT k.id FROM tasks k "
    "WHERE k.id < ? " LIST_WHERE
    "ORDER BY k.id DESC LIMIT ?) page JOIN tasks t ON t.id = page.id "
    "ORDER BY t.id DESC";

/* How many tasks match, for the list's "1–50 / 157" (issue 17). */
static const char count_sql[] =
    "SELECT COUNT(*) FROM tasks k WHERE k.id < ? " LIST_WHERE;

/*
 * Runs sql (list_sql or count_sql) with f's parameters; limit is bound
 * last, and only when limit > 0 (the count has none).
 */
static enum nv_err
filter_run(struct req *rq, const char *sql, const struct task_filter *f,
    int64_t after, int64_t limit, db_row_fn fn, void *ctx)
{
	const struct user *u = &rq->sess->user;
	bool all = policy_task_visible(u->roles, REL_NONE);
	struct str ag = str_c(u->agency_code);
	char today[11];
	struct db_param yr = f->year ? DBP_INT(f->year) : DBP_NULL;
	struct db_param od = f->has_overdue ? DBP_INT(f->overdue) : DBP_NULL;
	struct db_param sc = f->scope ? DBP_INT(f->scope) : DBP_NULL;

	clock_today(today);
	struct db_param p[] = {
	    DBP_INT(after),
	    DBP_INT(all ? 1 : 0),
	    DBP_STR(ag),
	    DBP_STR(ag),
	    yr,
	    yr,
	    DBP_STR(f->status),
	    DBP_STR(f->status),
	    DBP_STR(f->kind),
	    DBP_STR(f->kind),
	    DBP_STR(f->agency),
	    DBP_STR(f->agency),
	    DBP_STR(f->agency),
	    od,
	    DBP_STR(str_c(today)),
	    od,
	    DBP_STR(f->q),
	    DBP_STR(f->q),
	    DBP_STR(f->q),
	    DBP_STR(f->q),
	    DBP_STR(f->q),
	    DBP_STR(f->lead),
	    DBP_STR(f->lead),
	    sc,
	    sc,
	    sc,
	    DBP_STR(f->missing_report),
	    DBP_STR(f->missing_report),
	    DBP_INT(f->no_drafts ? 1 : 0),
	    DBP_INT(limit),
	};
	return db_each(sql, p, limit > 0 ? NELEM(p) : NELEM(p) - 1, fn, ctx);
}

enum nv_err
api_task_query(struct req *rq, const struct task_filter *f, int64_t after,
    int64_t limit, db_row_fn fn, void *ctx)
{
	return filter_run(rq, list_sql, f, after, limit, fn, ctx);
}

static enum nv_err
count_row(void *ctx, const struct str *cells, size_t ncols)
{
	int64_t *n = ctx;

	if (ncols != 1 || str_to_i64(cells[0], 0, INT64_MAX, n) != NV_OK)
		return NV_EINTERNAL;
	return NV_OK;
}

enum nv_err
api_task_count(struct req *rq, const struct task_filter *f, int64_t *n)
{
	*n = 0;
	return filter_run(rq, count_sql, f, INT64_MAX, 0, count_row, n);
}

struct list_ctx {
	struct req *rq;
	struct jw *w;
	char today[11];
	struct page pg;
};

static enum nv_err
list_row(void *ctx, const struct str *cells, size_t ncols)
{
	struct list_ctx *lc = ctx;
	struct task t;
	enum nv_err rc;

	if ((rc = task_parse(cells, ncols, &t)) != NV_OK)
		return rc;
	if (page_take(&lc->pg, t.id))
		task_json(lc->w, &t, lc->today, lc->rq->sess->user.roles,
		    task_rel_of(&t, &lc->rq->sess->user));
	return NV_OK;
}

enum nv_err
api_task_list(struct req *rq, struct resp *rs)
{
	struct task_filter f;
	struct list_ctx lc = {0};
	int64_t total = 0;
	enum nv_err rc;

	if ((rc = api_task_filter(rq, &f)) != NV_OK ||
	    (rc = page_params(rq, &lc.pg)) != NV_OK ||
	    (rc = req_query_unused(rq)) != NV_OK)
		return rc;
	/* The first page says how many there are in all (issue 17). */
	if (lc.pg.after == INT64_MAX &&
	    (rc = api_task_count(rq, &f, &total)) != NV_OK)
		return rc;
	lc.rq = rq;
	clock_today(lc.today);
	lc.w = resp_json(rs, 200);
	jw_obj_open(lc.w);
	if (lc.pg.after == INT64_MAX)
		jw_kint(lc.w, "total", total);
	jw_key(lc.w, "items");
	jw_arr_open(lc.w);
	if ((rc = api_task_query(
	         rq, &f, lc.pg.after, lc.pg.limit + 1, list_row, &lc)) != NV_OK)
		return rc;
	page_end(lc.w, &lc.pg);
	return NV_OK;
}

/* --- create ------------------------------------------------------------- */

enum nv_err
api_task_create(struct req *rq, struct resp *rs)
{
	static const char ins[] =
	    "INSERT INTO tasks (year, kind, fields, name, name_fold, "
	    "responsible_person, lead_agency, expected_product, "
	    "estimated_budget, notes, target, deadline, original_deadline, "
	    "status, version, created_by, created_at, updated_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, "
	    "UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))";
	const struct user *u = &rq->sess->user;
	struct fval v[F__MAX];
	struct str lead = STR_NULL, fields = STR(""), deadline = STR_NULL;
	enum task_kind kind = TK_BREAKTHROUGH;
	enum task_state st = TS_DRAFT;
	struct audit au = {0};
	uint64_t id;
	struct cJSON *root;
	int k;
	enum nv_err rc;

	if ((rc = req_query_unused(rq)) != NV_OK)
		return rc;
	if ((rc = req_json(rq, &root)) != NV_OK ||
	    (rc = body_fields(rq, root, create_fields, v)) != NV_OK)
		return rc;
	if (v[F_KIND].present) {
		if ((k = policy_kind_from(v[F_KIND].s.p, v[F_KIND].s.len)) < 0)
			return req_fail(rq, NV_EINVAL, "kind",
			    "Loại nhiệm vụ không hợp lệ.");
		kind = (enum task_kind)k;
	}
	if (v[F_STATUS].present) {
		k = policy_state_from(v[F_STATUS].s.p, v[F_STATUS].s.len);
		if (k != TS_DRAFT && k != TS_IN_PROGRAM)
			return req_fail(rq, NV_EINVAL, "status",
			    "Nhiệm vụ mới chỉ có thể ở trạng thái draft hoặc "
			    "in_program.");
		st = (enum task_state)k;
	}
	if (v[F_LEAD].present) {
		upcase(&v[F_LEAD].s);
		rc = agency_code(rq, v[F_LEAD].s, &lead);
		if (rc == NV_ENOENT)
			return req_fail(rq, NV_EINVAL, "lead_agency",
			    "Không có cơ quan chủ trì này.");
		if (rc != NV_OK)
			return rc;
	} else if (u->agency_code != NULL)
		lead = str_c(u->agency_code);
	else
		return req_fail(
		    rq, NV_EINVAL, "lead_agency", "Cần chọn cơ quan chủ trì.");
	rc = policy_task_create(u->roles,
	    u->agency_code != NULL && str_eq(lead, u->agency_code), kind, st);
	if (rc == NV_EINVAL)
		return req_fail(rq, NV_EINVAL, "status",
		    "Nhiệm vụ đột phá phải qua đăng ký và phê duyệt.");
	if (rc != NV_OK)
		return rc;
	if (v[F_FIELDS].present &&
	    (rc = fields_value(rq, &v[F_FIELDS], &fields)) != NV_OK)
		return rc;
	if ((rc = coords_check(rq, &v[F_COORDS], lead)) != NV_OK ||
	    (rc = check_deadline(rq, &v[F_DEADLINE])) != NV_OK)
		return rc;
	if (v[F_DEADLINE].present && !v[F_DEADLINE].is_null)
		deadline = v[F_DEADLINE].s;

	struct db_param p[] = {
	    DBP_INT(v[F_YEAR].present ? v[F_YEAR].i : clock_year()),
	    DBP_STR(str_c(policy_kind_name(kind))),
	    DBP_STR(fields),
	    DBP_STR(v[F_NAME].s),
	    DBP_STR(str_c(fold(rq, v[F_NAME].s))),
	    DBP_STR(v[F_RESPONSIBLE].present ? v[F_RESPONSIBLE].s : STR("")),
	    DBP_STR(lead),
	    DBP_STR(v[F_PRODUCT].present ? v[F_PRODUCT].s : STR("")),
	    v[F_BUDGET].present && !v[F_BUDGET].is_null ? DBP_INT(v[F_BUDGET].i)
	                                                : DBP_NULL,
	    DBP_STR(v[F_NOTES].present ? v[F_NOTES].s : STR("")),
	    DBP_STR(v[F_TARGET].present ? v[F_TARGET].s : STR("")),
	    DBP_STR(deadline),
	    DBP_STR(st == TS_IN_PROGRAM ? deadline : STR_NULL),
	    DBP_STR(str_c(policy_state_name(st))),
	    DBP_STR(str_c(u->username)),
	};
	if ((rc = db_begin()) != NV_OK)
		return rc;
	if ((rc = db_exec(ins, p, NELEM(p), NULL, &id)) != NV_OK)
		goto fail;
	if ((rc = coords_write(rq, (int64_t)id, &v[F_COORDS], false)) != NV_OK)
		goto fail;
	au.actor = u->username;
	au.action = "create";
	au.task_id = (int64_t)id;
	au.to = policy_state_name(st);
	if ((rc = audit_write(rq, &au)) != NV_OK)
		goto fail;
	if ((rc = db_commit()) != NV_OK)
		return rc;
	return respond_task(rq, rs, 201, (int64_t)id);
fail:
	db_rollback();
	return rc;
}

/* --- read --------------------------------------------------------------- */

/* The task of the path, if the caller may see it (else NV_ENOENT). */
static enum nv_err
visible_task(struct req *rq, bool lock, struct task *t, enum task_rel *rel)
{
	enum nv_err rc;

	if ((rc = task_get(rq->arena, rq->path_id, lock, t)) != NV_OK)
		return rc;
	*rel = task_rel_of(t, &rq->sess->user);
	if (!policy_task_visible(rq->sess->user.roles, *rel))
		return NV_ENOENT;
	return NV_OK;
}

enum nv_err
api_task_get(struct req *rq, struct resp *rs)
{
	struct task t;
	enum task_rel rel;
	char today[11];
	enum nv_err rc;

	if ((rc = req_query_unused(rq)) != NV_OK)
		return rc;
	if ((rc = visible_task(rq, false, &t, &rel)) != NV_OK)
		return rc;
	clock_today(today);
	task_json(resp_json(rs, 200), &t, today, rq->sess->user.roles, rel);
	return NV_OK;
}

/* --- edit --------------------------------------------------------------- */

/* Collects {"field": {"from": …, "to": …}} for the audit row. */
struct changes {
	struct buf b;
	struct jw w;
	int n;
};

static void
change_str(
    struct changes *c, const char *name, struct str from, const struct fval *v)
{
	struct str to = v->is_null ? STR_NULL : v->s;

	if (!v->present)
		return;
	if ((from.p == NULL) == (to.p == NULL) &&
	    (from.p == NULL ||
	        (from.len == to.len && memcmp(from.p, to.p, to.len) == 0)))
		return;
	jw_key(&c->w, name);
	jw_obj_open(&c->w);
	jw_ksstr(&c->w, "from", from);
	jw_ksstr(&c->w, "to", to);
	jw_obj_close(&c->w);
	c->n++;
}

static void
change_int(struct changes *c, const char *name, bool had, int64_t from,
    const struct fval *v)
{
	bool has = v->present && !v->is_null;

	if (!v->present || (had == has && (!had || from == v->i)))
		return;
	jw_key(&c->w, name);
	jw_obj_open(&c->w);
	jw_key(&c->w, "from");
	if (had)
		jw_int(&c->w, from);
	else
		jw_null(&c->w);
	jw_key(&c->w, "to");
	if (has)
		jw_int(&c->w, v->i);
	else
		jw_null(&c->w);
	jw_obj_close(&c->w);
	c->n++;
}

static int
strcmp_str(const void *a, const void *b)
{
	const struct str *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int d = memcmp(x->p, y->p, n);

	return d != 0 ? d : (x->len > y->len) - (x->len < y->len);
}

/* A list as a sorted comma-separated string, to compare as sets. */
static struct str
sorted_csv(struct req *rq, struct str *items, size_t n)
{
	struct str *copy = arena_alloc(rq->arena, (n + 1) * sizeof(*copy));
	char *out;
	size_t i, o = 0, total = 0;

	if (copy == NULL)
		return STR("");
	for (i = 0; i < n; i++) {
		copy[i] = items[i];
		total += items[i].len + 1;
	}
	qsort(copy, n, sizeof(*copy), strcmp_str);
	if ((out = arena_alloc(rq->arena, total + 1)) == NULL)
		return STR("");
	for (i = 0; i < n; i++) {
		if (i > 0)
			out[o++] = ',';
		memcpy(out + o, copy[i].p, copy[i].len);
		o += copy[i].len;
	}
	out[o] = '\0';
	return (struct str){out, o};
}

/* Splits a comma-separated list. */
static struct str *
split_csv(struct req *rq, struct str s, size_t *n)
{
	struct str *items;
	const char *p = s.p, *end = s.p + s.len, *comma;
	size_t cap = 1, i;

	for (i = 0; i < s.len; i++)
		cap += s.p[i] == ',';
	if ((items = arena_alloc(rq->arena, cap * sizeof(*items))) == NULL)
		return NULL;
	*n = 0;
	while (s.len > 0 && p <= end) {
		comma = memchr(p, ',', (size_t)(end - p));
		if (comma == NULL)
			comma = end;
		items[(*n)++] = (struct str){p, (size_t)(comma - p)};
		p = comma + 1;
	}
	return items;
}

static void
change_list(struct changes *c, struct req *rq, const char *name,
    struct str from_csv, struct str to_csv)
{
	size_t nf, nt;
	struct str *f = split_csv(rq, from_csv, &nf);
	struct str *t = split_csv(rq, to_csv, &nt);
	struct str a = f ? sorted_csv(rq, f, nf) : STR("");
	struct str b = t ? sorted_csv(rq, t, nt) : STR("");
	size_t i;

	if (a.len == b.len && memcmp(a.p, b.p, a.len) == 0)
		return;
	jw_key(&c->w, name);
	jw_obj_open(&c->w);
	jw_key(&c->w, "from");
	jw_arr_open(&c->w);
	for (i = 0; f && i < nf; i++)
		jw_sstr(&c->w, f[i]);
	jw_arr_close(&c->w);
	jw_key(&c->w, "to");
	jw_arr_open(&c->w);
	for (i = 0; t && i < nt; i++)
		jw_sstr(&c->w, t[i]);
	jw_arr_close(&c->w);
	jw_obj_close(&c->w);
	c->n++;
}

/*
 * Which edits the caller may make: all of them (TA_EDIT), or deadline,
 * notes and target (TA_EDIT_SCHEDULE).  The stronger refusal wins: 409 if
 * some role could edit in another state, else 403.
 */
static enum nv_err
edit_right(
    unsigned roles, enum task_rel rel, enum task_state st, bool *all_fields)
{
	enum task_state to;
	enum nv_err e1, e2;

	e1 = policy_task(roles, rel, TA_EDIT, st, &to);
	if (e1 == NV_OK) {
		*all_fields = true;
		return NV_OK;
	}
	e2 = policy_task(roles, rel, TA_EDIT_SCHEDULE, st, &to);
	if (e2 == NV_OK) {
		*all_fields = false;
		return NV_OK;
	}
	if (e1 == NV_ENOENT)
		return NV_ENOENT;
	return e1 == NV_ESTATE || e2 == NV_ESTATE ? NV_ESTATE : NV_EPERM;
}

enum nv_err
api_task_patch(struct req *rq, struct resp *rs)
{
	static const char upd[] =
	    "UPDATE tasks SET year = ?, fields = ?, name = ?, name_fold = ?, "
	    "responsible_person = ?, expected_product = ?, "
	    "estimated_budget = ?, notes = ?, target = ?, deadline = ?, "
	    "version = version + 1, updated_at = UTC_TIMESTAMP(6) "
	    "WHERE id = ? AND version = ?";
	static const int content[] = {F_YEAR, F_FIELDS, F_NAME, F_RESPONSIBLE,
	    F_COORDS, F_PRODUCT, F_BUDGET};
	const struct user *u = &rq->sess->user;
	struct fval v[F__MAX];
	struct task t;
	enum task_rel rel;
	struct str fields, name, coords_new = STR("");
	struct changes ch;
	struct audit au = {0};
	uint64_t n;
	bool all_fields = false, deadline_moves;
	size_t i;
	struct cJSON *root;
	enum nv_err rc, right;

	if ((rc = req_query_unused(rq)) != NV_OK)
		return rc;
	if ((rc = db_begin()) != NV_OK)
		return rc;
	/* Locked from here: concurrent edits of one task take turns. */
	if ((rc = visible_task(rq, true, &t, &rel)) != NV_OK)
		goto fail;
	if ((right = edit_right(u->roles, rel, t.status, &all_fields)) ==
	        NV_ENOENT ||
	    right == NV_EPERM) {
		rc = right;
		goto fail;
	}
	if ((rc = req_json(rq, &root)) != NV_OK ||
	    (rc = body_fields(rq, root, edit_fields, v)) != NV_OK)
		goto fail;
	if (right == NV_OK && !all_fields)
		for (i = 0; i < NELEM(content); i++)
			if (v[content[i]].present) {
				rc = req_fail(rq, NV_EPERM,
				    edit_fields[content[i]].name,
				    "Tổ giúp việc chỉ điều chỉnh hạn hoàn "
				    "thành, mục tiêu và ghi chú.");
				goto fail;
			}
	if ((rc = check_deadline(rq, &v[F_DEADLINE])) != NV_OK ||
	    (rc = coords_check(rq, &v[F_COORDS], t.lead_agency)) != NV_OK)
		goto fail;
	fields = t.fields;
	if (v[F_FIELDS].present &&
	    (rc = fields_value(rq, &v[F_FIELDS], &fields)) != NV_OK)
		goto fail;
	deadline_moves = v[F_DEADLINE].present &&
	                 !((v[F_DEADLINE].is_null && t.deadline.p == NULL) ||
	                     (!v[F_DEADLINE].is_null && t.deadline.p != NULL &&
	                         str_eq(t.deadline, v[F_DEADLINE].s.p)));
	if (deadline_moves && t.status == TS_IN_PROGRAM &&
	    (!v[F_COMMENT].present || str_trim(v[F_COMMENT].s).len == 0)) {
		rc = req_fail(rq, NV_EINVAL, "comment",
		    "Điều chỉnh hạn của nhiệm vụ đã vào Chương trình cần "
		    "ghi rõ lý do.");
		goto fail;
	}
	if (v[F_VERSION].i != t.version) {
		rc = NV_ESTALE;
		goto fail;
	}
	if (right == NV_ESTATE) {
		rc = NV_ESTATE;
		goto fail;
	}

	buf_init(&ch.b, 256 * 1024);
	jw_init(&ch.w, &ch.b);
	ch.n = 0;
	jw_obj_open(&ch.w);
	{
		struct fval yv = v[F_YEAR], fv = {0};
		fv.present = v[F_FIELDS].present;
		fv.s = fields;
		change_int(&ch, "year", true, t.year, &yv);
		if (fv.present)
			change_list(&ch, rq, "fields", t.fields, fields);
	}
	change_str(&ch, "name", t.name, &v[F_NAME]);
	change_str(
	    &ch, "responsible_person", t.responsible_person, &v[F_RESPONSIBLE]);
	if (v[F_COORDS].present) {
		coords_new =
		    sorted_csv(rq, v[F_COORDS].items, v[F_COORDS].nitems);
		change_list(
		    &ch, rq, "coordinating_agencies", t.coords, coords_new);
	}
	change_str(&ch, "expected_product", t.expected_product, &v[F_PRODUCT]);
	change_int(
	    &ch, "estimated_budget", t.has_budget, t.budget, &v[F_BUDGET]);
	change_str(&ch, "notes", t.notes, &v[F_NOTES]);
	change_str(&ch, "target", t.target, &v[F_TARGET]);
	change_str(&ch, "deadline", t.deadline, &v[F_DEADLINE]);
	jw_obj_close(&ch.w);
	if (buf_failed(&ch.b)) {
		buf_free(&ch.b);
		rc = NV_ETOOBIG;
		goto fail;
	}
	if (ch.n == 0) {
		/* Nothing changes: no new version, no audit row. */
		buf_free(&ch.b);
		db_rollback();
		return respond_task(rq, rs, 200, t.id);
	}

	name = v[F_NAME].present ? v[F_NAME].s : t.name;
	{
		struct db_param p[] = {
		    DBP_INT(v[F_YEAR].present ? v[F_YEAR].i : t.year),
		    DBP_STR(fields),
		    DBP_STR(name),
		    DBP_STR(str_c(fold(rq, name))),
		    DBP_STR(v[F_RESPONSIBLE].present ? v[F_RESPONSIBLE].s
		                                     : t.responsible_person),
		    DBP_STR(v[F_PRODUCT].present ? v[F_PRODUCT].s
		                                 : t.expected_product),
		    v[F_BUDGET].present
		        ? (v[F_BUDGET].is_null ? DBP_NULL
		                               : DBP_INT(v[F_BUDGET].i))
		        : (t.has_budget ? DBP_INT(t.budget) : DBP_NULL),
		    DBP_STR(v[F_NOTES].present ? v[F_NOTES].s : t.notes),
		    DBP_STR(v[F_TARGET].present ? v[F_TARGET].s : t.target),
		    v[F_DEADLINE].present
		        ? (v[F_DEADLINE].is_null ? DBP_NULL
		                                 : DBP_STR(v[F_DEADLINE].s))
		        : DBP_STR(t.deadline),
		    DBP_INT(t.id),
		    DBP_INT(t.version),
		};
		if ((rc = db_exec(upd, p, NELEM(p), &n, NULL)) != NV_OK ||
		    (n != 1 && (rc = NV_ESTALE))) {
			buf_free(&ch.b);
			goto fail;
		}
	}
	if (v[F_COORDS].present &&
	    (rc = coords_write(rq, t.id, &v[F_COORDS], true)) != NV_OK) {
		buf_free(&ch.b);
		goto fail;
	}
	au.actor = u->username;
	au.action = "edit";
	au.task_id = t.id;
	au.comment = v[F_COMMENT].present && v[F_COMMENT].s.len > 0
	                 ? v[F_COMMENT].s.p
	                 : NULL;
	au.detail = ch.b.p;
	au.detail_len = ch.b.len;
	rc = audit_write(rq, &au);
	buf_free(&ch.b);
	if (rc != NV_OK)
		goto fail;
	if ((rc = db_commit()) != NV_OK)
		return rc;
	return respond_task(rq, rs, 200, t.id);
fail:
	db_rollback();
	return rc;
}

/* --- transitions -------------------------------------------------------- */

enum nv_err
api_task_transition(struct req *rq, struct resp *rs)
{
	static const char upd[] =
	    "UPDATE tasks SET status = ?, "
	    "original_deadline = IF(? = 1 AND original_deadline IS NULL, "
	    "deadline, original_deadline), "
	    "completed_at = COALESCE(?, completed_at), "
	    "version = version + 1, updated_at = UTC_TIMESTAMP(6) "
	    "WHERE id = ? AND version = ?";
	const struct user *u = &rq->sess->user;
	struct fval v[NELEM(transition_fields)];
	struct task t;
	enum task_rel rel;
	enum task_state to;
	struct audit au = {0};
	char today[11];
	uint64_t n;
	struct cJSON *root;
	int act;
	enum nv_err rc, right;

	if ((rc = req_query_unused(rq)) != NV_OK)
		return rc;
	if ((rc = db_begin()) != NV_OK)
		return rc;
	if ((rc = visible_task(rq, true, &t, &rel)) != NV_OK)
		goto fail;
	if ((rc = req_json(rq, &root)) != NV_OK ||
	    (rc = req_fields(rq, root, transition_fields,
	         NELEM(transition_fields), v)) != NV_OK)
		goto fail;
	act = policy_act_from(v[0].s.p, v[0].s.len);
	if (act != TA_SUBMIT && act != TA_APPROVE && act != TA_RETURN &&
	    act != TA_ACCEPT && act != TA_COMPLETE && act != TA_CANCEL) {
		rc = req_fail(rq, NV_EINVAL, "action",
		    "Thao tác phải là submit, approve, return, accept, "
		    "complete hoặc cancel.");
		goto fail;
	}
	right = policy_task(u->roles, rel, (enum task_act)act, t.status, &to);
	if (right == NV_EPERM || right == NV_ENOENT) {
		rc = right;
		goto fail;
	}
	if (act == TA_RETURN &&
	    (!v[1].present || v[1].is_null || str_trim(v[1].s).len == 0)) {
		rc = req_fail(
		    rq, NV_EINVAL, "comment", "Trả lại cần ghi rõ lý do.");
		goto fail;
	}
	if (v[2].i != t.version) {
		rc = NV_ESTALE;
		goto fail;
	}
	if (right != NV_OK) {
		rc = right;
		goto fail;
	}
	clock_today(today);
	{
		struct db_param p[] = {
		    DBP_STR(str_c(policy_state_name(to))),
		    DBP_INT(to == TS_IN_PROGRAM ? 1 : 0),
		    to == TS_COMPLETED ? DBP_STR(str_c(today)) : DBP_NULL,
		    DBP_INT(t.id),
		    DBP_INT(t.version),
		};
		if ((rc = db_exec(upd, p, NELEM(p), &n, NULL)) != NV_OK)
			goto fail;
		if (n != 1) {
			rc = NV_ESTALE;
			goto fail;
		}
	}
	au.actor = u->username;
	au.action = policy_act_name((enum task_act)act);
	au.task_id = t.id;
	au.from = policy_state_name(t.status);
	au.to = policy_state_name(to);
	au.comment =
	    v[1].present && !v[1].is_null && v[1].s.len > 0 ? v[1].s.p : NULL;
	if ((rc = audit_write(rq, &au)) != NV_OK)
		goto fail;
	if ((rc = db_commit()) != NV_OK)
		return rc;
	return respond_task(rq, rs, 200, t.id);
fail:
	db_rollback();
	return rc;
}

/* --- comments and history ----------------------------------------------- */

/* clang-format off */
#define HISTORY_COLS							\
	"DATE_FORMAT(at, '%Y-%m-%dT%H:%i:%sZ'), actor, action, "	\
	"from_status, to_status, comment, detail, actor_name"
/* clang-format on */

static void
history_item(struct jw *w, const struct str *c)
{
	jw_obj_open(w);
	jw_ksstr(w, "at", c[0]);
	jw_ksstr(w, "actor", c[1]);
	jw_ksstr(w, "actor_name", c[7]);
	jw_ksstr(w, "action", c[2]);
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

enum nv_err
api_task_comment(struct req *rq, struct resp *rs)
{
	static const char sel[] =
	    "SELECT " HISTORY_COLS " FROM audit WHERE id = LAST_INSERT_ID()";
	const struct user *u = &rq->sess->user;
	struct fval v[NELEM(comment_fields)];
	struct task t;
	enum task_rel rel;
	enum task_state to;
	struct audit au = {0};
	struct db_res r;
	struct cJSON *root;
	enum nv_err rc;

	if ((rc = req_query_unused(rq)) != NV_OK)
		return rc;
	if ((rc = visible_task(rq, false, &t, &rel)) != NV_OK)
		return rc;
	if ((rc = policy_task(u->roles, rel, TA_COMMENT, t.status, &to)) !=
	    NV_OK)
		return rc;
	if ((rc = req_json(rq, &root)) != NV_OK ||
	    (rc = req_fields(
	         rq, root, comment_fields, NELEM(comment_fields), v)) != NV_OK)
		return rc;
	if (str_trim(v[0].s).len == 0)
		return req_fail(rq, NV_EINVAL, "text",
		    "Nội dung ý kiến không được để trống.");
	au.actor = u->username;
	/* What the committee's leadership writes is a direction. */
	au.action =
	    u->roles & ROLE_BIT(ROLE_LEADERSHIP) ? "direction" : "comment";
	au.task_id = t.id;
	au.comment = v[0].s.p;
	if ((rc = audit_write(rq, &au)) != NV_OK)
		return rc;
	if ((rc = db_query(rq->arena, sel, NULL, 0, &r)) != NV_OK)
		return rc;
	if (r.nrows != 1)
		return NV_EINTERNAL;
	history_item(resp_json(rs, 201), r.cells);
	return NV_OK;
}

struct hist_ctx {
	struct jw *w;
};

static enum nv_err
hist_row(void *ctx, const struct str *cells, size_t ncols)
{
	struct hist_ctx *hc = ctx;

	(void)ncols;
	history_item(hc->w, cells);
	return NV_OK;
}

enum nv_err
api_task_history(struct req *rq, struct resp *rs)
{
	static const char sel[] =
	    "SELECT " HISTORY_COLS " FROM audit WHERE task_id = ? AND "
	    "report_id IS NULL ORDER BY id";
	struct task t;
	enum task_rel rel;
	struct hist_ctx hc;
	enum nv_err rc;

	if ((rc = req_query_unused(rq)) != NV_OK)
		return rc;
	if ((rc = visible_task(rq, false, &t, &rel)) != NV_OK)
		return rc;
	hc.w = resp_json(rs, 200);
	jw_obj_open(hc.w);
	jw_key(hc.w, "items");
	jw_arr_open(hc.w);
	struct db_param p[] = {DBP_INT(t.id)};
	if ((rc = db_each(sel, p, 1, hist_row, &hc)) != NV_OK)
		return rc;
	jw_arr_close(hc.w);
	jw_obj_close(hc.w);
	return NV_OK;
}
