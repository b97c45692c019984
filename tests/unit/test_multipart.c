/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for the streaming multipart/form-data reader
 * (fcgi/http/multipart.c): the file's bytes come out whole whatever the
 * pieces the body arrives in, a delimiter split across two reads is still
 * found, and a body cut short, a second part, another name or a bad
 * filename are refused.
 */
#include "unit.h"

#include <stdio.h>

#include "fcgi/http/multipart.h"

struct src {
	const char *p;
	size_t len, at, piece;
};

static enum nv_err
src_read(void *ctx, char *buf, size_t cap, size_t *got)
{
	struct src *s = ctx;
	size_t n = s->len - s->at;

	if (n > cap)
		n = cap;
	if (n > s->piece)
		n = s->piece;
	memcpy(buf, s->p + s->at, n);
	s->at += n;
	*got = n;
	return NV_OK;
}

struct out {
	char *p;
	size_t len, cap, calls;
};

static enum nv_err
sink(void *ctx, const char *p, size_t n)
{
	struct out *o = ctx;

	assert_true(o->len + n <= o->cap);
	memcpy(o->p + o->len, p, n);
	o->len += n;
	o->calls++;
	return NV_OK;
}

#define B "XyZ123"

/* A body with one part named name, filename fn and content c[0..n). */
static size_t
body(char *dst, size_t cap, const char *name, const char *fn, const char *c,
    size_t n)
{
	int k = snprintf(dst, cap,
	    "--" B "\r\nContent-Disposition: form-data; name=\"%s\"; "
	    "filename=\"%s\"\r\nContent-Type: application/pdf\r\n\r\n",
	    name, fn);
	assert_true(k > 0 && (size_t)k + n + 16 < cap);
	memcpy(dst + k, c, n);
	memcpy(dst + k + n, "\r\n--" B "--\r\n", 14);
	return (size_t)k + n + 14;
}

static enum nv_err
parse(const char *p, size_t len, size_t piece, struct mp_file *f, struct out *o,
    const char **why)
{
	struct src s = {p, len, 0, piece};
	struct mp_reader rd = {src_read, &s};

	o->len = o->calls = 0;
	return multipart_read_file(&rd, B, "file", f, sink, o, why);
}

static void
test_boundary(void **state)
{
	char b[MP_BOUNDARY_MAX + 1];
	const char *ct;

	(void)state;
	ct = "multipart/form-data; boundary=----WebKitFormBoundaryAbC";
	assert_int_equal(multipart_boundary(ct, strlen(ct), b), NV_OK);
	assert_string_equal(b, "----WebKitFormBoundaryAbC");
	ct = "Multipart/Form-Data; charset=utf-8; boundary=\"a b:c\"";
	assert_int_equal(multipart_boundary(ct, strlen(ct), b), NV_OK);
	assert_string_equal(b, "a b:c");
	ct = "application/pdf";
	assert_int_equal(multipart_boundary(ct, strlen(ct), b), NV_EMEDIA);
	ct = "multipart/form-dataX; boundary=a";
	assert_int_equal(multipart_boundary(ct, strlen(ct), b), NV_EMEDIA);
	ct = "multipart/form-data";
	assert_int_equal(multipart_boundary(ct, strlen(ct), b), NV_EINVAL);
	ct = "multipart/form-data; boundary=";
	assert_int_equal(multipart_boundary(ct, strlen(ct), b), NV_EINVAL);
	ct = "multipart/form-data; boundary=a\"b";
	assert_int_equal(multipart_boundary(ct, strlen(ct), b), NV_EINVAL);
	/* 71 characters: over RFC 2046's 70 */
	ct = "multipart/form-data; boundary=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
	assert_int_equal(multipart_boundary(ct, strlen(ct), b), NV_EINVAL);
}

/* Content that looks almost like a delimiter, in every piece size. */
static void
test_pieces(void **state)
{
	static char content[200000], buf[210000], got[200000];
	struct out o = {got, 0, sizeof(got), 0};
	size_t pieces[] = {1, 2, 7, 13, 4096, 65536, 1 << 20};
	struct mp_file f;
	const char *why;
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(content); i++)
		content[i] = (char)(i * 131 + i / 7);
	/* "\r\n--XyZ12" (one short) at a few places, and at the very end. */
	memcpy(content + 100, "\r\n--XyZ12", 9);
	memcpy(content + 65530, "\r\n--XyZ12", 9);
	memcpy(content + sizeof(content) - 9, "\r\n--XyZ12", 9);
	n = body(buf, sizeof(buf), "file", "a.pdf", content, sizeof(content));
	for (i = 0; i < NELEM(pieces); i++) {
		assert_int_equal(parse(buf, n, pieces[i], &f, &o, &why), NV_OK);
		assert_int_equal(o.len, sizeof(content));
		assert_memory_equal(got, content, sizeof(content));
		assert_string_equal(f.filename, "a.pdf");
	}
	/* Streamed, not gathered: many calls for a large file. */
	assert_true(o.calls >= 3);
}

static void
test_cut_short(void **state)
{
	static char buf[4096], got[4096];
	struct out o = {got, 0, sizeof(got), 0};
	struct mp_file f;
	const char *why;
	size_t n, cut;

	(void)state;
	n = body(buf, sizeof(buf), "file", "a.pdf", "%PDF-1.4 abc", 12);
	for (cut = 0; cut < n - 2; cut++)
		if (parse(buf, cut, 5, &f, &o, &why) != NV_EINVAL)
			fail_msg("a body cut at %zu of %zu was taken", cut, n);
	assert_non_null(strstr(why, "ngắt giữa chừng"));
	assert_int_equal(parse(buf, n, 5, &f, &o, &why), NV_OK);
}

static void
test_refusals(void **state)
{
	static char buf[4096], got[4096];
	struct out o = {got, 0, sizeof(got), 0};
	struct mp_file f;
	const char *why;
	size_t n;
	int k;

	(void)state;
	n = body(buf, sizeof(buf), "tep", "a.pdf", "x", 1);
	assert_int_equal(parse(buf, n, 100, &f, &o, &why), NV_EINVAL);
	n = body(buf, sizeof(buf), "file", "", "x", 1);
	assert_int_equal(parse(buf, n, 100, &f, &o, &why), NV_EINVAL);
	n = body(buf, sizeof(buf), "file", "dir/", "x", 1);
	assert_int_equal(parse(buf, n, 100, &f, &o, &why), NV_EINVAL);
	n = body(buf, sizeof(buf), "file", "\xc3\x28.pdf", "x", 1);
	assert_int_equal(parse(buf, n, 100, &f, &o, &why), NV_EINVAL);
	/* two parts */
	k = snprintf(buf, sizeof(buf),
	    "--" B "\r\nContent-Disposition: form-data; name=\"file\"; "
	    "filename=\"a\"\r\n\r\nx\r\n--" B "\r\nContent-Disposition: "
	    "form-data; name=\"file\"; filename=\"b\"\r\n\r\ny\r\n--" B
	    "--\r\n");
	assert_int_equal(parse(buf, (size_t)k, 100, &f, &o, &why), NV_EINVAL);
	assert_non_null(strstr(why, "một phần"));
	/* no delimiter first */
	k = snprintf(buf, sizeof(buf), "hello\r\n--" B "--\r\n");
	assert_int_equal(parse(buf, (size_t)k, 100, &f, &o, &why), NV_EINVAL);
}

static void
test_filename(void **state)
{
	static char buf[4096], got[4096];
	struct out o = {got, 0, sizeof(got), 0};
	struct mp_file f;
	const char *why;
	size_t n;

	(void)state;
	/* The HTML standard's escapes; a Windows path keeps its last piece. */
	n = body(buf, sizeof(buf), "file",
	    "C:\\T\xe1\xbb\x87p\\Quy\xe1\xba\xbft %22ph\xc3\xaa "
	    "duy\xe1\xbb\x87t%22.pdf",
	    "x", 1);
	assert_int_equal(parse(buf, n, 3, &f, &o, &why), NV_OK);
	assert_string_equal(
	    f.filename, "Quy\xe1\xba\xbft \"ph\xc3\xaa duy\xe1\xbb\x87t\".pdf");
	/* A control character is no file name. */
	n = body(buf, sizeof(buf), "file", "a%0Ab.pdf", "x", 1);
	assert_int_equal(parse(buf, n, 3, &f, &o, &why), NV_EINVAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_boundary),
	    cmocka_unit_test(test_pieces),
	    cmocka_unit_test(test_cut_short),
	    cmocka_unit_test(test_refusals),
	    cmocka_unit_test(test_filename),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
