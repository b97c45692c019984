/* SPDX-License-Identifier: ISC */
/*
 * Sessions: 256-bit tokens from libsodium's CSPRNG, sent to the browser
 * base64url-encoded and stored in MariaDB only as their SHA-256, so every
 * worker and every host shares them and a database dump holds no usable
 * token.  Each session has its own CSRF token.
 */
#ifndef SESS_H
#define SESS_H

#include <stdbool.h>

#include "fcgi/base/arena.h"
#include "fcgi/base/conf.h"
#include "fcgi/base/nv.h"

#define SESS_TOKEN_BYTES 32
#define SESS_TOKEN_LEN   43 /* base64url of 32 bytes, no padding */
#define SESS_HASH_BYTES  32

/* The logged-in user; strings live in an arena, agency NULL when none. */
struct user {
	const char *username;
	const char *display_name;
	const char *email;
	const char *title;
	const char *agency_code;
	const char *agency_name;
	unsigned roles;    /* ROLE_BIT()s */
	bool totp_pending; /* must enrol a second factor before anything */
	/* Acting head (issue 12), set per request from a running delegation
	 * (ROLE_ACTING_HEAD in roles): the head stood in for, or NULL. */
	const char *acting_for;
	const char *acting_for_name;
	const char *acting_until; /* the delegation's last day, YYYY-MM-DD */
	/* Issue 14: the committee the agency belongs to (agencies.committee),
	 * NULL without an agency; is_commune when that committee is a
	 * commune's (false without an agency: the province's staff). */
	const char *committee;
	bool is_commune;
};

struct sess {
	struct user user;
	char csrf[SESS_TOKEN_LEN + 1];
	unsigned char hash[SESS_HASH_BYTES];
	int64_t id;          /* the session's public number (admin) */
	int64_t checked_age; /* seconds since the directory was last read */
	/*
	 * The delegation naming the user, of their agency, running on the
	 * day sess_lookup was given (issue 12), read with the session (issue
	 * 8: a statement less per request): the head, the head's name, the
	 * last day (NULL head: none).  Valid while deleg_read; the roles are
	 * judged by delegation_acting_set().
	 */
	bool deleg_read;
	const char *deleg_head, *deleg_head_name, *deleg_until;
};

/* NV_EINTERNAL when libsodium cannot start (no entropy source). */
enum nv_err sess_init(void);
#define SESS_SLOW_HASH_MAX 128 /* crypto_pwhash_STRBYTES */

/*
 * Argon2id (libsodium's crypto_pwhash_str, interactive limits: about 64 MiB
 * and a tenth of a second here) of a low-entropy secret, salted, as a
 * NUL-terminated "$argon2id$..." string.  ASVS 5.0 6.5.2 asks this of
 * lookup secrets under 112 bits.  NV_EINTERNAL when out of memory.
 */
enum nv_err sess_slow_hash(
    const char *secret, size_t len, char out[SESS_SLOW_HASH_MAX]);
/* Does secret match a sess_slow_hash() string? */
bool sess_slow_verify(const char *hash, const char *secret, size_t len);
/* Fills buf with n bytes from libsodium's CSPRNG. */
void sess_random(void *buf, size_t n);
/* Writes a fresh random token, base64url, NUL-terminated. */
void sess_token_new(char out[SESS_TOKEN_LEN + 1]);
/* True for exactly SESS_TOKEN_LEN base64url characters. */
bool sess_token_wellformed(struct str);
void sess_token_hash(struct str token, unsigned char out[SESS_HASH_BYTES]);
/* Constant-time comparison of the session's CSRF token with a header. */
bool sess_csrf_ok(const struct sess *, struct str header);

/*
 * Stores a new session for u and writes its token to token_out.  The
 * caller's old session (old_token, may be STR_NULL) is deleted first so a
 * login never keeps a token alive.  On NV_OK *out is in a.
 */
enum nv_err sess_create(struct arena *, const struct user *,
    const char *client_addr, struct str old_token,
    char token_out[SESS_TOKEN_LEN + 1], struct sess **out);
/*
 * Deletes up to 500 sessions past session_idle or session_max, in its own
 * statement: housekeeping, called after a login commits, never inside its
 * transaction (issue 9: concurrent logins deadlocked on this range delete
 * and the login failed with 503).  NV_OK, or NV_EDBDOWN/NV_EINTERNAL
 * (logged), which the caller may ignore.
 */
enum nv_err sess_purge(const struct conf *);
/*
 * Finds the live session for token, with the delegation running on the
 * day today ("YYYY-MM-DD", Vietnam's date).  NV_EUNAUTH for a missing,
 * malformed, unknown or expired token (one answer for all, on purpose);
 * NV_EDBDOWN.
 */
enum nv_err sess_lookup(struct arena *, const struct conf *, struct str token,
    const char *today, struct sess **out);
enum nv_err sess_delete(const struct sess *);

/*
 * Stores what the directory says now about the session's user (u, whose
 * strings may live anywhere) and that it was checked now.  NV_EDBDOWN.
 */
enum nv_err sess_set_user(const struct sess *, const struct user *u);
/* Marks the session checked against the directory now.  NV_EDBDOWN. */
enum nv_err sess_checked(const struct sess *);

/*
 * username has enrolled a second factor: none of their sessions is limited
 * to enrolment any more.  NV_EDBDOWN.
 */
enum nv_err sess_totp_done(const char *username);

/* One live session, as the administrator sees it; strings in an arena. */
struct sess_info {
	int64_t id;
	struct user user;
	const char *client_addr;
	const char *created_at; /* ISO 8601 UTC, e.g. 2026-11-29T10:15:58Z */
	const char *last_seen;
};

/*
 * The live sessions of username, newest first, at most max; *out and its
 * strings are in a.  NV_EDBDOWN, NV_ETOOBIG.
 */
enum nv_err sess_list_user(struct arena *, const struct conf *,
    const char *username, size_t max, struct sess_info **out, size_t *n);
/*
 * Ends the session numbered id (id > 0) or, with id 0, every session of
 * username.  *ended is how many ended.  NV_EDBDOWN.
 */
enum nv_err sess_end(int64_t id, const char *username, uint64_t *ended);

#endif
