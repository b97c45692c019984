/* SPDX-License-Identifier: ISC */
/*
 * Evidence files over HTTP (issue 12): the upload (multipart/form-data,
 * streamed from the request into the store), the lists, the download and
 * the delete.  What an attachment is and who may do what:
 * fcgi/domain/attachment.c and the rule rows of auth/policy.c.
 */
#include <string.h>

#include "auth/sess.h"
#include "fcgi/api/api.h"
#include "fcgi/base/db.h"
#include "fcgi/base/log.h"
#include "fcgi/base/str.h"
#include "fcgi/base/utf8.h"
#include "fcgi/domain/attachment.h"
#include "fcgi/domain/attachment_name.h"
#include "fcgi/http/multipart.h"

/* The multipart envelope around the file: its headers and delimiters. */
#define ENVELOPE_MAX 65536
/* A thing's files: a handful; the list stops here. */
#define ATTACHMENTS_MAX 200

struct upload {
	struct req *rq;
	struct actor *ac;
	const struct record_desc *d;
	char boundary[MP_BOUNDARY_MAX + 1];
	struct mp_file file;
	struct attachment_upload up;
	const char *why;
	bool began;
	int64_t id;
};

static enum nv_err
req_read(void *ctx, char *buf, size_t cap, size_t *got)
{
	struct req *rq = ctx;

	return rq->in_read(rq->in_ctx, buf, cap, got);
}

/* What the upload measured, as the write path's input. */
static enum nv_err
upload_values(
    void *ctx, const struct record_desc *d, unsigned op, struct fval *v)
{
	struct upload *u = ctx;
	struct str name;
	enum nv_err rc;
	int k;

	(void)op;
	/* The name as sent, with the extension of what the file is. */
	if ((rc = attachment_name(u->rq->arena,
	         (struct str){u->file.filename, u->file.filename_len},
	         u->up.type, MP_FILENAME_MAX, &name)) != NV_OK)
		return rc;
	if ((k = record_member(d, "blob_id")) >= 0)
		v[k] = (struct fval){.present = true, .i = u->up.blob_id};
	if ((k = record_member(d, "filename")) >= 0)
		v[k] = (struct fval){.present = true, .s = name};
	if ((k = record_member(d, "content_type")) >= 0)
		v[k] = (struct fval){.present = true, .s = str_c(u->up.type)};
	if ((k = record_member(d, "size")) >= 0)
		v[k] = (struct fval){.present = true, .i = u->up.size};
	if ((k = record_member(d, "sha256")) >= 0)
		v[k] = (struct fval){.present = true, .s = str_c(u->up.sha256)};
	return NV_OK;
}

static enum nv_err
do_upload(void *ctx)
{
	struct upload *u = ctx;
	struct mp_reader rd = {req_read, u->rq};
	struct wf_input in = {upload_values, u};
	enum nv_err rc;

	/* The body can be read once: a lost transaction is not run again
	 * (db_tx would), the client sends it again. */
	if (u->began)
		return NV_EDBDOWN;
	u->began = true;
	if ((rc = attachment_upload_begin(
	         u->ac, (int64_t)u->rq->conf->attachment_max, &u->up)) != NV_OK)
		return rc;
	rc = multipart_read_file(&rd, u->boundary, "file", &u->file,
	    attachment_upload_write, &u->up, &u->why);
	if (rc == NV_OK)
		rc = attachment_upload_end(&u->up);
	if (rc != NV_OK) {
		if (u->up.why != NULL)
			u->why = u->up.why;
		return rc;
	}
	return wf_create(u->ac, u->d, u->rq->path_id, &in, &u->id);
}

/* POST /{tasks,reports,milestones}/{id}/attachments */
enum nv_err
api_attachment_upload(struct req *rq, struct resp *rs)
{
	struct upload *u;
	struct actor ac;
	struct wf_rec target;
	enum nv_err rc;

	if ((u = arena_alloc(rq->arena, sizeof(*u))) == NULL)
		return NV_ETOOBIG;
	memset(u, 0, sizeof(*u));
	u->rq = rq;
	u->ac = &ac;
	u->d = rq->route_arg;
	api_actor(rq, &ac);
	/* Who may, before a byte of the body is read. */
	if ((rc = attachment_may_upload(&ac, u->d, rq->path_id, &target)) !=
	    NV_OK)
		return api_refused(rq, &ac, rc);
	rc = multipart_boundary(
	    rq->content_type.p, rq->content_type.len, u->boundary);
	if (rc == NV_EMEDIA)
		return req_fail(rq, rc, "file",
		    "Tệp gửi lên dạng multipart/form-data, một phần tên "
		    "«file».");
	if (rc != NV_OK)
		return req_fail(rq, rc, "file",
		    "Thiếu hoặc sai tham số boundary của multipart/form-data.");
	if (rq->in_length < 0)
		return req_fail(rq, NV_EINVAL, "file", "Thiếu Content-Length.");
	if (rq->in_length > (int64_t)rq->conf->attachment_max + ENVELOPE_MAX)
		return req_fail(rq, NV_ETOOBIG, "file",
		    "Tệp vượt quá dung lượng cho phép.");
	if ((rc = db_tx(do_upload, u)) != NV_OK) {
		if (u->why != NULL &&
		    (rc == NV_EINVAL || rc == NV_ETOOBIG || rc == NV_EMEDIA))
			return req_fail(rq, rc, "file", u->why);
		return api_refused(rq, &ac, rc);
	}
	log_info("attachment %lld: %lld bytes, %s", (long long)u->id,
	    (long long)u->up.size, u->up.type);
	return api_respond(rq, rs, u->d, 201, u->id);
}

/* GET /{tasks,reports,milestones}/{id}/attachments: the active ones. */
enum nv_err
api_attachment_list(struct req *rq, struct resp *rs)
{
	static const char sql[] = "SELECT {cols} FROM attachments a "
	                          "WHERE a.target = ? AND a.target_id = ? "
	                          "AND a.status = 'active' ORDER BY a.id "
	                          "LIMIT ?";
	const struct record_desc *d = rq->route_arg;
	const struct rule *rule;
	struct attachment a;
	struct wf_rec target;
	struct actor ac;
	struct db_res r;
	struct jw *w;
	size_t i, nc = record_ncols(d);
	enum nv_err rc;

	api_actor(rq, &ac);
	if ((rc = attachment_target_load(&ac, d, rq->path_id, &target)) !=
	    NV_OK)
		return rc;
	struct db_param p[] = {
	    DBP_STR(str_c(d == &report_attachment_record      ? "report"
	                  : d == &milestone_attachment_record ? "milestone"
	                                                      : "task")),
	    DBP_INT(rq->path_id), DBP_INT(ATTACHMENTS_MAX)};
	if ((rc = db_query(rq->arena, record_sql(d, sql), p, NELEM(p), &r)) !=
	    NV_OK)
		return rc;
	w = resp_json(rs, 200);
	jw_obj_open(w);
	jw_key(w, "items");
	jw_arr_open(w);
	for (i = 0; i < r.nrows; i++) {
		if ((rc = record_parse(d, &r.cells[i * r.ncols], nc, &a)) !=
		    NV_OK)
			return rc;
		attachment_json_obj(w, &a, &target, ac.user);
	}
	jw_arr_close(w);
	/* Whether the caller may add one now: the UI shows its form. */
	jw_kbool(w, "may_upload",
	    policy_decide(d->rules, ac.user->roles, target.rel, d->act_create,
	        ATS_ACTIVE, target.parent_st, 0, &rule) == NV_OK);
	jw_obj_close(w);
	return NV_OK;
}

/* RFC 5987 attr-char: sent as is in filename*; the rest %XX. */
static bool
attr_char(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || strchr("!#$&+-.^_`|~", c) != NULL;
}

/*
 * Content-Disposition (RFC 6266): attachment, an ASCII filename for old
 * clients and filename* with the UTF-8 name.  The ASCII one is the name's
 * search form (utf8_fold: "Kế hoạch.pdf" -> "ke hoach.pdf", the name was
 * checked as UTF-8 at upload), every byte still outside ASCII "_".
 */
static const char *
disposition(struct arena *a, struct str name)
{
	static const char hex[] = "0123456789ABCDEF";
	char *ascii, *enc, *out;
	size_t i, o = 0, n;
	unsigned char c;

	if ((ascii = arena_alloc(a, name.len + 1)) == NULL ||
	    (enc = arena_alloc(a, name.len * 3 + 1)) == NULL)
		return NULL;
	n = utf8_fold(name.p, name.len, ascii);
	for (i = 0; i < n; i++) {
		c = (unsigned char)ascii[i];
		if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '%')
			ascii[i] = '_';
	}
	for (i = 0; i < name.len; i++) {
		c = (unsigned char)name.p[i];
		if (attr_char(c))
			enc[o++] = (char)c;
		else {
			enc[o++] = '%';
			enc[o++] = hex[c >> 4];
			enc[o++] = hex[c & 15];
		}
	}
	enc[o] = '\0';
	out = arena_printf(
	    a, "attachment; filename=\"%s\"; filename*=UTF-8''%s", ascii, enc);
	return out;
}

struct sent {
	struct resp *rs;
	int64_t n;
};

static enum nv_err
send_chunk(void *ctx, const char *p, size_t n)
{
	struct sent *s = ctx;

	s->n += (int64_t)n;
	return resp_stream_write(s->rs, p, n);
}

/* GET /attachments/{id}: the file, as whoever sees its task may. */
enum nv_err
api_attachment_download(struct req *rq, struct resp *rs)
{
	const struct record_desc *d;
	const struct attachment *a;
	struct wf_rec rec;
	struct actor ac;
	struct sent s = {rs, 0};
	const char *disp;
	enum nv_err rc;

	api_actor(rq, &ac);
	if ((rc = attachment_kind_of(&ac, rq->path_id, &d)) != NV_OK ||
	    (rc = wf_load(&ac, d, rq->path_id, false, &rec)) != NV_OK)
		return rc;
	a = rec.row;
	/* A deleted file is gone for everyone; its history stays. */
	if (a->status != ATS_ACTIVE)
		return NV_ENOENT;
	if ((disp = disposition(rq->arena, a->filename)) == NULL)
		return NV_ETOOBIG;
	if ((rc = resp_stream_begin(rs, 200, a->content_type.p, disp,
	         (long long)a->size)) != NV_OK)
		return rc;
	rc = attachment_blob_each(a->blob_id, send_chunk, &s);
	if (rc == NV_OK && s.n != a->size) {
		log_warnx("attachment %lld: %lld bytes stored, %lld expected",
		    (long long)a->id, (long long)s.n, (long long)a->size);
		rc = NV_EINTERNAL;
	}
	return rc;
}

static enum nv_err
delete_values(
    void *ctx, const struct record_desc *d, unsigned op, struct fval *v)
{
	const struct attachment *a = ctx;

	(void)op;
	v[d->nm + WF_ACTION] = (struct fval){.present = true,
	    .s = str_c(policy_attachment_act_names[ATA_DELETE])};
	v[d->nm + WF_VERSION] = (struct fval){.present = true, .i = a->version};
	return NV_OK;
}

/* DELETE /attachments/{id}: soft, audited, in the route's transaction. */
enum nv_err
api_attachment_delete(struct req *rq, struct resp *rs)
{
	const struct record_desc *d;
	struct wf_rec rec;
	struct wf_input in;
	struct actor ac;
	enum nv_err rc;

	api_actor(rq, &ac);
	if ((rc = attachment_kind_of(&ac, rq->path_id, &d)) != NV_OK ||
	    (rc = wf_load(&ac, d, rq->path_id, true, &rec)) != NV_OK)
		return rc;
	/* Deleted already: as gone as a file that never was. */
	if (((const struct attachment *)rec.row)->status != ATS_ACTIVE)
		return NV_ENOENT;
	in = (struct wf_input){delete_values, rec.row};
	if ((rc = wf_transition(&ac, d, rq->path_id, &in)) != NV_OK)
		return api_refused(rq, &ac, rc);
	resp_empty(rs, 204);
	return NV_OK;
}
