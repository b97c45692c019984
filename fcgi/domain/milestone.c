/* SPDX-License-Identifier: ISC */
/* Milestones: the descriptor, its hooks and JSON. */
#include <stddef.h>
#include <string.h>

#include "fcgi/base/clock.h"
#include "fcgi/base/db.h"
#include "fcgi/base/str.h"
#include "fcgi/domain/milestone.h"
#include "fcgi/domain/task.h"
#include "fcgi/domain/vocab.h"
#include "fcgi/domain/wf.h"

#define NAME_MAX_CP 500 /* VARCHAR(500) */

_Static_assert(sizeof(enum milestone_state) == sizeof(int), "state is an int");

const char *const milestone_kind_names[MK__MAX] = {
    "product", "built", "in_use"};

#define TS(x)  "DATE_FORMAT(" x ", '%Y-%m-%dT%H:%i:%sZ')"
#define OFF(m) offsetof(struct milestone, m)
#define JSON   M_JSON
#define BODY   (M_CREATE | M_EDIT | M_AUDIT)

/* clang-format off */
static const struct member members[] = {
	{ "id", "Mã", "m.id", NULL, M_INT, OFF(id), JSON },
	{ "task_id", "Nhiệm vụ", "m.task_id", "task_id", M_INT, OFF(task_id), JSON | M_INSERT },
	{ "kind", "Loại mốc", "m.kind", "kind", M_ENUM, OFF(kind), JSON | BODY, G_CONTENT,
	  { .type = F_LINE, .min = 1, .max = 20 }, milestone_kind_names, MK__MAX },
	{ "name", "Sản phẩm trung gian", "m.name", "name", M_STR, OFF(name), JSON | BODY | M_REQUIRED, G_CONTENT,
	  { .type = F_LINE, .min = 1, .max = NAME_MAX_CP } },
	{ "due", "Thời hạn", "DATE_FORMAT(m.due, '%Y-%m-%d')", "due", M_STR, OFF(due), JSON | BODY | M_REQUIRED, G_CONTENT,
	  { .type = F_LINE, .min = 10, .max = 10 } },
	{ "done_on", "Ngày hoàn thành", "DATE_FORMAT(m.done_on, '%Y-%m-%d')", NULL, M_STR, OFF(done_on), JSON },
	{ "status", "Trạng thái", "m.status", "status", M_STATE, OFF(status), JSON | M_INSERT },
	{ "version", "Phiên bản", "m.version", NULL, M_INT, OFF(version), JSON },
	{ "created_by", "Người tạo", "m.created_by", NULL, M_STR, OFF(created_by), JSON },
	{ "created_at", "Ngày tạo", TS("m.created_at"), NULL, M_STR, OFF(created_at), JSON },
	{ "updated_at", "Ngày cập nhật", TS("m.updated_at"), NULL, M_STR, OFF(updated_at), JSON },
};
/* clang-format on */

static const int edit_acts[] = {MA_EDIT};

/* The task a milestone belongs to: the caller's relation and its state. */
static enum nv_err
parent(struct actor *ac, int64_t task_id, struct wf_rec *rec)
{
	struct wf_rec t;
	enum nv_err rc;

	if ((rc = wf_load(ac, &task_record, task_id, false, &t)) != NV_OK)
		return rc;
	rec->rel = t.rel;
	rec->outside = t.outside;
	rec->parent_st = t.parent_st;
	rec->task_id = task_id;
	rec->parent = t.row;
	return NV_OK;
}

static enum nv_err
check(struct actor *ac, void *row, const void *old, const struct fval *v,
    struct wf_rec *rec)
{
	struct milestone *m = row;

	(void)old;
	(void)v;
	(void)rec;
	if (!clock_date_valid(m->due) || !vocab_year_ok(m->due))
		return wf_fail(ac, NV_EINVAL, "due",
		    "Thời hạn phải là một ngày có thật, dạng YYYY-MM-DD.");
	return NV_OK;
}

/* Done: dated today (province time); reopened: no date. */
static enum nv_err
after(struct actor *ac, const struct wf_rec *rec, int act, int to,
    struct str comment)
{
	static const char sql[] =
	    "UPDATE task_milestones SET done_on = ? WHERE id = ?";
	const struct milestone *m = rec->row;
	char today[11];

	(void)ac;
	(void)act;
	(void)comment;
	clock_today(today);
	struct db_param p[] = {
	    to == MS_DONE ? DBP_STR(str_c(today)) : DBP_NULL, DBP_INT(m->id)};
	return db_exec(sql, p, NELEM(p), NULL, NULL);
}

void
milestone_json_obj(struct jw *w, const struct milestone *m, unsigned roles,
    enum task_rel rel, int task_st, const char *today)
{
	const struct rule *r;
	int a;

	jw_obj_open(w);
	record_json(&milestone_record, w, m);
	jw_kbool(w, "overdue",
	    m->status == MS_OPEN && strncmp(m->due.p, today, 10) < 0);
	jw_key(w, "allowed_actions");
	jw_arr_open(w);
	for (a = MA_EDIT; a < MA__MAX; a++)
		if (policy_decide(&policy_milestone_rules, roles, rel, a,
		        m->status, task_st, 0, &r) == NV_OK)
			jw_strz(w, policy_milestone_act_names[a]);
	jw_arr_close(w);
	jw_obj_close(w);
}

static void
json(struct jw *w, const void *row, const struct wf_rec *rec,
    const struct user *u)
{
	char today[11];

	clock_today(today);
	milestone_json_obj(
	    w, row, wf_roles(u, rec), rec->rel, rec->parent_st, today);
}

const struct record_desc milestone_record = {
    .kind = "milestone",
    .table = "task_milestones",
    .m = members,
    .nm = NELEM(members),
    .size = sizeof(struct milestone),
    .off_id = OFF(id),
    .off_version = OFF(version),
    .off_status = OFF(status),
    .off_task_id = OFF(task_id),
    .rules = &policy_milestone_rules,
    .states = {policy_milestone_state_names, MS__MAX},
    .acts = {policy_milestone_act_names, MA__MAX},
    .act_create = MA_CREATE,
    .edit_acts = edit_acts,
    .nedit_acts = NELEM(edit_acts),
    .audit_prefix = "milestone_",
    .msg_create_state = "Chỉ đặt mốc cho nhiệm vụ đã vào Chương trình.",
    .get = "SELECT {cols} FROM task_milestones m WHERE m.id = ?",
    .get_lock = "SELECT {cols} FROM task_milestones m WHERE m.id = ? "
                "FOR UPDATE",
    .parent = parent,
    .check = check,
    .after = after,
    .json = json,
};
