/* SPDX-License-Identifier: ISC */
/*
 * Candidates of a search from the words index (migration 0032).  The
 * index holds every word of a task's folded name, expected product,
 * target and responsible person, and every pair of adjacent words
 * ("w1 w2"), compared under utf8mb4_unicode_520_ci as the list compares
 * the unfolded columns.  Words end at every code point that collation's
 * LIKE takes for a space (U+00A0, U+3000...: migration 0039), the code
 * points utf8_fold() makes a space in the folded query, so the query's
 * words split where the text's do.  If the folded query t1 .. tn occurs
 * in a task's text, then
 *  - n = 1: t1 is part of one of its words (LIKE '%t1%' on the words,
 *    read as 't1%' on their suffixes, migration 0044);
 *  - n = 2: "t1 t2" is part of one of its pairs ('%t1 t2%');
 *  - n > 2: its pairs hold "..t1 t2" (a suffix), every "ti ti+1" between
 *    them exactly, and "tn-1 tn.." (a prefix).
 * Each such pattern is a slot; a task must match every slot used (at most
 * three: the first, the last and the longest between), so the candidates
 * are a superset of the matches.  A word or pair longer than the index
 * keeps (64 characters) is indexed as '', which every slot takes.
 *
 * At 100,037 tasks: "khongcodau" reads no posting; "chuyen doi so" reads
 * the postings of "doi so.." and "..chuyen doi" (about 1,200 each) and
 * leaves 16 candidates, where the rule alone read every task (1,035 ms in
 * the curve of tests/bench/README.md).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fcgi/base/db.h"
#include "fcgi/base/jw.h"
#include "fcgi/base/str.h"
#include "fcgi/domain/task_search.h"
#include "fcgi/domain/task_seen.h"

#define SLOTS 3

/*
 * pair 2 (issue 8): the pairs that match pat ("%t0 t1%" or "%t0 t1"),
 * found from their words instead of by matching pat on every pair of the
 * vocabulary: "a b" where a ends with t0 (a suffix of a LIKE pa, "t0",
 * migration 0044) and b LIKE pb ("t1%" or "t1"), looked up whole in
 * task_words, with the tasks of '' (a word or pair too long to keep).  No
 * single word can hold the space of pat: the index splits at every code
 * point LIKE takes for a space (migration 0039).  At 100,037 tasks (242
 * words, 4,742 pairs) "%doi so%" took 1.5-2.2 ms by the pairs and 0.66 ms
 * by the words, "%chuyen doi" 1.5-2.2 ms against 0.26-0.29 ms; and the
 * pairs grow much faster than the words.
 */
struct slot {
	int pair;          /* 0: a word, 1: a pair of words, 2: see above */
	struct str pat;    /* a LIKE pattern, escaped: of a word's suffix
	                      for pair 0, of a pair for pair 1, the
	                      text pair 2 stands for */
	struct str pa, pb; /* pair 2: its first word's suffix, its second */
	size_t weight;     /* the narrower the likelier first */
	bool left_out;     /* neither narrows nor is read by windows */
};

struct ids {
	int64_t *v;
	size_t n, max; /* v holds max */
	bool over;     /* more than max */
};

/* Appends s[0..n) escaped for LIKE to out at *o. */
static void
esc(char *out, size_t *o, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '%' || s[i] == '_' || s[i] == '\\')
			out[(*o)++] = '\\';
		out[(*o)++] = s[i];
	}
}

/* The pattern pre + s[0..n) + post, s escaped. */
static struct str
pattern(
    struct arena *a, const char *pre, const char *s, size_t n, const char *post)
{
	char *out = arena_alloc(a, 2 * n + 3);
	size_t o = 0;

	if (out == NULL)
		return STR_NULL;
	if (*pre != '\0')
		out[o++] = *pre;
	esc(out, &o, s, n);
	if (*post != '\0')
		out[o++] = *post;
	out[o] = '\0';
	return (struct str){out, o};
}

static enum nv_err
id_row(void *ctx, const struct str *cells, size_t ncols)
{
	struct ids *r = ctx;
	int64_t id;

	if (ncols != 1 || str_to_i64(cells[0], 1, INT64_MAX, &id) != NV_OK)
		return NV_EINTERNAL;
	if (r->n == r->max) {
		r->over = true;
		return NV_OK;
	}
	r->v[r->n++] = id;
	return NV_OK;
}

/* The ids of a[0..na) also in b[0..nb) (both ascending) to out, which
 * may be a; returns how many. */
static size_t
common(const int64_t *a, size_t na, const int64_t *b, size_t nb, int64_t *out)
{
	size_t i = 0, j = 0, o = 0;

	while (i < na && j < nb) {
		if (a[i] < b[j])
			i++;
		else if (a[i] > b[j])
			j++;
		else {
			out[o++] = a[i];
			i++;
			j++;
		}
	}
	return o;
}

/* Keeps in *have only the ids also in got (both ascending). */
static void
intersect(struct ids *have, const struct ids *got)
{
	have->n = common(have->v, have->n, got->v, got->n, have->v);
}

static int
by_id(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;

	return a < b ? -1 : a > b;
}

/* Ascending, each id once (a task may hold several matching words). */
static void
sort_unique(struct ids *r)
{
	size_t i, o = 0;

	qsort(r->v, r->n, sizeof(r->v[0]), by_id);
	for (i = 0; i < r->n; i++)
		if (o == 0 || r->v[o - 1] != r->v[i])
			r->v[o++] = r->v[i];
	r->n = o;
}

static int
by_weight(const void *x, const void *y)
{
	const struct slot *a = x, *b = y;

	return a->weight < b->weight ? 1 : a->weight > b->weight ? -1 : 0;
}

/* The slots of the folded query; 0 when it has no word. */
static size_t
plan(struct arena *a, const char *q, struct slot *s)
{
	const char *w[256];
	size_t len[256], n = 0, k = 0, i, best = 0, bestlen = 0;
	const char *p = q;

	while (*p != '\0' && n < NELEM(w)) {
		const char *e = strchr(p, ' ');
		size_t l = e != NULL ? (size_t)(e - p) : strlen(p);

		if (l > 0) {
			w[n] = p;
			len[n++] = l;
		}
		p += l;
		while (*p == ' ')
			p++;
	}
	if (n == 0 || *p != '\0')
		return 0; /* none, or too many words to plan: scan */
	if (n == 1) {
		s[0] = (struct slot){0, pattern(a, "", w[0], len[0], "%"),
		    STR_NULL, STR_NULL, 1};
		return s[0].pat.p != NULL;
	}
	/* A pair is the text from its first word to the end of its second;
	 * "a b" holds "t0 t1" at its space when a ends with t0 and b begins
	 * with t1 (or is t1, for "%t0 t1"). */
	if (n == 2) {
		s[0] = (struct slot){2,
		    pattern(a, "", w[0], (size_t)(w[1] + len[1] - w[0]), "%"),
		    pattern(a, "", w[0], len[0], ""),
		    pattern(a, "", w[1], len[1], "%"), 1};
		return s[0].pat.p != NULL && s[0].pa.p != NULL &&
		       s[0].pb.p != NULL;
	}
	s[k++] = (struct slot){2,
	    pattern(a, "", w[0], (size_t)(w[1] + len[1] - w[0]), ""),
	    pattern(a, "", w[0], len[0], ""), pattern(a, "", w[1], len[1], ""),
	    len[0] + len[1]};
	if (s[0].pa.p == NULL || s[0].pb.p == NULL)
		return 0;
	s[k++] = (struct slot){1,
	    pattern(a, "", w[n - 2], (size_t)(w[n - 1] + len[n - 1] - w[n - 2]),
	        "%"),
	    STR_NULL, STR_NULL, len[n - 2] + len[n - 1] + 1};
	for (i = 1; i + 2 < n; i++)
		if (len[i] + len[i + 1] > bestlen) {
			best = i;
			bestlen = len[i] + len[i + 1];
		}
	if (bestlen > 0)
		s[k++] = (struct slot){1,
		    pattern(a, "", w[best],
		        (size_t)(w[best + 1] + len[best + 1] - w[best]), ""),
		    STR_NULL, STR_NULL, bestlen + 2};
	for (i = 0; i < k; i++)
		if (s[i].pat.p == NULL)
			return 0;
	qsort(s, k, sizeof(s[0]), by_weight);
	return k;
}

/*
 * Issue 8 (seventh pass): pair 2 looks up every pair of its first word's
 * words and its second's.  For "a c" at 146,449 tasks that was 1,584
 * words ending with "a" by 1,591 beginning with "c": 2.5 million lookups,
 * 4.8 s, past the statement's timeout, and the worker's connection lost.
 * More than PAIR_CROSSING of them: the slot is left out (the others, or
 * the rule alone, decide).  A lookup is about 3 us ("a g", 9,504 of them:
 * 30 ms, where walking the tasks took 0.5 s).
 */
#define PAIR_CROSSING 16384

static enum nv_err
count_row(void *ctx, const struct str *cells, size_t ncols)
{
	int64_t *n = ctx;

	if (ncols != 1)
		return NV_EINTERNAL;
	return str_to_i64(cells[0], 0, INT64_MAX, n);
}

static enum nv_err
pair_crossing(struct slot *s)
{
	static const char sql[] =
	    "SELECT (SELECT COUNT(*) FROM (SELECT DISTINCT word FROM "
	    "search_suffixes WHERE suffix LIKE ? LIMIT ?) sa) * "
	    "(SELECT COUNT(*) FROM (SELECT 1 FROM search_words "
	    "WHERE pair = 0 AND word LIKE ? LIMIT ?) sb)";
	struct db_param p[] = {DBP_STR(s->pa), DBP_INT(PAIR_CROSSING + 1),
	    DBP_STR(s->pb), DBP_INT(PAIR_CROSSING + 1)};
	int64_t n = 0;
	enum nv_err rc;

	if ((rc = db_each(sql, p, NELEM(p), count_row, &n)) != NV_OK)
		return rc;
	s->left_out = n > PAIR_CROSSING;
	return NV_OK;
}

/*
 * Issue 8 (seventh pass): a search whose every slot is too wide to narrow
 * ("so", "chuyen doi so" at 142,370 tasks) walked the tasks newest first
 * until its page was full, reading each with the rule: where the newest
 * 19,000 tasks held none of its words, a page read 18,284 of them (30-50
 * ms), and an official's "so" 37-58 ms.  It now reads its postings a
 * window of task ids at a time (task_search_window()): the page reads
 * the postings near its rows, and ids that hold no slot cost nothing.
 */
/* Words a statement binds (db.c's DB_PARAMS_MAX); a slot of more words
 * than WIDE_CHUNKS statements bind is left out of the windows. */
#define WIDE_WORDS    48
#define WIDE_CHUNKS   4
#define WIDE_TARGET   256  /* candidates a window aims at */
#define WIDE_POSTINGS 4096 /* and the most postings of a slot it aims at */
#define WIDE_CAP      8192 /* more: the window is read again, narrower */
#define WIDE_FIRST    2048 /* the first window's width, in task ids */
#define WIDE_SEEN     16   /* windows kept for a second walk */
/*
 * A slot after the first that keeps more than 7 in 8 of a window's
 * candidates, IDLE_FROM of them or more, is not read again in that
 * search: the rule decides on the candidates anyway, and a slot that
 * hardly narrows costs its read for nothing.  "chuyen doi so" as SKHCN
 * (105,158 tasks): "..chuyen doi" and "doi so.." have the same 3,779
 * postings, 1.5 ms of reads a request (issue 8).
 */
#define IDLE_FROM 64
/*
 * A window that leaves fewer candidates than this is read on into the
 * ids below before its candidates go out: each batch costs the caller a
 * count and a page statement (0.3-0.4 ms each, whatever their size), and
 * an official's first window of 2,048 ids left "chuyen doi so" 1 of its
 * 72 candidates (issue 8).  At 64, SKHCN's "chuyen doi so" took three
 * batches; at WIDE_TARGET two: MariaDB 3.3-3.7 -> 3.1 ms of CPU a request.
 */
#define WIDE_LEAST WIDE_TARGET

struct task_search_wide {
	size_t k;
	struct str *words[SLOTS]; /* each slot's words, '' among them */
	size_t nwords[SLOTS];
	int64_t size; /* the next window's width, in task ids */
	struct ids have, got;
	/* Slot i narrowed a window too little to be read again (i > 0). */
	bool idle[SLOTS];
	/* Slot 0 has no posting in [top + 1, top_hi): read once, for the
	 * first window of every walk (0, 0: not read yet). */
	int64_t top, top_hi;
	/* The windows given so far, by the hi asked: the page walks the ids
	 * the total's count walked just before (api_task.c). */
	struct window {
		int64_t hi, lo;
		const int64_t *v;
		size_t n;
	} seen[WIDE_SEEN];
	size_t nseen;
};

/* WIDE_WORDS placeholders, for "word IN (...)". */
#define Q4 "?,?,?,?"
#define Q48                                                                    \
	Q4 "," Q4 "," Q4 "," Q4 "," Q4 "," Q4 "," Q4 "," Q4 "," Q4 "," Q4      \
	   "," Q4 "," Q4

struct words {
	struct arena *a;
	struct str *v;
	size_t n, max;
};

static enum nv_err
word_row(void *ctx, const struct str *cells, size_t ncols)
{
	struct words *w = ctx;
	char *c;

	if (ncols != 1 || cells[0].p == NULL)
		return NV_EINTERNAL;
	if (w->n == w->max)
		return NV_OK; /* counted as too many by the caller */
	if ((c = arena_strndup(w->a, cells[0].p, cells[0].len)) == NULL)
		return NV_ETOOBIG;
	w->v[w->n++] = (struct str){c, cells[0].len};
	return NV_OK;
}

/*
 * The words a slot's postings are kept under (the statements of
 * task_search_candidates() without their postings), and '', whose
 * postings every slot takes.  *out NULL when there are more than a
 * window reads.
 */
static enum nv_err
slot_words(struct arena *a, const struct slot *s, struct str **out, size_t *n)
{
	static const char word_sql[] = "SELECT DISTINCT word FROM "
	                               "search_suffixes WHERE suffix LIKE ? "
	                               "AND suffix <> '' LIMIT ?";
	static const char sql[] =
	    "SELECT word FROM search_words WHERE pair = 1 AND word LIKE ? "
	    "AND word <> '' LIMIT ?";
	static const char pair_sql[] =
	    "SELECT p.word FROM (SELECT DISTINCT word FROM search_suffixes "
	    "WHERE suffix LIKE ?) sa JOIN search_words sb "
	    "JOIN search_words p ON p.pair = 1 AND "
	    "p.word = CONCAT(sa.word, ' ', sb.word) "
	    "WHERE sb.pair = 0 AND sb.word LIKE ? LIMIT ?";
	const int64_t max = WIDE_WORDS * WIDE_CHUNKS;
	struct words w = {a, NULL, 1, max + 1};
	struct db_param p[] = {DBP_STR(s->pat), DBP_INT(max + 1)};
	struct db_param p2[] = {
	    DBP_STR(s->pa), DBP_STR(s->pb), DBP_INT(max + 1)};
	enum nv_err rc;

	*out = NULL;
	*n = 0;
	if ((w.v = arena_alloc(a, (size_t)w.max * sizeof(*w.v))) == NULL)
		return NV_ETOOBIG;
	w.v[0] = (struct str){"", 0};
	rc = s->pair == 2   ? db_each(pair_sql, p2, NELEM(p2), word_row, &w)
	     : s->pair == 1 ? db_each(sql, p, NELEM(p), word_row, &w)
	                    : db_each(word_sql, p, NELEM(p), word_row, &w);
	if (rc != NV_OK || w.n > (size_t)max)
		return rc;
	*out = w.v;
	*n = w.n;
	return NV_OK;
}

/*
 * *out: the slots' words, for the windows; a slot left out, or of more
 * words than a window reads, is not read (the candidates are then more,
 * still checked by the rule).  NULL when no slot is left: the list walks.
 */
static enum nv_err
wide_of(struct arena *a, const struct slot *s, size_t k,
    struct task_search_wide **out)
{
	struct task_search_wide *w = arena_alloc(a, sizeof(*w));
	size_t i;
	enum nv_err rc;

	*out = NULL;
	if (w == NULL)
		return NV_ETOOBIG;
	*w = (struct task_search_wide){.size = WIDE_FIRST,
	    .have = {.max = WIDE_CAP},
	    .got = {.max = WIDE_CAP}};
	for (i = 0; i < k; i++) {
		if (s[i].left_out)
			continue;
		if ((rc = slot_words(
		         a, &s[i], &w->words[w->k], &w->nwords[w->k])) != NV_OK)
			return rc;
		if (w->words[w->k] != NULL)
			w->k++;
	}
	if (w->k == 0)
		return NV_OK;
	w->have.v = arena_alloc(a, WIDE_CAP * sizeof(int64_t));
	w->got.v = arena_alloc(a, WIDE_CAP * sizeof(int64_t));
	if (w->have.v == NULL || w->got.v == NULL)
		return NV_ETOOBIG;
	*out = w;
	return NV_OK;
}

enum nv_err
task_search_candidates(
    struct arena *a, const char *folded, size_t max, struct task_search *out)
{
	/* A word's fragment by its suffixes (migration 0044), a pair's
	 * prefix or whole by search_words: each a range of a key.  Sorted
	 * and deduplicated here: DISTINCT and ORDER BY cost MariaDB a
	 * temporary table and a filesort per slot. */
	static const char word_sql[] =
	    "SELECT w.task_id FROM (SELECT DISTINCT word FROM search_suffixes "
	    "WHERE suffix LIKE ? OR suffix = '') s "
	    "JOIN task_words w ON w.word = s.word LIMIT ?";
	static const char sql[] =
	    "SELECT w.task_id FROM search_words s "
	    "JOIN task_words w ON w.word = s.word "
	    "WHERE s.pair = 1 AND (s.word LIKE ? OR s.word = '') LIMIT ?";
	/* The pairs from their words, then '' (a word or pair too long to
	 * keep), each part bounded: MariaDB does not stop a UNION's first
	 * part at the outer LIMIT ("ke hoach" at 123,420 tasks read all its
	 * 29,117 postings, 11.7 ms, for 2,001). */
	static const char pair_sql[] =
	    "(SELECT w.task_id FROM (SELECT DISTINCT word FROM search_suffixes "
	    "WHERE suffix LIKE ?) sa JOIN search_words sb "
	    "JOIN task_words w ON w.word = CONCAT(sa.word, ' ', sb.word) "
	    "WHERE sb.pair = 0 AND sb.word LIKE ? LIMIT ?) UNION ALL "
	    "(SELECT w.task_id FROM task_words w WHERE w.word = '' LIMIT ?) "
	    "LIMIT ?";
	struct slot s[SLOTS];
	struct ids have = {.max = max}, got = {.max = max};
	size_t k, i;
	bool based = false;
	enum nv_err rc;

	*out = (struct task_search){.ids = STR_NULL};
	if ((k = plan(a, folded, s)) == 0)
		return NV_OK;
	have.v = arena_alloc(a, max * sizeof(int64_t));
	got.v = arena_alloc(a, max * sizeof(int64_t));
	if (have.v == NULL || got.v == NULL)
		return NV_ETOOBIG;
	for (i = 0; i < k; i++) {
		struct ids *r = based ? &got : &have;
		/* Issue 8: a slot too wide to narrow reads no more postings
		 * than it keeps ("so" at 100,037 tasks: 39,070 matches). */
		struct db_param p[] = {
		    DBP_STR(s[i].pat), DBP_INT((int64_t)max + 1)};
		struct db_param p2[] = {DBP_STR(s[i].pa), DBP_STR(s[i].pb),
		    DBP_INT((int64_t)max + 1), DBP_INT((int64_t)max + 1),
		    DBP_INT((int64_t)max + 1)};

		r->n = 0;
		r->over = false;
		if (s[i].pair == 2) {
			if ((rc = pair_crossing(&s[i])) != NV_OK)
				return rc;
			if (s[i].left_out)
				continue;
		}
		rc = s[i].pair == 2
		         ? db_each(pair_sql, p2, NELEM(p2), id_row, r)
		     : s[i].pair == 1
		         ? db_each(sql, p, NELEM(p), id_row, r)
		         : db_each(word_sql, p, NELEM(p), id_row, r);
		if (rc != NV_OK)
			return rc;
		if (r->over)
			continue; /* too wide to narrow: the others may */
		sort_unique(r);
		if (based)
			intersect(&have, &got);
		based = true;
		if (have.n == 0)
			break;
	}
	if (!based)
		return wide_of(a, s, k, &out->wide);
	out->ids = task_search_json(a, have.v, have.n);
	out->n = have.n;
	out->v = have.v;
	return out->ids.p != NULL ? NV_OK : NV_ETOOBIG;
}

/* The merge of task_search_visible: the candidates v[0..n) (ascending),
 * the next one to compare at i, those the agency sees gathered in out. */
struct merge {
	const int64_t *v;
	size_t n, i;
	struct ids *out;
};

static enum nv_err
merge_row(void *ctx, const struct str *cells, size_t ncols)
{
	struct merge *m = ctx;
	int64_t id;

	if (ncols != 1 || str_to_i64(cells[0], 1, INT64_MAX, &id) != NV_OK)
		return NV_EINTERNAL;
	while (m->i < m->n && m->v[m->i] < id)
		m->i++;
	if (m->i < m->n && m->v[m->i] == id) {
		m->out->v[m->out->n++] = id;
		m->i++;
	}
	return NV_OK;
}

/*
 * Of the ascending ids v[0..n), those the agency sees, ascending, in a
 * fresh array *out (*out_n of them), merged with the agency's ids: those
 * this worker keeps under version (task_seen()), else its rows between
 * the first and the last id, read in the key's order.  A range of the key
 * costs MariaDB about 0.01 us a row, a lookup per id 1.3 us (issue 8:
 * "chuyen doi so" at 123,420 tasks, 3,795 candidates, SKHCN seeing 9,842:
 * 5.5 ms by lookups).
 */
static enum nv_err
visible_of(struct arena *a, struct str agency, uint64_t version,
    const int64_t *v, size_t n, const int64_t **out, size_t *out_n)
{
	static const char sql[] =
	    "SELECT task_id FROM task_visibility WHERE agency_code = ? "
	    "AND task_id BETWEEN ? AND ? ORDER BY task_id";
	struct db_param p[] = {
	    DBP_STR(agency), DBP_INT(v[0]), DBP_INT(v[n - 1])};
	struct ids r = {.max = n};
	struct merge m = {v, n, 0, &r};
	const int64_t *seen;
	size_t nseen;
	enum nv_err rc;

	if ((r.v = arena_alloc(a, n * sizeof(int64_t))) == NULL)
		return NV_ETOOBIG;
	if ((rc = task_seen(a, agency, version, &seen, &nseen)) != NV_OK)
		return rc;
	if (seen != NULL) {
		/* From the first seen id not below v[0]: perf put a binary
		 * search per candidate at 16 % of the worker. */
		size_t lo = 0, hi = nseen, k;

		while (lo < hi) {
			k = lo + (hi - lo) / 2;
			if (seen[k] < v[0])
				lo = k + 1;
			else
				hi = k;
		}
		r.n = common(v, n, seen + lo, nseen - lo, r.v);
	} else if ((rc = db_each(sql, p, NELEM(p), merge_row, &m)) != NV_OK)
		return rc;
	*out = r.v;
	*out_n = r.n;
	return NV_OK;
}

enum nv_err
task_search_visible(struct arena *a, struct str agency, uint64_t version,
    struct task_search *ts)
{
	enum nv_err rc;

	if (ts->ids.p == NULL || ts->n == 0)
		return NV_OK;
	if ((rc = visible_of(
	         a, agency, version, ts->v, ts->n, &ts->v, &ts->n)) != NV_OK)
		return rc;
	ts->ids = task_search_json(a, ts->v, ts->n);
	return ts->ids.p != NULL ? NV_OK : NV_ETOOBIG;
}

/*
 * Binds slot i's words from c * WIDE_WORDS on into p[0..WIDE_WORDS), the
 * last repeated to fill them (an IN list takes a value twice as once).
 */
static void
bind_words(
    const struct task_search_wide *w, size_t i, size_t c, struct db_param *p)
{
	size_t j, o = c * WIDE_WORDS;

	for (j = 0; j < WIDE_WORDS; j++)
		p[j] = DBP_STR(
		    w->words[i]
		            [o + j < w->nwords[i] ? o + j : w->nwords[i] - 1]);
}

/* Slot i's postings in [lo, hi), ascending, each task once; r->over when
 * more than WIDE_CAP. */
static enum nv_err
window_read(const struct task_search_wide *w, size_t i, int64_t lo, int64_t hi,
    struct ids *r)
{
	static const char sql[] = "SELECT task_id FROM task_words WHERE "
	                          "word IN (" Q48 ") AND task_id >= ? AND "
	                          "task_id < ? LIMIT ?";
	struct db_param p[WIDE_WORDS + 3];
	size_t c;
	enum nv_err rc;

	r->n = 0;
	r->over = false;
	for (c = 0; c * WIDE_WORDS < w->nwords[i] && !r->over; c++) {
		bind_words(w, i, c, p);
		p[WIDE_WORDS] = DBP_INT(lo);
		p[WIDE_WORDS + 1] = DBP_INT(hi);
		p[WIDE_WORDS + 2] = DBP_INT((int64_t)(r->max - r->n) + 1);
		if ((rc = db_each(sql, p, NELEM(p), id_row, r)) != NV_OK)
			return rc;
	}
	if (!r->over)
		sort_unique(r);
	return NV_OK;
}

static enum nv_err
max_row(void *ctx, const struct str *cells, size_t ncols)
{
	int64_t *m = ctx, id;

	if (ncols != 1)
		return NV_EINTERNAL;
	if (cells[0].p == NULL)
		return NV_OK; /* a word with no posting below hi */
	if (str_to_i64(cells[0], 1, INT64_MAX, &id) != NV_OK)
		return NV_EINTERNAL;
	if (id > *m)
		*m = id;
	return NV_OK;
}

/*
 * One word's newest posting below hi: with the word fixed, MariaDB's
 * MIN/MAX optimisation answers it by one look at the key (the statement's
 * Handler_read_key 1, no next or prev), whatever the statistics say.
 * Until issue 8's eleventh pass a slot's words went in one "word IN (...)
 * GROUP BY word", meant for a loose index scan; after 2,122 tasks were
 * written (112,390 -> 114,512), the table's sampled statistics put 23
 * postings to a word, the optimiser read the range instead, and the
 * secretariat's "so" read all 79,966 postings of its words for its
 * newest: 13.6 ms of an 18 ms search, against 2.4 ms the run before.
 * NEWEST_WORDS of them in one statement, two parameters each.
 */
#define NEWEST1                                                                \
	"SELECT (SELECT MAX(task_id) FROM task_words WHERE word = ? "          \
	"AND task_id < ?)"
#define NEWEST4                                                                \
	NEWEST1 " UNION ALL " NEWEST1 " UNION ALL " NEWEST1                    \
	        " UNION ALL " NEWEST1
#define NEWEST16                                                               \
	NEWEST4 " UNION ALL " NEWEST4 " UNION ALL " NEWEST4                    \
	        " UNION ALL " NEWEST4
#define NEWEST_WORDS 32
_Static_assert(2 * NEWEST_WORDS <= DB_PARAMS_MAX, "two parameters a word");

/* *m: slot i's newest posting below hi, 0 when none. */
static enum nv_err
newest(const struct task_search_wide *w, size_t i, int64_t hi, int64_t *m)
{
	/* Most slots hold a few words ("so": 4): the short statement. */
	static const char sql4[] = NEWEST4;
	static const char sql[] = NEWEST16 " UNION ALL " NEWEST16;
	struct db_param p[2 * NEWEST_WORDS];
	size_t c, j, k, n;
	enum nv_err rc;

	*m = 0;
	for (c = 0; c < w->nwords[i]; c += n) {
		n = w->nwords[i] - c <= 4 ? 4 : NEWEST_WORDS;
		/* The last word again where the slot has no more: the same
		 * answer twice. */
		for (j = 0; j < n; j++) {
			k = c + j < w->nwords[i] ? c + j : w->nwords[i] - 1;
			p[2 * j] = DBP_STR(w->words[i][k]);
			p[2 * j + 1] = DBP_INT(hi);
		}
		if ((rc = db_each(n == 4 ? sql4 : sql, p, 2 * n, max_row, m)) !=
		    NV_OK)
			return rc;
	}
	return NV_OK;
}

static const int64_t *
copy_ids(struct arena *a, const int64_t *v, size_t n)
{
	int64_t *c = arena_alloc(a, n * sizeof(*c));

	if (c != NULL)
		memcpy(c, v, n * sizeof(*c));
	return c;
}

/* The window's ids wv[0..wn), all below those of *v[0..*n), put before
 * them. */
static enum nv_err
prepend(
    struct arena *a, const int64_t *wv, size_t wn, const int64_t **v, size_t *n)
{
	int64_t *all;

	if (*n == 0) {
		*v = wv;
		*n = wn;
		return NV_OK;
	}
	if ((all = arena_alloc(a, (wn + *n) * sizeof(*all))) == NULL)
		return NV_ETOOBIG;
	memcpy(all, wv, wn * sizeof(*all));
	memcpy(all + wn, *v, *n * sizeof(*all));
	*v = all;
	*n += wn;
	return NV_OK;
}

/*
 * The next window's width, from this one's: about WIDE_TARGET candidates
 * (n had), unless that reads more than WIDE_POSTINGS postings of a slot
 * (pmax had), within a quarter and 16 times.
 */
static int64_t
next_size(int64_t size, size_t pmax, size_t n)
{
	int64_t by_n = n > 0 ? size * WIDE_TARGET / (int64_t)n : size * 16;
	int64_t by_p =
	    pmax > 0 ? size * WIDE_POSTINGS / (int64_t)pmax : size * 16;
	int64_t want = by_n < by_p ? by_n : by_p;

	if (want < size / 4)
		want = size / 4;
	if (want > size * 16)
		want = size * 16;
	if (want < 1)
		want = 1;
	return want < (INT64_C(1) << 40) ? want : INT64_C(1) << 40;
}

enum nv_err
task_search_window(struct arena *a, struct task_search_wide *w,
    struct str agency, uint64_t version, int64_t hi, int64_t *lo,
    const int64_t **v, size_t *n)
{
	struct ids *have = &w->have, *got = &w->got;
	enum nv_err rc;

	const int64_t asked = hi;
	const int64_t *wv = NULL;
	size_t j, wn;

	*v = NULL;
	*n = 0;
	*lo = 0;
	for (j = 0; j < w->nseen; j++)
		if (w->seen[j].hi == hi) {
			*lo = w->seen[j].lo;
			*v = w->seen[j].v;
			*n = w->seen[j].n;
			return NV_OK;
		}
	if (hi > w->top_hi) {
		if ((rc = newest(w, 0, hi, &w->top)) != NV_OK)
			return rc;
		w->top_hi = hi;
	}
	if (hi > w->top + 1)
		hi = w->top + 1;
	if (w->top == 0)
		hi = 0; /* slot 0 has no posting below */
	while (hi > 0) {
		int64_t l = hi > w->size ? hi - w->size : 0, m = -1;
		size_t i, pmax = 0;
		bool over = false;

		for (i = 0; i < w->k; i++) {
			struct ids *r = i == 0 ? have : got;
			size_t before = have->n;

			if (w->idle[i])
				continue;
			if ((rc = window_read(w, i, l, hi, r)) != NV_OK)
				return rc;
			if ((over = r->over))
				break;
			if (r->n > pmax)
				pmax = r->n;
			/* None of this slot's words in the window: no
			 * candidate lies above its newest posting below. */
			if (r->n == 0) {
				if ((rc = newest(w, i, l, &m)) != NV_OK)
					return rc;
				break;
			}
			if (i > 0) {
				intersect(have, got);
				w->idle[i] = before >= IDLE_FROM &&
				             have->n * 8 > before * 7;
			}
			if (have->n == 0)
				break;
		}
		if (over) {
			w->size = w->size >= 8 ? w->size / 8 : 1;
			continue;
		}
		if (m >= 0) {
			hi = m > 0 ? m + 1 : 0;
			continue;
		}
		hi = l;
		if (have->n > 0 && agency.p != NULL) {
			if ((rc = visible_of(a, agency, version, have->v,
			         have->n, &wv, &wn)) != NV_OK)
				return rc;
		} else if (have->n > 0) {
			if ((wv = copy_ids(a, have->v, have->n)) == NULL)
				return NV_ETOOBIG;
			wn = have->n;
		} else
			wn = 0;
		w->size = next_size(w->size, pmax, wn);
		if (wn > 0 && (rc = prepend(a, wv, wn, v, n)) != NV_OK)
			return rc;
		if (*n >= WIDE_LEAST)
			break;
	}
	*lo = hi; /* every id in [hi, asked) was read or skipped */
	if (w->nseen < WIDE_SEEN)
		w->seen[w->nseen++] = (struct window){asked, *lo, *v, *n};
	return NV_OK;
}

struct str
task_search_json(struct arena *a, const int64_t *v, size_t n)
{
	char *json;
	size_t i, o = 0;

	/* "[" + up to 20 digits and a comma each + "]". */
	if ((json = arena_alloc(a, n * (JW_DIGITS_MAX + 1) + 3)) == NULL)
		return STR_NULL;
	json[o++] = '[';
	for (i = 0; i < n; i++) {
		if (i > 0)
			json[o++] = ',';
		o += jw_digits(json + o, v[i]);
	}
	json[o++] = ']';
	json[o] = '\0';
	return (struct str){json, o};
}
