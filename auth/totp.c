/* SPDX-License-Identifier: ISC */
/* TOTP (liboath) and recovery codes, stored in MariaDB. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fcgi/base/db.h"
#include "fcgi/base/lazy_oath.h"
#include "fcgi/base/log.h"
#include "auth/sess.h"
#include "auth/totp.h"

#define SECRET_BYTES 20 /* RFC 4226 section 4: 160 bits for HMAC-SHA1 */
#define STEP_S       30
#define DIGITS       6
#define WINDOW       1 /* steps of drift accepted either way */
#define ISSUER       "nhiemvu"
/* Recovery code letters: no 0/o, 1/l/i, so they can be read aloud. */
static const char alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";

static bool
oath_ready(void)
{
	static bool done;

	if (!done && lazy_oath_open() && oath_init() == OATH_OK)
		done = true;
	if (!done)
		log_warnx("totp: oath_init failed");
	return done;
}

enum nv_err
totp_enrolled(const char *username, bool *enrolled)
{
	static const char sql[] = "SELECT COUNT(*) FROM user_totp WHERE "
	                          "username = ? AND confirmed_at IS NOT NULL";
	struct arena *a;
	struct db_res r;
	enum nv_err rc;

	*enrolled = false;
	if ((a = arena_new(1024)) == NULL)
		return NV_EINTERNAL;
	struct db_param p[] = {DBP_STR(str_c(username))};
	if ((rc = db_query(a, sql, p, 1, &r)) == NV_OK && r.nrows == 1)
		*enrolled = db_int(&r, 0, 0) > 0;
	arena_free(a);
	return rc;
}

enum nv_err
totp_begin(struct arena *a, const char *username, char **secret_b32, char **uri)
{
	static const char put[] =
	    "INSERT INTO user_totp (username, secret, created_at, "
	    "confirmed_at, last_counter) VALUES (?, ?, UTC_TIMESTAMP(6), "
	    "NULL, NULL) ON DUPLICATE KEY UPDATE secret = IF(confirmed_at IS "
	    "NULL, VALUES(secret), secret), created_at = IF(confirmed_at IS "
	    "NULL, VALUES(created_at), created_at)";
	char raw[SECRET_BYTES], *b32 = NULL;
	size_t b32len;
	bool enrolled;
	enum nv_err rc;

	if (!oath_ready())
		return NV_EINTERNAL;
	if ((rc = totp_enrolled(username, &enrolled)) != NV_OK)
		return rc;
	if (enrolled)
		return NV_EDUP;
	sess_random(raw, sizeof(raw));
	struct db_param p[] = {
	    DBP_STR(str_c(username)), DBP_BIN(raw, sizeof(raw))};
	rc = db_exec(put, p, NELEM(p), NULL, NULL);
	if (rc == NV_OK &&
	    oath_base32_encode(raw, sizeof(raw), &b32, &b32len) != OATH_OK)
		rc = NV_EINTERNAL;
	explicit_bzero(raw, sizeof(raw));
	if (rc != NV_OK)
		return rc;
	while (b32len > 0 && b32[b32len - 1] == '=')
		b32len--; /* authenticator apps want it unpadded */
	*secret_b32 = arena_strndup(a, b32, b32len);
	free(b32);
	if (*secret_b32 == NULL)
		return NV_ETOOBIG;
	/* Key URI format (Google Authenticator's, which every app reads). */
	*uri = arena_printf(a,
	    "otpauth://totp/%s:%s?secret=%s&issuer=%s&algorithm=SHA1&"
	    "digits=%d&period=%d",
	    ISSUER, username, *secret_b32, ISSUER, DIGITS, STEP_S);
	return *uri != NULL ? NV_OK : NV_ETOOBIG;
}

/*
 * Validates six digits against username's secret (confirmed or, with
 * pending, the one being enrolled), once: on success the step is stored
 * as the last accepted one.  NV_EAUTH otherwise.
 */
static enum nv_err
check_code(const char *username, struct str code, bool pending)
{
	static const char get[] =
	    "SELECT secret, IFNULL(last_counter, -1) FROM user_totp "
	    "WHERE username = ? AND (confirmed_at IS NULL) = ?";
	/* Compare-and-swap: two requests with one code cannot both pass. */
	static const char used[] =
	    "UPDATE user_totp SET last_counter = ?, confirmed_at = "
	    "IFNULL(confirmed_at, UTC_TIMESTAMP(6)) WHERE username = ? AND "
	    "IFNULL(last_counter, -1) = ?";
	char otp[DIGITS + 1];
	uint64_t counter, affected;
	struct arena *a;
	struct db_res r;
	struct str secret;
	enum nv_err rc;
	size_t i;
	int pos;

	if (code.len != DIGITS)
		return NV_EAUTH;
	for (i = 0; i < DIGITS; i++)
		if (code.p[i] < '0' || code.p[i] > '9')
			return NV_EAUTH;
	memcpy(otp, code.p, DIGITS);
	otp[DIGITS] = '\0';
	if (!oath_ready())
		return NV_EINTERNAL;
	if ((a = arena_new(1024)) == NULL)
		return NV_EINTERNAL;
	struct db_param p[] = {DBP_STR(str_c(username)), DBP_INT(pending)};
	if ((rc = db_query(a, get, p, NELEM(p), &r)) != NV_OK)
		goto out;
	rc = NV_EAUTH;
	if (r.nrows != 1)
		goto out;
	secret = db_cell(&r, 0, 0);
	if (oath_totp_validate3(secret.p, secret.len, time(NULL), STEP_S, 0,
	        WINDOW, &pos, &counter, otp) < 0)
		goto out;
	if ((int64_t)counter <= db_int(&r, 0, 1))
		goto out; /* replayed, or older than the last one used */
	struct db_param u[] = {DBP_INT((int64_t)counter),
	    DBP_STR(str_c(username)), DBP_INT(db_int(&r, 0, 1))};
	if ((rc = db_exec(used, u, NELEM(u), &affected, NULL)) == NV_OK &&
	    affected != 1)
		rc = NV_EAUTH;
out:
	explicit_bzero(otp, sizeof(otp));
	arena_free(a);
	return rc;
}

/* Lower-cases and drops '-' and spaces; false if not 10 letters. */
static bool
recovery_canon(struct str in, char out[TOTP_RECOVERY_LEN])
{
	size_t i, n = 0;
	char c;

	for (i = 0; i < in.len; i++) {
		c = in.p[i];
		if (c == '-' || c == ' ')
			continue;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (strchr(alphabet, c) == NULL || c == '\0' ||
		    n >= TOTP_RECOVERY_LEN - 1)
			return false;
		out[n++] = c;
	}
	out[n] = '\0';
	return n == TOTP_RECOVERY_LEN - 1;
}

enum nv_err
totp_confirm(const char *username, struct str code,
    char codes[TOTP_RECOVERY_N][TOTP_RECOVERY_LEN + 1])
{
	static const char drop[] = "DELETE FROM user_recovery WHERE "
	                           "username = ?";
	static const char add[] = "INSERT INTO user_recovery (username, "
	                          "code_hash) VALUES (?, ?)";
	unsigned char rnd[TOTP_RECOVERY_N * 10];
	char plain[TOTP_RECOVERY_LEN], h[SESS_SLOW_HASH_MAX];
	bool enrolled;
	enum nv_err rc;
	size_t i, j;

	if ((rc = totp_enrolled(username, &enrolled)) != NV_OK)
		return rc;
	if (enrolled)
		return NV_EDUP;
	if ((rc = check_code(username, code, true)) != NV_OK)
		return rc == NV_EAUTH ? NV_EINVAL : rc;
	struct db_param d[] = {DBP_STR(str_c(username))};
	if ((rc = db_exec(drop, d, 1, NULL, NULL)) != NV_OK)
		return rc;
	sess_random(rnd, sizeof(rnd));
	for (i = 0; i < TOTP_RECOVERY_N; i++) {
		for (j = 0; j < 10; j++) {
			/* 31 letters: the bias of % is under 1 %. */
			plain[j] =
			    alphabet[rnd[i * 10 + j] % (sizeof(alphabet) - 1)];
			codes[i][j + (j >= 5)] = plain[j];
		}
		codes[i][5] = '-';
		codes[i][TOTP_RECOVERY_LEN] = '\0';
		plain[10] = '\0';
		if ((rc = sess_slow_hash(plain, 10, h)) != NV_OK)
			break;
		struct db_param p[] = {
		    DBP_STR(str_c(username)), DBP_STR(str_c(h))};
		if ((rc = db_exec(add, p, NELEM(p), NULL, NULL)) != NV_OK)
			break;
	}
	explicit_bzero(rnd, sizeof(rnd));
	explicit_bzero(plain, sizeof(plain));
	return rc;
}

enum nv_err
totp_check(const char *username, struct str code)
{
	static const char list[] = "SELECT id, code_hash FROM user_recovery "
	                           "WHERE username = ?";
	static const char use[] = "DELETE FROM user_recovery WHERE id = ?";
	char canon[TOTP_RECOVERY_LEN];
	uint64_t affected = 0;
	struct arena *a;
	struct db_res r;
	enum nv_err rc;
	size_t i;

	if (code.len == DIGITS)
		return check_code(username, code, false);
	if (!recovery_canon(code, canon))
		return NV_EAUTH;
	if ((a = arena_new(8192)) == NULL)
		return NV_EINTERNAL;
	struct db_param p[] = {DBP_STR(str_c(username))};
	if ((rc = db_query(a, list, p, 1, &r)) != NV_OK)
		goto out;
	rc = NV_EAUTH;
	for (i = 0; i < r.nrows; i++) {
		if (!sess_slow_verify(
		        db_cell(&r, i, 1).p, canon, strlen(canon)))
			continue;
		/* Deleting it is using it: of two requests, one wins. */
		struct db_param d[] = {DBP_INT(db_int(&r, i, 0))};
		if ((rc = db_exec(use, d, 1, &affected, NULL)) == NV_OK &&
		    affected != 1)
			rc = NV_EAUTH;
		break;
	}
out:
	explicit_bzero(canon, sizeof(canon));
	arena_free(a);
	return rc;
}

enum nv_err
totp_remove(const char *username, struct str code)
{
	static const char del1[] = "DELETE FROM user_totp WHERE username = ?";
	static const char del2[] = "DELETE FROM user_recovery WHERE "
	                           "username = ?";
	enum nv_err rc;

	if ((rc = totp_check(username, code)) != NV_OK)
		return rc;
	struct db_param p[] = {DBP_STR(str_c(username))};
	if ((rc = db_exec(del1, p, 1, NULL, NULL)) != NV_OK)
		return rc;
	return db_exec(del2, p, 1, NULL, NULL);
}
