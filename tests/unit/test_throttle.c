/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for auth/throttle.c's decision: locking keys refuse until the
 * window ends, slowing keys let one attempt through per doubling delay up
 * to the cap and never lock.  No clock: the row carries the elapsed times.
 */
#include "unit.h"

#include "auth/throttle.h"

static struct conf c = {
    .login_fail_user_max = 5,
    .login_fail_addr_max = 50,
    .login_fail_window = 900,
    .login_delay_max = 300,
};

/* Decides for a row; returns allowed, with the outputs through pointers. */
static bool
decide(enum throttle_kind k, int64_t failures, int64_t age_s, int64_t last_us,
    int64_t *n, bool *fresh, int *retry)
{
	struct throttle_row r = {failures, age_s, last_us};

	return throttle_decide(&c, k, &r, n, fresh, retry);
}

static void
test_below_the_limit_counts(void **state)
{
	int64_t n;
	bool fresh;
	int retry;
	enum throttle_kind kinds[] = {THR_USER, THR_ADDR, THR_PAIR, THR_DEVICE};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(kinds); i++) {
		assert_true(decide(kinds[i], 0, 0, -1, &n, &fresh, &retry));
		assert_int_equal(n, 1);
		assert_false(fresh);
		assert_true(decide(kinds[i], 4, 100, 10, &n, &fresh, &retry));
		assert_int_equal(n, 5);
		assert_int_equal(retry, 0);
	}
}

static void
test_window_end_starts_again(void **state)
{
	int64_t n;
	bool fresh;
	int retry;

	(void)state;
	assert_true(decide(THR_PAIR, 999, 900, 0, &n, &fresh, &retry));
	assert_int_equal(n, 1);
	assert_true(fresh);
	assert_true(decide(THR_USER, 999, 901, 0, &n, &fresh, &retry));
	assert_int_equal(n, 1);
	assert_true(fresh);
}

static void
test_locking_keys_refuse_until_the_window_ends(void **state)
{
	int64_t n;
	bool fresh;
	int retry;

	(void)state;
	assert_false(decide(THR_PAIR, 5, 100, 3600000000, &n, &fresh, &retry));
	assert_int_equal(retry, 800);
	assert_false(decide(THR_DEVICE, 5, 899, 0, &n, &fresh, &retry));
	assert_int_equal(retry, 1);
}

static void
test_slowing_keys_double_the_delay(void **state)
{
	int64_t n;
	bool fresh;
	int retry;

	(void)state;
	/* At the limit: 1 s after the last counted attempt. */
	assert_false(decide(THR_USER, 5, 10, 400000, &n, &fresh, &retry));
	assert_int_equal(retry, 1);
	assert_true(decide(THR_USER, 5, 10, 1000000, &n, &fresh, &retry));
	assert_int_equal(n, 6);
	/* One over: 2 s; three over: 8 s, rounded up. */
	assert_false(decide(THR_USER, 6, 10, 1999999, &n, &fresh, &retry));
	assert_int_equal(retry, 1);
	assert_false(decide(THR_USER, 8, 10, 500000, &n, &fresh, &retry));
	assert_int_equal(retry, 8);
	assert_true(decide(THR_USER, 8, 10, 8000000, &n, &fresh, &retry));
	assert_int_equal(n, 9);
	/* The address has its own, larger limit. */
	assert_true(decide(THR_ADDR, 49, 10, 0, &n, &fresh, &retry));
	assert_false(decide(THR_ADDR, 52, 10, 1000000, &n, &fresh, &retry));
	assert_int_equal(retry, 3); /* 4 s, 1 s gone */
}

static void
test_the_delay_is_capped_never_a_lock(void **state)
{
	int64_t n;
	bool fresh;
	int retry;

	(void)state;
	/* 2^20 s would be 12 days: the cap is 300 s. */
	assert_false(decide(THR_USER, 25, 10, 0, &n, &fresh, &retry));
	assert_int_equal(retry, 300);
	assert_true(decide(THR_USER, 25, 10, 300000000, &n, &fresh, &retry));
	/* Far past any doubling that matters, the count stops growing. */
	assert_true(decide(THR_ADDR, 80, 10, 300000000, &n, &fresh, &retry));
	assert_int_equal(n, 80);
	assert_false(decide(THR_ADDR, 80, 10, 299000000, &n, &fresh, &retry));
	assert_int_equal(retry, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_below_the_limit_counts),
	    cmocka_unit_test(test_window_end_starts_again),
	    cmocka_unit_test(test_locking_keys_refuse_until_the_window_ends),
	    cmocka_unit_test(test_slowing_keys_double_the_delay),
	    cmocka_unit_test(test_the_delay_is_capped_never_a_lock),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
