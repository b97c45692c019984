/* SPDX-License-Identifier: ISC */
/*
 * The public progress page's data (issue 14): committees, their agencies,
 * the accepted tasks with their outcome, the active indicators.  Three
 * queries in one order (committee, agency, item), walked side by side, so
 * that no task or indicator needs a look-up.  Each query names the
 * columns it reads: no person, comment, report text or difficulty.
 */
#include <string.h>

#include "fcgi/base/clock.h"
#include "fcgi/base/db.h"
#include "fcgi/base/log.h"
#include "fcgi/domain/public_data.h"
#include "fcgi/domain/task.h"

/* DECIMAL(19,4) reads back as "96.6500": the canonical "96.65". */
#define DEC(x) "TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM " x "))"

/* Committees first, then agencies by position: the order of every list. */
#define ORDER_BY "c.level, c.position, c.code, a.position, a.code"

/*
 * The agencies shown: every one still in service, and a retired one
 * that leads an accepted task (its work stays on the record).
 */
static const char agencies_sql[] =
    "SELECT c.code, c.name, c.level, a.code, a.name "
    "FROM agencies a JOIN committees c ON c.code = a.committee "
    "WHERE a.retired_at IS NULL OR EXISTS (SELECT 1 FROM tasks t "
    "WHERE t.lead_agency = a.code AND t.status IN ('in_program', "
    "'completed')) ORDER BY " ORDER_BY " LIMIT ?";

enum { AC_CCODE, AC_CNAME, AC_LEVEL, AC_CODE, AC_NAME, AC__MAX };

/*
 * The programme's accepted tasks: in it, or completed from it.  The
 * task's own columns ({cols}) only so that the outcome is the one every
 * other screen computes (task_outcome()); only the members copied in
 * task_row() leave this file.
 */
static const char tasks_sql[] =
    "SELECT {cols} FROM tasks t JOIN agencies a ON a.code = t.lead_agency "
    "JOIN committees c ON c.code = a.committee "
    "WHERE t.status IN ('in_program', 'completed') "
    "ORDER BY " ORDER_BY ", t.id";

/* clang-format off */
static const char indicators_sql[] =
    "SELECT i.code, i.name, i.unit, i.direction, i.agency, "
    DEC("i.baseline_value") ", i.baseline_period, "
    DEC("g.value") ", DATE_FORMAT(g.due, '%Y-%m-%d'), "
    DEC("i.current_value") ", i.current_period "
    "FROM indicators i JOIN agencies a ON a.code = i.agency "
    "JOIN committees c ON c.code = a.committee "
    "LEFT JOIN indicator_targets g ON g.indicator_id = i.id AND g.year = ? "
    "WHERE i.status = 'active' ORDER BY " ORDER_BY ", i.code LIMIT ?";
/* clang-format on */

enum {
	IC_CODE,
	IC_NAME,
	IC_UNIT,
	IC_DIRECTION,
	IC_AGENCY,
	IC_BASE,
	IC_BASE_PERIOD,
	IC_TARGET,
	IC_DUE,
	IC_ACTUAL,
	IC_PERIOD,
	IC__MAX
};

static const char *const status_vi[TS__MAX] = {
    [TS_DRAFT] = "Nháp",
    [TS_SUBMITTED] = "Chờ phê duyệt",
    [TS_APPROVED] = "Đã phê duyệt, chờ tiếp nhận",
    [TS_RETURNED] = "Bị trả lại",
    [TS_IN_PROGRAM] = "Đang thực hiện",
    [TS_COMPLETED] = "Hoàn thành",
    [TS_CANCELLED] = "Đã hủy",
};

const char *
public_status_vi(enum task_state s)
{
	return s < TS__MAX && status_vi[s] != NULL ? status_vi[s] : "";
}

const char *
public_outcome_vi(const char *o)
{
	if (o == NULL)
		return "";
	if (strcmp(o, "done_on_time") == 0)
		return "Hoàn thành đúng hạn";
	if (strcmp(o, "done_late") == 0)
		return "Hoàn thành quá hạn";
	if (strcmp(o, "in_progress") == 0)
		return "Đang thực hiện, còn trong hạn";
	if (strcmp(o, "overdue") == 0)
		return "Quá hạn, chưa hoàn thành";
	return "";
}

const char *
public_unit_vi(struct str u)
{
	if (str_eq(u, "percent"))
		return "%";
	if (str_eq(u, "money"))
		return "đồng";
	return "";
}

/* A copy of s in a (NULL stays NULL); false when a is full. */
static bool
keep(struct arena *a, struct str s, struct str *out)
{
	char *p;

	if (s.p == NULL) {
		*out = STR_NULL;
		return true;
	}
	if ((p = arena_strndup(a, s.p, s.len)) == NULL)
		return false;
	*out = (struct str){p, s.len};
	return true;
}

struct walk {
	struct arena *a;
	struct pub_data *d;
	size_t ag; /* the agency the rows have reached */
	bool with_budget;
	char today[11];
};

/*
 * Moves w->ag forward to the agency of code; the rows come in the
 * agencies' order, so it never moves back.  False when there is no such
 * agency (a row whose agency was not listed: cannot happen, as both
 * queries join the same tables, but is skipped rather than misfiled).
 */
static bool
seek_agency(struct walk *w, struct str code)
{
	size_t i;

	for (i = w->ag; i < w->d->nagencies; i++)
		if (w->d->agencies[i].code.len == code.len &&
		    memcmp(w->d->agencies[i].code.p, code.p, code.len) == 0) {
			w->ag = i;
			return true;
		}
	return false;
}

static enum nv_err
task_row(void *ctx, const struct str *cells, size_t ncols)
{
	struct walk *w = ctx;
	struct pub_data *d = w->d;
	struct pub_agency *ag;
	struct pub_task *pt;
	struct task t;
	const char *outcome;
	enum nv_err rc;

	if ((rc = task_parse(cells, ncols, &t)) != NV_OK)
		return rc;
	if (!seek_agency(w, t.lead_agency))
		return NV_OK;
	ag = &d->agencies[w->ag];
	outcome = task_outcome(&t, w->today);
	ag->accepted++;
	if (t.status == TS_COMPLETED)
		ag->completed++;
	if (outcome != NULL && strcmp(outcome, "in_progress") == 0)
		ag->in_progress++;
	else if (outcome != NULL && strcmp(outcome, "overdue") == 0)
		ag->overdue++;
	else if (outcome != NULL && strcmp(outcome, "done_on_time") == 0)
		ag->done_on_time++;
	else if (outcome != NULL && strcmp(outcome, "done_late") == 0)
		ag->done_late++;
	if (t.progress_period.p != NULL) {
		ag->percent_sum += t.progress_percent;
		ag->percent_n++;
	}
	if (d->ntasks == PUBLIC_TASKS_MAX) {
		d->truncated = true;
		return NV_OK;
	}
	pt = &d->tasks[d->ntasks];
	memset(pt, 0, sizeof(*pt));
	pt->id = t.id;
	pt->year = t.year;
	pt->kind = t.kind;
	pt->status = t.status;
	pt->progress_percent = t.progress_percent;
	pt->outcome = outcome;
	pt->agency = w->ag;
	if (w->with_budget)
		pt->budget = t.estimated_budget;
	if (!keep(w->a, t.name, &pt->name) ||
	    !keep(w->a, t.deadline, &pt->deadline) ||
	    !keep(w->a, t.completed_at, &pt->completed_at) ||
	    !keep(w->a, t.progress_period, &pt->progress_period))
		return NV_ETOOBIG;
	d->ntasks++;
	d->committees[ag->committee].ntasks++;
	return NV_OK;
}

static enum nv_err
load_agencies(struct arena *a, struct pub_data *d)
{
	struct db_param p[] = {DBP_INT(PUBLIC_ROWS_MAX + 1)};
	struct db_res r;
	struct pub_committee *c = NULL;
	struct pub_agency *ag;
	size_t i;
	enum nv_err rc;

	if ((rc = db_query(a, agencies_sql, p, NELEM(p), &r)) != NV_OK)
		return rc;
	if (r.nrows > PUBLIC_ROWS_MAX)
		return NV_ETOOBIG;
	d->agencies = arena_alloc(a, (r.nrows + 1) * sizeof(*d->agencies));
	d->committees = arena_alloc(a, (r.nrows + 1) * sizeof(*d->committees));
	if (d->agencies == NULL || d->committees == NULL)
		return NV_ETOOBIG;
	for (i = 0; i < r.nrows; i++) {
		struct str cc = db_cell(&r, i, AC_CCODE);

		if (c == NULL || c->code.len != cc.len ||
		    memcmp(c->code.p, cc.p, cc.len) != 0) {
			c = &d->committees[d->ncommittees++];
			memset(c, 0, sizeof(*c));
			c->code = cc;
			c->name = db_cell(&r, i, AC_CNAME);
			c->level = db_cell(&r, i, AC_LEVEL);
			c->first_agency = d->nagencies;
		}
		ag = &d->agencies[d->nagencies++];
		memset(ag, 0, sizeof(*ag));
		ag->code = db_cell(&r, i, AC_CODE);
		ag->name = db_cell(&r, i, AC_NAME);
		ag->committee = (size_t)(c - d->committees);
		c->nagency++;
	}
	return NV_OK;
}

static enum nv_err
load_indicators(struct arena *a, struct pub_data *d)
{
	struct db_param p[] = {DBP_INT(d->year), DBP_INT(PUBLIC_ROWS_MAX + 1)};
	struct db_res r;
	struct walk w = {.a = a, .d = d};
	struct pub_indicator *pi;
	size_t i;
	enum nv_err rc;

	if ((rc = db_query(a, indicators_sql, p, NELEM(p), &r)) != NV_OK)
		return rc;
	if (r.nrows > PUBLIC_ROWS_MAX)
		return NV_ETOOBIG;
	if ((d->indicators = arena_alloc(
	         a, (r.nrows + 1) * sizeof(*d->indicators))) == NULL)
		return NV_ETOOBIG;
	for (i = 0; i < r.nrows; i++) {
		if (!seek_agency(&w, db_cell(&r, i, IC_AGENCY)))
			continue;
		pi = &d->indicators[d->nindicators++];
		pi->code = db_cell(&r, i, IC_CODE);
		pi->name = db_cell(&r, i, IC_NAME);
		pi->unit = db_cell(&r, i, IC_UNIT);
		pi->direction = db_cell(&r, i, IC_DIRECTION);
		pi->baseline_value = db_cell(&r, i, IC_BASE);
		pi->baseline_period = db_cell(&r, i, IC_BASE_PERIOD);
		pi->target = db_cell(&r, i, IC_TARGET);
		pi->target_due = db_cell(&r, i, IC_DUE);
		pi->actual = db_cell(&r, i, IC_ACTUAL);
		pi->actual_period = db_cell(&r, i, IC_PERIOD);
		pi->agency = w.ag;
		d->committees[d->agencies[w.ag].committee].nindicators++;
	}
	return NV_OK;
}

enum nv_err
public_load(struct arena *a, bool with_budget, struct pub_data *d)
{
	struct walk w = {.a = a, .d = d, .with_budget = with_budget};
	enum nv_err rc;

	memset(d, 0, sizeof(*d));
	clock_today(d->today);
	memcpy(w.today, d->today, sizeof(w.today));
	d->year = clock_year();
	if ((rc = load_agencies(a, d)) != NV_OK)
		return rc;
	if ((d->tasks = arena_alloc(
	         a, (PUBLIC_TASKS_MAX + 1) * sizeof(*d->tasks))) == NULL)
		return NV_ETOOBIG;
	if ((rc = db_each(TASK_SQL(tasks_sql), NULL, 0, task_row, &w)) != NV_OK)
		return rc;
	return load_indicators(a, d);
}
