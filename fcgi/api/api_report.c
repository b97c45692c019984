/* SPDX-License-Identifier: ISC */
/*
 * Monthly progress reports: one per task and month, written by the lead
 * agency while the task is in the programme, approved or returned by its
 * head.  An approved report becomes the task's progress.
 */
#include <stdio.h>
#include <string.h>

#include "auth/policy.h"
#include "auth/sess.h"
#include "fcgi/api/api.h"
#include "fcgi/domain/audit.h"
#include "fcgi/base/clock.h"
#include "fcgi/base/db.h"
#include "fcgi/http/page.h"
#include "fcgi/base/str.h"
#include "fcgi/base/utf8.h"
#include "fcgi/domain/task.h"

#define TEXT_MAX    4000
#define COMMENT_MAX 4000

/* clang-format off */
#define REPORT_COLS							\
	"r.id, r.task_id, r.period, r.percent, r.health, r.work_done, "	\
	"r.results, r.difficulties, r.proposals, r.next_steps, r.status, " \
	"r.version, r.created_by, "					\
	"DATE_FORMAT(r.created_at, '%Y-%m-%dT%H:%i:%sZ'), "		\
	"DATE_FORMAT(r.updated_at, '%Y-%m-%dT%H:%i:%sZ'), r.returned_by, "	\
	"DATE_FORMAT(r.returned_at, '%Y-%m-%dT%H:%i:%sZ'), r.return_comment"

enum { R_PERIOD, R_PERCENT, R_HEALTH, R_WORK, R_RESULTS, R_DIFF, R_PROP,
	R_NEXT, R_VERSION, R__MAX };

static const struct field create_fields[] = {
	[R_PERIOD] =  { "period", F_LINE, true, false, 7, 7 },
	[R_PERCENT] = { "percent", F_INT, true, false, 0, 100 },
	[R_HEALTH] =  { "health", F_LINE, true, false, 1, 20 },
	[R_WORK] =    { "work_done", F_TEXT, false, false, 0, TEXT_MAX },
	[R_RESULTS] = { "results", F_TEXT, false, false, 0, TEXT_MAX },
	[R_DIFF] =    { "difficulties", F_TEXT, false, false, 0, TEXT_MAX },
	[R_PROP] =    { "proposals", F_TEXT, false, false, 0, TEXT_MAX },
	[R_NEXT] =    { "next_steps", F_TEXT, false, false, 0, TEXT_MAX },
};

static const struct field edit_fields[] = {
	[R_PERIOD] =  { "period", F_LINE, false, false, 7, 7 },
	[R_PERCENT] = { "percent", F_INT, false, false, 0, 100 },
	[R_HEALTH] =  { "health", F_LINE, false, false, 1, 20 },
	[R_WORK] =    { "work_done", F_TEXT, false, false, 0, TEXT_MAX },
	[R_RESULTS] = { "results", F_TEXT, false, false, 0, TEXT_MAX },
	[R_DIFF] =    { "difficulties", F_TEXT, false, false, 0, TEXT_MAX },
	[R_PROP] =    { "proposals", F_TEXT, false, false, 0, TEXT_MAX },
	[R_NEXT] =    { "next_steps", F_TEXT, false, false, 0, TEXT_MAX },
	[R_VERSION] = { "version", F_INT, true, false, 1, INT32_MAX },
};

static const struct field transition_fields[] = {
	{ "action", F_LINE, true, false, 1, 20 },
	{ "comment", F_TEXT, false, true, 0, COMMENT_MAX },
	{ "version", F_INT, true, false, 1, INT32_MAX },
};
/* clang-format on */

static const char *const text_names[] = {
    "work_done", "results", "difficulties", "proposals", "next_steps"};

struct report {
	int64_t id, task_id, percent, version;
	struct str period, health;
	struct str text[5]; /* work_done .. next_steps */
	enum report_state status;
	struct str created_by, created_at, updated_at;
	struct str returned_by, returned_at, return_comment; /* latest */
};

static enum nv_err
report_parse(const struct str *c, struct report *r)
{
	int s = policy_report_state_from(c[10].p, c[10].len);
	int i;

	if (s < 0)
		return NV_EINTERNAL;
	r->id = db_str_int(c[0]);
	r->task_id = db_str_int(c[1]);
	r->period = c[2];
	r->percent = db_str_int(c[3]);
	r->health = c[4];
	for (i = 0; i < 5; i++)
		r->text[i] = c[5 + i];
	r->status = (enum report_state)s;
	r->version = db_str_int(c[11]);
	r->created_by = c[12];
	r->created_at = c[13];
	r->updated_at = c[14];
	r->returned_by = c[15];
	r->returned_at = c[16];
	r->return_comment = c[17];
	return NV_OK;
}

/* The members of a Report object, for report_json() and the search. */
static void
report_members(struct jw *w, const struct report *r, unsigned roles,
    enum task_rel rel, enum task_state task_st)
{
	enum report_state to;
	int i;

	jw_kint(w, "id", r->id);
	jw_kint(w, "task_id", r->task_id);
	jw_ksstr(w, "period", r->period);
	jw_kint(w, "percent", r->percent);
	jw_ksstr(w, "health", r->health);
	for (i = 0; i < 5; i++)
		jw_ksstr(w, text_names[i], r->text[i]);
	jw_kstrz(w, "status", policy_report_state_name(r->status));
	jw_kint(w, "version", r->version);
	jw_ksstr(w, "created_by", r->created_by);
	jw_ksstr(w, "created_at", r->created_at);
	jw_ksstr(w, "updated_at", r->updated_at);
	/* Why the head last sent it back, for whoever fixes it. */
	jw_key(w, "last_return");
	if (r->returned_at.p == NULL)
		jw_null(w);
	else {
		jw_obj_open(w);
		jw_ksstr(w, "by", r->returned_by);
		jw_ksstr(w, "at", r->returned_at);
		jw_ksstr(w, "comment", r->return_comment);
		jw_obj_close(w);
	}
	jw_key(w, "allowed_actions");
	jw_arr_open(w);
	for (i = RA_EDIT; i < RA__MAX; i++)
		if (policy_report(roles, rel, (enum report_act)i, task_st,
		        r->status, &to) == NV_OK)
			jw_strz(w, policy_report_act_name((enum report_act)i));
	jw_arr_close(w);
}

static void
report_json(struct jw *w, const struct report *r, unsigned roles,
    enum task_rel rel, enum task_state task_st)
{
	jw_obj_open(w);
	report_members(w, r, roles, rel, task_st);
	jw_obj_close(w);
}

static enum nv_err
report_get(struct arena *a, int64_t id, bool lock, struct report *r)
{
	static const char sel[] =
	    "SELECT " REPORT_COLS " FROM reports r WHERE r.id = ?";
	static const char sel_lock[] =
	    "SELECT " REPORT_COLS " FROM reports r WHERE r.id = ? "
	    "FOR UPDATE";
	struct db_param p[] = {DBP_INT(id)};
	struct db_res res;
	enum nv_err rc;

	if ((rc = db_query(a, lock ? sel_lock : sel, p, 1, &res)) != NV_OK)
		return rc;
	if (res.nrows != 1)
		return NV_ENOENT;
	return report_parse(res.cells, r);
}

/* The task a report hangs on, and whether the caller may see it. */
static enum nv_err
seen_task(struct req *rq, int64_t task_id, struct task *t, enum task_rel *rel)
{
	enum nv_err rc;

	if ((rc = task_get(rq->arena, task_id, false, t)) != NV_OK)
		return rc;
	*rel = task_rel_of(t, &rq->sess->user);
	return policy_task_visible(rq->sess->user.roles, *rel) ? NV_OK
	                                                       : NV_ENOENT;
}

static enum nv_err
respond_report(struct req *rq, struct resp *rs, int status, int64_t id)
{
	struct report r;
	struct task t;
	enum task_rel rel;
	enum nv_err rc;

	if ((rc = report_get(rq->arena, id, false, &r)) != NV_OK ||
	    (rc = seen_task(rq, r.task_id, &t, &rel)) != NV_OK)
		return rc;
	report_json(
	    resp_json(rs, status), &r, rq->sess->user.roles, rel, t.status);
	return NV_OK;
}

/* A month that exists, from 2000 to the current one (no future reports). */
static enum nv_err
check_period(struct req *rq, struct str p)
{
	char now[8];
	int m;

	if (p.len != 7 || p.p[4] != '-' || p.p[0] < '0' || p.p[0] > '9' ||
	    p.p[1] < '0' || p.p[1] > '9' || p.p[2] < '0' || p.p[2] > '9' ||
	    p.p[3] < '0' || p.p[3] > '9' || p.p[5] < '0' || p.p[5] > '1' ||
	    p.p[6] < '0' || p.p[6] > '9')
		return req_fail(rq, NV_EINVAL, "period",
		    "Kỳ báo cáo phải có dạng YYYY-MM.");
	m = (p.p[5] - '0') * 10 + (p.p[6] - '0');
	if (m < 1 || m > 12 || strncmp(p.p, "2000", 4) < 0)
		return req_fail(
		    rq, NV_EINVAL, "period", "Kỳ báo cáo không hợp lệ.");
	clock_period(now);
	if (strncmp(p.p, now, 7) > 0)
		return req_fail(rq, NV_EINVAL, "period",
		    "Chưa thể báo cáo cho tháng sau tháng hiện tại.");
	return NV_OK;
}

static enum nv_err
check_health(struct req *rq, const struct fval *v)
{
	if (v->present && !str_eq(v->s, "on_track") &&
	    !str_eq(v->s, "at_risk") && !str_eq(v->s, "delayed"))
		return req_fail(rq, NV_EINVAL, "health",
		    "Tình trạng phải là on_track, at_risk hoặc delayed.");
	return NV_OK;
}

static enum nv_err
audit_report(struct req *rq, const char *action, int64_t task_id,
    int64_t report_id, const char *from, const char *to, const char *comment)
{
	struct audit au = {0};

	au.actor = rq->sess->user.username;
	au.action = action;
	au.task_id = task_id;
	au.report_id = report_id;
	au.from = from;
	au.to = to;
	au.comment = comment;
	return audit_write(rq, &au);
}

struct list_ctx {
	struct jw *w;
	unsigned roles;
	enum task_rel rel;
	enum task_state task_st;
};

static enum nv_err
list_row(void *ctx, const struct str *cells, size_t ncols)
{
	struct list_ctx *lc = ctx;
	struct report r;
	enum nv_err rc;

	(void)ncols;
	if ((rc = report_parse(cells, &r)) != NV_OK)
		return rc;
	report_json(lc->w, &r, lc->roles, lc->rel, lc->task_st);
	return NV_OK;
}

enum nv_err
api_report_list(struct req *rq, struct resp *rs)
{
	static const char sel[] =
	    "SELECT " REPORT_COLS " FROM reports r WHERE r.task_id = ? "
	    "ORDER BY r.period DESC";
	struct list_ctx lc;
	struct task t;
	enum nv_err rc;

	if ((rc = req_query_unused(rq)) != NV_OK)
		return rc;
	if ((rc = seen_task(rq, rq->path_id, &t, &lc.rel)) != NV_OK)
		return rc;
	lc.roles = rq->sess->user.roles;
	lc.task_st = t.status;
	lc.w = resp_json(rs, 200);
	jw_obj_open(lc.w);
	jw_key(lc.w, "items");
	jw_arr_open(lc.w);
	struct db_param p[] = {DBP_INT(t.id)};
	if ((rc = db_each(sel, p, 1, list_row, &lc)) != NV_OK)
		return rc;
	jw_arr_close(lc.w);
	jw_obj_close(lc.w);
	return NV_OK;
}

enum nv_err
api_report_create(struct req *rq, struct resp *rs)
{
	static const char ins[] =
	    "INSERT INTO reports (task_id, period, percent, health, work_done, "
	    "results, difficulties, proposals, next_steps, status, version, "
	    "created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, "
	    "?, ?, 'draft', 1, ?, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))";
	struct fval v[R__MAX];
	struct task t;
	enum task_rel rel;
	enum report_state to;
	uint64_t id;
	struct cJSON *root;
	enum nv_err rc, right;

	if ((rc = req_query_unused(rq)) != NV_OK)
		return rc;
	if ((rc = seen_task(rq, rq->path_id, &t, &rel)) != NV_OK)
		return rc;
	right = policy_report(
	    rq->sess->user.roles, rel, RA_CREATE, t.status, RS_DRAFT, &to);
	if (right == NV_EPERM || right == NV_ENOENT)
		return right;
	if ((rc = req_json(rq, &root)) != NV_OK ||
	    (rc = req_fields(rq, root, create_fields, R_VERSION, v)) != NV_OK ||
	    (rc = check_period(rq, v[R_PERIOD].s)) != NV_OK ||
	    (rc = check_health(rq, &v[R_HEALTH])) != NV_OK)
		return rc;
	if (right == NV_ESTATE)
		return req_fail(rq, NV_ESTATE, NULL,
		    "Chỉ báo cáo tiến độ cho nhiệm vụ đã vào Chương trình.");
	struct db_param p[] = {
	    DBP_INT(t.id),
	    DBP_STR(v[R_PERIOD].s),
	    DBP_INT(v[R_PERCENT].i),
	    DBP_STR(v[R_HEALTH].s),
	    DBP_STR(v[R_WORK].present ? v[R_WORK].s : STR("")),
	    DBP_STR(v[R_RESULTS].present ? v[R_RESULTS].s : STR("")),
	    DBP_STR(v[R_DIFF].present ? v[R_DIFF].s : STR("")),
	    DBP_STR(v[R_PROP].present ? v[R_PROP].s : STR("")),
	    DBP_STR(v[R_NEXT].present ? v[R_NEXT].s : STR("")),
	    DBP_STR(str_c(rq->sess->user.username)),
	};
	if ((rc = db_begin()) != NV_OK)
		return rc;
	rc = db_exec(ins, p, NELEM(p), NULL, &id);
	if (rc == NV_EDUP)
		rc = req_fail(rq, NV_EDUP, "period",
		    "Nhiệm vụ đã có báo cáo cho kỳ này.");
	if (rc == NV_OK)
		rc = audit_report(rq, "report_create", t.id, (int64_t)id, NULL,
		    "draft", NULL);
	if (rc != NV_OK) {
		db_rollback();
		return rc;
	}
	if ((rc = db_commit()) != NV_OK)
		return rc;
	return respond_report(rq, rs, 201, (int64_t)id);
}

enum nv_err
api_report_get(struct req *rq, struct resp *rs)
{
	enum nv_err rc;

	if ((rc = req_query_unused(rq)) != NV_OK)
		return rc;
	return respond_report(rq, rs, 200, rq->path_id);
}

/* The report of the path, locked, with its task and the caller's rights. */
static enum nv_err
locked_report(
    struct req *rq, struct report *r, struct task *t, enum task_rel *rel)
{
	enum nv_err rc;

	if ((rc = report_get(rq->arena, rq->path_id, true, r)) != NV_OK)
		return rc;
	return seen_task(rq, r->task_id, t, rel);
}

enum nv_err
api_report_patch(struct req *rq, struct resp *rs)
{
	static const char upd[] =
	    "UPDATE reports SET period = ?, percent = ?, health = ?, "
	    "work_done = ?, results = ?, difficulties = ?, proposals = ?, "
	    "next_steps = ?, version = version + 1, "
	    "updated_at = UTC_TIMESTAMP(6) WHERE id = ? AND version = ?";
	struct fval v[R__MAX];
	struct report r;
	struct task t;
	enum task_rel rel;
	enum report_state to;
	struct str text[5];
	uint64_t n;
	struct cJSON *root;
	int i;
	enum nv_err rc, right;

	if ((rc = req_query_unused(rq)) != NV_OK)
		return rc;
	if ((rc = db_begin()) != NV_OK)
		return rc;
	if ((rc = locked_report(rq, &r, &t, &rel)) != NV_OK)
		goto fail;
	right = policy_report(
	    rq->sess->user.roles, rel, RA_EDIT, t.status, r.status, &to);
	if (right == NV_EPERM || right == NV_ENOENT) {
		rc = right;
		goto fail;
	}
	if ((rc = req_json(rq, &root)) != NV_OK ||
	    (rc = req_fields(rq, root, edit_fields, R__MAX, v)) != NV_OK)
		goto fail;
	if ((v[R_PERIOD].present &&
	        (rc = check_period(rq, v[R_PERIOD].s)) != NV_OK) ||
	    (rc = check_health(rq, &v[R_HEALTH])) != NV_OK)
		goto fail;
	if (v[R_VERSION].i != r.version) {
		rc = NV_ESTALE;
		goto fail;
	}
	if ((rc = right) != NV_OK)
		goto fail;
	for (i = 0; i < 5; i++)
		text[i] = v[R_WORK + i].present ? v[R_WORK + i].s : r.text[i];
	{
		struct db_param p[] = {
		    DBP_STR(v[R_PERIOD].present ? v[R_PERIOD].s : r.period),
		    DBP_INT(v[R_PERCENT].present ? v[R_PERCENT].i : r.percent),
		    DBP_STR(v[R_HEALTH].present ? v[R_HEALTH].s : r.health),
		    DBP_STR(text[0]),
		    DBP_STR(text[1]),
		    DBP_STR(text[2]),
		    DBP_STR(text[3]),
		    DBP_STR(text[4]),
		    DBP_INT(r.id),
		    DBP_INT(r.version),
		};
		rc = db_exec(upd, p, NELEM(p), &n, NULL);
		if (rc == NV_EDUP)
			rc = req_fail(rq, NV_EDUP, "period",
			    "Nhiệm vụ đã có báo cáo cho kỳ này.");
		if (rc == NV_OK && n != 1)
			rc = NV_ESTALE;
		if (rc != NV_OK)
			goto fail;
	}
	if ((rc = audit_report(
	         rq, "report_edit", t.id, r.id, NULL, NULL, NULL)) != NV_OK)
		goto fail;
	if ((rc = db_commit()) != NV_OK)
		return rc;
	return respond_report(rq, rs, 200, r.id);
fail:
	db_rollback();
	return rc;
}

enum nv_err
api_report_transition(struct req *rq, struct resp *rs)
{
	static const char upd[] =
	    "UPDATE reports SET status = ?, version = version + 1, "
	    "updated_at = UTC_TIMESTAMP(6), "
	    "returned_by = IF(? = 1, ?, returned_by), "
	    "returned_at = IF(? = 1, UTC_TIMESTAMP(6), returned_at), "
	    "return_comment = IF(? = 1, ?, return_comment) "
	    "WHERE id = ? AND version = ?";
	/* An older month approved late must not hide a newer one. */
	static const char progress[] =
	    "UPDATE tasks SET progress_period = ?, progress_percent = ?, "
	    "progress_health = ? WHERE id = ? AND (progress_period IS NULL "
	    "OR progress_period <= ?)";
	struct fval v[NELEM(transition_fields)];
	struct report r;
	struct task t;
	enum task_rel rel;
	enum report_state to;
	char action[32];
	uint64_t n;
	struct cJSON *root;
	int act;
	enum nv_err rc, right;

	if ((rc = req_query_unused(rq)) != NV_OK)
		return rc;
	if ((rc = db_begin()) != NV_OK)
		return rc;
	if ((rc = locked_report(rq, &r, &t, &rel)) != NV_OK)
		goto fail;
	if ((rc = req_json(rq, &root)) != NV_OK ||
	    (rc = req_fields(rq, root, transition_fields,
	         NELEM(transition_fields), v)) != NV_OK)
		goto fail;
	act = policy_report_act_from(v[0].s.p, v[0].s.len);
	if (act != RA_SUBMIT && act != RA_APPROVE && act != RA_RETURN) {
		rc = req_fail(rq, NV_EINVAL, "action",
		    "Thao tác phải là submit, approve hoặc return.");
		goto fail;
	}
	right = policy_report(rq->sess->user.roles, rel, (enum report_act)act,
	    t.status, r.status, &to);
	if (right == NV_EPERM || right == NV_ENOENT) {
		rc = right;
		goto fail;
	}
	if (act == RA_RETURN && (!v[1].present || v[1].is_null ||
	                            utf8_blank(v[1].s.p, v[1].s.len))) {
		rc = req_fail(
		    rq, NV_EINVAL, "comment", "Trả lại cần ghi rõ lý do.");
		goto fail;
	}
	/* The committee wants outcomes, not activity. */
	if (act == RA_SUBMIT && right == NV_OK &&
	    utf8_blank(r.text[1].p, r.text[1].len)) {
		rc = req_fail(rq, NV_EINVAL, "results",
		    "Báo cáo cần nêu kết quả, hiệu quả đạt được trước khi "
		    "gửi.");
		goto fail;
	}
	if (v[2].i != r.version) {
		rc = NV_ESTALE;
		goto fail;
	}
	if ((rc = right) != NV_OK)
		goto fail;
	{
		int ret = to == RS_RETURNED;
		struct db_param p[] = {
		    DBP_STR(str_c(policy_report_state_name(to))), DBP_INT(ret),
		    DBP_STR(str_c(rq->sess->user.display_name)), DBP_INT(ret),
		    DBP_INT(ret), ret ? DBP_STR(v[1].s) : DBP_NULL,
		    DBP_INT(r.id), DBP_INT(r.version)};
		if ((rc = db_exec(upd, p, NELEM(p), &n, NULL)) != NV_OK)
			goto fail;
		if (n != 1) {
			rc = NV_ESTALE;
			goto fail;
		}
	}
	if (to == RS_APPROVED) {
		struct db_param p[] = {DBP_STR(r.period), DBP_INT(r.percent),
		    DBP_STR(r.health), DBP_INT(t.id), DBP_STR(r.period)};
		if ((rc = db_exec(progress, p, NELEM(p), NULL, NULL)) != NV_OK)
			goto fail;
	}
	snprintf(action, sizeof(action), "report_%s",
	    policy_report_act_name((enum report_act)act));
	if ((rc = audit_report(rq, action, t.id, r.id,
	         policy_report_state_name(r.status),
	         policy_report_state_name(to),
	         v[1].present && !v[1].is_null && v[1].s.len > 0 ? v[1].s.p
	                                                         : NULL)) !=
	    NV_OK)
		goto fail;
	if ((rc = db_commit()) != NV_OK)
		return rc;
	return respond_report(rq, rs, 200, r.id);
fail:
	db_rollback();
	return rc;
}

/*
 * GET /reports: the reports the caller may see, newest first, filtered by
 * status, period, the task's lead agency or the task; for the heads'
 * approval queue ("submitted" reports of their agency).
 */
static const char search_sql[] =
    "SELECT " REPORT_COLS ", t.name, t.lead_agency, t.status, "
    "(SELECT GROUP_CONCAT(c.agency_code SEPARATOR ',') FROM "
    "task_coordinators c WHERE c.task_id = t.id) "
    "FROM reports r JOIN tasks t ON t.id = r.task_id "
    "WHERE r.id < ? "
    "AND (? = 1 OR t.lead_agency = ? OR EXISTS (SELECT 1 FROM "
    "task_coordinators v WHERE v.task_id = t.id AND v.agency_code = ?)) "
    "AND (? IS NULL OR r.status = ?) AND (? IS NULL OR r.period = ?) "
    "AND (? IS NULL OR t.lead_agency = ?) AND (? IS NULL OR r.task_id = ?) "
    "ORDER BY r.id DESC LIMIT ?";

struct search_ctx {
	struct jw *w;
	const struct user *u;
	struct page pg;
};

static enum nv_err
search_row(void *ctx, const struct str *c, size_t ncols)
{
	struct search_ctx *sc = ctx;
	struct report r;
	struct task t;
	enum task_rel rel;
	int st;
	enum nv_err rc;

	(void)ncols;
	if ((rc = report_parse(c, &r)) != NV_OK ||
	    (st = policy_state_from(c[20].p, c[20].len)) < 0)
		return rc != NV_OK ? rc : NV_EINTERNAL;
	/* Enough of the task to know the caller's relation to it. */
	memset(&t, 0, sizeof(t));
	t.lead_agency = c[19];
	t.coords = c[21].p ? c[21] : STR("");
	rel = task_rel_of(&t, sc->u);
	if (!page_take(&sc->pg, r.id))
		return NV_OK;
	jw_obj_open(sc->w);
	report_members(sc->w, &r, sc->u->roles, rel, (enum task_state)st);
	jw_key(sc->w, "task");
	jw_obj_open(sc->w);
	jw_kint(sc->w, "id", r.task_id);
	jw_ksstr(sc->w, "name", c[18]);
	jw_ksstr(sc->w, "lead_agency", c[19]);
	jw_kstrz(sc->w, "status", policy_state_name((enum task_state)st));
	jw_obj_close(sc->w);
	jw_obj_close(sc->w);
	return NV_OK;
}

enum nv_err
api_report_search(struct req *rq, struct resp *rs)
{
	const struct user *u = &rq->sess->user;
	struct search_ctx sc = {0};
	struct str s, status = STR_NULL, period = STR_NULL, agency = STR_NULL;
	int64_t task_id = 0;
	int k;
	enum nv_err rc;

	if ((s = req_query(rq, "status")).p != NULL) {
		if ((k = policy_report_state_from(s.p, s.len)) < 0)
			return req_fail(rq, NV_EINVAL, "status",
			    "Trạng thái báo cáo không hợp lệ.");
		status = str_c(policy_report_state_name((enum report_state)k));
	}
	if ((s = req_query(rq, "period")).p != NULL) {
		if ((rc = check_period(rq, s)) != NV_OK)
			return rc;
		period = s;
	}
	if ((s = req_query(rq, "agency")).p != NULL) {
		if (s.len == 0 || s.len > 16)
			return req_fail(
			    rq, NV_EINVAL, "agency", "Không có cơ quan này.");
		agency = s;
	}
	if ((s = req_query(rq, "task_id")).p != NULL &&
	    str_to_i64(s, 1, INT64_MAX, &task_id) != NV_OK)
		return req_fail(
		    rq, NV_EINVAL, "task_id", "task_id không hợp lệ.");
	if ((rc = page_params(rq, &sc.pg)) != NV_OK ||
	    (rc = req_query_unused(rq)) != NV_OK)
		return rc;
	{
		bool all = policy_task_visible(u->roles, REL_NONE);
		struct str ag = str_c(u->agency_code);
		struct db_param tid = task_id ? DBP_INT(task_id) : DBP_NULL;
		struct db_param p[] = {DBP_INT(sc.pg.after),
		    DBP_INT(all ? 1 : 0), DBP_STR(ag), DBP_STR(ag),
		    DBP_STR(status), DBP_STR(status), DBP_STR(period),
		    DBP_STR(period), DBP_STR(agency), DBP_STR(agency), tid, tid,
		    DBP_INT(sc.pg.limit + 1)};

		sc.u = u;
		sc.w = resp_json(rs, 200);
		jw_obj_open(sc.w);
		jw_key(sc.w, "items");
		jw_arr_open(sc.w);
		if ((rc = db_each(search_sql, p, NELEM(p), search_row, &sc)) !=
		    NV_OK)
			return rc;
	}
	page_end(sc.w, &sc.pg);
	return NV_OK;
}
