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
 * More candidates than this: the index narrows too little to read them
 * all at once; the search is then read a window of task ids at a time
 * (task_search_window()).  Reading them is also how a search learns it is
 * wide: at 142,370 tasks 2,001 postings took 0.6-1.5 ms a slot, and
 * "thai" (3,851 postings) went from 7.1 to 5.2 ms, "ke hoach" from 7.1
 * to 4.9 ms with 500 (issue 8, seventh pass).
 */
#define TASK_SEARCH_MAX 500

/*
 * A search too wide for its candidates (every slot over max), read a
 * window of task ids at a time (task_search_window()).  Opaque.
 */
struct task_search_wide;

/*
 * The candidates of a search: ids, a JSON array of task ids in ascending
 * order (n of them), for TASK_SEARCH_SOURCE's first parameter; ids.p NULL
 * when the index cannot narrow this search.  n == 0 with ids.p set:
 * nothing matches.
 */
struct task_search {
	struct str ids;
	size_t n;
	/* The same ids, ascending (issue 8: the page reads them in batches
	 * from the newest, task_search_json()). */
	const int64_t *v;
	/* ids.p NULL because every slot had more than max postings: the
	 * slots and their words, for task_search_window(); NULL when the
	 * query has no slot a window reads (then the list reads every task,
	 * as before). */
	struct task_search_wide *wide;
};

/*
 * Keeps of the candidates those the agency sees (task_visibility), by the
 * index alone: an official sees few of them (SKHCN 7 % of the tasks), and
 * the page and the count then read only those.  version: list_version as
 * the caller read it before, under which the agency's ids are kept
 * (task_seen()); 0 reads the rows between the candidates instead.
 */
enum nv_err task_search_visible(
    struct arena *, struct str agency, uint64_t version, struct task_search *);

/*
 * Issue 8 (seventh pass): the candidates of a wide search among the task
 * ids below hi, newest first, without reading every task.  Each slot's
 * words are read once (search_suffixes, search_words); then each call
 * reads their postings in one window of ids [*lo, hi) (the primary key
 * of task_words is (word, task_id): one range per word), intersects the
 * slots, and keeps those agency sees (agency.p NULL: every one; version
 * as task_search_visible()'s).  The
 * window aims at a few hundred candidates (it adapts from call to call,
 * task_search.c), and starts below the newest posting every slot has
 * under hi, so ids that hold no slot cost nothing.  A window asked again
 * (the same hi, in the same request) is given as before, unread.
 *   v, n: the candidates, ascending: 256 or more unless fewer are left
 *         (a sparse window is read on into the next), 0 when none is;
 *   *lo: the window's low end, the next call's hi; 0 when no id below
 *        it can be a candidate.
 * NV_ETOOBIG when the arena is full; a database error as db_each().
 */
enum nv_err task_search_window(struct arena *, struct task_search_wide *,
    struct str agency, uint64_t version, int64_t hi, int64_t *lo,
    const int64_t **v, size_t *n);

/* v[0..n) as a JSON array, for TASK_SEARCH_SOURCE's parameter. */
struct str task_search_json(struct arena *, const int64_t *v, size_t n);

/*
 * folded: the query as utf8_fold() writes it (single spaces, trimmed);
 * max: the most postings a slot keeps before it counts as too wide
 * (TASK_SEARCH_MAX).  NV_ETOOBIG
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
