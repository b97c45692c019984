/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for the dashboard's percentages (fcgi/domain/dashboard.c):
 * on_time_percent is done_on_time / due rounded half up, in integers.
 */
#include "unit.h"

#include "fcgi/domain/dashboard.h"

/* Halves go up, wherever binary fractions fall: 0.145 * 100 is
 * 14.499999999999998 in doubles, and a share rounded there gave 14. */
static void
test_halves_round_up(void **state)
{
	(void)state;
	assert_int_equal(dash_percent(29, 200), 15);
	assert_int_equal(dash_percent(1, 8), 13);
	assert_int_equal(dash_percent(1, 200), 1);
	assert_int_equal(dash_percent(57, 200), 29);
}

static void
test_ends_and_thirds(void **state)
{
	(void)state;
	assert_int_equal(dash_percent(0, 7), 0);
	assert_int_equal(dash_percent(7, 7), 100);
	assert_int_equal(dash_percent(1, 3), 33);
	assert_int_equal(dash_percent(2, 3), 67);
	assert_int_equal(dash_percent(2, 1000), 0);
	assert_int_equal(dash_percent(5, 1000), 1);
}

/* Every fraction up to 400ths against the exact rule. */
static void
test_against_the_exact_rule(void **state)
{
	int64_t num, den;

	(void)state;
	for (den = 1; den <= 400; den++)
		for (num = 0; num <= den; num++) {
			int64_t p = dash_percent(num, den);

			/* p - 1/2 <= 100 num / den < p + 1/2 */
			assert_true((2 * p - 1) * den <= 200 * num);
			assert_true(200 * num < (2 * p + 1) * den);
		}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_halves_round_up),
	    cmocka_unit_test(test_ends_and_thirds),
	    cmocka_unit_test(test_against_the_exact_rule),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
