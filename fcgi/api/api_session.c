/* SPDX-License-Identifier: ISC */
/* POST, GET and DELETE /session: login, who am I, logout. */
#include <stdio.h>
#include <string.h>

#include "auth/login.h"
#include "auth/policy.h"
#include "auth/sess.h"
#include "fcgi/api/api.h"
#include "fcgi/domain/audit.h"
#include "fcgi/base/db.h"
#include "fcgi/base/str.h"
#include "fcgi/base/utf8.h"

static const struct field login_fields[] = {
    /* Not trimmed or filtered here: login_canon() decides, so that a
     * malformed username gets the same 401 as a wrong one. */
    {"username", F_TEXT, true, false, 0, 256},
    /* min 0: an empty password is a wrong password (401), not a 400. */
    {"password", F_TEXT, true, false, 0, 256},
    /* The second factor: six digits or a recovery code (auth/totp.h). */
    {"totp", F_TEXT, false, false, 1, 32},
};

void
api_user_json(struct jw *w, const struct sess *s)
{
	const struct user *u = &s->user;
	int r;

	jw_obj_open(w);
	jw_kstrz(w, "username", u->username);
	jw_kstrz(w, "display_name", u->display_name);
	jw_kstrz(w, "email", u->email);
	jw_kstrz(w, "title", u->title);
	jw_key(w, "agency");
	if (u->agency_code == NULL)
		jw_null(w);
	else {
		jw_obj_open(w);
		jw_kstrz(w, "code", u->agency_code);
		jw_kstrz(w, "name", u->agency_name);
		jw_obj_close(w);
	}
	/* Issue 14: whose committee the caller works for (docs/API.md). */
	jw_key(w, "committee");
	if (u->committee == NULL)
		jw_null(w);
	else {
		jw_obj_open(w);
		jw_kstrz(w, "code", u->committee);
		jw_kstrz(w, "level", u->is_commune ? "commune" : "province");
		jw_obj_close(w);
	}
	jw_key(w, "roles");
	jw_arr_open(w);
	for (r = 0; r < ROLE__MAX; r++)
		if (u->roles & ROLE_BIT(r))
			jw_strz(w, policy_role_name((enum role)r));
	jw_arr_close(w);
	jw_obj_close(w);
}

static void
session_body(struct resp *rs, const struct sess *s)
{
	struct jw *w = resp_json(rs, 200);

	jw_obj_open(w);
	jw_key(w, "user");
	api_user_json(w, s);
	jw_kstrz(w, "csrf_token", s->csrf);
	/* Acting head today (issue 12): for whom, until when; null when not
	 * (and at login, before the request path has asked). */
	jw_key(w, "acting_for");
	if (s->user.acting_for == NULL)
		jw_null(w);
	else {
		jw_obj_open(w);
		jw_kstrz(w, "head", s->user.acting_for);
		jw_kstrz(w, "head_name", s->user.acting_for_name);
		jw_kstrz(w, "until", s->user.acting_until);
		jw_obj_close(w);
	}
	if (s->user.totp_pending)
		jw_kbool(w, "totp_enrolment_required", true);
	jw_obj_close(w);
}

/* Audits a refused login; the refusal itself is the caller's answer. */
static void
audit_refusal(
    struct req *rq, const char *canon, struct str raw, enum nv_err why)
{
	struct buf b;
	struct jw w;
	struct audit au = {0};
	struct str shown = str_trim(raw);

	if (shown.len > USERNAME_MAX || !utf8_valid(shown.p, shown.len, 0))
		shown = STR("(không hợp lệ)");
	buf_init(&b, 1024);
	jw_init(&w, &b);
	jw_obj_open(&w);
	jw_kstr(&w, "username", shown.p, shown.len);
	jw_kstrz(&w, "reason", errmap[why].code);
	jw_obj_close(&w);
	au.actor = canon[0] != '\0' ? canon : NULL;
	au.action = why == NV_ENOACCESS ? "login_denied" : "login_failed";
	au.detail = b.p;
	au.detail_len = b.len;
	audit_write(rq, &au); /* best effort: the refusal stands anyway */
	buf_free(&b);
}

/*
 * Issue 8: what a good password ends (throttle, device cookie), the
 * session's row and its audit, as one transaction: one commit a login.
 */
struct login_tx {
	struct req *rq;
	const struct user *u;
	const struct login_slots *slots;
	char *token, *device;
	struct sess *s;
};

static enum nv_err
login_tx_run(void *ctx)
{
	struct login_tx *lt = ctx;
	struct audit au = {0};
	enum nv_err rc;

	if ((rc = sess_create(lt->rq->arena, lt->u, lt->rq->remote_addr.p,
	         req_cookie(lt->rq, REQ_SESSION_COOKIE(lt->rq)), lt->token,
	         &lt->s)) != NV_OK)
		return rc;
	au.actor = lt->u->username;
	au.actor_name = lt->u->display_name;
	au.action = "login";
	if ((rc = audit_write(lt->rq, &au)) != NV_OK)
		return rc;
	/*
	 * Issue 8: last, so that the address's row, which every login from
	 * that address (an office's NAT) updates, stays locked for the
	 * COMMIT only, not for the statements before it too.
	 */
	return login_settle(lt->rq->conf, lt->slots, lt->device);
}

enum nv_err
api_session_create(struct req *rq, struct resp *rs)
{
	struct fval v[NELEM(login_fields)];
	char canon[USERNAME_MAX + 1], token[SESS_TOKEN_LEN + 1];
	char device[SESS_TOKEN_LEN + 1], cookie[192], *pw;
	struct user u;
	struct sess *s;
	struct login_slots slots;
	struct login_tx lt;
	struct cJSON *root;
	int retry;
	enum nv_err rc;

	if (rq->body_len > (size_t)rq->conf->login_body_max)
		return NV_ETOOBIG;
	if ((rc = req_query_unused(rq)) != NV_OK)
		return rc;
	if ((rc = req_json(rq, &root)) != NV_OK)
		return rc;
	if ((rc = req_fields(rq, root, login_fields, NELEM(login_fields), v)) !=
	    NV_OK)
		return rc;
	/* Two more copies of the password to wipe: the body and the tree. */
	req_wipe(rq, root, "password");
	req_wipe(rq, root, "totp");
	pw = (char *)(uintptr_t)v[1].s.p;
	rc = login_check(rq->arena, rq->conf, v[0].s, pw, v[1].s.len,
	    rq->remote_addr.p, req_cookie(rq, REQ_DEVICE_COOKIE(rq)),
	    v[2].present ? v[2].s : STR_NULL, &u, &retry, canon, &slots);
	if (rc == NV_EAUTH || rc == NV_ELIMIT || rc == NV_ENOACCESS ||
	    rc == NV_ETOTP) {
		/* A throttle hit is audited, coalesced, by worker_refused. */
		if (rc != NV_ELIMIT)
			audit_refusal(rq, canon, v[0].s, rc);
		if (rc == NV_ELIMIT) {
			char ra[16];
			snprintf(ra, sizeof(ra), "%d", retry);
			resp_header(rs, "Retry-After", ra);
		}
		return rc;
	}
	if (rc != NV_OK)
		return rc;

	lt = (struct login_tx){rq, &u, &slots, token, device, NULL};
	if ((rc = db_tx(login_tx_run, &lt)) != NV_OK) {
		/* Not the user's failure: the slots are given back. */
		explicit_bzero(device, sizeof(device));
		login_give_back(&slots);
		return rc;
	}
	s = lt.s;
	/* Housekeeping after the commit: its failure is not the login's. */
	(void)sess_purge(rq->conf);
	login_purge(rq->conf);

	snprintf(cookie, sizeof(cookie),
	    "%s=%s; HttpOnly; SameSite=Strict; "
	    "Path=/%s",
	    REQ_SESSION_COOKIE(rq), token, rq->https ? "; Secure" : "");
	explicit_bzero(token, sizeof(token));
	resp_header(rs, "Set-Cookie", cookie);
	if (device[0] != '\0') {
		/* Sent back only to the login, for as long as it is trusted. */
		snprintf(cookie, sizeof(cookie),
		    "%s=%s; Max-Age=%d; HttpOnly; SameSite=Strict; "
		    "Path=/api/v1/session%s",
		    REQ_DEVICE_COOKIE(rq), device,
		    rq->conf->login_device_max_age,
		    rq->https ? "; Secure" : "");
		explicit_bzero(device, sizeof(device));
		resp_header(rs, "Set-Cookie", cookie);
	}
	session_body(rs, s);
	return NV_OK;
}

enum nv_err
api_session_get(struct req *rq, struct resp *rs)
{
	enum nv_err rc;

	if ((rc = req_query_unused(rq)) != NV_OK)
		return rc;
	session_body(rs, rq->sess);
	return NV_OK;
}

enum nv_err
api_session_delete(struct req *rq, struct resp *rs)
{
	struct audit au = {0};
	char cookie[128];
	enum nv_err rc;

	if ((rc = req_query_unused(rq)) != NV_OK)
		return rc;
	if ((rc = db_begin()) != NV_OK)
		return rc;
	au.actor = rq->sess->user.username;
	au.action = "logout";
	if ((rc = sess_delete(rq->sess)) != NV_OK ||
	    (rc = audit_write(rq, &au)) != NV_OK) {
		db_rollback();
		return rc;
	}
	if ((rc = db_commit()) != NV_OK)
		return rc;
	snprintf(cookie, sizeof(cookie),
	    "%s=; Max-Age=0; HttpOnly; "
	    "SameSite=Strict; Path=/%s",
	    REQ_SESSION_COOKIE(rq), rq->https ? "; Secure" : "");
	resp_header(rs, "Set-Cookie", cookie);
	resp_empty(rs, 204);
	return NV_OK;
}
