/* SPDX-License-Identifier: ISC */
/* Session tokens and their rows in MariaDB. */
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "fcgi/base/db.h"
#include "fcgi/base/log.h"
#include "fcgi/base/str.h"
#include "auth/sess.h"

#define TOUCH_EVERY_S 60 /* fewer writes; idle expiry is +-1 minute */
#define PURGE_EVERY_S 60 /* per worker (sess_purge) */

enum nv_err
sess_init(void)
{
	if (sodium_init() < 0) {
		log_warnx("%s: sodium_init failed", __func__);
		return NV_EINTERNAL;
	}
	return NV_OK;
}

enum nv_err
sess_slow_hash(const char *secret, size_t len, char out[SESS_SLOW_HASH_MAX])
{
	_Static_assert(SESS_SLOW_HASH_MAX == crypto_pwhash_STRBYTES,
	    "the hash string's size");
	if (crypto_pwhash_str(out, secret, len,
	        crypto_pwhash_OPSLIMIT_INTERACTIVE,
	        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
		log_warnx("%s: crypto_pwhash_str failed (memory)", __func__);
		return NV_EINTERNAL;
	}
	return NV_OK;
}

bool
sess_slow_verify(const char *hash, const char *secret, size_t len)
{
	return crypto_pwhash_str_verify(hash, secret, len) == 0;
}

void
sess_random(void *buf, size_t n)
{
	randombytes_buf(buf, n);
}

void
sess_token_new(char out[SESS_TOKEN_LEN + 1])
{
	unsigned char raw[SESS_TOKEN_BYTES];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, SESS_TOKEN_LEN + 1, raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

bool
sess_token_wellformed(struct str t)
{
	size_t i;

	if (t.p == NULL || t.len != SESS_TOKEN_LEN)
		return false;
	for (i = 0; i < t.len; i++) {
		char c = t.p[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		        (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return false;
	}
	return true;
}

void
sess_token_hash(struct str t, unsigned char out[SESS_HASH_BYTES])
{
	crypto_hash_sha256(out, (const unsigned char *)t.p, t.len);
}

bool
sess_csrf_ok(const struct sess *s, struct str h)
{
	if (h.p == NULL || h.len != SESS_TOKEN_LEN)
		return false;
	return sodium_memcmp(s->csrf, h.p, SESS_TOKEN_LEN) == 0;
}

static const char *
cell_dup(struct arena *a, struct str s)
{
	if (s.p == NULL)
		return NULL;
	return arena_strndup(a, s.p, s.len);
}

enum nv_err
sess_create(struct arena *a, const struct user *u, const char *addr,
    struct str old, char token[SESS_TOKEN_LEN + 1], struct sess **out)
{
	static const char del_old[] =
	    "DELETE FROM sessions WHERE token_hash = ?";
	static const char ins[] =
	    "INSERT INTO sessions (token_hash, username, display_name, email, "
	    "title, agency_code, roles, csrf_token, client_addr, created_at, "
	    "last_seen, totp_pending) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), ?)";
	struct sess *s;
	enum nv_err rc;
	unsigned char oldhash[SESS_HASH_BYTES];

	if ((s = arena_alloc(a, sizeof(*s))) == NULL)
		return NV_ETOOBIG;
	if (sess_token_wellformed(old)) {
		sess_token_hash(old, oldhash);
		struct db_param p[] = {DBP_BIN(oldhash, sizeof(oldhash))};
		if ((rc = db_exec(del_old, p, 1, NULL, NULL)) != NV_OK)
			return rc;
	}
	s->user = *u;
	sess_token_new(token);
	sess_token_new(s->csrf);
	sess_token_hash((struct str){token, SESS_TOKEN_LEN}, s->hash);
	struct db_param p[] = {
	    DBP_BIN(s->hash, sizeof(s->hash)),
	    DBP_STR(str_c(u->username)),
	    DBP_STR(str_c(u->display_name)),
	    DBP_STR(str_c(u->email)),
	    DBP_STR(str_c(u->title)),
	    DBP_STR(str_c(u->agency_code)),
	    DBP_INT(u->roles),
	    DBP_STR(str_c(s->csrf)),
	    DBP_STR(str_c(addr)),
	    DBP_INT(u->totp_pending),
	};
	if ((rc = db_exec(ins, p, NELEM(p), NULL, NULL)) != NV_OK)
		return rc == NV_EDUP ? NV_EINTERNAL : rc;
	*out = s;
	return NV_OK;
}

enum nv_err
sess_purge(const struct conf *c)
{
	/* Two ranges of two keys (migration 0046), where one OR read the
	 * whole table. */
	static const char idle[] =
	    "DELETE FROM sessions WHERE last_seen < UTC_TIMESTAMP(6) - "
	    "INTERVAL ? SECOND LIMIT 500";
	static const char old[] =
	    "DELETE FROM sessions WHERE created_at < UTC_TIMESTAMP(6) - "
	    "INTERVAL ? SECOND LIMIT 500";
	static time_t last; /* this worker's last purge, monotonic */
	struct timespec now;
	struct db_param pi[] = {DBP_INT(c->session_idle)};
	struct db_param po[] = {DBP_INT(c->session_max)};
	enum nv_err rc;

	/*
	 * Issue 8: once a minute per worker, not at every login, where it
	 * was one more statement that nearly always deleted nothing.  Idle
	 * and old rows are refused by sess_lookup anyway; this only keeps
	 * the table small (500 rows a minute per worker).
	 */
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (last != 0 && now.tv_sec - last < PURGE_EVERY_S)
		return NV_OK;
	last = now.tv_sec != 0 ? now.tv_sec : 1;
	if ((rc = db_exec(idle, pi, 1, NULL, NULL)) != NV_OK)
		return rc;
	return db_exec(old, po, 1, NULL, NULL);
}

enum nv_err
sess_lookup(struct arena *a, const struct conf *c, struct str token,
    const char *today, struct sess **out)
{
	static const char sel[] =
	    "SELECT s.username, s.display_name, s.email, s.title, "
	    "s.agency_code, ag.name, s.roles, s.csrf_token, "
	    "TIMESTAMPDIFF(SECOND, s.last_seen, UTC_TIMESTAMP(6)), s.id, "
	    "TIMESTAMPDIFF(SECOND, IFNULL(s.checked_at, s.created_at), "
	    "UTC_TIMESTAMP(6)), s.totp_pending, ag.committee, "
	    "COALESCE(cm.level = 'commune', 0), dg.head, dg.head_name, "
	    "DATE_FORMAT(dg.to_date, '%Y-%m-%d') FROM sessions s LEFT JOIN "
	    "agencies ag ON "
	    "ag.code = s.agency_code LEFT JOIN committees cm ON "
	    "cm.code = ag.committee "
	    /* delegation_acting()'s choice, for the session's user. */
	    "LEFT JOIN delegations dg ON dg.id = (SELECT x.id FROM "
	    "delegations x WHERE x.delegate = s.username AND x.agency = "
	    "s.agency_code AND x.status = 'active' AND x.from_date <= ? AND "
	    "x.to_date >= ? ORDER BY x.from_date DESC, x.id DESC LIMIT 1) "
	    "WHERE s.token_hash = ? "
	    "AND s.last_seen > UTC_TIMESTAMP(6) - INTERVAL ? SECOND "
	    "AND s.created_at > UTC_TIMESTAMP(6) - INTERVAL ? SECOND";
	static const char touch[] =
	    "UPDATE sessions SET last_seen = UTC_TIMESTAMP(6) "
	    "WHERE token_hash = ?";
	struct db_res r;
	struct sess *s;
	struct str csrf;
	enum nv_err rc;

	if (!sess_token_wellformed(token))
		return NV_EUNAUTH;
	if ((s = arena_alloc(a, sizeof(*s))) == NULL)
		return NV_ETOOBIG;
	sess_token_hash(token, s->hash);
	struct db_param p[] = {DBP_STR(str_c(today)), DBP_STR(str_c(today)),
	    DBP_BIN(s->hash, sizeof(s->hash)), DBP_INT(c->session_idle),
	    DBP_INT(c->session_max)};
	if ((rc = db_query(a, sel, p, NELEM(p), &r)) != NV_OK)
		return rc;
	if (r.nrows != 1)
		return NV_EUNAUTH;
	s->user.username = cell_dup(a, db_cell(&r, 0, 0));
	s->user.display_name = cell_dup(a, db_cell(&r, 0, 1));
	s->user.email = cell_dup(a, db_cell(&r, 0, 2));
	s->user.title = cell_dup(a, db_cell(&r, 0, 3));
	s->user.agency_code = cell_dup(a, db_cell(&r, 0, 4));
	s->user.agency_name = cell_dup(a, db_cell(&r, 0, 5));
	s->user.roles = (unsigned)db_int(&r, 0, 6);
	csrf = db_cell(&r, 0, 7);
	if (csrf.len != SESS_TOKEN_LEN)
		return NV_EUNAUTH;
	memcpy(s->csrf, csrf.p, SESS_TOKEN_LEN);
	s->csrf[SESS_TOKEN_LEN] = '\0';
	s->id = db_int(&r, 0, 9);
	s->checked_age = db_int(&r, 0, 10);
	s->user.totp_pending = db_int(&r, 0, 11) != 0;
	s->user.committee = cell_dup(a, db_cell(&r, 0, 12));
	s->user.is_commune = db_int(&r, 0, 13) != 0;
	s->deleg_read = true;
	s->deleg_head = cell_dup(a, db_cell(&r, 0, 14));
	s->deleg_head_name = cell_dup(a, db_cell(&r, 0, 15));
	s->deleg_until = cell_dup(a, db_cell(&r, 0, 16));
	if (db_int(&r, 0, 8) >= TOUCH_EVERY_S) {
		struct db_param tp[] = {DBP_BIN(s->hash, sizeof(s->hash))};
		if ((rc = db_exec(touch, tp, 1, NULL, NULL)) != NV_OK)
			return rc;
	}
	*out = s;
	return NV_OK;
}

enum nv_err
sess_delete(const struct sess *s)
{
	static const char del[] = "DELETE FROM sessions WHERE token_hash = ?";
	struct db_param p[] = {DBP_BIN(s->hash, sizeof(s->hash))};

	return db_exec(del, p, 1, NULL, NULL);
}

enum nv_err
sess_set_user(const struct sess *s, const struct user *u)
{
	static const char sql[] =
	    "UPDATE sessions SET display_name = ?, email = ?, title = ?, "
	    "agency_code = ?, roles = ?, checked_at = UTC_TIMESTAMP(6) "
	    "WHERE token_hash = ?";
	struct db_param p[] = {
	    DBP_STR(str_c(u->display_name)),
	    DBP_STR(str_c(u->email)),
	    DBP_STR(str_c(u->title)),
	    DBP_STR(str_c(u->agency_code)),
	    DBP_INT(u->roles),
	    DBP_BIN(s->hash, sizeof(s->hash)),
	};

	return db_exec(sql, p, NELEM(p), NULL, NULL);
}

enum nv_err
sess_checked(const struct sess *s)
{
	static const char sql[] = "UPDATE sessions SET checked_at = "
	                          "UTC_TIMESTAMP(6) WHERE token_hash = ?";
	struct db_param p[] = {DBP_BIN(s->hash, sizeof(s->hash))};

	return db_exec(sql, p, 1, NULL, NULL);
}

enum nv_err
sess_list_user(struct arena *a, const struct conf *c, const char *username,
    size_t max, struct sess_info **out, size_t *n)
{
	static const char sql[] =
	    "SELECT s.id, s.username, s.display_name, s.email, s.title, "
	    "s.agency_code, ag.name, s.roles, s.client_addr, "
	    "DATE_FORMAT(s.created_at, '%Y-%m-%dT%H:%i:%sZ'), "
	    "DATE_FORMAT(s.last_seen, '%Y-%m-%dT%H:%i:%sZ') "
	    "FROM sessions s LEFT JOIN agencies ag ON ag.code = s.agency_code "
	    "WHERE s.username = ? "
	    "AND s.last_seen > UTC_TIMESTAMP(6) - INTERVAL ? SECOND "
	    "AND s.created_at > UTC_TIMESTAMP(6) - INTERVAL ? SECOND "
	    "ORDER BY s.id DESC LIMIT ?";
	struct sess_info *v;
	struct db_res r;
	enum nv_err rc;
	size_t i;

	*out = NULL;
	*n = 0;
	struct db_param p[] = {DBP_STR(str_c(username)),
	    DBP_INT(c->session_idle), DBP_INT(c->session_max),
	    DBP_INT((int64_t)max)};
	if ((rc = db_query(a, sql, p, NELEM(p), &r)) != NV_OK)
		return rc;
	if (r.nrows == 0)
		return NV_OK;
	if ((v = arena_alloc(a, r.nrows * sizeof(*v))) == NULL)
		return NV_ETOOBIG;
	for (i = 0; i < r.nrows; i++) {
		v[i].id = db_int(&r, i, 0);
		v[i].user.username = cell_dup(a, db_cell(&r, i, 1));
		v[i].user.display_name = cell_dup(a, db_cell(&r, i, 2));
		v[i].user.email = cell_dup(a, db_cell(&r, i, 3));
		v[i].user.title = cell_dup(a, db_cell(&r, i, 4));
		v[i].user.agency_code = cell_dup(a, db_cell(&r, i, 5));
		v[i].user.agency_name = cell_dup(a, db_cell(&r, i, 6));
		v[i].user.roles = (unsigned)db_int(&r, i, 7);
		v[i].client_addr = cell_dup(a, db_cell(&r, i, 8));
		v[i].created_at = cell_dup(a, db_cell(&r, i, 9));
		v[i].last_seen = cell_dup(a, db_cell(&r, i, 10));
	}
	*out = v;
	*n = r.nrows;
	return NV_OK;
}

enum nv_err
sess_end(int64_t id, const char *username, uint64_t *ended)
{
	static const char one[] =
	    "DELETE FROM sessions WHERE id = ? AND username = ?";
	static const char all[] = "DELETE FROM sessions WHERE username = ?";

	*ended = 0;
	if (id > 0) {
		struct db_param p[] = {DBP_INT(id), DBP_STR(str_c(username))};
		return db_exec(one, p, NELEM(p), ended, NULL);
	}
	struct db_param p[] = {DBP_STR(str_c(username))};
	return db_exec(all, p, NELEM(p), ended, NULL);
}

enum nv_err
sess_totp_done(const char *username)
{
	static const char sql[] =
	    "UPDATE sessions SET totp_pending = 0 WHERE username = ?";
	struct db_param p[] = {DBP_STR(str_c(username))};

	return db_exec(sql, p, 1, NULL, NULL);
}
