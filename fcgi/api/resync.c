/* SPDX-License-Identifier: ISC */
/*
 * Sessions follow the directory (issue 16; ASVS 5.0 7.4.2, 8.3.x): the
 * request path's one call (route.c) re-checks the session's user through
 * login_resync and audits what changed.  Here because auditing needs the
 * request, which auth/ never sees.
 */
#include <string.h>

#include "auth/login.h"
#include "auth/policy.h"
#include "fcgi/base/buf.h"
#include "fcgi/base/jw.h"
#include "fcgi/api/api.h"
#include "fcgi/base/str.h"
#include "fcgi/domain/audit.h"
#include "fcgi/http/route.h"

/* {"agency": code|null, "roles": [...], "display_name": ...} */
static void
user_json(struct jw *w, const char *key, const struct user *u)
{
	int r;

	jw_key(w, key);
	jw_obj_open(w);
	jw_kstrz(w, "agency", u->agency_code);
	jw_key(w, "roles");
	jw_arr_open(w);
	for (r = 0; r < ROLE__MAX; r++)
		if (u->roles & ROLE_BIT(r))
			jw_strz(w, policy_role_name((enum role)r));
	jw_arr_close(w);
	jw_kstrz(w, "display_name", u->display_name);
	jw_obj_close(w);
}

/* What a session limited to enrolling a second factor may still do. */
static bool
enrolment_path(const struct req *rq)
{
	return str_eq(rq->path, "/session") || str_eq(rq->path, "/me/totp") ||
	       str_eq(rq->path, "/me/totp/confirm");
}

enum nv_err
route_resync(struct req *rq, bool is_change)
{
	struct user before;
	struct audit au = {0};
	enum resync what;
	struct buf b;
	struct jw w;
	enum nv_err rc;

	if ((rc = login_resync(rq->arena, rq->conf, rq->sess, is_change, &what,
	         &before)) != NV_OK)
		return rc;
	/* Read with the session, for the user before the change. */
	if (what == RESYNC_CHANGED)
		rq->sess->deleg_read = false;
	if (what != RESYNC_CHANGED && what != RESYNC_GONE &&
	    what != RESYNC_NO_ACCESS)
		return rq->sess->user.totp_pending && !enrolment_path(rq)
		           ? NV_EENROL
		           : NV_OK;
	buf_init(&b, 512);
	jw_init(&w, &b);
	jw_obj_open(&w);
	if (what == RESYNC_CHANGED) {
		user_json(&w, "from", &before);
		user_json(&w, "to", &rq->sess->user);
	} else
		jw_kstrz(&w, "reason",
		    what == RESYNC_GONE ? "not_in_directory" : "no_access");
	jw_obj_close(&w);
	au.actor = before.username;
	au.actor_name = before.display_name;
	au.action =
	    what == RESYNC_CHANGED ? "session_updated" : "session_ended";
	au.detail = b.p;
	au.detail_len = b.len;
	/* Best effort: the session has changed or ended either way. */
	audit_write(rq, &au);
	buf_free(&b);
	if (what == RESYNC_CHANGED)
		return rq->sess->user.totp_pending && !enrolment_path(rq)
		           ? NV_EENROL
		           : NV_OK;
	rq->sess = NULL; /* gone: nothing after this may act for it */
	return NV_EUNAUTH;
}
