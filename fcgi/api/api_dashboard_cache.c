/* SPDX-License-Identifier: ISC */
/*
 * The dashboards a worker built, served again while nothing they show has
 * changed (issue 8).  Every GET /dashboard reads the sum of dash_version
 * (migration 0033: a counter per agency that triggers bump in the same
 * transaction as any change to what the dashboard reads); a dashboard is
 * kept under the sum read before it was built, and only if the sum read
 * after is the same, so it never outlives a committed change: the next
 * request, from any worker, reads a larger sum and misses.  The key holds
 * everything else the body depends on: the date (overdue, the default
 * period), the caller's roles and agency (a head's own row,
 * allowed_actions of the tasks listed), the user name (so that a right
 * that comes to depend on the person cannot leak) and the raw query string
 * (year, period, field; an invalid one is never kept).
 *
 * Measured with make bench-curve (tests/bench/README.md): a built
 * dashboard reads every task of the year's scope and grows with the data
 * (389 ms at 100,037 tasks); a kept one is a read of the agencies' rows.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/sess.h"
#include "fcgi/api/api.h"
#include "fcgi/base/clock.h"
#include "fcgi/base/db.h"
#include "fcgi/base/str.h"

#define SLOTS    4
#define BODY_MAX (1024 * 1024) /* larger dashboards are not kept */

struct slot {
	uint64_t version, used;
	char key[DASH_KEY_MAX];
	char *body;
	size_t len;
};

static struct slot slots[SLOTS];
static uint64_t clock_use;

static enum nv_err
read_version(struct req *rq, uint64_t *v)
{
	static const char sql[] =
	    "SELECT COALESCE(SUM(v), 0) FROM dash_version";
	struct db_res r;
	int64_t n;
	enum nv_err rc;

	if ((rc = db_query(rq->arena, sql, NULL, 0, &r)) != NV_OK)
		return rc;
	if (r.nrows != 1 || r.ncols != 1 ||
	    str_to_i64(db_cell(&r, 0, 0), 0, INT64_MAX, &n) != NV_OK)
		return NV_EINTERNAL;
	*v = (uint64_t)n;
	return NV_OK;
}

/* False when the key does not fit: such a dashboard is not kept. */
static bool
make_key(struct req *rq, char *key)
{
	const struct user *u = &rq->sess->user;
	char today[11];
	int n;

	clock_today(today);
	n = snprintf(key, DASH_KEY_MAX, "%s|%u|%s|%s|%.*s", today, u->roles,
	    u->agency_code != NULL ? u->agency_code : "-",
	    u->username != NULL ? u->username : "-", (int)rq->query.len,
	    rq->query.p != NULL ? rq->query.p : "");
	return n > 0 && n < DASH_KEY_MAX;
}

bool
api_dash_hit(struct req *rq, struct resp *rs, struct dash_key *k)
{
	size_t i;

	k->ok = false;
	if (read_version(rq, &k->version) != NV_OK || !make_key(rq, k->key))
		return false;
	k->ok = true;
	for (i = 0; i < SLOTS; i++) {
		struct slot *s = &slots[i];

		if (s->body != NULL && s->version < k->version) {
			/* Outdated for good: give the memory back. */
			free(s->body);
			s->body = NULL;
		}
		if (s->body == NULL || s->version != k->version ||
		    strcmp(s->key, k->key) != 0)
			continue;
		s->used = ++clock_use;
		resp_json(rs, 200);
		buf_add(&rs->body, s->body, s->len);
		return !buf_failed(&rs->body);
	}
	return false;
}

void
api_dash_keep(struct req *rq, struct resp *rs, const struct dash_key *k)
{
	struct slot *s = NULL;
	uint64_t now;
	size_t i;
	char *body;

	if (!k->ok || rs->status != 200 || buf_failed(&rs->body) ||
	    rs->body.len > BODY_MAX || read_version(rq, &now) != NV_OK ||
	    now != k->version)
		return;
	/* A free slot or one of an older version, else the least recently
	 * used. */
	for (i = 0; i < SLOTS; i++) {
		if (slots[i].body == NULL || slots[i].version != now) {
			s = &slots[i];
			break;
		}
		if (s == NULL || slots[i].used < s->used)
			s = &slots[i];
	}
	if ((body = malloc(rs->body.len > 0 ? rs->body.len : 1)) == NULL)
		return;
	memcpy(body, rs->body.p, rs->body.len);
	free(s->body);
	s->body = body;
	s->len = rs->body.len;
	s->version = now;
	s->used = ++clock_use;
	memcpy(s->key, k->key, sizeof(s->key));
}
