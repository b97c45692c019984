/* SPDX-License-Identifier: ISC */
/*
 * The task registry over HTTP: list, create, read, edit, transitions,
 * comments and history.  What a task is and how it is written are
 * fcgi/domain/task.c and fcgi/domain/wf.c; these handlers read the
 * request, call them and write the response.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/policy.h"
#include "auth/sess.h"
#include "fcgi/api/api.h"
#include "fcgi/api/api_task_sort.h"
#include "fcgi/base/clock.h"
#include "fcgi/base/db.h"
#include "fcgi/base/str.h"
#include "fcgi/base/utf8.h"
#include "fcgi/domain/audit.h"
#include "fcgi/domain/dashboard.h"
#include "fcgi/domain/task.h"
#include "fcgi/domain/task_search.h"
#include "fcgi/domain/vocab.h"
#include "fcgi/http/page.h"

#define COMMENT_MAX 4000
/* A search's page reads its candidates this many first (issue 8). */
#define SEARCH_BATCH 64

/* clang-format off */
static const struct field comment_fields[] = {
	{ "text", F_TEXT, true, false, 1, COMMENT_MAX },
};
/* clang-format on */

static char *
fold(struct req *rq, struct str s)
{
	char *out = arena_alloc(rq->arena, s.len + 1);

	if (out != NULL)
		utf8_fold(s.p, s.len, out);
	return out;
}

/* --- list --------------------------------------------------------------- */

/* Query parameters shared by the list and the exports. */
enum nv_err
api_task_filter(struct req *rq, struct task_filter *f)
{
	struct str s;
	int k;
	enum nv_err rc;

	memset(f, 0, sizeof(*f));
	if ((s = req_query(rq, "year")).p != NULL) {
		if (str_to_i64(s, YEAR_MIN, YEAR_MAX, &f->year) != NV_OK)
			return req_fail(
			    rq, NV_EINVAL, "year", "Năm không hợp lệ.");
	}
	if ((s = req_query(rq, "status")).p != NULL) {
		if ((k = policy_state_from(s.p, s.len)) < 0)
			return req_fail(rq, NV_EINVAL, "status",
			    "Trạng thái không hợp lệ.");
		f->status = STR_NULL;
		f->status.p = policy_state_name((enum task_state)k);
		f->status.len = strlen(f->status.p);
	}
	if ((s = req_query(rq, "kind")).p != NULL) {
		if ((k = policy_kind_from(s.p, s.len)) < 0)
			return req_fail(rq, NV_EINVAL, "kind",
			    "Loại nhiệm vụ không hợp lệ.");
		f->kind.p = policy_kind_name((enum task_kind)k);
		f->kind.len = strlen(f->kind.p);
	}
	if ((s = req_query(rq, "agency")).p != NULL) {
		rc = vocab_agency(rq->arena, s, &f->agency);
		if (rc == NV_ENOENT)
			return req_fail(
			    rq, NV_EINVAL, "agency", "Không có cơ quan này.");
		if (rc != NV_OK)
			return rc;
	}
	if ((s = req_query(rq, "overdue")).p != NULL) {
		if (str_eq(s, "true"))
			f->overdue = 1;
		else if (str_eq(s, "false"))
			f->overdue = 0;
		else
			return req_fail(rq, NV_EINVAL, "overdue",
			    "overdue phải là true hoặc false.");
		f->has_overdue = true;
	}
	/* The dashboard's figures, each as exactly the list it counts. */
	if ((s = req_query(rq, "lead_agency")).p != NULL) {
		rc = vocab_agency(rq->arena, s, &f->lead);
		if (rc == NV_ENOENT)
			return req_fail(rq, NV_EINVAL, "lead_agency",
			    "Không có cơ quan này.");
		if (rc != NV_OK)
			return rc;
	}
	if ((s = req_query(rq, "scope")).p != NULL &&
	    str_to_i64(s, YEAR_MIN, YEAR_MAX, &f->scope) != NV_OK)
		return req_fail(rq, NV_EINVAL, "scope", "Năm không hợp lệ.");
	if ((s = req_query(rq, "missing_report")).p != NULL) {
		if (!dash_period_ok(s))
			return req_fail(rq, NV_EINVAL, "missing_report",
			    "Kỳ phải có dạng YYYY-MM.");
		f->missing_report = s;
	}
	if ((s = req_query(rq, "with_drafts")).p != NULL) {
		if (str_eq(s, "false"))
			f->no_drafts = true;
		else if (!str_eq(s, "true"))
			return req_fail(rq, NV_EINVAL, "with_drafts",
			    "with_drafts phải là true hoặc false.");
	}
	/* The dashboard's on_track, at_risk, delayed and the rest of
	 * in_program (no approved report yet: none). */
	if ((s = req_query(rq, "health")).p != NULL) {
		if (!str_eq(s, "on_track") && !str_eq(s, "at_risk") &&
		    !str_eq(s, "delayed") && !str_eq(s, "none"))
			return req_fail(rq, NV_EINVAL, "health",
			    "health phải là on_track, at_risk, delayed hoặc "
			    "none.");
		f->health = s;
	}
	/* The lead agency's committee (issue 14): a dashboard's figures. */
	if ((s = req_query(rq, "committee")).p != NULL) {
		size_t i;

		for (i = 0; i < s.len; i++)
			if (!((s.p[i] >= 'A' && s.p[i] <= 'Z') ||
			        (s.p[i] >= '0' && s.p[i] <= '9') ||
			        s.p[i] == '_' || s.p[i] == '-'))
				break;
		if (s.len == 0 || s.len > AGENCY_CODE_MAX || i < s.len)
			return req_fail(rq, NV_EINVAL, "committee",
			    "Mã ban chỉ đạo không hợp lệ.");
		f->committee = s;
	}
	/* One of the five fields of work (issue 15). */
	if ((s = req_query(rq, "field")).p != NULL) {
		if ((k = record_name_index(vocab_fields, VOCAB_NFIELDS, s)) < 0)
			return req_fail(
			    rq, NV_EINVAL, "field", "Lĩnh vực không hợp lệ.");
		f->field = str_c(vocab_fields[k]);
	}
	if ((s = req_query(rq, "q")).p != NULL) {
		char *folded, *pat;
		size_t i, o = 0;

		if (utf8_count(s.p, s.len) > 200)
			return req_fail(rq, NV_EINVAL, "q",
			    "Từ khóa tìm kiếm quá dài (tối đa 200 ký tự).");
		if ((folded = fold(rq, s)) == NULL ||
		    (pat = arena_alloc(rq->arena, 2 * s.len + 3)) == NULL)
			return NV_ETOOBIG;
		/* LIKE's own metacharacters match themselves. */
		pat[o++] = '%';
		for (i = 0; folded[i] != '\0'; i++) {
			if (folded[i] == '%' || folded[i] == '_' ||
			    folded[i] == '\\')
				pat[o++] = '\\';
			pat[o++] = folded[i];
		}
		pat[o++] = '%';
		pat[o] = '\0';
		if (o > 2) {
			struct task_search ts;
			struct str ag = STR_NULL;
			bool official =
			    task_visible_agency(&rq->sess->user, &ag);

			f->q = (struct str){pat, o};
			if ((rc = task_search_candidates(rq->arena, folded,
			         TASK_SEARCH_MAX, &ts)) != NV_OK)
				return rc;
			/* Issue 8: an official's candidates, those they see,
			 * by the agency's ids kept under list_version. */
			if (official &&
			    (ts.n > SEARCH_BATCH || ts.wide != NULL) &&
			    (rc = api_list_version(rq, &f->q_version)) != NV_OK)
				return rc;
			if (ts.n > SEARCH_BATCH && official &&
			    (rc = task_search_visible(
			         rq->arena, ag, f->q_version, &ts)) != NV_OK)
				return rc;
			f->q_ids = ts.ids;
			f->q_n = ts.n;
			f->q_v = ts.v;
			f->q_wide = ts.wide;
		}
	}
	return NV_OK;
}

/*
 * One statement for every combination of filters: a NULL parameter turns
 * its condition off.  MariaDB optimizes a prepared statement again at each
 * execution, with the values known.
 */
/*
 * The ids are chosen first, reading only the columns the filters need;
 * the page's rows are then read whole.  Reading every column while
 * filtering cost twice as much for a search that scans the table (56 ms
 * against 31 ms at 100,000 tasks).
 */
/*
 * q also finds the expected product, the target and the responsible person
 * (issue 17).  They have no folded copy, so they are compared under
 * utf8mb4_unicode_520_ci, which ignores case and diacritics and takes đ as
 * d, against the folded pattern.  At 100,000 tasks a search that matches
 * nothing (a full scan) took 9 ms against 5 ms for the name alone.
 */
/*
 * The filters, after "WHERE k.id < ?": shared by the list and its count.
 * Visibility is the statement's source (TASK_VISIBLE_SOURCE for an
 * official, issue 8), not a condition here.
 */
#define LIST_FILTERS                                                           \
	"AND (? IS NULL OR k.year = ?) "                                       \
	"AND (? IS NULL OR k.status = ?) "                                     \
	"AND (? IS NULL OR k.kind = ?) "                                       \
	"AND (? IS NULL OR k.lead_agency = ? OR EXISTS (SELECT 1 "             \
	"FROM "                                                                \
	"task_coordinators f WHERE f.task_id = k.id AND "                      \
	"f.agency_code = ?)) "                                                 \
	"AND (? IS NULL OR COALESCE(k.deadline < ? AND k.status "              \
	"IN " TASK_OPEN_SQL ", 0) = ?) "                                       \
	"AND (? IS NULL OR k.name_fold LIKE ? "                                \
	"OR k.expected_product COLLATE utf8mb4_unicode_520_ci LIKE "           \
	"? "                                                                   \
	"OR k.target COLLATE utf8mb4_unicode_520_ci LIKE ? "                   \
	"OR k.responsible_person COLLATE utf8mb4_unicode_520_ci "              \
	"LIKE ?) "                                                             \
	"AND (? IS NULL OR k.lead_agency = ?) "                                \
	"AND (? IS NULL OR k.year = ? OR (k.year < ? AND k.status "            \
	"NOT IN "                                                              \
	"('completed', 'cancelled'))) "                                        \
	"AND (? IS NULL OR (k.status = 'in_program' AND NOT EXISTS "           \
	"(SELECT 1 "                                                           \
	"FROM reports r WHERE r.task_id = k.id AND r.period = ? AND "          \
	"r.status "                                                            \
	"IN ('submitted', 'approved')))) "                                     \
	"AND (? = 0 OR k.status <> 'draft') "                                  \
	"AND (? IS NULL OR (k.status = 'in_program' AND "                      \
	"COALESCE(k.progress_health, 'none') = ?)) "                           \
	"AND (? IS NULL OR FIND_IN_SET(?, k.fields) > 0) "                     \
	"AND (? IS NULL OR EXISTS (SELECT 1 FROM agencies fcm WHERE "          \
	"fcm.code = k.lead_agency AND fcm.committee = ?)) "                    \
	"AND " TASK_SCOPE("k") " "

/*
 * The page for a caller who sees every task, and for an official through
 * task_visibility.  At 100,037 tasks, SKHCN (7,408 visible): the page read
 * 3,687 coordinator rows and 830 tasks with "lead = ? OR EXISTS", 51 and
 * 51 from task_visibility (ANALYZE: 1.9 ms against 0.24 ms).
 */
#define LIST_SQL(src)                                                          \
	"SELECT {cols} FROM (SELECT k.id FROM " src " "                        \
	"WHERE k.id < ? " LIST_FILTERS "ORDER BY k.id DESC LIMIT ?) page "     \
	"JOIN tasks t ON t.id = page.id ORDER BY t.id DESC"
static const char list_sql[] = LIST_SQL("tasks k");
/*
 * An agency's rows (an official's own source, or agency=) with the
 * filters its rows hold (migration 0047; overdue=true only, and
 * missing_report='s in_program) in the join:
 * MariaDB may then read them by task_visibility_filters or _overdue
 * instead of walking every row of the agency for the few that pass
 * (SKHCN's status=draft at 123,420 tasks: 14,199 rows read for 51,
 * 8.8 ms).  The same conditions on k stay in LIST_FILTERS; these only
 * choose the rows to read.
 */
#define LIST_VISIBLE_FILTERS                                                   \
	" AND (? IS NULL OR vis.status = ?) "                                  \
	"AND (? IS NULL OR vis.year = ?) AND (? IS NULL OR vis.kind = ?) "     \
	"AND (? IS NULL OR (vis.sort_deadline < ? AND vis.status "             \
	"IN " TASK_OPEN_SQL ")) AND (? IS NULL OR vis.status = 'in_program')"
#define LIST_VISIBLE_SOURCE(a) TASK_VISIBLE_SOURCE(a) LIST_VISIBLE_FILTERS
#define LIST_VISIBLE_NPARAMS   9
/*
 * The same for a filter that keeps few of the agency's rows by an index
 * of their own (status=, missing_report='s in_program: task_visibility_
 * status, _filters; overdue=true: _overdue): read by it, not walked by the
 * primary key in the page's order for the few that pass, which MariaDB
 * prefers for LIMIT 51 even when it estimates 0.3 % pass.  Bench stack,
 * SKHCN's 21,363 rows: overdue=true (81) read 23,433 rows, 12.1 ms, 0.8 ms
 * so; status=draft (93) 16,237 rows, 12.6 ms, 0.7 ms so.  Unfiltered, or
 * by year or kind alone, the primary key's order is the page's (51 read).
 */
#define LIST_VISIBLE_NARROW_SOURCE(a)                                          \
	"task_visibility vis IGNORE INDEX FOR ORDER BY (PRIMARY) JOIN "        \
	"tasks " a " ON " a                                                    \
	".id = vis.task_id AND vis.agency_code = ?" LIST_VISIBLE_FILTERS
static const char list_agency_narrow_sql[] =
    LIST_SQL(LIST_VISIBLE_NARROW_SOURCE("k"));
/* The same rows joined to tasks k read first (TASK_SORT_KEY_WALK). */
#define LIST_VISIBLE_JOIN                                                      \
	"task_visibility vis ON vis.task_id = k.id AND vis.agency_code = "     \
	"?" LIST_VISIBLE_FILTERS
static const char list_agency_sql[] = LIST_SQL(LIST_VISIBLE_SOURCE("k"));
/* A search's candidates from the words index (fcgi/domain/task_search.c). */
static const char list_search_sql[] = LIST_SQL(TASK_SEARCH_SOURCE("k"));
static const char list_search_agency_sql[] =
    LIST_SQL(TASK_SEARCH_VISIBLE_SOURCE("k"));
/*
 * Issue 14: a commune's committee-wide caller pages through its own
 * agencies' tasks: MariaDB reads the committee's agencies
 * (agencies_committee), their tasks (tasks_lead) and sorts those by id,
 * instead of reading every task in id order for the few of one commune
 * (at 20,000 tasks and 3,300 communes: 61 ms a page before).  The
 * TASK_SCOPE filter stays, so the rows are the same either way.
 */
#define TASK_COMMITTEE_SOURCE(a)                                               \
	"agencies scp0 JOIN tasks " a " ON " a ".lead_agency = scp0.code "     \
	"AND scp0.committee = ?"
static const char list_committee_sql[] = LIST_SQL(TASK_COMMITTEE_SOURCE("k"));

/* How many tasks match, for the list's "1–50 / 157" (issue 17). */
#define COUNT_SQL(src)                                                         \
	"SELECT COUNT(*) FROM " src " WHERE k.id < ? " LIST_FILTERS
static const char count_sql[] = COUNT_SQL("tasks k");
static const char count_agency_sql[] = COUNT_SQL(LIST_VISIBLE_SOURCE("k"));
static const char count_search_sql[] = COUNT_SQL(TASK_SEARCH_SOURCE("k"));
static const char count_search_agency_sql[] =
    COUNT_SQL(TASK_SEARCH_VISIBLE_SOURCE("k"));
static const char count_committee_sql[] = COUNT_SQL(TASK_COMMITTEE_SOURCE("k"));

/*
 * Issue 8 (filters): overdue=true's source, the open tasks whose deadline
 * (bound to its one parameter, today) has passed, found by tasks_overdue
 * (migration 0038) and read first (STRAIGHT_JOIN): else MariaDB walks
 * every task in id order for the page.
 */
#define FILTER_OVERDUE_SOURCE(a)                                               \
	"tasks od STRAIGHT_JOIN tasks " a " ON " a                             \
	".id = od.id AND od.status "                                           \
	"IN " TASK_OPEN_SQL " AND od.deadline < ?"
static const char list_overdue_sql[] = LIST_SQL(FILTER_OVERDUE_SOURCE("k"));
static const char count_overdue_sql[] = COUNT_SQL(FILTER_OVERDUE_SOURCE("k"));
/*
 * Issue 8 (filters): field= is the field's rows of task_fields (migration
 * 0050) in task order: FIND_IN_SET on every task newest first read 30,847
 * rows for a page of field=project06 on the bench stack, whose newest
 * 19,000 tasks hold another field (18 ms).  The total comes from
 * dash_tally.  A plain join: MariaDB may start from another filter's
 * index instead.  Forcing the field's rows first (STRAIGHT_JOIN) took
 * field=project06&year=2026 from 54-88 ms to 4 (tasks_year walked 31,938
 * rows of 2026 for 51), but &year=2022&kind=database from 3 ms to 97-131
 * (the field's 36,727 rows for the few of a rare kind): not done.
 */
#define FILTER_FIELD_SOURCE(a)                                                 \
	"task_fields fs JOIN tasks " a " ON " a ".id = fs.task_id AND "        \
	"fs.field = ?"
static const char list_field_sql[] = LIST_SQL(FILTER_FIELD_SOURCE("k"));

/*
 * Issue 8 (filters, second pass): the tasks led by an agency of another
 * committee than its one parameter, for a total by the complement
 * (api_task_total.c): the province's committee leads most tasks, the
 * others' agencies (the communes') a few each, found by
 * agencies_committee and tasks_lead.
 */
#define FILTER_OTHER_COMMITTEES_SOURCE(a)                                      \
	"agencies ocm JOIN tasks " a " ON " a ".lead_agency = ocm.code "       \
	"AND ocm.committee <> ?"
static const char count_other_sql[] =
    COUNT_SQL(FILTER_OTHER_COMMITTEES_SOURCE("k"));

/*
 * A list or a count in its four sources: every task or an official's
 * (TASK_VISIBLE_SOURCE), each read whole or, for a search, through the
 * candidates of the words index (TASK_SEARCH_SOURCE, issue 8).
 */
struct list_sql {
	const char *all, *agency, *search_all, *search_agency;
	/* Issue 14: a commune's committee-wide caller's, or NULL. */
	const char *committee;
	/* Issue 8 (filters): overdue=true's source (FILTER_OVERDUE_SOURCE),
	 * or NULL. */
	const char *overdue;
	/* Issue 8 (filters): field='s (FILTER_FIELD_SOURCE), or NULL. */
	const char *field;
	/* Issue 8 (filters): f->not_committee's source (a count), or NULL. */
	const char *other;
	/* Issue 8 (filters): agency's when a filter keeps few of its rows
	 * (LIST_VISIBLE_NARROW_SOURCE), or NULL (agency). */
	const char *agency_narrow;
	bool cols; /* templates with {cols}: TASK_SQL() the one run only */
	/* Issue 8 (filters): the one of them that may give up
	 * (db_each_bounded()), or NULL. */
	const char *bounded;
};

static enum nv_err
found_row(void *ctx, const struct str *cells, size_t ncols)
{
	(void)cells;
	(void)ncols;
	*(bool *)ctx = true;
	return NV_OK;
}

/*
 * Issue 8 (filters): the source that reads the fewest rows for f, or
 * NULL for the caller's own (every task, an official's task_visibility,
 * a commune's committee).  Each binds one parameter, *p, in place of the
 * caller's; the caller's visibility and every filter stay conditions, so
 * the rows are the same from any source, only fewer are read.  At 100,037
 * tasks, the secretariat:
 *  - agency= (lead or coordinating) is that agency's task_visibility rows
 *    (TASK_VISIBLE_SOURCE), as an official's own list: the page read
 *    every task in id order with an EXISTS each;
 *  - committee= of a commune is its agencies' tasks
 *    (TASK_COMMITTEE_SOURCE), as a commune's caller (921 ms against 6 ms
 *    for a commune that leads nothing); the province's committee leads
 *    most tasks, which that source would read and sort by id (1.2 s
 *    against 0.56 s), so it keeps the walk in id order;
 *  - overdue=true is the open tasks past their deadline
 *    (FILTER_OVERDUE_SOURCE, tasks_overdue of migration 0038): about 1 %
 *    of the tasks, which a walk in id order met one in a hundred rows;
 *  - field= is the field's rows of task_fields (FILTER_FIELD_SOURCE).
 * An official's own source is already their agency's rows, and a
 * commune's caller's (cm) its committee's, a few hundred tasks.
 * agency='s own source drops the agency's condition (filter_run): the
 * rows are the agency's by task_visibility's definition, on which an
 * official's own list already rests.
 */
bool
api_task_commune_committee(struct str code)
{
	static const char sql[] =
	    "SELECT 1 FROM committees WHERE code = ? AND level = 'commune'";
	struct db_param p[] = {DBP_STR(code)};
	bool found = false;

	return db_each(sql, p, NELEM(p), found_row, &found) == NV_OK && found;
}

static const char *
filter_source(const struct list_sql *sql, const struct task_filter *f,
    bool official, struct str cm, const char *today, struct db_param *p)
{
	if (f->not_committee.p != NULL) {
		*p = DBP_STR(f->not_committee);
		return sql->other;
	}
	if (official)
		return NULL;
	if (f->agency.p != NULL && sql->agency != NULL) {
		*p = DBP_STR(f->agency);
		return sql->agency;
	}
	if (cm.p == NULL && f->has_overdue && f->overdue == 1 &&
	    sql->overdue != NULL) {
		*p = DBP_STR(str_c(today));
		return sql->overdue;
	}
	if (f->committee.p != NULL && sql->committee != NULL &&
	    api_task_commune_committee(f->committee)) {
		*p = DBP_STR(f->committee);
		return sql->committee;
	}
	if (cm.p == NULL && f->field.p != NULL && sql->field != NULL) {
		*p = DBP_STR(f->field);
		return sql->field;
	}
	return NULL;
}

/*
 * Runs one of sql's statements with f's parameters; limit is bound last,
 * and only when limit > 0 (the count has none); a sorted page's keyset
 * parameters (sort, when not NULL) come between them.  A search's
 * candidates come first, then an official's agency.  A search the index
 * finds nothing for runs no statement.
 */
static enum nv_err
filter_run(struct req *rq, const struct list_sql *sql,
    const struct task_filter *f, int64_t after, int64_t limit,
    const struct task_sort *sort, db_row_fn fn, void *ctx)
{
	char today[11];
	struct str ag = STR_NULL;
	bool official = task_visible_agency(&rq->sess->user, &ag);
	struct db_param yr = f->year ? DBP_INT(f->year) : DBP_NULL;
	struct db_param od = f->has_overdue ? DBP_INT(f->overdue) : DBP_NULL;
	struct db_param sc = f->scope ? DBP_INT(f->scope) : DBP_NULL;
	/* Issue 14: an official's source is their agency's rows already. */
	struct str cm =
	    official ? STR_NULL : task_scope_committee(&rq->sess->user);

	bool search = f->q.p != NULL && f->q_ids.p != NULL;
	/* Issue 8 (filters): a filter that names a few tasks reads them
	 * from its own source (filter_source). */
	struct db_param fsp;
	const char *fst;

	if (search && f->q_n == 0)
		return NV_OK;
	clock_today(today);
	fst = search ? NULL : filter_source(sql, f, official, cm, today, &fsp);
	/* agency='s own rows are exactly the tasks it leads or coordinates
	 * (migration 0025, as an official's list has them): its condition on
	 * each task would only read the agency's every coordinator row again
	 * (MariaDB materialises the EXISTS: 10,723 rows, 4.6 ms of an 8 ms
	 * page of 51 for SKHCN on the bench stack). */
	struct str by_agency =
	    fst != NULL && fst == sql->agency ? STR_NULL : f->agency;
	struct db_param p[] = {
	    DBP_INT(after),
	    yr,
	    yr,
	    DBP_STR(f->status),
	    DBP_STR(f->status),
	    DBP_STR(f->kind),
	    DBP_STR(f->kind),
	    DBP_STR(by_agency),
	    DBP_STR(by_agency),
	    DBP_STR(by_agency),
	    od,
	    DBP_STR(str_c(today)),
	    od,
	    DBP_STR(f->q),
	    DBP_STR(f->q),
	    DBP_STR(f->q),
	    DBP_STR(f->q),
	    DBP_STR(f->q),
	    DBP_STR(f->lead),
	    DBP_STR(f->lead),
	    sc,
	    sc,
	    sc,
	    DBP_STR(f->missing_report),
	    DBP_STR(f->missing_report),
	    DBP_INT(f->no_drafts ? 1 : 0),
	    DBP_STR(f->health),
	    DBP_STR(f->health),
	    DBP_STR(f->field),
	    DBP_STR(f->field),
	    DBP_STR(f->committee),
	    DBP_STR(f->committee),
	    DBP_STR(cm),
	    DBP_STR(cm),
	};
	/* A commune's committee-wide caller reads its committee's source,
	 * which binds the committee first, as the agency's binds the agency;
	 * a search reads the whole set (TASK_SCOPE still filters it). */
	bool committee =
	    !official && !search && cm.p != NULL && sql->committee != NULL;
	const char *st = search
	                     ? (official ? sql->search_agency : sql->search_all)
	                 : official  ? sql->agency
	                 : committee ? sql->committee
	                             : sql->all;
	struct db_param
	    ps[2 + LIST_VISIBLE_NPARAMS + NELEM(p) + TASK_SORT_NPARAMS + 1];
	_Static_assert(NELEM(ps) <= DB_PARAMS_MAX,
	    "a list's statement binds at most db.c's parameters");
	size_t n = 0;
	bool agency, bounded;

	/* not_committee has no condition but its source, which reads every
	 * task of the other committees: for whoever sees every task only. */
	if (f->not_committee.p != NULL &&
	    (fst == NULL || official || search || cm.p != NULL))
		return NV_EINTERNAL;
	if (fst != NULL)
		st = fst;
	agency = st == sql->agency;
	if (agency && sql->agency_narrow != NULL &&
	    (f->status.p != NULL || f->missing_report.p != NULL ||
	        (f->has_overdue && f->overdue == 1)))
		st = sql->agency_narrow;
	if (search)
		ps[n++] = DBP_STR(f->q_ids);
	if (fst != NULL)
		ps[n++] = fsp;
	else if (official)
		ps[n++] = DBP_STR(ag);
	else if (committee)
		ps[n++] = DBP_STR(cm);
	if (agency) {
		ps[n++] = DBP_STR(f->status);
		ps[n++] = DBP_STR(f->status);
		ps[n++] = yr;
		ps[n++] = yr;
		ps[n++] = DBP_STR(f->kind);
		ps[n++] = DBP_STR(f->kind);
		/* overdue=true only: false is most rows. */
		ps[n++] = f->has_overdue && f->overdue == 1 ? od : DBP_NULL;
		ps[n++] = DBP_STR(str_c(today));
		/* missing_report= is of in_program tasks only. */
		ps[n++] = DBP_STR(f->missing_report);
	}
	memcpy(ps + n, p, sizeof(p));
	n += NELEM(p);
	if (sort != NULL) {
		task_sort_bind(sort, ps + n);
		n += TASK_SORT_NPARAMS;
	}
	if (limit > 0)
		ps[n++] = DBP_INT(limit);
	bounded = st != NULL && st == sql->bounded;
	if (sql->cols && (st = TASK_SQL(st)) == NULL)
		return NV_EINTERNAL;
	return bounded ? db_each_bounded(st, ps, n, fn, ctx)
	               : db_each(st, ps, n, fn, ctx);
}

/* The list's page, by its source (filter_run()). */
static const struct list_sql page_sql = {.all = list_sql,
    .agency = list_agency_sql,
    .agency_narrow = list_agency_narrow_sql,
    .search_all = list_search_sql,
    .search_agency = list_search_agency_sql,
    .committee = list_committee_sql,
    .overdue = list_overdue_sql,
    .field = list_field_sql,
    .cols = true};

/*
 * Issue 8: a search's page from its candidates, newest first, a batch at
 * a time.  Given every candidate at once, MariaDB reads and sorts them all
 * for a page of 51 ("doi so": 1,237 rows at 100,037 tasks); a batch of the
 * newest candidates below the cursor usually fills the page, and each
 * further batch (four times the last) is older than the one before, so
 * the rows still come newest first.
 */
struct batch_ctx {
	db_row_fn fn;
	void *ctx;
	int64_t rows;
};

static enum nv_err
batch_row(void *ctx, const struct str *cells, size_t ncols)
{
	struct batch_ctx *b = ctx;

	b->rows++;
	return b->fn(b->ctx, cells, ncols);
}

static enum nv_err
search_batches(struct req *rq, const struct list_sql *sql,
    const struct task_filter *f, int64_t after, int64_t *limit, db_row_fn fn,
    void *ctx)
{
	struct batch_ctx b = {fn, ctx, 0};
	size_t hi = f->q_n, lo, size = SEARCH_BATCH;
	enum nv_err rc;

	while (hi > 0 && f->q_v[hi - 1] >= after)
		hi--;
	while (*limit > 0 && hi > 0) {
		struct task_filter g = *f;

		lo = hi > size ? hi - size : 0;
		g.q_ids = task_search_json(rq->arena, f->q_v + lo, hi - lo);
		g.q_n = hi - lo;
		if (g.q_ids.p == NULL)
			return NV_ETOOBIG;
		b.rows = 0;
		if ((rc = filter_run(rq, sql, &g, after, *limit, NULL,
		         batch_row, &b)) != NV_OK)
			return rc;
		*limit -= b.rows;
		hi = lo;
		size *= 4;
	}
	return NV_OK;
}

/*
 * Issue 8 (seventh pass): a search too wide to narrow (f->q_wide), a
 * window of task ids below after at a time, newest first
 * (task_search_window(): an official's candidates are those they see);
 * each window's candidates go to fn as g's, with *want, the rows still
 * wanted, which fn lowers.  Until want is 0 or no id is left.  When few
 * of many candidates pass (fewer than one in WALK_YIELD after
 * WALK_AFTER), rest gets the ids below the last window instead, to walk
 * as before: a phrase whose words are in every task's index but which no
 * text holds ("duoc truong", the last word of a target and the first of
 * a person, at 146,449 tasks: 3.6 s by windows, 0.4 s walked), or a
 * common word with a filter that few tasks pass.
 */
#define WALK_AFTER 1024
#define WALK_YIELD 8
typedef enum nv_err (*window_fn)(
    struct req *, const struct task_filter *g, int64_t *want, void *ctx);
typedef enum nv_err (*rest_fn)(struct req *, const struct task_filter *f,
    int64_t below, int64_t *want, void *ctx);

static enum nv_err
search_windows(struct req *rq, const struct task_filter *f, int64_t after,
    int64_t want, window_fn fn, rest_fn rest, void *ctx)
{
	struct str ag = STR_NULL;
	bool official = task_visible_agency(&rq->sess->user, &ag);
	int64_t hi = after, lo, cands = 0, found = 0;
	enum nv_err rc;

	while (want > 0 && hi > 0) {
		struct task_filter g = *f;
		int64_t before = want;

		if (cands >= WALK_AFTER && found * WALK_YIELD < cands)
			return rest(rq, f, hi, &want, ctx);
		if ((rc = task_search_window(rq->arena, f->q_wide,
		         official ? ag : STR_NULL, f->q_version, hi, &lo,
		         &g.q_v, &g.q_n)) != NV_OK)
			return rc;
		if (g.q_n == 0)
			break;
		if ((g.q_ids = task_search_json(rq->arena, g.q_v, g.q_n)).p ==
		    NULL)
			return NV_ETOOBIG;
		if ((rc = fn(rq, &g, &want, ctx)) != NV_OK)
			return rc;
		cands += (int64_t)g.q_n;
		found += before - want;
		hi = lo;
	}
	return NV_OK;
}

static bool
search_wide(const struct task_filter *f)
{
	return f->q.p != NULL && f->q_ids.p == NULL && f->q_wide != NULL;
}

struct rows_ctx {
	db_row_fn fn;
	void *ctx;
};

static enum nv_err
window_rows(
    struct req *rq, const struct task_filter *g, int64_t *want, void *ctx)
{
	struct rows_ctx *r = ctx;

	return search_batches(rq, &page_sql, g, INT64_MAX, want, r->fn, r->ctx);
}

/* The page's rows below an id, walked (f->q_ids NULL: the rule alone). */
static enum nv_err
walk_rows(struct req *rq, const struct task_filter *f, int64_t below,
    int64_t *want, void *ctx)
{
	struct rows_ctx *r = ctx;

	return filter_run(rq, &page_sql, f, below, *want, NULL, r->fn, r->ctx);
}

enum nv_err
api_task_query(struct req *rq, const struct task_filter *f, int64_t after,
    int64_t limit, db_row_fn fn, void *ctx)
{
	if (search_wide(f) && limit > 0) {
		struct rows_ctx r = {fn, ctx};

		return search_windows(
		    rq, f, after, limit, window_rows, walk_rows, &r);
	}
	if (f->q.p != NULL && f->q_ids.p != NULL && f->q_v != NULL &&
	    f->q_n > SEARCH_BATCH && limit > 0)
		return search_batches(rq, &page_sql, f, after, &limit, fn, ctx);
	return filter_run(rq, &page_sql, f, after, limit, NULL, fn, ctx);
}

static enum nv_err
count_row(void *ctx, const struct str *cells, size_t ncols)
{
	int64_t *n = ctx;

	if (ncols != 1 || str_to_i64(cells[0], 0, INT64_MAX, n) != NV_OK)
		return NV_EINTERNAL;
	return NV_OK;
}

enum nv_err
api_task_count(struct req *rq, const struct task_filter *f, int64_t *n)
{
	static const struct list_sql sql = {.all = count_sql,
	    .agency = count_agency_sql,
	    .search_all = count_search_sql,
	    .search_agency = count_search_agency_sql,
	    .committee = count_committee_sql,
	    .overdue = count_overdue_sql,
	    .other = count_other_sql};

	*n = 0;
	return filter_run(rq, &sql, f, INT64_MAX, 0, NULL, count_row, n);
}

/*
 * Issue 8: a search's total counted up to a bound.  COUNT(*) reads every
 * match (39,070 rows for "so" at 100,037 tasks, 887 ms); the statement
 * below stops at the limit's row, so the first page's "total" costs at
 * most that many matches read, whatever the words (docs/API.md: "total"
 * and "total_more").
 */
#define COUNT_UPTO_SQL(src)                                                    \
	"SELECT COUNT(*) FROM (SELECT 1 FROM " src                             \
	" WHERE k.id < ? " LIST_FILTERS "LIMIT ?) upto"
static const char count_upto_sql[] = COUNT_UPTO_SQL("tasks k");
static const char count_upto_agency_sql[] =
    COUNT_UPTO_SQL(LIST_VISIBLE_SOURCE("k"));
static const char count_upto_search_sql[] =
    COUNT_UPTO_SQL(TASK_SEARCH_SOURCE("k"));
static const char count_upto_search_agency_sql[] =
    COUNT_UPTO_SQL(TASK_SEARCH_VISIBLE_SOURCE("k"));
static const char count_upto_committee_sql[] =
    COUNT_UPTO_SQL(TASK_COMMITTEE_SOURCE("k"));

static const struct list_sql count_upto_sqls = {.all = count_upto_sql,
    .agency = count_upto_agency_sql,
    .search_all = count_upto_search_sql,
    .search_agency = count_upto_search_agency_sql,
    .committee = count_upto_committee_sql};

/* The matches below an id, walked and counted up to *want, added to *ctx. */
static enum nv_err
walk_count(struct req *rq, const struct task_filter *f, int64_t below,
    int64_t *want, void *ctx)
{
	int64_t *n = ctx, c = 0;
	enum nv_err rc;

	if ((rc = filter_run(rq, &count_upto_sqls, f, below, *want, NULL,
	         count_row, &c)) != NV_OK)
		return rc;
	*n += c;
	*want -= c;
	return NV_OK;
}

/* A window's matches, counted up to *want, added to *ctx. */
static enum nv_err
window_count(
    struct req *rq, const struct task_filter *g, int64_t *want, void *ctx)
{
	return walk_count(rq, g, INT64_MAX, want, ctx);
}

enum nv_err
api_task_count_upto(
    struct req *rq, const struct task_filter *f, int64_t max, int64_t *n)
{
	*n = 0;
	if (search_wide(f))
		return search_windows(
		    rq, f, INT64_MAX, max, window_count, walk_count, n);
	return filter_run(
	    rq, &count_upto_sqls, f, INT64_MAX, max, NULL, count_row, n);
}

struct list_ctx {
	struct req *rq;
	struct jw *w;
	char today[11];
	struct page pg;
	struct task_sort *sort; /* NULL: the default order */
};

static enum nv_err
list_row(void *ctx, const struct str *cells, size_t ncols)
{
	struct list_ctx *lc = ctx;
	struct task t;
	enum nv_err rc;

	if ((rc = task_parse(cells, ncols, &t)) != NV_OK)
		return rc;
	if (lc->sort != NULL
	        ? task_sort_take(lc->rq, lc->sort, t.id, cells[ncols - 1])
	        : page_take(&lc->pg, t.id))
		task_json(lc->w, &t, lc->today,
		    task_roles(&t, &lc->rq->sess->user),
		    task_rel_of(&t, &lc->rq->sess->user));
	return NV_OK;
}

/*
 * Issue 8 (seventh pass): a wide search sorted by a column sorts all its
 * matches, so it gathers every window's candidates (ascending) into g, a
 * copy of f, to sort those only: "chuyen doi so" by deadline at 142,370
 * tasks sorted the rule's walk over every task (264 ms).  More than max
 * candidates: g.q_ids.p stays NULL and the list walks, as before (an
 * official's "ng" by -updated, 9,800 candidates, took 2.3 s to sort
 * through them).
 */
#define SORT_GATHER_MAX 5000
static enum nv_err
search_gather(struct req *rq, const struct task_filter *f, size_t max,
    struct task_filter *g)
{
	struct str ag = STR_NULL;
	bool official = task_visible_agency(&rq->sess->user, &ag);
	int64_t *all = arena_alloc(rq->arena, max * sizeof(*all));
	int64_t hi = INT64_MAX, lo;
	size_t n = 0;
	enum nv_err rc;

	*g = *f;
	g->q_ids = STR_NULL;
	if (all == NULL)
		return NV_ETOOBIG;
	/* Windows come newest first, each ascending: filled from the end. */
	while (hi > 0) {
		const int64_t *v;
		size_t k;

		if ((rc = task_search_window(rq->arena, f->q_wide,
		         official ? ag : STR_NULL, f->q_version, hi, &lo, &v,
		         &k)) != NV_OK)
			return rc;
		if (k == 0)
			break;
		if (n + k > max)
			return NV_OK;
		memcpy(all + max - n - k, v, k * sizeof(*v));
		n += k;
		hi = lo;
	}
	g->q_v = all + max - n;
	g->q_n = n;
	g->q_ids = task_search_json(rq->arena, g->q_v, n);
	return g->q_ids.p != NULL ? NV_OK : NV_ETOOBIG;
}

/* A page sorted by a column (issue 17; api_task_sort.c). */
#define SORT_FILTERED_SOURCE(a)                                                \
	"tasks " a " IGNORE INDEX FOR ORDER BY (tasks_sort_deadline, "         \
	"tasks_sort_progress, tasks_sort_status, tasks_sort_name, "            \
	"tasks_sort_lead)"
static enum nv_err
sorted_list(struct req *rq, struct resp *rs, const struct task_filter *f,
    struct task_sort *sort)
{
	struct list_ctx lc = {0};
	/* Issue 8 (filters): a filtered page sorts the rows its filters find
	 * (the plans before migration 0042); walking a key's index instead
	 * may read most tasks before the first that passes: year=2026 and
	 * status=in_program by deadline read 0.96 s of it, against 0.22 s. */
	bool walk = api_task_unfiltered(f);
	/* An agency's rows sorted, ordered by task_visibility_deadline when
	 * they hold the key. */
	const char *agency_sorted =
	    task_sort_sql(sort, LIST_VISIBLE_SOURCE("k"), LIST_FILTERS,
	        walk ? TASK_SORT_AGENCY_WALK : 1);
	struct list_sql sql = {
	    .all = walk ? task_sort_sql(sort, "tasks k", LIST_FILTERS, 0)
	                : task_sort_sql(
	                      sort, SORT_FILTERED_SOURCE("k"), LIST_FILTERS, 6),
	    .agency = agency_sorted,
	    .search_all =
	        task_sort_sql(sort, TASK_SEARCH_SOURCE("k"), LIST_FILTERS, 2),
	    .search_agency = task_sort_sql(
	        sort, TASK_SEARCH_VISIBLE_SOURCE("k"), LIST_FILTERS, 3),
	    /* Issue 8 (filters): a commune's and a filter's own sources. */
	    .committee = task_sort_sql(
	        sort, TASK_COMMITTEE_SOURCE("k"), LIST_FILTERS, 4),
	    .overdue = task_sort_sql(
	        sort, FILTER_OVERDUE_SOURCE("k"), LIST_FILTERS, 5),
	    .cols = true};
	struct task_filter g = {.q_ids = STR_NULL};
	struct task_sort from;
	struct jw w;
	size_t mark;
	struct str ag = STR_NULL;
	int64_t total = 0;
	enum nv_err rc;

	if (sql.all == NULL || sql.agency == NULL || sql.search_all == NULL ||
	    sql.search_agency == NULL || sql.committee == NULL ||
	    sql.overdue == NULL)
		return NV_EINTERNAL;
	/* Issue 8 (filters): an official's unfiltered page by a key their
	 * rows do not hold sorted all of them (SKHCN's 21,363 by name on the
	 * bench stack: 65 ms); when the agency sees enough of the tasks, the
	 * tasks' own index of the key is walked instead, each looked up in
	 * the agency's rows, and given up for the sort if it reads too many
	 * (their order is not the ids'). */
	if (walk && !task_sort_by_visibility(sort) &&
	    task_visible_agency(&rq->sess->user, &ag)) {
		bool sooner = false;

		if ((rc = api_task_walk_sooner(
		         rq, ag, sort->limit + 1, &sooner)) != NV_OK)
			return rc;
		if (sooner) {
			sql.bounded = task_sort_sql(sort, LIST_VISIBLE_JOIN,
			    LIST_FILTERS, TASK_SORT_KEY_WALK);
			if (sql.bounded == NULL)
				return NV_EINTERNAL;
			sql.agency = sql.bounded;
		}
	}
	if (!sort->has_cursor && (rc = api_task_total(rq, f, &total)) != NV_OK)
		return rc;
	lc.rq = rq;
	lc.sort = sort;
	clock_today(lc.today);
	lc.w = resp_json(rs, 200);
	jw_obj_open(lc.w);
	if (!sort->has_cursor)
		api_task_total_json(lc.w, f, total);
	jw_key(lc.w, "items");
	jw_arr_open(lc.w);
	if (search_wide(f) &&
	    (rc = search_gather(rq, f, SORT_GATHER_MAX, &g)) != NV_OK)
		return rc;
	if (g.q_ids.p != NULL)
		f = &g;
	mark = rs->body.len;
	w = *lc.w;
	from = *sort;
	rc = filter_run(
	    rq, &sql, f, INT64_MAX, sort->limit + 1, sort, list_row, &lc);
	if (sql.bounded != NULL &&
	    (rc == NV_ELIMIT || (rc == NV_OK && !sort->more))) {
		/* The walk gave up, or it reached the list's end: a short page
		 * is read by the sort instead (db_each_bounded()). */
		rs->body.len = mark;
		*lc.w = w;
		*sort = from;
		sql.agency = agency_sorted;
		sql.bounded = NULL;
		rc = filter_run(rq, &sql, f, INT64_MAX, sort->limit + 1, sort,
		    list_row, &lc);
	}
	if (rc != NV_OK)
		return rc;
	task_sort_end(rq, lc.w, sort);
	return NV_OK;
}

enum nv_err
api_task_list(struct req *rq, struct resp *rs)
{
	struct task_filter f;
	struct list_ctx lc = {0};
	struct task_page_key key = {0};
	struct task_sort sort;
	bool keep;
	int64_t total = 0;
	bool first;
	enum nv_err rc;

	if ((rc = api_task_filter(rq, &f)) != NV_OK ||
	    (rc = task_sort_params(rq, &sort)) != NV_OK)
		return rc;
	if (sort.key >= 0)
		return sorted_list(rq, rs, &f, &sort);
	if ((rc = page_params(rq, &lc.pg)) != NV_OK)
		return rc;
	/* Unfiltered pages are kept while nothing they show changes. */
	if ((keep = api_task_unfiltered(&f)) && api_task_page_hit(rq, rs, &key))
		return NV_OK;
	first = lc.pg.after == INT64_MAX;
	/* The first page says how many there are in all (issue 17). */
	if (first && (rc = api_task_total(rq, &f, &total)) != NV_OK)
		return rc;
	lc.rq = rq;
	clock_today(lc.today);
	lc.w = resp_json(rs, 200);
	jw_obj_open(lc.w);
	if (first)
		api_task_total_json(lc.w, &f, total);
	jw_key(lc.w, "items");
	jw_arr_open(lc.w);
	if ((rc = api_task_query(
	         rq, &f, lc.pg.after, lc.pg.limit + 1, list_row, &lc)) != NV_OK)
		return rc;
	page_end(lc.w, &lc.pg);
	if (keep)
		api_task_page_keep(rq, rs, &key);
	return NV_OK;
}

/* --- comments and history ----------------------------------------------- */

/* clang-format off */
#define HISTORY_COLS							\
	"DATE_FORMAT(at, '%Y-%m-%dT%H:%i:%sZ'), actor, action, "	\
	"from_status, to_status, comment, detail, actor_name, "	\
	"on_behalf_of, on_behalf_name"
/* clang-format on */

enum nv_err
api_task_comment(struct req *rq, struct resp *rs)
{
	static const char sel[] =
	    "SELECT " HISTORY_COLS " FROM audit WHERE id = LAST_INSERT_ID()";
	const struct user *u = &rq->sess->user;
	struct fval v[NELEM(comment_fields)];
	struct actor ac;
	struct wf_rec rec;
	const struct task *t;
	enum task_state to;
	struct audit au = {0};
	struct db_res r;
	struct cJSON *root;
	enum nv_err rc;

	api_actor(rq, &ac);
	if ((rc = wf_load(&ac, &task_record, rq->path_id, false, &rec)) !=
	    NV_OK)
		return rc;
	t = rec.row;
	if ((rc = policy_task(u->roles, rec.rel, TA_COMMENT, t->status, &to)) !=
	    NV_OK)
		return rc;
	if ((rc = req_json(rq, &root)) != NV_OK ||
	    (rc = req_fields(
	         rq, root, comment_fields, NELEM(comment_fields), v)) != NV_OK)
		return rc;
	if (!wf_has_text(v[0].s))
		return req_fail(rq, NV_EINVAL, "text",
		    "Nội dung ý kiến không được để trống.");
	au.actor = u->username;
	/* What the committee's leadership writes is a direction. */
	au.action =
	    u->roles & ROLE_BIT(ROLE_LEADERSHIP) ? "direction" : "comment";
	au.task_id = t->id;
	au.comment = v[0].s.p;
	if ((rc = audit_write(rq, &au)) != NV_OK)
		return rc;
	if ((rc = db_query(rq->arena, sel, NULL, 0, &r)) != NV_OK)
		return rc;
	if (r.nrows != 1)
		return NV_EINTERNAL;
	api_history_item(resp_json(rs, 201), r.cells);
	return NV_OK;
}

enum nv_err
api_task_history(struct req *rq, struct resp *rs)
{
	static const char sel[] =
	    "SELECT " HISTORY_COLS " FROM audit WHERE task_id = ? AND "
	    "report_id IS NULL ORDER BY id";

	return api_history(rq, rs, &task_record, sel);
}
