/* SPDX-License-Identifier: ISC */
/*
 * The dashboard's overdue list, kept apart from the rest (issue 8).
 *
 * overdue_tasks lists every overdue task (the contract): 790 tasks, 727 KB
 * of the 740 KB body at 100,037 tasks, and the part of a built dashboard
 * that grew with the data (its rows read, parsed and written, then
 * compressed).  What it prints is the tasks' rows, their coordinators and
 * agencies (as the task list prints them), the date and the caller: it
 * does not change when a report is written, submitted or approved without
 * touching its task, nor when an indicator, a proposal, a milestone or a
 * round changes, all of which rebuild the rest of the dashboard.
 *
 * So a worker keeps the list's JSON, deflated (gz.h), under the sum of
 * list_version (migrations 0025, 0037: bumped by triggers in the same
 * transaction as any change to tasks, their coordinators or agencies,
 * whatever the write path, exactly what the task list's kept pages
 * depend on), read before the rows and checked again after them, so a
 * kept list never outlives a committed change: the next request, from
 * any worker, reads a larger sum and reads the rows again.  Its key holds
 * the rest: the province's date (which tasks are overdue, "overdue",
 * "outcome"), the caller's roles, agency and name (a head's own agency,
 * allowed_actions), and the dashboard's committee, year and field.  The
 * period does not change the list, so it is not in the key.
 *
 * The kept part is joined, still compressed, between the rest of the body
 * deflated now (api_dash_built()): the worker never writes or compresses
 * the 727 KB again while the tasks are unchanged.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "auth/sess.h"
#include "fcgi/api/api.h"
#include "fcgi/base/db.h"
#include "fcgi/base/gz.h"
#include "fcgi/base/str.h"
#include "fcgi/domain/dashboard.h"

#define SLOTS   4
#define KEY_MAX 320

struct slot {
	uint64_t version, used;
	char key[KEY_MAX];
	struct gz_part part; /* p NULL: empty slot */
};

static struct slot slots[SLOTS];
static uint64_t clock_use;

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

enum nv_err
api_dash_overdue(struct req *rq, struct resp *rs, const struct dashboard *d,
    db_row_fn fn, void *ctx, struct dash_frag *f)
{
	char key[KEY_MAX];
	struct gz_part part;
	struct slot *s = NULL;
	uint64_t v, now;
	size_t i;
	bool ok;
	enum nv_err rc;

	memset(f, 0, sizeof(*f));
	f->at = rs->body.len;
	if ((rc = api_list_version(rq, &v)) != NV_OK)
		return rc;
	ok = make_key(rq, d, key);
	for (i = 0; ok && i < SLOTS; i++) {
		s = &slots[i];
		if (s->part.p != NULL && s->version < v) {
			/* Outdated for good: give the memory back. */
			gz_part_free(&s->part);
		}
		if (s->part.p == NULL || s->version != v ||
		    strcmp(s->key, key) != 0)
			continue;
		s->used = ++clock_use;
		f->part = &s->part;
		return NV_OK;
	}
	if ((rc = dash_overdue(rq, d, fn, ctx)) != NV_OK)
		return rc;
	if (!ok || buf_failed(&rs->body) ||
	    api_list_version(rq, &now) != NV_OK || now != v)
		return NV_OK; /* changed meanwhile: not kept */
	/* A free slot or one of an older version, else the least recently
	 * used. */
	s = NULL;
	for (i = 0; i < SLOTS; i++) {
		if (slots[i].part.p == NULL || slots[i].version != now) {
			s = &slots[i];
			break;
		}
		if (s == NULL || slots[i].used < s->used)
			s = &slots[i];
	}
	if (!gz_part_make(&part, rs->body.p + f->at, rs->body.len - f->at))
		return NV_OK;
	gz_part_free(&s->part);
	s->part = part;
	s->version = now;
	s->used = ++clock_use;
	memcpy(s->key, key, sizeof(s->key));
	f->part = &s->part;
	f->in_body = part.raw;
	return NV_OK;
}
