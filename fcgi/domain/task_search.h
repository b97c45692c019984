/* SPDX-License-Identifier: ISC */
/*
 * The list's search (q=) through the words index of migration 0032
 * (task_words, search_words), issue 8.  The index only narrows: it gives
 * a superset of the tasks whose text holds the folded words, and the
 * list's own rule (LIKE on the four columns) still decides, so the results
 * are the old rule's; at 100,000 tasks a search then reads the postings of
 * a few words instead of every task.
 */
#ifndef TASK_SEARCH_H
#define TASK_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "fcgi/base/arena.h"
#include "fcgi/base/nv.h"
#include "fcgi/base/str.h"
#include "fcgi/domain/task.h"

/*
 * More candidates than this: the index narrows too little; the page walks
 * the tasks newest first, which finds its rows soon among so many (issue
 * 8: at 100,037 tasks, reading 20,001 postings of "%so%" took 5-6 ms and
 * 2,001 of them 0.7 ms; above 2 % of the tasks a page of 51 walks at most
 * about 2,500 of them, 2-3 ms).
 */
#define TASK_SEARCH_MAX 2000
/*
 * The bound for an official's search, whose candidates are then narrowed
 * to those the agency sees (task_search_visible): a common phrase is too
 * wide for TASK_SEARCH_MAX and then walked task by task, though an
 * official sees few of its tasks (issue 8, 123,420 tasks, SKHCN seeing
 * 9,842: "chuyen doi so", in 3,795 tasks, 330 of them SKHCN's).
 */
#define TASK_SEARCH_WIDE 8000

/*
 * The candidates of a search: ids, a JSON array of task ids in ascending
 * order (n of them), for TASK_SEARCH_SOURCE's first parameter; ids.p NULL
 * when the index cannot narrow this search (then the list reads every
 * task, as before).  n == 0 with ids.p set: nothing matches.
 */
struct task_search {
	struct str ids;
	size_t n;
	/* The same ids, ascending (issue 8: the page reads them in batches
	 * from the newest, task_search_json()). */
	const int64_t *v;
	/* ids.p NULL because every slot had more than max postings
	 * (task_search_candidates): the first max of one of them as a JSON
	 * array (some tasks that may match), else STR_NULL.  A count that finds
	 * enough matches among these need not walk every task. */
	struct str some;
	size_t some_n;
	const int64_t *some_v; /* the same, ascending */
};

/*
 * Keeps of the candidates those the agency sees (task_visibility), by the
 * index alone: an official sees few of them (SKHCN 7 % of the tasks), and
 * the page and the count then read only those.
 */
enum nv_err task_search_visible(
    struct arena *, struct str agency, struct task_search *);
/*
 * The same for the postings of a search too wide to narrow (some): an
 * official's count then looks for its matches among those they see
 * before it walks their agency's tasks (issue 8: "ke hoach" at 123,420
 * tasks, 8,000 postings, SKHCN seeing 9,842: the walk read 5,717 rows,
 * 11 ms, to count 201).
 */
enum nv_err task_search_visible_some(
    struct arena *, struct str agency, struct task_search *);

/* v[0..n) as a JSON array, for TASK_SEARCH_SOURCE's parameter. */
struct str task_search_json(struct arena *, const int64_t *v, size_t n);

/*
 * folded: the query as utf8_fold() writes it (single spaces, trimmed);
 * max: the most postings a slot keeps before it counts as too wide
 * (TASK_SEARCH_MAX, or TASK_SEARCH_WIDE for an official).  NV_ETOOBIG
 * when the arena cannot hold 2 * max ids.
 */
enum nv_err task_search_candidates(
    struct arena *, const char *folded, size_t max, struct task_search *);

/*
 * A list's source for a search: the candidates joined to tasks as alias a
 * (everyone), or to the caller's agency's rows as TASK_VISIBLE_SOURCE
 * (an official).  The ids' parameter comes first, then the agency's.
 */
/* clang-format off */
#define TASK_SEARCH_IDS \
	"JSON_TABLE(?, '$[*]' COLUMNS (id BIGINT UNSIGNED PATH '$')) sj "
/* Issue 8: the candidates first, whatever the optimizer thinks: joined
 * the other way, an official's 7,408 rows of task_visibility each read the
 * whole JSON array (a page of "doi so" at 100,037 tasks: 22-25 ms against
 * 1 ms). */
#define TASK_SEARCH_SOURCE(a) \
	TASK_SEARCH_IDS "STRAIGHT_JOIN tasks " a " ON " a ".id = sj.id"
#define TASK_SEARCH_VISIBLE_SOURCE(a) \
	TASK_SEARCH_IDS "STRAIGHT_JOIN task_visibility vis ON " \
	"vis.agency_code = ? AND vis.task_id = sj.id " \
	"STRAIGHT_JOIN tasks " a " ON " a ".id = sj.id"
/* clang-format on */

#endif
