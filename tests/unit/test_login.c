/* SPDX-License-Identifier: ISC */
/* Unit tests for auth/login.c: login_canon() and login_password_usable(). */
#include "unit.h"

#include "auth/login.h"

/* Canonicalises in; on success compares with want (NULL: must fail). */
static void
check(const char *in, size_t len, const char *want)
{
	char out[USERNAME_MAX + 1];
	bool ok;

	memset(out, '#', sizeof(out));
	ok = login_canon(unit_sn(in, len), out);
	if (want == NULL) {
		if (ok)
			fail_msg(
			    "accepted \"%.*s\" as \"%s\"", (int)len, in, out);
		/* A refused name leaves no half-written name behind. */
		assert_int_equal(out[0], '\0');
		return;
	}
	if (!ok)
		fail_msg("refused \"%.*s\"", (int)len, in);
	assert_string_equal(out, want);
}

#define OK(in, want) check((in), strlen(in), (want))
#define BAD(in)      check((in), strlen(in), NULL)

static void
test_canon_plain(void **state)
{
	(void)state;
	OK("nguyenvana", "nguyenvana");
	OK("a", "a");
	OK("7", "7");
	OK("a.b_c-d", "a.b_c-d");
	OK("0day", "0day");
	OK("x-", "x-");
	OK("a..b", "a..b");
}

static void
test_canon_case_and_spaces(void **state)
{
	(void)state;
	OK("NguyenVanA", "nguyenvana");
	OK("ABCXYZ", "abcxyz");
	OK("  alice  ", "alice");
	OK("\tBob\r\n", "bob");
	OK(" A.B ", "a.b");
}

static void
test_canon_rejects(void **state)
{
	static const char *bad[] = {"", " ", "\t\n", "*", "a*", "a)(b",
	    "(uid=*)", "a b", ".abc", "_abc", "-abc", "a,b", "a=b", "a\\b",
	    "a/b", "a@b", "a+b", "nguyễn", "đ", "a\x7f", "a\x01", "\xc3\xa9",
	    "a%2a", "a;b"};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(bad); i++)
		BAD(bad[i]);
	check("a\0b", 3, NULL);
	check(NULL, 0, NULL);
}

static void
test_canon_length(void **state)
{
	char s[USERNAME_MAX + 8], want[USERNAME_MAX + 1];

	(void)state;
	memset(s, 'a', sizeof(s));
	memset(want, 'a', USERNAME_MAX);
	want[USERNAME_MAX] = '\0';
	check(s, USERNAME_MAX, want);
	check(s, USERNAME_MAX + 1, NULL);
	check(s, sizeof(s), NULL);
	/* Spaces around a 64-character name do not count. */
	s[0] = ' ';
	s[USERNAME_MAX + 1] = ' ';
	check(s, USERNAME_MAX + 2, want);
	/* 65 characters with upper case are still 65. */
	memset(s, 'Q', USERNAME_MAX + 1);
	check(s, USERNAME_MAX + 1, NULL);
}

static void
test_password_usable(void **state)
{
	(void)state;
	assert_false(login_password_usable(STR_NULL));
	assert_false(login_password_usable(unit_s("")));
	assert_false(login_password_usable(unit_s(" ")));
	assert_false(login_password_usable(unit_s("   \t  ")));
	assert_false(login_password_usable(unit_s("\t\r\n")));
	assert_true(login_password_usable(unit_s(" x ")));
	assert_true(login_password_usable(unit_s("x")));
	assert_true(login_password_usable(unit_s("mật khẩu")));
	assert_true(login_password_usable(unit_s("\t*\t")));
	/* Only len bytes count. */
	assert_false(login_password_usable(unit_sn("  secret", 2)));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_canon_plain),
	    cmocka_unit_test(test_canon_case_and_spaces),
	    cmocka_unit_test(test_canon_rejects),
	    cmocka_unit_test(test_canon_length),
	    cmocka_unit_test(test_password_usable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
