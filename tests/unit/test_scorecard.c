/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for the year's scorecard arithmetic (fcgi/domain/scorecard.c):
 * the parts that apply, the weighted mean, its rounding and the ranking,
 * worked out by hand from the rules in docs/API.md.
 */
#include "unit.h"

#include "fcgi/domain/scorecard.h"

static const int defaults[SP__MAX] = {10, 40, 20, 20, 10};

static struct score_agency
department(void)
{
	struct score_agency a;

	memset(&a, 0, sizeof(a));
	a.kind = unit_s("department");
	return a;
}

/* A department that registered nothing and has nothing else scores 0:
 * doing nothing never rates better than doing something. */
static void
test_nothing_registered_scores_zero(void **state)
{
	struct score_agency a = department();

	(void)state;
	scorecard_score(defaults, &a);
	assert_true(a.has_score);
	assert_int_equal(a.score, 0);
	/* An agency of another kind with nothing has no score at all. */
	a = department();
	a.kind = unit_s("other");
	scorecard_score(defaults, &a);
	assert_false(a.has_score);
}

/*
 * Registered (10 x 1), 3 of 4 due tasks on time (40 x 3/4), 5 of 6
 * reports on time (20 x 5/6), 1 of 3 indicators (20 x 1/3), no proposal:
 * (10 + 30 + 16.667 + 6.667) / 90 = 70.37 -> 70.4.
 */
static void
test_weighted_mean_of_the_parts_that_apply(void **state)
{
	struct score_agency a = department();

	(void)state;
	a.registered = 1;
	a.done_on_time = 3;
	a.done_late = 1;
	a.reports_on_time = 5;
	a.reports_missing = 1;
	a.indicators = 3;
	a.ind_achieved = 1;
	a.ind_behind = 2;
	scorecard_score(defaults, &a);
	assert_true(a.has_score);
	assert_int_equal(a.den[SP_PROPOSALS], 0);
	assert_int_equal(a.score, 704);
	/* A weight of 0 leaves its part out: without indicators,
	 * (10 + 30 + 16.667) / 70 = 80.95 -> 81.0. */
	{
		int w[SP__MAX] = {10, 40, 20, 0, 10};

		scorecard_score(w, &a);
		assert_int_equal(a.score, 810);
	}
}

/* An exact half rounds up: 1 of 8 reports on time alone is 12.5. */
static void
test_half_rounds_up(void **state)
{
	int w[SP__MAX] = {0, 0, 1, 0, 0};
	struct score_agency a = department();

	(void)state;
	a.reports_on_time = 1;
	a.reports_late = 7;
	scorecard_score(w, &a);
	assert_int_equal(a.score, 125);
	a.reports_on_time = 1;
	a.reports_late = 15; /* 6.25 -> 6.3 */
	scorecard_score(w, &a);
	assert_int_equal(a.score, 63);
}

static void
test_equal_scores_share_a_rank(void **state)
{
	struct score_agency ag[5];
	int i;

	(void)state;
	for (i = 0; i < 5; i++) {
		ag[i] = department();
		ag[i].has_score = true;
	}
	ag[0].score = 500;
	ag[1].score = 900;
	ag[2].score = 500;
	ag[3].has_score = false;
	ag[4].score = 100;
	scorecard_rank(ag, 5);
	assert_int_equal(ag[1].rank, 1);
	assert_int_equal(ag[0].rank, 2);
	assert_int_equal(ag[2].rank, 2);
	assert_int_equal(ag[4].rank, 4);
	assert_int_equal(ag[3].rank, 0);
}

static void
test_report_due_dates(void **state)
{
	char d[11];

	(void)state;
	scorecard_report_due(2026, 1, 5, d);
	assert_string_equal(d, "2026-02-05");
	scorecard_report_due(2026, 12, 5, d);
	assert_string_equal(d, "2027-01-05");
	scorecard_report_due(2025, 9, 28, d);
	assert_string_equal(d, "2025-10-28");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_nothing_registered_scores_zero),
	    cmocka_unit_test(test_weighted_mean_of_the_parts_that_apply),
	    cmocka_unit_test(test_half_rounds_up),
	    cmocka_unit_test(test_equal_scores_share_a_rank),
	    cmocka_unit_test(test_report_due_dates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
