/* SPDX-License-Identifier: ISC */
/*
 * The login decision, from a username and password to a user: canonical
 * username, throttle, search-then-bind, roles and agency, access policy.
 * Knows nothing of HTTP; the session handler turns its answer into one.
 */
#ifndef LOGIN_H
#define LOGIN_H

#include "fcgi/base/arena.h"
#include "fcgi/base/bounds.h"
#include "fcgi/base/conf.h"
#include "fcgi/base/nv.h"
#include "auth/device.h"
#include "auth/dir.h"
#include "auth/sess.h"

/*
 * Folds case and surrounding spaces, then checks the allow-list: 1 to
 * USERNAME_MAX of [a-z0-9._-], starting with a letter or digit.  Writes the
 * canonical form to out; false when it is not a possible username.
 */
bool login_canon(struct str in, char out[USERNAME_MAX + 1]);
/* False for an empty or whitespace-only password, which never reaches LDAP. */
bool login_password_usable(struct str);

/*
 * Decides a login.  password is wiped before return.  NV_OK fills *u (in
 * a); NV_EAUTH (wrong, unknown or unusable credentials: one answer);
 * NV_ELIMIT with *retry_after in seconds; NV_ENOACCESS for an account with
 * no agency or role; NV_EDIRDOWN; NV_EDBDOWN.  canon receives the canonical
 * username (empty when the input was not a possible username), for the
 * audit log.  device_in is the browser's device cookie (may be STR_NULL);
 * after a good password from a browser without a valid one for this user,
 * device_out holds a new device token to set, else it is empty.  The
 * throttle's rules are in throttle.h.  totp (STR_NULL: not sent) is the
 * second factor's code or a recovery code: for a user who enrolled one,
 * none gives NV_ETOTP (not counted as a failure), a wrong one NV_EAUTH
 * (counted).  A user whose role requires one but who has not enrolled gets
 * u->totp_pending: a session that may only enrol.
 */
/*
 * The throttle slots one attempt took (login.c).  After NV_OK from
 * login_check the caller ends them with login_settle inside the
 * transaction that writes the session (issue 8: one commit), or gives them
 * back with login_give_back when that transaction fails.
 */
struct login_slots {
	bool trusted; /* a device cookie of this username came with it */
	char device[DEVICE_KEY_LEN + 1];
	char pair[USERNAME_MAX + 1 + ADDR_MAX + 1];
	char canon[USERNAME_MAX + 1];
	char addr[ADDR_MAX + 1];
	bool addr_taken, user, has_pair, has_device;
};

enum nv_err login_check(struct arena *a, const struct conf *c,
    struct str username, char *password, size_t pwlen, const char *client_addr,
    struct str device_in, struct str totp, struct user *u, int *retry_after,
    char canon[USERNAME_MAX + 1], struct login_slots *slots);

/*
 * What a good password ends: this browser's, this pair's and this
 * username's failures; the address only gets this attempt back.  Without
 * a device cookie, device_out (unless NULL: none wanted) receives a new
 * device token (else empty).
 * Writes only: run it inside the caller's transaction.
 */
enum nv_err login_settle(const struct conf *c, const struct login_slots *,
    char device_out[SESS_TOKEN_LEN + 1]);

/*
 * Housekeeping after a login's commit, once a minute per worker (issue 8:
 * no longer in every login): throttle rows that count nothing, expired
 * device rows.  Its failure is not the login's.
 */
void login_purge(const struct conf *);

/* Gives back every slot taken: the attempt is not the user's failure. */
void login_give_back(const struct login_slots *);

/* Do any of roles require a second factor (totp_required_roles)? */
bool login_totp_required(const struct conf *, unsigned roles);

/*
 * The user as the directory entry du describes them (username canon; the
 * agency attribute matched against the agencies table), then the access
 * policy: NV_ENOACCESS without a role, or with only official/head and no
 * known agency; NV_EDBDOWN.  Strings in *u live in a or in du.
 */
enum nv_err login_user_of(struct arena *a, const char *canon,
    const struct dir_user *du, struct user *u);

/* What a session's re-check against the directory found. */
enum resync {
	RESYNC_FRESH,     /* checked recently and not a change: not asked */
	RESYNC_SAME,      /* the directory agrees with the session */
	RESYNC_CHANGED,   /* agency, roles or name changed: the session too */
	RESYNC_GONE,      /* no (single) entry any more: session ended */
	RESYNC_NO_ACCESS, /* out of every role group, or no agency: ended */
	RESYNC_UNCHECKED, /* the directory could not be asked: kept as is */
};

/*
 * Re-reads the session's user from the directory when it was last checked
 * session_recheck seconds ago or more, or always when is_change (the
 * request changes something).  Ends the session (deletes it) when the
 * entry is gone or gives no access any more; makes it follow the
 * directory when agency, roles or name changed (s->user is then the new
 * user, *before the old one, strings in a).  *out says which; the caller
 * answers 401 for RESYNC_GONE and RESYNC_NO_ACCESS and audits every
 * outcome but FRESH, SAME and UNCHECKED.  NV_EDBDOWN.
 */
enum nv_err login_resync(struct arena *a, const struct conf *c, struct sess *s,
    bool is_change, enum resync *out, struct user *before);

#endif
