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
 * throttle's rules are in throttle.h.
 */
enum nv_err login_check(struct arena *a, const struct conf *c,
    struct str username, char *password, size_t pwlen, const char *client_addr,
    struct str device_in, struct user *u, int *retry_after,
    char canon[USERNAME_MAX + 1], char device_out[SESS_TOKEN_LEN + 1]);

#endif
