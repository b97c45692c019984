/* SPDX-License-Identifier: ISC */
/* Transactions of the routes that change data; Idempotency-Key. */
#include <string.h>

#include <sodium.h>

#include "auth/sess.h"
#include "fcgi/base/db.h"
#include "fcgi/base/log.h"
#include "fcgi/base/str.h"
#include "fcgi/http/idem.h"

struct run {
	struct req *rq;
	struct resp *rs;
	const struct route *r;
	unsigned char fp[crypto_hash_sha256_BYTES];
	bool keyed, raced;
};

/* What makes two requests the same: method, path and body. */
static void
fingerprint(const struct req *rq, unsigned char *out)
{
	crypto_hash_sha256_state st;

	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(
	    &st, (const unsigned char *)rq->method.p, rq->method.len);
	crypto_hash_sha256_update(&st, (const unsigned char *)"\n", 1);
	crypto_hash_sha256_update(
	    &st, (const unsigned char *)rq->path.p, rq->path.len);
	crypto_hash_sha256_update(&st, (const unsigned char *)"\n", 1);
	if (rq->body != NULL)
		crypto_hash_sha256_update(
		    &st, (const unsigned char *)rq->body, rq->body_len);
	crypto_hash_sha256_final(&st, out);
}

/*
 * The first answer to this user's key, if one was stored within the day:
 * written into the response (*found), or NV_EDUP when the key came with
 * another request.
 */
static enum nv_err
replay(struct run *c, bool *found)
{
	static const char sql[] =
	    "SELECT status, body, fingerprint FROM idempotency "
	    "WHERE username = ? AND idem_key = ? "
	    "AND created_at > UTC_TIMESTAMP(6) - INTERVAL 1 DAY";
	struct req *rq = c->rq;
	struct db_param p[] = {
	    DBP_STR(str_c(rq->sess->user.username)), DBP_STR(rq->idem_key)};
	struct db_res r;
	struct str fp, body;
	struct jw *w;
	enum nv_err rc;

	*found = false;
	if ((rc = db_query(rq->arena, sql, p, NELEM(p), &r)) != NV_OK)
		return rc;
	if (r.nrows == 0)
		return NV_OK;
	fp = db_cell(&r, 0, 2);
	if (fp.len != sizeof(c->fp) || memcmp(fp.p, c->fp, fp.len) != 0)
		return req_fail(rq, NV_EDUP, "Idempotency-Key",
		    "Khóa Idempotency-Key này đã dùng cho một yêu cầu khác.");
	body = db_cell(&r, 0, 1);
	w = resp_json(c->rs, (int)db_int(&r, 0, 0));
	jw_raw(w, body.p, body.len);
	resp_header(c->rs, "Idempotent-Replayed", "true");
	*found = true;
	return NV_OK;
}

static enum nv_err
store(struct run *c)
{
	static const char expire[] =
	    "DELETE FROM idempotency WHERE username = ? "
	    "AND created_at <= UTC_TIMESTAMP(6) - INTERVAL 1 DAY";
	static const char ins[] =
	    "INSERT INTO idempotency (username, idem_key, fingerprint, "
	    "status, body, created_at) VALUES (?, ?, ?, ?, ?, "
	    "UTC_TIMESTAMP(6))";
	struct req *rq = c->rq;
	struct str user = str_c(rq->sess->user.username);
	struct db_param e[] = {DBP_STR(user)};
	struct db_param p[] = {DBP_STR(user), DBP_STR(rq->idem_key),
	    DBP_BIN(c->fp, sizeof(c->fp)), DBP_INT(c->rs->status),
	    DBP_BIN(c->rs->body.p, c->rs->body.len)};
	enum nv_err rc;

	if ((rc = db_exec(expire, e, 1, NULL, NULL)) != NV_OK)
		return rc;
	rc = db_exec(ins, p, NELEM(p), NULL, NULL);
	if (rc == NV_EDUP)
		c->raced = true; /* the same key, at the same time */
	return rc;
}

static enum nv_err
attempt(void *ctx)
{
	struct run *c = ctx;
	bool found;
	enum nv_err rc;

	c->rq->err_field = c->rq->err_msg = NULL;
	c->rq->err_fields = NULL;
	if (c->keyed) {
		if ((rc = replay(c, &found)) != NV_OK || found)
			return rc;
	}
	if ((rc = c->r->fn(c->rq, c->rs)) != NV_OK)
		return rc;
	/* Only what was done is kept; a refusal may be sent again. */
	if (c->keyed && c->rs->status >= 200 && c->rs->status < 300)
		return store(c);
	return NV_OK;
}

static bool
key_ok(struct str k)
{
	size_t i;

	if (k.len == 0 || k.len > IDEM_KEY_MAX)
		return false;
	for (i = 0; i < k.len; i++)
		if (k.p[i] < 0x21 || k.p[i] > 0x7e)
			return false;
	return true;
}

enum nv_err
idem_run(struct req *rq, struct resp *rs, const struct route *r)
{
	struct run c = {rq, rs, r, {0}, false, false};
	bool found;
	enum nv_err rc;

	if (rq->idem_key.p != NULL && (r->flags & R_IDEM)) {
		if (!key_ok(rq->idem_key))
			return req_fail(rq, NV_EINVAL, "Idempotency-Key",
			    "Idempotency-Key phải gồm 1–64 ký tự ASCII in "
			    "được.");
		c.keyed = true;
		fingerprint(rq, c.fp);
	}
	rc = db_tx(attempt, &c);
	if (rc == NV_EDUP && c.raced) {
		/* Another request with this key committed first: its answer
		 * is this one's too, and what this one did is undone. */
		log_info("idempotency: key raced; answering with the first");
		if ((rc = replay(&c, &found)) == NV_OK && !found)
			rc = NV_EDBDOWN;
	}
	return rc;
}
