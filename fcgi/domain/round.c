/* SPDX-License-Identifier: ISC */
/* The registration round: the descriptor, its hooks, its board. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "fcgi/base/clock.h"
#include "fcgi/base/db.h"
#include "fcgi/base/str.h"
#include "fcgi/domain/committee.h"
#include "fcgi/domain/round.h"
#include "fcgi/domain/vocab.h"
#include "fcgi/domain/wf.h"

#define NOTES_MAX 2000 /* VARCHAR(2000) */
#define BOARD_MAX 1000 /* agencies x tasks of a year: rows read at most */

_Static_assert(sizeof(enum round_state) == sizeof(int), "state is an int");

const char *const round_kind_names[ROUND_NKINDS] = {
    "party", "front", "department", "other", "commune"};
const char *const round_standing_names[RB__MAX] = {
    "on_time", "late", "missing"};

#define TS(x)  "DATE_FORMAT(" x ", '%Y-%m-%dT%H:%i:%sZ')"
#define OFF(m) offsetof(struct round, m)
#define JSON   M_JSON
#define BODY   (M_CREATE | M_EDIT | M_AUDIT)
#define DATE_IN                                                                \
	{                                                                      \
		.type = F_LINE, .min = 10, .max = 10                           \
	}

/* clang-format off */
static const struct member members[] = {
	{ "id", "Mã", "x.id", NULL, M_INT, OFF(id), JSON },
	{ "year", "Năm", "x.year", "year", M_INT, OFF(year), JSON | M_CREATE | M_REQUIRED, 0,
	  { .type = F_INT, .min = YEAR_MIN, .max = YEAR_MAX } },
	/* Issue 14: the committee whose round it is: its author's. */
	{ "committee", "Ban chỉ đạo", "x.committee", "committee", M_STR, OFF(committee), JSON | M_INSERT },
	{ "opens_on", "Ngày bắt đầu đăng ký", "DATE_FORMAT(x.opens_on, '%Y-%m-%d')", "opens_on", M_STR, OFF(opens_on),
	  JSON | BODY | M_REQUIRED, G_CONTENT, DATE_IN },
	{ "deadline", "Hạn đăng ký", "DATE_FORMAT(x.deadline, '%Y-%m-%d')", "deadline", M_STR, OFF(deadline),
	  JSON | BODY | M_REQUIRED, G_CONTENT, DATE_IN },
	{ "kinds", "Loại cơ quan phải đăng ký", "x.kinds", "kinds", M_SET, OFF(kinds), JSON | BODY, G_CONTENT,
	  { .type = F_LINES, .max = ROUND_NKINDS }, round_kind_names, ROUND_NKINDS },
	{ "notes", "Ghi chú", "x.notes", "notes", M_STR, OFF(notes), JSON | BODY, G_CONTENT,
	  { .type = F_TEXT, .max = NOTES_MAX } },
	{ "status", "Trạng thái", "x.status", "status", M_STATE, OFF(status), JSON | M_INSERT },
	{ "version", "Phiên bản", "x.version", NULL, M_INT, OFF(version), JSON },
	{ "created_by", "Người tạo", "x.created_by", NULL, M_STR, OFF(created_by), JSON },
	{ "created_at", "Ngày tạo", TS("x.created_at"), NULL, M_STR, OFF(created_at), JSON },
	{ "updated_at", "Ngày cập nhật", TS("x.updated_at"), NULL, M_STR, OFF(updated_at), JSON },
};
/* clang-format on */

static const int edit_acts[] = {RNA_EDIT};

/*
 * A round is its own parent and belongs to no task; everyone who may log
 * in reads it (the deadline is the letter's), so every caller stands to
 * it as a coordinator would, and the rules alone say who changes it.
 */
static enum nv_err
self(struct actor *ac, int64_t id, struct wf_rec *rec)
{
	const struct round *x = rec->row;

	(void)id;
	rec->rel = REL_COORD;
	/* Issue 14: outside the caller's committee their committee-wide
	 * roles fall away; a new round is the caller's own (check()). */
	rec->outside = x->id != 0 && !committee_reaches(ac->user, x->committee);
	if (rec->outside)
		rec->rel = REL_NONE; /* a commune sees its own only: 404 */
	rec->parent_st = x->status;
	rec->task_id = 0;
	rec->parent = x;
	return NV_OK;
}

static enum nv_err
date_check(struct actor *ac, const char *field, struct str d)
{
	if (!clock_date_valid(d) || !vocab_year_ok(d))
		return wf_fail(ac, NV_EINVAL, field,
		    "Ngày phải là một ngày có thật, dạng YYYY-MM-DD.");
	return NV_OK;
}

/* Kinds: known names, no repeats, in the SET's order; never none. */
static enum nv_err
kinds_check(struct actor *ac, struct round *x, bool sent)
{
	bool seen[ROUND_NKINDS] = {false};
	const char *p = x->kinds.p, *end = x->kinds.p + x->kinds.len, *comma;
	const char *s = "";
	int k;

	if (!sent && x->id == 0)
		x->kinds = STR(ROUND_DEFAULT_KINDS);
	p = x->kinds.p;
	end = x->kinds.p + x->kinds.len;
	while (x->kinds.len > 0 && p <= end) {
		if ((comma = memchr(p, ',', (size_t)(end - p))) == NULL)
			comma = end;
		k = record_name_index(round_kind_names, ROUND_NKINDS,
		    (struct str){p, (size_t)(comma - p)});
		if (k < 0)
			return wf_fail(ac, NV_EINVAL, "kinds",
			    "Loại cơ quan không hợp lệ.");
		if (seen[k])
			return wf_fail(
			    ac, NV_EINVAL, "kinds", "Loại cơ quan bị lặp.");
		seen[k] = true;
		p = comma + 1;
	}
	for (k = 0; k < ROUND_NKINDS; k++)
		if (seen[k])
			s = arena_printf(ac->arena, "%s%s%s", s, *s ? "," : "",
			    round_kind_names[k]);
	if (s == NULL)
		return NV_ETOOBIG;
	if (*s == '\0')
		return wf_fail(ac, NV_EINVAL, "kinds",
		    "Cần ít nhất một loại cơ quan phải đăng ký.");
	x->kinds = str_c(s);
	return NV_OK;
}

static enum nv_err
check(struct actor *ac, void *row, const void *old, const struct fval *v,
    struct wf_rec *rec)
{
	struct round *x = row;
	int k = record_member(&round_record, "kinds");
	enum nv_err rc;

	(void)rec;
	if (old == NULL &&
	    (rc = committee_own(ac->arena, ac->user, &x->committee)) != NV_OK)
		return rc;
	if ((rc = date_check(ac, "opens_on", x->opens_on)) != NV_OK ||
	    (rc = date_check(ac, "deadline", x->deadline)) != NV_OK)
		return rc;
	if (memcmp(x->opens_on.p, x->deadline.p, 10) > 0)
		return wf_fail(ac, NV_EINVAL, "deadline",
		    "Hạn đăng ký không được trước ngày bắt đầu.");
	return kinds_check(ac, x, k >= 0 && v[k].present);
}

void
round_json_obj(struct jw *w, const struct round *x, const struct user *u)
{
	const struct rule *r;
	int a;

	jw_obj_open(w);
	record_json(&round_record, w, x);
	jw_key(w, "allowed_actions");
	jw_arr_open(w);
	for (a = RNA_EDIT; a < RNA__MAX; a++)
		if (policy_decide(&policy_round_rules,
		        committee_roles(u, x->committee), REL_COORD, a,
		        x->status, 0, 0, &r) == NV_OK)
			jw_strz(w, policy_round_act_names[a]);
	jw_arr_close(w);
	jw_obj_close(w);
}

static void
json(struct jw *w, const void *row, const struct wf_rec *rec,
    const struct user *u)
{
	(void)rec;
	round_json_obj(w, row, u);
}

const struct record_desc round_record = {
    .kind = "round",
    .table = "registration_rounds",
    .m = members,
    .nm = NELEM(members),
    .size = sizeof(struct round),
    .off_id = OFF(id),
    .off_version = OFF(version),
    .off_status = OFF(status),
    .off_task_id = OFF(task_id),
    .rules = &policy_round_rules,
    .states = {policy_round_state_names, RND__MAX},
    .acts = {policy_round_act_names, RNA__MAX},
    .act_create = RNA_CREATE,
    .edit_acts = edit_acts,
    .nedit_acts = NELEM(edit_acts),
    .audit_prefix = "round_",
    .msg_create_state = "Không mở được đợt đăng ký.",
    .dup_field = "year",
    .msg_dup = "Năm này Ban Chỉ đạo đã có đợt đăng ký.",
    .get = "SELECT {cols} FROM registration_rounds x WHERE x.id = ?",
    .get_lock = "SELECT {cols} FROM registration_rounds x WHERE x.id = ? "
                "FOR UPDATE",
    .parent = self,
    .check = check,
    .json = json,
};

/* --- the board ------------------------------------------------------------ */

/* "YYYY-MM-DD HH:MM:SS" in UTC as the province's date (the worker's TZ). */
static void
local_date(struct str utc, char out[11])
{
	struct tm tm = {0};
	time_t t;
	char buf[20];

	out[0] = '\0';
	if (utc.len < 19)
		return;
	memcpy(buf, utc.p, 19);
	buf[19] = '\0';
	if (sscanf(buf, "%4d-%2d-%2d %2d:%2d:%2d", &tm.tm_year, &tm.tm_mon,
	        &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm);
	if (localtime_r(&t, &tm) == NULL)
		return;
	strftime(out, 11, "%Y-%m-%d", &tm);
}

enum nv_err
round_board(struct arena *a, const struct round *r, struct str only,
    struct round_body **out, size_t *n)
{
	/* One row per agency and registration; an agency with none has one
	 * row of NULLs.  The first registration is a task's first
	 * submission (tasks.registered_at, migration 0022). */
	static const char sql[] =
	    "SELECT a.code, a.name, a.kind, t.id, t.name, "
	    "DATE_FORMAT(COALESCE(t.registered_at, t.created_at), "
	    "'%Y-%m-%d %H:%i:%s') "
	    "FROM agencies a LEFT JOIN tasks t ON t.lead_agency = a.code "
	    "AND t.year = ? AND t.kind = 'breakthrough' "
	    "AND t.status NOT IN ('draft', 'cancelled') "
	    "WHERE FIND_IN_SET(a.kind, ?) > 0 AND (? IS NULL OR a.code = ?) "
	    "AND a.committee = ? "
	    "ORDER BY a.position, a.code, "
	    "COALESCE(t.registered_at, t.created_at), t.id LIMIT ?";
	struct db_param p[] = {DBP_INT(r->year), DBP_STR(r->kinds),
	    DBP_STR(only), DBP_STR(only), DBP_STR(r->committee),
	    DBP_INT(BOARD_MAX + 1)};
	struct db_res res;
	struct round_body *b = NULL;
	size_t i, nb = 0;
	enum nv_err rc;

	if ((rc = db_query(a, sql, p, NELEM(p), &res)) != NV_OK)
		return rc;
	if (res.nrows > BOARD_MAX)
		return NV_ETOOBIG;
	if (res.nrows > 0 &&
	    ((b = arena_alloc(a, res.nrows * sizeof(*b))) == NULL))
		return NV_ETOOBIG;
	for (i = 0; i < res.nrows; i++) {
		struct str code = db_cell(&res, i, 0);

		if (nb == 0 || !str_eq(code, b[nb - 1].code.p)) {
			memset(&b[nb], 0, sizeof(b[nb]));
			b[nb].code = code;
			b[nb].name = db_cell(&res, i, 1);
			b[nb].kind = db_cell(&res, i, 2);
			b[nb].standing = RB_MISSING;
			/* At most every remaining row is this agency's. */
			b[nb].tasks = arena_alloc(
			    a, (res.nrows - i) * sizeof(*b[nb].tasks));
			if (b[nb].tasks == NULL)
				return NV_ETOOBIG;
			nb++;
		}
		if (db_cell(&res, i, 3).p == NULL)
			continue;
		struct round_body *y = &b[nb - 1];
		struct round_task *t = &y->tasks[y->ntasks++];

		t->id = db_int(&res, i, 3);
		t->name = db_cell(&res, i, 4);
		local_date(db_cell(&res, i, 5), t->registered_on);
		t->is_late = memcmp(t->registered_on, r->deadline.p, 10) > 0;
		if (y->registered_on[0] == '\0' ||
		    strcmp(t->registered_on, y->registered_on) < 0)
			memcpy(y->registered_on, t->registered_on, 11);
		y->standing = !t->is_late                 ? RB_ON_TIME
		              : y->standing == RB_ON_TIME ? RB_ON_TIME
		                                          : RB_LATE;
	}
	*out = b;
	*n = nb;
	return NV_OK;
}
