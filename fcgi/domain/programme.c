/* SPDX-License-Identifier: ISC */
/* The programme: the descriptor, its compilation and its hooks. */
#include <stddef.h>
#include <string.h>

#include "fcgi/base/clock.h"
#include "fcgi/base/db.h"
#include "fcgi/base/str.h"
#include "fcgi/domain/committee.h"
#include "fcgi/domain/programme.h"
#include "fcgi/domain/vocab.h"
#include "fcgi/domain/wf.h"

#define NOTES_MAX  2000 /* VARCHAR(2000) */
#define DOC_NO_MAX 50   /* VARCHAR(50) */

_Static_assert(sizeof(enum programme_state) == sizeof(int), "state is an int");

#define TS(x)  "DATE_FORMAT(" x ", '%Y-%m-%dT%H:%i:%sZ')"
#define OFF(m) offsetof(struct programme, m)
#define JSON   M_JSON
#define BODY   (M_CREATE | M_EDIT | M_AUDIT)
/* The audit row of the version's approval (record_id: its id). */
#define APPROVAL(col)                                                          \
	"(SELECT " col " FROM audit a WHERE a.record_id = x.id AND "           \
	"a.action = 'programme_approve' ORDER BY a.id DESC LIMIT 1)"

/* clang-format off */
static const struct member members[] = {
	{ "id", "Mã", "x.id", NULL, M_INT, OFF(id), JSON },
	{ "year", "Năm", "x.year", "year", M_INT, OFF(year), JSON | M_CREATE | M_REQUIRED, 0,
	  { .type = F_INT, .min = YEAR_MIN, .max = YEAR_MAX } },
	/* Issue 14: the committee whose programme it is: its author's. */
	{ "committee", "Ban chỉ đạo", "x.committee", "committee", M_STR, OFF(committee), JSON | M_INSERT },
	/* 0: the programme; n: its n-th amendment (check()). */
	{ "amendment", "Lần điều chỉnh", "x.amendment", "amendment", M_INT, OFF(amendment), JSON | M_INSERT },
	{ "doc_number", "Số văn bản phê duyệt", "x.doc_number", "doc_number", M_STR, OFF(doc_number), JSON | BODY, G_SCHEDULE,
	  { .type = F_LINE, .max = DOC_NO_MAX } },
	{ "doc_date", "Ngày văn bản phê duyệt", "DATE_FORMAT(x.doc_date, '%Y-%m-%d')", "doc_date", M_STR, OFF(doc_date),
	  JSON | BODY, G_SCHEDULE, { .type = F_LINE, .nullable = true, .min = 10, .max = 10 } },
	{ "notes", "Ghi chú", "x.notes", "notes", M_STR, OFF(notes), JSON | BODY, G_CONTENT,
	  { .type = F_TEXT, .max = NOTES_MAX } },
	{ "items", "Số nhiệm vụ", "(SELECT COUNT(*) FROM programme_items i WHERE i.programme_id = x.id)", NULL,
	  M_INT, OFF(items), JSON },
	{ "approved_at", "Ngày phê duyệt", APPROVAL(TS("a.at")), NULL, M_STR, OFF(approved_at), JSON },
	{ "approved_by", "Người phê duyệt", APPROVAL("a.actor_name"), NULL, M_STR, OFF(approved_by), JSON },
	{ "status", "Trạng thái", "x.status", "status", M_STATE, OFF(status), JSON | M_INSERT },
	{ "version", "Phiên bản", "x.version", NULL, M_INT, OFF(version), JSON },
	{ "created_by", "Người tạo", "x.created_by", NULL, M_STR, OFF(created_by), JSON },
	{ "created_at", "Ngày tạo", TS("x.created_at"), NULL, M_STR, OFF(created_at), JSON },
	{ "updated_at", "Ngày cập nhật", TS("x.updated_at"), NULL, M_STR, OFF(updated_at), JSON },
};
/* clang-format on */

static const int edit_acts[] = {PGA_EDIT};

bool
programme_reader(const struct user *u)
{
	return (u->roles &
	           (ROLE_BIT(ROLE_HEAD) | ROLE_BIT(ROLE_SECRETARIAT) |
	               ROLE_BIT(ROLE_LEADERSHIP) | ROLE_BIT(ROLE_ADMIN))) != 0;
}

/*
 * A programme is its own parent and belongs to no task.  Heads and the
 * committee read it (it lists every body's tasks); others get a 404.  A
 * version being created hides nothing: the rules say who may compile.
 */
static enum nv_err
self(struct actor *ac, int64_t id, struct wf_rec *rec)
{
	const struct programme *x = rec->row;

	(void)id;
	rec->rel =
	    x->id == 0 || programme_reader(ac->user) ? REL_COORD : REL_NONE;
	/* Issue 14: outside the caller's committee their committee-wide
	 * roles fall away; a new version is the caller's own (check()). */
	rec->outside = x->id != 0 && !committee_reaches(ac->user, x->committee);
	if (rec->outside)
		rec->rel = REL_NONE; /* a commune sees its own only: 404 */
	rec->parent_st = x->status;
	rec->task_id = 0;
	rec->parent = x;
	return NV_OK;
}

static enum nv_err
check(struct actor *ac, void *row, const void *old, const struct fval *v,
    struct wf_rec *rec)
{
	static const char count[] =
	    "SELECT COUNT(*) FROM programmes WHERE year = ? AND committee = ?";
	struct programme *x = row;
	struct db_res r;
	enum nv_err rc;

	(void)v;
	(void)rec;
	if (x->doc_date.p != NULL &&
	    (!clock_date_valid(x->doc_date) || !vocab_year_ok(x->doc_date)))
		return wf_fail(
		    ac, NV_EINVAL, "doc_date", "Ngày phải có dạng YYYY-MM-DD.");
	if (old != NULL)
		return NV_OK;
	if ((rc = committee_own(ac->arena, ac->user, &x->committee)) != NV_OK)
		return rc;
	/* The versions of a year are numbered in order; the unique keys
	 * refuse a second open version and a concurrent twin. */
	struct db_param p[] = {DBP_INT(x->year), DBP_STR(x->committee)};
	if ((rc = db_query(ac->arena, count, p, NELEM(p), &r)) != NV_OK)
		return rc;
	x->amendment = r.nrows > 0 ? db_int(&r, 0, 0) : 0;
	return NV_OK;
}

/*
 * Compiles version x: the accepted tasks of its year (in the programme or
 * completed) that no approved version holds, or whose registration
 * changed since the last approved version that holds them, in the
 * agencies' order; then those an approved version holds that were
 * cancelled since (issue 15: removed).  *n is the number of items.
 */
static enum nv_err
compile(struct actor *ac, const struct programme *x, uint64_t *n)
{
	static const char del[] =
	    "DELETE FROM programme_items WHERE programme_id = ?";
	/* The latest approved snapshot of each task of the year. */
#define LAST                                                                   \
	"SELECT i.* FROM programme_items i JOIN programmes g "                 \
	"ON g.id = i.programme_id AND g.status = 'approved' "                  \
	"WHERE g.year = ? AND g.amendment = (SELECT MAX(g2.amendment) "        \
	"FROM programme_items i2 JOIN programmes g2 ON g2.id = "               \
	"i2.programme_id AND g2.status = 'approved' WHERE i2.task_id = "       \
	"i.task_id)"
	static const char ins[] =
	    "INSERT INTO programme_items (programme_id, task_id, position, "
	    "change_kind, name, lead_agency, coordinating, target, "
	    "expected_product, resources, estimated_budget, deadline) "
	    "SELECT ?, c.id, ROW_NUMBER() OVER (ORDER BY c.lpos, c.id), "
	    "IF(c.p_task IS NULL, 'added', 'changed'), c.name, "
	    "c.lead_agency, c.coordinating, c.target, c.expected_product, "
	    "c.resources, c.estimated_budget, c.deadline FROM ("
	    "SELECT t.id, a.position AS lpos, t.name, t.lead_agency, "
	    "COALESCE((SELECT GROUP_CONCAT(k.agency_code ORDER BY "
	    "k.agency_code SEPARATOR ',') FROM task_coordinators k "
	    "WHERE k.task_id = t.id), '') AS coordinating, t.target, "
	    "t.expected_product, t.resources, t.estimated_budget, "
	    "t.deadline, p.task_id AS p_task, p.name AS p_name, "
	    "p.lead_agency AS p_lead, p.coordinating AS p_coord, "
	    "p.target AS p_target, p.expected_product AS p_product, "
	    "p.resources AS p_resources, "
	    "p.estimated_budget AS p_budget, p.deadline AS p_deadline "
	    "FROM tasks t JOIN agencies a ON a.code = t.lead_agency "
	    "LEFT JOIN (" LAST ") p ON p.task_id = t.id "
	    "WHERE t.year = ? AND t.status IN ('in_program', 'completed') "
	    "AND a.committee = ?) c "
	    "WHERE c.p_task IS NULL OR NOT (c.name <=> c.p_name "
	    "AND c.lead_agency <=> c.p_lead AND c.coordinating <=> c.p_coord "
	    "AND c.target <=> c.p_target AND c.expected_product <=> "
	    "c.p_product AND c.resources <=> c.p_resources "
	    "AND c.estimated_budget <=> c.p_budget "
	    "AND c.deadline <=> c.p_deadline)";
	/* Issue 15: a task an approved version holds, cancelled since,
	 * goes in as removed, as that version held it, after the rest. */
	static const char removed[] =
	    "INSERT INTO programme_items (programme_id, task_id, position, "
	    "change_kind, name, lead_agency, coordinating, target, "
	    "expected_product, resources, estimated_budget, deadline) "
	    "SELECT ?, p.task_id, ? + ROW_NUMBER() OVER (ORDER BY "
	    "a.position, p.task_id), 'removed', p.name, p.lead_agency, "
	    "p.coordinating, p.target, p.expected_product, p.resources, "
	    "p.estimated_budget, p.deadline FROM (" LAST ") p "
	    "JOIN tasks t ON t.id = p.task_id "
	    "JOIN agencies a ON a.code = p.lead_agency "
	    "WHERE t.status = 'cancelled' AND p.change_kind <> 'removed' "
	    "AND a.committee = ?";
#undef LAST
	struct db_param d[] = {DBP_INT(x->id)};
	struct db_param p[] = {DBP_INT(x->id), DBP_INT(x->year),
	    DBP_INT(x->year), DBP_STR(x->committee)};
	uint64_t k = 0;
	enum nv_err rc;

	(void)ac;
	if ((rc = db_exec(del, d, NELEM(d), NULL, NULL)) != NV_OK ||
	    (rc = db_exec(ins, p, NELEM(p), n, NULL)) != NV_OK)
		return rc;
	struct db_param q[] = {DBP_INT(x->id), DBP_INT((int64_t)*n),
	    DBP_INT(x->year), DBP_STR(x->committee)};
	if ((rc = db_exec(removed, q, NELEM(q), &k, NULL)) != NV_OK)
		return rc;
	*n += k;
	return NV_OK;
}

static const char msg_empty[] =
    "Không có nhiệm vụ nào mới được tiếp nhận hoặc thay đổi kể từ bản "
    "đã được phê duyệt.";

/* A new version holds what it would be submitted with. */
static enum nv_err
children(struct actor *ac, const void *row, const void *old)
{
	uint64_t n = 0;
	enum nv_err rc;

	if (old != NULL)
		return NV_OK;
	if ((rc = compile(ac, row, &n)) != NV_OK)
		return rc;
	return n == 0 ? wf_fail(ac, NV_EINVAL, "year", msg_empty) : NV_OK;
}

/*
 * A submission compiles the version again (tasks accepted or changed
 * since it was made, say after a return): what leadership approves is
 * what was submitted, and nothing rewrites it afterwards.
 */
static enum nv_err
after(struct actor *ac, const struct wf_rec *rec, int act, int to,
    struct str comment)
{
	uint64_t n = 0;
	enum nv_err rc;

	(void)to;
	(void)comment;
	if (act != PGA_SUBMIT)
		return NV_OK;
	if ((rc = compile(ac, rec->row, &n)) != NV_OK)
		return rc;
	return n == 0 ? wf_fail(ac, NV_ESTATE, NULL, msg_empty) : NV_OK;
}

void
programme_json_obj(
    struct jw *w, const struct programme *x, const struct user *u)
{
	const struct rule *r;
	int a;

	jw_obj_open(w);
	record_json(&programme_record, w, x);
	jw_key(w, "allowed_actions");
	jw_arr_open(w);
	for (a = PGA_EDIT; a < PGA__MAX; a++)
		if (policy_decide(&policy_programme_rules,
		        committee_roles(u, x->committee), REL_COORD, a,
		        x->status, 0, 0, &r) == NV_OK)
			jw_strz(w, policy_programme_act_names[a]);
	jw_arr_close(w);
	jw_obj_close(w);
}

static void
json(struct jw *w, const void *row, const struct wf_rec *rec,
    const struct user *u)
{
	(void)rec;
	programme_json_obj(w, row, u);
}

const char programme_items_sql[] =
    "SELECT i.position, i.task_id, i.change_kind, i.name, i.lead_agency, "
    "a.name, i.coordinating, i.target, i.expected_product, i.resources, "
    "i.estimated_budget, DATE_FORMAT(i.deadline, '%Y-%m-%d'), f.id, "
    "f.amendment, (SELECT MIN(g.amendment) FROM programme_items j "
    "JOIN programmes g ON g.id = j.programme_id AND g.status = 'approved' "
    "WHERE j.task_id = i.task_id AND j.change_kind = 'removed') "
    "FROM programme_items i "
    "JOIN agencies a ON a.code = i.lead_agency "
    "LEFT JOIN programmes f ON f.id = (SELECT g.id FROM programme_items j "
    "JOIN programmes g ON g.id = j.programme_id AND g.status = 'approved' "
    "WHERE j.task_id = i.task_id ORDER BY g.year, g.amendment LIMIT 1) "
    "WHERE i.programme_id = ? ORDER BY i.position";

const struct record_desc programme_record = {
    .kind = "programme",
    .table = "programmes",
    .m = members,
    .nm = NELEM(members),
    .size = sizeof(struct programme),
    .off_id = OFF(id),
    .off_version = OFF(version),
    .off_status = OFF(status),
    .off_task_id = OFF(task_id),
    .rules = &policy_programme_rules,
    .states = {policy_programme_state_names, PG__MAX},
    .acts = {policy_programme_act_names, PGA__MAX},
    .act_create = PGA_CREATE,
    .edit_acts = edit_acts,
    .nedit_acts = NELEM(edit_acts),
    .audit_prefix = "programme_",
    .msg_create_state = "Không lập được Chương trình.",
    .dup_field = "year",
    .msg_dup = "Năm này đang có một bản Chương trình chưa được phê "
               "duyệt.",
    .get = "SELECT {cols} FROM programmes x WHERE x.id = ?",
    .get_lock = "SELECT {cols} FROM programmes x WHERE x.id = ? FOR UPDATE",
    .parent = self,
    .check = check,
    .children = children,
    .after = after,
    .json = json,
};
