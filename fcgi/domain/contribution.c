/* SPDX-License-Identifier: ISC */
/* Coordinating bodies' contributions: the descriptor, its hooks, JSON. */
#include <stddef.h>
#include <string.h>

#include "fcgi/base/db.h"
#include "fcgi/base/str.h"
#include "fcgi/domain/contribution.h"
#include "fcgi/domain/report.h"
#include "fcgi/domain/task.h"
#include "fcgi/domain/wf.h"

#define TEXT_MAX 2000 /* characters: a short account of a share */
#define NOTE_MAX 500  /* VARCHAR(500) */

#define TS(x)  "DATE_FORMAT(" x ", '%Y-%m-%dT%H:%i:%sZ')"
#define OFF(m) offsetof(struct contribution, m)
#define JSON   M_JSON
#define BODY   (M_CREATE | M_EDIT | M_AUDIT)

/* clang-format off */
static const struct member members[] = {
	{ "id", "Mã", "c.id", NULL, M_INT, OFF(id), JSON },
	{ "task_id", "Nhiệm vụ", "c.task_id", "task_id", M_INT, OFF(task_id), JSON | M_INSERT },
	{ "agency_code", "Cơ quan phối hợp", "c.agency_code", "agency_code", M_STR, OFF(agency_code), JSON | M_INSERT },
	{ "agency_name", "Tên cơ quan phối hợp", "c.agency_name", "agency_name", M_STR, OFF(agency_name), JSON | M_INSERT },
	{ "period", "Kỳ báo cáo", "c.period", "period", M_STR, OFF(period), JSON | M_CREATE | M_REQUIRED, G_CONTENT,
	  { .type = F_LINE, .min = 7, .max = 7 } },
	{ "contribution", "Phần việc đã phối hợp", "c.contribution", "contribution", M_STR, OFF(contribution), JSON | BODY, G_CONTENT | G_REPORT,
	  { .type = F_TEXT, .max = TEXT_MAX } },
	{ "progress_note", "Ghi chú tiến độ", "c.progress_note", "progress_note", M_STR, OFF(progress_note), JSON | BODY, G_CONTENT,
	  { .type = F_LINE, .max = NOTE_MAX } },
	{ "status", "Trạng thái", "c.status", "status", M_STATE, OFF(status), JSON | M_INSERT },
	{ "version", "Phiên bản", "c.version", NULL, M_INT, OFF(version), JSON },
	{ "created_by", "Người tạo", "c.created_by", NULL, M_STR, OFF(created_by), JSON },
	{ "created_at", "Ngày tạo", TS("c.created_at"), NULL, M_STR, OFF(created_at), JSON },
	{ "updated_at", "Ngày cập nhật", TS("c.updated_at"), NULL, M_STR, OFF(updated_at), JSON },
	{ "returned_by", NULL, "c.returned_by", NULL, M_STR, OFF(returned_by), 0 },
	{ "returned_at", NULL, TS("c.returned_at"), NULL, M_STR, OFF(returned_at), 0 },
	{ "return_comment", NULL, "c.return_comment", NULL, M_STR, OFF(return_comment), 0 },
};
/* clang-format on */

static const int edit_acts[] = {RA_EDIT};

enum task_rel
contribution_rel(
    const struct user *u, enum task_rel task_rel, struct str code, bool create)
{
	bool own = u->agency_code != NULL &&
	           strlen(u->agency_code) == code.len &&
	           memcmp(u->agency_code, code.p, code.len) == 0;

	/* Only an agency that coordinates the task contributes to it. */
	if (own && (!create || task_rel == REL_COORD))
		return REL_LEAD;
	return task_rel != REL_NONE ? REL_COORD : REL_NONE;
}

/* The task: whether the caller sees it, its state; whose it is. */
static enum nv_err
parent(struct actor *ac, int64_t task_id, struct wf_rec *rec)
{
	const struct contribution *c = rec->row;
	bool create = c->agency_code.len == 0;
	struct wf_rec t;
	enum nv_err rc;

	if ((rc = wf_load(ac, &task_record, task_id, false, &t)) != NV_OK)
		return rc;
	rec->rel = contribution_rel(ac->user, t.rel,
	    create ? str_c(ac->user->agency_code) : c->agency_code, create);
	rec->parent_st = t.parent_st;
	rec->task_id = task_id;
	rec->parent = t.row;
	return NV_OK;
}

static enum nv_err
check(struct actor *ac, void *row, const void *old, const struct fval *v,
    struct wf_rec *rec)
{
	struct contribution *c = row;
	const struct task *t = rec->parent;
	const char *msg;

	(void)v;
	if (old != NULL)
		return NV_OK;
	if (report_period_check(c->period, &msg) != NV_OK)
		return wf_fail(ac, NV_EINVAL, "period", msg);
	if (t != NULL && t->accepted_at.len >= 10 &&
	    strncmp(c->period.p, t->accepted_at.p, 7) < 0)
		return wf_fail(ac, NV_EINVAL, "period",
		    "Nhiệm vụ chưa vào Chương trình trong kỳ này.");
	/* The contributor is the caller's agency, named as it is now. */
	c->agency_code = str_c(ac->user->agency_code);
	c->agency_name =
	    str_c(ac->user->agency_name != NULL ? ac->user->agency_name
	                                        : ac->user->agency_code);
	return NV_OK;
}

/* A return keeps its reason for whoever fixes it. */
static enum nv_err
after(struct actor *ac, const struct wf_rec *rec, int act, int to,
    struct str comment)
{
	static const char ret[] =
	    "UPDATE report_contributions SET returned_by = ?, "
	    "returned_at = UTC_TIMESTAMP(6), return_comment = ? WHERE id = ?";
	const struct contribution *c = rec->row;

	(void)act;
	if (to != RS_RETURNED)
		return NV_OK;
	struct db_param p[] = {DBP_STR(str_c(ac->user->display_name)),
	    DBP_STR(comment), DBP_INT(c->id)};
	return db_exec(ret, p, NELEM(p), NULL, NULL);
}

void
contribution_members(struct jw *w, const struct contribution *c, unsigned roles,
    enum task_rel rel, int task_st)
{
	const struct rule *r;
	int a;

	record_json(&contribution_record, w, c);
	jw_key(w, "last_return");
	if (c->returned_at.p == NULL)
		jw_null(w);
	else {
		jw_obj_open(w);
		jw_ksstr(w, "by", c->returned_by);
		jw_ksstr(w, "at", c->returned_at);
		jw_ksstr(w, "comment", c->return_comment);
		jw_obj_close(w);
	}
	jw_key(w, "allowed_actions");
	jw_arr_open(w);
	for (a = RA_EDIT; a < RA__MAX; a++)
		if (policy_decide(&policy_contribution_rules, roles, rel, a,
		        c->status, task_st, 0, &r) == NV_OK)
			jw_strz(w, policy_report_act_names[a]);
	jw_arr_close(w);
}

void
contribution_json_obj(struct jw *w, const struct contribution *c,
    unsigned roles, enum task_rel rel, int task_st)
{
	jw_obj_open(w);
	contribution_members(w, c, roles, rel, task_st);
	jw_obj_close(w);
}

static void
json(struct jw *w, const void *row, const struct wf_rec *rec,
    const struct user *u)
{
	contribution_json_obj(w, row, u->roles, rec->rel, rec->parent_st);
}

const struct record_desc contribution_record = {
    .kind = "contribution",
    .table = "report_contributions",
    .m = members,
    .nm = NELEM(members),
    .size = sizeof(struct contribution),
    .off_id = OFF(id),
    .off_version = OFF(version),
    .off_status = OFF(status),
    .off_task_id = OFF(task_id),
    .rules = &policy_contribution_rules,
    .states = {policy_report_state_names, RS__MAX},
    .acts = {policy_report_act_names, RA__MAX},
    .act_create = RA_CREATE,
    .deletable = true,
    .act_delete = RA_DELETE,
    .edit_acts = edit_acts,
    .nedit_acts = NELEM(edit_acts),
    .audit_prefix = "contribution_",
    .msg_create_state = "Chỉ đóng góp vào báo cáo của nhiệm vụ đã vào "
                        "Chương trình.",
    .dup_field = "period",
    .msg_dup = "Cơ quan đã có phần đóng góp cho kỳ này.",
    .get = "SELECT {cols} FROM report_contributions c WHERE c.id = ?",
    .get_lock = "SELECT {cols} FROM report_contributions c WHERE c.id = ? "
                "FOR UPDATE",
    .parent = parent,
    .check = check,
    .after = after,
    .json = json,
};
