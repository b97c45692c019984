/* SPDX-License-Identifier: ISC */
/* Unit tests for dir_filter() in auth/dir.c: RFC 4515 escaping (no server). */
#include "unit.h"

#include "auth/dir.h"

#define USER_TMPL "(&(objectClass=inetOrgPerson)(uid=%s))"

static int
setup(void **state)
{
	*state = arena_new(1 << 16);
	return *state == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	arena_free(*state);
	return 0;
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

/*
 * RFC 4515 lets a filter escape any octet as \XX, in either case.  The
 * canonical form used for comparison keeps the five octets that must be
 * escaped as lower-case \XX and writes every other octet raw, so that
 * "\E1\BB\85" and "ễ" compare equal but "*" and "\2a" do not.  A
 * backslash without two hex digits after it fails the test.
 */
static const char *
canon(void **state, const char *f)
{
	static const char digits[] = "0123456789abcdef";
	char *out, *o;
	int h, l;
	unsigned char b;

	assert_non_null(out = arena_alloc(*state, strlen(f) + 1));
	for (o = out; *f != '\0'; f++) {
		if (*f != '\\') {
			*o++ = *f;
			continue;
		}
		h = hexval(f[1]);
		l = h < 0 ? -1 : hexval(f[2]);
		if (h < 0 || l < 0)
			fail_msg("bad escape in filter at \"%s\"", f);
		b = (unsigned char)(h << 4 | l);
		f += 2;
		if (b == '*' || b == '(' || b == ')' || b == '\\' || b == 0) {
			*o++ = '\\';
			*o++ = digits[b >> 4];
			*o++ = digits[b & 0xf];
		} else
			*o++ = (char)b;
	}
	*o = '\0';
	return out;
}

/* The filter for value[0..len) in tmpl; fails the test on an error. */
static const char *
filter_raw(void **state, const char *tmpl, const char *value, size_t len)
{
	char *out = NULL;
	enum nv_err rc;

	rc = dir_filter(*state, tmpl, value, len, &out);
	if (rc != NV_OK)
		fail_msg("dir_filter(%s) returned %d", tmpl, (int)rc);
	assert_non_null(out);
	return out;
}

static const char *
filter(void **state, const char *tmpl, const char *value, size_t len)
{
	return canon(state, filter_raw(state, tmpl, value, len));
}

#define F(tmpl, lit) filter(state, (tmpl), (lit), sizeof(lit) - 1)

static void
test_plain(void **state)
{
	assert_string_equal(F(USER_TMPL, "nguyenvana"),
	    "(&(objectClass=inetOrgPerson)(uid=nguyenvana))");
	assert_string_equal(F(USER_TMPL, "a.b_c-d9"),
	    "(&(objectClass=inetOrgPerson)(uid=a.b_c-d9))");
}

static void
test_injection(void **state)
{
	assert_string_equal(F(USER_TMPL, "a*)(uid=*"),
	    "(&(objectClass=inetOrgPerson)(uid=a\\2a\\29\\28uid=\\2a))");
	assert_string_equal(
	    F(USER_TMPL, "*"), "(&(objectClass=inetOrgPerson)(uid=\\2a))");
	assert_string_equal(F(USER_TMPL, "admin)(|(uid=*))"),
	    "(&(objectClass=inetOrgPerson)(uid=admin\\29\\28|\\28uid=\\2a\\29"
	    "\\29))");
}

static void
test_each_special(void **state)
{
	assert_string_equal(F("%s", "*"), "\\2a");
	assert_string_equal(F("%s", "("), "\\28");
	assert_string_equal(F("%s", ")"), "\\29");
	assert_string_equal(F("%s", "\\"), "\\5c");
	assert_string_equal(F("%s", "\0"), "\\00");
	assert_string_equal(F("%s", "a\0b"), "a\\00b");
	assert_string_equal(F("%s", "\\2a"), "\\5c2a");
	assert_string_equal(F("%s", "*()\\\0"), "\\2a\\28\\29\\5c\\00");
	/* Characters that are not special in a value stay as they are. */
	assert_string_equal(F("%s", "=&|!~<>:,+;\"'"), "=&|!~<>:,+;\"'");
}

static void
test_utf8_passthrough(void **state)
{
	assert_string_equal(F(USER_TMPL, "Nguyễn Văn Ánh"),
	    "(&(objectClass=inetOrgPerson)(uid=Nguyễn Văn Ánh))");
	assert_string_equal(
	    F("(cn=%s)", "Chuyển đổi số"), "(cn=Chuyển đổi số)");
	assert_string_equal(F("(cn=%s)", "đ*"), "(cn=đ\\2a)");
}

/* Whatever the spelling, no special octet reaches the filter raw. */
static void
test_no_raw_specials(void **state)
{
	static const char v[] = "*()\\x*y(z)\\";
	const char *out;
	size_t i, n;

	out = filter_raw(state, "%s", v, sizeof(v) - 1);
	for (i = 0; out[i] != '\0'; i++) {
		if (out[i] == '*' || out[i] == '(' || out[i] == ')')
			fail_msg("raw '%c' at %zu in %s", out[i], i, out);
		if (out[i] == '\\') {
			assert_true(hexval(out[i + 1]) >= 0);
			assert_true(hexval(out[i + 2]) >= 0);
			i += 2;
		}
	}
	/* Eight escapes of three bytes and two plain bytes, nothing else. */
	n = strlen(out);
	assert_int_equal(n, 8 * 3 + 3);
}

static void
test_template(void **state)
{
	/* Text on both sides of %s is copied; the value is used once. */
	assert_string_equal(
	    F("(member=%s)", "uid=a,ou=people"), "(member=uid=a,ou=people)");
	assert_string_equal(F("%s", "x"), "x");
	assert_string_equal(F("(a=%s)(b=1)", "x"), "(a=x)(b=1)");
	assert_string_equal(F("(uid=%s)", ""), "(uid=)");
	/* Only len bytes of the value are used. */
	assert_string_equal(filter(state, "(uid=%s)", "abc*", 3), "(uid=abc)");
}

static void
test_template_without_placeholder(void **state)
{
	char *out = NULL;

	assert_int_equal(
	    dir_filter(*state, "(uid=x)", "a", 1, &out), NV_EINTERNAL);
	assert_null(out);
}

static void
test_arena_full(void **state)
{
	struct arena *a;
	char *out = NULL;
	char v[200];

	(void)state;
	memset(v, '*', sizeof(v)); /* 600 bytes once escaped */
	assert_non_null(a = arena_new(256));
	assert_int_equal(
	    dir_filter(a, "(uid=%s)", v, sizeof(v), &out), NV_ETOOBIG);
	assert_null(out);
	arena_free(a);
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(test_plain),
	    T(test_injection),
	    T(test_each_special),
	    T(test_utf8_passthrough),
	    T(test_no_raw_specials),
	    T(test_template),
	    T(test_template_without_placeholder),
	    cmocka_unit_test(test_arena_full),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
