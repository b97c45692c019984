/* SPDX-License-Identifier: ISC */
/*
 * The task list's sortable columns (issue 17): "sort" names a column,
 * "-" before it for descending (sort=-deadline).  Without "sort" the list
 * keeps its order, newest first, and its cursor (fcgi/http/page.c).
 * With it, the keyset pages go by (column, id) and the cursor carries
 * both, opaque: base64url of "s1:<sort>:<id>:<value>".  A cursor made for
 * another sort, or altered, is a 400.
 */
#ifndef API_TASK_SORT_H
#define API_TASK_SORT_H

#include <stdbool.h>
#include <stdint.h>

#include "fcgi/base/db.h"
#include "fcgi/base/jw.h"
#include "fcgi/http/req.h"

#define TASK_SORT_VALUE_MAX                                                    \
	2000 /* bytes of a key: name_fold is VARBINARY(2000) */

struct task_sort {
	int key; /* index in the sort table; -1: no sort (the default) */
	bool desc;
	bool has_cursor;
	int64_t after_id;
	struct str after_val; /* the last row's key, as the database wrote it */
	int64_t limit;
	/* the last row written, for next_cursor */
	int64_t n, last_id;
	struct str last_val;
	bool more;
};

/*
 * Reads sort, and when sort is present, limit and cursor (else the caller
 * reads them with page_params()).  NV_EINVAL naming the bad key.
 */
enum nv_err task_sort_params(struct req *, struct task_sort *);
/*
 * The statement of a sorted page: "SELECT {cols}, page.sk FROM (SELECT
 * k.id, <key> sk FROM <src> WHERE k.id < ? " where " AND <keyset> ORDER
 * BY ... LIMIT ?) page JOIN tasks t ...", where src is source 0 "tasks
 * k", 1 for an official TASK_VISIBLE_SOURCE("k"), 2 and 3 the same for a
 * search's candidates (TASK_SEARCH_SOURCE, TASK_SEARCH_VISIBLE_SOURCE),
 * 4 a committee's (TASK_COMMITTEE_SOURCE), 5 the overdue tasks'
 * (FILTER_OVERDUE_SOURCE, issue 8), 6 every task without the sort
 * indexes (a filtered page, issue 8), TASK_SORT_AGENCY_WALK an agency's
 * rows unfiltered (keyed on task_visibility where it holds the key),
 * TASK_SORT_KEY_WALK the tasks in the key's own index order joined to src
 * (an agency's rows: "task_visibility vis ON vis.task_id = k.id AND ..."),
 * giving up after TASK_SORT_WALK_EXAMINED rows examined (run it with
 * db_each_bounded()), and where is the list's filters.  The same pointer
 * for the same sort and source, so record_sql() caches it; NULL when out
 * of memory.
 */
#define TASK_SORT_AGENCY_WALK 7
#define TASK_SORT_KEY_WALK    8
#define TASK_SORT_NSOURCES    9
/*
 * Issue 8 (filters): the rows a key walk may examine before it gives up,
 * 4,000-6,000 tasks walked (1.3-2 rows each: the task, and the lookup in
 * the agency's rows counts when it finds one).  On the bench stack a row
 * examined costs 6-7 us (1,969 rows, 13 ms, SKHCN by -lead_agency), so a
 * walk that gives up has spent some 55 ms before the sort it was to
 * save (SKHCN's 21,363 rows: 65-130 ms).
 */
#define TASK_SORT_WALK_EXAMINED 8192
const char *task_sort_sql(
    const struct task_sort *, const char *src, const char *where, int source);
/* Whether an agency's rows of task_visibility hold the key
 * (TASK_SORT_AGENCY_WALK orders by them). */
bool task_sort_by_visibility(const struct task_sort *);
/* The keyset's parameters (TASK_SORT_NPARAMS), after the filters'. */
#define TASK_SORT_NPARAMS 4
void task_sort_bind(const struct task_sort *, struct db_param *);
/* Counts a row as page_take() does, keeping its key (the last cell). */
bool task_sort_take(
    struct req *, struct task_sort *, int64_t id, struct str key);
/* Closes the items array, writes next_cursor and closes the object. */
void task_sort_end(struct req *, struct jw *, const struct task_sort *);

#endif
