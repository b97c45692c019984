/* SPDX-License-Identifier: ISC */
/*
 * The last unfiltered task-list pages a worker built, served again while
 * nothing they show has changed (issue 8).  Every request of GET /tasks
 * reads list_version (migration 0025: a counter that triggers bump in the
 * same transaction as any change to tasks, coordinators or agencies); a
 * page is kept under the value read before it was built, and only if the
 * value read after is the same, so a page never outlives a committed
 * change: the next request, from any worker, reads the new value and
 * misses.  The key holds everything else the body depends on: the date
 * (overdue, outcome), the caller's roles and agency (visibility,
 * allowed_actions), the raw query string (cursor, limit, with_drafts;
 * a filtered list is not kept: api_task_unfiltered), and the user name,
 * so that a right that comes to depend on the person cannot leak.
 *
 * Measured at 100,037 tasks as the secretariat: a built page costs
 * MariaDB about 0.7 ms of CPU (the list and its total) and the worker
 * 1.4 M instructions; a kept one a single-row read.
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
#include "fcgi/domain/task.h"

#define SLOTS    8
#define BODY_MAX (160 * 1024) /* larger pages are not kept */

struct slot {
	uint64_t version, used;
	char key[TASK_PAGE_KEY_MAX];
	char *body;
	size_t len;
};

static struct slot slots[SLOTS];
static uint64_t clock_use;

enum nv_err
api_list_version(struct req *rq, uint64_t *v)
{
	/* Migration 0037: a row per slot of task ids; the sum rises with any
	 * committed change as the single row did. */
	static const char sql[] =
	    "SELECT COALESCE(SUM(v), 0) FROM list_version";
	int64_t n;
	enum nv_err rc;

	if ((rc = db_count(rq->arena, sql, NULL, 0, &n)) == NV_OK)
		*v = (uint64_t)n;
	return rc;
}

/* False when the key does not fit: such a page is not kept. */
static bool
make_key(struct req *rq, char *key)
{
	const struct user *u = &rq->sess->user;
	struct str scope = task_scope_committee(u); /* issue 14 */
	char today[11];
	int n;

	clock_today(today);
	n = snprintf(key, TASK_PAGE_KEY_MAX, "%s|%u|%.*s|%s|%s|%.*s", today,
	    u->roles, scope.p != NULL ? (int)scope.len : 1,
	    scope.p != NULL ? scope.p : "*",
	    u->agency_code != NULL ? u->agency_code : "-",
	    u->username != NULL ? u->username : "-", (int)rq->query.len,
	    rq->query.p != NULL ? rq->query.p : "");
	return n > 0 && n < TASK_PAGE_KEY_MAX;
}

bool
api_task_page_hit(struct req *rq, struct resp *rs, struct task_page_key *k)
{
	size_t i;

	k->ok = false;
	if (api_list_version(rq, &k->version) != NV_OK || !make_key(rq, k->key))
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
api_task_page_keep(
    struct req *rq, struct resp *rs, const struct task_page_key *k)
{
	struct slot *s = NULL;
	uint64_t now;
	size_t i;
	char *body;

	if (!k->ok || rs->status != 200 || buf_failed(&rs->body) ||
	    rs->body.len > BODY_MAX || api_list_version(rq, &now) != NV_OK ||
	    now != k->version)
		return;
	/* A slot of an older version, else the least recently used. */
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
