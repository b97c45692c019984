/* SPDX-License-Identifier: ISC */
/* An indicator's values: the descriptor, its hooks and JSON. */
#include <stddef.h>
#include <string.h>

#include "fcgi/base/clock.h"
#include "fcgi/base/db.h"
#include "fcgi/base/str.h"
#include "fcgi/domain/indicator_value.h"
#include "fcgi/domain/wf.h"

#define NOTE_MAX  2000 /* characters of a source note */
#define VALUE_MAX 24

#define DEC(x) "TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM " x "))"
#define TS(x)  "DATE_FORMAT(" x ", '%Y-%m-%dT%H:%i:%sZ')"
#define OFF(m) offsetof(struct indicator_value, m)
#define JSON   M_JSON
#define BODY   (M_CREATE | M_EDIT | M_AUDIT)

/* clang-format off */
static const struct member members[] = {
	{ "id", "Mã", "v.id", NULL, M_INT, OFF(id), JSON },
	{ "indicator_id", "Chỉ tiêu", "v.indicator_id", "indicator_id", M_INT, OFF(indicator_id), JSON | M_INSERT },
	{ "period", "Kỳ", "v.period", "period", M_STR, OFF(period), JSON | M_CREATE | M_REQUIRED, G_CONTENT,
	  { .type = F_LINE, .min = 7, .max = 7 } },
	{ "revision", "Lần", "v.revision", "revision", M_INT, OFF(revision), JSON | M_INSERT },
	{ "value", "Giá trị", DEC("v.value"), "value", M_STR, OFF(value), JSON | BODY | M_REQUIRED, G_CONTENT,
	  { .type = F_LINE, .min = 1, .max = VALUE_MAX } },
	/* Where the figure comes from: sent only with it. */
	{ "source_note", "Nguồn số liệu", "v.source_note", "source_note", M_STR, OFF(source_note), JSON | BODY, G_CONTENT | G_REPORT,
	  { .type = F_TEXT, .max = NOTE_MAX } },
	{ "status", "Trạng thái", "v.status", "status", M_STATE, OFF(status), JSON | M_INSERT },
	{ "version", "Phiên bản", "v.version", NULL, M_INT, OFF(version), JSON },
	{ "created_by", "Người tạo", "v.created_by", NULL, M_STR, OFF(created_by), JSON },
	{ "created_at", "Ngày tạo", TS("v.created_at"), NULL, M_STR, OFF(created_at), JSON },
	{ "updated_at", "Ngày cập nhật", TS("v.updated_at"), NULL, M_STR, OFF(updated_at), JSON },
	{ "returned_by", NULL, "v.returned_by", NULL, M_STR, OFF(returned_by), 0 },
	{ "returned_at", NULL, TS("v.returned_at"), NULL, M_STR, OFF(returned_at), 0 },
	{ "return_comment", NULL, "v.return_comment", NULL, M_STR, OFF(return_comment), 0 },
};
/* clang-format on */

static const int edit_acts[] = {RA_EDIT};

/* The indicator a value belongs to: the caller's relation and its state. */
static enum nv_err
parent(struct actor *ac, int64_t indicator_id, struct wf_rec *rec)
{
	struct wf_rec x;
	enum nv_err rc;

	if ((rc = wf_load(ac, &indicator_record, indicator_id, false, &x)) !=
	    NV_OK)
		return rc;
	rec->rel = x.rel;
	rec->outside = x.outside; /* issue 14: the indicator's committee */
	rec->parent_st = ((const struct indicator *)x.row)->status;
	rec->task_id = 0;
	rec->parent = x.row;
	return NV_OK;
}

enum nv_err
indicator_value_period_check(
    enum indicator_frequency f, struct str p, const char **msg)
{
	const char *form;
	char now[8];
	int last;

	form = f == IF_QUARTER ? "Kỳ của chỉ tiêu theo quý có dạng YYYY-Qn."
	                       : "Kỳ của chỉ tiêu theo tháng có dạng YYYY-MM.";
	if (indicator_period_check(p, msg) != NV_OK || p.len != 7 ||
	    (p.p[5] == 'Q') != (f == IF_QUARTER)) {
		*msg = form;
		return NV_EINVAL;
	}
	/* No value for a period that has not begun. */
	clock_period(now);
	if (strncmp(p.p, now, 4) > 0)
		goto future;
	if (strncmp(p.p, now, 4) == 0) {
		last = (now[5] - '0') * 10 + (now[6] - '0');
		if (f == IF_QUARTER ? (p.p[6] - '0') > (last + 2) / 3
		                    : strncmp(p.p, now, 7) > 0)
			goto future;
	}
	return NV_OK;
future:
	*msg = "Chưa thể nhập số liệu cho kỳ chưa bắt đầu.";
	return NV_EINVAL;
}

static enum nv_err
check(struct actor *ac, void *row, const void *old, const struct fval *v,
    struct wf_rec *rec)
{
	static const char next_rev[] =
	    "SELECT COALESCE(MAX(revision), 0) + 1 FROM indicator_values "
	    "WHERE indicator_id = ? AND period = ?";
	struct indicator_value *x = row;
	const struct indicator *ind = rec->parent;
	struct db_res r;
	const char *msg;
	enum nv_err rc;

	(void)v;
	if (indicator_value_check(ac->arena, (enum indicator_unit)ind->unit,
	        x->value, &x->value, &msg) != NV_OK)
		return wf_fail(ac, NV_EINVAL, "value", msg);
	if (old != NULL)
		return NV_OK;
	if (indicator_value_period_check(
	        (enum indicator_frequency)ind->frequency, x->period, &msg) !=
	    NV_OK)
		return wf_fail(ac, NV_EINVAL, "period", msg);
	/* A correction of an approved value is the period's next revision;
	 * two at once collide on the unique key (409). */
	struct db_param p[] = {DBP_INT(ind->id), DBP_STR(x->period)};
	if ((rc = db_query(ac->arena, next_rev, p, NELEM(p), &r)) != NV_OK)
		return rc;
	if (r.nrows != 1)
		return NV_EINTERNAL;
	x->revision = db_str_int(db_cell(&r, 0, 0));
	return NV_OK;
}

/*
 * A return keeps its reason on the value for whoever fixes it; an
 * approval makes it the indicator's current value, unless a later period
 * already shows (an older period approved late must not hide a newer
 * one; a correction of the same period replaces it).
 */
static enum nv_err
after(struct actor *ac, const struct wf_rec *rec, int act, int to,
    struct str comment)
{
	static const char ret[] =
	    "UPDATE indicator_values SET returned_by = ?, "
	    "returned_at = UTC_TIMESTAMP(6), return_comment = ? WHERE id = ?";
	static const char current[] =
	    "UPDATE indicators SET current_value = ?, current_period = ? "
	    "WHERE id = ? AND (current_period IS NULL OR current_period <= ?)";
	const struct indicator_value *x = rec->row;

	(void)act;
	if (to == RS_RETURNED) {
		struct db_param p[] = {DBP_STR(str_c(ac->user->display_name)),
		    DBP_STR(comment), DBP_INT(x->id)};
		return db_exec(ret, p, NELEM(p), NULL, NULL);
	}
	if (to == RS_APPROVED) {
		struct db_param p[] = {DBP_STR(x->value), DBP_STR(x->period),
		    DBP_INT(x->indicator_id), DBP_STR(x->period)};
		return db_exec(current, p, NELEM(p), NULL, NULL);
	}
	return NV_OK;
}

void
indicator_value_members(struct jw *w, const struct indicator_value *x,
    const struct user *u, enum task_rel rel, int ind_st)
{
	const struct rule *r;
	int a;

	record_json(&indicator_value_record, w, x);
	/* Why the head last sent it back, for whoever fixes it. */
	jw_key(w, "last_return");
	if (x->returned_at.p == NULL)
		jw_null(w);
	else {
		jw_obj_open(w);
		jw_ksstr(w, "by", x->returned_by);
		jw_ksstr(w, "at", x->returned_at);
		jw_ksstr(w, "comment", x->return_comment);
		jw_obj_close(w);
	}
	jw_key(w, "allowed_actions");
	jw_arr_open(w);
	for (a = RA_EDIT; a < RA__MAX; a++)
		if (policy_decide(&policy_indicator_value_rules, u->roles, rel,
		        a, x->status, ind_st, 0, &r) == NV_OK)
			jw_strz(w, policy_report_act_names[a]);
	jw_arr_close(w);
}

static void
json(struct jw *w, const void *row, const struct wf_rec *rec,
    const struct user *u)
{
	jw_obj_open(w);
	indicator_value_members(w, row, u, rec->rel, rec->parent_st);
	jw_obj_close(w);
}

const struct record_desc indicator_value_record = {
    .kind = "indicator_value",
    .table = "indicator_values",
    .m = members,
    .nm = NELEM(members),
    .size = sizeof(struct indicator_value),
    .off_id = OFF(id),
    .off_version = OFF(version),
    .off_status = OFF(status),
    .off_task_id = OFF(indicator_id),
    .rules = &policy_indicator_value_rules,
    .states = {policy_report_state_names, RS__MAX},
    .acts = {policy_report_act_names, RA__MAX},
    .act_create = RA_CREATE,
    .edit_acts = edit_acts,
    .nedit_acts = NELEM(edit_acts),
    .audit_prefix = "indicator_value_",
    .msg_create_state = "Chỉ tiêu đã thôi theo dõi: không nhập số liệu.",
    .dup_field = "period",
    .msg_dup = "Kỳ này đã có số liệu đang nhập hoặc chờ duyệt.",
    .get = "SELECT {cols} FROM indicator_values v WHERE v.id = ?",
    .get_lock =
        "SELECT {cols} FROM indicator_values v WHERE v.id = ? FOR UPDATE",
    .parent = parent,
    .check = check,
    .after = after,
    .json = json,
};
