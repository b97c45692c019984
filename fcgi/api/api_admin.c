/* SPDX-License-Identifier: ISC */
/*
 * The administrator's view of other users' sessions (issue 16): list a
 * user's live sessions and end them, e.g. at once after an official left.
 *
 *	GET    /admin/sessions?username=U          the live sessions of U
 *	DELETE /admin/sessions?username=U[&id=N]   end them all, or number N
 */
#include <stdio.h>

#include "auth/login.h"
#include "auth/policy.h"
#include "auth/sess.h"
#include "fcgi/api/api.h"
#include "fcgi/domain/audit.h"
#include "fcgi/base/str.h"

#define SESSIONS_SHOWN 200 /* a user has few; bounded all the same */

/* The username query parameter, canonical; a 400 if absent or malformed. */
static enum nv_err
username_param(struct req *rq, char canon[USERNAME_MAX + 1])
{
	struct str s = req_query(rq, "username");

	if (s.p == NULL || !login_canon(s, canon))
		return req_fail(
		    rq, NV_EINVAL, "username", "Tên đăng nhập không hợp lệ.");
	return NV_OK;
}

enum nv_err
api_admin_sessions(struct req *rq, struct resp *rs)
{
	char canon[USERNAME_MAX + 1];
	struct sess_info *v;
	struct jw *w;
	size_t i, n;
	enum nv_err rc;
	int r;

	if ((rc = username_param(rq, canon)) != NV_OK)
		return rc;
	if ((rc = req_query_unused(rq)) != NV_OK)
		return rc;
	if ((rc = sess_list_user(
	         rq->arena, rq->conf, canon, SESSIONS_SHOWN, &v, &n)) != NV_OK)
		return rc;
	w = resp_json(rs, 200);
	jw_obj_open(w);
	jw_key(w, "items");
	jw_arr_open(w);
	for (i = 0; i < n; i++) {
		jw_obj_open(w);
		jw_kint(w, "id", v[i].id);
		jw_kstrz(w, "username", v[i].user.username);
		jw_kstrz(w, "display_name", v[i].user.display_name);
		jw_kstrz(w, "agency", v[i].user.agency_code);
		jw_key(w, "roles");
		jw_arr_open(w);
		for (r = 0; r < ROLE__MAX; r++)
			if (v[i].user.roles & ROLE_BIT(r))
				jw_strz(w, policy_role_name((enum role)r));
		jw_arr_close(w);
		jw_kstrz(w, "client_addr", v[i].client_addr);
		jw_kstrz(w, "created_at", v[i].created_at);
		jw_kstrz(w, "last_seen", v[i].last_seen);
		jw_kbool(w, "current", v[i].id == rq->sess->id);
		jw_obj_close(w);
	}
	jw_arr_close(w);
	jw_obj_close(w);
	return NV_OK;
}

enum nv_err
api_admin_sessions_end(struct req *rq, struct resp *rs)
{
	char canon[USERNAME_MAX + 1], detail[96];
	struct audit au = {0};
	struct jw *w;
	struct str s;
	uint64_t ended;
	int64_t id = 0;
	enum nv_err rc;
	int n;

	if ((rc = username_param(rq, canon)) != NV_OK)
		return rc;
	if ((s = req_query(rq, "id")).p != NULL &&
	    str_to_i64(s, 1, INT64_MAX, &id) != NV_OK)
		return req_fail(rq, NV_EINVAL, "id", "id không hợp lệ.");
	if ((rc = req_query_unused(rq)) != NV_OK)
		return rc;
	if ((rc = db_begin()) != NV_OK)
		return rc;
	if ((rc = sess_end(id, canon, &ended)) != NV_OK)
		goto fail;
	if (id > 0 && ended == 0) {
		db_rollback();
		return NV_ENOENT;
	}
	n = snprintf(detail, sizeof(detail),
	    "{\"username\":\"%s\",\"sessions\":%llu}", canon,
	    (unsigned long long)ended);
	if (n < 0 || (size_t)n >= sizeof(detail)) {
		rc = NV_EINTERNAL;
		goto fail;
	}
	au.actor = rq->sess->user.username;
	au.action = "sessions_ended";
	au.detail = detail;
	au.detail_len = (size_t)n;
	if ((rc = audit_write(rq, &au)) != NV_OK)
		goto fail;
	if ((rc = db_commit()) != NV_OK)
		return rc;
	w = resp_json(rs, 200);
	jw_obj_open(w);
	jw_kint(w, "ended", (int64_t)ended);
	jw_obj_close(w);
	return NV_OK;
fail:
	db_rollback();
	return rc;
}
