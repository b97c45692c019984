/* SPDX-License-Identifier: ISC */
/*
 * Login: device cookie, throttle, directory, agency and access policy, in
 * that order.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "fcgi/base/db.h"
#include "fcgi/base/str.h"
#include "auth/device.h"
#include "auth/dir.h"
#include "auth/login.h"
#include "auth/policy.h"
#include "auth/throttle.h"
#include "auth/totp.h"

#define LOGIN_PURGE_EVERY_S 60
/*
 * Issue 8: a change re-reads the directory every time (login_resync) but
 * records that read only when the recorded one is this old.  The record
 * was an UPDATE of the session's row of its own, one more commit (an
 * fsync) per write and a row every request of the session took in turn.
 * The recorded time is then at most this much older than the last read,
 * so a GET re-reads the directory sooner than session_recheck says, never
 * later.
 */
#define CHECKED_WRITE_S 60

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

/*
 * The agency row for the directory's attribute value, if there is one;
 * with totp_user, in the same statement (issue 8: one round trip a
 * login), whether that user has a confirmed second factor.
 */
static enum nv_err
agency_of(struct arena *a, const char *code, const char *totp_user,
    struct user *u, bool *enrolled)
{
	static const char sql[] =
	    "SELECT a.code, a.name, a.committee, "
	    "COALESCE(c.level = 'commune', 0) FROM agencies a "
	    "LEFT JOIN committees c ON c.code = a.committee WHERE a.code = ?";
	/* One row whatever the agency: the flag is wanted anyway. */
	static const char with_totp[] =
	    "SELECT a.code, a.name, a.committee, "
	    "COALESCE(c.level = 'commune', 0), (SELECT COUNT(*) FROM "
	    "user_totp WHERE username = ? AND confirmed_at IS NOT NULL) "
	    "FROM (SELECT 1) one LEFT JOIN agencies a ON a.code = ? "
	    "LEFT JOIN committees c ON c.code = a.committee";
	struct db_res r;
	enum nv_err rc;

	u->agency_code = u->agency_name = u->committee = NULL;
	u->is_commune = false;
	if (totp_user != NULL) {
		*enrolled = false;
		struct db_param p[] = {
		    DBP_STR(str_c(totp_user)), DBP_STR(str_c(code))};
		if ((rc = db_query(a, with_totp, p, NELEM(p), &r)) != NV_OK)
			return rc;
		if (r.nrows != 1)
			return NV_EINTERNAL;
		*enrolled = db_int(&r, 0, 4) > 0;
		if (db_cell(&r, 0, 0).p == NULL)
			return NV_OK; /* no agency, or not a known one */
	} else {
		if (code == NULL)
			return NV_OK;
		struct db_param p[] = {DBP_STR(str_c(code))};
		if ((rc = db_query(a, sql, p, 1, &r)) != NV_OK)
			return rc;
		if (r.nrows != 1)
			return NV_OK;
	}
	u->agency_code = db_cell(&r, 0, 0).p;
	u->agency_name = db_cell(&r, 0, 1).p;
	u->committee = db_cell(&r, 0, 2).p;
	u->is_commune = db_int(&r, 0, 3) != 0;
	return NV_OK;
}

/*
 * login_user_of, and with enrolled the second factor's flag (a login).
 * With known (a session's user, its agency row read by the session's own
 * lookup in this request), the directory's agency, when it is the same
 * code, takes known's row instead of reading it again (issue 8: one
 * statement fewer on every change, which re-reads the directory).
 */
static enum nv_err
user_of(struct arena *a, const char *canon, const struct dir_user *du,
    struct user *u, bool *enrolled, const struct user *known)
{
	enum nv_err rc;

	if (known != NULL && known->agency_code != NULL &&
	    known->agency_name != NULL && du->agency != NULL &&
	    strcmp(known->agency_code, du->agency) == 0) {
		u->agency_code = known->agency_code;
		u->agency_name = known->agency_name;
		u->committee = known->committee;
		u->is_commune = known->is_commune;
	} else if ((rc = agency_of(a, du->agency,
	                enrolled != NULL ? canon : NULL, u, enrolled)) != NV_OK)
		return rc;
	u->username = arena_strndup(a, canon, strlen(canon));
	u->display_name = du->display_name ? du->display_name : u->username;
	u->email = du->email;
	u->title = du->title;
	u->roles = du->roles;
	return policy_login(u->roles, u->agency_code != NULL);
}

enum nv_err
login_user_of(struct arena *a, const char *canon, const struct dir_user *du,
    struct user *u)
{
	return user_of(a, canon, du, u, NULL, NULL);
}

void
login_purge(const struct conf *c)
{
	static time_t last; /* this worker's last purge, monotonic */
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (last != 0 && now.tv_sec - last < LOGIN_PURGE_EVERY_S)
		return;
	last = now.tv_sec != 0 ? now.tv_sec : 1;
	(void)throttle_purge(c);
	(void)device_purge(c);
}

/* Gives back every slot taken: the attempt is not the user's failure. */
void
login_give_back(const struct login_slots *t)
{
	if (t->has_device)
		throttle_refund(THR_DEVICE, t->device);
	if (t->addr_taken)
		throttle_refund(THR_ADDR, t->addr);
	if (t->has_pair)
		throttle_refund(THR_PAIR, t->pair);
	if (t->user)
		throttle_refund(THR_USER, t->canon);
}

/*
 * Do any of roles require a second factor?  totp_required_roles is a
 * ','-separated list of role names (unknown names match nothing).
 */
bool
login_totp_required(const struct conf *c, unsigned roles)
{
	const char *p = c->totp_required_roles, *name;
	size_t n;
	int r;

	while (*p != '\0') {
		while (*p == ',' || *p == ' ')
			p++;
		for (n = 0; p[n] != '\0' && p[n] != ',' && p[n] != ' '; n++)
			;
		for (r = 0; n > 0 && r < ROLE__MAX; r++) {
			name = policy_role_name((enum role)r);
			if ((roles & ROLE_BIT(r)) && strlen(name) == n &&
			    strncmp(name, p, n) == 0)
				return true;
		}
		p += n;
	}
	return false;
}

/*
 * Takes the slots before the directory hears of this attempt.  A browser
 * with this username's device cookie counts on its own and nowhere else;
 * any other is counted per address, per (username, address) and per
 * username (throttle.h says which of these lock and which slow).  Each
 * take is committed at once: a failure is counted even if the rest fails.
 */
static enum nv_err
take_slots(const struct conf *c, struct login_slots *t, int *retry_after)
{
	enum nv_err rc;
	int n;

	if (t->trusted) {
		if ((rc = throttle_take(
		         c, THR_DEVICE, t->device, retry_after)) != NV_OK)
			return rc;
		t->has_device = true;
		return NV_OK;
	}
	if (t->canon[0] != '\0') {
		n = snprintf(
		    t->pair, sizeof(t->pair), "%s|%s", t->canon, t->addr);
		if (n < 0 || (size_t)n >= sizeof(t->pair))
			return NV_EINTERNAL;
		/* Issue 8: the three at once when none is at its limit. */
		if (throttle_take3(c, t->addr, t->pair, t->canon) == NV_OK) {
			t->addr_taken = t->has_pair = t->user = true;
			return NV_OK;
		}
	}
	if ((rc = throttle_take(c, THR_ADDR, t->addr, retry_after)) != NV_OK)
		return rc;
	t->addr_taken = true;
	if (t->canon[0] == '\0')
		return NV_OK;
	if ((rc = throttle_take(c, THR_PAIR, t->pair, retry_after)) != NV_OK)
		return rc;
	t->has_pair = true;
	if ((rc = throttle_take(c, THR_USER, t->canon, retry_after)) != NV_OK)
		return rc;
	t->user = true;
	return NV_OK;
}

enum nv_err
login_settle(const struct conf *c, const struct login_slots *t,
    char device_out[SESS_TOKEN_LEN + 1])
{
	enum nv_err rc;

	if (device_out != NULL)
		device_out[0] = '\0';
	if (t->trusted)
		return throttle_clear(THR_DEVICE, t->device);
	if ((rc = throttle_settle3(t->addr, t->pair, t->canon)) == NV_OK &&
	    device_out != NULL)
		rc = device_issue(c, t->canon, device_out);
	return rc;
}

/* login_settle as a transaction of its own (a refusal by policy). */
struct settle {
	const struct conf *c;
	const struct login_slots *t;
};

static enum nv_err
settle_tx(void *ctx)
{
	struct settle *st = ctx;

	return login_settle(st->c, st->t, NULL);
}

static enum nv_err
decide(struct arena *a, const struct conf *c, bool usable, const char *password,
    struct str device_in, struct str totp, struct user *u, int *retry_after,
    struct login_slots *t)
{
	struct dir_user du;
	struct settle st;
	bool enrolled = false;
	enum nv_err rc, policy;

	if (t->canon[0] != '\0' && (rc = device_check(c, device_in, t->canon,
	                                &t->trusted, t->device)) != NV_OK)
		return rc;
	if ((rc = take_slots(c, t, retry_after)) != NV_OK) {
		/* Refused before the directory: no slot stays spent. */
		if (rc == NV_ELIMIT)
			login_give_back(t);
		return rc;
	}
	if (t->canon[0] == '\0' || !usable)
		return NV_EAUTH;

	rc = dir_authenticate(a, t->canon, password, &du);
	if (rc == NV_EAUTH)
		return NV_EAUTH; /* the slots stay counted */
	if (rc != NV_OK) {
		login_give_back(t);
		return rc;
	}
	/* The agency, the policy and the second factor's flag at once. */
	policy = user_of(a, t->canon, &du, u, &enrolled, NULL);
	if (policy != NV_OK && policy != NV_ENOACCESS) {
		login_give_back(t);
		return policy;
	}
	if (enrolled && totp.p == NULL) {
		/* The password was right: not a failure, but no login. */
		login_give_back(t);
		return NV_ETOTP;
	}
	if (enrolled && (rc = totp_check(t->canon, totp)) != NV_OK) {
		if (rc != NV_EAUTH)
			login_give_back(t);
		return rc; /* a wrong code is counted like a wrong password */
	}
	/* Required by role and not enrolled: a session that may only enrol. */
	u->totp_pending = !enrolled && login_totp_required(c, u->roles);
	if (policy == NV_OK)
		return NV_OK; /* the caller settles, with the session's row */
	/*
	 * A good password ends this browser's, this pair's and this
	 * username's failures (the owner is back; as before issue 16), even
	 * when the policy then refuses the login; no device cookie is sent.
	 */
	st.c = c;
	st.t = t;
	if ((rc = db_tx(settle_tx, &st)) != NV_OK)
		return rc;
	return NV_ENOACCESS;
}

enum nv_err
login_check(struct arena *a, const struct conf *c, struct str username,
    char *password, size_t pwlen, const char *addr, struct str device_in,
    struct str totp, struct user *u, int *retry_after,
    char canon[USERNAME_MAX + 1], struct login_slots *slots)
{
	enum nv_err rc;
	bool usable;
	int n;

	memset(u, 0, sizeof(*u));
	memset(slots, 0, sizeof(*slots));
	*retry_after = 0;
	login_canon(username, canon);
	memcpy(slots->canon, canon, USERNAME_MAX + 1);
	n = snprintf(slots->addr, sizeof(slots->addr), "%s", addr);
	usable = login_password_usable((struct str){password, pwlen});
	if (n < 0 || (size_t)n >= sizeof(slots->addr))
		rc = NV_EINTERNAL;
	else
		rc = decide(a, c, usable, password, device_in, totp, u,
		    retry_after, slots);
	explicit_bzero(password, pwlen);
	return rc;
}

static bool
same_str(const char *x, const char *y)
{
	if (x == NULL || y == NULL)
		return x == y;
	return strcmp(x, y) == 0;
}

enum nv_err
login_resync(struct arena *a, const struct conf *c, struct sess *s,
    bool is_change, enum resync *out, struct user *before)
{
	struct dir_user du;
	struct user now = {0};
	enum nv_err rc;

	*out = RESYNC_FRESH;
	*before = s->user;
	if (!is_change && s->checked_age < c->session_recheck)
		return NV_OK;
	rc = dir_lookup(a, s->user.username, &du);
	if (rc == NV_ENOENT) {
		*out = RESYNC_GONE;
		return sess_delete(s);
	}
	if (rc != NV_OK) {
		/*
		 * XXX Fails open: while the directory is down the session
		 * keeps what the directory said at its last check, so that
		 * an outage does not stop the province's work.  The next
		 * request checks again.
		 */
		*out = RESYNC_UNCHECKED;
		return NV_OK;
	}
	rc = user_of(a, s->user.username, &du, &now, NULL, &s->user);
	now.totp_pending = s->user.totp_pending; /* not the directory's */
	if (rc == NV_ENOACCESS) {
		*out = RESYNC_NO_ACCESS;
		return sess_delete(s);
	}
	if (rc != NV_OK)
		return rc;
	if (now.roles == s->user.roles &&
	    same_str(now.agency_code, s->user.agency_code) &&
	    same_str(now.display_name, s->user.display_name) &&
	    same_str(now.email, s->user.email) &&
	    same_str(now.title, s->user.title)) {
		*out = RESYNC_SAME;
		return s->checked_age < CHECKED_WRITE_S ? NV_OK
		                                        : sess_checked(s);
	}
	if ((rc = sess_set_user(s, &now)) != NV_OK)
		return rc;
	s->user = now;
	*out = RESYNC_CHANGED;
	return NV_OK;
}
