/* SPDX-License-Identifier: ISC */
/*
 * Evidence files (issue 12): a kind of record on the one write path,
 * hung on a task, a report or a milestone (one descriptor each: what it
 * hangs on decides who sees it and who may upload or delete), and the
 * store of their bytes in MariaDB (attachment_store.c).
 */
#ifndef ATTACHMENT_H
#define ATTACHMENT_H

#include "fcgi/domain/record.h"
#include "fcgi/domain/wf.h"

enum attachment_target { AT_TASK, AT_REPORT, AT_MILESTONE, AT__MAX };
extern const char *const attachment_target_names[AT__MAX];

struct attachment {
	int64_t id, task_id, target_id, blob_id, size, version;
	int target; /* enum attachment_target */
	struct str filename, content_type, sha256;
	int status; /* enum attachment_state */
	struct str uploaded_by, uploaded_at, updated_at;
};

extern const struct record_desc task_attachment_record,
    report_attachment_record, milestone_attachment_record;

/* The descriptor of target t. */
const struct record_desc *attachment_desc(enum attachment_target);

/*
 * Whether the actor may upload to target id of d's kind: NV_ENOENT when
 * they cannot see it, NV_EPERM when their roles may not, NV_ESTATE (with a
 * message through wf_fail) when it takes no file now.  On NV_OK *rec is
 * the target as the write path holds it.  The same rule rows as the create.
 */
enum nv_err attachment_may_upload(struct actor *, const struct record_desc *d,
    int64_t target_id, struct wf_rec *rec);

/* Loads the target id of d (visibility as wf_load) into *rec. */
enum nv_err attachment_target_load(struct actor *, const struct record_desc *d,
    int64_t target_id, struct wf_rec *rec);

/*
 * The descriptor of attachment id (by its target); NV_ENOENT when there is
 * no such attachment.
 */
enum nv_err attachment_kind_of(
    struct actor *, int64_t id, const struct record_desc **d);

/* The Attachment object; rec is its target's (rel, parent state). */
void attachment_json_obj(struct jw *, const struct attachment *,
    const struct wf_rec *target, const struct user *);

/* --- the store ------------------------------------------------------- */

#define ATTACHMENT_CHUNK (256 * 1024) /* bytes per attachment_chunks row */

/* One upload in progress, inside the caller's transaction. */
struct attachment_upload {
	struct actor *ac;
	int64_t blob_id;
	int64_t size, max;
	unsigned seq;
	char *chunk; /* ATTACHMENT_CHUNK bytes, in the arena */
	size_t fill;
	void *hash;       /* libsodium's SHA-256 state, in the arena */
	const char *type; /* judged from the first chunk; NULL before */
	char sha256[65];
	const char *why; /* a refusal's message */
};

/*
 * Starts an upload of at most max bytes: a new row of attachment_blobs.
 * Must run inside a transaction (nothing of it is seen until commit).
 */
enum nv_err attachment_upload_begin(
    struct actor *, int64_t max, struct attachment_upload *);
/*
 * Takes the next n bytes (a sink for multipart_read_file()): full chunks
 * are written as they fill, the first one judged first.  NV_ETOOBIG over
 * max; NV_EMEDIA for a type that is not evidence (why says so).
 */
enum nv_err attachment_upload_write(void *up, const char *p, size_t n);
/* Writes the last chunk and the blob's size, SHA-256 and type. */
enum nv_err attachment_upload_end(struct attachment_upload *);

/* Streams the bytes of blob_id, in order, to fn (one chunk per call). */
enum nv_err attachment_blob_each(int64_t blob_id,
    enum nv_err (*fn)(void *, const char *, size_t), void *ctx);

#endif
