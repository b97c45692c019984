/* SPDX-License-Identifier: ISC */
/*
 * Device cookies (OWASP, "Slow Down Online Guessing Attacks with Device
 * Cookies"): a browser that logged in as a user receives a random token
 * bound to that username; MariaDB keeps only its SHA-256.  When the browser
 * logs in as that user again, its failures are counted against the token
 * alone (login.c, THR_DEVICE), so nobody else's failures can slow or lock
 * it.  A token is trusted for login_device_max_age seconds after issue.
 */
#ifndef DEVICE_H
#define DEVICE_H

#include <stdbool.h>

#include "fcgi/base/conf.h"
#include "fcgi/base/nv.h"
#include "fcgi/base/str.h"
#include "auth/sess.h"

#define DEVICE_KEY_LEN (2 * SESS_HASH_BYTES) /* hex of the token's hash */

/*
 * Is token a live device cookie for username?  On NV_OK, *trusted says so
 * and, when true, key holds the throttle key for this device (hex, NUL-
 * terminated).  A missing or malformed token is simply not trusted.
 * NV_EDBDOWN.
 */
enum nv_err device_check(const struct conf *, struct str token,
    const char *username, bool *trusted, char key[DEVICE_KEY_LEN + 1]);

/*
 * Issues a new device cookie for username and writes its token to out.
 * NV_EDBDOWN.
 */
enum nv_err device_issue(
    const struct conf *, const char *username, char out[SESS_TOKEN_LEN + 1]);
/* Deletes expired device rows of every username (500 at most). */
enum nv_err device_purge(const struct conf *);

#endif
