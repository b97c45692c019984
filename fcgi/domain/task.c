/* SPDX-License-Identifier: ISC */
/* Tasks: the descriptor, its hooks, computed values and JSON. */
#include <stddef.h>
#include <string.h>

#include "fcgi/base/clock.h"
#include "fcgi/base/db.h"
#include "fcgi/base/str.h"
#include "fcgi/base/utf8.h"
#include "fcgi/domain/task.h"
#include "fcgi/domain/wf.h"

#define BUDGET_MAX  1000000000000000LL /* 10^15 đồng: tasks_budget CHECK */
#define COORDS_MAX  30
#define TEXT_MAX    2000 /* VARCHAR(2000) of product, notes, target */
#define NAME_MAX_CP 500  /* VARCHAR(500) */

_Static_assert(sizeof(enum task_state) == sizeof(int), "state is an int");
_Static_assert(sizeof(enum task_kind) == sizeof(int), "kind is an int");

#define TS(x)  "DATE_FORMAT(" x ", '%Y-%m-%dT%H:%i:%sZ')"
#define OFF(m) offsetof(struct task, m)
#define JSON   M_JSON
#define BODY   (M_CREATE | M_EDIT | M_AUDIT)

/* clang-format off */
static const struct member members[] = {
	{ "id", "Mã", "t.id", NULL, M_INT, OFF(id), JSON },
	{ "year", "Năm", "t.year", "year", M_INT, OFF(year), JSON | BODY, G_CONTENT,
	  { .type = F_INT, .min = YEAR_MIN, .max = YEAR_MAX } },
	{ "kind", "Loại nhiệm vụ", "t.kind", "kind", M_ENUM, OFF(kind), JSON | M_CREATE, 0,
	  { .type = F_LINE, .min = 1, .max = 20 }, policy_task_kind_names, TK__MAX },
	{ "fields", "Lĩnh vực", "t.fields", "fields", M_SET, OFF(fields), JSON | BODY, G_CONTENT | G_SUBMIT,
	  { .type = F_LINES, .max = VOCAB_NFIELDS }, vocab_fields, VOCAB_NFIELDS },
	{ "name", "Tên nhiệm vụ", "t.name", "name", M_STR, OFF(name), JSON | BODY | M_REQUIRED, G_CONTENT | G_SUBMIT,
	  { .type = F_LINE, .min = 1, .max = NAME_MAX_CP } },
	/* Folded for accent-insensitive search: utf8_fold() of the name. */
	{ "name_fold", NULL, NULL, "name_fold", M_STR, OFF(name_fold), M_DERIVED | M_NOSELECT },
	{ "responsible_person", "Người chịu trách nhiệm", "t.responsible_person", "responsible_person", M_STR, OFF(responsible_person), JSON | BODY, G_CONTENT | G_SUBMIT,
	  { .type = F_LINE, .max = 200 } },
	{ "lead_agency", "Cơ quan chủ trì", "t.lead_agency", "lead_agency", M_STR, OFF(lead_agency), JSON | M_CREATE, G_SUBMIT,
	  { .type = F_LINE, .min = 1, .max = AGENCY_CODE_MAX } },
	/* Issue 14: the committee of the lead agency, whose the task is. */
	{ "committee", "Ban chỉ đạo",
	  "(SELECT cm.committee FROM agencies cm WHERE cm.code = t.lead_agency)",
	  NULL, M_STR, OFF(committee), JSON },
	/* Kept by migration 0032's triggers in the agencies' order, in the
	 * same transaction as task_coordinators (issue 8: the per-row
	 * GROUP_CONCAT was some 40 % of a built list page). */
	{ "coordinating_agencies", "Cơ quan phối hợp", "t.coordinators",
	  NULL, M_SET, OFF(coords), JSON | BODY | M_CHILD, G_CONTENT,
	  { .type = F_LINES, .max = COORDS_MAX } },
	{ "expected_product", "Sản phẩm dự kiến", "t.expected_product", "expected_product", M_STR, OFF(expected_product), JSON | BODY, G_CONTENT | G_SUBMIT,
	  { .type = F_TEXT, .max = TEXT_MAX } },
	{ "estimated_budget", "Kinh phí dự kiến", "t.estimated_budget", "estimated_budget", M_OPT_INT, OFF(estimated_budget), JSON | BODY, G_CONTENT,
	  { .type = F_INT, .nullable = true, .min = 0, .max = BUDGET_MAX } },
	{ "notes", "Ghi chú", "t.notes", "notes", M_STR, OFF(notes), JSON | BODY, G_SCHEDULE,
	  { .type = F_TEXT, .max = TEXT_MAX } },
	{ "target", "Mục tiêu", "t.target", "target", M_STR, OFF(target), JSON | BODY, G_SCHEDULE | G_SUBMIT,
	  { .type = F_TEXT, .max = TEXT_MAX } },
	{ "resources", "Nguồn lực thực hiện", "t.resources", "resources", M_STR, OFF(resources), JSON | BODY, G_CONTENT,
	  { .type = F_TEXT, .max = TEXT_MAX } },
	{ "deadline", "Hạn hoàn thành", "t.deadline", "deadline", M_STR, OFF(deadline), JSON | BODY, G_SCHEDULE | G_REASON | G_SUBMIT,
	  { .type = F_LINE, .nullable = true, .max = 10 } },
	/* The deadline when the task entered the programme; never moves. */
	{ "original_deadline", "Hạn ban đầu", "t.original_deadline", "original_deadline", M_STR, OFF(original_deadline), JSON | M_INSERT, 0,
	  { .nullable = true } },
	/* Issue 15: moved by an extension granted in time, never by one
	 * granted after the deadline had passed (check()). */
	{ "yardstick", "Hạn tính đúng hạn", "t.yardstick", "yardstick", M_STR, OFF(yardstick), JSON | M_DERIVED, 0,
	  { .nullable = true } },
	{ "extensions", "Số lần gia hạn", "t.extensions", "extensions", M_INT, OFF(extensions), JSON | M_DERIVED },
	{ "extended_by", "Người gia hạn gần nhất", "t.extended_by", "extended_by", M_STR, OFF(extended_by), JSON | M_DERIVED, 0,
	  { .nullable = true } },
	{ "status", "Trạng thái", "t.status", "status", M_STATE, OFF(status), JSON | M_CREATE, 0,
	  { .type = F_LINE, .min = 1, .max = 20 } },
	{ "completed_at", "Ngày hoàn thành", "t.completed_at", NULL, M_STR, OFF(completed_at), JSON },
	/* Set by the transitions (after()), read by the queues (issue 17). */
	{ "accepted_at", "Ngày tiếp nhận", "t.accepted_at", NULL, M_STR, OFF(accepted_at), JSON },
	{ "submitted_at", "Ngày gửi", TS("t.submitted_at"), NULL, M_STR, OFF(submitted_at), JSON },
	{ "submitted_by", "Người gửi", "t.submitted_by", NULL, M_STR, OFF(submitted_by), JSON },
	{ "submitted_by_name", "Người gửi", "t.submitted_by_name", NULL, M_STR, OFF(submitted_by_name), JSON },
	/* The days a registration has waited for a decision since it was
	 * sent, counted in the province's calendar (db.c's @nv_utc_offset):
	 * while it is submitted or approved, else null.  A value that turns
	 * with the province's date only, as the kept list pages and
	 * dashboards are keyed (24-hour periods turned at any hour). */
	{ "waiting_days", "Số ngày chờ",
	  "CASE WHEN t.status IN ('submitted', 'approved') THEN DATEDIFF("
	  "UTC_TIMESTAMP() + INTERVAL @nv_utc_offset SECOND, "
	  "t.submitted_at + INTERVAL @nv_utc_offset SECOND) END",
	  NULL, M_OPT_INT, OFF(waiting_days), JSON },
	/* The latest approved report: the "progress" object of task_json(). */
	{ "progress_period", NULL, "t.progress_period", NULL, M_STR, OFF(progress_period), 0 },
	{ "progress_percent", NULL, "t.progress_percent", NULL, M_INT, OFF(progress_percent), 0 },
	{ "progress_health", NULL, "t.progress_health", NULL, M_STR, OFF(progress_health), 0 },
	{ "version", "Phiên bản", "t.version", NULL, M_INT, OFF(version), JSON },
	{ "created_by", "Người tạo", "t.created_by", NULL, M_STR, OFF(created_by), JSON },
	{ "created_at", "Ngày tạo", TS("t.created_at"), NULL, M_STR, OFF(created_at), JSON },
	{ "updated_at", "Ngày cập nhật", TS("t.updated_at"), NULL, M_STR, OFF(updated_at), JSON },
};
/* clang-format on */

/* The PATCH of a task is an edit of all of it, or of its schedule. */
static const int edit_acts[] = {TA_EDIT, TA_EDIT_SCHEDULE};

/* --- hooks ---------------------------------------------------------------- */

/* A task is its own parent: the relation and state are its own. */
static enum nv_err
self(struct actor *ac, int64_t id, struct wf_rec *rec)
{
	const struct task *t = rec->row;

	(void)id;
	rec->rel = task_rel_of(t, ac->user);
	rec->outside = !task_in_scope(t, ac->user);
	rec->parent_st = t->status;
	rec->task_id = t->id;
	rec->parent = t;
	return NV_OK;
}

/* Fields: known names, no repeats, kept in the SET's order. */
static enum nv_err
fields_check(struct actor *ac, const struct fval *v, struct str *out)
{
	bool seen[VOCAB_NFIELDS] = {false};
	const char *s = "";
	size_t i, k;

	for (i = 0; i < v->nitems; i++) {
		for (k = 0; k < VOCAB_NFIELDS; k++)
			if (str_eq(v->items[i], vocab_fields[k]))
				break;
		if (k == VOCAB_NFIELDS)
			return wf_fail(
			    ac, NV_EINVAL, "fields", "Lĩnh vực không hợp lệ.");
		if (seen[k])
			return wf_fail(
			    ac, NV_EINVAL, "fields", "Lĩnh vực bị lặp.");
		seen[k] = true;
	}
	for (k = 0; k < VOCAB_NFIELDS; k++)
		if (seen[k])
			s = arena_printf(ac->arena, "%s%s%s", s, *s ? "," : "",
			    vocab_fields[k]);
	*out = str_c(s);
	return NV_OK;
}

#define RETIRED_MSG                                                                              \
	"Cơ quan mã %.*s đã ngừng hoạt động hoặc đã hợp nhất; không chọn " \
	"được cho nhiệm vụ."

/* Coordinating agencies: upper-cased, no repeats, not the lead. */
static enum nv_err
coords_check(struct actor *ac, const struct fval *v, struct task *t)
{
	const char *s = "";
	struct str c, *seen;
	size_t i, k;

	if ((seen = arena_alloc(ac->arena, (v->nitems + 1) * sizeof(*seen))) ==
	    NULL)
		return NV_ETOOBIG;
	for (i = 0; i < v->nitems; i++) {
		c = vocab_upcase(ac->arena, v->items[i]);
		if (c.len == 0 || str_eq(c, t->lead_agency.p))
			return wf_fail(ac, NV_EINVAL, "coordinating_agencies",
			    "Cơ quan chủ trì không đồng thời là cơ quan "
			    "phối hợp.");
		for (k = 0; k < i; k++)
			if (seen[k].len == c.len &&
			    memcmp(seen[k].p, c.p, c.len) == 0)
				return wf_fail(ac, NV_EINVAL,
				    "coordinating_agencies",
				    "Cơ quan phối hợp bị lặp.");
		seen[i] = c;
		s = arena_printf(ac->arena, "%s%s%s", s, *s ? "," : "", c.p);
	}
	t->coords = str_c(s);
	return NV_OK;
}

/*
 * A deadline moved in the programme (issue 15): before the deadline in
 * force has passed, the yardstick moves with it (completion by the new
 * deadline is on time); after, it stays the passed deadline, so the
 * lateness is never erased.  A move later is an extension: counted, and
 * its author kept.
 */
static void
extension(struct actor *ac, struct task *t, const struct task *o)
{
	char today[11];

	if (o->status != TS_IN_PROGRAM ||
	    (t->deadline.p == NULL && o->deadline.p == NULL) ||
	    (t->deadline.p != NULL && o->deadline.p != NULL &&
	        strncmp(t->deadline.p, o->deadline.p, 10) == 0))
		return;
	clock_today(today);
	/* Once the yardstick is behind the deadline in force, a deadline
	 * passed before it was moved: that lateness stays. */
	if (o->deadline.p == NULL || o->yardstick.p == NULL ||
	    (strncmp(o->yardstick.p, o->deadline.p, 10) == 0 &&
	        strncmp(o->deadline.p, today, 10) >= 0))
		t->yardstick = t->deadline;
	if (t->deadline.p != NULL &&
	    (o->deadline.p == NULL ||
	        strncmp(t->deadline.p, o->deadline.p, 10) > 0)) {
		t->extensions = o->extensions + 1;
		t->extended_by = str_c(ac->user->username);
	}
}

/* The committee of a new task's lead agency (issue 14). */
static enum nv_err
lead_committee(struct arena *a, struct task *t)
{
	static const char sql[] =
	    "SELECT committee FROM agencies WHERE code = ?";
	struct db_param p[] = {DBP_STR(t->lead_agency)};
	struct db_res r;
	enum nv_err rc;

	if ((rc = db_query(a, sql, p, NELEM(p), &r)) != NV_OK)
		return rc;
	t->committee = r.nrows == 1 ? db_cell(&r, 0, 0) : STR_NULL;
	return NV_OK;
}

static enum nv_err
check(struct actor *ac, void *row, const void *old, const struct fval *v,
    struct wf_rec *rec)
{
	struct task *t = row;
	int i;
	enum nv_err rc;

	if (old == NULL) {
		/* A new task: this year, its author's agency, a draft. */
		if (!v[record_member(&task_record, "year")].present)
			t->year = clock_year();
		if (v[i = record_member(&task_record, "lead_agency")].present) {
			rc = vocab_agency(ac->arena, v[i].s, &t->lead_agency);
			if (rc == NV_ENOENT)
				return wf_fail(ac, NV_EINVAL, "lead_agency",
				    "Không có cơ quan chủ trì này.");
			if (rc != NV_OK)
				return rc;
		} else if (ac->user->agency_code != NULL)
			t->lead_agency = str_c(ac->user->agency_code);
		else
			return wf_fail(ac, NV_EINVAL, "lead_agency",
			    "Cần chọn cơ quan chủ trì.");
		/* A retired or merged agency leads nothing new (issue 15). */
		rc = vocab_agency_active(ac->arena, t->lead_agency);
		if (rc == NV_EPERM)
			return wf_fail(ac, NV_EINVAL, "lead_agency",
			    arena_printf(ac->arena, RETIRED_MSG,
			        (int)t->lead_agency.len, t->lead_agency.p));
		if (rc != NV_OK && rc != NV_ENOENT)
			return rc;
		/* Only a commune's caller can be out of its scope. */
		if (ac->user->is_commune &&
		    (rc = lead_committee(ac->arena, t)) != NV_OK)
			return rc;
		if (t->status != TS_DRAFT && t->status != TS_IN_PROGRAM)
			return wf_fail(ac, NV_EINVAL, "status",
			    "Nhiệm vụ mới chỉ có thể ở trạng thái draft hoặc "
			    "in_program.");
		rec->rel = task_rel_of(t, ac->user);
		rec->outside = !task_in_scope(t, ac->user);
	}
	if (v[i = record_member(&task_record, "fields")].present &&
	    (rc = fields_check(ac, &v[i], &t->fields)) != NV_OK)
		return rc;
	if (v[i = record_member(&task_record, "coordinating_agencies")]
	        .present &&
	    (rc = coords_check(ac, &v[i], t)) != NV_OK)
		return rc;
	if (t->deadline.p != NULL && !clock_date_valid(t->deadline))
		return wf_fail(ac, NV_EINVAL, "deadline",
		    "Hạn hoàn thành phải là một ngày có thật, dạng "
		    "YYYY-MM-DD.");
	if (t->deadline.p != NULL && !vocab_year_ok(t->deadline))
		return wf_fail(ac, NV_EINVAL, "deadline",
		    "Hạn hoàn thành phải trong khoảng năm 2000–2100.");
	if (old == NULL && t->status == TS_IN_PROGRAM)
		t->original_deadline = t->yardstick = t->deadline;
	if (old != NULL)
		extension(ac, t, (const struct task *)old);
	{
		char *f = arena_alloc(ac->arena, t->name.len + 1);

		if (f == NULL)
			return NV_ETOOBIG;
		utf8_fold(t->name.p, t->name.len, f);
		t->name_fold = str_c(f);
	}
	return NV_OK;
}

/* Who may create it depends on its kind, first state and lead agency. */
static enum nv_err
may_create(struct actor *ac, const void *row)
{
	const struct task *t = row;
	const struct user *u = ac->user;
	enum nv_err rc;

	/* A commune's secretariat creates for its own committee only. */
	rc = policy_task_create(task_roles(t, u),
	    u->agency_code != NULL && str_eq(t->lead_agency, u->agency_code),
	    t->kind, t->status);
	if (rc == NV_EINVAL)
		return wf_fail(ac, NV_EINVAL, "status",
		    "Nhiệm vụ đột phá phải qua đăng ký và phê duyệt.");
	return rc;
}

/* Whether code is one of the comma-separated list. */
static bool
coord_in(struct str list, struct str code)
{
	const char *p, *end, *comma;

	for (p = list.p, end = p + list.len; p != NULL && p < end;
	     p = comma + 1) {
		if ((comma = memchr(p, ',', (size_t)(end - p))) == NULL)
			comma = end;
		if ((size_t)(comma - p) == code.len &&
		    memcmp(p, code.p, code.len) == 0)
			return true;
	}
	return false;
}

/*
 * Writes the coordinating agencies.  An unknown code fails the foreign
 * key half-way through; the transaction then rolls back everything.
 */
static enum nv_err
children(struct actor *ac, const void *row, const void *old)
{
	static const char del[] =
	    "DELETE FROM task_coordinators WHERE task_id = ?";
	static const char ins[] =
	    "INSERT INTO task_coordinators (task_id, agency_code) "
	    "VALUES (?, ?)";
	const struct task *t = row, *o = old;
	struct db_param d[] = {DBP_INT(t->id)};
	const char *p, *end, *comma;
	enum nv_err rc;

	if (o != NULL && str_eq(o->coords, t->coords.p))
		return NV_OK;
	if (o != NULL && (rc = db_exec(del, d, 1, NULL, NULL)) != NV_OK)
		return rc;
	for (p = t->coords.p, end = p + t->coords.len; p < end; p = comma + 1) {
		if ((comma = memchr(p, ',', (size_t)(end - p))) == NULL)
			comma = end;
		struct str code = {p, (size_t)(comma - p)};
		struct db_param q[] = {DBP_INT(t->id), DBP_STR(code)};
		/* A retired or merged agency is added to nothing (issue 15);
		 * one already there stays. */
		if ((o == NULL || !coord_in(o->coords, code)) &&
		    vocab_agency_active(ac->arena, code) == NV_EPERM)
			return wf_fail(ac, NV_EINVAL, "coordinating_agencies",
			    arena_printf(
			        ac->arena, RETIRED_MSG, (int)code.len, code.p));
		rc = db_exec(ins, q, 2, NULL, NULL);
		if (rc == NV_EINVAL)
			return wf_fail(ac, NV_EINVAL, "coordinating_agencies",
			    arena_printf(ac->arena, "Không có cơ quan mã %.*s.",
			        (int)code.len, code.p));
		if (rc != NV_OK)
			return rc;
	}
	return NV_OK;
}

/*
 * Sending it records who sent it and when (the queues show them);
 * entering the programme fixes the deadline and dates the acceptance
 * (no report for an earlier month); completing dates it.  Set in the
 * state change's own UPDATE (issue 8: a second UPDATE fired the task's
 * triggers a second time in the same transaction).
 */
static const char *
move(struct actor *ac, const struct wf_rec *rec, int act, int to,
    struct db_param *p, size_t *n)
{
#define MOVE_TAIL                                                              \
	"status = ?, version = version + 1, updated_at = UTC_TIMESTAMP(6) "    \
	"WHERE id = ? AND version = ?"
	static const char submit[] =
	    "UPDATE tasks SET submitted_at = UTC_TIMESTAMP(6), "
	    "submitted_by = ?, submitted_by_name = ?, " MOVE_TAIL;
	static const char accept[] =
	    "UPDATE tasks SET original_deadline = "
	    "COALESCE(original_deadline, deadline), yardstick = "
	    "COALESCE(yardstick, deadline), accepted_at = ?, " MOVE_TAIL;
	static const char complete[] =
	    "UPDATE tasks SET completed_at = ?, " MOVE_TAIL;
#undef MOVE_TAIL
	/* Read by the caller's db_exec; a worker serves one request at a
	 * time. */
	static char today[11];

	(void)rec;
	*n = 0;
	if (act == TA_SUBMIT) {
		p[(*n)++] = DBP_STR(str_c(ac->user->username));
		p[(*n)++] = DBP_STR(str_c(ac->user->display_name));
		return submit;
	}
	if (to != TS_IN_PROGRAM && to != TS_COMPLETED)
		return NULL;
	clock_today(today);
	p[(*n)++] = DBP_STR(str_c(today));
	return to == TS_IN_PROGRAM ? accept : complete;
}

static void
json(struct jw *w, const void *row, const struct wf_rec *rec,
    const struct user *u)
{
	char today[11];

	clock_today(today);
	task_json(w, row, today, wf_roles(u, rec), rec->rel);
}

const struct record_desc task_record = {
    .kind = "task",
    .table = "tasks",
    .m = members,
    .nm = NELEM(members),
    .size = sizeof(struct task),
    .off_id = OFF(id),
    .off_version = OFF(version),
    .off_status = OFF(status),
    .off_task_id = OFF(id),
    .rules = &policy_task_rules,
    .states = {policy_task_state_names, TS__MAX},
    .acts = {policy_task_act_names, TA__MAX},
    .act_create = -1,
    .deletable = true,
    .act_delete = TA_DELETE,
    .edit_acts = edit_acts,
    .nedit_acts = NELEM(edit_acts),
    .audit_prefix = "",
    .get = "SELECT {cols} FROM tasks t WHERE t.id = ?",
    .get_lock = "SELECT {cols} FROM tasks t WHERE t.id = ? FOR UPDATE",
    .parent = self,
    .check = check,
    .children = children,
    .move = move,
    .may_create = may_create,
    .json = json,
};

/* --- reading -------------------------------------------------------------- */

enum nv_err
task_parse(const struct str *c, size_t ncols, struct task *t)
{
	return record_parse(&task_record, c, ncols, t);
}

void
task_visible_params(const struct user *u, struct db_param *p)
{
	struct str ag = str_c(u->agency_code);

	p[0] = DBP_INT(policy_task_visible(u->roles, REL_NONE) ? 1 : 0);
	task_scope_params(u, p + 1);
	p[3] = DBP_STR(ag);
	p[4] = DBP_STR(ag);
}

struct str
task_scope_committee(const struct user *u)
{
	if (policy_in_scope(u->is_commune, false))
		return STR_NULL;
	/* A commune's caller without a committee is not one: reach none. */
	return u->committee != NULL ? str_c(u->committee) : str_c("");
}

void
task_scope_params(const struct user *u, struct db_param *p)
{
	struct str c = task_scope_committee(u);

	p[0] = DBP_STR(c);
	p[1] = DBP_STR(c);
}

bool
task_in_scope(const struct task *t, const struct user *u)
{
	return policy_in_scope(
	    u->is_commune, u->committee != NULL && t->committee.p != NULL &&
	                       str_eq(t->committee, u->committee));
}

unsigned
task_roles(const struct task *t, const struct user *u)
{
	return policy_scope_roles(u->roles, task_in_scope(t, u));
}

bool
task_visible_agency(const struct user *u, struct str *ag)
{
	if (policy_task_visible(u->roles, REL_NONE))
		return false;
	*ag = str_c(u->agency_code);
	if (ag->len == 0)
		*ag = STR_NULL;
	return true;
}

bool
task_has_coord(const struct task *t, struct str code)
{
	const char *p = t->coords.p, *end = p + t->coords.len, *comma;

	if (code.p == NULL || code.len == 0)
		return false;
	while (p < end) {
		comma = memchr(p, ',', (size_t)(end - p));
		if (comma == NULL)
			comma = end;
		if ((size_t)(comma - p) == code.len &&
		    memcmp(p, code.p, code.len) == 0)
			return true;
		p = comma + 1;
	}
	return false;
}

enum task_rel
task_rel_of(const struct task *t, const struct user *u)
{
	struct str code = str_c(u->agency_code);

	if (code.p == NULL)
		return REL_NONE;
	if (t->lead_agency.len == code.len &&
	    memcmp(t->lead_agency.p, code.p, code.len) == 0)
		return REL_LEAD;
	return task_has_coord(t, code) ? REL_COORD : REL_NONE;
}

/* ISO dates compare as strings. */
static int
datecmp(struct str a, const char *b)
{
	return strncmp(a.p, b, 10);
}

bool
task_overdue(const struct task *t, const char *today)
{
	if (policy_task_final(t->status))
		return false;
	return t->deadline.p != NULL && datecmp(t->deadline, today) < 0;
}

const char *
task_outcome(const struct task *t, const char *today)
{
	switch (t->status) {
	case TS_IN_PROGRAM:
		return task_overdue(t, today) ? "overdue" : "in_progress";
	case TS_COMPLETED:
		/*
		 * Late against the yardstick (issue 15): the deadline in
		 * force when every extension came before the deadline it
		 * replaced had passed, else the passed one; a task without
		 * one (accepted before it was kept) against the deadline in
		 * force and the accepted one.
		 */
		if (t->completed_at.p == NULL)
			return "done_on_time";
		if (t->yardstick.p != NULL)
			return strncmp(t->completed_at.p, t->yardstick.p, 10) >
			               0
			           ? "done_late"
			           : "done_on_time";
		if (t->deadline.p != NULL &&
		    strncmp(t->completed_at.p, t->deadline.p, 10) > 0)
			return "done_late";
		if (t->original_deadline.p != NULL &&
		    strncmp(t->completed_at.p, t->original_deadline.p, 10) > 0)
			return "done_late";
		return "done_on_time";
	default:
		return NULL;
	}
}

static void
allowed_actions(
    struct jw *w, const struct task *t, unsigned roles, enum task_rel rel)
{
	enum task_state to;
	enum report_state rto;
	int a;

	jw_arr_open(w);
	for (a = 0; a < TA__MAX; a++) {
		if (a == TA_EDIT_SCHEDULE &&
		    policy_task(roles, rel, TA_EDIT, t->status, &to) == NV_OK)
			continue; /* "edit" says it all */
		if (policy_task(roles, rel, (enum task_act)a, t->status, &to) ==
		    NV_OK)
			jw_strz(w, policy_task_act_names[a]);
	}
	/* Writing a monthly report is a right on the task, too. */
	if (policy_report(roles, rel, RA_CREATE, t->status, RS_DRAFT, &rto) ==
	    NV_OK)
		jw_strz(w, "report");
	jw_arr_close(w);
}

void
task_json(struct jw *w, const struct task *t, const char *today, unsigned roles,
    enum task_rel rel)
{
	jw_obj_open(w);
	record_json(&task_record, w, t);
	jw_kbool(w, "overdue", task_overdue(t, today));
	jw_kstrz(w, "outcome", task_outcome(t, today));
	jw_key(w, "progress");
	if (t->progress_period.p == NULL)
		jw_null(w);
	else {
		jw_obj_open(w);
		jw_ksstr(w, "period", t->progress_period);
		jw_kint(w, "percent", t->progress_percent);
		jw_ksstr(w, "health", t->progress_health);
		jw_obj_close(w);
	}
	jw_key(w, "allowed_actions");
	allowed_actions(w, t, roles, rel);
	jw_obj_close(w);
}
