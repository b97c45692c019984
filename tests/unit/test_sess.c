/* SPDX-License-Identifier: ISC */
/* Unit tests for auth/sess.c token handling (no database). */
#include "unit.h"

#include "auth/sess.h"

#define NTOKENS 1000

/* A well-formed token, and its SHA-256 from `printf %s TOKEN | sha256sum`. */
static const char fixed_token[] = "q3Vy-_0123456789abcdefghijklmnopqrstuvwxyzA";
static const char fixed_sha256[] =
    "fb74f31f772e4c1fa2537978e87e7c6d47292c0bf20e0efb60384b81319d9dcc";

static int
setup_group(void **state)
{
	(void)state;
	return sess_init() == NV_OK ? 0 : -1;
}

static bool
is_b64url(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_';
}

static void
hex(const unsigned char *p, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 0xf];
	}
	out[2 * n] = '\0';
}

static void
test_init(void **state)
{
	(void)state;
	/* sodium_init() may be called again; it must keep succeeding. */
	assert_int_equal(sess_init(), NV_OK);
}

static void
test_token_shape(void **state)
{
	char t[SESS_TOKEN_LEN + 1];
	size_t i;

	(void)state;
	memset(t, '#', sizeof(t));
	sess_token_new(t);
	assert_int_equal(strlen(t), SESS_TOKEN_LEN);
	assert_int_equal(SESS_TOKEN_LEN, 43);
	for (i = 0; i < SESS_TOKEN_LEN; i++)
		if (!is_b64url(t[i]))
			fail_msg("character %zu of %s is not base64url", i, t);
	assert_true(sess_token_wellformed(unit_s(t)));
	/*
	 * 32 bytes are 256 bits; the 43rd character carries the last 4 bits
	 * and two zero bits, so it is one of 16 characters.
	 */
	assert_non_null(strchr("AEIMQUYcgkosw048", t[SESS_TOKEN_LEN - 1]));
}

static int
cmp_token(const void *a, const void *b)
{
	return memcmp(a, b, SESS_TOKEN_LEN);
}

static void
test_token_distinct(void **state)
{
	char(*t)[SESS_TOKEN_LEN + 1];
	bool first[128] = {false};
	size_t i, nfirst = 0;

	(void)state;
	assert_non_null(t = calloc(NTOKENS, sizeof(*t)));
	for (i = 0; i < NTOKENS; i++) {
		sess_token_new(t[i]);
		if (!sess_token_wellformed(unit_s(t[i]))) {
			free(t);
			fail_msg("token %zu is malformed", i);
		}
		if (!first[(unsigned char)t[i][0]]) {
			first[(unsigned char)t[i][0]] = true;
			nfirst++;
		}
	}
	qsort(t, NTOKENS, sizeof(*t), cmp_token);
	for (i = 1; i < NTOKENS; i++)
		if (memcmp(t[i - 1], t[i], SESS_TOKEN_LEN) == 0) {
			free(t);
			fail_msg("two equal tokens out of %d", NTOKENS);
		}
	free(t);
	/* 1000 draws from 64 first characters miss very few of them. */
	assert_true(nfirst >= 48);
}

static void
test_wellformed(void **state)
{
	char t[SESS_TOKEN_LEN + 2];
	size_t i;
	static const char bad_chars[] = "+/= .~\t%\"\\\x7f";

	(void)state;
	assert_true(sess_token_wellformed(unit_s(fixed_token)));
	assert_false(sess_token_wellformed(STR_NULL));
	assert_false(sess_token_wellformed(unit_s("")));
	assert_false(
	    sess_token_wellformed(unit_sn(fixed_token, SESS_TOKEN_LEN - 1)));
	memcpy(t, fixed_token, SESS_TOKEN_LEN);
	t[SESS_TOKEN_LEN] = 'A';
	assert_false(sess_token_wellformed(unit_sn(t, SESS_TOKEN_LEN + 1)));
	/* Standard base64, padding, spaces and other bytes, anywhere. */
	for (i = 0; i < sizeof(bad_chars) - 1; i++) {
		memcpy(t, fixed_token, SESS_TOKEN_LEN);
		t[i % SESS_TOKEN_LEN] = bad_chars[i];
		if (sess_token_wellformed(unit_sn(t, SESS_TOKEN_LEN)))
			fail_msg("accepted '%c' at %zu", bad_chars[i],
			    i % SESS_TOKEN_LEN);
		memcpy(t, fixed_token, SESS_TOKEN_LEN);
		t[SESS_TOKEN_LEN - 1] = bad_chars[i];
		if (sess_token_wellformed(unit_sn(t, SESS_TOKEN_LEN)))
			fail_msg("accepted '%c' at the end", bad_chars[i]);
	}
	memcpy(t, fixed_token, SESS_TOKEN_LEN);
	t[10] = '\0';
	assert_false(sess_token_wellformed(unit_sn(t, SESS_TOKEN_LEN)));
	memcpy(t, fixed_token, SESS_TOKEN_LEN);
	t[20] = (char)0xc3;
	assert_false(sess_token_wellformed(unit_sn(t, SESS_TOKEN_LEN)));
	/* A padded 44-character standard token is refused too. */
	assert_false(sess_token_wellformed(
	    unit_s("q3Vy+/0123456789abcdefghijklmnopqrstuvwxyzA=")));
}

static void
test_hash_known(void **state)
{
	unsigned char h[SESS_HASH_BYTES];
	char x[2 * SESS_HASH_BYTES + 1];

	(void)state;
	sess_token_hash(unit_s(fixed_token), h);
	hex(h, sizeof(h), x);
	assert_string_equal(x, fixed_sha256);
	/* FIPS 180-2 test vector. */
	sess_token_hash(unit_s("abc"), h);
	hex(h, sizeof(h), x);
	assert_string_equal(x, "ba7816bf8f01cfea414140de5dae2223"
	                       "b00361a396177a9cb410ff61f20015ad");
}

static void
test_hash_uses_len(void **state)
{
	unsigned char h1[SESS_HASH_BYTES], h2[SESS_HASH_BYTES];
	char t[SESS_TOKEN_LEN + 1];

	(void)state;
	/* Bytes past len do not matter; every byte within does. */
	memcpy(t, fixed_token, sizeof(t));
	sess_token_hash(unit_sn(t, SESS_TOKEN_LEN), h1);
	t[SESS_TOKEN_LEN] = 'Z';
	sess_token_hash(unit_sn(t, SESS_TOKEN_LEN), h2);
	assert_memory_equal(h1, h2, sizeof(h1));
	t[SESS_TOKEN_LEN - 1] = 'B';
	sess_token_hash(unit_sn(t, SESS_TOKEN_LEN), h2);
	assert_memory_not_equal(h1, h2, sizeof(h1));
}

static void
test_csrf(void **state)
{
	struct sess s;
	char h[SESS_TOKEN_LEN + 2];

	(void)state;
	memset(&s, 0, sizeof(s));
	memcpy(s.csrf, fixed_token, sizeof(fixed_token));
	assert_true(sess_csrf_ok(&s, unit_s(fixed_token)));
	/* A copy elsewhere in memory compares equal too. */
	memcpy(h, fixed_token, SESS_TOKEN_LEN);
	assert_true(sess_csrf_ok(&s, unit_sn(h, SESS_TOKEN_LEN)));
	/* One character changed: first, middle, last. */
	h[0] = 'r';
	assert_false(sess_csrf_ok(&s, unit_sn(h, SESS_TOKEN_LEN)));
	h[0] = fixed_token[0];
	h[21] ^= 1;
	assert_false(sess_csrf_ok(&s, unit_sn(h, SESS_TOKEN_LEN)));
	h[21] ^= 1;
	h[SESS_TOKEN_LEN - 1] = 'B';
	assert_false(sess_csrf_ok(&s, unit_sn(h, SESS_TOKEN_LEN)));
	h[SESS_TOKEN_LEN - 1] = fixed_token[SESS_TOKEN_LEN - 1];
	assert_true(sess_csrf_ok(&s, unit_sn(h, SESS_TOKEN_LEN)));
	/* Shorter (a prefix), longer (an extension), empty, absent. */
	assert_false(sess_csrf_ok(&s, unit_sn(h, SESS_TOKEN_LEN - 1)));
	h[SESS_TOKEN_LEN] = 'x';
	assert_false(sess_csrf_ok(&s, unit_sn(h, SESS_TOKEN_LEN + 1)));
	assert_false(sess_csrf_ok(&s, unit_s("")));
	assert_false(sess_csrf_ok(&s, STR_NULL));
}

static void
test_csrf_fresh_tokens(void **state)
{
	struct sess s;
	char other[SESS_TOKEN_LEN + 1];

	(void)state;
	memset(&s, 0, sizeof(s));
	sess_token_new(s.csrf);
	sess_token_new(other);
	assert_true(sess_csrf_ok(&s, unit_s(s.csrf)));
	assert_false(sess_csrf_ok(&s, unit_s(other)));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_init),
	    cmocka_unit_test(test_token_shape),
	    cmocka_unit_test(test_token_distinct),
	    cmocka_unit_test(test_wellformed),
	    cmocka_unit_test(test_hash_known),
	    cmocka_unit_test(test_hash_uses_len),
	    cmocka_unit_test(test_csrf),
	    cmocka_unit_test(test_csrf_fresh_tokens),
	};

	return cmocka_run_group_tests(tests, setup_group, NULL);
}
