/* SPDX-License-Identifier: ISC */
/*
 * Evidence files: the three descriptors (on a task, a report, a
 * milestone), their hooks and JSON.  What an attachment hangs on is its
 * parent for the rules: its relation gives visibility, and its state,
 * folded into enum attachment_on, says whether it still takes files.
 */
#include <stddef.h>
#include <string.h>

#include "fcgi/base/db.h"
#include "fcgi/base/str.h"
#include "fcgi/domain/attachment.h"
#include "fcgi/domain/milestone.h"
#include "fcgi/domain/report.h"
#include "fcgi/domain/task.h"

_Static_assert(sizeof(enum attachment_state) == sizeof(int), "state is an int");

const char *const attachment_target_names[AT__MAX] = {
    "task", "report", "milestone"};

#define TS(x)  "DATE_FORMAT(" x ", '%Y-%m-%dT%H:%i:%sZ')"
#define OFF(m) offsetof(struct attachment, m)
#define JSON   M_JSON

/*
 * No member is ever sent in a JSON body: an attachment is made from a
 * multipart upload, whose input (api_attachment.c) fills the M_CREATE
 * members from what the store measured.
 */
/* clang-format off */
static const struct member members[] = {
	{ "id", "Mã", "a.id", NULL, M_INT, OFF(id), JSON },
	{ "task_id", "Nhiệm vụ", "a.task_id", "task_id", M_INT, OFF(task_id), JSON | M_INSERT },
	{ "target", "Gắn với", "a.target", "target", M_ENUM, OFF(target), JSON | M_INSERT, 0,
	  { .type = F_LINE, .min = 1, .max = 10 }, attachment_target_names, AT__MAX },
	{ "target_id", "Mã nơi gắn", "a.target_id", "target_id", M_INT, OFF(target_id), JSON | M_INSERT },
	{ "blob_id", "Nội dung", "a.blob_id", "blob_id", M_INT, OFF(blob_id), M_CREATE },
	{ "filename", "Tên tệp", "a.filename", "filename", M_STR, OFF(filename), JSON | M_CREATE,
	  0, { .type = F_LINE, .min = 1, .max = 255 } },
	{ "content_type", "Loại tệp", "a.content_type", "content_type", M_STR, OFF(content_type), JSON | M_CREATE,
	  0, { .type = F_LINE, .min = 1, .max = 100 } },
	{ "size", "Dung lượng", "a.size", "size", M_INT, OFF(size), JSON | M_CREATE },
	{ "sha256", "SHA-256", "a.sha256", "sha256", M_STR, OFF(sha256), JSON | M_CREATE,
	  0, { .type = F_LINE, .min = 64, .max = 64 } },
	{ "status", "Trạng thái", "a.status", "status", M_STATE, OFF(status), JSON | M_INSERT },
	{ "version", "Phiên bản", "a.version", NULL, M_INT, OFF(version), JSON },
	{ "uploaded_by", "Người tải lên", "a.created_by", NULL, M_STR, OFF(uploaded_by), JSON },
	{ "uploaded_at", "Ngày tải lên", TS("a.created_at"), NULL, M_STR, OFF(uploaded_at), JSON },
	{ "updated_at", "Ngày cập nhật", TS("a.updated_at"), NULL, M_STR, OFF(updated_at), JSON },
};
/* clang-format on */

/* The phase of a task for its files. */
static int
task_on(int st)
{
	if (st == TS_DRAFT || st == TS_RETURNED)
		return AO_TASK_OPEN;
	if (st == TS_COMPLETED || st == TS_CANCELLED)
		return AO_TASK_FINAL;
	return AO_TASK_ACTIVE;
}

static enum nv_err
parent_task(struct actor *ac, int64_t id, struct wf_rec *rec)
{
	struct wf_rec t;
	enum nv_err rc;

	if ((rc = wf_load(ac, &task_record, id, false, &t)) != NV_OK)
		return rc;
	rec->rel = t.rel;
	rec->parent_st = task_on(t.parent_st);
	rec->task_id = id;
	rec->parent = t.row;
	return NV_OK;
}

static enum nv_err
parent_report(struct actor *ac, int64_t id, struct wf_rec *rec)
{
	const struct report *r;
	struct wf_rec t;
	enum nv_err rc;

	if ((rc = wf_load(ac, &report_record, id, false, &t)) != NV_OK)
		return rc;
	r = t.row;
	rec->rel = t.rel;
	rec->parent_st = (r->status == RS_DRAFT || r->status == RS_RETURNED) &&
	                         task_on(t.parent_st) != AO_TASK_FINAL
	                     ? AO_REPORT_OPEN
	                     : AO_REPORT_SENT;
	rec->task_id = r->task_id;
	rec->parent = t.row;
	return NV_OK;
}

static enum nv_err
parent_milestone(struct actor *ac, int64_t id, struct wf_rec *rec)
{
	const struct milestone *m;
	struct wf_rec t;
	enum nv_err rc;

	if ((rc = wf_load(ac, &milestone_record, id, false, &t)) != NV_OK)
		return rc;
	m = t.row;
	rec->rel = t.rel;
	rec->parent_st = m->status == MS_OPEN && t.parent_st == TS_IN_PROGRAM
	                     ? AO_MILESTONE_OPEN
	                     : AO_MILESTONE_LOCKED;
	rec->task_id = m->task_id;
	rec->parent = t.row;
	return NV_OK;
}

static enum nv_err
check(struct actor *ac, void *row, const void *old, const struct fval *v,
    struct wf_rec *rec, enum attachment_target t)
{
	struct attachment *a = row;

	(void)ac;
	(void)old;
	(void)v;
	a->task_id = rec->task_id;
	a->target = (int)t;
	a->status = ATS_ACTIVE;
	return NV_OK;
}

static enum nv_err
check_task(struct actor *ac, void *row, const void *old, const struct fval *v,
    struct wf_rec *rec)
{
	return check(ac, row, old, v, rec, AT_TASK);
}

static enum nv_err
check_report(struct actor *ac, void *row, const void *old, const struct fval *v,
    struct wf_rec *rec)
{
	return check(ac, row, old, v, rec, AT_REPORT);
}

static enum nv_err
check_milestone(struct actor *ac, void *row, const void *old,
    const struct fval *v, struct wf_rec *rec)
{
	return check(ac, row, old, v, rec, AT_MILESTONE);
}

void
attachment_json_obj(struct jw *w, const struct attachment *a,
    const struct wf_rec *target, const struct user *u)
{
	const struct rule *r;
	enum nv_err e;

	jw_obj_open(w);
	record_json(&task_attachment_record, w, a);
	jw_key(w, "allowed_actions");
	jw_arr_open(w);
	e = policy_decide(&policy_attachment_rules, u->roles, target->rel,
	    ATA_DELETE, a->status, target->parent_st, 0, &r);
	if (e == NV_OK &&
	    (!(r->pre & PRE_OWN) || (a->uploaded_by.p != NULL &&
	                                str_eq(a->uploaded_by, u->username))))
		jw_strz(w, policy_attachment_act_names[ATA_DELETE]);
	jw_arr_close(w);
	jw_obj_close(w);
}

static void
json(struct jw *w, const void *row, const struct wf_rec *rec,
    const struct user *u)
{
	attachment_json_obj(w, row, rec, u);
}

static const int edit_acts[] = {0};

#define ATTACHMENT_DESC(name, parent_fn, check_fn, msg)                        \
	const struct record_desc name = {                                      \
	    .kind = "attachment",                                              \
	    .table = "attachments",                                            \
	    .m = members,                                                      \
	    .nm = NELEM(members),                                              \
	    .size = sizeof(struct attachment),                                 \
	    .off_id = OFF(id),                                                 \
	    .off_version = OFF(version),                                       \
	    .off_status = OFF(status),                                         \
	    .off_task_id = OFF(target_id),                                     \
	    .rules = &policy_attachment_rules,                                 \
	    .states = {policy_attachment_state_names, ATS__MAX},               \
	    .acts = {policy_attachment_act_names, ATA__MAX},                   \
	    .act_create = ATA_CREATE,                                          \
	    .edit_acts = edit_acts,                                            \
	    .nedit_acts = 0,                                                   \
	    .owned = true,                                                     \
	    .off_owner = OFF(uploaded_by),                                     \
	    .audit_prefix = "attachment_",                                     \
	    .msg_create_state = msg,                                           \
	    .get = "SELECT {cols} FROM attachments a WHERE a.id = ?",          \
	    .get_lock = "SELECT {cols} FROM attachments a WHERE a.id = ? "     \
	                "FOR UPDATE",                                          \
	    .parent = parent_fn,                                               \
	    .check = check_fn,                                                 \
	    .json = json,                                                      \
	}

ATTACHMENT_DESC(task_attachment_record, parent_task, check_task,
    "Nhiệm vụ đã kết thúc không nhận thêm tệp (trừ Tổ thư ký).");
ATTACHMENT_DESC(report_attachment_record, parent_report, check_report,
    "Báo cáo đã gửi không nhận thêm tệp; tệp chỉ gắn khi báo cáo còn là "
    "bản nháp hoặc bị trả lại.");
ATTACHMENT_DESC(milestone_attachment_record, parent_milestone, check_milestone,
    "Mốc đã hoàn thành (hoặc nhiệm vụ không còn trong Chương trình) không "
    "nhận thêm tệp.");

const struct record_desc *
attachment_desc(enum attachment_target t)
{
	switch (t) {
	case AT_REPORT:
		return &report_attachment_record;
	case AT_MILESTONE:
		return &milestone_attachment_record;
	default:
		return &task_attachment_record;
	}
}

enum nv_err
attachment_target_load(struct actor *ac, const struct record_desc *d,
    int64_t target_id, struct wf_rec *rec)
{
	enum nv_err rc;

	memset(rec, 0, sizeof(*rec));
	if ((rc = d->parent(ac, target_id, rec)) != NV_OK)
		return rc;
	return policy_task_visible(ac->user->roles, rec->rel) ? NV_OK
	                                                      : NV_ENOENT;
}

enum nv_err
attachment_may_upload(struct actor *ac, const struct record_desc *d,
    int64_t target_id, struct wf_rec *rec)
{
	const struct rule *r;
	enum nv_err rc;

	if ((rc = attachment_target_load(ac, d, target_id, rec)) != NV_OK)
		return rc;
	rc = policy_decide(d->rules, ac->user->roles, rec->rel, d->act_create,
	    ATS_ACTIVE, rec->parent_st, 0, &r);
	if (rc == NV_ESTATE)
		return wf_fail(ac, NV_ESTATE, NULL, d->msg_create_state);
	return rc;
}

enum nv_err
attachment_kind_of(struct actor *ac, int64_t id, const struct record_desc **d)
{
	static const char sql[] = "SELECT target FROM attachments WHERE id = ?";
	struct db_param p[] = {DBP_INT(id)};
	struct db_res r;
	int t;
	enum nv_err rc;

	if ((rc = db_query(ac->arena, sql, p, 1, &r)) != NV_OK)
		return rc;
	if (r.nrows != 1)
		return NV_ENOENT;
	t = record_name_index(
	    attachment_target_names, AT__MAX, db_cell(&r, 0, 0));
	if (t < 0)
		return NV_EINTERNAL;
	*d = attachment_desc((enum attachment_target)t);
	return NV_OK;
}
