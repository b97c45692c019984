/* SPDX-License-Identifier: ISC */
/*
 * A gzip member written in parts (fcgi/base/gz.c, issue 8): whatever the
 * parts, kept or deflated now, empty or large, the member must inflate, as
 * a browser inflates it (zlib's gzip wrapper, which checks the CRC-32 and
 * the length in the trailer), to exactly the parts' bytes in order.
 */
#include "unit.h"

#include <zlib.h>

#include "fcgi/base/gz.h"

/* Inflates a whole gzip member; NULL unless it ends exactly there with a
 * good trailer. */
static char *
gunzip(const char *p, size_t n, size_t *len)
{
	size_t cap = 1 << 22;
	char *out = malloc(cap);
	z_stream z;
	int zr;

	assert_non_null(out);
	memset(&z, 0, sizeof(z));
	assert_int_equal(inflateInit2(&z, 16 + MAX_WBITS), Z_OK);
	z.next_in = (unsigned char *)(uintptr_t)p;
	z.avail_in = (uInt)n;
	z.next_out = (unsigned char *)out;
	z.avail_out = (uInt)cap;
	zr = inflate(&z, Z_FINISH);
	*len = z.total_out;
	inflateEnd(&z);
	if (zr != Z_STREAM_END || z.avail_in != 0) {
		free(out);
		return NULL;
	}
	return out;
}

/* Text like a dashboard's: JSON objects with Vietnamese names. */
static char *
text(size_t n, unsigned seed)
{
	static const char *w[] = {"{\"id\":", "\"name\":\"Chuyển đổi số ",
	    "\"deadline\":\"2025-11-03\",", "\"lead_agency\":\"SKHCN\"},",
	    "\"progress\":null,"};
	char *t = malloc(n + 1);
	size_t i = 0, k;

	assert_non_null(t);
	while (i < n) {
		seed = seed * 1103515245u + 12345u;
		if (seed % 7 == 0) {
			t[i++] = (char)('0' + seed % 10);
			continue;
		}
		for (k = 0; w[seed % 5][k] != '\0' && i < n; k++)
			t[i++] = w[seed % 5][k];
	}
	t[n] = '\0';
	return t;
}

static void
test_parts_join_to_their_concatenation(void **state)
{
	static const size_t sizes[][3] = {{0, 0, 0}, {1, 0, 1}, {0, 5, 0},
	    {13, 727 * 1024, 4000}, {100000, 1, 0}, {0, 300000, 70000}};
	size_t s, len;

	(void)state;
	for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		size_t a = sizes[s][0], b = sizes[s][1], c = sizes[s][2];
		char *ta = text(a, 1), *tb = text(b, 2), *tc = text(c, 3), *got;
		struct gz_part part;
		struct buf out;
		struct gz g;

		assert_true(gz_part_make(&part, tb, b));
		assert_int_equal(part.raw, b);
		assert_int_equal(
		    part.crc, (uint32_t)crc32(crc32(0, Z_NULL, 0),
		                  (const unsigned char *)tb, (uInt)b));
		if (b > 10000)
			assert_true(part.len < b / 3); /* it compresses */
		buf_init(&out, 1 << 22);
		gz_begin(&g, &out);
		gz_add(&g, ta, a);
		gz_add_part(&g, &part);
		gz_add(&g, tc, c);
		assert_true(gz_end(&g));
		got = gunzip(out.p, out.len, &len);
		assert_non_null(got);
		assert_int_equal(len, a + b + c);
		assert_memory_equal(got, ta, a);
		assert_memory_equal(got + a, tb, b);
		assert_memory_equal(got + a + b, tc, c);
		/* The kept part is reused as it is by a second member. */
		buf_reset(&out);
		gz_begin(&g, &out);
		gz_add_part(&g, &part);
		gz_add_part(&g, &part);
		assert_true(gz_end(&g));
		free(got);
		got = gunzip(out.p, out.len, &len);
		assert_non_null(got);
		assert_int_equal(len, 2 * b);
		assert_memory_equal(got, tb, b);
		assert_memory_equal(got + b, tb, b);
		free(got);
		buf_free(&out);
		gz_part_free(&part);
		assert_null(part.p);
		free(ta);
		free(tb);
		free(tc);
	}
}

static void
test_a_damaged_member_does_not_inflate(void **state)
{
	char *t = text(5000, 9);
	struct buf out;
	struct gz g;
	size_t len;

	(void)state;
	buf_init(&out, 1 << 20);
	gz_begin(&g, &out);
	gz_add(&g, t, 5000);
	assert_true(gz_end(&g));
	/* The trailer's CRC-32 and length are checked: one bit of either
	 * wrong, and the member is refused. */
	out.p[out.len - 8] ^= 1;
	assert_null(gunzip(out.p, out.len, &len));
	out.p[out.len - 8] ^= 1;
	out.p[out.len - 1] ^= 1;
	assert_null(gunzip(out.p, out.len, &len));
	out.p[out.len - 1] ^= 1;
	free(gunzip(out.p, out.len, &len));
	assert_int_equal(len, 5000);
	buf_free(&out);
	free(t);
}

static void
test_a_full_buffer_fails_the_member(void **state)
{
	char *t = text(200000, 4);
	struct buf out;
	struct gz g;

	(void)state;
	buf_init(&out, 1000); /* far too small */
	gz_begin(&g, &out);
	gz_add(&g, t, 200000);
	assert_false(gz_end(&g));
	buf_free(&out);
	free(t);
}

/* gz_inflate, the kept dashboard's path to a client without gzip: the
 * exact bytes back, and nothing taken for them when the length or the
 * trailer is not what was kept. */
static void
test_inflate_gives_back_exactly_what_was_kept(void **state)
{
	char *t = text(120000, 11);
	struct buf out, back;
	struct gz g;

	(void)state;
	buf_init(&out, 1 << 20);
	gz_begin(&g, &out);
	gz_add(&g, t, 60000);
	gz_add(&g, t + 60000, 60000);
	assert_true(gz_end(&g));
	buf_init(&back, 1 << 20);
	buf_add(&back, "x", 1); /* appended after what is there */
	assert_true(gz_inflate(&back, out.p, out.len, 120000));
	assert_int_equal(back.len, 120001);
	assert_memory_equal(back.p + 1, t, 120000);
	back.len = 0;
	assert_false(gz_inflate(&back, out.p, out.len, 119999));
	back.len = 0;
	out.p[out.len - 8] ^= 1; /* the CRC-32 */
	assert_false(gz_inflate(&back, out.p, out.len, 120000));
	back.len = 0;
	assert_false(gz_inflate(&back, out.p, out.len / 2, 120000));
	buf_free(&back);
	buf_free(&out);
	free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parts_join_to_their_concatenation),
	    cmocka_unit_test(test_a_damaged_member_does_not_inflate),
	    cmocka_unit_test(test_a_full_buffer_fails_the_member),
	    cmocka_unit_test(test_inflate_gives_back_exactly_what_was_kept),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
