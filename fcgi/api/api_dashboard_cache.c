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
 * A dashboard is kept gzip-compressed, and sent so to a client that
 * accepts gzip (every browser), inflated for one that does not.  Its
 * overdue_tasks list every overdue task (the contract): 727 KB at 100,037
 * tasks, 790 of them overdue, 56 KB compressed.  Kept plain, the body made
 * a kept dashboard 2.6 times slower at 100,037 tasks than at 1,037
 * (make bench-curve: 2.9 ms against 1.1) and four of them could take a
 * worker past 8 MB.  The body holds no secret (no token), so compressing
 * it gives an attacker who injects text nothing to guess (BREACH).  A
 * dashboard just built is sent the same way (api_dash_built()): nginx does
 * not compress JSON, and the plain 727 KB cost the client more than the
 * building did; its overdue list is joined compressed as kept
 * (api_dashboard_overdue.c).
 *
 * Measured with make bench-curve (tests/bench/README.md): a built
 * dashboard reads the summary rows of migration 0035 (it read every task
 * of the year's scope until then: 361 ms at 100,037 tasks); a kept one is
 * a read of the agencies' rows.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth/sess.h"
#include "fcgi/api/api.h"
#include "fcgi/base/clock.h"
#include "fcgi/base/db.h"
#include "fcgi/base/gz.h"
#include "fcgi/base/str.h"

#define SLOTS 4
/*
 * The compressed bytes a worker keeps in all its slots.  Until issue 8's
 * eleventh pass a dashboard was kept only under 4 MB plain: at 1,000,000
 * tasks (7,420 overdue, 6.8 MB plain, 518 KB compressed) none was kept
 * and every request built one (10-30 ms against 0.4-0.5 kept at 100,000,
 * make bench-curve).  What a slot costs the worker is its compressed
 * body, hence the bound on that, and on the sum, so that a worker stays
 * under the 8 MB of issue 8 whatever the data: a body is kept only if it
 * fits alone, older slots giving way to it, least recently used first.
 */
#define KEPT_MAX (1024 * 1024)

struct slot {
	uint64_t version, used;
	char key[DASH_KEY_MAX];
	char *body;      /* gzip */
	size_t len, raw; /* compressed, and inflated */
};

static struct slot slots[SLOTS];
static uint64_t clock_use;

static enum nv_err
read_version(struct req *rq, uint64_t *v)
{
	static const char sql[] =
	    "SELECT COALESCE(SUM(v), 0) FROM dash_version";
	int64_t n;
	enum nv_err rc;

	if ((rc = db_count(rq->arena, sql, NULL, 0, &n)) == NV_OK)
		*v = (uint64_t)n;
	return rc;
}

static void
slot_free(struct slot *s)
{
	free(s->body);
	s->body = NULL;
	s->len = 0;
}

/* The slots' bodies freed, least recently used first, until len more
 * bytes fit in KEPT_MAX. */
static void
make_room(size_t len)
{
	struct slot *lru;
	size_t i, kept;

	for (;;) {
		kept = 0;
		lru = NULL;
		for (i = 0; i < SLOTS; i++) {
			if (slots[i].body == NULL)
				continue;
			kept += slots[i].len;
			if (lru == NULL || slots[i].used < lru->used)
				lru = &slots[i];
		}
		if (lru == NULL || kept + len <= KEPT_MAX)
			return;
		slot_free(lru);
	}
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

/* Whether the client takes gzip: "gzip" among Accept-Encoding's codings,
 * without q=0. */
static bool
takes_gzip(struct str ae)
{
	const char *p = ae.p, *end = ae.p + ae.len, *comma, *t;

	for (; p != NULL && p < end; p = comma != NULL ? comma + 1 : NULL) {
		comma = memchr(p, ',', (size_t)(end - p));
		t = comma != NULL ? comma : end;
		while (p < t && (*p == ' ' || *p == '\t'))
			p++;
		if (t - p < 4 || strncasecmp(p, "gzip", 4) != 0)
			continue;
		for (p += 4; p < t && (*p == ' ' || *p == '\t'); p++)
			;
		if (p == t)
			return true;
		if (*p != ';')
			continue;
		/* A weight: only q=0 (0, 0.0, 0.00, 0.000) refuses. */
		while (p < t && *p != '=')
			p++;
		for (p++; p < t && (*p == ' ' || *p == '0' || *p == '.'); p++)
			;
		return p < t;
	}
	return false;
}

/* The kept body, as it is or inflated. */
static bool
send(struct req *rq, struct resp *rs, const struct slot *s)
{
	resp_json(rs, 200);
	resp_header(rs, "Vary", "Accept-Encoding");
	if (takes_gzip(rq->accept_encoding)) {
		resp_header(rs, "Content-Encoding", "gzip");
		buf_add(&rs->body, s->body, s->len);
		return !buf_failed(&rs->body);
	}
	if (!gz_inflate(&rs->body, s->body, s->len, s->raw)) {
		/* Not what was kept: build it instead. */
		resp_json(rs, 200);
		return false;
	}
	return true;
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
			slot_free(s);
		}
		if (s->body == NULL || s->version != k->version ||
		    strcmp(s->key, k->key) != 0)
			continue;
		s->used = ++clock_use;
		return send(rq, rs, s);
	}
	return false;
}

enum nv_err
api_dash_built(struct req *rq, struct resp *rs, const struct dash_key *k,
    const struct dash_frag *f)
{
	struct slot built, *s = NULL;
	struct buf out;
	struct gz g;
	uint64_t now;
	size_t i, raw;
	bool sent;

	if (rs->status != 200 || buf_failed(&rs->body))
		return NV_OK; /* as built: the error it is */
	raw = rs->body.len;
	for (i = 0; f->kept && i < f->nparts; i++)
		raw += f->parts[i].raw;
	/* Compressed JSON is smaller than a tenth of it; the margin covers
	 * anything. */
	buf_init(&out, raw + raw / 8 + 4096);
	gz_begin(&g, &out);
	if (f->kept) {
		/* The body around the list deflated now, the list as kept
		 * (api_dashboard_overdue.c). */
		gz_add(&g, rs->body.p, f->at);
		for (i = 0; i < f->nparts; i++)
			gz_add_part(&g, &f->parts[i]);
		gz_add(&g, rs->body.p + f->at, rs->body.len - f->at);
	} else
		gz_add(&g, rs->body.p, rs->body.len);
	if (!gz_end(&g)) {
		buf_free(&out);
		/* Without its kept list the body is not whole. */
		return f->kept ? NV_EINTERNAL : NV_OK;
	}
	memset(&built, 0, sizeof(built));
	built.body = out.p;
	built.len = out.len;
	built.raw = raw;
	sent = send(rq, rs, &built);
	/* A body that could not be sent (an inflate refused) is not kept
	 * either: the next request builds it again. */
	if (!sent || !k->ok || out.len > KEPT_MAX ||
	    read_version(rq, &now) != NV_OK || now != k->version) {
		buf_free(&out);
		return sent ? NV_OK : NV_EINTERNAL;
	}
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
	slot_free(s);
	make_room(out.len);
	s->body = out.p;
	s->len = out.len;
	s->raw = raw;
	s->version = now;
	s->used = ++clock_use;
	memcpy(s->key, k->key, sizeof(s->key));
	return sent ? NV_OK : NV_EINTERNAL;
}
