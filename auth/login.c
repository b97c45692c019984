/* SPDX-License-Identifier: ISC */
/* Login: throttle, directory, agency and access policy, in that order. */
#include <string.h>

#include "fcgi/base/db.h"
#include "fcgi/base/str.h"
#include "auth/dir.h"
#include "auth/login.h"
#include "auth/policy.h"
#include "auth/throttle.h"

bool
login_canon(struct str in, char out[USERNAME_MAX + 1])
{
	struct str s = str_trim(in);
	size_t i;

	out[0] = '\0';
	if (s.p == NULL || s.len == 0 || s.len > USERNAME_MAX)
		return false;
	for (i = 0; i < s.len; i++) {
		char c = s.p[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		        (i > 0 && (c == '.' || c == '_' || c == '-')))) {
			out[0] = '\0';
			return false;
		}
		out[i] = c;
	}
	out[s.len] = '\0';
	return true;
}

bool
login_password_usable(struct str pw)
{
	return pw.p != NULL && str_trim(pw).len > 0;
}

/* The agency row for the directory's attribute value, if there is one. */
static enum nv_err
agency_of(struct arena *a, const char *code, struct user *u)
{
	static const char sql[] =
	    "SELECT code, name FROM agencies WHERE code = ?";
	struct db_res r;
	enum nv_err rc;

	u->agency_code = u->agency_name = NULL;
	if (code == NULL)
		return NV_OK;
	struct db_param p[] = {DBP_STR(str_c(code))};
	if ((rc = db_query(a, sql, p, 1, &r)) != NV_OK)
		return rc;
	if (r.nrows == 1) {
		u->agency_code = db_cell(&r, 0, 0).p;
		u->agency_name = db_cell(&r, 0, 1).p;
	}
	return NV_OK;
}

static enum nv_err
decide(struct arena *a, const struct conf *c, const char *canon, bool usable,
    const char *password, const char *addr, struct user *u, int *retry_after)
{
	struct dir_user du;
	enum nv_err rc;

	/* Both slots are taken before the directory hears of this attempt. */
	if ((rc = throttle_take(c, THR_ADDR, addr, retry_after)) != NV_OK)
		return rc;
	if (canon[0] != '\0' &&
	    (rc = throttle_take(c, THR_USER, canon, retry_after)) != NV_OK)
		return rc;
	if (canon[0] == '\0' || !usable)
		return NV_EAUTH;

	rc = dir_authenticate(a, canon, password, &du);
	if (rc == NV_EAUTH)
		return NV_EAUTH; /* the slots stay counted */
	if (rc != NV_OK) {
		/* Not the user's failure: give the slots back. */
		throttle_refund(THR_ADDR, addr);
		throttle_refund(THR_USER, canon);
		return rc;
	}
	if ((rc = throttle_refund(THR_ADDR, addr)) != NV_OK ||
	    (rc = throttle_clear(THR_USER, canon)) != NV_OK)
		return rc;

	if ((rc = agency_of(a, du.agency, u)) != NV_OK)
		return rc;
	u->username = arena_strndup(a, canon, strlen(canon));
	u->display_name = du.display_name ? du.display_name : u->username;
	u->email = du.email;
	u->title = du.title;
	u->roles = du.roles;
	return policy_login(u->roles, u->agency_code != NULL);
}

enum nv_err
login_check(struct arena *a, const struct conf *c, struct str username,
    char *password, size_t pwlen, const char *addr, struct user *u,
    int *retry_after, char canon[USERNAME_MAX + 1])
{
	enum nv_err rc;
	bool usable;

	memset(u, 0, sizeof(*u));
	*retry_after = 0;
	login_canon(username, canon);
	usable = login_password_usable((struct str){password, pwlen});
	rc = decide(a, c, canon, usable, password, addr, u, retry_after);
	explicit_bzero(password, pwlen);
	return rc;
}
