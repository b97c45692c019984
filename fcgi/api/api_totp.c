/* SPDX-License-Identifier: ISC */
/*
 * The caller's own second factor (issue 16; /work/shared/API.md "Second
 * factor"):
 *
 *	POST   /me/totp           begin: {"secret", "otpauth_uri", "qr"}
 *	POST   /me/totp/confirm   {"code"} -> {"recovery_codes": [...]}
 *	DELETE /me/totp           {"code"} -> 204
 */
#include <string.h>

#include "auth/sess.h"
#include "auth/totp.h"
#include "fcgi/api/api.h"
#include "fcgi/base/qr.h"
#include "fcgi/domain/audit.h"

static const struct field code_fields[] = {
    /* Six digits, or a recovery code "xxxxx-xxxxx" (spaces allowed). */
    {"code", F_TEXT, true, false, 1, 32},
};

/* Reads {"code"}; the body is wiped of it afterwards. */
static enum nv_err
code_of(struct req *rq, struct str *code)
{
	struct fval v[NELEM(code_fields)];
	struct cJSON *root;
	enum nv_err rc;

	if ((rc = req_query_unused(rq)) != NV_OK)
		return rc;
	if ((rc = req_json(rq, &root)) != NV_OK)
		return rc;
	if ((rc = req_fields(rq, root, code_fields, NELEM(code_fields), v)) !=
	    NV_OK)
		return rc;
	req_wipe(rq, root, "code");
	*code = v[0].s;
	return NV_OK;
}

/* One audit row for the caller's second factor; best effort. */
static enum nv_err
audit_totp(struct req *rq, const char *action)
{
	struct audit au = {0};

	au.actor = rq->sess->user.username;
	au.action = action;
	return audit_write(rq, &au);
}

enum nv_err
api_totp_begin(struct req *rq, struct resp *rs)
{
	char *secret, *uri, *qr;
	struct jw *w;
	enum nv_err rc;

	if ((rc = req_query_unused(rq)) != NV_OK)
		return rc;
	rc = totp_begin(rq->arena, rq->sess->user.username, &secret, &uri);
	if (rc == NV_EDUP)
		return req_fail(rq, NV_EDUP, NULL,
		    "Tài khoản đã có xác thực hai lớp; hãy tắt trước khi "
		    "đăng ký lại.");
	if (rc != NV_OK)
		return rc;
	if ((rc = qr_svg_uri(rq->arena, uri, &qr)) != NV_OK)
		return rc == NV_EINVAL ? NV_EINTERNAL : rc;
	w = resp_json(rs, 200);
	jw_obj_open(w);
	jw_kstrz(w, "secret", secret);
	jw_kstrz(w, "otpauth_uri", uri);
	jw_kstrz(w, "qr", qr);
	jw_obj_close(w);
	return NV_OK;
}

enum nv_err
api_totp_confirm(struct req *rq, struct resp *rs)
{
	char codes[TOTP_RECOVERY_N][TOTP_RECOVERY_LEN + 1];
	struct str code;
	struct jw *w;
	enum nv_err rc;
	size_t i;

	if ((rc = code_of(rq, &code)) != NV_OK)
		return rc;
	if ((rc = db_begin()) != NV_OK)
		return rc;
	rc = totp_confirm(rq->sess->user.username, code, codes);
	if (rc == NV_EINVAL) {
		db_rollback();
		return req_fail(rq, NV_EINVAL, "code",
		    "Mã xác thực không đúng hoặc đã hết hạn.");
	}
	if (rc == NV_ENOENT || rc == NV_EDUP) {
		db_rollback();
		return req_fail(rq, NV_ESTATE, NULL,
		    "Chưa bắt đầu đăng ký, hoặc đã đăng ký xong.");
	}
	if (rc != NV_OK ||
	    (rc = sess_totp_done(rq->sess->user.username)) != NV_OK ||
	    (rc = audit_totp(rq, "totp_enrolled")) != NV_OK ||
	    (rc = db_commit()) != NV_OK) {
		db_rollback();
		return rc;
	}
	w = resp_json(rs, 200);
	jw_obj_open(w);
	jw_key(w, "recovery_codes");
	jw_arr_open(w);
	for (i = 0; i < TOTP_RECOVERY_N; i++)
		jw_strz(w, codes[i]);
	jw_arr_close(w);
	jw_obj_close(w);
	explicit_bzero(codes, sizeof(codes));
	return NV_OK;
}

enum nv_err
api_totp_delete(struct req *rq, struct resp *rs)
{
	struct str code;
	enum nv_err rc;

	if ((rc = code_of(rq, &code)) != NV_OK)
		return rc;
	if ((rc = db_begin()) != NV_OK)
		return rc;
	rc = totp_remove(rq->sess->user.username, code);
	if (rc == NV_EAUTH) {
		db_rollback();
		return req_fail(rq, NV_EINVAL, "code",
		    "Mã xác thực không đúng hoặc đã hết hạn.");
	}
	if (rc != NV_OK || (rc = audit_totp(rq, "totp_removed")) != NV_OK ||
	    (rc = db_commit()) != NV_OK) {
		db_rollback();
		return rc;
	}
	resp_empty(rs, 204);
	return NV_OK;
}
