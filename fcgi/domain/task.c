/* SPDX-License-Identifier: ISC */
/* Task rows: parse, relation, computed values, JSON. */
#include <string.h>

#include "fcgi/base/db.h"
#include "fcgi/base/str.h"
#include "fcgi/domain/task.h"

enum nv_err
task_parse(const struct str *c, size_t ncols, struct task *t)
{
	int k, s;

	if (ncols < TASK_NCOLS)
		return NV_EINTERNAL;
	memset(t, 0, sizeof(*t));
	t->id = db_str_int(c[0]);
	t->year = db_str_int(c[1]);
	k = policy_kind_from(c[2].p, c[2].len);
	s = policy_state_from(c[14].p, c[14].len);
	if (k < 0 || s < 0)
		return NV_EINTERNAL;
	t->kind = (enum task_kind)k;
	t->status = (enum task_state)s;
	t->fields = c[3].p ? c[3] : STR("");
	t->name = c[4];
	t->responsible_person = c[5];
	t->lead_agency = c[6];
	t->coords = c[7].p ? c[7] : STR("");
	t->expected_product = c[8];
	t->has_budget = c[9].p != NULL;
	t->budget = db_str_int(c[9]);
	t->notes = c[10];
	t->target = c[11];
	t->deadline = c[12];
	t->original_deadline = c[13];
	t->completed_at = c[15];
	t->progress_period = c[16];
	t->progress_percent = db_str_int(c[17]);
	t->progress_health = c[18];
	t->version = db_str_int(c[19]);
	t->created_by = c[20];
	t->created_at = c[21];
	t->updated_at = c[22];
	return NV_OK;
}

enum nv_err
task_get(struct arena *a, int64_t id, bool lock, struct task *out)
{
	static const char sel[] =
	    "SELECT " TASK_COLS " FROM tasks t WHERE t.id = ?";
	static const char sel_lock[] =
	    "SELECT " TASK_COLS " FROM tasks t WHERE t.id = ? FOR UPDATE";
	struct db_param p[] = {DBP_INT(id)};
	struct db_res r;
	enum nv_err rc;

	if ((rc = db_query(a, lock ? sel_lock : sel, p, 1, &r)) != NV_OK)
		return rc;
	if (r.nrows != 1)
		return NV_ENOENT;
	return task_parse(r.cells, r.ncols, out);
}

bool
task_has_coord(const struct task *t, struct str code)
{
	const char *p = t->coords.p, *end = p + t->coords.len, *comma;

	if (code.p == NULL || code.len == 0)
		return false;
	while (p < end) {
		comma = memchr(p, ',', (size_t)(end - p));
		if (comma == NULL)
			comma = end;
		if ((size_t)(comma - p) == code.len &&
		    memcmp(p, code.p, code.len) == 0)
			return true;
		p = comma + 1;
	}
	return false;
}

enum task_rel
task_rel_of(const struct task *t, const struct user *u)
{
	struct str code = str_c(u->agency_code);

	if (code.p == NULL)
		return REL_NONE;
	if (t->lead_agency.len == code.len &&
	    memcmp(t->lead_agency.p, code.p, code.len) == 0)
		return REL_LEAD;
	return task_has_coord(t, code) ? REL_COORD : REL_NONE;
}

/* ISO dates compare as strings. */
static int
datecmp(struct str a, const char *b)
{
	return strncmp(a.p, b, 10);
}

bool
task_overdue(const struct task *t, const char *today)
{
	if (t->status == TS_COMPLETED || t->status == TS_CANCELLED)
		return false;
	return t->deadline.p != NULL && datecmp(t->deadline, today) < 0;
}

const char *
task_outcome(const struct task *t, const char *today)
{
	switch (t->status) {
	case TS_IN_PROGRAM:
		return task_overdue(t, today) ? "overdue" : "in_progress";
	case TS_COMPLETED:
		/*
		 * Late against the deadline in force, or against the one the
		 * task was accepted with: an extension moves what is overdue
		 * from now on, but never turns late work into on-time work.
		 */
		if (t->completed_at.p == NULL)
			return "done_on_time";
		if (t->deadline.p != NULL &&
		    strncmp(t->completed_at.p, t->deadline.p, 10) > 0)
			return "done_late";
		if (t->original_deadline.p != NULL &&
		    strncmp(t->completed_at.p, t->original_deadline.p, 10) > 0)
			return "done_late";
		return "done_on_time";
	default:
		return NULL;
	}
}

/* Writes a comma-separated list as a JSON array of strings. */
static void
csv_array(struct jw *w, struct str s)
{
	const char *p = s.p, *end = s.p + s.len, *comma;

	jw_arr_open(w);
	while (p != NULL && p < end) {
		comma = memchr(p, ',', (size_t)(end - p));
		if (comma == NULL)
			comma = end;
		if (comma > p)
			jw_str(w, p, (size_t)(comma - p));
		p = comma + 1;
	}
	jw_arr_close(w);
}

static void
allowed_actions(
    struct jw *w, const struct task *t, unsigned roles, enum task_rel rel)
{
	enum task_state to;
	enum report_state rto;
	int a;

	jw_arr_open(w);
	for (a = 0; a < TA__MAX; a++) {
		if (a == TA_EDIT_SCHEDULE &&
		    policy_task(roles, rel, TA_EDIT, t->status, &to) == NV_OK)
			continue; /* "edit" says it all */
		if (policy_task(roles, rel, (enum task_act)a, t->status, &to) ==
		    NV_OK)
			jw_strz(w, policy_act_name((enum task_act)a));
	}
	/* Writing a monthly report is a right on the task, too. */
	if (policy_report(roles, rel, RA_CREATE, t->status, RS_DRAFT, &rto) ==
	    NV_OK)
		jw_strz(w, "report");
	jw_arr_close(w);
}

void
task_json(struct jw *w, const struct task *t, const char *today, unsigned roles,
    enum task_rel rel)
{
	jw_obj_open(w);
	jw_kint(w, "id", t->id);
	jw_kint(w, "year", t->year);
	jw_kstrz(w, "kind", policy_kind_name(t->kind));
	jw_key(w, "fields");
	csv_array(w, t->fields);
	jw_ksstr(w, "name", t->name);
	jw_ksstr(w, "responsible_person", t->responsible_person);
	jw_ksstr(w, "lead_agency", t->lead_agency);
	jw_key(w, "coordinating_agencies");
	csv_array(w, t->coords);
	jw_ksstr(w, "expected_product", t->expected_product);
	jw_key(w, "estimated_budget");
	if (t->has_budget)
		jw_int(w, t->budget);
	else
		jw_null(w);
	jw_ksstr(w, "notes", t->notes);
	jw_ksstr(w, "target", t->target);
	jw_ksstr(w, "deadline", t->deadline);
	jw_ksstr(w, "original_deadline", t->original_deadline);
	jw_kstrz(w, "status", policy_state_name(t->status));
	jw_ksstr(w, "completed_at", t->completed_at);
	jw_kbool(w, "overdue", task_overdue(t, today));
	jw_kstrz(w, "outcome", task_outcome(t, today));
	jw_key(w, "progress");
	if (t->progress_period.p == NULL)
		jw_null(w);
	else {
		jw_obj_open(w);
		jw_ksstr(w, "period", t->progress_period);
		jw_kint(w, "percent", t->progress_percent);
		jw_ksstr(w, "health", t->progress_health);
		jw_obj_close(w);
	}
	jw_kint(w, "version", t->version);
	jw_ksstr(w, "created_by", t->created_by);
	jw_ksstr(w, "created_at", t->created_at);
	jw_ksstr(w, "updated_at", t->updated_at);
	jw_key(w, "allowed_actions");
	allowed_actions(w, t, roles, rel);
	jw_obj_close(w);
}
