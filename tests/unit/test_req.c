/* SPDX-License-Identifier: ISC */
/* Unit tests for fcgi/req.c: query, cookies, path, JSON body and fields. */
#include "unit.h"

#include <stdio.h>

#include <cjson/cJSON.h>

#include "fcgi/http/req.h"

static int
setup(void **state)
{
	struct req *rq;

	if ((rq = calloc(1, sizeof(*rq))) == NULL)
		return -1;
	if ((rq->arena = arena_new(1 << 20)) == NULL) {
		free(rq);
		return -1;
	}
	*state = rq;
	return 0;
}

static int
teardown(void **state)
{
	struct req *rq = *state;

	arena_free(rq->arena); /* runs the deferred cJSON_Delete */
	free(rq);
	return 0;
}

/* Forgets the previous input: a fresh request on the same arena. */
static void
clear(struct req *rq)
{
	struct arena *a = rq->arena;

	arena_reset(a);
	memset(rq, 0, sizeof(*rq));
	rq->arena = a;
}

/*
 * Query strings
 */

static enum nv_err
query(struct req *rq, const char *q)
{
	clear(rq);
	rq->query = unit_s(q);
	return req_parse_query(rq);
}

static void
test_query_basic(void **state)
{
	struct req *rq = *state;

	assert_int_equal(query(rq, "a=1&b=x+y&c=%41%62%4a%4A&d=b=c"), NV_OK);
	assert_int_equal(rq->nq, 4);
	assert_str_eq(req_query(rq, "a"), "1");
	assert_str_eq(req_query(rq, "b"), "x y");
	assert_str_eq(req_query(rq, "c"), "AbJJ");
	assert_str_eq(req_query(rq, "d"), "b=c");
	assert_null(req_query(rq, "e").p);
	/* Values are NUL-terminated copies. */
	assert_int_equal(req_query(rq, "c").p[4], '\0');
}

static void
test_query_empty(void **state)
{
	struct req *rq = *state;

	assert_int_equal(query(rq, NULL), NV_OK);
	assert_int_equal(rq->nq, 0);
	assert_int_equal(query(rq, ""), NV_OK);
	assert_int_equal(rq->nq, 0);
	assert_int_equal(query(rq, "&&"), NV_OK);
	assert_int_equal(rq->nq, 0);
	assert_int_equal(query(rq, "a=1&&b=2&"), NV_OK);
	assert_int_equal(rq->nq, 2);
	assert_str_eq(req_query(rq, "b"), "2");
	/* A key without '=' has an empty (not absent) value. */
	assert_int_equal(query(rq, "flag&x="), NV_OK);
	assert_str_eq(req_query(rq, "flag"), "");
	assert_str_eq(req_query(rq, "x"), "");
}

static void
test_query_vietnamese(void **state)
{
	struct req *rq = *state;

	assert_int_equal(
	    query(rq, "q=Chuy%E1%BB%83n+%C4%91%E1%BB%95i+s%E1%BB%91&%C4%91=1"),
	    NV_OK);
	assert_str_eq(req_query(rq, "q"), "Chuyển đổi số");
	assert_str_eq(req_query(rq, "đ"), "1");
	/* Raw UTF-8 (not percent-encoded) is accepted too. */
	assert_int_equal(query(rq, "q=Nghệ"), NV_OK);
	assert_str_eq(req_query(rq, "q"), "Nghệ");
}

static void
test_query_bad_escape(void **state)
{
	static const char *bad[] = {"a=%", "a=%4", "a=%zz", "a=%g1", "a=%1g",
	    "a=1%", "a=%%41", "a=% 1", "%=1", "a%2=1", "a%=1"};
	struct req *rq = *state;
	size_t i;

	for (i = 0; i < NELEM(bad); i++)
		if (query(rq, bad[i]) != NV_EINVAL)
			fail_msg("accepted \"%s\"", bad[i]);
	/* A bad value names its key. */
	assert_int_equal(query(rq, "ok=1&page=%zz"), NV_EINVAL);
	assert_non_null(rq->err_field);
	assert_string_equal(rq->err_field, "page");
	assert_non_null(rq->err_msg);
}

static void
test_query_bad_utf8(void **state)
{
	static const char *bad[] = {"a=%ff", "a=%c3", "a=%c3%28", "a=%c0%af",
	    "a=%e0%80%af", "a=%ed%a0%80", "a=%f4%90%80%80", "a=%80", "%ff=1",
	    "a=%e1%bb", "a=\xff", "a=\xc0\xaf"};
	struct req *rq = *state;
	size_t i;

	for (i = 0; i < NELEM(bad); i++)
		if (query(rq, bad[i]) != NV_EINVAL)
			fail_msg("accepted \"%s\"", bad[i]);
	assert_int_equal(query(rq, "name=%ed%b0%80"), NV_EINVAL);
	assert_string_equal(rq->err_field, "name");
}

static void
test_query_controls(void **state)
{
	static const char *bad[] = {"a=%00", "a=x%00y", "a=%0a", "a=%0d",
	    "a=%09", "a=%1b", "a=%7f", "a=%c2%85", "a=%c2%9f", "a=\x01", "a=\t",
	    "%0a=1", "a%00b=1"};
	struct req *rq = *state;
	size_t i;

	for (i = 0; i < NELEM(bad); i++)
		if (query(rq, bad[i]) != NV_EINVAL)
			fail_msg("accepted \"%s\"", bad[i]);
}

static void
test_query_empty_key(void **state)
{
	struct req *rq = *state;

	assert_int_equal(query(rq, "=1"), NV_EINVAL);
	assert_int_equal(query(rq, "a=1&=2"), NV_EINVAL);
	assert_int_equal(query(rq, "="), NV_EINVAL);
}

static void
test_query_duplicate(void **state)
{
	struct req *rq = *state;

	assert_int_equal(query(rq, "a=1&b=2&a=3"), NV_EINVAL);
	assert_non_null(rq->err_field);
	assert_string_equal(rq->err_field, "a");
	/* The same key spelled two ways is still the same key. */
	assert_int_equal(query(rq, "status=1&st%61tus=2"), NV_EINVAL);
	assert_string_equal(rq->err_field, "status");
	assert_int_equal(query(rq, "a=1&a"), NV_EINVAL);
	assert_string_equal(rq->err_field, "a");
	/* Keys that only share a prefix are different keys. */
	assert_int_equal(query(rq, "a=1&ab=2&b=3"), NV_OK);
	assert_int_equal(rq->nq, 3);
	assert_str_eq(req_query(rq, "a"), "1");
	assert_str_eq(req_query(rq, "ab"), "2");
}

static void
test_query_pairs_max(void **state)
{
	struct req *rq = *state;
	char q[512];
	size_t o = 0;
	int i;

	for (i = 0; i < QUERY_PAIRS_MAX; i++)
		o += (size_t)snprintf(
		    q + o, sizeof(q) - o, "%sk%d=%d", i > 0 ? "&" : "", i, i);
	assert_int_equal(query(rq, q), NV_OK);
	assert_int_equal(rq->nq, QUERY_PAIRS_MAX);
	assert_str_eq(req_query(rq, "k31"), "31");
	snprintf(q + o, sizeof(q) - o, "&k%d=x", QUERY_PAIRS_MAX);
	assert_int_equal(query(rq, q), NV_EINVAL);
	/* Empty pairs between '&' do not count. */
	q[o] = '\0';
	assert_true(o + 4 < sizeof(q));
	memcpy(q + o, "&&&", 4);
	assert_int_equal(query(rq, q), NV_OK);
	assert_int_equal(rq->nq, QUERY_PAIRS_MAX);
}

static void
test_query_max_bytes(void **state)
{
	struct req *rq = *state;
	char *q;

	assert_non_null(q = malloc(QUERY_MAX + 2));
	memset(q, 'x', QUERY_MAX + 1);
	q[0] = 'a';
	q[1] = '=';
	q[QUERY_MAX] = '\0'; /* exactly QUERY_MAX bytes */
	if (query(rq, q) != NV_OK) {
		free(q);
		fail_msg("a query of QUERY_MAX bytes was refused");
	}
	assert_int_equal(req_query(rq, "a").len, QUERY_MAX - 2);
	q[QUERY_MAX] = 'x';
	q[QUERY_MAX + 1] = '\0'; /* one byte over */
	if (query(rq, q) != NV_EINVAL) {
		free(q);
		fail_msg("a query over QUERY_MAX bytes was accepted");
	}
	free(q);
	assert_non_null(rq->err_msg);
}

static void
test_query_unused(void **state)
{
	struct req *rq = *state;

	assert_int_equal(query(rq, "page=2&sort=name&debug=1"), NV_OK);
	assert_str_eq(req_query(rq, "page"), "2");
	assert_int_equal(req_query_unused(rq), NV_EINVAL);
	assert_string_equal(rq->err_field, "sort");
	assert_str_eq(req_query(rq, "sort"), "name");
	rq->err_field = NULL;
	assert_int_equal(req_query_unused(rq), NV_EINVAL);
	assert_string_equal(rq->err_field, "debug");
	assert_str_eq(req_query(rq, "debug"), "1");
	assert_int_equal(req_query_unused(rq), NV_OK);
	/* Asking for an absent key does not mark anything. */
	assert_int_equal(query(rq, "x=1"), NV_OK);
	assert_null(req_query(rq, "y").p);
	assert_int_equal(req_query_unused(rq), NV_EINVAL);
	assert_string_equal(rq->err_field, "x");
	assert_int_equal(query(rq, ""), NV_OK);
	assert_int_equal(req_query_unused(rq), NV_OK);
}

/*
 * Cookies
 */

static struct str
cookie(struct req *rq, const char *header, const char *name)
{
	clear(rq);
	rq->cookie = unit_s(header);
	return req_cookie(rq, name);
}

static void
test_cookie(void **state)
{
	struct req *rq = *state;
	const char *h = "nv_session=abc123; theme=dark; lang=vi";

	assert_str_eq(cookie(rq, h, "nv_session"), "abc123");
	assert_str_eq(cookie(rq, h, "theme"), "dark");
	assert_str_eq(cookie(rq, h, "lang"), "vi");
	assert_null(cookie(rq, h, "missing").p);
	assert_null(cookie(rq, h, "nv_sess").p);
	assert_null(cookie(rq, h, "abc123").p);
	assert_null(cookie(rq, NULL, "nv_session").p);
	assert_null(cookie(rq, "", "nv_session").p);
}

static void
test_cookie_spaces(void **state)
{
	struct req *rq = *state;
	const char *h = "  a = 1 ;b=2;   nv_session =  tok  ;c=3  ";

	assert_str_eq(cookie(rq, h, "nv_session"), "tok");
	assert_str_eq(cookie(rq, h, "a"), "1");
	assert_str_eq(cookie(rq, h, "b"), "2");
	assert_str_eq(cookie(rq, h, "c"), "3");
	assert_str_eq(cookie(rq, "a=", "a"), "");
	assert_str_eq(cookie(rq, "a=;b=2", "b"), "2");
}

static void
test_cookie_lookalikes(void **state)
{
	struct req *rq = *state;
	const char *h = "xnv_session=1; nv_sessionx=2; nv_session=3";

	assert_str_eq(cookie(rq, h, "nv_session"), "3");
	/* A '=' inside a value does not start a new name. */
	assert_str_eq(cookie(rq, "a=nv_session=4; b=5", "a"), "nv_session=4");
	assert_null(cookie(rq, "a=nv_session=4; b=5", "nv_session").p);
	/* A part without '=' is skipped. */
	assert_str_eq(cookie(rq, "junk; nv_session=5", "nv_session"), "5");
	assert_null(cookie(rq, "nv_session", "nv_session").p);
	/* The first of two cookies with the same name wins. */
	assert_str_eq(cookie(rq, "a=1; a=2", "a"), "1");
}

static void
test_cookie_too_long(void **state)
{
	struct req *rq = *state;
	char *h;
	size_t n = COOKIE_MAX + 1;

	assert_non_null(h = malloc(n + 1));
	memset(h, 'x', n);
	memcpy(h, "a=1; b=", 7);
	h[n] = '\0';
	rq->cookie = unit_s(h);
	if (req_cookie(rq, "a").p != NULL) {
		free(h);
		fail_msg("a cookie header over COOKIE_MAX was read");
	}
	h[n - 1] = '\0'; /* exactly COOKIE_MAX */
	rq->cookie = unit_s(h);
	if (req_cookie(rq, "a").p == NULL) {
		free(h);
		fail_msg("a cookie header of COOKIE_MAX bytes was refused");
	}
	free(h);
}

/*
 * Paths
 */

static enum nv_err
path(struct req *rq, const char *p)
{
	clear(rq);
	rq->path = unit_s(p);
	return req_parse_path(rq);
}

static void
test_path_ok(void **state)
{
	struct req *rq = *state;

	assert_int_equal(path(rq, "/health"), NV_OK);
	assert_int_equal(rq->nseg, 1);
	assert_str_eq(rq->seg[0], "health");
	assert_int_equal(path(rq, "/tasks/7/history"), NV_OK);
	assert_int_equal(rq->nseg, 3);
	assert_str_eq(rq->seg[0], "tasks");
	assert_str_eq(rq->seg[1], "7");
	assert_str_eq(rq->seg[2], "history");
	assert_int_equal(path(rq, "/a/b/c/d/e/f/g/h"), NV_OK);
	assert_int_equal(rq->nseg, PATH_SEGS_MAX);
	assert_str_eq(rq->seg[7], "h");
	assert_int_equal(path(rq, "/x.y-z_~%41"), NV_OK);
	assert_str_eq(rq->seg[0], "x.y-z_~%41");
}

static void
test_path_bad(void **state)
{
	static const char *bad[] = {"", "health", "/health/", "//health",
	    "/tasks//7", "/tasks/7/", "/a/b/c/d/e/f/g/h/i", "/a/b/c/d/e/f/g/h/",
	    "/t\xc3\xa0i-li\xe1\xbb\x87u", "/a b", "/a\tb", "/a\x7f", "/a\x01",
	    "/\xff", "//"};
	struct req *rq = *state;
	size_t i;

	for (i = 0; i < NELEM(bad); i++)
		if (path(rq, bad[i]) != NV_ENOENT)
			fail_msg("accepted \"%s\"", bad[i]);
	assert_int_equal(path(rq, NULL), NV_ENOENT);
	/* An embedded NUL is not part of any route. */
	clear(rq);
	rq->path = unit_sn("/health\0x", 9);
	assert_int_equal(req_parse_path(rq), NV_ENOENT);
}

static void
test_path_length(void **state)
{
	struct req *rq = *state;
	char p[PATH_MAX_LEN + 2];

	memset(p, 'a', sizeof(p));
	p[0] = '/';
	p[PATH_MAX_LEN] = '\0';
	assert_int_equal(path(rq, p), NV_OK);
	assert_int_equal(rq->seg[0].len, PATH_MAX_LEN - 1);
	p[PATH_MAX_LEN] = 'a';
	p[PATH_MAX_LEN + 1] = '\0';
	assert_int_equal(path(rq, p), NV_ENOENT);
}

/*
 * JSON bodies
 */

static enum nv_err
body(struct req *rq, const char *ct, const char *json, cJSON **out)
{
	clear(rq);
	rq->content_type = unit_s(ct);
	rq->body = json;
	rq->body_len = json != NULL ? strlen(json) : 0;
	return req_json(rq, out);
}

#define CT_JSON "application/json"

static void
test_json_media(void **state)
{
	static const char *ok[] = {"application/json", "Application/JSON",
	    "application/json; charset=utf-8", "application/json;charset=UTF-8",
	    "application/json ; charset=\"utf-8\""};
	static const char *bad[] = {"", "text/plain", "application/jsonx",
	    "application/json-seq", "text/json",
	    "application/x-www-form-urlencoded",
	    "multipart/form-data; boundary=x", "application/javascript",
	    "application/json; charset=latin1",
	    "application/json; charset=iso-8859-1",
	    "application/json; charset=utf-16",
	    "application/json; charset=utf-8x"};
	struct req *rq = *state;
	cJSON *root;
	size_t i;

	for (i = 0; i < NELEM(ok); i++)
		if (body(rq, ok[i], "{}", &root) != NV_OK)
			fail_msg("refused Content-Type \"%s\"", ok[i]);
	for (i = 0; i < NELEM(bad); i++)
		if (body(rq, bad[i], "{}", &root) != NV_EMEDIA)
			fail_msg("accepted Content-Type \"%s\"", bad[i]);
	assert_int_equal(body(rq, NULL, "{}", &root), NV_EMEDIA);
	assert_null(root);
	/* The media type is checked before the body. */
	assert_int_equal(body(rq, "text/plain", "not json", &root), NV_EMEDIA);
}

static void
test_json_valid(void **state)
{
	struct req *rq = *state;
	cJSON *root, *v;

	assert_int_equal(
	    body(rq, CT_JSON,
	        " \r\n\t{\"title\":\"Chuyển đổi "
	        "số\",\"n\":3,\"nested\":{\"a\":[1,{\"b\":null}]}} \n",
	        &root),
	    NV_OK);
	assert_non_null(root);
	assert_true(cJSON_IsObject(root));
	v = cJSON_GetObjectItemCaseSensitive(root, "title");
	assert_true(cJSON_IsString(v));
	assert_string_equal(v->valuestring, "Chuyển đổi số");
	assert_int_equal(cJSON_GetObjectItem(root, "n")->valueint, 3);
	assert_int_equal(body(rq, CT_JSON, "{}", &root), NV_OK);
	assert_non_null(root);
	assert_null(root->child);
	/* \u escapes decode to UTF-8, surrogate pairs included. */
	assert_int_equal(
	    body(rq, CT_JSON,
	        "{\"s\":\"\\u0111\\u1ec3\\ud83d\\ude00\\\\u0000\"}", &root),
	    NV_OK);
	assert_string_equal(cJSON_GetObjectItem(root, "s")->valuestring,
	    "để\xf0\x9f\x98\x80\\u0000");
}

static void
test_json_length(void **state)
{
	struct req *rq = *state;
	cJSON *root;
	static const char buf[] = "{\"a\":1}GARBAGE";

	/* Only body_len bytes are the body. */
	clear(rq);
	rq->content_type = unit_s(CT_JSON);
	rq->body = buf;
	rq->body_len = 7;
	assert_int_equal(req_json(rq, &root), NV_OK);
	assert_int_equal(cJSON_GetObjectItem(root, "a")->valueint, 1);
	clear(rq);
	rq->content_type = unit_s(CT_JSON);
	rq->body = buf;
	rq->body_len = 6;
	assert_int_equal(req_json(rq, &root), NV_EJSON);
}

static void
test_json_invalid(void **state)
{
	static const char *bad[] = {"", " ", "{", "}", "{\"a\":}", "{\"a\" 1}",
	    "{'a':1}", "{a:1}", "{\"a\":1,}", "{\"a\":[1,]}", "{\"a\":-}",
	    "{\"a\":NaN}", "{\"a\":\"\x01\"}", "{\"a\":.5}", "{\"a\":+1}",
	    "{\"a\":\"\\x41\"}", "{\"a\":\"\\ud800\"}", "{\"a\":\"\\udc00\"}",
	    "{\"a\":tru}", "/* c */ {}", "{} // c"};
	struct req *rq = *state;
	cJSON *root;
	size_t i;

	for (i = 0; i < NELEM(bad); i++)
		if (body(rq, CT_JSON, bad[i], &root) != NV_EJSON)
			fail_msg("accepted body \"%s\"", bad[i]);
	assert_int_equal(body(rq, CT_JSON, NULL, &root), NV_EJSON);
	assert_null(root);
}

/*
 * RFC 8259 section 6 forbids leading zeros and a '.' without digits after
 * it; section 7 says control characters (U+0000 to U+001F) MUST be
 * escaped inside strings.  Such bodies are not JSON.
 */
static void
test_json_strict_grammar(void **state)
{
	static const char *bad[] = {"{\"a\":01}", "{\"a\":-01}", "{\"a\":00}",
	    "{\"a\":1.}", "{\"a\":1.e5}", "{\"a\":\"x\ny\"}",
	    "{\"a\":\"x\ty\"}", "{\"a\":\"x\ry\"}", "{\"a\nb\":1}"};
	struct req *rq = *state;
	cJSON *root;
	size_t i, nbad;

	for (i = 0, nbad = 0; i < NELEM(bad); i++)
		if (body(rq, CT_JSON, bad[i], &root) != NV_EJSON) {
			print_message("accepted body #%zu: %s\n", i, bad[i]);
			nbad++;
		}
	assert_int_equal(nbad, 0);
	/* The same characters as JSON whitespace or escapes are fine. */
	assert_int_equal(
	    body(rq, CT_JSON,
	        "{\n\t\"a\"\r\n:\t\"x\\ny\\t\",\"b\":0,\"c\":-0.5e1}", &root),
	    NV_OK);
	assert_string_equal(
	    cJSON_GetObjectItem(root, "a")->valuestring, "x\ny\t");
}

static void
test_json_trailing(void **state)
{
	static const char *bad[] = {
	    "{} x", "{}{}", "{}}", "{\"a\":1} 1", "{}\n,", "{} \x01"};
	struct req *rq = *state;
	cJSON *root;
	size_t i;

	for (i = 0; i < NELEM(bad); i++)
		if (body(rq, CT_JSON, bad[i], &root) != NV_EJSON)
			fail_msg("accepted body \"%s\"", bad[i]);
	/* An embedded NUL after the object is trailing garbage too. */
	clear(rq);
	rq->content_type = unit_s(CT_JSON);
	rq->body = "{}\0";
	rq->body_len = 3;
	assert_int_equal(req_json(rq, &root), NV_EJSON);
	assert_null(root);
}

static void
test_json_not_object(void **state)
{
	static const char *bad[] = {
	    "[]", "[{\"a\":1}]", "1", "\"s\"", "null", "true", "-0.5"};
	struct req *rq = *state;
	cJSON *root;
	size_t i;

	for (i = 0; i < NELEM(bad); i++) {
		if (body(rq, CT_JSON, bad[i], &root) != NV_EJSON)
			fail_msg("accepted body \"%s\"", bad[i]);
		assert_null(root);
	}
}

static void
test_json_dup_keys(void **state)
{
	static const char *bad[] = {"{\"a\":1,\"a\":2}",
	    "{\"a\":1,\"b\":2,\"a\":1}", "{\"x\":{\"a\":1,\"a\":2}}",
	    "{\"x\":[1,{\"a\":1,\"b\":{\"c\":1,\"c\":1}}]}",
	    "{\"x\":[[{\"k\":1,\"k\":null}]]}", "{\"\\u0061\":1,\"a\":2}",
	    "{\"đ\":1,\"\\u0111\":2}"};
	struct req *rq = *state;
	cJSON *root;
	size_t i;

	for (i = 0; i < NELEM(bad); i++) {
		if (body(rq, CT_JSON, bad[i], &root) != NV_EJSON)
			fail_msg("accepted body \"%s\"", bad[i]);
		assert_null(root);
	}
	/* The same key in different objects is fine; so is case. */
	assert_int_equal(
	    body(rq, CT_JSON,
	        "{\"a\":{\"a\":1},\"b\":{\"a\":2},\"c\":[{\"a\":1},{\"a\":2}]}",
	        &root),
	    NV_OK);
	assert_int_equal(body(rq, CT_JSON, "{\"a\":1,\"A\":2}", &root), NV_OK);
}

static void
test_json_escaped_nul(void **state)
{
	/* In a name, or with no member around it: not JSON we can hold. */
	static const char *bad[] = {"{\"\\u0000\":1}", "{\"a\\u0000b\":1}",
	    "[\"\\u0000\"]", "\"\\u0000\"", "{\"a\":{\"\\u0000\":1}}"};
	/* In a value: a field error naming the top-level member. */
	static const char *in_value[][2] = {{"{\"a\":\"\\u0000\"}", "a"},
	    {"{\"ok\":1,\"bc\":\"x\\u0000y\"}", "bc"},
	    {"{\"a\":[\"ok\",\"\\u0000\"]}", "a"},
	    {"{\"a\":{\"b\":\"\\u0000\"},\"c\":\"\\u0000\"}", "a"},
	    {"{\"a\":\"\\\\\\u0000\"}", "a"}};
	struct req *rq = *state;
	cJSON *root;
	size_t i;

	for (i = 0; i < NELEM(bad); i++)
		if (body(rq, CT_JSON, bad[i], &root) != NV_EJSON)
			fail_msg("accepted body %s", bad[i]);
	for (i = 0; i < NELEM(in_value); i++) {
		if (body(rq, CT_JSON, in_value[i][0], &root) != NV_EINVAL)
			fail_msg("not a field error: %s", in_value[i][0]);
		assert_null(root);
		assert_string_equal(rq->err_field, in_value[i][1]);
	}
	/* An escaped backslash followed by "u0000" is not a NUL. */
	assert_int_equal(
	    body(rq, CT_JSON, "{\"a\":\"\\\\u0000\"}", &root), NV_OK);
	assert_string_equal(
	    cJSON_GetObjectItem(root, "a")->valuestring, "\\u0000");
	/* Outside a string "u0000" is not an escape at all. */
	assert_int_equal(
	    body(rq, CT_JSON, "{\"\\\\\":\"\\u0001\"}", &root), NV_OK);
}

static void
test_json_bad_utf8(void **state)
{
	static const char *bad[] = {"{\"a\":\"\xff\"}", "{\"a\":\"\xc0\xaf\"}",
	    "{\"a\":\"\xed\xa0\x80\"}", "{\"a\":\"\xe1\xbb\"}", "{\"\xc3\":1}",
	    "{\"a\":\"\xf4\x90\x80\x80\"}", "{\"a\":1}\xff", "\xef\xbb{}"};
	struct req *rq = *state;
	cJSON *root;
	size_t i;

	for (i = 0; i < NELEM(bad); i++)
		if (body(rq, CT_JSON, bad[i], &root) != NV_EJSON)
			fail_msg("accepted body #%zu", i);
	/* A raw NUL inside the body. */
	clear(rq);
	rq->content_type = unit_s(CT_JSON);
	rq->body = "{\"a\":\"x\0y\"}";
	rq->body_len = 11;
	assert_int_equal(req_json(rq, &root), NV_EJSON);
}

/*
 * Field tables
 */

static const struct field task_fields[] = {
    {"title", F_LINE, true, false, 1, 20},
    {"description", F_TEXT, false, true, 0, 200},
    {"priority", F_INT, false, false, 1, 5},
    {"urgent", F_BOOL, false, false, 0, 0},
    {"tags", F_LINES, false, false, 0, 3},
    {"code", F_LINE, false, false, 1, 5},
    {"big", F_INT, false, false, INT64_MIN, INT64_MAX},
    {"note", F_LINE, false, true, 1, 50},
};
#define TF_TITLE  0
#define TF_DESC   1
#define TF_PRIO   2
#define TF_URGENT 3
#define TF_TAGS   4
#define TF_CODE   5
#define TF_BIG    6
#define TF_NOTE   7

static struct fval tv[NELEM(task_fields)];

/* Parses json (which must be a valid object) and runs the task table. */
static enum nv_err
fields(struct req *rq, const char *json)
{
	cJSON *root;

	if (body(rq, CT_JSON, json, &root) != NV_OK)
		fail_msg("test body is not a JSON object: %s", json);
	return req_fields(rq, root, task_fields, NELEM(task_fields), tv);
}

/* Expects json to fail validation on field name. */
static void
expect_invalid(struct req *rq, const char *json, const char *name)
{
	enum nv_err rc;

	rc = fields(rq, json);
	if (rc != NV_EINVAL)
		fail_msg("%s: got %d, want NV_EINVAL", json, (int)rc);
	if (name == NULL) {
		if (rq->err_field != NULL)
			fail_msg(
			    "%s: err_field %s, want none", json, rq->err_field);
		return;
	}
	if (rq->err_field == NULL || strcmp(rq->err_field, name) != 0)
		fail_msg("%s: err_field %s, want %s", json,
		    rq->err_field ? rq->err_field : "(null)", name);
	assert_non_null(rq->err_msg);
}

static void
test_fields_all(void **state)
{
	struct req *rq = *state;

	assert_int_equal(
	    fields(rq,
	        "{\"tags\":[\"a\",\" b \",\"Nghệ An\"],"
	        "\"urgent\":true,\"priority\":5,\"description\":\"x\\ny\","
	        "\"title\":\"  Họp giao ban  \",\"code\":\"AB-1\","
	        "\"big\":-9007199254740991,\"note\":null}"),
	    NV_OK);
	/* Slots follow the table's order, not the body's. */
	assert_true(tv[TF_TITLE].present);
	assert_false(tv[TF_TITLE].is_null);
	assert_str_eq(tv[TF_TITLE].s, "Họp giao ban");
	assert_int_equal(tv[TF_TITLE].s.p[tv[TF_TITLE].s.len], '\0');
	assert_str_eq(tv[TF_DESC].s, "x\ny");
	assert_true(tv[TF_PRIO].i == 5);
	assert_true(tv[TF_URGENT].present);
	assert_true(tv[TF_URGENT].b);
	assert_int_equal(tv[TF_TAGS].nitems, 3);
	assert_str_eq(tv[TF_TAGS].items[0], "a");
	assert_str_eq(tv[TF_TAGS].items[1], "b");
	assert_str_eq(tv[TF_TAGS].items[2], "Nghệ An");
	assert_str_eq(tv[TF_CODE].s, "AB-1");
	assert_true(tv[TF_BIG].i == -9007199254740991LL);
	assert_true(tv[TF_NOTE].present);
	assert_true(tv[TF_NOTE].is_null);
}

/* "Must not be blank" means "has a visible character" (issue 9). */
static void
test_fields_blank_and_alphabet(void **state)
{
	struct req *rq = *state;

	expect_invalid(rq, "{\"title\":\"\\u00a0\"}", "title");
	expect_invalid(rq, "{\"title\":\" \\u200b\\u3000 \"}", "title");
	expect_invalid(rq, "{\"title\":\"x\",\"note\":\"\\ufeff\"}", "note");
	expect_invalid(rq, "{\"title\":\"a\\uffffb\"}", "title");
	expect_invalid(rq, "{\"title\":\"a\\u202eb\"}", "title");
	expect_invalid(rq, "{\"title\":\"x\",\"tags\":[\"\\ufdd0\"]}", "tags");
	expect_invalid(rq,
	    "{\"title\":\"x\",\"description\":\"\\ud83f\\udfff\"}",
	    "description");
	/* Optional text may be blank; a visible character anywhere counts. */
	assert_int_equal(
	    fields(rq, "{\"title\":\"\\u00a0x\",\"description\":\"\\u00a0\"}"),
	    NV_OK);
	assert_str_eq(tv[TF_DESC].s, "\xc2\xa0");
}

static void
test_fields_absent(void **state)
{
	struct req *rq = *state;
	size_t i;

	memset(tv, 0xff, sizeof(tv));
	assert_int_equal(fields(rq, "{\"title\":\"x\"}"), NV_OK);
	for (i = 1; i < NELEM(tv); i++) {
		assert_false(tv[i].present);
		assert_false(tv[i].is_null);
		assert_null(tv[i].s.p);
	}
	assert_true(tv[TF_TITLE].present);
}

static void
test_fields_unknown(void **state)
{
	struct req *rq = *state;

	expect_invalid(rq, "{\"title\":\"x\",\"colour\":\"red\"}", "colour");
	expect_invalid(rq, "{\"Title\":\"x\"}", "Title");
	expect_invalid(rq, "{\"tiêu_đề\":\"x\",\"title\":\"x\"}", "tiêu_đề");
	/* Unknown even when null or of a harmless type. */
	expect_invalid(rq, "{\"title\":\"x\",\"extra\":null}", "extra");
}

static void
test_fields_wrong_type(void **state)
{
	struct req *rq = *state;

	expect_invalid(rq, "{\"title\":1}", "title");
	expect_invalid(rq, "{\"title\":[\"x\"]}", "title");
	expect_invalid(rq, "{\"title\":{}}", "title");
	expect_invalid(rq, "{\"title\":true}", "title");
	expect_invalid(rq, "{\"title\":\"x\",\"priority\":\"3\"}", "priority");
	expect_invalid(rq, "{\"title\":\"x\",\"priority\":true}", "priority");
	expect_invalid(rq, "{\"title\":\"x\",\"urgent\":1}", "urgent");
	expect_invalid(rq, "{\"title\":\"x\",\"urgent\":\"true\"}", "urgent");
	expect_invalid(rq, "{\"title\":\"x\",\"tags\":\"a\"}", "tags");
	expect_invalid(rq, "{\"title\":\"x\",\"tags\":[1]}", "tags");
	expect_invalid(rq, "{\"title\":\"x\",\"tags\":[\"a\",null]}", "tags");
	expect_invalid(
	    rq, "{\"title\":\"x\",\"description\":5}", "description");
}

static void
test_fields_required(void **state)
{
	struct req *rq = *state;

	expect_invalid(rq, "{}", "title");
	expect_invalid(rq, "{\"priority\":1}", "title");
}

static void
test_fields_null(void **state)
{
	struct req *rq = *state;

	/* Nullable: null is accepted and flagged. */
	assert_int_equal(
	    fields(rq, "{\"title\":\"x\",\"description\":null}"), NV_OK);
	assert_true(tv[TF_DESC].present);
	assert_true(tv[TF_DESC].is_null);
	/* Not nullable: null is refused, even for an optional field. */
	expect_invalid(rq, "{\"title\":null}", "title");
	expect_invalid(rq, "{\"title\":\"x\",\"priority\":null}", "priority");
	expect_invalid(rq, "{\"title\":\"x\",\"urgent\":null}", "urgent");
	expect_invalid(rq, "{\"title\":\"x\",\"tags\":null}", "tags");
}

static void
test_fields_line(void **state)
{
	struct req *rq = *state;

	assert_int_equal(fields(rq, "{\"title\":\" \\t x y \\n\"}"), NV_OK);
	assert_str_eq(tv[TF_TITLE].s, "x y");
	expect_invalid(rq, "{\"title\":\"a\\nb\"}", "title");
	expect_invalid(rq, "{\"title\":\"a\\rb\"}", "title");
	expect_invalid(rq, "{\"title\":\"a\\tb\"}", "title");
	expect_invalid(rq, "{\"title\":\"a\\u001bb\"}", "title");
	expect_invalid(rq, "{\"title\":\"a\\u007fb\"}", "title");
	expect_invalid(rq, "{\"title\":\"a\\u0085b\"}", "title");
	/* Empty after trimming is empty. */
	expect_invalid(rq, "{\"title\":\"\"}", "title");
	expect_invalid(rq, "{\"title\":\"   \"}", "title");
	expect_invalid(rq, "{\"title\":\" \\n \"}", "title");
}

static void
test_fields_text(void **state)
{
	struct req *rq = *state;

	assert_int_equal(
	    fields(rq, "{\"title\":\"x\",\"description\":"
	               "\"d\\u00f2ng 1\\r\\n\\td\\u00f2ng 2\\n\"}"),
	    NV_OK);
	/* Line breaks are stored as LF: CR LF and a lone CR alike. */
	assert_str_eq(tv[TF_DESC].s, "dòng 1\n\tdòng 2\n");
	assert_int_equal(
	    fields(
	        rq, "{\"title\":\"x\",\"description\":\"a\\rb\\r\\r\\nc\\r\"}"),
	    NV_OK);
	assert_str_eq(tv[TF_DESC].s, "a\nb\n\nc\n");
	assert_int_equal(tv[TF_DESC].s.p[tv[TF_DESC].s.len], '\0');
	/* min 0: an empty text is fine. */
	assert_int_equal(
	    fields(rq, "{\"title\":\"x\",\"description\":\"\"}"), NV_OK);
	assert_true(tv[TF_DESC].present);
	assert_int_equal(tv[TF_DESC].s.len, 0);
	expect_invalid(
	    rq, "{\"title\":\"x\",\"description\":\"\\u0001\"}", "description");
	expect_invalid(
	    rq, "{\"title\":\"x\",\"description\":\"\\u007f\"}", "description");
	expect_invalid(
	    rq, "{\"title\":\"x\",\"description\":\"\\u009f\"}", "description");
}

static void
test_fields_codepoints(void **state)
{
	struct req *rq = *state;

	/* Five Vietnamese letters are fifteen bytes but five characters. */
	assert_int_equal(
	    fields(rq, "{\"title\":\"x\",\"code\":\"ắằẳẵặ\"}"), NV_OK);
	assert_int_equal(tv[TF_CODE].s.len, 15);
	assert_int_equal(fields(rq, "{\"title\":\"x\",\"code\":"
	                            "\"\\u1eaf\\u1eb1\\u1eb3\\u1eb5\\u1eb7\"}"),
	    NV_OK);
	assert_str_eq(tv[TF_CODE].s, "ắằẳẵặ");
	assert_int_equal(
	    fields(rq, "{\"title\":\"x\",\"code\":"
	               "\"\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80"
	               "\xf0\x9f\x98\x80\xf0\x9f\x98\x80\"}"),
	    NV_OK);
	expect_invalid(rq, "{\"title\":\"x\",\"code\":\"ắằẳẵặa\"}", "code");
	expect_invalid(rq, "{\"title\":\"x\",\"code\":\"abcdef\"}", "code");
	/* Trimmed spaces do not count. */
	assert_int_equal(
	    fields(rq, "{\"title\":\"x\",\"code\":\"  abcde  \"}"), NV_OK);
	assert_str_eq(tv[TF_CODE].s, "abcde");
	/* title: max 20 */
	assert_int_equal(
	    fields(rq, "{\"title\":\"Đường Lê Duẩn Vinh N\"}"), NV_OK);
	expect_invalid(rq, "{\"title\":\"Đường Lê Duẩn Vinh Ng\"}", "title");
}

static void
test_fields_int(void **state)
{
	struct req *rq = *state;

	assert_int_equal(fields(rq, "{\"title\":\"x\",\"priority\":1}"), NV_OK);
	assert_true(tv[TF_PRIO].i == 1);
	assert_int_equal(
	    fields(rq, "{\"title\":\"x\",\"priority\":3.0}"), NV_OK);
	assert_true(tv[TF_PRIO].i == 3);
	assert_int_equal(
	    fields(rq, "{\"title\":\"x\",\"priority\":5e0}"), NV_OK);
	assert_true(tv[TF_PRIO].i == 5);
	expect_invalid(rq, "{\"title\":\"x\",\"priority\":1.5}", "priority");
	expect_invalid(rq, "{\"title\":\"x\",\"priority\":4.999}", "priority");
	expect_invalid(rq, "{\"title\":\"x\",\"priority\":0}", "priority");
	expect_invalid(rq, "{\"title\":\"x\",\"priority\":6}", "priority");
	expect_invalid(rq, "{\"title\":\"x\",\"priority\":-1}", "priority");
	expect_invalid(rq, "{\"title\":\"x\",\"priority\":1e300}", "priority");
	expect_invalid(rq, "{\"title\":\"x\",\"priority\":1e999}", "priority");
	expect_invalid(rq, "{\"title\":\"x\",\"priority\":-1e999}", "priority");
	expect_invalid(
	    rq, "{\"title\":\"x\",\"priority\":4294967297}", "priority");
}

static void
test_fields_int_53bit(void **state)
{
	struct req *rq = *state;

	assert_int_equal(
	    fields(rq, "{\"title\":\"x\",\"big\":9007199254740991}"), NV_OK);
	assert_true(tv[TF_BIG].i == 9007199254740991LL);
	assert_int_equal(
	    fields(rq, "{\"title\":\"x\",\"big\":-9007199254740991}"), NV_OK);
	assert_true(tv[TF_BIG].i == -9007199254740991LL);
	/* Beyond 2^53 a double no longer holds every integer. */
	expect_invalid(rq, "{\"title\":\"x\",\"big\":9007199254740993}", "big");
	expect_invalid(rq, "{\"title\":\"x\",\"big\":9007199254740992}", "big");
	expect_invalid(
	    rq, "{\"title\":\"x\",\"big\":-9007199254740992}", "big");
	expect_invalid(
	    rq, "{\"title\":\"x\",\"big\":9223372036854775807}", "big");
	expect_invalid(rq, "{\"title\":\"x\",\"big\":1e19}", "big");
}

static void
test_fields_bool(void **state)
{
	struct req *rq = *state;

	assert_int_equal(
	    fields(rq, "{\"title\":\"x\",\"urgent\":true}"), NV_OK);
	assert_true(tv[TF_URGENT].present);
	assert_true(tv[TF_URGENT].b);
	assert_int_equal(
	    fields(rq, "{\"title\":\"x\",\"urgent\":false}"), NV_OK);
	assert_true(tv[TF_URGENT].present);
	assert_false(tv[TF_URGENT].b);
	expect_invalid(rq, "{\"title\":\"x\",\"urgent\":0}", "urgent");
	expect_invalid(rq, "{\"title\":\"x\",\"urgent\":[]}", "urgent");
}

static void
test_fields_lines(void **state)
{
	struct req *rq = *state;

	assert_int_equal(fields(rq, "{\"title\":\"x\",\"tags\":[]}"), NV_OK);
	assert_true(tv[TF_TAGS].present);
	assert_int_equal(tv[TF_TAGS].nitems, 0);
	assert_int_equal(fields(rq, "{\"title\":\"x\",\"tags\":"
	                            "[\" Chuyển đổi số \",\"y\",\"z\"]}"),
	    NV_OK);
	assert_int_equal(tv[TF_TAGS].nitems, 3);
	assert_str_eq(tv[TF_TAGS].items[0], "Chuyển đổi số");
	assert_int_equal(
	    tv[TF_TAGS].items[0].p[tv[TF_TAGS].items[0].len], '\0');
	/* At most max items. */
	expect_invalid(rq,
	    "{\"title\":\"x\",\"tags\":[\"a\",\"b\",\"c\","
	    "\"d\"]}",
	    "tags");
	/* Each item is one non-empty line. */
	expect_invalid(rq, "{\"title\":\"x\",\"tags\":[\"a\\nb\"]}", "tags");
	expect_invalid(rq, "{\"title\":\"x\",\"tags\":[\"\"]}", "tags");
	expect_invalid(rq, "{\"title\":\"x\",\"tags\":[\"  \"]}", "tags");
	expect_invalid(rq, "{\"title\":\"x\",\"tags\":[\"\\u0007\"]}", "tags");
	expect_invalid(rq, "{\"title\":\"x\",\"tags\":[[\"a\"]]}", "tags");
	expect_invalid(rq, "{\"title\":\"x\",\"tags\":{\"a\":\"b\"}}", "tags");
}

static void
test_fields_too_many_keys(void **state)
{
	struct req *rq = *state;
	struct field f[JSON_KEYS_MAX + 1];
	struct fval v[JSON_KEYS_MAX + 1];
	char json[2048];
	cJSON *root;
	size_t i, o;

	for (i = 0; i < NELEM(f); i++) {
		f[i] = (struct field){NULL, F_INT, false, false, 0, 1000};
		assert_non_null(f[i].name = arena_printf(rq->arena, "k%zu", i));
	}
	/* JSON_KEYS_MAX members: fine. */
	o = (size_t)snprintf(json, sizeof(json), "{");
	for (i = 0; i < JSON_KEYS_MAX; i++)
		o += (size_t)snprintf(json + o, sizeof(json) - o,
		    "%s\"k%zu\":%zu", i > 0 ? "," : "", i, i);
	snprintf(json + o, sizeof(json) - o, "}");
	rq->content_type = unit_s(CT_JSON);
	rq->body = json;
	rq->body_len = strlen(json);
	assert_int_equal(req_json(rq, &root), NV_OK);
	assert_int_equal(req_fields(rq, root, f, NELEM(f), v), NV_OK);
	assert_true(v[JSON_KEYS_MAX - 1].i == JSON_KEYS_MAX - 1);
	assert_false(v[JSON_KEYS_MAX].present);
	/* One more: refused. */
	snprintf(json + o, sizeof(json) - o, ",\"k%d\":1}", JSON_KEYS_MAX);
	rq->body_len = strlen(json);
	assert_int_equal(req_json(rq, &root), NV_OK);
	assert_int_equal(req_fields(rq, root, f, NELEM(f), v), NV_EINVAL);
}

/*
 * Dates and req_fail
 */

static void
test_valid_date(void **state)
{
	static const char *ok[] = {"2024-02-29", "2000-02-29", "2026-01-01",
	    "2026-12-31", "2026-04-30", "2026-02-28", "1900-01-01",
	    "9999-12-31", "2026-01-31", "2026-03-31", "2026-05-31",
	    "2026-07-31", "2026-08-31", "2026-10-31"};
	static const char *bad[] = {"2026-02-29", "1900-02-29", "2100-02-29",
	    "2026-13-01", "2026-00-10", "2026-01-00", "2026-04-31",
	    "2026-06-31", "2026-09-31", "2026-11-31", "2026-01-32",
	    "2026-02-30", "", "2026-1-01", "2026-01-1", "26-01-01",
	    "2026/01/01", "2026-01-01T00:00", "20260101", "2026-01-01 ",
	    " 2026-01-01", "2026-0a-01", "+026-01-01", "2026--1-01",
	    "abcd-ef-gh", "2026-01-01\n"};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(ok); i++)
		if (!req_valid_date(unit_s(ok[i])))
			fail_msg("refused %s", ok[i]);
	for (i = 0; i < NELEM(bad); i++)
		if (req_valid_date(unit_s(bad[i])))
			fail_msg("accepted \"%s\"", bad[i]);
	assert_false(req_valid_date(STR_NULL));
	assert_true(req_valid_date(unit_sn("2024-02-29xyz", 10)));
	assert_false(req_valid_date(unit_sn("2024-02-2\0", 10)));
}

static void
test_fail(void **state)
{
	struct req *rq = *state;

	assert_int_equal(req_fail(rq, NV_ESTALE, "deadline", "msg"), NV_ESTALE);
	assert_string_equal(rq->err_field, "deadline");
	assert_string_equal(rq->err_msg, "msg");
	assert_int_equal(req_fail(rq, NV_EINVAL, NULL, NULL), NV_EINVAL);
	assert_null(rq->err_field);
	assert_null(rq->err_msg);
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(test_query_basic),
	    T(test_query_empty),
	    T(test_query_vietnamese),
	    T(test_query_bad_escape),
	    T(test_query_bad_utf8),
	    T(test_query_controls),
	    T(test_query_empty_key),
	    T(test_query_duplicate),
	    T(test_query_pairs_max),
	    T(test_query_max_bytes),
	    T(test_query_unused),
	    T(test_cookie),
	    T(test_cookie_spaces),
	    T(test_cookie_lookalikes),
	    T(test_cookie_too_long),
	    T(test_path_ok),
	    T(test_path_bad),
	    T(test_path_length),
	    T(test_json_media),
	    T(test_json_valid),
	    T(test_json_length),
	    T(test_json_invalid),
	    T(test_json_strict_grammar),
	    T(test_json_trailing),
	    T(test_json_not_object),
	    T(test_json_dup_keys),
	    T(test_json_escaped_nul),
	    T(test_json_bad_utf8),
	    T(test_fields_all),
	    T(test_fields_blank_and_alphabet),
	    T(test_fields_absent),
	    T(test_fields_unknown),
	    T(test_fields_wrong_type),
	    T(test_fields_required),
	    T(test_fields_null),
	    T(test_fields_line),
	    T(test_fields_text),
	    T(test_fields_codepoints),
	    T(test_fields_int),
	    T(test_fields_int_53bit),
	    T(test_fields_bool),
	    T(test_fields_lines),
	    T(test_fields_too_many_keys),
	    T(test_valid_date),
	    T(test_fail),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
