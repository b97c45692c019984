/* SPDX-License-Identifier: ISC */
/*
 * The list's "total" (issue 17) without reading every task (issue 8).
 * COUNT(*) under the list's filters reads every row whatever the caller
 * sees: at 20,000 tasks it was 22 ms of a 25 ms first page for the
 * secretariat, and 460 ms for an official (an EXISTS per row).  The common
 * first page filters nothing; its total is then
 *  - for a user who sees every task: task_totals, the counts that
 *    migration 0008's triggers keep in the same transaction as the change;
 *  - for an official: the sum of their agency's rows of visibility_tally
 *    (migration 0049, agency_sql), a few hundred whatever the number of
 *    tasks; filtered by year, status and kind, the same
 *    (agency_tally_sql); by overdue or missing_report, an index range
 *    count over the agency's rows of task_visibility, which hold those
 *    too (migration 0047, agency_kept_sql).
 * A caller who sees every task and filters by what dash_tally holds
 * (migrations 0035, 0040) sums its rows (kept_total, issue 8: filters);
 * missing_report= is dash_tally's in_program less dash_reported's month
 * (missing_kept_total).
 * Anything else counts as before (api_task_count).  No cache: every
 * request reads committed rows, so a change shows on the next request
 * from any worker.
 */
#include "auth/policy.h"
#include "auth/sess.h"
#include "fcgi/api/api.h"
#include "fcgi/api/api_task_sort.h"
#include "fcgi/base/clock.h"
#include "fcgi/base/db.h"
#include "fcgi/base/str.h"
#include "fcgi/domain/task.h"

/* Migration 0037: a row per slot of task ids, summed. */
static const char all_sql[] =
    "SELECT SUM(tasks) - IF(? = 1, SUM(drafts), 0) FROM task_totals";

/*
 * TASK_VISIBLE for an agency, with or without drafts: the sum of its rows
 * of visibility_tally (migration 0049), a row per status, year, kind and
 * slot of ids, kept by task_visibility's triggers.  On the bench stack
 * (146,449 tasks) SKHCN sees 21,363 tasks in 452 such rows: 5.9 ms for
 * the index range count over its rows of task_visibility that this
 * replaced.
 */
static const char agency_sql[] =
    "SELECT COALESCE(SUM(n), 0) FROM visibility_tally WHERE "
    "agency_code = ? AND (? = 0 OR status <> 'draft')";

/*
 * Issue 8 (filters): the total of a caller who sees every task, filtered
 * only by year, scope, status, kind, with_drafts, health and field, as the
 * sum of dash_tally's matching rows (migration 0035, the dashboard's, with
 * the database count of 0040; task_counts of 0038 is gone): the
 * conditions of LIST_FILTERS (api_task.c) on its columns.  Its rows of
 * field '' count every task, a field's rows the tasks holding it; health
 * is sub in_program (1 on_track, 2 at_risk, 3 delayed, 0 none: FIELD()'s
 * 0 for 'none'); kind is a column's count, directive the rest of n.  A few
 * rows per agency, year and state whatever the number of tasks.
 */
static const char kept_sql[] =
    "SELECT COALESCE(SUM(CASE ? WHEN 'breakthrough' THEN c.breakthrough "
    "WHEN 'database' THEN c.kdatabase "
    "WHEN 'directive' THEN c.n - c.breakthrough - c.kdatabase "
    "ELSE c.n END), 0) FROM dash_tally c WHERE c.field = COALESCE(?, '') "
    "AND (? IS NULL OR c.year = ?) "
    "AND (? IS NULL OR c.status = ?) "
    "AND (? IS NULL OR c.year = ? OR (c.year < ? AND c.status NOT IN "
    "('completed', 'cancelled'))) "
    "AND (? = 0 OR c.status <> 'draft') "
    "AND (? IS NULL OR (c.status = 'in_program' AND "
    "c.sub = FIELD(?, 'on_track', 'at_risk', 'delayed')))";

/*
 * Issue 8 (filters): the total of one agency's tasks (an official's, or
 * agency= for whoever sees every task) filtered only by year, scope,
 * status, kind, with_drafts, overdue and missing_report, as an index
 * range count over the agency's rows of task_visibility, which carry
 * those columns (0047): the conditions of LIST_FILTERS on them, and for
 * missing_report a look at the reports of its in_program rows.  At
 * 123,420 tasks SKHCN's status=in_program joined its 9,842 tasks (20.5
 * ms), and missing_report= read 22,649 rows (32 ms) for 1,186 in_program.
 */
static const char agency_kept_sql[] =
    "SELECT COUNT(*) FROM task_visibility c WHERE c.agency_code = ? "
    "AND (? IS NULL OR c.year = ?) "
    "AND (? IS NULL OR c.status = ?) "
    "AND (? IS NULL OR c.kind = ?) "
    "AND (? IS NULL OR c.year = ? OR (c.year < ? AND c.status NOT IN "
    "('completed', 'cancelled'))) "
    "AND (? = 0 OR c.status <> 'draft') "
    "AND (? IS NULL OR (c.sort_deadline < ? AND c.status IN " TASK_OPEN_SQL
    ")) "
    "AND (? IS NULL OR (c.status = 'in_program' AND NOT EXISTS (SELECT 1 "
    "FROM reports r WHERE r.task_id = c.task_id AND r.period = ? AND "
    "r.status IN ('submitted', 'approved'))))";

/*
 * agency_kept_sql without overdue and missing_report, which need each
 * row: the same conditions on visibility_tally's rows (migration 0049),
 * which hold the year, status and kind of the agency's rows.
 */
static const char agency_tally_sql[] =
    "SELECT COALESCE(SUM(c.n), 0) FROM visibility_tally c WHERE "
    "c.agency_code = ? "
    "AND (? IS NULL OR c.year = ?) "
    "AND (? IS NULL OR c.status = ?) "
    "AND (? IS NULL OR c.kind = ?) "
    "AND (? IS NULL OR c.year = ? OR (c.year < ? AND c.status NOT IN "
    "('completed', 'cancelled'))) "
    "AND (? = 0 OR c.status <> 'draft')";

/* Whether f filters by nothing task_visibility's rows do not hold, but
 * for agency= (whose rows they are). */
static bool
agency_kept_filters(const struct task_filter *f)
{
	return f->q.p == NULL && f->lead.p == NULL && f->committee.p == NULL &&
	       f->health.p == NULL && f->field.p == NULL;
}

/* agency_kept_sql's count, with overdue=true's condition when late;
 * agency_tally_sql's sum when neither that nor missing_report is asked
 * (the same parameters, less the last four). */
static enum nv_err
agency_kept_count(struct req *rq, struct str ag, const struct task_filter *f,
    bool late, int64_t *n)
{
	struct db_param yr = f->year ? DBP_INT(f->year) : DBP_NULL;
	struct db_param sc = f->scope ? DBP_INT(f->scope) : DBP_NULL;
	char today[11];

	clock_today(today);
	struct db_param p[] = {
	    DBP_STR(ag),
	    yr,
	    yr,
	    DBP_STR(f->status),
	    DBP_STR(f->status),
	    DBP_STR(f->kind),
	    DBP_STR(f->kind),
	    sc,
	    sc,
	    sc,
	    DBP_INT(f->no_drafts ? 1 : 0),
	    late ? DBP_INT(1) : DBP_NULL,
	    DBP_STR(str_c(today)),
	    DBP_STR(f->missing_report),
	    DBP_STR(f->missing_report),
	};

	if (!late && f->missing_report.p == NULL)
		return db_count(
		    rq->arena, agency_tally_sql, p, NELEM(p) - 4, n);
	return db_count(rq->arena, agency_kept_sql, p, NELEM(p), n);
}

static enum nv_err
agency_kept_total(
    struct req *rq, struct str ag, const struct task_filter *f, int64_t *n)
{
	int64_t late = 0;
	enum nv_err rc;

	if (!f->has_overdue || f->overdue == 1)
		return agency_kept_count(rq, ag, f, f->has_overdue, n);
	/* overdue=false: all less the overdue, since only overdue=true's
	 * condition is a range of task_visibility_overdue. */
	if ((rc = agency_kept_count(rq, ag, f, false, n)) != NV_OK ||
	    (rc = agency_kept_count(rq, ag, f, true, &late)) != NV_OK)
		return rc;
	*n = *n > late ? *n - late : 0;
	return NV_OK;
}

/*
 * Issue 8 (filters): missing_report= for whoever sees every task, the
 * in_program tasks without a submitted or approved report for the month,
 * as the dashboard counts them (migration 0035): dash_tally's in_program
 * rows less dash_reported's of the month, under year, scope (year at most
 * scope, for in_program), field and lead_agency, which both hold.  At
 * 124,860 tasks the count walked 17,365 rows (57 ms of a 67 ms first
 * page).
 */
static const char missing_kept_sql[] =
    "SELECT (SELECT COALESCE(SUM(c.n), 0) FROM dash_tally c WHERE "
    "c.status = 'in_program' AND c.field = COALESCE(?, '') AND "
    "(? IS NULL OR c.year = ?) AND (? IS NULL OR c.year <= ?) AND "
    "(? IS NULL OR c.agency_code = ?)) - "
    "(SELECT COALESCE(SUM(d.n), 0) FROM dash_reported d WHERE "
    "d.period = ? AND d.field = COALESCE(?, '') AND "
    "(? IS NULL OR d.year = ?) AND (? IS NULL OR d.year <= ?) AND "
    "(? IS NULL OR d.agency_code = ?))";

/* Whether f is missing_report= filtered by nothing else the summary
 * rows do not hold. */
static bool
missing_kept_filters(const struct task_filter *f)
{
	return f->missing_report.p != NULL &&
	       (f->status.p == NULL || str_eq(f->status, "in_program")) &&
	       f->kind.p == NULL && f->health.p == NULL &&
	       f->agency.p == NULL && f->q.p == NULL && !f->has_overdue &&
	       f->committee.p == NULL;
}

static enum nv_err
missing_kept_total(struct req *rq, const struct task_filter *f, int64_t *n)
{
	struct db_param yr = f->year ? DBP_INT(f->year) : DBP_NULL;
	struct db_param sc = f->scope ? DBP_INT(f->scope) : DBP_NULL;
	struct db_param p[] = {
	    DBP_STR(f->field),
	    yr,
	    yr,
	    sc,
	    sc,
	    DBP_STR(f->lead),
	    DBP_STR(f->lead),
	    DBP_STR(f->missing_report),
	    DBP_STR(f->field),
	    yr,
	    yr,
	    sc,
	    sc,
	    DBP_STR(f->lead),
	    DBP_STR(f->lead),
	};

	return db_count(rq->arena, missing_kept_sql, p, NELEM(p), n);
}

/* Whether f filters by nothing dash_tally does not hold. */
static bool
kept_filters(const struct task_filter *f)
{
	return f->agency.p == NULL && f->q.p == NULL && !f->has_overdue &&
	       f->lead.p == NULL && f->missing_report.p == NULL &&
	       f->committee.p == NULL;
}

static enum nv_err not_overdue_total(
    struct req *, const struct task_filter *, int64_t *);
static enum nv_err committee_total(
    struct req *, const struct task_filter *, int64_t *);

static enum nv_err
kept_total(struct req *rq, const struct task_filter *f, int64_t *n)
{
	struct db_param yr = f->year ? DBP_INT(f->year) : DBP_NULL;
	struct db_param sc = f->scope ? DBP_INT(f->scope) : DBP_NULL;
	struct db_param p[] = {
	    DBP_STR(f->kind),
	    DBP_STR(f->field),
	    yr,
	    yr,
	    DBP_STR(f->status),
	    DBP_STR(f->status),
	    sc,
	    sc,
	    sc,
	    DBP_INT(f->no_drafts ? 1 : 0),
	    DBP_STR(f->health),
	    DBP_STR(f->health),
	};

	return db_count(rq->arena, kept_sql, p, NELEM(p), n);
}

bool
api_task_unfiltered(const struct task_filter *f)
{
	return f->year == 0 && f->status.p == NULL && f->kind.p == NULL &&
	       f->agency.p == NULL && f->q.p == NULL && !f->has_overdue &&
	       f->lead.p == NULL && f->scope == 0 &&
	       f->missing_report.p == NULL && f->health.p == NULL &&
	       f->field.p == NULL && f->committee.p == NULL;
}

/*
 * f's total as the total of all (f without one filter, from kept counts)
 * less the count of less (all's tasks that f leaves out); f's own count
 * when all is not kept, since all would then be counted anyway.
 */
static enum nv_err
total_less(struct req *rq, const struct task_filter *f,
    const struct task_filter *all, const struct task_filter *less, int64_t *n)
{
	int64_t a = 0, l = 0;
	enum nv_err rc;

	if (!api_task_unfiltered(all) && !kept_filters(all))
		return api_task_count(rq, f, n);
	if ((rc = api_task_total(rq, all, &a)) != NV_OK ||
	    (rc = api_task_count(rq, less, &l)) != NV_OK)
		return rc;
	*n = a > l ? a - l : 0;
	return NV_OK;
}

/*
 * Issue 8 (filters, second pass): overdue=false for a caller who sees
 * every task.  Its count read every task of the other filters (99 % of
 * them pass: 23 ms of a 25 ms first page at 22,779 tasks, 371 ms at
 * 100,037); overdue is true or false for every task (LIST_FILTERS: a
 * task without a deadline is not overdue), so the total is the other
 * filters' total (task_totals or dash_tally, when they hold them) less the
 * overdue ones among them, which overdue=true's own source counts
 * (FILTER_OVERDUE_SOURCE through tasks_overdue, about 1 % of the tasks).  Two
 * statements, each of committed rows, as the page and its total already are.
 */
static enum nv_err
not_overdue_total(struct req *rq, const struct task_filter *f, int64_t *n)
{
	struct task_filter all = *f, less;

	all.has_overdue = false;
	less = all;
	less.has_overdue = true;
	less.overdue = 1;
	return total_less(rq, f, &all, &less, n);
}

/*
 * Issue 8 (filters, second pass): committee= of the province (or any
 * committee not a commune's) for a caller who sees every task.  It leads
 * most tasks (2/3 of them at 100,037 tasks), which its count read one by
 * one: 470 ms at 100,037 tasks, 31 ms of a 32 ms first page at 22,779.
 * Every task's lead agency is of exactly one committee (agencies.committee
 * and tasks.lead_agency are NOT NULL, the latter a foreign key), so the
 * total is the other filters' total (task_totals or dash_tally, when they
 * hold them) less the tasks of the other committees' agencies among them
 * (the communes': a few each), counted from those agencies
 * (f->not_committee, FILTER_OTHER_COMMITTEES_SOURCE in api_task.c).
 */
static enum nv_err
committee_total(struct req *rq, const struct task_filter *f, int64_t *n)
{
	struct task_filter all = *f, less;

	all.committee = STR_NULL;
	less = all;
	less.not_committee = f->committee;
	return total_less(rq, f, &all, &less, n);
}

enum nv_err
api_task_total(struct req *rq, const struct task_filter *f, int64_t *n)
{
	const struct user *u = &rq->sess->user;
	struct str ag = str_c(u->agency_code);
	struct db_param nd = DBP_INT(f->no_drafts ? 1 : 0);

	/* Issue 8: a search counts its matches up to a bound.  Each match
	 * counted is a task row read and checked by the rule: at 100,037
	 * tasks on the loaded shared machine, 1,001 of them took 4-40 ms,
	 * hence a bound of 200. */
	if (f->q.p != NULL)
		return api_task_count_upto(rq, f, TASK_SEARCH_TOTAL_MAX + 1, n);
	/* Issue 8 (filters): the kept counts, for whoever sees every task. */
	if (!api_task_unfiltered(f) && kept_filters(f) &&
	    policy_task_visible(u->roles, REL_NONE) &&
	    task_scope_committee(u).p == NULL)
		return kept_total(rq, f, n);
	/* Issue 8 (filters, second pass): a committee other than a
	 * commune's, every task less those of the other committees. */
	if (f->committee.p != NULL && !f->has_overdue &&
	    policy_task_visible(u->roles, REL_NONE) &&
	    task_scope_committee(u).p == NULL &&
	    !api_task_commune_committee(f->committee))
		return committee_total(rq, f, n);
	/* Issue 8 (filters, second pass): overdue=false, the same less the
	 * overdue ones. */
	if (f->has_overdue && f->overdue == 0 &&
	    policy_task_visible(u->roles, REL_NONE) &&
	    task_scope_committee(u).p == NULL)
		return not_overdue_total(rq, f, n);
	/* Issue 8 (filters): one agency's kept rows, an official's own or,
	 * for whoever sees every task, agency='s (the tasks it leads or
	 * coordinates, as LIST_FILTERS has it). */
	if (!api_task_unfiltered(f) && agency_kept_filters(f) &&
	    task_scope_committee(u).p == NULL) {
		if (!task_visible_agency(u, &ag))
			ag = f->agency;
		else if (f->agency.p != NULL)
			ag = STR_NULL; /* their rows and another's */
		if (ag.p != NULL)
			return agency_kept_total(rq, ag, f, n);
	}
	if (missing_kept_filters(f) &&
	    policy_task_visible(u->roles, REL_NONE) &&
	    task_scope_committee(u).p == NULL)
		return missing_kept_total(rq, f, n);
	if (!api_task_unfiltered(f))
		return api_task_count(rq, f, n);
	/* A commune's committee counts its own (issue 14): no total kept. */
	if (policy_task_visible(u->roles, REL_NONE) &&
	    task_scope_committee(u).p != NULL)
		return api_task_count(rq, f, n);
	if (policy_task_visible(u->roles, REL_NONE)) {
		struct db_param p[] = {nd};
		return db_count(rq->arena, all_sql, p, NELEM(p), n);
	}
	if (ag.p == NULL || ag.len == 0)
		return api_task_count(rq, f, n);
	struct db_param p[] = {DBP_STR(ag), nd};
	return db_count(rq->arena, agency_sql, p, NELEM(p), n);
}

enum nv_err
api_task_walk_sooner(struct req *rq, struct str ag, int64_t rows, bool *walk)
{
	static const char sql[] =
	    "SELECT x.seen * x.seen >= ? * a.n AND x.seen * ? >= 5 * ? * a.n "
	    "FROM (SELECT COALESCE(SUM(n), 0) AS seen FROM visibility_tally "
	    "WHERE agency_code = ?) x, (SELECT COALESCE(SUM(tasks), 0) AS n "
	    "FROM task_totals) a";
	struct db_param p[] = {DBP_INT(rows), DBP_INT(TASK_SORT_WALK_EXAMINED),
	    DBP_INT(rows), DBP_STR(ag)};
	int64_t yes = 0;
	enum nv_err rc;

	if ((rc = db_count(rq->arena, sql, p, NELEM(p), &yes)) == NV_OK)
		*walk = yes != 0;
	return rc;
}

void
api_task_total_json(struct jw *w, const struct task_filter *f, int64_t total)
{
	if (f->q.p != NULL && total > TASK_SEARCH_TOTAL_MAX) {
		jw_kint(w, "total", TASK_SEARCH_TOTAL_MAX);
		jw_kbool(w, "total_more", true);
		return;
	}
	jw_kint(w, "total", total);
}
