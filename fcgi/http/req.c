/* SPDX-License-Identifier: ISC */
/* Request parsing: path, query, cookies, JSON body and field tables. */
#include <math.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "fcgi/base/clock.h"
#include "fcgi/http/req.h"
#include "fcgi/base/str.h"
#include "fcgi/base/utf8.h"

enum nv_err
req_fail(struct req *rq, enum nv_err e, const char *field, const char *msg)
{
	rq->err_field = field;
	rq->err_msg = msg;
	return e;
}

enum nv_err
req_parse_path(struct req *rq)
{
	const char *p = rq->path.p, *end = p + rq->path.len, *s;
	size_t i;

	rq->nseg = 0;
	if (p == NULL || rq->path.len == 0 || rq->path.len > PATH_MAX_LEN ||
	    *p != '/')
		return NV_ENOENT;
	for (i = 0; i < rq->path.len; i++)
		if ((unsigned char)p[i] <= 0x20 || (unsigned char)p[i] >= 0x7f)
			return NV_ENOENT;
	p++;
	while (p < end) {
		for (s = p; p < end && *p != '/'; p++)
			;
		if (p == s)
			return NV_ENOENT; /* "//" or a trailing "/" */
		if (rq->nseg == PATH_SEGS_MAX)
			return NV_ENOENT;
		rq->seg[rq->nseg++] = (struct str){s, (size_t)(p - s)};
		if (p < end)
			p++;
		if (p == end && p[-1] == '/')
			return NV_ENOENT;
	}
	return NV_OK;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decodes s into the arena; '+' is a space (HTML forms). */
static enum nv_err
decode(struct arena *a, const char *s, size_t len, struct str *out)
{
	char *d;
	size_t i, o = 0;
	int h, l;

	if ((d = arena_alloc(a, len + 1)) == NULL)
		return NV_ETOOBIG;
	for (i = 0; i < len; i++) {
		if (s[i] == '+')
			d[o++] = ' ';
		else if (s[i] == '%') {
			if (i + 2 >= len)
				return NV_EINVAL;
			if ((h = hexval(s[i + 1])) < 0 ||
			    (l = hexval(s[i + 2])) < 0)
				return NV_EINVAL;
			d[o++] = (char)(h << 4 | l);
			i += 2;
		} else
			d[o++] = s[i];
	}
	d[o] = '\0';
	if (!utf8_valid(d, o, 0))
		return NV_EINVAL;
	*out = (struct str){d, o};
	return NV_OK;
}

enum nv_err
req_parse_query(struct req *rq)
{
	const char *p = rq->query.p, *end, *amp, *eq;
	size_t i;
	struct qpair *q;

	rq->nq = 0;
	if (p == NULL || rq->query.len == 0)
		return NV_OK;
	if (rq->query.len > QUERY_MAX)
		return req_fail(
		    rq, NV_EINVAL, NULL, "Chuỗi tham số truy vấn quá dài.");
	end = p + rq->query.len;
	while (p < end) {
		amp = memchr(p, '&', (size_t)(end - p));
		if (amp == NULL)
			amp = end;
		if (amp == p) { /* tolerate "a=1&&b=2" and a final & */
			p++;
			continue;
		}
		if (rq->nq == QUERY_PAIRS_MAX)
			return req_fail(
			    rq, NV_EINVAL, NULL, "Quá nhiều tham số truy vấn.");
		q = &rq->q[rq->nq];
		memset(q, 0, sizeof(*q));
		eq = memchr(p, '=', (size_t)(amp - p));
		if (eq == NULL)
			eq = amp;
		if (decode(rq->arena, p, (size_t)(eq - p), &q->k) != NV_OK ||
		    q->k.len == 0)
			return req_fail(rq, NV_EINVAL, NULL,
			    "Tham số truy vấn không hợp lệ.");
		if (decode(rq->arena, eq == amp ? eq : eq + 1,
		        eq == amp ? 0 : (size_t)(amp - eq - 1), &q->v) != NV_OK)
			return req_fail(rq, NV_EINVAL,
			    arena_strndup(rq->arena, q->k.p, q->k.len),
			    "Giá trị tham số truy vấn không hợp lệ.");
		for (i = 0; i < rq->nq; i++)
			if (rq->q[i].k.len == q->k.len &&
			    memcmp(rq->q[i].k.p, q->k.p, q->k.len) == 0)
				return req_fail(rq, NV_EINVAL, q->k.p,
				    "Tham số truy vấn bị lặp.");
		rq->nq++;
		p = amp < end ? amp + 1 : end;
	}
	return NV_OK;
}

struct str
req_query(struct req *rq, const char *key)
{
	size_t i;

	for (i = 0; i < rq->nq; i++)
		if (strcmp(rq->q[i].k.p, key) == 0) {
			rq->q[i].used = true;
			return rq->q[i].v;
		}
	return STR_NULL;
}

enum nv_err
req_query_unused(struct req *rq)
{
	size_t i;

	for (i = 0; i < rq->nq; i++)
		if (!rq->q[i].used)
			return req_fail(rq, NV_EINVAL, rq->q[i].k.p,
			    "Tham số truy vấn không được hỗ trợ.");
	return NV_OK;
}

const char *
req_cookie_name(const struct req *rq, const char *base, const char *prefix)
{
	char *s;

	if (!rq->https || strncmp(base, "__Host-", 7) == 0 ||
	    strncmp(base, "__Secure-", 9) == 0)
		return base;
	if ((s = arena_printf(rq->arena, "%s%s", prefix, base)) == NULL)
		return base; /* the arena is full: the request fails anyway */
	return s;
}

struct str
req_cookie(const struct req *rq, const char *name)
{
	const char *p = rq->cookie.p, *end, *semi, *eq;
	size_t nlen = strlen(name);
	struct str k;

	if (p == NULL || rq->cookie.len > COOKIE_MAX)
		return STR_NULL;
	end = p + rq->cookie.len;
	while (p < end) {
		semi = memchr(p, ';', (size_t)(end - p));
		if (semi == NULL)
			semi = end;
		eq = memchr(p, '=', (size_t)(semi - p));
		if (eq != NULL) {
			k = str_trim((struct str){p, (size_t)(eq - p)});
			if (k.len == nlen && memcmp(k.p, name, nlen) == 0)
				return str_trim((struct str){
				    eq + 1, (size_t)(semi - eq - 1)});
		}
		if (semi == end)
			break;
		p = semi + 1;
	}
	return STR_NULL;
}

/*
 * A strict RFC 8259 check before cJSON, which is lenient (it takes 01,
 * 1. and raw control characters in strings).  It also refuses what cJSON
 * would mangle: an escaped NUL (cJSON keeps strings NUL-terminated, so the
 * value would be cut short) and unpaired surrogate escapes.  Bounded:
 * nesting depth and members per container.
 */
#define JSON_DEPTH_MAX   32
#define JSON_MEMBERS_MAX 1000
/* The bounds in their messages. */
#define JS_STR(x)  #x
#define JS_XSTR(x) JS_STR(x)

struct jscan {
	const char *p, *end;
	bool in_key;        /* scanning a member name */
	struct str key;     /* the top-level member being scanned */
	struct str nul_in;  /* the first top-level member holding \u0000 */
	const char *over;   /* the bound passed, as the caller's message */
	struct str over_in; /* the top-level member it was passed in */
};

static void
js_ws(struct jscan *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' ||
	                            *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static bool
js_lit(struct jscan *j, const char *lit)
{
	size_t n = strlen(lit);

	if ((size_t)(j->end - j->p) < n || memcmp(j->p, lit, n) != 0)
		return false;
	j->p += n;
	return true;
}

static int
js_hex4(const char *p)
{
	int v = 0, i, h;

	for (i = 0; i < 4; i++) {
		if ((h = hexval(p[i])) < 0)
			return -1;
		v = v << 4 | h;
	}
	return v;
}

static bool
js_string(struct jscan *j)
{
	int u, lo;

	if (j->p >= j->end || *j->p != '"')
		return false;
	j->p++;
	while (j->p < j->end) {
		unsigned char c = (unsigned char)*j->p;

		if (c == '"') {
			j->p++;
			return true;
		}
		if (c < 0x20)
			return false; /* raw control characters must be escaped
			               */
		if (c != '\\') {
			j->p++;
			continue;
		}
		if (j->end - j->p < 2)
			return false;
		c = (unsigned char)j->p[1];
		if (c != 'u') {
			if (strchr("\"\\/bfnrt", c) == NULL || c == '\0')
				return false;
			j->p += 2;
			continue;
		}
		if (j->end - j->p < 6 || (u = js_hex4(j->p + 2)) < 0)
			return false;
		/*
		 * NUL cannot live in our C strings.  In a name it is bad
		 * JSON; in a value it is a field error naming the member
		 * (req_json), like any other character we do not accept.
		 */
		if (u == 0 && (j->in_key || j->key.p == NULL))
			return false;
		if (u == 0 && j->nul_in.p == NULL)
			j->nul_in = j->key;
		j->p += 6;
		if (u >= 0xdc00 && u <= 0xdfff)
			return false; /* a low surrogate alone */
		if (u >= 0xd800 && u <= 0xdbff) {
			if (j->end - j->p < 6 || j->p[0] != '\\' ||
			    j->p[1] != 'u' ||
			    (lo = js_hex4(j->p + 2)) < 0xdc00 || lo > 0xdfff)
				return false;
			j->p += 6;
		}
	}
	return false;
}

static bool
js_digits(struct jscan *j)
{
	const char *s = j->p;

	while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
		j->p++;
	return j->p > s;
}

static bool
js_number(struct jscan *j)
{
	if (j->p < j->end && *j->p == '-')
		j->p++;
	if (j->p < j->end && *j->p == '0')
		j->p++; /* no leading zeros */
	else if (!js_digits(j))
		return false;
	if (j->p < j->end && *j->p == '.') {
		j->p++;
		if (!js_digits(j))
			return false;
	}
	if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
		j->p++;
		if (j->p < j->end && (*j->p == '+' || *j->p == '-'))
			j->p++;
		if (!js_digits(j))
			return false;
	}
	return true;
}

static bool
js_value(struct jscan *j, int depth)
{
	char close;
	int n = 0;

	js_ws(j);
	if (j->p >= j->end)
		return false;
	switch (*j->p) {
	case '{':
	case '[':
		if (depth >= JSON_DEPTH_MAX) {
			j->over =
			    "Nội dung JSON lồng nhau quá sâu (tối đa " JS_XSTR(
			        JSON_DEPTH_MAX) " cấp).";
			j->over_in = j->key;
			return false;
		}
		close = *j->p == '{' ? '}' : ']';
		j->p++;
		js_ws(j);
		if (j->p < j->end && *j->p == close) {
			j->p++;
			return true;
		}
		for (;;) {
			if (++n > JSON_MEMBERS_MAX) {
				j->over = "Danh sách quá dài: một mảng hay đối "
				          "tượng JSON có tối đa " JS_XSTR(
				              JSON_MEMBERS_MAX) " phần tử.";
				if (depth > 0)
					j->over_in = j->key;
				return false;
			}
			if (close == '}') {
				js_ws(j);
				if (depth == 0)
					j->key.p = j->p;
				j->in_key = true;
				if (!js_string(j))
					return false;
				j->in_key = false;
				if (depth == 0)
					j->key.len = (size_t)(j->p - j->key.p);
				js_ws(j);
				if (j->p >= j->end || *j->p++ != ':')
					return false;
			}
			if (!js_value(j, depth + 1))
				return false;
			js_ws(j);
			if (j->p >= j->end)
				return false;
			if (*j->p == close) {
				j->p++;
				return true;
			}
			if (*j->p++ != ',')
				return false;
		}
	case '"':
		return js_string(j);
	case 't':
		return js_lit(j, "true");
	case 'f':
		return js_lit(j, "false");
	case 'n':
		return js_lit(j, "null");
	default:
		return js_number(j);
	}
}

/*
 * True when s is exactly one JSON value, with optional whitespace around.
 * *nul_in receives the raw name (quotes included) of the first top-level
 * member whose value holds \u0000, or {NULL, 0}.  False with *over set
 * (a message) when a bound was passed, *in the raw name of the top-level
 * member it was passed in (or {NULL, 0}); else *over is NULL.
 */
static bool
json_strict(const char *s, size_t len, struct str *nul_in, const char **over,
    struct str *in)
{
	struct jscan j = {s, s + len};

	*nul_in = (struct str){NULL, 0};
	*in = (struct str){NULL, 0};
	*over = NULL;
	if (!js_value(&j, 0)) {
		if ((*over = j.over) != NULL && j.over_in.len >= 2)
			*in = j.over_in;
		return false;
	}
	js_ws(&j);
	*nul_in = j.nul_in;
	return j.p == j.end;
}

static bool
has_dup_keys(const cJSON *o)
{
	const cJSON *a, *b;

	for (a = o->child; a != NULL; a = a->next) {
		if (cJSON_IsObject(a) || cJSON_IsArray(a))
			if (has_dup_keys(a))
				return true;
		if (!cJSON_IsObject(o))
			continue;
		for (b = a->next; b != NULL; b = b->next)
			if (strcmp(a->string, b->string) == 0)
				return true;
	}
	return false;
}

static void
json_free(void *p)
{
	cJSON_Delete(p);
}

static bool
media_is_json(struct str ct)
{
	struct str t, param;
	const char *semi;

	if (ct.p == NULL || ct.len > HEADER_VALUE_MAX)
		return false;
	semi = memchr(ct.p, ';', ct.len);
	t = str_trim((struct str){ct.p, semi ? (size_t)(semi - ct.p) : ct.len});
	if (!str_caseeq(t, "application/json"))
		return false;
	if (semi == NULL)
		return true;
	/* Only a UTF-8 charset parameter is acceptable. */
	param = str_trim(
	    (struct str){semi + 1, ct.len - (size_t)(semi + 1 - ct.p)});
	return param.len == 0 || str_caseeq(param, "charset=utf-8") ||
	       str_caseeq(param, "charset=\"utf-8\"");
}

bool
req_bodied(const struct req *rq)
{
	return rq->body_len > 0 &&
	       !str_eq(str_trim((struct str){rq->body, rq->body_len}), "{}");
}

enum nv_err
req_json(struct req *rq, cJSON **out)
{
	const char *end = NULL;
	cJSON *root;
	struct str nul_in, in;
	const char *over;
	char *field;

	*out = NULL;
	if (!media_is_json(rq->content_type))
		return NV_EMEDIA;
	if (rq->body == NULL || rq->body_len == 0)
		return req_fail(rq, NV_EJSON, NULL, "Thiếu nội dung JSON.");
	/* UTF8_RAW: check_text() judges each string and names its field. */
	if (!utf8_valid(rq->body, rq->body_len, UTF8_MULTILINE | UTF8_RAW))
		return req_fail(
		    rq, NV_EJSON, NULL, "Nội dung không phải UTF-8 hợp lệ.");
	if (!json_strict(rq->body, rq->body_len, &nul_in, &over, &in)) {
		if (over == NULL)
			return NV_EJSON;
		field = in.p == NULL
		            ? NULL
		            : arena_strndup(rq->arena, in.p + 1, in.len - 2);
		return req_fail(rq, NV_EJSON, field, over);
	}
	if (nul_in.p != NULL) {
		/* The name without its quotes; our names need no escapes. */
		if ((field = arena_strndup(
		         rq->arena, nul_in.p + 1, nul_in.len - 2)) == NULL)
			return NV_ETOOBIG;
		return req_fail(rq, NV_EINVAL, field,
		    "Văn bản chứa ký tự không được phép.");
	}
	root = cJSON_ParseWithLengthOpts(rq->body, rq->body_len, &end, 0);
	if (root == NULL)
		return NV_EJSON;
	if (arena_defer(rq->arena, json_free, root) != NV_OK)
		return NV_EINTERNAL;
	/* Only whitespace may follow the value. */
	while (end != NULL && end < rq->body + rq->body_len &&
	       (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r'))
		end++;
	if (end != rq->body + rq->body_len)
		return NV_EJSON;
	if (!cJSON_IsObject(root))
		return req_fail(
		    rq, NV_EJSON, NULL, "Nội dung JSON phải là một đối tượng.");
	if (has_dup_keys(root))
		return req_fail(
		    rq, NV_EJSON, NULL, "Đối tượng JSON có khóa bị lặp.");
	*out = root;
	return NV_OK;
}

/*
 * Makes every line break of s[0..len) one LF (CR LF and a lone CR too), in
 * place; returns the new length.  Decided once, at the edge: a spreadsheet
 * cell knows one kind of line break (LibreOffice reads CR LF as LF), and the
 * browser's textarea sends LF, so stored text is what every export carries.
 */
static size_t
lf_only(char *s, size_t len)
{
	size_t i, o = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == '\r') {
			if (i + 1 < len && s[i + 1] == '\n')
				continue;
			s[o++] = '\n';
		} else
			s[o++] = s[i];
	}
	s[o] = '\0';
	return o;
}

static enum nv_err
check_text(
    struct req *rq, const struct field *f, const char *s, struct str *out)
{
	struct str v = str_c(s);
	size_t n;

	if (f->type == F_LINE || f->type == F_LINES)
		v = str_trim(v);
	if (!utf8_valid(v.p, v.len, f->type == F_TEXT ? UTF8_MULTILINE : 0))
		return req_fail(rq, NV_EINVAL, f->name,
		    "Văn bản chứa ký tự không được phép.");
	/* Issue 8 follow-up: a no-break space pasted at an edge is
	 * trimmed like a space. */
	if (f->type == F_LINE || f->type == F_LINES)
		v = utf8_trim(v);
	n = utf8_count(v.p, v.len);
	/* Blank means no visible character, not just no ASCII space. */
	if (f->min >= 1 && utf8_blank(v.p, v.len))
		n = 0;
	if ((int64_t)n < f->min)
		return req_fail(rq, NV_EINVAL, f->name,
		    f->min <= 1 ? "Trường này không được để trống."
		                : "Nội dung quá ngắn.");
	if ((int64_t)n > f->max)
		return req_fail(rq, NV_EINVAL, f->name,
		    arena_printf(
		        rq->arena, "Tối đa %lld ký tự.", (long long)f->max));
	if ((out->p = arena_strndup(rq->arena, v.p, v.len)) == NULL)
		return NV_ETOOBIG;
	out->len = f->type == F_TEXT ? lf_only((char *)out->p, v.len) : v.len;
	return NV_OK;
}

static enum nv_err
check_one(struct req *rq, const struct field *f, const cJSON *j, struct fval *v)
{
	const cJSON *it;
	double d;
	size_t k;
	enum nv_err rc;

	v->present = true;
	if (cJSON_IsNull(j)) {
		if (!f->nullable)
			return req_fail(rq, NV_EINVAL, f->name,
			    "Trường này không được để trống.");
		v->is_null = true;
		return NV_OK;
	}
	switch (f->type) {
	case F_LINE:
	case F_TEXT:
		if (!cJSON_IsString(j))
			return req_fail(rq, NV_EINVAL, f->name,
			    "Giá trị phải là chuỗi ký tự.");
		return check_text(rq, f, j->valuestring, &v->s);
	case F_INT:
		if (!cJSON_IsNumber(j))
			return req_fail(rq, NV_EINVAL, f->name,
			    "Giá trị phải là số nguyên.");
		d = j->valuedouble;
		if (!isfinite(d) || d != floor(d))
			return req_fail(rq, NV_EINVAL, f->name,
			    "Giá trị phải là số nguyên.");
		/* 2^53: beyond it a double no longer holds every integer,
		 * and every bound is within it (an integer that large was
		 * told it was not one). */
		if (fabs(d) <= 9007199254740991.0)
			v->i = (int64_t)d;
		if (fabs(d) > 9007199254740991.0 || v->i < f->min ||
		    v->i > f->max)
			return req_fail(rq, NV_EINVAL, f->name,
			    arena_printf(rq->arena,
			        "Giá trị phải từ %lld "
			        "đến %lld.",
			        (long long)f->min, (long long)f->max));
		return NV_OK;
	case F_BOOL:
		if (!cJSON_IsBool(j))
			return req_fail(rq, NV_EINVAL, f->name,
			    "Giá trị phải là true hoặc false.");
		v->b = cJSON_IsTrue(j);
		return NV_OK;
	case F_LINES:
		if (!cJSON_IsArray(j))
			return req_fail(rq, NV_EINVAL, f->name,
			    "Giá trị phải là một danh sách.");
		v->nitems = (size_t)cJSON_GetArraySize(j);
		if ((int64_t)v->nitems > f->max)
			return req_fail(
			    rq, NV_EINVAL, f->name, "Danh sách quá dài.");
		if ((v->items = arena_alloc(rq->arena,
		         (v->nitems + 1) * sizeof(*v->items))) == NULL)
			return NV_ETOOBIG;
		k = 0;
		cJSON_ArrayForEach(it, j)
		{
			struct field item = {
			    f->name, F_LINES, true, false, 1, 200};
			if (!cJSON_IsString(it))
				return req_fail(rq, NV_EINVAL, f->name,
				    "Danh sách chỉ được chứa chuỗi ký tự.");
			if ((rc = check_text(rq, &item, it->valuestring,
			         &v->items[k])) != NV_OK)
				return rc;
			k++;
		}
		return NV_OK;
	case F_OBJECTS:
		if (!cJSON_IsArray(j))
			return req_fail(rq, NV_EINVAL, f->name,
			    "Giá trị phải là một danh sách.");
		v->nitems = (size_t)cJSON_GetArraySize(j);
		if ((int64_t)v->nitems > f->max)
			return req_fail(
			    rq, NV_EINVAL, f->name, "Danh sách quá dài.");
		if ((int64_t)v->nitems < f->min)
			return req_fail(rq, NV_EINVAL, f->name,
			    "Danh sách không được để trống.");
		cJSON_ArrayForEach(it, j)
		{
			if (!cJSON_IsObject(it))
				return req_fail(rq, NV_EINVAL, f->name,
				    "Mỗi phần tử phải là một đối tượng.");
		}
		v->node = j;
		return NV_OK;
	}
	return NV_EINTERNAL;
}

enum nv_err
req_objects(struct req *rq, const char *name, const struct fval *arr,
    const struct field *f, size_t nf, struct fval *out)
{
	const cJSON *it;
	size_t k = 0;
	enum nv_err rc;

	if (arr->node == NULL)
		return NV_OK;
	cJSON_ArrayForEach(it, (const cJSON *)arr->node)
	{
		if (k == arr->nitems)
			break;
		if ((rc = req_fields(rq, it, f, nf, &out[k * nf])) != NV_OK) {
			rq->err_field = arena_printf(rq->arena, "%s[%zu]%s%s",
			    name, k, rq->err_field != NULL ? "." : "",
			    rq->err_field != NULL ? rq->err_field : "");
			return rc;
		}
		k++;
	}
	return NV_OK;
}

enum nv_err
req_fields(struct req *rq, const cJSON *obj, const struct field *f, size_t n,
    struct fval *out)
{
	const cJSON *j;
	size_t i, nkeys = 0;
	enum nv_err rc;

	memset(out, 0, n * sizeof(*out));
	cJSON_ArrayForEach(j, obj)
	{
		if (++nkeys > JSON_KEYS_MAX)
			return req_fail(
			    rq, NV_EINVAL, NULL, "Quá nhiều trường.");
		for (i = 0; i < n; i++)
			if (strcmp(f[i].name, j->string) == 0)
				break;
		if (i == n) {
			if (!utf8_valid(j->string, strlen(j->string), 0) ||
			    strlen(j->string) > 64)
				return req_fail(rq, NV_EINVAL, NULL,
				    "Trường không được hỗ trợ.");
			return req_fail(rq, NV_EINVAL,
			    arena_strndup(
			        rq->arena, j->string, strlen(j->string)),
			    "Trường không được hỗ trợ.");
		}
		if ((rc = check_one(rq, &f[i], j, &out[i])) != NV_OK)
			return rc;
	}
	for (i = 0; i < n; i++)
		if (f[i].required && !out[i].present)
			return req_fail(
			    rq, NV_EINVAL, f[i].name, "Thiếu trường bắt buộc.");
	return NV_OK;
}

bool
req_valid_date(struct str s)
{
	return clock_date_valid(s);
}

void
req_wipe(struct req *rq, struct cJSON *root, const char *member)
{
	cJSON *m = cJSON_GetObjectItemCaseSensitive(root, member);

	if (rq->body != NULL)
		explicit_bzero((char *)(uintptr_t)rq->body, rq->body_len);
	if (cJSON_IsString(m) && m->valuestring != NULL)
		explicit_bzero(m->valuestring, strlen(m->valuestring));
}
