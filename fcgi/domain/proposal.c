/* SPDX-License-Identifier: ISC */
/* The difficulties register: the descriptor, its hooks and JSON. */
#include <stddef.h>
#include <string.h>

#include "fcgi/base/clock.h"
#include "fcgi/base/db.h"
#include "fcgi/base/str.h"
#include "fcgi/domain/proposal.h"
#include "fcgi/domain/wf.h"

#define TEXT_MAX 4000 /* a report's texts */

_Static_assert(sizeof(enum proposal_state) == sizeof(int), "state is an int");

#define TS(x)  "DATE_FORMAT(" x ", '%Y-%m-%dT%H:%i:%sZ')"
#define OFF(m) offsetof(struct proposal, m)
#define JSON   M_JSON
#define TRIAGE (M_EDIT | M_AUDIT)

/* clang-format off */
static const struct member members[] = {
	{ "id", "Mã", "p.id", NULL, M_INT, OFF(id), JSON },
	{ "task_id", "Nhiệm vụ", "p.task_id", "task_id", M_INT, OFF(task_id), JSON | M_INSERT },
	/* Sent only by proposal_raise(): no route creates a proposal. */
	{ "report_id", "Báo cáo", "p.report_id", "report_id", M_INT, OFF(report_id), JSON | M_CREATE | M_REQUIRED, 0,
	  { .type = F_INT, .min = 1, .max = INT64_MAX } },
	{ "agency", "Cơ quan đề xuất", "p.agency", "agency", M_STR, OFF(agency), JSON | M_INSERT },
	{ "period", "Kỳ báo cáo", "p.period", "period", M_STR, OFF(period), JSON | M_CREATE | M_REQUIRED, 0,
	  { .type = F_LINE, .min = 7, .max = 7 } },
	{ "text", "Nội dung kiến nghị", "p.text", "text", M_STR, OFF(text), JSON | M_CREATE | M_REQUIRED, 0,
	  { .type = F_TEXT, .min = 1, .max = TEXT_MAX } },
	{ "addressed_to", "Cơ quan được kiến nghị", "p.addressed_to", "addressed_to", M_STR, OFF(addressed_to), JSON | TRIAGE, G_SCHEDULE,
	  { .type = F_LINE, .max = AGENCY_CODE_MAX } },
	{ "due", "Hạn trả lời", "p.due", "due", M_STR, OFF(due), JSON | TRIAGE, G_SCHEDULE,
	  { .type = F_LINE, .nullable = true, .min = 10, .max = 10 } },
	{ "answer", "Nội dung trả lời", "p.answer", "answer", M_STR, OFF(answer), JSON | TRIAGE, G_CONTENT | G_REPORT,
	  { .type = F_TEXT, .max = TEXT_MAX } },
	{ "answered_by", "Người trả lời", "p.answered_by", NULL, M_STR, OFF(answered_by), JSON },
	{ "answered_at", "Ngày trả lời", TS("p.answered_at"), NULL, M_STR, OFF(answered_at), JSON },
	{ "status", "Trạng thái", "p.status", "status", M_STATE, OFF(status), JSON | M_INSERT },
	{ "version", "Phiên bản", "p.version", NULL, M_INT, OFF(version), JSON },
	{ "created_by", "Người tạo", "p.created_by", NULL, M_STR, OFF(created_by), JSON },
	{ "created_at", "Ngày tạo", TS("p.created_at"), NULL, M_STR, OFF(created_at), JSON },
	{ "updated_at", "Ngày cập nhật", TS("p.updated_at"), NULL, M_STR, OFF(updated_at), JSON },
};
/* clang-format on */

/* The secretariat's triage, then the addressed head's answer. */
static const int edit_acts[] = {PA_EDIT};

enum task_rel
proposal_rel(const struct user *u, struct str addressed, enum task_rel task_rel)
{
	if (u->agency_code != NULL && addressed.len > 0 &&
	    str_eq(addressed, u->agency_code))
		return REL_LEAD;
	return task_rel != REL_NONE ? REL_COORD : REL_NONE;
}

/*
 * The task a proposal was raised on: its state, and the caller's
 * relation through the task or as the addressee.  Read without the
 * task's own visibility check: an addressed agency sees the proposal
 * even when it does not see the task.  The audit names the proposal by
 * its own id (task_id 0), so the task's history stays its own.
 */
static enum nv_err
parent(struct actor *ac, int64_t task_id, struct wf_rec *rec)
{
	const struct proposal *x = rec->row;
	struct db_param p[] = {DBP_INT(task_id)};
	struct task *t;
	struct db_res r;
	enum nv_err rc;

	if ((t = arena_alloc(ac->arena, sizeof(*t))) == NULL)
		return NV_ETOOBIG;
	if ((rc = db_query(ac->arena, record_sql(&task_record, task_record.get),
	         p, 1, &r)) != NV_OK)
		return rc;
	if (r.nrows != 1)
		return NV_ENOENT;
	if ((rc = task_parse(r.cells, r.ncols, t)) != NV_OK)
		return rc;
	rec->rel =
	    proposal_rel(ac->user, x->addressed_to, task_rel_of(t, ac->user));
	rec->outside = !task_in_scope(t, ac->user);
	rec->parent_st = t->status;
	rec->task_id = 0;
	rec->parent = t;
	return NV_OK;
}

static enum nv_err
check(struct actor *ac, void *row, const void *old, const struct fval *v,
    struct wf_rec *rec)
{
	struct proposal *x = row;
	const struct task *t = rec->parent;
	enum nv_err rc;

	(void)v;
	if (old == NULL)
		x->agency = t->lead_agency;
	if (x->addressed_to.len > 0) {
		x->addressed_to = vocab_upcase(ac->arena, x->addressed_to);
		if (!str_eq(x->addressed_to, PROPOSAL_COMMITTEE)) {
			rc = vocab_agency(
			    ac->arena, x->addressed_to, &x->addressed_to);
			if (rc == NV_ENOENT)
				return wf_fail(ac, NV_EINVAL, "addressed_to",
				    "Không có cơ quan này (hoặc BCD: Ban Chỉ "
				    "đạo).");
			if (rc != NV_OK)
				return rc;
		}
	}
	if (x->due.p != NULL &&
	    (!clock_date_valid(x->due) || !vocab_year_ok(x->due)))
		return wf_fail(ac, NV_EINVAL, "due",
		    "Hạn trả lời phải là một ngày có thật, dạng YYYY-MM-DD.");
	return NV_OK;
}

/*
 * An answer names who gave it and when.  The secretariat answers only
 * for the committee: an agency's head answers for the agency (issue 13),
 * which the rules' W_LEAD says for heads but not for the secretariat.
 */
static enum nv_err
after(struct actor *ac, const struct wf_rec *rec, int act, int to,
    struct str comment)
{
	static const char answered[] =
	    "UPDATE proposals SET answered_by = ?, "
	    "answered_at = UTC_TIMESTAMP(6) WHERE id = ?";
	const struct proposal *x = rec->row;

	(void)to;
	(void)comment;
	if (act != PA_ANSWER)
		return NV_OK;
	if (rec->rel != REL_LEAD &&
	    !str_eq(x->addressed_to, PROPOSAL_COMMITTEE))
		return wf_fail(ac, NV_EPERM, NULL,
		    "Kiến nghị gửi cơ quan nào thì thủ trưởng cơ quan đó trả "
		    "lời.");
	struct db_param p[] = {
	    DBP_STR(str_c(ac->user->display_name)), DBP_INT(x->id)};
	return db_exec(answered, p, NELEM(p), NULL, NULL);
}

bool
proposal_overdue(const struct proposal *x)
{
	char today[11];

	if (x->status != PS_FORWARDED || x->due.p == NULL || x->due.len != 10)
		return false;
	clock_today(today);
	return memcmp(x->due.p, today, 10) < 0;
}

void
proposal_members(struct jw *w, const struct proposal *x, const struct user *u,
    enum task_rel rel, int task_st)
{
	const struct rule *r;
	int a;

	record_json(&proposal_record, w, x);
	jw_kbool(w, "overdue", proposal_overdue(x));
	jw_key(w, "allowed_actions");
	jw_arr_open(w);
	for (a = PA_EDIT; a < PA__MAX; a++)
		if (policy_decide(&policy_proposal_rules, u->roles, rel, a,
		        x->status, task_st, 0, &r) == NV_OK &&
		    (a != PA_ANSWER || rel == REL_LEAD ||
		        str_eq(x->addressed_to, PROPOSAL_COMMITTEE)))
			jw_strz(w, policy_proposal_act_names[a]);
	jw_arr_close(w);
}

static void
json(struct jw *w, const void *row, const struct wf_rec *rec,
    const struct user *u)
{
	jw_obj_open(w);
	proposal_members(w, row, u, rec->rel, rec->parent_st);
	jw_obj_close(w);
}

const struct record_desc proposal_record = {
    .kind = "proposal",
    .table = "proposals",
    .m = members,
    .nm = NELEM(members),
    .size = sizeof(struct proposal),
    .off_id = OFF(id),
    .off_version = OFF(version),
    .off_status = OFF(status),
    .off_task_id = OFF(task_id),
    .rules = &policy_proposal_rules,
    .states = {policy_proposal_state_names, PS__MAX},
    .acts = {policy_proposal_act_names, PA__MAX},
    .act_create = PA_CREATE,
    .edit_acts = edit_acts,
    .nedit_acts = NELEM(edit_acts),
    .audit_prefix = "proposal_",
    .msg_create_state = "Chỉ ghi nhận kiến nghị của nhiệm vụ đã vào "
                        "Chương trình.",
    .dup_field = "report_id",
    .msg_dup = "Kiến nghị của báo cáo này đã được ghi nhận.",
    .get = "SELECT {cols} FROM proposals p WHERE p.id = ?",
    .get_lock = "SELECT {cols} FROM proposals p WHERE p.id = ? FOR UPDATE",
    .parent = parent,
    .check = check,
    .after = after,
    .json = json,
};

/* --- raised by a report's approval ------------------------------------- */

struct raise {
	int64_t report_id;
	struct str period, text;
};

static enum nv_err
raise_read(void *ctx, const struct record_desc *d, unsigned op, struct fval *v)
{
	const struct raise *rs = ctx;
	int i;

	(void)op;
	i = record_member(d, "report_id");
	v[i].present = true;
	v[i].i = rs->report_id;
	i = record_member(d, "period");
	v[i].present = true;
	v[i].s = rs->period;
	i = record_member(d, "text");
	v[i].present = true;
	v[i].s = rs->text;
	return NV_OK;
}

enum nv_err
proposal_raise(struct actor *ac, int64_t task_id, int64_t report_id,
    struct str period, struct str text)
{
	struct raise rs = {report_id, period, text};
	struct wf_input in = {raise_read, &rs};
	int64_t id;

	if (!wf_has_text(text))
		return NV_OK;
	return wf_create(ac, &proposal_record, task_id, &in, &id);
}
