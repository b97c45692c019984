/* SPDX-License-Identifier: ISC */
/* Acting-head delegations: the descriptor, its hooks, who acts today. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "auth/dir.h"
#include "auth/login.h"
#include "fcgi/base/clock.h"
#include "fcgi/base/db.h"
#include "fcgi/base/str.h"
#include "fcgi/domain/committee.h"
#include "fcgi/domain/delegation.h"
#include "fcgi/domain/task.h"
#include "fcgi/domain/vocab.h"
#include "fcgi/domain/wf.h"

_Static_assert(sizeof(enum delegation_state) == sizeof(int), "state is an int");

#define TS(x)  "DATE_FORMAT(" x ", '%Y-%m-%dT%H:%i:%sZ')"
#define DAY(x) "DATE_FORMAT(" x ", '%Y-%m-%d')"
#define OFF(m) offsetof(struct delegation, m)
#define JSON   M_JSON
#define DATE_IN                                                                \
	{                                                                      \
		.type = F_LINE, .min = 10, .max = 10                           \
	}

/* clang-format off */
static const struct member members[] = {
	{ "id", "Mã", "x.id", NULL, M_INT, OFF(id), JSON },
	{ "agency", "Đơn vị", "x.agency", "agency", M_STR, OFF(agency), JSON | M_INSERT },
	{ "head", "Thủ trưởng ủy quyền", "x.head", "head", M_STR, OFF(head), JSON | M_INSERT },
	{ "head_name", "Họ tên thủ trưởng", "x.head_name", "head_name", M_STR, OFF(head_name), JSON | M_INSERT },
	{ "delegate", "Người được ủy quyền", "x.delegate", "delegate", M_STR, OFF(delegate),
	  JSON | M_CREATE | M_REQUIRED, 0, { .type = F_LINE, .min = 1, .max = USERNAME_MAX } },
	{ "delegate_name", "Họ tên người được ủy quyền", "x.delegate_name", "delegate_name", M_STR,
	  OFF(delegate_name), JSON | M_INSERT },
	{ "from", "Từ ngày", DAY("x.from_date"), "from_date", M_STR, OFF(from),
	  JSON | M_CREATE | M_REQUIRED, 0, DATE_IN },
	{ "to", "Đến ngày", DAY("x.to_date"), "to_date", M_STR, OFF(to),
	  JSON | M_CREATE | M_REQUIRED, 0, DATE_IN },
	{ "status", "Trạng thái", "x.status", "status", M_STATE, OFF(status), JSON | M_INSERT },
	{ "revoked_at", "Thu hồi lúc", TS("x.revoked_at"), NULL, M_STR, OFF(revoked_at), JSON, 0, { .nullable = true } },
	{ "revoked_by", "Người thu hồi", "x.revoked_by", NULL, M_STR, OFF(revoked_by), JSON, 0, { .nullable = true } },
	{ "version", "Phiên bản", "x.version", NULL, M_INT, OFF(version), JSON },
	{ "created_by", "Người tạo", "x.created_by", NULL, M_STR, OFF(created_by), JSON },
	{ "created_at", "Ngày tạo", TS("x.created_at"), NULL, M_STR, OFF(created_at), JSON },
	{ "updated_at", "Ngày cập nhật", TS("x.updated_at"), NULL, M_STR, OFF(updated_at), JSON },
};
/* clang-format on */

static const char *const phase_names[] = {
    "scheduled", "running", "ended", "revoked"};

/* Days since 1970-01-01 of "YYYY-MM-DD" (H. Hinnant's days_from_civil). */
static long
days_of(struct str s)
{
	int y, m, d;
	long era, yoe, doy, doe;

	if (s.p == NULL || s.len < 10 ||
	    sscanf(s.p, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return 0;
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

enum delegation_phase
delegation_phase(const struct delegation *x, const char *today)
{
	if (x->status == DS_REVOKED)
		return DP_REVOKED;
	if (x->from.len == 10 && memcmp(today, x->from.p, 10) < 0)
		return DP_SCHEDULED;
	if (x->to.len == 10 && memcmp(today, x->to.p, 10) > 0)
		return DP_ENDED;
	return DP_RUNNING;
}

/*
 * How the caller stands to a delegation, for the rules: its head is the
 * "lead" (W_LEAD rows: the one who made it revokes it); a head of the
 * same agency and the delegate see it; nobody else of an agency does.  A
 * create (no id yet) is the caller's own.
 */
static enum task_rel
delegation_rel(const struct user *u, const struct delegation *x)
{
	if (x->id == 0)
		return u->agency_code != NULL ? REL_LEAD : REL_NONE;
	if (str_eq(x->head, u->username))
		return REL_LEAD;
	if (u->agency_code != NULL && str_eq(x->agency, u->agency_code) &&
	    ((u->roles & ROLE_BIT(ROLE_HEAD)) ||
	        str_eq(x->delegate, u->username)))
		return REL_COORD;
	return REL_NONE;
}

static enum nv_err
self(struct actor *ac, int64_t id, struct wf_rec *rec)
{
	const struct delegation *x = rec->row;
	struct str cm;
	enum nv_err rc;

	(void)id;
	rec->rel = delegation_rel(ac->user, x);
	/* Issue 14: a delegation is its agency's committee's; outside the
	 * caller's reach their committee-wide roles fall away (a 404). */
	if (x->id != 0) {
		rc = committee_of_agency(ac->arena, x->agency, &cm);
		if (rc != NV_OK && rc != NV_ENOENT)
			return rc;
		rec->outside = rc != NV_OK || !committee_reaches(ac->user, cm);
	}
	rec->parent_st = x->status;
	rec->task_id = 0;
	rec->parent = x;
	return NV_OK;
}

static enum nv_err
dates_check(struct actor *ac, struct delegation *x)
{
	char today[11];
	long from, to, now;

	if (!clock_date_valid(x->from) || !vocab_year_ok(x->from))
		return wf_fail(ac, NV_EINVAL, "from",
		    "Ngày phải là một ngày có thật, dạng YYYY-MM-DD.");
	if (!clock_date_valid(x->to) || !vocab_year_ok(x->to))
		return wf_fail(ac, NV_EINVAL, "to",
		    "Ngày phải là một ngày có thật, dạng YYYY-MM-DD.");
	clock_today(today);
	now = days_of(str_c(today));
	from = days_of(x->from);
	to = days_of(x->to);
	if (from < now)
		return wf_fail(ac, NV_EINVAL, "from",
		    "Ngày bắt đầu ủy quyền không được ở quá khứ.");
	if (from > now + DELEGATION_AHEAD)
		return wf_fail(ac, NV_EINVAL, "from",
		    "Ngày bắt đầu ủy quyền không được quá một năm kể từ hôm "
		    "nay.");
	if (to < from)
		return wf_fail(ac, NV_EINVAL, "to",
		    "Ngày kết thúc không được trước ngày bắt đầu.");
	if (to - from + 1 > DELEGATION_DAYS)
		return wf_fail(ac, NV_EINVAL, "to",
		    arena_printf(ac->arena,
		        "Mỗi lần ủy quyền dài tối đa %d ngày.",
		        DELEGATION_DAYS));
	return NV_OK;
}

/* The delegate: in the directory, an official of the head's agency. */
static enum nv_err
delegate_check(struct actor *ac, struct delegation *x)
{
	char canon[USERNAME_MAX + 1];
	struct dir_user du;
	struct user d;
	enum nv_err rc;

	if (!login_canon(x->delegate, canon))
		return wf_fail(ac, NV_EINVAL, "delegate",
		    "Tên đăng nhập của người được ủy quyền không hợp lệ.");
	if (strcmp(canon, ac->user->username) == 0)
		return wf_fail(ac, NV_EINVAL, "delegate",
		    "Không thể tự ủy quyền cho chính mình.");
	rc = dir_lookup(ac->arena, canon, &du);
	if (rc == NV_ENOENT)
		return wf_fail(ac, NV_EINVAL, "delegate",
		    "Không tìm thấy cán bộ này trong danh bạ.");
	if (rc != NV_OK)
		return rc; /* the directory is down: 503, logged there */
	rc = login_user_of(ac->arena, canon, &du, &d);
	if (rc == NV_EDBDOWN)
		return rc;
	if (rc != NV_OK || d.agency_code == NULL ||
	    strcmp(d.agency_code, ac->user->agency_code) != 0)
		return wf_fail(ac, NV_EINVAL, "delegate",
		    "Người được ủy quyền phải là cán bộ của đơn vị anh/chị.");
	if (!(d.roles & ROLE_BIT(ROLE_OFFICIAL)) ||
	    (d.roles & ROLE_BIT(ROLE_HEAD)))
		return wf_fail(ac, NV_EINVAL, "delegate",
		    (d.roles & ROLE_BIT(ROLE_HEAD))
		        ? "Người này đã có quyền phê duyệt của đơn vị."
		        : "Người được ủy quyền phải là cán bộ (chuyên viên) "
		          "của đơn vị.");
	x->delegate = str_c(arena_strndup(ac->arena, canon, strlen(canon)));
	x->delegate_name =
	    str_c(d.display_name != NULL ? d.display_name : x->delegate.p);
	return NV_OK;
}

/* One delegation of a head at a time: ranges that meet are refused. */
static enum nv_err
overlap_check(struct actor *ac, const struct delegation *x)
{
	static const char sql[] =
	    "SELECT id FROM delegations WHERE head = ? AND agency = ? AND "
	    "status = 'active' AND from_date <= ? AND to_date >= ? "
	    "LIMIT 1 FOR UPDATE";
	struct db_param p[] = {DBP_STR(x->head), DBP_STR(x->agency),
	    DBP_STR(x->to), DBP_STR(x->from)};
	struct db_res r;
	enum nv_err rc;

	if ((rc = db_query(ac->arena, sql, p, NELEM(p), &r)) != NV_OK)
		return rc;
	if (r.nrows > 0)
		return wf_fail(ac, NV_EDUP, "from",
		    "Anh/chị đã ủy quyền trong khoảng thời gian này; thu hồi "
		    "ủy quyền đó trước.");
	return NV_OK;
}

static enum nv_err
check(struct actor *ac, void *row, const void *old, const struct fval *v,
    struct wf_rec *rec)
{
	struct delegation *x = row;
	const struct user *u = ac->user;
	enum nv_err rc;

	(void)v;
	(void)rec;
	if (old != NULL)
		return NV_OK; /* nothing of a delegation is edited */
	if (u->agency_code == NULL)
		return NV_EPERM;
	x->agency = str_c(u->agency_code);
	x->head = str_c(u->username);
	x->head_name =
	    str_c(u->display_name != NULL ? u->display_name : u->username);
	x->status = DS_ACTIVE;
	if ((rc = dates_check(ac, x)) != NV_OK ||
	    (rc = delegate_check(ac, x)) != NV_OK)
		return rc;
	return overlap_check(ac, x);
}

/* A revocation says when and by whom. */
static enum nv_err
after(struct actor *ac, const struct wf_rec *rec, int act, int to,
    struct str comment)
{
	static const char sql[] =
	    "UPDATE delegations SET revoked_at = UTC_TIMESTAMP(6), "
	    "revoked_by = ? WHERE id = ?";
	const struct delegation *x = rec->row;

	(void)comment;
	if (act != DA_REVOKE || to != DS_REVOKED)
		return NV_OK;
	struct db_param p[] = {
	    DBP_STR(str_c(ac->user->username)), DBP_INT(x->id)};
	return db_exec(sql, p, NELEM(p), NULL, NULL);
}

static void
json(struct jw *w, const void *row, const struct wf_rec *rec,
    const struct user *u)
{
	const struct delegation *x = row;
	const struct rule *r;
	enum delegation_phase ph;
	char today[11];

	clock_today(today);
	ph = delegation_phase(x, today);
	jw_obj_open(w);
	record_json(&delegation_record, w, x);
	jw_kstrz(w, "phase", phase_names[ph]);
	jw_kbool(w, "running", ph == DP_RUNNING);
	jw_key(w, "allowed_actions");
	jw_arr_open(w);
	if (ph != DP_ENDED && policy_decide(&policy_delegation_rules, u->roles,
	                          rec != NULL ? rec->rel : delegation_rel(u, x),
	                          DA_REVOKE, x->status, 0, 0, &r) == NV_OK)
		jw_strz(w, "revoke");
	jw_arr_close(w);
	jw_obj_close(w);
}

const struct record_desc delegation_record = {
    .kind = "delegation",
    .table = "delegations",
    .m = members,
    .nm = NELEM(members),
    .size = sizeof(struct delegation),
    .off_id = OFF(id),
    .off_version = OFF(version),
    .off_status = OFF(status),
    .off_task_id = OFF(task_id),
    .rules = &policy_delegation_rules,
    .states = {policy_delegation_state_names, DS__MAX},
    .acts = {policy_delegation_act_names, DA__MAX},
    .act_create = DA_CREATE,
    .audit_prefix = "delegation_",
    .msg_create_state = "Không tạo được ủy quyền.",
    .get = "SELECT {cols} FROM delegations x WHERE x.id = ?",
    .get_lock = "SELECT {cols} FROM delegations x WHERE x.id = ? FOR UPDATE",
    .parent = self,
    .check = check,
    .after = after,
    .json = json,
};

/* --- who acts today ------------------------------------------------------- */

/* A head, or a user with no agency, never acts for another. */
static bool
may_act(const struct user *u)
{
	return u->agency_code != NULL && u->username != NULL &&
	       (u->roles & ROLE_BIT(ROLE_OFFICIAL)) &&
	       !(u->roles & ROLE_BIT(ROLE_HEAD));
}

enum nv_err
delegation_acting(struct arena *a, struct user *u, const char *today)
{
	static const char sql[] =
	    "SELECT head, head_name, DATE_FORMAT(to_date, '%Y-%m-%d') "
	    "FROM delegations WHERE delegate = ? AND agency = ? AND "
	    "status = 'active' AND from_date <= ? AND to_date >= ? "
	    "ORDER BY from_date DESC, id DESC LIMIT 1";
	struct db_res r;
	enum nv_err rc;

	if (!may_act(u)) {
		delegation_acting_set(u, NULL, NULL, NULL);
		return NV_OK;
	}
	struct db_param p[] = {DBP_STR(str_c(u->username)),
	    DBP_STR(str_c(u->agency_code)), DBP_STR(str_c(today)),
	    DBP_STR(str_c(today))};
	if ((rc = db_query(a, sql, p, NELEM(p), &r)) != NV_OK)
		return rc;
	if (r.nrows == 0)
		delegation_acting_set(u, NULL, NULL, NULL);
	else
		delegation_acting_set(u, db_cell(&r, 0, 0).p,
		    db_cell(&r, 0, 1).p, db_cell(&r, 0, 2).p);
	return NV_OK;
}

void
delegation_acting_set(
    struct user *u, const char *head, const char *head_name, const char *until)
{
	u->acting_for = u->acting_for_name = u->acting_until = NULL;
	u->roles &= ~ROLE_ACTING_HEAD;
	if (head == NULL || !may_act(u))
		return;
	u->roles |= ROLE_ACTING_HEAD;
	u->acting_for = head;
	u->acting_for_name = head_name;
	u->acting_until = until;
}

/* --- the list ------------------------------------------------------------- */

struct list_ctx {
	void (*fn)(void *, const struct delegation *);
	void *ctx;
	struct delegation x;
};

static enum nv_err
list_row(void *ctx, const struct str *c, size_t ncols)
{
	struct list_ctx *l = ctx;
	enum nv_err rc;

	if ((rc = record_parse(&delegation_record, c, ncols, &l->x)) != NV_OK)
		return rc;
	l->fn(l->ctx, &l->x);
	return NV_OK;
}

#define LIST_MAX "500" /* a province's delegations of a few years */

enum nv_err
delegation_list(struct arena *a, const struct user *u,
    void (*fn)(void *ctx, const struct delegation *), void *ctx)
{
	/* Secretariat: all of its reach (a commune's: its committee's
	 * agencies', issue 14); a head: the agency's; else: theirs. */
	static const char tmpl[] =
	    "SELECT {cols} FROM delegations x WHERE (? = 1 AND (? IS NULL OR "
	    "x.agency IN (SELECT sa.code FROM agencies sa WHERE sa.committee "
	    "= ?))) OR (? = 1 AND x.agency = ?) OR x.delegate = ? "
	    "ORDER BY x.id DESC LIMIT " LIST_MAX;
	struct list_ctx l = {fn, ctx, {0}};
	struct str scope = task_scope_committee(u);
	struct db_param p[] = {
	    DBP_INT((u->roles & ROLE_BIT(ROLE_SECRETARIAT)) ? 1 : 0),
	    DBP_STR(scope),
	    DBP_STR(scope),
	    DBP_INT((u->roles & ROLE_BIT(ROLE_HEAD)) ? 1 : 0),
	    DBP_STR(str_c(u->agency_code)),
	    DBP_STR(str_c(u->username)),
	};

	(void)a;
	return db_each(
	    record_sql(&delegation_record, tmpl), p, NELEM(p), list_row, &l);
}
