/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for auth/dir.c: dir_filter()'s RFC 4515 escaping (no server);
 * how a bind's outcome is read (dir_bind_code); a directory that accepts
 * connections but never answers (a listener nobody accepts from, as a
 * paused slapd) never lets a login through.
 */
#include "unit.h"

#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#include <ldap.h>

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

/*
 * Only the server's BindResponse saying success is a success: not a
 * timeout, not a failure that left the handle's error number at 0, not an
 * answer of another type, not one that did not parse (issue: a login
 * answered 200 while slapd was paused).
 */
static void
test_bind_code(void **state)
{
	(void)state;
	assert_int_equal(dir_bind_code(LDAP_RES_BIND, LDAP_RES_BIND,
	                     LDAP_SUCCESS, LDAP_SUCCESS, LDAP_OTHER),
	    LDAP_SUCCESS);
	assert_int_equal(dir_bind_code(LDAP_RES_BIND, LDAP_RES_BIND,
	                     LDAP_SUCCESS, LDAP_INVALID_CREDENTIALS, 0),
	    LDAP_INVALID_CREDENTIALS);
	/* No answer in time, whatever else is left at 0. */
	assert_int_equal(
	    dir_bind_code(0, -1, LDAP_SUCCESS, LDAP_SUCCESS, LDAP_SUCCESS),
	    LDAP_TIMEOUT);
	/* Failed, and the handle says success: still a failure. */
	assert_int_equal(
	    dir_bind_code(-1, -1, LDAP_SUCCESS, LDAP_SUCCESS, LDAP_SUCCESS),
	    LDAP_SERVER_DOWN);
	assert_int_equal(
	    dir_bind_code(-1, -1, LDAP_SUCCESS, LDAP_SUCCESS, LDAP_TIMEOUT),
	    LDAP_TIMEOUT);
	/* A success of another operation is not the bind's. */
	assert_int_not_equal(
	    dir_bind_code(LDAP_RES_SEARCH_RESULT, LDAP_RES_SEARCH_RESULT,
	        LDAP_SUCCESS, LDAP_SUCCESS, LDAP_SUCCESS),
	    LDAP_SUCCESS);
	/* An answer that did not parse, its code left at 0. */
	assert_int_equal(dir_bind_code(LDAP_RES_BIND, LDAP_RES_BIND,
	                     LDAP_DECODING_ERROR, LDAP_SUCCESS, LDAP_SUCCESS),
	    LDAP_DECODING_ERROR);
}

/* A port that completes TCP handshakes and never answers: slapd paused. */
static int
silent_listener(int *port)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	int fd;

	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
		return -1;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) != 0 ||
	    listen(fd, 16) != 0 ||
	    getsockname(fd, (struct sockaddr *)&sin, &len) != 0) {
		close(fd);
		return -1;
	}
	*port = ntohs(sin.sin_port);
	return fd;
}

static void
paused_directory(void **state, const char *bind_dn)
{
	struct conf c;
	struct dir_user du;
	char uri[64];
	int fd, port = 0;

	memset(&c, 0, sizeof(c));
	assert_true((fd = silent_listener(&port)) >= 0);
	snprintf(uri, sizeof(uri), "ldap://127.0.0.1:%d/", port);
	c.ldap_uri = uri;
	c.ldap_starttls = false;
	c.ldap_tls_cacert = "";
	c.ldap_tls_require_cert = "demand";
	c.ldap_bind_dn = (char *)bind_dn;
	c.ldap_bind_password = "secret";
	c.ldap_user_base = "ou=people,dc=example";
	c.ldap_user_filter = USER_TMPL;
	c.ldap_group_base = "ou=groups,dc=example";
	c.ldap_group_filter = "(member=%s)";
	c.ldap_attr_display_name = "displayName";
	c.ldap_attr_email = "mail";
	c.ldap_attr_title = "title";
	c.ldap_attr_agency = "departmentNumber";
	c.ldap_timeout = 1;
	dir_init(&c);
	/* The first call waits out its budget; the next fails fast. */
	assert_int_equal(dir_authenticate(*state, "cb.skhcn", "Demo@2026", &du),
	    NV_EDIRDOWN);
	assert_int_equal(dir_authenticate(*state, "cb.skhcn", "Demo@2026", &du),
	    NV_EDIRDOWN);
	assert_int_equal(du.roles, 0);
	dir_close();
	close(fd);
}

static void
test_paused_service_bind(void **state)
{
	paused_directory(state, "cn=nhiemvu,ou=services,dc=example");
}

static void
test_paused_anonymous_search(void **state)
{
	paused_directory(state, "");
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
	    cmocka_unit_test(test_bind_code),
	    T(test_paused_service_bind),
	    T(test_paused_anonymous_search),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
