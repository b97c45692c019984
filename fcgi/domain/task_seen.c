/* SPDX-License-Identifier: ISC */
/*
 * An agency's visible task ids kept per worker (task_seen.h).
 *
 * Why (issue 8): an official's search of a common phrase read the
 * agency's task_visibility rows between its candidates' ids at every
 * request, a range per window: "chuyen doi so" as SKHCN on the bench stack
 * (105,158 tasks) read 7,402 of them in three statements, 3.2 ms of the
 * 12.8 ms its statements took (slow log).  Kept, the merge is the
 * worker's alone.
 */
#include <stdlib.h>
#include <string.h>

#include "fcgi/base/db.h"
#include "fcgi/domain/task_seen.h"

#define AGENCY_MAX 16 /* agencies.code is VARCHAR(16) */

_Static_assert(TASK_SEEN_MAX <= TASK_SEEN_BUDGET, "an agency's ids fit");

struct slot {
	char agency[AGENCY_MAX];
	size_t agency_len; /* 0: empty */
	uint64_t version, used;
	int64_t *ids; /* NULL: the agency sees more than TASK_SEEN_MAX */
	size_t n;
};

static struct slot slots[TASK_SEEN_SLOTS];
static uint64_t clock_use;

struct reading {
	int64_t *v;
	size_t n, max;
};

static enum nv_err
id_row(void *ctx, const struct str *cells, size_t ncols)
{
	struct reading *r = ctx;
	int64_t id;

	if (ncols != 1 || str_to_i64(cells[0], 1, INT64_MAX, &id) != NV_OK)
		return NV_EINTERNAL;
	if (r->n == r->max) {
		size_t max = r->max != 0 ? 2 * r->max : 1024;
		int64_t *v = realloc(r->v, max * sizeof(*v));

		if (v == NULL)
			return NV_ETOOBIG;
		r->v = v;
		r->max = max;
	}
	r->v[r->n++] = id;
	return NV_OK;
}

static void
slot_clear(struct slot *s)
{
	free(s->ids);
	memset(s, 0, sizeof(*s));
}

/* The least recently used slot holding an agency, but, empty
 * otherwise. */
static struct slot *
least_used(const struct slot *but)
{
	struct slot *s = NULL;
	size_t i;

	for (i = 0; i < TASK_SEEN_SLOTS; i++)
		if (&slots[i] != but && slots[i].agency_len != 0 &&
		    (s == NULL || slots[i].used < s->used))
			s = &slots[i];
	return s;
}

static size_t
kept_ids(void)
{
	size_t i, n = 0;

	for (i = 0; i < TASK_SEEN_SLOTS; i++)
		n += slots[i].n;
	return n;
}

enum nv_err
task_seen(struct arena *a, struct str agency, uint64_t version,
    const int64_t **ids, size_t *n)
{
	/* How many first, from migration 0049's tally (kept by the same
	 * triggers, a few hundred rows an agency): an agency over the bound
	 * is not read at all.  A tester's agency of 65,667 tasks read and
	 * dropped them at every window, 12 to 20 times the search's cost. */
	static const char count[] =
	    "SELECT COALESCE(SUM(n), 0) FROM visibility_tally "
	    "WHERE agency_code = ?";
	/* One more row than kept tells a larger set apart all the same. */
	static const char sql[] =
	    "SELECT task_id FROM task_visibility WHERE agency_code = ? "
	    "ORDER BY task_id LIMIT ?";
	struct db_param p[] = {DBP_STR(agency), DBP_INT(TASK_SEEN_MAX + 1)};
	struct reading r = {0};
	struct slot *s = NULL, *o;
	int64_t total;
	size_t i;
	enum nv_err rc;

	*ids = NULL;
	*n = 0;
	if (version == 0 || agency.len == 0 || agency.len > AGENCY_MAX)
		return NV_OK;
	for (i = 0; i < TASK_SEEN_SLOTS; i++)
		if (slots[i].agency_len == agency.len &&
		    memcmp(slots[i].agency, agency.p, agency.len) == 0) {
			s = &slots[i];
			break;
		}
	if (s != NULL && s->version == version) {
		s->used = ++clock_use;
		*ids = s->ids;
		*n = s->n;
		return NV_OK;
	}
	if ((rc = db_count(a, count, p, 1, &total)) != NV_OK)
		return rc;
	if (total <= TASK_SEEN_MAX &&
	    (rc = db_each(sql, p, NELEM(p), id_row, &r)) != NV_OK) {
		free(r.v);
		return rc;
	}
	if (total > TASK_SEEN_MAX || r.n > TASK_SEEN_MAX) {
		free(r.v);
		r.v = NULL; /* kept as such: not read again under version */
	} else if (r.v == NULL && (r.v = malloc(sizeof(*r.v))) == NULL)
		return NV_OK;
	/* The agency's own slot, else an empty one, else the least recently
	 * used; then the least recently used others go until the ids fit
	 * TASK_SEEN_BUDGET. */
	for (i = 0; s == NULL && i < TASK_SEEN_SLOTS; i++)
		if (slots[i].agency_len == 0)
			s = &slots[i];
	if (s == NULL)
		s = least_used(NULL);
	free(s->ids);
	s->ids = NULL;
	s->n = 0;
	while (
	    kept_ids() + r.n > TASK_SEEN_BUDGET && (o = least_used(s)) != NULL)
		slot_clear(o);
	memcpy(s->agency, agency.p, agency.len);
	s->agency_len = agency.len;
	s->version = version;
	s->used = ++clock_use;
	s->ids = r.v;
	s->n = r.v != NULL ? r.n : 0;
	*ids = s->ids;
	*n = s->n;
	return NV_OK;
}
