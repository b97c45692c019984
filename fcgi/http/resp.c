/* SPDX-License-Identifier: ISC */
/* Response head, JSON body and the error table. */
#include <stdio.h>
#include <string.h>

#include "fcgi/http/resp.h"

const struct errmap errmap[NV_ERR__MAX] = {
    [NV_OK] = {200, "ok", ""},
    [NV_EJSON] = {400, "invalid_json",
        "Nội dung yêu cầu không phải JSON hợp lệ."},
    [NV_EINVAL] = {400, "validation_failed", "Dữ liệu không hợp lệ."},
    [NV_EUNAUTH] = {401, "unauthenticated",
        "Bạn chưa đăng nhập hoặc phiên làm việc đã hết hạn."},
    [NV_EAUTH] = {401, "invalid_credentials",
        "Tên đăng nhập hoặc mật khẩu không đúng."},
    [NV_EPERM] = {403, "forbidden",
        "Bạn không có quyền thực hiện thao tác này."},
    [NV_ECSRF] = {403, "csrf_failed",
        "Yêu cầu thiếu hoặc sai mã xác thực chống giả mạo."},
    [NV_ENOACCESS] = {403, "no_access",
        "Tài khoản chưa được gán đơn vị hoặc vai trò trong hệ thống."},
    [NV_ETOTP] = {401, "totp_required",
        "Cần nhập mã xác thực 6 số từ ứng dụng xác thực, hoặc một mã "
        "khôi phục."},
    [NV_EENROL] = {403, "totp_enrolment_required",
        "Tài khoản này phải đăng ký xác thực hai lớp trước khi dùng hệ "
        "thống."},
    [NV_ENOENT] = {404, "not_found", "Không tìm thấy."},
    [NV_EMETHOD] = {405, "method_not_allowed",
        "Địa chỉ này không hỗ trợ phương thức đã dùng."},
    [NV_ESTALE] = {409, "version_conflict",
        "Dữ liệu đã được người khác thay đổi; hãy tải lại rồi thử lại."},
    [NV_ESTATE] = {409, "invalid_transition",
        "Thao tác không hợp lệ ở trạng thái hiện tại."},
    [NV_EDUP] = {409, "duplicate", "Dữ liệu này đã tồn tại."},
    [NV_ETOOBIG] = {413, "payload_too_large", "Nội dung yêu cầu quá lớn."},
    [NV_EMEDIA] = {415, "unsupported_media_type",
        "Nội dung phải có kiểu application/json."},
    [NV_ELIMIT] = {429, "rate_limited",
        "Đăng nhập sai quá nhiều lần; vui lòng thử lại sau."},
    [NV_EINTERNAL] = {500, "internal", "Lỗi hệ thống; vui lòng thử lại sau."},
    [NV_EDIRDOWN] = {503, "directory_unavailable",
        "Không kết nối được máy chủ danh bạ; vui lòng thử lại sau."},
    [NV_EDBDOWN] = {503, "database_unavailable",
        "Không kết nối được cơ sở dữ liệu; vui lòng thử lại sau."},
};

static const char *
reason(int status)
{
	switch (status) {
	case 200:
		return "OK";
	case 201:
		return "Created";
	case 204:
		return "No Content";
	case 400:
		return "Bad Request";
	case 401:
		return "Unauthorized";
	case 403:
		return "Forbidden";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	case 409:
		return "Conflict";
	case 413:
		return "Payload Too Large";
	case 415:
		return "Unsupported Media Type";
	case 429:
		return "Too Many Requests";
	case 503:
		return "Service Unavailable";
	default:
		return "Internal Server Error";
	}
}

void
resp_init(struct resp *rs, size_t body_cap)
{
	memset(rs, 0, sizeof(*rs));
	buf_init(&rs->hdr, 16 * 1024);
	buf_init(&rs->body, body_cap);
}

void
resp_free(struct resp *rs)
{
	buf_free(&rs->hdr);
	buf_free(&rs->body);
}

void
resp_reset(struct resp *rs, resp_sink_fn sink, void *ctx, const char *reqid)
{
	buf_reset(&rs->hdr);
	buf_reset(&rs->body);
	rs->status = 500;
	rs->streaming = false;
	rs->failed = false;
	rs->sink = sink;
	rs->sink_ctx = ctx;
	rs->reqid = reqid;
}

bool
resp_trim(struct resp *rs, size_t keep)
{
	size_t cap = rs->body.cap;

	if (rs->body.size <= keep)
		return false;
	buf_free(&rs->body);
	buf_init(&rs->body, cap);
	return true;
}

void
resp_header(struct resp *rs, const char *name, const char *val)
{
	if (strpbrk(name, "\r\n") != NULL || strpbrk(val, "\r\n") != NULL)
		return; /* header injection: a bug upstream */
	buf_printf(&rs->hdr, "%s: %s\r\n", name, val);
}

struct jw *
resp_json(struct resp *rs, int status)
{
	rs->status = status;
	buf_reset(&rs->body);
	jw_init(&rs->jw, &rs->body);
	return &rs->jw;
}

void
resp_empty(struct resp *rs, int status)
{
	rs->status = status;
	buf_reset(&rs->body);
}

void
resp_error(struct resp *rs, enum nv_err e, const char *msg, const char *field)
{
	resp_error_fields(rs, e, msg, field, NULL);
}

void
resp_error_fields(struct resp *rs, enum nv_err e, const char *msg,
    const char *field, const char *const *fields)
{
	struct jw *w;

	if (e <= NV_OK || e >= NV_ERR__MAX)
		e = NV_EINTERNAL;
	w = resp_json(rs, errmap[e].status);
	jw_obj_open(w);
	jw_key(w, "error");
	jw_obj_open(w);
	jw_kstrz(w, "code", errmap[e].code);
	jw_kstrz(w, "message", msg != NULL ? msg : errmap[e].message);
	if (field != NULL)
		jw_kstrz(w, "field", field);
	if (fields != NULL) {
		jw_key(w, "fields");
		jw_arr_open(w);
		for (; *fields != NULL; fields++)
			jw_strz(w, *fields);
		jw_arr_close(w);
	}
	jw_obj_close(w);
	jw_obj_close(w);
}

static enum nv_err
emit(struct resp *rs, const void *p, size_t n)
{
	if (rs->failed)
		return NV_EINTERNAL;
	if (rs->sink(rs->sink_ctx, p, n) != NV_OK) {
		rs->failed = true;
		return NV_EINTERNAL;
	}
	return NV_OK;
}

static enum nv_err
send_head(struct resp *rs, const char *ctype, long long clen)
{
	char head[512];
	int n;

	n = snprintf(head, sizeof(head),
	    "Status: %d %s\r\n"
	    "Cache-Control: no-store\r\n"
	    "X-Content-Type-Options: nosniff\r\n"
	    "X-Request-Id: %s\r\n",
	    rs->status, reason(rs->status), rs->reqid ? rs->reqid : "");
	if (n < 0 || (size_t)n >= sizeof(head))
		return NV_EINTERNAL;
	if (emit(rs, head, (size_t)n) != NV_OK)
		return NV_EINTERNAL;
	if (ctype != NULL) {
		n = snprintf(head, sizeof(head), "Content-Type: %s\r\n", ctype);
		if (emit(rs, head, (size_t)n) != NV_OK)
			return NV_EINTERNAL;
	}
	if (clen >= 0) {
		n = snprintf(
		    head, sizeof(head), "Content-Length: %lld\r\n", clen);
		if (emit(rs, head, (size_t)n) != NV_OK)
			return NV_EINTERNAL;
	}
	if (rs->hdr.len > 0 && emit(rs, rs->hdr.p, rs->hdr.len) != NV_OK)
		return NV_EINTERNAL;
	return emit(rs, "\r\n", 2);
}

enum nv_err
resp_finish(struct resp *rs)
{
	if (rs->streaming)
		return rs->failed ? NV_EINTERNAL : NV_OK;
	if (buf_failed(&rs->body) || buf_failed(&rs->hdr)) {
		/* Over the response cap: say so rather than send half. */
		buf_reset(&rs->hdr);
		resp_error(rs, NV_EINTERNAL, NULL, NULL);
	}
	if (rs->status == 204)
		return send_head(rs, NULL, -1);
	if (send_head(rs, "application/json; charset=utf-8",
	        (long long)rs->body.len) != NV_OK)
		return NV_EINTERNAL;
	return emit(rs, rs->body.p, rs->body.len);
}

enum nv_err
resp_stream_begin(struct resp *rs, int status, const char *ctype,
    const char *disposition, long long length)
{
	rs->status = status;
	if (disposition != NULL)
		resp_header(rs, "Content-Disposition", disposition);
	rs->streaming = true;
	return send_head(rs, ctype, length);
}

enum nv_err
resp_stream_write(struct resp *rs, const void *p, size_t n)
{
	return emit(rs, p, n);
}
