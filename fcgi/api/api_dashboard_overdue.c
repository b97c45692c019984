/* SPDX-License-Identifier: ISC */
/*
 * The dashboard's overdue list, kept apart from the rest, in pieces
 * (issue 8).
 *
 * overdue_tasks lists every overdue task (the contract): 961 tasks and
 * most of the body at 124,860 tasks, and the part of a built dashboard
 * that grows with the data (its rows read, written and compressed).  What
 * it prints is the tasks' rows (the lead agency's committee is the
 * dashboard's own: the list's condition), the date and the caller: it
 * does not change when a report is written, submitted or approved without
 * touching its task, nor when an indicator, a proposal, a milestone or a
 * round changes, all of which rebuild the rest of the dashboard.
 *
 * So a worker keeps the list's JSON, deflated (gz.h), under the sum of
 * list_version (migrations 0025, 0037: bumped by triggers in the same
 * transaction as any change to tasks, their coordinators or agencies,
 * whatever the write path), read by the dashboard before anything else
 * (d->list_version): a change committed after that read leaves a larger
 * sum, and the next request, from any worker, looks again.  Its key holds the
 * rest: the province's date (which tasks are overdue, "overdue", "outcome",
 * waiting_days), the caller's roles, agency and name (a head's own agency,
 * allowed_actions), and the dashboard's committee, year and field.
 *
 * When the sum moved, the list is not read again whole.  Its keys are
 * (an index range, no task row printed): each task's id, row_version
 * (migration 0048: one more at every UPDATE of the row, whatever wrote
 * it) and lead_agency (the one column a cascade changes without a
 * trigger).  The keys are cut into pieces where a task's id hashes to a
 * mark, so a piece ends at the same task whatever moved elsewhere (as
 * content-defined chunking cuts files); a piece is named by a digest of
 * its tasks' keys and its place (the first has no leading comma).  A
 * piece kept under the same digest is the same bytes; only the others
 * are read (one range of the list's order per run of them), checked
 * against their keys, written and deflated.  After one task written that
 * is one or two pieces of about 64 tasks, not the 961.  A row that
 * changed between the keys and its piece's read fails the check: the
 * list is then read whole into the body, as before this cache, and
 * nothing is kept.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/sess.h"
#include "fcgi/api/api.h"
#include "fcgi/base/arena.h"
#include "fcgi/base/db.h"
#include "fcgi/base/gz.h"
#include "fcgi/base/str.h"
#include "fcgi/domain/dashboard.h"
#include "fcgi/domain/task.h"

#define SLOTS   4
#define KEY_MAX 320
/* A piece ends after a task whose id hashes to PIECE_MARK in its low six
 * bits (64 tasks on average, about 60 KB of JSON, 5 KB deflated), or at
 * PIECE_MAX tasks.  Smaller pieces cost bytes on the wire, each deflated
 * from an empty window (961 tasks: 86 KB in pieces of 37 at gz.c's level
 * for parts, 72.5 KB in pieces of 64); larger ones cost reading more rows
 * again after a task written. */
#define PIECE_MASK 63u
#define PIECE_MARK 63u
#define PIECE_MAX  256

struct slot {
	uint64_t version, used;
	char key[KEY_MAX];
	bool live;
	size_t n;             /* pieces */
	uint64_t *digest;     /* n, malloc'd */
	struct gz_part *part; /* n, malloc'd */
};

static struct slot slots[SLOTS];
static uint64_t clock_use;

/* splitmix64's finaliser: a well-mixed 64-bit hash of x. */
static uint64_t
mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static uint64_t
mix_str(uint64_t h, struct str s)
{
	size_t i;

	/* FNV-1a over the bytes, then mixed in; NULL apart from "". */
	uint64_t f = s.p == NULL ? 1 : 0xcbf29ce484222325ULL;
	for (i = 0; i < s.len; i++)
		f = (f ^ (unsigned char)s.p[i]) * 0x100000001b3ULL;
	return mix(h ^ f);
}

/* False when the key does not fit: such a list is not kept. */
static bool
make_key(struct req *rq, const struct dashboard *d, char *key)
{
	const struct user *u = &rq->sess->user;
	int n;

	n = snprintf(key, KEY_MAX, "%s|%u|%s|%s|%.*s|%lld|%.*s|%.*s", d->today,
	    u->roles, u->agency_code != NULL ? u->agency_code : "-",
	    u->username != NULL ? u->username : "-", (int)d->committee.len,
	    d->committee.p != NULL ? d->committee.p : "", (long long)d->year,
	    (int)d->field.len, d->field.p != NULL ? d->field.p : "",
	    (int)d->only.len, d->only.p != NULL ? d->only.p : "");
	return n > 0 && n < KEY_MAX;
}

static void
slot_clear(struct slot *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		gz_part_free(&s->part[i]);
	free(s->part);
	free(s->digest);
	memset(s, 0, sizeof(*s));
}

/* One task's JSON, as the list prints it. */
static void
task_row(struct jw *w, const struct dashboard *d, const struct user *u,
    const struct task *t)
{
	task_json(w, t, d->today, task_roles(t, u), task_rel_of(t, u));
}

/* Whether two cells hold the same value (NULL only equals NULL). */
static bool
same(struct str a, struct str b)
{
	return (a.p == NULL) == (b.p == NULL) && a.len == b.len &&
	       (a.len == 0 || memcmp(a.p, b.p, a.len) == 0);
}

struct whole {
	struct jw *w;
	const struct dashboard *d;
	const struct user *u;
};

static enum nv_err
whole_row(void *ctx, const struct str *cells, size_t ncols)
{
	struct whole *c = ctx;
	struct task t;
	enum nv_err rc;

	if ((rc = task_parse(cells, ncols, &t)) != NV_OK)
		return rc;
	task_row(c->w, c->d, c->u, &t);
	return NV_OK;
}

/* The list read whole into the body, through the dashboard's writer. */
static enum nv_err
write_whole(struct req *rq, const struct dashboard *d, struct jw *w)
{
	struct whole c = {w, d, &rq->sess->user};

	return dash_overdue(rq, d, whole_row, &c);
}

/* The pieces planned from the keys: piece i holds keys [at[i], at[i+1]). */
struct plan {
	const struct db_res *keys;
	size_t n;
	size_t *at;       /* n + 1 */
	uint64_t *digest; /* n */
};

static bool
plan_make(struct arena *a, const struct db_res *keys, struct plan *pl)
{
	size_t i, k = 0, len = 0;
	uint64_t h = 0;

	pl->keys = keys;
	pl->n = 0;
	pl->at = arena_alloc(a, (keys->nrows + 1) * sizeof(*pl->at));
	pl->digest = arena_alloc(a, (keys->nrows + 1) * sizeof(*pl->digest));
	if (pl->at == NULL || pl->digest == NULL)
		return false;
	for (i = 0; i < keys->nrows; i++) {
		uint64_t id = (uint64_t)db_int(keys, i, 0);

		if (len == 0) {
			pl->at[k] = i;
			h = mix(k == 0 ? 1 : 2);
		}
		h = mix(h ^ id);
		h = mix(h ^ (uint64_t)db_int(keys, i, 1));
		h = mix_str(h, db_cell(keys, i, 2));
		len++;
		if ((mix(id) & PIECE_MASK) == PIECE_MARK || len == PIECE_MAX ||
		    i + 1 == keys->nrows) {
			pl->digest[k++] = mix(h ^ len);
			len = 0;
		}
	}
	pl->n = k;
	pl->at[k] = keys->nrows;
	return true;
}

/* A run of pieces read from the database, each written and deflated;
 * stale: a row is not the one its key named (changed meanwhile), or a
 * piece could not be kept. */
struct run {
	const struct req *rq;
	const struct dashboard *d;
	const struct plan *pl;
	struct gz_part *out; /* the new pieces, by piece index */
	size_t piece, row;   /* the next expected piece and key row */
	struct buf *json;
	bool stale;
};

static enum nv_err
run_row(void *ctx, const struct str *cells, size_t ncols)
{
	struct run *r = ctx;
	const struct db_res *keys = r->pl->keys;
	size_t tc = ncols - 1; /* the task's columns; row_version last */
	struct task t;
	struct jw w;
	enum nv_err rc;
	int64_t rv;

	if (r->stale)
		return NV_OK;
	if ((rc = task_parse(cells, tc, &t)) != NV_OK)
		return rc;
	if (r->piece >= r->pl->n || r->row >= r->pl->at[r->piece + 1] ||
	    str_to_i64(cells[tc], 0, INT64_MAX, &rv) != NV_OK ||
	    t.id != db_int(keys, r->row, 0) || rv != db_int(keys, r->row, 1) ||
	    !same(t.lead_agency, db_cell(keys, r->row, 2))) {
		r->stale = true;
		return NV_OK;
	}
	if (r->row > 0)
		buf_addc(r->json, ',');
	jw_init(&w, r->json);
	task_row(&w, r->d, &r->rq->sess->user, &t);
	if (++r->row == r->pl->at[r->piece + 1]) {
		if (buf_failed(r->json) ||
		    !gz_part_make(&r->out[r->piece], r->json->p, r->json->len))
			r->stale = true;
		buf_reset(r->json);
		r->piece++;
	}
	return NV_OK;
}

/* Reads, writes and deflates pieces [p0, p1) of the plan into out. */
static enum nv_err
read_run(struct req *rq, const struct dashboard *d, const struct plan *pl,
    size_t p0, size_t p1, struct gz_part *out, struct buf *json, bool *stale)
{
	const struct db_res *keys = pl->keys;
	size_t first = pl->at[p0], last = pl->at[p1] - 1;
	struct dash_range range = {db_cell(keys, first, 3),
	    db_cell(keys, last, 3), db_int(keys, first, 0),
	    db_int(keys, last, 0)};
	struct run r = {rq, d, pl, out, p0, first, json, false};
	enum nv_err rc;

	buf_reset(json);
	if ((rc = dash_overdue_range(rq, d, &range, run_row, &r)) != NV_OK)
		return rc;
	*stale = r.stale || r.piece != p1;
	return NV_OK;
}

static int
by_digest(const void *a, const void *b)
{
	const uint64_t *x = a, *y = b;

	return x[0] < y[0] ? -1 : x[0] > y[0];
}

/*
 * The new pieces of the plan: those s kept under the same digest moved
 * from it (their slot's part emptied), the others read; *stale as
 * read_run() says, or memory short.  A piece's JSON is bounded by cap,
 * the response body's own bound.
 */
static enum nv_err
patch(struct req *rq, const struct dashboard *d, const struct plan *pl,
    struct slot *s, size_t cap, struct gz_part *out, bool *stale)
{
	uint64_t *idx = NULL, want[2];
	size_t i, j, nold = s != NULL ? s->n : 0;
	struct buf json;
	enum nv_err rc = NV_OK;

	/* The kept pieces by digest: (digest, index) pairs, sorted. */
	if (nold > 0) {
		if ((idx = arena_alloc(rq->arena, nold * 2 * sizeof(*idx))) ==
		    NULL) {
			*stale = true;
			return NV_OK;
		}
		for (i = 0; i < nold; i++) {
			idx[2 * i] = s->digest[i];
			idx[2 * i + 1] = i;
		}
		qsort(idx, nold, 2 * sizeof(*idx), by_digest);
	}
	for (i = 0; i < pl->n && idx != NULL; i++) {
		const uint64_t *hit;

		want[0] = pl->digest[i];
		hit = bsearch(want, idx, nold, 2 * sizeof(*idx), by_digest);
		if (hit != NULL && s->part[hit[1]].p != NULL) {
			out[i] = s->part[hit[1]];
			memset(&s->part[hit[1]], 0, sizeof(s->part[0]));
		}
	}
	buf_init(&json, cap);
	for (i = 0; i < pl->n && rc == NV_OK && !*stale; i = j) {
		if (out[i].p != NULL) {
			j = i + 1;
			continue;
		}
		for (j = i; j < pl->n && out[j].p == NULL; j++)
			;
		rc = read_run(rq, d, pl, i, j, out, &json, stale);
	}
	buf_free(&json);
	return rc;
}

enum nv_err
api_dash_overdue(struct req *rq, struct resp *rs, const struct dashboard *d,
    struct jw *w, struct dash_frag *f)
{
	char key[KEY_MAX];
	struct db_res keys;
	struct plan pl;
	struct slot *s = NULL;
	struct gz_part *out = NULL;
	uint64_t *digest = NULL, v;
	size_t i;
	bool stale;
	enum nv_err rc = NV_OK;

	memset(f, 0, sizeof(*f));
	f->at = rs->body.len;
	v = d->list_version;
	if (!make_key(rq, d, key))
		return write_whole(rq, d, w);
	for (i = 0; i < SLOTS; i++)
		if (slots[i].live && strcmp(slots[i].key, key) == 0)
			s = &slots[i];
	if (s != NULL && s->version == v)
		goto kept;
	if ((rc = dash_overdue_keys(rq, d, &keys)) != NV_OK)
		return rc;
	if (!plan_make(rq->arena, &keys, &pl))
		return NV_ETOOBIG; /* the arena is full */
	out = calloc(pl.n + 1, sizeof(*out));
	digest = malloc((pl.n + 1) * sizeof(*digest));
	stale = out == NULL || digest == NULL;
	if (!stale)
		rc = patch(rq, d, &pl, s, rs->body.cap, out, &stale);
	if (stale || rc != NV_OK) {
		for (i = 0; out != NULL && i < pl.n; i++)
			gz_part_free(&out[i]);
		free(out);
		free(digest);
		if (s != NULL)
			slot_clear(s); /* some of its pieces were moved out */
		return rc != NV_OK ? rc : write_whole(rq, d, w);
	}
	memcpy(digest, pl.digest, pl.n * sizeof(*digest));
	if (s == NULL) {
		/* A free slot, else the least recently used. */
		for (i = 0; i < SLOTS; i++) {
			if (!slots[i].live) {
				s = &slots[i];
				break;
			}
			if (s == NULL || slots[i].used < s->used)
				s = &slots[i];
		}
	}
	slot_clear(s);
	s->live = true;
	s->n = pl.n;
	s->part = out;
	s->digest = digest;
	s->version = v;
	memcpy(s->key, key, sizeof(s->key));
kept:
	s->used = ++clock_use;
	f->parts = s->part;
	f->nparts = s->n;
	f->kept = true;
	return NV_OK;
}
