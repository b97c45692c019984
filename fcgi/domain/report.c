/* SPDX-License-Identifier: ISC */
/* Reports: the descriptor, its hooks and JSON. */
#include <stddef.h>
#include <string.h>

#include "fcgi/base/clock.h"
#include "fcgi/base/db.h"
#include "fcgi/base/str.h"
#include "fcgi/domain/proposal.h"
#include "fcgi/domain/report.h"
#include "fcgi/domain/wf.h"

#define TEXT_MAX 4000 /* characters of each text of a report */

_Static_assert(sizeof(enum report_state) == sizeof(int), "state is an int");

#define TS(x)  "DATE_FORMAT(" x ", '%Y-%m-%dT%H:%i:%sZ')"
#define OFF(m) offsetof(struct report, m)
#define JSON   M_JSON
#define BODY   (M_CREATE | M_EDIT | M_AUDIT)
#define TEXT                                                                   \
	{                                                                      \
		.type = F_TEXT, .max = TEXT_MAX                                \
	}

/* clang-format off */
static const struct member members[] = {
	{ "id", "Mã", "r.id", NULL, M_INT, OFF(id), JSON },
	{ "task_id", "Nhiệm vụ", "r.task_id", "task_id", M_INT, OFF(task_id), JSON | M_INSERT },
	{ "period", "Kỳ báo cáo", "r.period", "period", M_STR, OFF(period), JSON | BODY | M_REQUIRED, G_CONTENT,
	  { .type = F_LINE, .min = 7, .max = 7 } },
	{ "percent", "Tỷ lệ hoàn thành", "r.percent", "percent", M_INT, OFF(percent), JSON | BODY | M_REQUIRED, G_CONTENT,
	  { .type = F_INT, .min = 0, .max = 100 } },
	{ "health", "Tình trạng", "r.health", "health", M_ENUM, OFF(health), JSON | BODY | M_REQUIRED, G_CONTENT,
	  { .type = F_LINE, .min = 1, .max = 20 }, vocab_health, VOCAB_NHEALTH },
	{ "work_done", "Công việc đã làm", "r.work_done", "work_done", M_STR, OFF(work_done), JSON | BODY, G_CONTENT, TEXT },
	/* The committee wants outcomes, not activity. */
	{ "results", "Kết quả, hiệu quả đạt được", "r.results", "results", M_STR, OFF(results), JSON | BODY, G_CONTENT | G_REPORT, TEXT },
	{ "difficulties", "Khó khăn, vướng mắc", "r.difficulties", "difficulties", M_STR, OFF(difficulties), JSON | BODY, G_CONTENT, TEXT },
	{ "proposals", "Đề xuất, kiến nghị", "r.proposals", "proposals", M_STR, OFF(proposals), JSON | BODY, G_CONTENT, TEXT },
	{ "next_steps", "Kế hoạch tháng tới", "r.next_steps", "next_steps", M_STR, OFF(next_steps), JSON | BODY, G_CONTENT, TEXT },
	{ "status", "Trạng thái", "r.status", "status", M_STATE, OFF(status), JSON | M_INSERT },
	{ "version", "Phiên bản", "r.version", NULL, M_INT, OFF(version), JSON },
	{ "created_by", "Người tạo", "r.created_by", NULL, M_STR, OFF(created_by), JSON },
	{ "created_at", "Ngày tạo", TS("r.created_at"), NULL, M_STR, OFF(created_at), JSON },
	{ "updated_at", "Ngày cập nhật", TS("r.updated_at"), NULL, M_STR, OFF(updated_at), JSON },
	/* The latest return: the "last_return" object of the JSON. */
	{ "returned_by", NULL, "r.returned_by", NULL, M_STR, OFF(returned_by), 0 },
	{ "returned_at", NULL, TS("r.returned_at"), NULL, M_STR, OFF(returned_at), 0 },
	{ "return_comment", NULL, "r.return_comment", NULL, M_STR, OFF(return_comment), 0 },
};
/* clang-format on */

static const int edit_acts[] = {RA_EDIT};

/* The task a report hangs on: the caller's relation and its state. */
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

enum nv_err
report_period_check(struct str p, const char **msg)
{
	char now[8];
	int m;

	if (p.len != 7 || p.p[4] != '-' || p.p[0] < '0' || p.p[0] > '9' ||
	    p.p[1] < '0' || p.p[1] > '9' || p.p[2] < '0' || p.p[2] > '9' ||
	    p.p[3] < '0' || p.p[3] > '9' || p.p[5] < '0' || p.p[5] > '1' ||
	    p.p[6] < '0' || p.p[6] > '9') {
		*msg = "Kỳ báo cáo phải có dạng YYYY-MM.";
		return NV_EINVAL;
	}
	m = (p.p[5] - '0') * 10 + (p.p[6] - '0');
	if (m < 1 || m > 12 || !vocab_year_ok(p)) {
		*msg = "Kỳ báo cáo không hợp lệ.";
		return NV_EINVAL;
	}
	clock_period(now);
	if (strncmp(p.p, now, 7) > 0) {
		*msg = "Chưa thể báo cáo cho tháng sau tháng hiện tại.";
		return NV_EINVAL;
	}
	return NV_OK;
}

static enum nv_err
check(struct actor *ac, void *row, const void *old, const struct fval *v,
    struct wf_rec *rec)
{
	struct report *r = row;
	const struct task *t;
	const char *msg;

	(void)old;
	(void)v;
	if (report_period_check(r->period, &msg) != NV_OK)
		return wf_fail(ac, NV_EINVAL, "period", msg);
	/* Nothing to report for a month before the task was accepted. */
	t = rec->parent;
	if (t != NULL && t->accepted_at.len >= 10 &&
	    strncmp(r->period.p, t->accepted_at.p, 7) < 0)
		return wf_fail(ac, NV_EINVAL, "period",
		    arena_printf(ac->arena,
		        "Nhiệm vụ được tiếp nhận vào Chương trình ngày "
		        "%.2s/%.2s/%.4s; chỉ báo cáo từ tháng %.2s/%.4s trở "
		        "đi.",
		        t->accepted_at.p + 8, t->accepted_at.p + 5,
		        t->accepted_at.p, t->accepted_at.p + 5,
		        t->accepted_at.p));
	return NV_OK;
}

/*
 * A return keeps its reason on the report for whoever fixes it; an
 * approval makes the report the task's progress, unless a later month
 * already shows (an older month approved late must not hide a newer one).
 */
static enum nv_err
after(struct actor *ac, const struct wf_rec *rec, int act, int to,
    struct str comment)
{
	static const char ret[] =
	    "UPDATE reports SET returned_by = ?, "
	    "returned_at = UTC_TIMESTAMP(6), return_comment = ? WHERE id = ?";
	static const char progress[] =
	    "UPDATE tasks SET progress_period = ?, progress_percent = ?, "
	    "progress_health = ? WHERE id = ? AND (progress_period IS NULL "
	    "OR progress_period <= ?)";
	const struct report *r = rec->row;

	(void)act;
	if (to == RS_RETURNED) {
		struct db_param p[] = {DBP_STR(str_c(ac->user->display_name)),
		    DBP_STR(comment), DBP_INT(r->id)};
		return db_exec(ret, p, NELEM(p), NULL, NULL);
	}
	if (to == RS_APPROVED) {
		struct db_param p[] = {DBP_STR(r->period), DBP_INT(r->percent),
		    DBP_STR(str_c(vocab_health[r->health])),
		    DBP_INT(r->task_id), DBP_STR(r->period)};
		enum nv_err rc = db_exec(progress, p, NELEM(p), NULL, NULL);

		/* Its proposals enter the difficulties register (issue 13). */
		return rc != NV_OK ? rc
		                   : proposal_raise(ac, r->task_id, r->id,
		                         r->period, r->proposals);
	}
	return NV_OK;
}

static void
json(struct jw *w, const void *row, const struct wf_rec *rec,
    const struct user *u)
{
	const struct task *t = rec->parent;

	jw_obj_open(w);
	report_members(w, row, wf_roles(u, rec), rec->rel, t->status);
	jw_obj_close(w);
}

const struct record_desc report_record = {
    .kind = "report",
    .table = "reports",
    .m = members,
    .nm = NELEM(members),
    .size = sizeof(struct report),
    .off_id = OFF(id),
    .off_version = OFF(version),
    .off_status = OFF(status),
    .off_task_id = OFF(task_id),
    .rules = &policy_report_rules,
    .states = {policy_report_state_names, RS__MAX},
    .acts = {policy_report_act_names, RA__MAX},
    .act_create = RA_CREATE,
    .deletable = true,
    .act_delete = RA_DELETE,
    .edit_acts = edit_acts,
    .nedit_acts = NELEM(edit_acts),
    .audit_prefix = "report_",
    .msg_create_state = "Chỉ báo cáo tiến độ cho nhiệm vụ đã vào Chương trình.",
    .dup_field = "period",
    .msg_dup = "Nhiệm vụ đã có báo cáo cho kỳ này.",
    .get = "SELECT {cols} FROM reports r WHERE r.id = ?",
    .get_lock = "SELECT {cols} FROM reports r WHERE r.id = ? FOR UPDATE",
    .parent = parent,
    .check = check,
    .after = after,
    .json = json,
    /* A report's writes change their task's progress (an approval),
     * never its state, lead, coordinators or committee: json() reads
     * only those. */
    .parent_kept = true,
};

enum nv_err
report_parse(const struct str *c, size_t ncols, struct report *r)
{
	return record_parse(&report_record, c, ncols, r);
}

void
report_members(struct jw *w, const struct report *r, unsigned roles,
    enum task_rel rel, enum task_state task_st)
{
	enum report_state to;
	int i;

	record_json(&report_record, w, r);
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
			jw_strz(w, policy_report_act_names[i]);
	jw_arr_close(w);
}
