/* SPDX-License-Identifier: ISC */
/* Device cookies: tokens bound to a username, stored as their SHA-256. */
#include <string.h>

#include "fcgi/base/db.h"
#include "auth/device.h"

static void
hex(const unsigned char *p, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 0xf];
	}
	out[2 * n] = '\0';
}

enum nv_err
device_check(const struct conf *c, struct str token, const char *username,
    bool *trusted, char key[DEVICE_KEY_LEN + 1])
{
	static const char sql[] =
	    "SELECT COUNT(*) FROM login_devices WHERE token_hash = ? AND "
	    "username = ? AND created_at > UTC_TIMESTAMP(6) - INTERVAL ? "
	    "SECOND";
	unsigned char h[SESS_HASH_BYTES];
	struct db_res r;
	struct arena *a;
	enum nv_err rc;

	*trusted = false;
	key[0] = '\0';
	if (!sess_token_wellformed(token))
		return NV_OK;
	sess_token_hash(token, h);
	if ((a = arena_new(1024)) == NULL)
		return NV_EINTERNAL;
	struct db_param p[] = {DBP_BIN(h, sizeof(h)), DBP_STR(str_c(username)),
	    DBP_INT(c->login_device_max_age)};
	rc = db_query(a, sql, p, NELEM(p), &r);
	if (rc == NV_OK && r.nrows == 1 && db_int(&r, 0, 0) == 1) {
		*trusted = true;
		hex(h, sizeof(h), key);
	}
	arena_free(a);
	return rc;
}

/*
 * Issue 8: the row alone.  The username's expired rows were deleted here
 * first, one more statement in every login's transaction; device_purge
 * does it for every username once a minute (login_purge).
 */
enum nv_err
device_issue(
    const struct conf *c, const char *username, char out[SESS_TOKEN_LEN + 1])
{
	static const char add[] =
	    "INSERT INTO login_devices (token_hash, username, created_at) "
	    "VALUES (?, ?, UTC_TIMESTAMP(6))";
	unsigned char h[SESS_HASH_BYTES];
	enum nv_err rc;

	(void)c;
	out[0] = '\0';
	sess_token_new(out);
	sess_token_hash(str_c(out), h);
	struct db_param q[] = {DBP_BIN(h, sizeof(h)), DBP_STR(str_c(username))};
	if ((rc = db_exec(add, q, NELEM(q), NULL, NULL)) != NV_OK) {
		explicit_bzero(out, SESS_TOKEN_LEN + 1);
		out[0] = '\0';
	}
	return rc;
}

enum nv_err
device_purge(const struct conf *c)
{
	/* login_devices_created (migration 0034) finds them. */
	static const char sql[] =
	    "DELETE FROM login_devices WHERE created_at <= UTC_TIMESTAMP(6) - "
	    "INTERVAL ? SECOND LIMIT 500";

	struct db_param p[] = {DBP_INT(c->login_device_max_age)};
	return db_exec(sql, p, NELEM(p), NULL, NULL);
}
