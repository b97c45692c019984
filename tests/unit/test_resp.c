/* SPDX-License-Identifier: ISC */
/* Unit tests for fcgi/resp.c: errmap, error bodies and the head. */
#include "unit.h"

#include <stdio.h>

#include <cjson/cJSON.h>

#include "fcgi/http/resp.h"

/* The contract's table, written out independently of resp.c. */
static const struct {
	enum nv_err e;
	int status;
	const char *code;
} want[] = {
    {NV_EJSON, 400, "invalid_json"},
    {NV_EINVAL, 400, "validation_failed"},
    {NV_EUNAUTH, 401, "unauthenticated"},
    {NV_EAUTH, 401, "invalid_credentials"},
    {NV_EPERM, 403, "forbidden"},
    {NV_ECSRF, 403, "csrf_failed"},
    {NV_ENOACCESS, 403, "no_access"},
    {NV_ETOTP, 401, "totp_required"},
    {NV_EENROL, 403, "totp_enrolment_required"},
    {NV_ENOENT, 404, "not_found"},
    {NV_EMETHOD, 405, "method_not_allowed"},
    {NV_ESTALE, 409, "version_conflict"},
    {NV_ESTATE, 409, "invalid_transition"},
    {NV_EDUP, 409, "duplicate"},
    {NV_ETOOBIG, 413, "payload_too_large"},
    {NV_EMEDIA, 415, "unsupported_media_type"},
    {NV_ELIMIT, 429, "rate_limited"},
    {NV_EINTERNAL, 500, "internal"},
    {NV_EDIRDOWN, 503, "directory_unavailable"},
    {NV_EDBDOWN, 503, "database_unavailable"},
};

_Static_assert(sizeof(want) / sizeof(want[0]) == NV_ERR__MAX - 1,
    "the expected table must cover every error slot");

/* Collects everything resp_finish() writes; can be told to fail. */
struct sink {
	struct buf out;
	int calls;
	int fail_at; /* 0: never */
};

static enum nv_err
sink_fn(void *ctx, const char *p, size_t n)
{
	struct sink *s = ctx;

	if (++s->calls == s->fail_at)
		return NV_EINTERNAL;
	buf_add(&s->out, p, n);
	return NV_OK;
}

struct fx {
	struct resp rs;
	struct sink sk;
	cJSON *root;
};

static int
setup(void **state)
{
	struct fx *f;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return -1;
	resp_init(&f->rs, 1 << 20);
	resp_reset(&f->rs, sink_fn, &f->sk, "req-42");
	buf_init(&f->sk.out, 1 << 20);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	cJSON_Delete(f->root);
	buf_free(&f->sk.out);
	resp_free(&f->rs);
	free(f);
	return 0;
}

/* Parses the response body (not the sink output). */
static cJSON *
body_json(struct fx *f)
{
	cJSON_Delete(f->root);
	assert_false(buf_failed(&f->rs.body));
	assert_non_null(f->rs.body.p);
	f->root = cJSON_ParseWithOpts(f->rs.body.p, NULL, 1);
	if (f->root == NULL)
		fail_msg("body is not JSON: %s", f->rs.body.p);
	return f->root;
}

/* The sink output as a string. */
static const char *
sent(struct fx *f)
{
	return f->sk.out.p != NULL ? f->sk.out.p : "";
}

static void
test_errmap_slots(void **state)
{
	size_t i;
	int e;

	(void)state;
	for (i = 0; i < NELEM(want); i++) {
		e = want[i].e;
		if (errmap[e].code == NULL || errmap[e].message == NULL)
			fail_msg("errmap[%d] has a NULL code or message", e);
		if (errmap[e].message[0] == '\0')
			fail_msg("errmap[%d] has an empty message", e);
		if (errmap[e].status != want[i].status)
			fail_msg("errmap[%d] (%s): status %d, want %d", e,
			    want[i].code, errmap[e].status, want[i].status);
		if (strcmp(errmap[e].code, want[i].code) != 0)
			fail_msg("errmap[%d]: code %s, want %s", e,
			    errmap[e].code, want[i].code);
	}
	/* Every slot after NV_OK is covered, each exactly once. */
	for (e = NV_EJSON; e < NV_ERR__MAX; e++) {
		for (i = 0; i < NELEM(want); i++)
			if ((int)want[i].e == e)
				break;
		if (i == NELEM(want))
			fail_msg("errmap[%d] has no expected entry", e);
	}
}

static void
test_errmap_codes_distinct(void **state)
{
	int a, b;

	(void)state;
	for (a = NV_EJSON; a < NV_ERR__MAX; a++)
		for (b = a + 1; b < NV_ERR__MAX; b++)
			if (errmap[a].code != NULL && errmap[b].code != NULL &&
			    strcmp(errmap[a].code, errmap[b].code) == 0)
				fail_msg("errmap[%d] and [%d] share code %s", a,
				    b, errmap[a].code);
}

/* Checks that the body is exactly {"error":{code, message[, field]}}. */
static void
check_error_body(
    struct fx *f, enum nv_err e, const char *msg, const char *field)
{
	cJSON *root, *err, *m;

	root = body_json(f);
	assert_true(cJSON_IsObject(root));
	assert_int_equal(cJSON_GetArraySize(root), 1);
	err = cJSON_GetObjectItemCaseSensitive(root, "error");
	assert_true(cJSON_IsObject(err));
	assert_int_equal(cJSON_GetArraySize(err), field != NULL ? 3 : 2);
	m = cJSON_GetObjectItemCaseSensitive(err, "code");
	assert_true(cJSON_IsString(m));
	assert_string_equal(m->valuestring, errmap[e].code);
	m = cJSON_GetObjectItemCaseSensitive(err, "message");
	assert_true(cJSON_IsString(m));
	assert_string_equal(
	    m->valuestring, msg != NULL ? msg : errmap[e].message);
	m = cJSON_GetObjectItemCaseSensitive(err, "field");
	if (field == NULL)
		assert_null(m);
	else {
		assert_true(cJSON_IsString(m));
		assert_string_equal(m->valuestring, field);
	}
	assert_int_equal(f->rs.status, errmap[e].status);
}

static void
test_error_body_every_slot(void **state)
{
	struct fx *f = *state;
	size_t i;

	for (i = 0; i < NELEM(want); i++) {
		resp_error(&f->rs, want[i].e, NULL, NULL);
		check_error_body(f, want[i].e, NULL, NULL);
		assert_int_equal(f->rs.status, want[i].status);
	}
}

static void
test_error_body_field(void **state)
{
	struct fx *f = *state;

	resp_error(&f->rs, NV_EINVAL, "Ngày không hợp lệ.", "deadline");
	check_error_body(f, NV_EINVAL, "Ngày không hợp lệ.", "deadline");
	assert_int_equal(f->rs.status, 400);
	/* Text that needs escaping still gives valid JSON. */
	resp_error(&f->rs, NV_EINVAL, "say \"no\"\n\\", "a\"b");
	check_error_body(f, NV_EINVAL, "say \"no\"\n\\", "a\"b");
	/* A second call replaces the body rather than appending. */
	resp_error(&f->rs, NV_ENOENT, NULL, NULL);
	check_error_body(f, NV_ENOENT, NULL, NULL);
}

static void
test_error_out_of_range(void **state)
{
	struct fx *f = *state;

	resp_error(&f->rs, NV_OK, NULL, NULL);
	check_error_body(f, NV_EINTERNAL, NULL, NULL);
	assert_int_equal(f->rs.status, 500);
	resp_error(&f->rs, NV_ERR__MAX, NULL, NULL);
	check_error_body(f, NV_EINTERNAL, NULL, NULL);
	resp_error(&f->rs, (enum nv_err) - 1, NULL, NULL);
	check_error_body(f, NV_EINTERNAL, NULL, NULL);
}

/* Finds header line "name: value" in the head; NULL when absent. */
static const char *
head_line(const char *out, const char *line)
{
	const char *end = strstr(out, "\r\n\r\n"), *p;
	size_t n = strlen(line);

	assert_non_null(end);
	for (p = out; p < end; p = strstr(p, "\r\n") + 2) {
		if (strncmp(p, line, n) == 0 && p[n] == '\r' &&
		    p[n + 1] == '\n')
			return p;
	}
	return NULL;
}

static void
test_finish_404(void **state)
{
	struct fx *f = *state;
	const char *out, *b, *cl;
	char line[64];
	long len;

	resp_error(&f->rs, NV_ENOENT, NULL, NULL);
	assert_int_equal(resp_finish(&f->rs), NV_OK);
	out = sent(f);
	assert_true(strncmp(out, "Status: 404 Not Found\r\n", 23) == 0);
	assert_non_null(head_line(out, "Cache-Control: no-store"));
	assert_non_null(head_line(out, "X-Content-Type-Options: nosniff"));
	assert_non_null(
	    head_line(out, "Content-Type: application/json; charset=utf-8"));
	assert_non_null(head_line(out, "X-Request-Id: req-42"));
	assert_non_null(cl = strstr(out, "\r\nContent-Length: "));
	assert_int_equal(sscanf(cl, "\r\nContent-Length: %ld\r\n", &len), 1);
	assert_non_null(b = strstr(out, "\r\n\r\n"));
	b += 4;
	assert_true(len > 0);
	assert_int_equal((size_t)len, strlen(b));
	assert_int_equal((size_t)len, f->rs.body.len);
	assert_memory_equal(b, f->rs.body.p, f->rs.body.len);
	/* The body sent is the contract's error object. */
	check_error_body(f, NV_ENOENT, NULL, NULL);
	snprintf(line, sizeof(line), "Content-Length: %ld", len);
	assert_non_null(head_line(out, line));
}

static void
test_finish_content_length_utf8(void **state)
{
	struct fx *f = *state;
	struct jw *w;
	const char *b;
	char line[64];

	w = resp_json(&f->rs, 200);
	jw_obj_open(w);
	jw_kstrz(w, "t", "Chuyển đổi số");
	jw_obj_close(w);
	assert_int_equal(resp_finish(&f->rs), NV_OK);
	assert_true(strncmp(sent(f), "Status: 200 OK\r\n", 16) == 0);
	assert_non_null(b = strstr(sent(f), "\r\n\r\n"));
	assert_string_equal(b + 4, "{\"t\":\"Chuyển đổi số\"}");
	/* Bytes, not characters. */
	snprintf(line, sizeof(line), "Content-Length: %zu",
	    strlen("{\"t\":\"Chuyển đổi số\"}"));
	assert_non_null(head_line(sent(f), line));
}

static void
test_finish_reasons(void **state)
{
	static const struct {
		int status;
		const char *line;
	} r[] = {
	    {200, "Status: 200 OK"},
	    {201, "Status: 201 Created"},
	    {400, "Status: 400 Bad Request"},
	    {401, "Status: 401 Unauthorized"},
	    {403, "Status: 403 Forbidden"},
	    {404, "Status: 404 Not Found"},
	    {405, "Status: 405 Method Not Allowed"},
	    {409, "Status: 409 Conflict"},
	    {413, "Status: 413 Payload Too Large"},
	    {415, "Status: 415 Unsupported Media Type"},
	    {429, "Status: 429 Too Many Requests"},
	    {500, "Status: 500 Internal Server Error"},
	    {503, "Status: 503 Service Unavailable"},
	};
	struct fx *f = *state;
	size_t i, n;

	for (i = 0; i < NELEM(r); i++) {
		buf_reset(&f->sk.out);
		resp_reset(&f->rs, sink_fn, &f->sk, "x");
		jw_null(resp_json(&f->rs, r[i].status));
		assert_int_equal(resp_finish(&f->rs), NV_OK);
		n = strlen(r[i].line);
		if (strncmp(sent(f), r[i].line, n) != 0 ||
		    strncmp(sent(f) + n, "\r\n", 2) != 0)
			fail_msg("status %d: head starts \"%.40s\"",
			    r[i].status, sent(f));
	}
}

static void
test_finish_204(void **state)
{
	struct fx *f = *state;
	const char *out, *end;

	/* Even after a body was started, 204 sends none. */
	jw_strz(resp_json(&f->rs, 200), "discarded");
	resp_empty(&f->rs, 204);
	assert_int_equal(resp_finish(&f->rs), NV_OK);
	out = sent(f);
	assert_true(strncmp(out, "Status: 204 No Content\r\n", 24) == 0);
	assert_non_null(end = strstr(out, "\r\n\r\n"));
	assert_string_equal(end, "\r\n\r\n"); /* nothing after */
	assert_null(strstr(out, "\r\nContent-Length:"));
	assert_null(strstr(out, "\r\nContent-Type:"));
	assert_non_null(head_line(out, "Cache-Control: no-store"));
	assert_non_null(head_line(out, "X-Content-Type-Options: nosniff"));
}

static void
test_header(void **state)
{
	struct fx *f = *state;
	const char *out;

	resp_header(&f->rs, "Allow", "GET, POST");
	resp_header(&f->rs, "Retry-After", "30");
	assert_string_equal(
	    f->rs.hdr.p, "Allow: GET, POST\r\nRetry-After: 30\r\n");
	/* resp_error keeps headers already added. */
	resp_error(&f->rs, NV_EMETHOD, NULL, NULL);
	assert_int_equal(resp_finish(&f->rs), NV_OK);
	out = sent(f);
	assert_true(
	    strncmp(out, "Status: 405 Method Not Allowed\r\n", 32) == 0);
	assert_non_null(head_line(out, "Allow: GET, POST"));
	assert_non_null(head_line(out, "Retry-After: 30"));
	/* resp_reset forgets them. */
	resp_reset(&f->rs, sink_fn, &f->sk, "x");
	assert_int_equal(f->rs.hdr.len, 0);
}

static void
test_header_injection(void **state)
{
	struct fx *f = *state;
	const char *out;

	resp_header(&f->rs, "X-A", "v\r\nSet-Cookie: evil=1");
	resp_header(&f->rs, "X-B", "v\nSet-Cookie: evil=1");
	resp_header(&f->rs, "X-C", "v\r");
	resp_header(&f->rs, "X-D\r\nSet-Cookie", "evil=1");
	resp_header(&f->rs, "X-E\n", "v");
	assert_int_equal(f->rs.hdr.len, 0);
	resp_header(&f->rs, "X-Ok", "fine");
	resp_empty(&f->rs, 204);
	assert_int_equal(resp_finish(&f->rs), NV_OK);
	out = sent(f);
	assert_null(strstr(out, "evil"));
	assert_null(strstr(out, "X-A"));
	assert_non_null(head_line(out, "X-Ok: fine"));
}

static void
test_finish_sink_fails(void **state)
{
	struct fx *f = *state;

	f->sk.fail_at = 1;
	resp_error(&f->rs, NV_ENOENT, NULL, NULL);
	assert_int_equal(resp_finish(&f->rs), NV_EINTERNAL);
	assert_true(f->rs.failed);
	/* Nothing more is attempted once the sink failed. */
	assert_int_equal(f->sk.calls, 1);
	assert_int_equal(f->sk.out.len, 0);
}

static void
test_finish_over_cap(void **state)
{
	struct resp rs;
	struct sink sk;
	struct jw *w;
	cJSON *root;
	const char *b;
	int i;

	(void)state;
	memset(&sk, 0, sizeof(sk));
	buf_init(&sk.out, 1 << 20);
	resp_init(&rs, 1024);
	resp_reset(&rs, sink_fn, &sk, "r");
	w = resp_json(&rs, 200);
	jw_arr_open(w);
	for (i = 0; i < 500; i++)
		jw_strz(w, "Chuyển đổi số");
	jw_arr_close(w);
	assert_true(buf_failed(&rs.body));
	/* Over the cap: a 500 with the contract's body, never half a body. */
	assert_int_equal(resp_finish(&rs), NV_OK);
	assert_true(strncmp(sk.out.p, "Status: 500 Internal Server Error\r\n",
	                35) == 0);
	assert_non_null(b = strstr(sk.out.p, "\r\n\r\n"));
	root = cJSON_Parse(b + 4);
	if (root == NULL) {
		buf_free(&sk.out);
		resp_free(&rs);
		fail_msg("over-cap body is not JSON");
	}
	assert_string_equal(
	    cJSON_GetObjectItem(cJSON_GetObjectItem(root, "error"), "code")
	        ->valuestring,
	    "internal");
	cJSON_Delete(root);
	buf_free(&sk.out);
	resp_free(&rs);
}

static void
test_stream(void **state)
{
	struct fx *f = *state;
	const char *out;

	assert_int_equal(resp_stream_begin(&f->rs, 200, "text/csv",
	                     "attachment; filename=\"tasks.csv\"", -1),
	    NV_OK);
	assert_int_equal(resp_stream_write(&f->rs, "a,b\r\n", 5), NV_OK);
	assert_int_equal(resp_finish(&f->rs), NV_OK);
	out = sent(f);
	assert_non_null(head_line(out, "Content-Type: text/csv"));
	assert_non_null(head_line(
	    out, "Content-Disposition: attachment; filename=\"tasks.csv\""));
	assert_null(strstr(out, "\r\nContent-Length:"));
	assert_non_null(strstr(out, "\r\n\r\na,b\r\n"));
	assert_string_equal(strstr(out, "\r\n\r\n"), "\r\n\r\na,b\r\n");
}

/* A file of known size goes out with its Content-Length. */
static void
test_stream_with_length(void **state)
{
	struct fx *f = *state;
	const char *out;

	assert_int_equal(
	    resp_stream_begin(&f->rs, 200, "application/x-test", NULL, 3),
	    NV_OK);
	assert_int_equal(resp_stream_write(&f->rs, "xyz", 3), NV_OK);
	assert_int_equal(resp_finish(&f->rs), NV_OK);
	out = sent(f);
	assert_non_null(head_line(out, "Content-Length: 3"));
	assert_string_equal(strstr(out, "\r\n\r\n"), "\r\n\r\nxyz");
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_errmap_slots),
	    cmocka_unit_test(test_errmap_codes_distinct),
	    T(test_error_body_every_slot),
	    T(test_error_body_field),
	    T(test_error_out_of_range),
	    T(test_finish_404),
	    T(test_finish_content_length_utf8),
	    T(test_finish_reasons),
	    T(test_finish_204),
	    T(test_header),
	    T(test_header_injection),
	    T(test_finish_sink_fails),
	    cmocka_unit_test(test_finish_over_cap),
	    T(test_stream),
	    T(test_stream_with_length),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
