/* SPDX-License-Identifier: ISC */
/* Unit tests for fcgi/str.c: str_to_i64(), str_trim() and comparisons. */
#include "unit.h"

#include "fcgi/base/str.h"

/* Parses s in [min, max]; on success stores the value in *out. */
static enum nv_err
parse(const char *s, int64_t min, int64_t max, int64_t *out)
{
	return str_to_i64(unit_s(s), min, max, out);
}

static void
test_i64_plain(void **state)
{
	int64_t v;

	(void)state;
	v = -1;
	assert_int_equal(parse("0", INT64_MIN, INT64_MAX, &v), NV_OK);
	assert_true(v == 0);
	assert_int_equal(parse("7", 0, 10, &v), NV_OK);
	assert_true(v == 7);
	assert_int_equal(parse("1234567890", INT64_MIN, INT64_MAX, &v), NV_OK);
	assert_true(v == 1234567890);
	assert_int_equal(parse("-42", INT64_MIN, INT64_MAX, &v), NV_OK);
	assert_true(v == -42);
	assert_int_equal(parse("10", 0, 10, &v), NV_OK); /* max incl. */
	assert_true(v == 10);
	assert_int_equal(parse("-5", -5, 5, &v), NV_OK); /* min incl. */
	assert_true(v == -5);
}

static void
test_i64_range(void **state)
{
	int64_t v = 99;

	(void)state;
	assert_int_equal(parse("11", 0, 10, &v), NV_EINVAL);
	assert_int_equal(parse("0", 1, 10, &v), NV_EINVAL);
	assert_int_equal(parse("-1", 0, 10, &v), NV_EINVAL);
	assert_int_equal(parse("-6", -5, 5, &v), NV_EINVAL);
	assert_int_equal(
	    parse("9223372036854775807", 1, INT64_MAX - 1, &v), NV_EINVAL);
	assert_int_equal(
	    parse("-9223372036854775808", INT64_MIN + 1, 0, &v), NV_EINVAL);
	/* A failed parse leaves *out alone. */
	assert_true(v == 99);
}

static void
test_i64_extremes(void **state)
{
	int64_t v = 0;

	(void)state;
	assert_int_equal(
	    parse("9223372036854775807", INT64_MIN, INT64_MAX, &v), NV_OK);
	assert_true(v == INT64_MAX);
	assert_int_equal(
	    parse("-9223372036854775808", INT64_MIN, INT64_MAX, &v), NV_OK);
	assert_true(v == INT64_MIN);
	assert_int_equal(
	    parse("-9223372036854775807", INT64_MIN, INT64_MAX, &v), NV_OK);
	assert_true(v == INT64_MIN + 1);
}

static void
test_i64_overflow(void **state)
{
	int64_t v = 5;

	(void)state;
	assert_int_equal(
	    parse("9223372036854775808", INT64_MIN, INT64_MAX, &v), NV_EINVAL);
	assert_int_equal(
	    parse("-9223372036854775809", INT64_MIN, INT64_MAX, &v), NV_EINVAL);
	assert_int_equal(
	    parse("18446744073709551615", INT64_MIN, INT64_MAX, &v), NV_EINVAL);
	assert_int_equal(
	    parse("18446744073709551616", INT64_MIN, INT64_MAX, &v), NV_EINVAL);
	assert_int_equal(
	    parse("99999999999999999999", INT64_MIN, INT64_MAX, &v), NV_EINVAL);
	assert_int_equal(
	    parse("123456789012345678901234", INT64_MIN, INT64_MAX, &v),
	    NV_EINVAL);
	assert_int_equal(
	    parse("-99999999999999999999", INT64_MIN, INT64_MAX, &v),
	    NV_EINVAL);
	assert_true(v == 5);
}

static void
test_i64_syntax(void **state)
{
	static const char *bad[] = {"", "-", "+", "+1", "--1", "-+1", "01",
	    "00", "-01", "007", " 1", "1 ", " ", "1a", "a1", "0x10", "1.0",
	    "1e3", "1,000", "\t5", "5\n", "١", "1_000"};
	int64_t v = 3;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(bad); i++) {
		if (parse(bad[i], INT64_MIN, INT64_MAX, &v) != NV_EINVAL)
			fail_msg("accepted \"%s\"", bad[i]);
	}
	assert_int_equal(
	    str_to_i64(STR_NULL, INT64_MIN, INT64_MAX, &v), NV_EINVAL);
	/* An embedded NUL is not a digit. */
	assert_int_equal(
	    str_to_i64(unit_sn("1\0002", 3), INT64_MIN, INT64_MAX, &v),
	    NV_EINVAL);
	/* Only len bytes are read: "12" out of "123". */
	assert_int_equal(str_to_i64(unit_sn("123", 2), 0, 1000, &v), NV_OK);
	assert_true(v == 12);
}

static void
test_trim(void **state)
{
	struct str t;

	(void)state;
	assert_str_eq(str_trim(unit_s("  abc  ")), "abc");
	assert_str_eq(
	    str_trim(unit_s("\t\r\n\v\fabc def\f\v\n\r\t")), "abc def");
	assert_str_eq(str_trim(unit_s("abc")), "abc");
	assert_str_eq(str_trim(unit_s(" a b ")), "a b");
	assert_str_eq(str_trim(unit_s(" Chuyển đổi số ")), "Chuyển đổi số");
	t = str_trim(unit_s("   "));
	assert_int_equal(t.len, 0);
	t = str_trim(unit_s(""));
	assert_int_equal(t.len, 0);
	/* Trimming does not copy: the result points into the input. */
	{
		static const char in[] = "  xy ";
		t = str_trim(unit_s(in));
		assert_ptr_equal(t.p, in + 2);
		assert_int_equal(t.len, 2);
	}
	/* A non-breaking space (U+00A0) is not ASCII whitespace. */
	assert_str_eq(str_trim(unit_s("\xc2\xa0x")), "\xc2\xa0x");
	/* Trimming stops at len. */
	assert_str_eq(str_trim(unit_sn(" ab  cd", 4)), "ab");
}

static void
test_eq(void **state)
{
	(void)state;
	assert_true(str_eq(unit_s("abc"), "abc"));
	assert_false(str_eq(unit_s("abc"), "abd"));
	assert_false(str_eq(unit_s("abc"), "ab"));
	assert_false(str_eq(unit_s("ab"), "abc"));
	assert_false(str_eq(unit_s("ABC"), "abc"));
	assert_false(str_eq(STR_NULL, ""));
	assert_true(str_eq(unit_s(""), ""));
	assert_true(str_eq(unit_sn("abcdef", 3), "abc"));
	assert_false(str_eq(unit_sn("a\0c", 3), "a"));
}

static void
test_caseeq(void **state)
{
	(void)state;
	assert_true(str_caseeq(unit_s("Application/JSON"), "application/json"));
	assert_true(str_caseeq(unit_s("abc"), "ABC"));
	assert_false(str_caseeq(unit_s("abcd"), "abc"));
	assert_false(str_caseeq(unit_s("abc"), "abcd"));
	assert_false(str_caseeq(unit_s("abd"), "ABC"));
	assert_false(str_caseeq(STR_NULL, ""));
	assert_true(str_caseeq(unit_sn("GETX", 3), "get"));
}

static void
test_prefix(void **state)
{
	(void)state;
	assert_true(str_has_prefix(unit_s("Bearer xyz"), "Bearer "));
	assert_true(str_has_prefix(unit_s("abc"), "abc"));
	assert_true(str_has_prefix(unit_s("abc"), ""));
	assert_false(str_has_prefix(unit_s("ab"), "abc"));
	assert_false(str_has_prefix(unit_s("bearer x"), "Bearer"));
	assert_false(str_has_prefix(STR_NULL, ""));
	assert_false(str_has_prefix(unit_sn("abc", 2), "abc"));
}

static void
test_str_c(void **state)
{
	struct str s;

	(void)state;
	s = str_c(NULL);
	assert_null(s.p);
	assert_int_equal(s.len, 0);
	s = str_c("Nghệ An");
	assert_int_equal(s.len, strlen("Nghệ An"));
	assert_str_eq(s, "Nghệ An");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_i64_plain),
	    cmocka_unit_test(test_i64_range),
	    cmocka_unit_test(test_i64_extremes),
	    cmocka_unit_test(test_i64_overflow),
	    cmocka_unit_test(test_i64_syntax),
	    cmocka_unit_test(test_trim),
	    cmocka_unit_test(test_eq),
	    cmocka_unit_test(test_caseeq),
	    cmocka_unit_test(test_prefix),
	    cmocka_unit_test(test_str_c),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
