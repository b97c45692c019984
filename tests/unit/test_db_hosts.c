/* SPDX-License-Identifier: ISC */
/* Unit tests for fcgi/base/db_hosts.c: db_host as a list. */
#include "unit.h"

#include "fcgi/base/db_hosts.h"

static void
test_list_in_order_with_ports(void **state)
{
	struct db_host h[DB_HOSTS_MAX];
	char err[160];
	size_t n = 99;

	(void)state;
	assert_int_equal(
	    db_hosts_parse("", 3306, h, DB_HOSTS_MAX, &n, err, sizeof(err)),
	    NV_OK);
	assert_int_equal(n, 0);
	assert_int_equal(db_hosts_parse("  db1.nghean.gov.vn:3307, "
	                                "10.0.0.2\t[::1]:23306 [fe80::1]",
	                     3306, h, DB_HOSTS_MAX, &n, err, sizeof(err)),
	    NV_OK);
	assert_int_equal(n, 4);
	assert_string_equal(h[0].name, "db1.nghean.gov.vn");
	assert_int_equal(h[0].port, 3307);
	assert_string_equal(h[1].name, "10.0.0.2");
	assert_int_equal(h[1].port, 3306);
	assert_string_equal(h[2].name, "::1");
	assert_int_equal(h[2].port, 23306);
	assert_string_equal(h[3].name, "fe80::1");
	assert_int_equal(h[3].port, 3306);
}

static void
test_bad_entries_refused(void **state)
{
	static const char *bad[] = {"db1:", "db1:0", "db1:65536", "db1:33x",
	    "db1:123456", ":3306", "db;1", "[::1", "[::1]x", "[]:3306",
	    "db1:3306:1", "a/b"};
	struct db_host h[DB_HOSTS_MAX];
	char err[160];
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_int_equal(db_hosts_parse(bad[i], 3306, h, DB_HOSTS_MAX,
		                     &n, err, sizeof(err)),
		    NV_EINVAL);
		assert_non_null(strstr(err, "db_host"));
	}
	assert_int_equal(
	    db_hosts_parse("a b c", 3306, h, 2, &n, err, sizeof(err)),
	    NV_EINVAL);
	assert_non_null(strstr(err, "more than 2"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_list_in_order_with_ports),
	    cmocka_unit_test(test_bad_entries_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
