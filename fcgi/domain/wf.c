/* SPDX-License-Identifier: ISC */
/* The write path: the steps every kind of record takes, in one order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fcgi/base/buf.h"
#include "fcgi/base/db.h"
#include "fcgi/base/log.h"
#include "fcgi/base/str.h"
#include "fcgi/base/utf8.h"
#include "fcgi/domain/audit.h"
#include "fcgi/domain/wf.h"

#define COMMENT_MAX 4000 /* characters of a comment, reason or direction */
#define DIFF_MAX    (256 * 1024) /* bytes of an edit's history detail */
#define SQL_MAX     4096

const struct field wf_extras[WF__EXTRA] = {
    [WF_VERSION] = {"version", F_INT, true, false, 1, INT32_MAX},
    [WF_COMMENT] = {"comment", F_TEXT, false, true, 0, COMMENT_MAX},
    [WF_ACTION] = {"action", F_LINE, true, false, 1, 20},
};
const unsigned wf_extra_ops[WF__EXTRA] = {
    [WF_VERSION] = WF_OP_EDIT | WF_OP_ACT,
    [WF_COMMENT] = WF_OP_EDIT | WF_OP_ACT,
    [WF_ACTION] = WF_OP_ACT,
};

enum nv_err
wf_fail(struct actor *ac, enum nv_err e, const char *field, const char *msg)
{
	ac->err_field = field;
	ac->err_msg = msg;
	return e;
}

bool
wf_has_text(struct str s)
{
	return s.p != NULL && !utf8_blank(s.p, s.len);
}

/* --- statements built from the member table ------------------------------ */

enum stmt { S_INSERT, S_UPDATE, S_MOVE, S_DELETE, S__MAX };

static bool
writes(const struct member *m, enum stmt s)
{
	if (m->column == NULL)
		return false;
	if (s == S_INSERT)
		return (m->flags & (M_CREATE | M_INSERT | M_DERIVED)) != 0;
	return (m->flags & (M_EDIT | M_DERIVED)) != 0;
}

/* The INSERT, UPDATE and state change of a kind, built once. */
static const char *
stmt(const struct record_desc *d, enum stmt s)
{
	static struct {
		const struct record_desc *d;
		char *sql[S__MAX];
	} built[32];
	char buf[SQL_MAX];
	size_t i, k, o = 0;
	int n = 0;

	for (k = 0; k < NELEM(built) && built[k].d != NULL; k++)
		if (built[k].d == d)
			break;
	if (k == NELEM(built))
		fatalx("wf: too many kinds of record");
	if (built[k].d == d && built[k].sql[s] != NULL)
		return built[k].sql[s];
#define PUT(...)                                                               \
	do {                                                                   \
		n = snprintf(buf + o, sizeof(buf) - o, __VA_ARGS__);           \
		if (n < 0 || (size_t)n >= sizeof(buf) - o)                     \
			fatalx("wf: %s: statement too long", d->kind);         \
		o += (size_t)n;                                                \
	} while (0)
	switch (s) {
	case S_INSERT:
		PUT("INSERT INTO %s (", d->table);
		for (i = 0; i < d->nm; i++)
			if (writes(&d->m[i], S_INSERT))
				PUT("%s, ", d->m[i].column);
		PUT("version, created_by, created_at, updated_at) VALUES (");
		for (i = 0; i < d->nm; i++)
			if (writes(&d->m[i], S_INSERT))
				PUT("?, ");
		PUT("1, ?, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))");
		break;
	case S_UPDATE:
		PUT("UPDATE %s SET ", d->table);
		for (i = 0; i < d->nm; i++)
			if (writes(&d->m[i], S_UPDATE))
				PUT("%s = ?, ", d->m[i].column);
		PUT("version = version + 1, updated_at = UTC_TIMESTAMP(6) "
		    "WHERE id = ? AND version = ?");
		break;
	case S_MOVE:
		PUT("UPDATE %s SET status = ?, version = version + 1, "
		    "updated_at = UTC_TIMESTAMP(6) WHERE id = ? AND version = "
		    "?",
		    d->table);
		break;
	case S_DELETE:
		PUT("DELETE FROM %s WHERE id = ? AND version = ?", d->table);
		break;
	default:
		fatalx("wf: no such statement");
	}
#undef PUT
	built[k].d = d;
	if ((built[k].sql[s] = strdup(buf)) == NULL)
		fatalx("wf: out of memory");
	return built[k].sql[s];
}

/* A member's value as a statement parameter. */
static struct db_param
param(const struct record_desc *d, const struct member *m, const void *row)
{
	const char *base = row;
	const struct opt_int *oi;

	switch (m->type) {
	case M_INT:
		return DBP_INT(*(const int64_t *)(base + m->off));
	case M_OPT_INT:
		oi = (const struct opt_int *)(base + m->off);
		return oi->set ? DBP_INT(oi->v) : DBP_NULL;
	case M_STR:
	case M_SET:
		return DBP_STR(*(const struct str *)(base + m->off));
	case M_STATE:
		return DBP_STR(
		    str_c(record_state_name(d, *(const int *)(base + m->off))));
	case M_ENUM:
		return DBP_STR(str_c(m->names[*(const int *)(base + m->off)]));
	}
	return DBP_NULL;
}

static size_t
params(const struct record_desc *d, enum stmt s, const void *row,
    struct db_param *p)
{
	size_t i, n = 0;

	for (i = 0; i < d->nm; i++)
		if (writes(&d->m[i], s))
			p[n++] = param(d, &d->m[i], row);
	return n;
}

#define I64(row, off) (*(const int64_t *)((const char *)(row) + (off)))
#define INT(row, off) (*(const int *)((const char *)(row) + (off)))

/* --- reading ---------------------------------------------------------- */

enum nv_err
wf_load(struct actor *ac, const struct record_desc *d, int64_t id, bool lock,
    struct wf_rec *rec)
{
	struct db_param p[] = {DBP_INT(id)};
	struct db_res r;
	enum nv_err rc;

	memset(rec, 0, sizeof(*rec));
	if ((rec->row = arena_alloc(ac->arena, d->size)) == NULL)
		return NV_ETOOBIG;
	rc = db_query(
	    ac->arena, record_sql(d, lock ? d->get_lock : d->get), p, 1, &r);
	if (rc != NV_OK)
		return rc;
	if (r.nrows != 1)
		return NV_ENOENT;
	if ((rc = record_parse(d, r.cells, r.ncols, rec->row)) != NV_OK)
		return rc;
	if ((rc = d->parent(ac, I64(rec->row, d->off_task_id), rec)) != NV_OK)
		return rc;
	return policy_task_visible(wf_roles(ac->user, rec), rec->rel)
	           ? NV_OK
	           : NV_ENOENT;
}

enum nv_err
wf_load_known(struct actor *ac, const struct record_desc *d, int64_t id,
    const struct wf_rec *known, struct wf_rec *rec)
{
	struct db_param p[] = {DBP_INT(id)};
	struct db_res r;
	enum nv_err rc;

	if (known == NULL || known->parent == NULL)
		return wf_load(ac, d, id, false, rec);
	memset(rec, 0, sizeof(*rec));
	if ((rec->row = arena_alloc(ac->arena, d->size)) == NULL)
		return NV_ETOOBIG;
	if ((rc = db_query(ac->arena, record_sql(d, d->get), p, 1, &r)) !=
	    NV_OK)
		return rc;
	if (r.nrows != 1)
		return NV_ENOENT;
	if ((rc = record_parse(d, r.cells, r.ncols, rec->row)) != NV_OK)
		return rc;
	if (I64(rec->row, d->off_task_id) != known->task_id)
		return wf_load(ac, d, id, false, rec);
	rec->rel = known->rel;
	rec->parent_st = known->parent_st;
	rec->task_id = known->task_id;
	rec->parent = known->parent;
	rec->outside = known->outside;
	return policy_task_visible(wf_roles(ac->user, rec), rec->rel)
	           ? NV_OK
	           : NV_ENOENT;
}

/* What a write read, for its response (actor.kept). */
static void
keep(struct actor *ac, const struct wf_rec *rec)
{
	if (ac->kept != NULL)
		*ac->kept = *rec;
}

unsigned
wf_roles(const struct user *u, const struct wf_rec *rec)
{
	return policy_scope_roles(u->roles, !rec->outside);
}

/* --- values from the input -------------------------------------------- */

/* Joins an array of lines with commas, in the arena. */
static struct str
join(struct arena *a, const struct fval *v)
{
	size_t i, o = 0, total = 1;
	char *out;

	for (i = 0; i < v->nitems; i++)
		total += v->items[i].len + 1;
	if ((out = arena_alloc(a, total)) == NULL)
		return STR_NULL;
	for (i = 0; i < v->nitems; i++) {
		if (i > 0)
			out[o++] = ',';
		memcpy(out + o, v->items[i].p, v->items[i].len);
		o += v->items[i].len;
	}
	out[o] = '\0';
	return (struct str){out, o};
}

/* Copies the values the input sent (members flagged op) into row. */
static enum nv_err
apply(struct actor *ac, const struct record_desc *d, unsigned op,
    const struct fval *v, void *row)
{
	const struct member *m;
	char *base = row;
	size_t i;
	int k;

	for (i = 0; i < d->nm; i++) {
		m = &d->m[i];
		if (!(m->flags & op) || !v[i].present)
			continue;
		switch (m->type) {
		case M_INT:
			*(int64_t *)(base + m->off) = v[i].i;
			break;
		case M_OPT_INT:
			((struct opt_int *)(base + m->off))->set =
			    !v[i].is_null;
			((struct opt_int *)(base + m->off))->v = v[i].i;
			break;
		case M_STR:
			*(struct str *)(base + m->off) =
			    v[i].is_null ? STR_NULL : v[i].s;
			break;
		case M_SET:
			*(struct str *)(base + m->off) = join(ac->arena, &v[i]);
			if (((struct str *)(base + m->off))->p == NULL)
				return NV_ETOOBIG;
			break;
		case M_STATE:
		case M_ENUM:
			k = m->type == M_STATE ? record_name_index(d->states.v,
			                             d->states.n, v[i].s)
			                       : record_name_index(m->names,
			                             m->nnames, v[i].s);
			if (k < 0)
				return wf_fail(ac, NV_EINVAL, m->name,
				    arena_printf(ac->arena, "%s không hợp lệ.",
				        m->label));
			*(int *)(base + m->off) = k;
			break;
		}
	}
	return NV_OK;
}

/* A new record: text members empty rather than NULL, unless nullable. */
static void
blank_row(const struct record_desc *d, void *row)
{
	size_t i;

	memset(row, 0, d->size);
	for (i = 0; i < d->nm; i++)
		if ((d->m[i].type == M_STR && !d->m[i].in.nullable) ||
		    d->m[i].type == M_SET)
			*(struct str *)((char *)row + d->m[i].off) = STR("");
}

/* --- comparing, for the history --------------------------------------- */

static bool
str_same(struct str a, struct str b)
{
	if (a.p == NULL || b.p == NULL)
		return a.p == b.p;
	return a.len == b.len && memcmp(a.p, b.p, a.len) == 0;
}

static int
cmp_str(const void *a, const void *b)
{
	const struct str *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->p, y->p, n);

	return c != 0 ? c : (x->len > y->len) - (x->len < y->len);
}

/* Splits a comma-separated set; sorted when sort. */
static struct str *
split(struct arena *a, struct str s, bool sort, size_t *n)
{
	const char *p = s.p, *end = s.p + s.len, *comma;
	struct str *items;
	size_t cap = 1, i;

	*n = 0;
	for (i = 0; i < s.len; i++)
		cap += s.p[i] == ',';
	if ((items = arena_alloc(a, cap * sizeof(*items))) == NULL)
		return NULL;
	while (s.len > 0 && p <= end) {
		comma = memchr(p, ',', (size_t)(end - p));
		if (comma == NULL)
			comma = end;
		items[(*n)++] = (struct str){p, (size_t)(comma - p)};
		p = comma + 1;
	}
	if (sort)
		qsort(items, *n, sizeof(*items), cmp_str);
	return items;
}

static bool
set_same(struct arena *a, struct str x, struct str y)
{
	size_t nx, ny, i;
	struct str *sx = split(a, x, true, &nx), *sy = split(a, y, true, &ny);

	if (sx == NULL || sy == NULL || nx != ny)
		return false;
	for (i = 0; i < nx; i++)
		if (!str_same(sx[i], sy[i]))
			return false;
	return true;
}

static bool
member_same(
    struct arena *a, const struct member *m, const void *x, const void *y)
{
	const char *bx = x, *by = y;
	const struct opt_int *ox, *oy;

	switch (m->type) {
	case M_INT:
		return I64(x, m->off) == I64(y, m->off);
	case M_OPT_INT:
		ox = (const struct opt_int *)(bx + m->off);
		oy = (const struct opt_int *)(by + m->off);
		return ox->set == oy->set && (!ox->set || ox->v == oy->v);
	case M_STR:
		return str_same(*(const struct str *)(bx + m->off),
		    *(const struct str *)(by + m->off));
	case M_SET:
		return set_same(a, *(const struct str *)(bx + m->off),
		    *(const struct str *)(by + m->off));
	case M_STATE:
	case M_ENUM:
		return INT(x, m->off) == INT(y, m->off);
	}
	return true;
}

static void
member_value(struct arena *a, struct jw *w, const struct record_desc *d,
    const struct member *m, const void *row)
{
	const struct opt_int *oi;
	struct str *items;
	size_t n, i;

	switch (m->type) {
	case M_INT:
		jw_int(w, I64(row, m->off));
		break;
	case M_OPT_INT:
		oi = (const struct opt_int *)((const char *)row + m->off);
		if (oi->set)
			jw_int(w, oi->v);
		else
			jw_null(w);
		break;
	case M_STR:
		jw_sstr(w, record_str(m, row));
		break;
	case M_SET:
		/* Child lists compare as sets: the history shows them sorted.
		 */
		items = split(a, record_str(m, row), m->flags & M_CHILD, &n);
		jw_arr_open(w);
		for (i = 0; items != NULL && i < n; i++)
			jw_sstr(w, items[i]);
		jw_arr_close(w);
		break;
	case M_STATE:
		jw_strz(w, record_state_name(d, INT(row, m->off)));
		break;
	case M_ENUM:
		jw_strz(w, m->names[INT(row, m->off)]);
		break;
	}
}

/*
 * {"member": {"from": …, "to": …}} for every M_AUDIT member that differs;
 * *n is how many.  The buffer is the caller's to free.
 */
static enum nv_err
diff(struct actor *ac, const struct record_desc *d, const void *old,
    const void *new, struct buf *b, int *n, unsigned *groups)
{
	const struct member *m;
	struct jw w;
	size_t i;

	buf_init(b, DIFF_MAX);
	jw_init(&w, b);
	*n = 0;
	*groups = 0;
	jw_obj_open(&w);
	for (i = 0; i < d->nm; i++) {
		m = &d->m[i];
		if (!(m->flags & M_AUDIT) ||
		    member_same(ac->arena, m, old, new))
			continue;
		jw_key(&w, m->name);
		jw_obj_open(&w);
		jw_key(&w, "from");
		member_value(ac->arena, &w, d, m, old);
		jw_key(&w, "to");
		member_value(ac->arena, &w, d, m, new);
		jw_obj_close(&w);
		(*n)++;
		*groups |= m->groups;
	}
	jw_obj_close(&w);
	return buf_failed(b) ? NV_ETOOBIG : NV_OK;
}

/* --- deciding ----------------------------------------------------------- */

static enum nv_err
decide(struct actor *ac, const struct record_desc *d, const struct wf_rec *rec,
    int act, int st, const struct rule **rule)
{
	return policy_decide(d->rules, wf_roles(ac->user, rec), rec->rel, act,
	    st, rec->parent_st, 0, rule);
}

/* "«A», «B» và «C»": the labels of the members in groups. */
static const char *
labels(struct actor *ac, const struct record_desc *d, unsigned groups)
{
	const char *out = "";
	size_t i, k = 0, n = 0;

	for (i = 0; i < d->nm; i++)
		n += (d->m[i].flags & M_EDIT) && (d->m[i].groups & groups);
	for (i = 0; i < d->nm; i++) {
		if (!(d->m[i].flags & M_EDIT) || !(d->m[i].groups & groups))
			continue;
		out = arena_printf(ac->arena, "%s%s«%s»", out,
		    k == 0 ? "" : (k + 1 == n ? " và " : ", "), d->m[i].label);
		k++;
	}
	return out;
}

static void
audit_of(struct actor *ac, const struct record_desc *d,
    const struct wf_rec *rec, int64_t id, const char *act,
    const struct rule *rule, struct audit *au)
{
	memset(au, 0, sizeof(*au));
	/* Done as an acting head: "on behalf of" the head (issue 12). */
	if (policy_by_acting(ac->user->roles, rule)) {
		au->on_behalf_of = ac->user->acting_for;
		au->on_behalf_name = ac->user->acting_for_name;
	}
	au->action = arena_printf(ac->arena, "%s%s", d->audit_prefix, act);
	au->task_id = rec->task_id;
	/* A record that belongs to a task is audited in the task's history,
	 * with its own id beside it; one of no task (its parent hook leaves
	 * task_id 0) by its kind and id. */
	if (rec->task_id == 0) {
		au->record_id = id;
		au->record_kind = d->kind;
	} else if (d->off_task_id != d->off_id)
		au->report_id = id;
}

/* --- create ------------------------------------------------------------- */

struct op {
	struct actor *ac;
	const struct record_desc *d;
	int64_t id;
	const struct wf_input *in;
};

static enum nv_err
read_input(struct op *o, unsigned op, struct fval **v)
{
	*v = arena_alloc(o->ac->arena, (o->d->nm + WF__EXTRA) * sizeof(**v));
	if (*v == NULL)
		return NV_ETOOBIG;
	memset(*v, 0, (o->d->nm + WF__EXTRA) * sizeof(**v));
	return o->in->read(o->in->ctx, o->d, op, *v);
}

static enum nv_err
do_create(void *ctx)
{
	struct op *o = ctx;
	struct actor *ac = o->ac;
	const struct record_desc *d = o->d;
	const struct rule *rule = NULL;
	struct db_param p[DB_PARAMS_MAX];
	struct wf_rec rec;
	struct fval *v;
	struct audit au;
	uint64_t id;
	size_t n;
	enum nv_err rc, right = NV_OK;

	memset(&rec, 0, sizeof(rec));
	if ((rec.row = arena_alloc(ac->arena, d->size)) == NULL)
		return NV_ETOOBIG;
	blank_row(d, rec.row);
	/* A record of a task: the task must be visible, and in a state
	 * that takes one; the state's refusal waits for the values. */
	if (d->act_create >= 0) {
		if ((rc = d->parent(ac, o->id, &rec)) != NV_OK)
			return rc;
		right = decide(ac, d, &rec, d->act_create, 0, &rule);
		if (right == NV_ENOENT || right == NV_EPERM)
			return right;
		*(int64_t *)((char *)rec.row + d->off_task_id) = o->id;
	}
	if ((rc = read_input(o, WF_OP_CREATE, &v)) != NV_OK ||
	    (rc = apply(ac, d, WF_OP_CREATE, v, rec.row)) != NV_OK ||
	    (rc = d->check(ac, rec.row, NULL, v, &rec)) != NV_OK)
		return rc;
	if (d->may_create != NULL && (rc = d->may_create(ac, rec.row)) != NV_OK)
		return rc;
	if (right == NV_ESTATE)
		return wf_fail(ac, NV_ESTATE, NULL, d->msg_create_state);
	if (rule != NULL && rule->to != RULE_SAME)
		*(int *)((char *)rec.row + d->off_status) = rule->to;
	n = params(d, S_INSERT, rec.row, p);
	p[n++] = DBP_STR(str_c(ac->user->username));
	rc = db_exec(stmt(d, S_INSERT), p, n, NULL, &id);
	if (rc == NV_EDUP && d->dup_field != NULL)
		return wf_fail(ac, NV_EDUP, d->dup_field, d->msg_dup);
	if (rc != NV_OK)
		return rc;
	o->id = (int64_t)id;
	*(int64_t *)((char *)rec.row + d->off_id) = o->id;
	if (d->off_task_id == d->off_id)
		rec.task_id = o->id;
	if (d->children != NULL &&
	    (rc = d->children(ac, rec.row, NULL)) != NV_OK)
		return rc;
	audit_of(ac, d, &rec, o->id, "create", rule, &au);
	au.to = record_state_name(d, INT(rec.row, d->off_status));
	if ((rc = audit_insert(ac, &au)) == NV_OK)
		keep(ac, &rec);
	return rc;
}

enum nv_err
wf_create(struct actor *ac, const struct record_desc *d, int64_t parent_id,
    const struct wf_input *in, int64_t *id)
{
	struct op o = {ac, d, parent_id, in};
	enum nv_err rc;

	if ((rc = db_tx(do_create, &o)) == NV_OK)
		*id = o.id;
	return rc;
}

/* --- patch -------------------------------------------------------------- */

/*
 * The strongest edit right of the actor: the first edit act that lets
 * them through, else the strongest refusal (409 over 403).
 */
static enum nv_err
edit_right(struct actor *ac, const struct record_desc *d,
    const struct wf_rec *rec, const struct rule **rule)
{
	enum nv_err e, worst = NV_EPERM;
	size_t i;

	for (i = 0; i < d->nedit_acts; i++) {
		e = decide(ac, d, rec, d->edit_acts[i],
		    INT(rec->row, d->off_status), rule);
		if (e == NV_OK || e == NV_ENOENT)
			return e;
		if (e == NV_ESTATE)
			worst = NV_ESTATE;
	}
	*rule = NULL;
	return worst;
}

static enum nv_err
do_patch(void *ctx)
{
	struct op *o = ctx;
	struct actor *ac = o->ac;
	const struct record_desc *d = o->d;
	const struct rule *rule = NULL;
	struct db_param p[DB_PARAMS_MAX];
	struct wf_rec rec;
	struct fval *v, *comment;
	struct audit au;
	struct buf b;
	void *new;
	uint64_t changed;
	unsigned groups;
	size_t i, n;
	int nchanges;
	enum nv_err rc, right;

	if ((rc = wf_load(ac, d, o->id, true, &rec)) != NV_OK)
		return rc;
	right = edit_right(ac, d, &rec, &rule);
	if (right == NV_ENOENT || right == NV_EPERM)
		return right;
	if ((rc = read_input(o, WF_OP_EDIT, &v)) != NV_OK)
		return rc;
	comment = &v[d->nm + WF_COMMENT];
	/* A narrower right names the first member it may not change. */
	for (i = 0; rule != NULL && i < d->nm; i++)
		if ((d->m[i].flags & M_EDIT) && v[i].present &&
		    !(d->m[i].groups & rule->edits))
			return wf_fail(ac, NV_EPERM, d->m[i].name,
			    arena_printf(ac->arena,
			        "Với quyền hiện có, chỉ điều chỉnh được %s.",
			        labels(ac, d, rule->edits)));
	if ((new = arena_alloc(ac->arena, d->size)) == NULL)
		return NV_ETOOBIG;
	memcpy(new, rec.row, d->size);
	if ((rc = apply(ac, d, WF_OP_EDIT, v, new)) != NV_OK ||
	    (rc = d->check(ac, new, rec.row, v, &rec)) != NV_OK)
		return rc;
	if ((rc = diff(ac, d, rec.row, new, &b, &nchanges, &groups)) != NV_OK) {
		buf_free(&b);
		return rc;
	}
	rc = NV_OK;
	if (rule != NULL && (rule->pre & PRE_REASON) && (groups & G_REASON) &&
	    !wf_has_text(comment->s))
		rc = wf_fail(ac, NV_EINVAL, "comment",
		    arena_printf(ac->arena, "Điều chỉnh %s cần ghi rõ lý do.",
		        labels(ac, d, G_REASON)));
	else if (v[d->nm + WF_VERSION].i != I64(rec.row, d->off_version))
		rc = NV_ESTALE;
	else if (right != NV_OK)
		rc = right;
	if (rc != NV_OK || nchanges == 0) {
		/* Nothing changes: no new version, no audit row. */
		buf_free(&b);
		if (rc == NV_OK)
			keep(ac, &rec);
		return rc;
	}
	n = params(d, S_UPDATE, new, p);
	p[n++] = DBP_INT(o->id);
	p[n++] = DBP_INT(I64(rec.row, d->off_version));
	rc = db_exec(stmt(d, S_UPDATE), p, n, &changed, NULL);
	if (rc == NV_EDUP && d->dup_field != NULL)
		rc = wf_fail(ac, NV_EDUP, d->dup_field, d->msg_dup);
	else if (rc == NV_OK && changed != 1)
		rc = NV_ESTALE;
	if (rc == NV_OK && d->children != NULL)
		rc = d->children(ac, new, rec.row);
	if (rc == NV_OK) {
		audit_of(ac, d, &rec, o->id, "edit", rule, &au);
		au.comment = wf_has_text(comment->s) ? comment->s.p : NULL;
		au.detail = b.p;
		au.detail_len = b.len;
		rc = audit_insert(ac, &au);
	}
	buf_free(&b);
	if (rc == NV_OK)
		keep(ac, &rec);
	return rc;
}

enum nv_err
wf_patch(struct actor *ac, const struct record_desc *d, int64_t id,
    const struct wf_input *in)
{
	struct op o = {ac, d, id, in};

	return db_tx(do_patch, &o);
}

/* --- transitions -------------------------------------------------------- */

/* "Thao tác phải là a, b hoặc c.": the acts that move a record. */
static const char *
act_list(struct actor *ac, const struct record_desc *d)
{
	const char *out = "";
	int a, k = 0, n = 0;

	for (a = 0; a < d->acts.n; a++)
		n += a != d->act_create && policy_moves(d->rules, a);
	for (a = 0; a < d->acts.n; a++) {
		if (a == d->act_create || !policy_moves(d->rules, a))
			continue;
		out = arena_printf(ac->arena, "%s%s%s", out,
		    k == 0 ? "" : (k + 1 == n ? " hoặc " : ", "), d->acts.v[a]);
		k++;
	}
	return arena_printf(ac->arena, "Thao tác phải là %s.", out);
}

/* Whether member m of row holds something: text, a set, a number. */
static bool
member_filled(const struct member *m, const void *row)
{
	const char *at = (const char *)row + m->off;

	switch (m->type) {
	case M_STR:
		return wf_has_text(record_str(m, row));
	case M_SET:
		return record_str(m, row).len > 0;
	case M_OPT_INT:
		return ((const struct opt_int *)(const void *)at)->set;
	default:
		return true;
	}
}

/*
 * The members of the groups `groups` that row leaves blank: a refusal
 * naming all of them (ac->err_fields, the first as the field), so that a
 * form shows every gap at once.
 */
static enum nv_err
requires_met(struct actor *ac, const struct record_desc *d, unsigned groups,
    const void *row)
{
	const char **names, *labels = "";
	size_t i, n = 0;

	if ((names = arena_alloc(ac->arena, (d->nm + 1) * sizeof(*names))) ==
	    NULL)
		return NV_ETOOBIG;
	for (i = 0; i < d->nm; i++) {
		if (!(d->m[i].groups & groups) || member_filled(&d->m[i], row))
			continue;
		names[n++] = d->m[i].name;
		labels = arena_printf(ac->arena, "%s%s«%s»", labels,
		    n == 1 ? "" : ", ", d->m[i].label);
		if (labels == NULL)
			return NV_ETOOBIG;
	}
	names[n] = NULL;
	if (n == 0)
		return NV_OK;
	ac->err_fields = names;
	return wf_fail(ac, NV_EINVAL, names[0],
	    arena_printf(ac->arena,
	        "Cần điền %s trước khi thực hiện thao tác này.", labels));
}

/* Whether the actor made row (a kind that keeps its maker). */
static bool
is_owner(const struct actor *ac, const struct record_desc *d, const void *row)
{
	const struct str *who;

	if (!d->owned)
		return false;
	who = (const struct str *)(const void *)((const char *)row +
	                                         d->off_owner);
	return who->p != NULL && str_eq(*who, ac->user->username);
}

static enum nv_err
do_transition(void *ctx)
{
	struct op *o = ctx;
	struct actor *ac = o->ac;
	const struct record_desc *d = o->d;
	const struct rule *rule = NULL;
	struct wf_rec rec;
	struct fval *v, *comment;
	struct audit au;
	uint64_t changed;
	int act, from, to;
	enum nv_err rc, right;

	if ((rc = wf_load(ac, d, o->id, true, &rec)) != NV_OK)
		return rc;
	if ((rc = read_input(o, WF_OP_ACT, &v)) != NV_OK)
		return rc;
	comment = &v[d->nm + WF_COMMENT];
	act = record_name_index(d->acts.v, d->acts.n, v[d->nm + WF_ACTION].s);
	if (act < 0 || act == d->act_create || !policy_moves(d->rules, act))
		return wf_fail(ac, NV_EINVAL, "action", act_list(ac, d));
	from = INT(rec.row, d->off_status);
	right = decide(ac, d, &rec, act, from, &rule);
	/* A right over one's own records only (an uploader's): another's
	 * is not theirs to touch, whatever its state. */
	if ((right == NV_OK || right == NV_ESTATE) && rule != NULL &&
	    (rule->pre & PRE_OWN) && !is_owner(ac, d, rec.row))
		right = NV_EPERM;
	if (right == NV_ENOENT || right == NV_EPERM)
		return right;
	/* What the action needs, whatever the state: a return says why. */
	if (rule != NULL && (rule->pre & PRE_COMMENT) &&
	    !wf_has_text(comment->s))
		return wf_fail(ac, NV_EINVAL, "comment",
		    "Cần ghi rõ lý do (trả lại, hủy, ...).");
	/* What the record must hold before it moves: every gap named. */
	if (right == NV_OK && rule->requires != 0 &&
	    (rc = requires_met(ac, d, rule->requires, rec.row)) != NV_OK)
		return rc;
	if (v[d->nm + WF_VERSION].i != I64(rec.row, d->off_version))
		return NV_ESTALE;
	if (right != NV_OK)
		return right;
	to = rule->to == RULE_SAME ? from : rule->to;
	/* The kind's columns set with the state, in the one UPDATE. */
	struct db_param p[WF_MOVE_PARAMS + 3];
	const char *move = NULL;
	size_t n = 0;
	if (d->move != NULL)
		move = d->move(ac, &rec, act, to, p, &n);
	if (move == NULL) {
		move = stmt(d, S_MOVE);
		n = 0;
	}
	if (n > WF_MOVE_PARAMS)
		fatalx("wf: %s: too many parameters to move", d->kind);
	p[n++] = DBP_STR(str_c(record_state_name(d, to)));
	p[n++] = DBP_INT(o->id);
	p[n++] = DBP_INT(I64(rec.row, d->off_version));
	if ((rc = db_exec(move, p, n, &changed, NULL)) != NV_OK)
		return rc;
	if (changed != 1)
		return NV_ESTALE;
	if (d->after != NULL &&
	    (rc = d->after(ac, &rec, act, to, comment->s)) != NV_OK)
		return rc;
	audit_of(ac, d, &rec, o->id, d->acts.v[act], rule, &au);
	au.from = record_state_name(d, from);
	au.to = record_state_name(d, to);
	au.comment = wf_has_text(comment->s) ? comment->s.p : NULL;
	if ((rc = audit_insert(ac, &au)) == NV_OK)
		keep(ac, &rec);
	return rc;
}

enum nv_err
wf_transition(struct actor *ac, const struct record_desc *d, int64_t id,
    const struct wf_input *in)
{
	struct op o = {ac, d, id, in};

	return db_tx(do_transition, &o);
}

/* --- delete ------------------------------------------------------------- */

struct del {
	struct actor *ac;
	const struct record_desc *d;
	int64_t id, version;
};

static enum nv_err
do_delete(void *ctx)
{
	struct del *o = ctx;
	struct actor *ac = o->ac;
	const struct record_desc *d = o->d;
	const struct rule *rule = NULL;
	struct wf_rec rec;
	struct audit au;
	struct buf b;
	struct jw w;
	uint64_t changed;
	int st;
	enum nv_err rc, right;

	if ((rc = wf_load(ac, d, o->id, true, &rec)) != NV_OK)
		return rc;
	st = INT(rec.row, d->off_status);
	right = d->deletable ? decide(ac, d, &rec, d->act_delete, st, &rule)
	                     : NV_EPERM;
	if (right == NV_ENOENT || right == NV_EPERM)
		return right;
	if (o->version != I64(rec.row, d->off_version))
		return NV_ESTALE;
	if (right != NV_OK)
		return right;
	struct db_param p[] = {DBP_INT(o->id), DBP_INT(o->version)};
	rc = db_exec(stmt(d, S_DELETE), p, NELEM(p), &changed, NULL);
	if (rc == NV_EINVAL) /* still referred to (a foreign key) */
		return wf_fail(ac, NV_ESTATE, NULL,
		    "Bản ghi đang được nơi khác tham chiếu, không xóa được.");
	if (rc != NV_OK)
		return rc;
	if (changed != 1)
		return NV_ESTALE;
	/* The history keeps what was deleted. */
	buf_init(&b, DIFF_MAX);
	jw_init(&w, &b);
	jw_obj_open(&w);
	record_json(d, &w, rec.row);
	jw_obj_close(&w);
	if (buf_failed(&b)) {
		buf_free(&b);
		return NV_ETOOBIG;
	}
	audit_of(ac, d, &rec, o->id, d->acts.v[d->act_delete], rule, &au);
	au.from = record_state_name(d, st);
	au.detail = b.p;
	au.detail_len = b.len;
	rc = audit_insert(ac, &au);
	buf_free(&b);
	return rc;
}

enum nv_err
wf_delete(
    struct actor *ac, const struct record_desc *d, int64_t id, int64_t version)
{
	struct del o = {ac, d, id, version};

	return db_tx(do_delete, &o);
}
