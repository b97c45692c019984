/* SPDX-License-Identifier: ISC */
/* Indicators: the descriptor, its hooks and JSON. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "fcgi/base/clock.h"
#include "fcgi/base/db.h"
#include "fcgi/base/str.h"
#include "fcgi/domain/committee.h"
#include "fcgi/domain/indicator.h"
#include "fcgi/domain/vocab.h"
#include "fcgi/domain/wf.h"

#define NAME_MAX_CP 500 /* VARCHAR(500) */
#define TEXT_MAX    2000
#define CODE_MAX    32 /* VARCHAR(32) */
#define VALUE_MAX   24 /* characters of a value in a body */
#define TARGETS_MAX 30 /* yearly targets: a generous programme's span */
#define TASKS_MAX   50
#define SAMPLE_MAX  1000000000
#define DIGITS_MAX  16 /* 10^15: DECIMAL(19,4) with room to spare */

_Static_assert(sizeof(enum indicator_state) == sizeof(int), "state is an int");

const char *const indicator_unit_names[IU__MAX] = {"percent", "count", "money"};
const char *const indicator_direction_names[ID__MAX] = {"higher", "lower"};
const char *const indicator_frequency_names[IF__MAX] = {"month", "quarter"};

/* DECIMAL(19,4) reads back as "96.6500": the canonical "96.65". */
#define DEC(x) "TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM " x "))"
#define TS(x)  "DATE_FORMAT(" x ", '%Y-%m-%dT%H:%i:%sZ')"
#define OFF(m) offsetof(struct indicator, m)
#define JSON   M_JSON
#define BODY   (M_CREATE | M_EDIT | M_AUDIT)
#define LINE(lo, hi)                                                           \
	{                                                                      \
		.type = F_LINE, .min = (lo), .max = (hi)                       \
	}
#define ENUM_IN LINE(1, 20)

/* clang-format off */
static const struct member members[] = {
	{ "id", "Mã", "x.id", NULL, M_INT, OFF(id), JSON },
	{ "code", "Mã chỉ tiêu", "x.code", "code", M_STR, OFF(code), JSON | BODY | M_REQUIRED, G_CONTENT, LINE(1, CODE_MAX) },
	{ "name", "Tên chỉ tiêu", "x.name", "name", M_STR, OFF(name), JSON | BODY | M_REQUIRED, G_CONTENT, LINE(1, NAME_MAX_CP) },
	{ "unit", "Đơn vị tính", "x.unit", "unit", M_ENUM, OFF(unit), JSON | BODY | M_REQUIRED, G_CONTENT, ENUM_IN,
	  indicator_unit_names, IU__MAX },
	{ "direction", "Chiều tốt hơn", "x.direction", "direction", M_ENUM, OFF(direction), JSON | BODY, G_CONTENT, ENUM_IN,
	  indicator_direction_names, ID__MAX },
	{ "frequency", "Kỳ cập nhật", "x.frequency", "frequency", M_ENUM, OFF(frequency), JSON | BODY, G_CONTENT, ENUM_IN,
	  indicator_frequency_names, IF__MAX },
	{ "agency", "Cơ quan chịu trách nhiệm", "x.agency", "agency", M_STR, OFF(agency), JSON | BODY | M_REQUIRED, G_CONTENT,
	  LINE(1, AGENCY_CODE_MAX) },
	{ "fields", "Lĩnh vực", "x.fields", "fields", M_SET, OFF(fields), JSON | BODY, G_CONTENT,
	  { .type = F_LINES, .max = VOCAB_NFIELDS }, vocab_fields, VOCAB_NFIELDS },
	{ "baseline_value", "Giá trị gốc", DEC("x.baseline_value"), "baseline_value", M_STR, OFF(baseline_value), JSON | BODY, G_CONTENT,
	  { .type = F_LINE, .nullable = true, .min = 1, .max = VALUE_MAX } },
	{ "baseline_period", "Kỳ gốc", "x.baseline_period", "baseline_period", M_STR, OFF(baseline_period), JSON | BODY, G_CONTENT,
	  { .type = F_LINE, .nullable = true, .min = 1, .max = 7 } },
	{ "targets", "Mục tiêu theo năm",
	  "(SELECT GROUP_CONCAT(CONCAT(DATE_FORMAT(g.due, '%Y-%m-%d'), '=', " DEC("g.value") ") "
	  "ORDER BY g.due SEPARATOR ',') FROM indicator_targets g WHERE g.indicator_id = x.id)",
	  NULL, M_SET, OFF(targets), JSON | BODY | M_CHILD, G_CONTENT, { .type = F_LINES, .max = TARGETS_MAX } },
	{ "tasks", "Nhiệm vụ đóng góp",
	  "(SELECT GROUP_CONCAT(k.task_id ORDER BY k.task_id SEPARATOR ',') FROM indicator_tasks k "
	  "WHERE k.indicator_id = x.id)",
	  NULL, M_SET, OFF(tasks), JSON | BODY | M_CHILD, G_CONTENT, { .type = F_LINES, .max = TASKS_MAX } },
	{ "survey_source", "Nguồn khảo sát", "x.survey_source", "survey_source", M_STR, OFF(survey_source), JSON | BODY, G_CONTENT,
	  LINE(0, NAME_MAX_CP) },
	{ "sample_size", "Cỡ mẫu", "x.sample_size", "sample_size", M_OPT_INT, OFF(sample_size), JSON | BODY, G_CONTENT,
	  { .type = F_INT, .nullable = true, .min = 1, .max = SAMPLE_MAX } },
	{ "tolerance", "Ngưỡng chấp nhận", DEC("x.tolerance"), "tolerance", M_STR, OFF(tolerance), JSON | BODY, G_CONTENT,
	  LINE(1, VALUE_MAX) },
	{ "notes", "Ghi chú", "x.notes", "notes", M_STR, OFF(notes), JSON | BODY, G_CONTENT,
	  { .type = F_TEXT, .max = TEXT_MAX } },
	/* Written by a value's approval (indicator_value.c), never a body. */
	{ "current_value", "Giá trị hiện tại", DEC("x.current_value"), NULL, M_STR, OFF(current_value), JSON },
	{ "current_period", "Kỳ của giá trị hiện tại", "x.current_period", NULL, M_STR, OFF(current_period), JSON },
	{ "status", "Trạng thái", "x.status", "status", M_STATE, OFF(status), JSON | M_INSERT },
	{ "version", "Phiên bản", "x.version", NULL, M_INT, OFF(version), JSON },
	{ "created_by", "Người tạo", "x.created_by", NULL, M_STR, OFF(created_by), JSON },
	{ "created_at", "Ngày tạo", TS("x.created_at"), NULL, M_STR, OFF(created_at), JSON },
	{ "updated_at", "Ngày cập nhật", TS("x.updated_at"), NULL, M_STR, OFF(updated_at), JSON },
};
/* clang-format on */

static const int edit_acts[] = {IA_EDIT};

bool
indicator_sees_all(const struct user *u)
{
	return policy_route(u->roles, RP_DASHBOARD);
}

/*
 * An indicator is its own parent and belongs to no task (task_id stays 0,
 * so the audit names it by its own id).  Its agency's officials and head
 * are its lead; whoever sees the dashboard reads it as a coordinator
 * would; a record being created hides nothing yet, so that the rules, not
 * visibility, answer who may create one.
 */
enum task_rel
indicator_rel(const struct user *u, struct str agency)
{
	if (u->agency_code != NULL && agency.p != NULL &&
	    str_eq(agency, u->agency_code))
		return REL_LEAD;
	return indicator_sees_all(u) ? REL_COORD : REL_NONE;
}

/*
 * An indicator is its own parent and belongs to no task (task_id stays 0,
 * so the audit names it by its own id).  A record being created hides
 * nothing yet: the rules, not visibility, answer who may create one.
 */
static enum nv_err
self(struct actor *ac, int64_t id, struct wf_rec *rec)
{
	const struct indicator *x = rec->row;

	(void)id;
	rec->rel = x->id == 0 ? REL_COORD : indicator_rel(ac->user, x->agency);
	/* Issue 14: the indicator is its agency's committee's. */
	if (x->id != 0 && ac->user->is_commune) {
		struct str cm;
		enum nv_err rc = committee_of_agency(ac->arena, x->agency, &cm);

		if (rc != NV_OK && rc != NV_ENOENT)
			return rc;
		rec->outside = rc != NV_OK || !committee_reaches(ac->user, cm);
		if (rec->outside && rec->rel != REL_LEAD)
			rec->rel = REL_NONE;
	}
	rec->parent_st = x->status;
	rec->task_id = 0;
	rec->parent = x;
	return NV_OK;
}

static bool
digit(char c)
{
	return c >= '0' && c <= '9';
}

enum nv_err
indicator_value_check(struct arena *a, enum indicator_unit u, struct str s,
    struct str *out, const char **msg)
{
	size_t i = 0, ib, ie, fb, fe;
	const char *p;

	while (i < s.len && digit(s.p[i]))
		i++;
	ib = 0;
	ie = i;
	fb = fe = i;
	if (i < s.len && s.p[i] == '.') {
		fb = ++i;
		while (i < s.len && digit(s.p[i]))
			i++;
		fe = i;
	}
	if (ie == 0 || i != s.len || (fb != ie && fe == fb)) {
		*msg = "Giá trị phải là số không âm, phần thập phân sau dấu "
		       "chấm (ví dụ 96.65).";
		return NV_EINVAL;
	}
	/* "007.50" is "7.5": one spelling per value, so that an edit that
	 * changes nothing writes nothing. */
	while (ie - ib > 1 && s.p[ib] == '0')
		ib++;
	while (fe > fb && s.p[fe - 1] == '0')
		fe--;
	if (fe - fb > (u == IU_PERCENT ? 2u : 0u)) {
		*msg = u == IU_PERCENT ? "Tỷ lệ phần trăm có tối đa hai chữ số "
		                         "thập phân."
		                       : "Giá trị phải là số nguyên.";
		return NV_EINVAL;
	}
	if (ie - ib > DIGITS_MAX ||
	    (u == IU_PERCENT &&
	        (ie - ib > 3 ||
	            (ie - ib == 3 &&
	                (memcmp(s.p + ib, "100", 3) > 0 ||
	                    (memcmp(s.p + ib, "100", 3) == 0 && fe > fb)))))) {
		*msg = u == IU_PERCENT ? "Tỷ lệ phần trăm phải từ 0 đến 100."
		                       : "Giá trị quá lớn.";
		return NV_EINVAL;
	}
	p = fe > fb ? arena_printf(a, "%.*s.%.*s", (int)(ie - ib), s.p + ib,
	                  (int)(fe - fb), s.p + fb)
	            : arena_printf(a, "%.*s", (int)(ie - ib), s.p + ib);
	if (p == NULL)
		return NV_ETOOBIG;
	*out = str_c(p);
	return NV_OK;
}

enum nv_err
indicator_period_check(struct str p, const char **msg)
{
	int m = 1;

	*msg = "Kỳ phải có dạng YYYY, YYYY-MM hoặc YYYY-Qn.";
	if (p.len != 4 && p.len != 7)
		return NV_EINVAL;
	if (!digit(p.p[0]) || !digit(p.p[1]) || !digit(p.p[2]) ||
	    !digit(p.p[3]))
		return NV_EINVAL;
	if (p.len == 7) {
		if (p.p[4] != '-')
			return NV_EINVAL;
		if (p.p[5] == 'Q' && p.p[6] >= '1' && p.p[6] <= '4')
			m = 1;
		else if (digit(p.p[5]) && digit(p.p[6]))
			m = (p.p[5] - '0') * 10 + (p.p[6] - '0');
		else
			return NV_EINVAL;
	}
	if (m < 1 || m > 12 || !vocab_year_ok((struct str){p.p, 4})) {
		*msg = "Kỳ không hợp lệ.";
		return NV_EINVAL;
	}
	return NV_OK;
}

/* Splits a comma-separated list in the arena; *n items. */
static struct str *
items_of(struct arena *a, struct str s, size_t *n)
{
	const char *p = s.p, *end = s.p + s.len, *comma;
	struct str *it;
	size_t cap = 1, i;

	*n = 0;
	for (i = 0; i < s.len; i++)
		cap += s.p[i] == ',';
	if ((it = arena_alloc(a, cap * sizeof(*it))) == NULL)
		return NULL;
	while (s.len > 0 && p <= end) {
		if ((comma = memchr(p, ',', (size_t)(end - p))) == NULL)
			comma = end;
		it[(*n)++] = (struct str){p, (size_t)(comma - p)};
		p = comma + 1;
	}
	return it;
}

static int
cmp_str(const void *a, const void *b)
{
	const struct str *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->p, y->p, n);

	return c != 0 ? c : (x->len > y->len) - (x->len < y->len);
}

static int
cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Fields: known names, no repeats, in the SET's order. */
static enum nv_err
fields_check(struct actor *ac, struct indicator *x)
{
	bool seen[VOCAB_NFIELDS] = {false};
	struct str *it;
	const char *s = "";
	size_t n, i;
	int k;

	if ((it = items_of(ac->arena, x->fields, &n)) == NULL)
		return NV_ETOOBIG;
	for (i = 0; i < n; i++) {
		if ((k = record_name_index(
		         vocab_fields, VOCAB_NFIELDS, it[i])) < 0)
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
	x->fields = str_c(s);
	return NV_OK;
}

/*
 * Targets: "YYYY-MM-DD=value", a date that exists, a value of the unit,
 * one per year; kept sorted by date in canonical form.
 */
static enum nv_err
targets_check(struct actor *ac, struct indicator *x)
{
	static const char form[] =
	    "Mục tiêu phải có dạng YYYY-MM-DD=giá trị (ví dụ 2026-12-31=50).";
	struct str *it, date, val;
	const char *s = "", *msg, *eq;
	size_t n, i;

	if ((it = items_of(ac->arena, x->targets, &n)) == NULL)
		return NV_ETOOBIG;
	for (i = 0; i < n; i++) {
		if ((eq = memchr(it[i].p, '=', it[i].len)) == NULL)
			return wf_fail(ac, NV_EINVAL, "targets", form);
		date = (struct str){it[i].p, (size_t)(eq - it[i].p)};
		val = (struct str){eq + 1, it[i].len - date.len - 1};
		if (date.len != 10 || !clock_date_valid(date) ||
		    !vocab_year_ok(date))
			return wf_fail(ac, NV_EINVAL, "targets", form);
		if (indicator_value_check(ac->arena,
		        (enum indicator_unit)x->unit, val, &val, &msg) != NV_OK)
			return wf_fail(ac, NV_EINVAL, "targets", msg);
		it[i] = str_c(arena_printf(
		    ac->arena, "%.10s=%.*s", date.p, (int)val.len, val.p));
	}
	qsort(it, n, sizeof(*it), cmp_str);
	for (i = 0; i < n; i++) {
		if (i > 0 && memcmp(it[i].p, it[i - 1].p, 4) == 0)
			return wf_fail(ac, NV_EINVAL, "targets",
			    "Mỗi năm chỉ có một mục tiêu.");
		s = arena_printf(ac->arena, "%s%s%.*s", s, i ? "," : "",
		    (int)it[i].len, it[i].p);
	}
	x->targets = str_c(s);
	return NV_OK;
}

/* Contributing tasks: ids, no repeats, ascending. */
static enum nv_err
tasks_check(struct actor *ac, struct indicator *x)
{
	struct str *it;
	int64_t *ids;
	const char *s = "";
	size_t n, i;

	if ((it = items_of(ac->arena, x->tasks, &n)) == NULL ||
	    (ids = arena_alloc(ac->arena, (n + 1) * sizeof(*ids))) == NULL)
		return NV_ETOOBIG;
	for (i = 0; i < n; i++)
		if (str_to_i64(it[i], 1, INT32_MAX, &ids[i]) != NV_OK)
			return wf_fail(ac, NV_EINVAL, "tasks",
			    "Nhiệm vụ phải được ghi bằng số hiệu.");
	qsort(ids, n, sizeof(*ids), cmp_id);
	for (i = 0; i < n; i++) {
		if (i > 0 && ids[i] == ids[i - 1])
			return wf_fail(
			    ac, NV_EINVAL, "tasks", "Nhiệm vụ bị lặp.");
		s = arena_printf(
		    ac->arena, "%s%s%lld", s, i ? "," : "", (long long)ids[i]);
	}
	x->tasks = str_c(s);
	return NV_OK;
}

/* The canonical code of agency s; NV_ENOENT when there is none. */
static enum nv_err
agency_check(struct actor *ac, struct indicator *x)
{
	enum nv_err rc = vocab_agency(ac->arena, x->agency, &x->agency);
	struct str cm;

	if (rc == NV_ENOENT)
		return wf_fail(
		    ac, NV_EINVAL, "agency", "Không có cơ quan này.");
	if (rc != NV_OK)
		return rc;
	/* Issue 14: a commune's people follow their own agencies (the
	 * province's reach every one: nothing to read). */
	if (!ac->user->is_commune)
		return NV_OK;
	if ((rc = committee_of_agency(ac->arena, x->agency, &cm)) != NV_OK)
		return rc;
	if (!committee_reaches(ac->user, cm))
		return wf_fail(ac, NV_EPERM, "agency",
		    "Cơ quan này không thuộc Ban Chỉ đạo của bạn.");
	return NV_OK;
}

static enum nv_err
check(struct actor *ac, void *row, const void *old, const struct fval *v,
    struct wf_rec *rec)
{
	struct indicator *x = row;
	const struct indicator *o = old;
	const char *msg;
	size_t i;
	enum nv_err rc;

	(void)v;
	(void)rec;
	x->code = vocab_upcase(ac->arena, x->code);
	for (i = 0; i < x->code.len; i++)
		if (!digit(x->code.p[i]) &&
		    !(x->code.p[i] >= 'A' && x->code.p[i] <= 'Z') &&
		    strchr("-_.", x->code.p[i]) == NULL)
			return wf_fail(ac, NV_EINVAL, "code",
			    "Mã chỉ tiêu chỉ gồm chữ cái không dấu, chữ số và "
			    "- _ .");
	if ((o == NULL || !str_eq(x->agency, o->agency.p)) &&
	    (rc = agency_check(ac, x)) != NV_OK)
		return rc;
	if ((rc = fields_check(ac, x)) != NV_OK)
		return rc;
	if ((x->baseline_value.p == NULL) != (x->baseline_period.p == NULL))
		return wf_fail(ac, NV_EINVAL,
		    x->baseline_value.p == NULL ? "baseline_value"
		                                : "baseline_period",
		    "Giá trị gốc và kỳ gốc đi cùng nhau.");
	if (x->baseline_value.p != NULL &&
	    indicator_value_check(ac->arena, (enum indicator_unit)x->unit,
	        x->baseline_value, &x->baseline_value, &msg) != NV_OK)
		return wf_fail(ac, NV_EINVAL, "baseline_value", msg);
	if (x->baseline_period.p != NULL &&
	    indicator_period_check(x->baseline_period, &msg) != NV_OK)
		return wf_fail(ac, NV_EINVAL, "baseline_period", msg);
	if (x->tolerance.len == 0)
		x->tolerance = STR("0");
	if (indicator_value_check(ac->arena, (enum indicator_unit)x->unit,
	        x->tolerance, &x->tolerance, &msg) != NV_OK)
		return wf_fail(ac, NV_EINVAL, "tolerance", msg);
	if ((rc = targets_check(ac, x)) != NV_OK ||
	    (rc = tasks_check(ac, x)) != NV_OK)
		return rc;
	return NV_OK;
}

/*
 * Rewrites the targets and the contributing tasks when they changed.  An
 * unknown task fails the foreign key; the transaction then rolls back.
 */
static enum nv_err
children(struct actor *ac, const void *row, const void *old)
{
	static const char del_t[] =
	    "DELETE FROM indicator_targets WHERE indicator_id = ?";
	static const char ins_t[] =
	    "INSERT INTO indicator_targets (indicator_id, year, due, value) "
	    "VALUES (?, ?, ?, ?)";
	static const char del_k[] =
	    "DELETE FROM indicator_tasks WHERE indicator_id = ?";
	static const char ins_k[] =
	    "INSERT INTO indicator_tasks (indicator_id, task_id) VALUES (?, ?)";
	const struct indicator *x = row, *o = old;
	struct db_param d[] = {DBP_INT(x->id)};
	struct str *it;
	size_t n, i;
	int64_t tid;
	enum nv_err rc;

	if (o == NULL || !str_eq(o->targets, x->targets.p)) {
		if (o != NULL &&
		    (rc = db_exec(del_t, d, 1, NULL, NULL)) != NV_OK)
			return rc;
		if ((it = items_of(ac->arena, x->targets, &n)) == NULL)
			return NV_ETOOBIG;
		for (i = 0; i < n; i++) {
			struct db_param p[] = {DBP_INT(x->id),
			    DBP_STR(((struct str){it[i].p, 4})),
			    DBP_STR(((struct str){it[i].p, 10})),
			    DBP_STR(
			        ((struct str){it[i].p + 11, it[i].len - 11}))};
			if ((rc = db_exec(ins_t, p, NELEM(p), NULL, NULL)) !=
			    NV_OK)
				return rc;
		}
	}
	if (o == NULL || !str_eq(o->tasks, x->tasks.p)) {
		if (o != NULL &&
		    (rc = db_exec(del_k, d, 1, NULL, NULL)) != NV_OK)
			return rc;
		if ((it = items_of(ac->arena, x->tasks, &n)) == NULL)
			return NV_ETOOBIG;
		for (i = 0; i < n; i++) {
			tid = 0;
			(void)str_to_i64(it[i], 1, INT32_MAX, &tid);
			struct db_param p[] = {DBP_INT(x->id), DBP_INT(tid)};
			rc = db_exec(ins_k, p, NELEM(p), NULL, NULL);
			if (rc == NV_EINVAL)
				return wf_fail(ac, NV_EINVAL, "tasks",
				    arena_printf(ac->arena,
				        "Không có nhiệm vụ số %lld.",
				        (long long)tid));
			if (rc != NV_OK)
				return rc;
		}
	}
	return NV_OK;
}

void
indicator_members(struct jw *w, const struct indicator *x, const struct user *u,
    enum task_rel rel)
{
	const struct rule *r;
	int a;

	record_json(&indicator_record, w, x);
	jw_key(w, "allowed_actions");
	jw_arr_open(w);
	for (a = IA_EDIT; a < IA__MAX; a++)
		if (policy_decide(&policy_indicator_rules, u->roles, rel, a,
		        x->status, 0, 0, &r) == NV_OK)
			jw_strz(w, policy_indicator_act_names[a]);
	jw_arr_close(w);
}

static void
json(struct jw *w, const void *row, const struct wf_rec *rec,
    const struct user *u)
{
	jw_obj_open(w);
	indicator_members(w, row, u, rec->rel);
	jw_obj_close(w);
}

const struct record_desc indicator_record = {
    .kind = "indicator",
    .table = "indicators",
    .m = members,
    .nm = NELEM(members),
    .size = sizeof(struct indicator),
    .off_id = OFF(id),
    .off_version = OFF(version),
    .off_status = OFF(status),
    .off_task_id = OFF(task_id),
    .rules = &policy_indicator_rules,
    .states = {policy_indicator_state_names, IS__MAX},
    .acts = {policy_indicator_act_names, IA__MAX},
    .act_create = IA_CREATE,
    .edit_acts = edit_acts,
    .nedit_acts = NELEM(edit_acts),
    .audit_prefix = "indicator_",
    .msg_create_state = "Không tạo được chỉ tiêu.",
    .dup_field = "code",
    .msg_dup = "Mã chỉ tiêu đã được dùng.",
    .get = "SELECT {cols} FROM indicators x WHERE x.id = ?",
    .get_lock = "SELECT {cols} FROM indicators x WHERE x.id = ? FOR UPDATE",
    .parent = self,
    .check = check,
    .children = children,
    .json = json,
};
