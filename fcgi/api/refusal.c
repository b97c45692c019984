/* SPDX-License-Identifier: ISC */
/* Refusals audited at the end of a request, coalesced per key. */
#include <stdio.h>
#include <string.h>

#include "auth/sess.h"
#include "fcgi/base/db.h"
#include "fcgi/base/log.h"
#include "fcgi/base/str.h"
#include "fcgi/base/utf8.h"
#include "fcgi/api/api.h"
#include "fcgi/domain/audit.h"
#include "fcgi/api/refusal.h"
#include "fcgi/http/resp.h"
#include "fcgi/http/worker.h"

#define TAKE_TRIES 16  /* compare-and-swap rounds under contention */
#define PATH_SHOWN 200 /* bytes of the path kept in the detail */
#define KEY_MAX    128 /* audit_coalesce.k */
#define ALL_KEY    "*" /* the budget of every key together */

enum nv_err
refusal_take(const struct conf *c, const char *key, int64_t limit, bool *write,
    int64_t *suppressed)
{
	static const char ensure[] =
	    "INSERT IGNORE INTO audit_coalesce (k, window_start, written, "
	    "suppressed) VALUES (?, UTC_TIMESTAMP(6), 0, 0)";
	static const char read[] =
	    "SELECT window_start <= UTC_TIMESTAMP(6) - INTERVAL ? SECOND, "
	    "written, suppressed, window_start FROM audit_coalesce "
	    "WHERE k = ?";
	/* Compare-and-swap on the window and the count: two workers that
	 * read the same row cannot both write the key's one row. */
	static const char renew[] =
	    "UPDATE audit_coalesce SET window_start = UTC_TIMESTAMP(6), "
	    "written = 1, suppressed = 0 WHERE k = ? AND window_start = ? "
	    "AND written = ?";
	static const char add[] =
	    "UPDATE audit_coalesce SET written = written + 1 WHERE k = ? "
	    "AND window_start = ? AND written = ?";
	static const char count[] =
	    "UPDATE audit_coalesce SET suppressed = suppressed + 1 "
	    "WHERE k = ?";
	struct arena *a;
	struct db_res r;
	uint64_t affected;
	bool expired;
	enum nv_err rc;
	int i;

	*write = false;
	*suppressed = 0;
	struct db_param k[] = {DBP_STR(str_c(key))};
	if ((rc = db_exec(ensure, k, NELEM(k), NULL, NULL)) != NV_OK)
		return rc;
	if ((a = arena_new(4096)) == NULL)
		return NV_EINTERNAL;
	struct db_param q[] = {
	    DBP_INT(c->audit_refusal_window), DBP_STR(str_c(key))};
	for (i = 0; i < TAKE_TRIES; i++) {
		arena_reset(a);
		if ((rc = db_query(a, read, q, NELEM(q), &r)) != NV_OK)
			goto out;
		if (r.nrows != 1)
			continue;
		expired = db_int(&r, 0, 0) != 0;
		if (!expired && db_int(&r, 0, 1) >= limit)
			break; /* over budget: counted below */
		struct db_param w[] = {DBP_STR(str_c(key)),
		    DBP_STR(db_cell(&r, 0, 3)), DBP_INT(db_int(&r, 0, 1))};
		if ((rc = db_exec(expired ? renew : add, w, NELEM(w), &affected,
		         NULL)) != NV_OK)
			goto out;
		if (affected == 1) {
			*write = true;
			*suppressed = expired ? db_int(&r, 0, 2) : 0;
			goto out;
		}
	}
	rc = db_exec(count, k, NELEM(k), NULL, NULL);
out:
	arena_free(a);
	return rc;
}

/* The audit action for a request's final error; NULL: not audited. */
static const char *
action_of(const struct req *rq, enum nv_err rc)
{
	switch (rc) {
	case NV_EPERM:
		return "access_denied";
	case NV_ENOENT:
		/* Logged in and told "no such thing": maybe not theirs.
		 * Without a session it is a 404 for an unknown path. */
		return rq->sess != NULL ? "access_not_found" : NULL;
	case NV_ECSRF:
		return "csrf_failed";
	case NV_ELIMIT:
		return "rate_limited";
	default:
		return NULL;
	}
}

void
worker_refused(struct req *rq, enum nv_err rc)
{
	const char *action = action_of(rq, rc), *actor;
	char key[KEY_MAX + 1];
	struct str path = rq->path;
	struct audit au = {0};
	struct buf b;
	struct jw w;
	int64_t suppressed, ignored;
	bool write;
	int n;

	if (action == NULL)
		return;
	actor = rq->sess != NULL ? rq->sess->user.username : NULL;
	n = snprintf(key, sizeof(key), "%s|%s", action,
	    actor != NULL ? actor
	                  : (rq->remote_addr.p ? rq->remote_addr.p : ""));
	if (n < 0 || (size_t)n >= sizeof(key))
		return;
	/* Best effort: the refusal stands whether or not it is audited. */
	if (refusal_take(rq->conf, key, 1, &write, &suppressed) != NV_OK ||
	    !write)
		return;
	if (refusal_take(rq->conf, ALL_KEY, rq->conf->audit_refusals_max,
	        &write, &ignored) != NV_OK)
		return;
	if (!write) {
		log_warnx("refusal not audited: over audit_refusals_max");
		return;
	}
	if (path.len > PATH_SHOWN)
		path.len = PATH_SHOWN;
	if (path.p == NULL || !utf8_valid(path.p, path.len, 0))
		path = STR("(không hợp lệ)");
	buf_init(&b, 512);
	jw_init(&w, &b);
	jw_obj_open(&w);
	jw_ksstr(&w, "method", rq->method);
	jw_ksstr(&w, "path", path);
	jw_kstrz(&w, "code", errmap[rc].code);
	if (suppressed > 0)
		jw_kint(&w, "suppressed", suppressed);
	jw_obj_close(&w);
	au.actor = actor;
	au.action = action;
	au.detail = b.p;
	au.detail_len = b.len;
	audit_write(rq, &au);
	buf_free(&b);
}
