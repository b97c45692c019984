/* SPDX-License-Identifier: ISC */
/*
 * The bytes of evidence files, in MariaDB: a row of attachment_blobs per
 * upload and its content in rows of ATTACHMENT_CHUNK bytes, written as
 * they arrive inside the upload's one transaction (a failed upload rolls
 * back and leaves nothing), read back one row at a time.  At most one
 * chunk of a file is in a worker's memory.  Why MariaDB and not a shared
 * directory: docs/CLUSTER.md.
 */
#include <string.h>

#include <sodium.h>

#include "fcgi/base/db.h"
#include "fcgi/base/filetype.h"
#include "fcgi/base/log.h"
#include "fcgi/base/str.h"
#include "fcgi/domain/attachment.h"

enum nv_err
attachment_upload_begin(
    struct actor *ac, int64_t max, struct attachment_upload *up)
{
	static const char sql[] = "INSERT INTO attachment_blobs (created_at) "
	                          "VALUES (UTC_TIMESTAMP(6))";
	uint64_t id;
	enum nv_err rc;

	memset(up, 0, sizeof(*up));
	up->ac = ac;
	up->max = max;
	if ((up->chunk = arena_alloc(ac->arena, ATTACHMENT_CHUNK)) == NULL ||
	    (up->hash = arena_alloc(
	         ac->arena, crypto_hash_sha256_statebytes())) == NULL)
		return NV_ETOOBIG;
	crypto_hash_sha256_init(up->hash);
	if ((rc = db_exec(sql, NULL, 0, NULL, &id)) != NV_OK)
		return rc;
	up->blob_id = (int64_t)id;
	return NV_OK;
}

/* The first bytes decide: evidence types only, whatever the name says. */
static enum nv_err
judge(struct attachment_upload *up)
{
	const char *mime;
	enum nv_err rc;

	if ((rc = filetype_judge(up->chunk, up->fill, &mime)) != NV_OK)
		return rc;
	if ((up->type = filetype_evidence(mime)) == NULL) {
		up->why = "Chỉ nhận tệp PDF, Word, Excel, PowerPoint, "
		          "OpenDocument hoặc ảnh PNG, JPEG (xét theo nội dung "
		          "tệp, không theo tên).";
		return NV_EMEDIA;
	}
	return NV_OK;
}

static enum nv_err
flush(struct attachment_upload *up)
{
	static const char sql[] = "INSERT INTO attachment_chunks "
	                          "(blob_id, seq, data) VALUES (?, ?, ?)";
	enum nv_err rc;

	if (up->fill == 0)
		return NV_OK;
	if (up->type == NULL && (rc = judge(up)) != NV_OK)
		return rc;
	struct db_param p[] = {DBP_INT(up->blob_id), DBP_INT(up->seq),
	    DBP_BIN(up->chunk, up->fill)};
	if ((rc = db_exec(sql, p, NELEM(p), NULL, NULL)) != NV_OK)
		return rc;
	up->seq++;
	up->fill = 0;
	return NV_OK;
}

enum nv_err
attachment_upload_write(void *ctx, const char *p, size_t n)
{
	struct attachment_upload *up = ctx;
	size_t take;
	enum nv_err rc;

	if ((int64_t)n > up->max - up->size) {
		up->why = "Tệp vượt quá dung lượng cho phép.";
		return NV_ETOOBIG;
	}
	up->size += (int64_t)n;
	crypto_hash_sha256_update(up->hash, (const unsigned char *)p, n);
	while (n > 0) {
		take = ATTACHMENT_CHUNK - up->fill;
		if (take > n)
			take = n;
		memcpy(up->chunk + up->fill, p, take);
		up->fill += take;
		p += take;
		n -= take;
		if (up->fill == ATTACHMENT_CHUNK && (rc = flush(up)) != NV_OK)
			return rc;
	}
	return NV_OK;
}

enum nv_err
attachment_upload_end(struct attachment_upload *up)
{
	static const char sql[] =
	    "UPDATE attachment_blobs SET size = ?, sha256 = ?, "
	    "content_type = ?, nchunks = ? WHERE id = ?";
	unsigned char md[crypto_hash_sha256_BYTES];
	enum nv_err rc;

	if (up->size == 0) {
		up->why = "Tệp rỗng.";
		return NV_EINVAL;
	}
	if ((rc = flush(up)) != NV_OK)
		return rc;
	crypto_hash_sha256_final(up->hash, md);
	sodium_bin2hex(up->sha256, sizeof(up->sha256), md, sizeof(md));
	struct db_param p[] = {DBP_INT(up->size), DBP_STR(str_c(up->sha256)),
	    DBP_STR(str_c(up->type)), DBP_INT(up->seq), DBP_INT(up->blob_id)};
	return db_exec(sql, p, NELEM(p), NULL, NULL);
}

struct each {
	enum nv_err (*fn)(void *, const char *, size_t);
	void *ctx;
};

static enum nv_err
each_row(void *ctx, const struct str *cells, size_t ncols)
{
	struct each *e = ctx;

	(void)ncols;
	return e->fn(e->ctx, cells[0].p, cells[0].len);
}

enum nv_err
attachment_blob_each(
    int64_t blob_id, enum nv_err (*fn)(void *, const char *, size_t), void *ctx)
{
	static const char sql[] = "SELECT data FROM attachment_chunks "
	                          "WHERE blob_id = ? ORDER BY seq";
	struct db_param p[] = {DBP_INT(blob_id)};
	struct each e = {fn, ctx};

	return db_each(sql, p, 1, each_row, &e);
}
