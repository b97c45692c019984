/* SPDX-License-Identifier: ISC */
/*
 * The second factor (issue 16): TOTP per RFC 6238 (HMAC-SHA1, 6 digits,
 * 30-second steps, one step of clock drift either way) through liboath,
 * the only code that includes <liboath/oath.h>, and single-use recovery
 * codes.  Kept in MariaDB: the secret (XXX in clear, like the directory's
 * own password hashes are readable by its administrators; a key file to
 * encrypt it is the next step) and each recovery code only as an Argon2id
 * string (sess_slow_hash).
 * A code is accepted once: its step must be later than the last accepted
 * one (RFC 6238 section 5.2).
 */
#ifndef TOTP_H
#define TOTP_H

#include <stdbool.h>

#include "fcgi/base/arena.h"
#include "fcgi/base/nv.h"
#include "fcgi/base/str.h"

#define TOTP_RECOVERY_N   10
#define TOTP_RECOVERY_LEN 11 /* "xxxxx-xxxxx" */

/* Has username a confirmed second factor?  NV_EDBDOWN. */
enum nv_err totp_enrolled(const char *username, bool *enrolled);

/*
 * Starts (or restarts) enrolment: a new random secret, not yet in force.
 * On NV_OK *secret_b32 (RFC 4648 base32, no padding) and *uri (the
 * otpauth:// URI for authenticator apps) are in a.  NV_EDUP when a second
 * factor is already confirmed; NV_EDBDOWN.
 */
enum nv_err totp_begin(
    struct arena *a, const char *username, char **secret_b32, char **uri);

/*
 * Confirms enrolment with a code from the new secret; writes the recovery
 * codes (shown once, never stored) to codes.  NV_EINVAL for a wrong code,
 * NV_ENOENT when no enrolment was begun, NV_EDUP when already confirmed.
 */
enum nv_err totp_confirm(const char *username, struct str code,
    char codes[TOTP_RECOVERY_N][TOTP_RECOVERY_LEN + 1]);

/*
 * Checks a login's code: six digits against the confirmed secret, or else
 * a recovery code, which is then used up.  NV_EAUTH for anything wrong or
 * replayed; NV_EDBDOWN.
 */
enum nv_err totp_check(const char *username, struct str code);

/* Removes username's second factor after totp_check.  NV_EAUTH, ... */
enum nv_err totp_remove(const char *username, struct str code);

#endif
