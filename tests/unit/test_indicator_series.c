/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for an indicator's series (fcgi/domain/indicator_series.c):
 * the expected values and statuses worked out by hand from the
 * conclusion notice's figures (on-time dossiers 96.65 % in 2024, target
 * 98.73 % for 2025) and the eleven databases due by the end of 2026-Q1.
 */
#include "unit.h"

#include "fcgi/domain/indicator_series.h"

static struct indicator
on_time(void)
{
	struct indicator x;

	memset(&x, 0, sizeof(x));
	x.unit = IU_PERCENT;
	x.direction = ID_HIGHER;
	x.frequency = IF_QUARTER;
	x.baseline_value = unit_s("96.65");
	x.baseline_period = unit_s("2024");
	x.targets = unit_s("2025-12-31=98.73,2026-12-31=99.5");
	x.tolerance = unit_s("0.5");
	return x;
}

static enum indicator_status
status_of(const struct indicator *x, const char *period, const char *actual,
    int64_t *expected)
{
	struct indicator_point pt;
	int64_t a;

	if (actual != NULL)
		assert_true(indicator_hundredths(unit_s(actual), &a));
	indicator_point(x, unit_s(period), actual ? &a : NULL, &pt);
	*expected = pt.has_expected ? pt.expected : -1;
	return pt.status;
}

static void
test_hundredths_round_trip(void **state)
{
	static const struct {
		const char *in;
		int64_t v;
		const char *out;
	} t[] = {{"97.65", 9765, "97.65"}, {"97.7", 9770, "97.7"},
	    {"98", 9800, "98"}, {"0", 0, "0"}, {"0.05", 5, "0.05"},
	    {"1000000000000000", 100000000000000000LL, "1000000000000000"}};
	char buf[32];
	int64_t v;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(t); i++) {
		assert_true(indicator_hundredths(unit_s(t[i].in), &v));
		assert_int_equal(v, t[i].v);
		indicator_decimal(v, buf);
		assert_string_equal(buf, t[i].out);
	}
	assert_false(indicator_hundredths(unit_s("1.234"), &v));
	assert_false(indicator_hundredths(unit_s("1.2.3"), &v));
	assert_false(indicator_hundredths(unit_s(""), &v));
}

static void
test_a_straight_line_from_the_baseline(void **state)
{
	struct indicator x = on_time();
	int64_t e;

	(void)state;
	/* 2025-03-31 is 90 of 365 days from 2024-12-31: 96.65 + 2.08 *
	 * 90/365 = 97.163 -> 97.16.  97 + 0.5 reaches it. */
	assert_int_equal(status_of(&x, "2025-Q1", "97", &e), IST_ON_TRACK);
	assert_int_equal(e, 9716);
	/* 2025-06-30, 181 days: 97.681 -> 97.68; 96.9 + 0.5 does not. */
	assert_int_equal(status_of(&x, "2025-Q2", "96.9", &e), IST_BEHIND);
	assert_int_equal(e, 9768);
	assert_int_equal(status_of(&x, "2025-Q3", NULL, &e), IST_NO_DATA);
	/* At the due date the line is the target. */
	assert_int_equal(status_of(&x, "2025-Q4", "98.73", &e), IST_ACHIEVED);
	assert_int_equal(e, 9873);
	assert_int_equal(status_of(&x, "2025-Q4", "98.72", &e), IST_ON_TRACK);
	assert_int_equal(status_of(&x, "2025-Q4", "98.2", &e), IST_BEHIND);
	/* 2026 runs from 2025's target: 98.73 + 0.77 * 90/365 = 98.92. */
	assert_int_equal(status_of(&x, "2026-Q1", "99.6", &e), IST_ACHIEVED);
	assert_int_equal(e, 9892);
	/* Without a tolerance, a hair below the line is behind. */
	x.tolerance = unit_s("0");
	assert_int_equal(status_of(&x, "2025-Q1", "97.15", &e), IST_BEHIND);
	assert_int_equal(status_of(&x, "2025-Q1", "97.16", &e), IST_ON_TRACK);
}

static void
test_the_databases_due_by_the_first_quarter(void **state)
{
	struct indicator x;
	int64_t e;

	(void)state;
	memset(&x, 0, sizeof(x));
	x.unit = IU_COUNT;
	x.frequency = IF_MONTH;
	x.targets = unit_s("2026-03-31=11");
	x.tolerance = unit_s("0");
	/* No baseline: no line before the date, the target once due. */
	assert_int_equal(status_of(&x, "2026-01", "4", &e), IST_ON_TRACK);
	assert_int_equal(e, -1);
	assert_int_equal(status_of(&x, "2026-03", "10", &e), IST_BEHIND);
	assert_int_equal(e, 1100);
	assert_int_equal(status_of(&x, "2026-03", "11", &e), IST_ACHIEVED);
	/* Past the last target it still holds. */
	assert_int_equal(status_of(&x, "2026-09", "10", &e), IST_BEHIND);
	assert_int_equal(status_of(&x, "2026-09", "11", &e), IST_ACHIEVED);
	/* Nothing to judge without a target. */
	x.targets = unit_s("");
	assert_int_equal(status_of(&x, "2026-03", "11", &e), IST_NONE);
	assert_null(indicator_status_name(IST_NONE));
}

static void
test_lower_is_better(void **state)
{
	struct indicator x;
	int64_t e;

	(void)state;
	/* Days to settle a dossier: from 10 (2025) to 6 by the end of 2026. */
	memset(&x, 0, sizeof(x));
	x.unit = IU_COUNT;
	x.direction = ID_LOWER;
	x.frequency = IF_QUARTER;
	x.baseline_value = unit_s("10");
	x.baseline_period = unit_s("2025");
	x.targets = unit_s("2026-12-31=6");
	x.tolerance = unit_s("0");
	/* 10 - 4 * 181/365 = 8.016 -> 8.02 by mid-year. */
	assert_int_equal(status_of(&x, "2026-Q2", "8", &e), IST_ON_TRACK);
	assert_int_equal(e, 802);
	assert_int_equal(status_of(&x, "2026-Q2", "9", &e), IST_BEHIND);
	assert_int_equal(status_of(&x, "2026-Q2", "6", &e), IST_ACHIEVED);
}

static void
test_periods_of_a_year(void **state)
{
	char p[12][8];

	(void)state;
	assert_int_equal(indicator_periods(IF_MONTH, 2026, p), 12);
	assert_string_equal(p[0], "2026-01");
	assert_string_equal(p[11], "2026-12");
	assert_int_equal(indicator_periods(IF_QUARTER, 2026, p), 4);
	assert_string_equal(p[3], "2026-Q4");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hundredths_round_trip),
	    cmocka_unit_test(test_a_straight_line_from_the_baseline),
	    cmocka_unit_test(test_the_databases_due_by_the_first_quarter),
	    cmocka_unit_test(test_lower_is_better),
	    cmocka_unit_test(test_periods_of_a_year),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
