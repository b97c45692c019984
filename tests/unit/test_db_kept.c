/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for the results kept under a version (fcgi/base/db_kept.c),
 * over the scripted database of fake_db.c: a result is read once per
 * statement, parameters and version, and given back equal (NULL cells
 * included) without a round trip; any other parameters or version, or
 * version 0, reads again.
 */
#include "fake_db.h"

#include "fcgi/base/db_kept.h"

static struct arena *arena;

static const char tally[] = "SELECT agency, n FROM summary WHERE year = ?";
static const char other[] = "SELECT agency, n FROM summary WHERE year = ?";

/* Queues the summary's two rows as the next answer. */
static void
answer(const char *n)
{
	struct fake_answer *a = fake_answer("FROM summary");
	const char *r1[] = {"SKHCN", n}, *r2[] = {"SYT", NULL};

	fake_row(a, 2, r1);
	fake_row(a, 2, r2);
}

static void
expect(const struct db_res *r, const char *n)
{
	assert_int_equal(r->nrows, 2);
	assert_int_equal(r->ncols, 2);
	assert_true(str_eq(db_cell(r, 0, 0), "SKHCN"));
	assert_true(str_eq(db_cell(r, 0, 1), n));
	assert_true(str_eq(db_cell(r, 1, 0), "SYT"));
	assert_null(db_cell(r, 1, 1).p);
}

static void
test_read_once_per_version_and_parameters(void **state)
{
	struct db_param p2026[] = {DBP_INT(2026)}, p2025[] = {DBP_INT(2025)};
	struct db_res r;

	(void)state;
	answer("7");
	assert_int_equal(db_query_kept(arena, tally, p2026, 1, 41, &r), NV_OK);
	expect(&r, "7");
	assert_int_equal(fake_count("FROM summary"), 1);

	/* Kept: no statement, the same cells, in this arena. */
	arena_reset(arena);
	assert_int_equal(db_query_kept(arena, tally, p2026, 1, 41, &r), NV_OK);
	expect(&r, "7");
	assert_int_equal(fake_count("FROM summary"), 1);

	/* Other parameters, another statement of the same text, another
	 * version: each read. */
	answer("5");
	assert_int_equal(db_query_kept(arena, tally, p2025, 1, 41, &r), NV_OK);
	expect(&r, "5");
	answer("6");
	assert_int_equal(db_query_kept(arena, other, p2026, 1, 41, &r), NV_OK);
	expect(&r, "6");
	answer("8");
	assert_int_equal(db_query_kept(arena, tally, p2026, 1, 42, &r), NV_OK);
	expect(&r, "8");
	assert_int_equal(fake_count("FROM summary"), 4);

	/* Both kept under 42 now: the one of 41 is gone for good. */
	assert_int_equal(db_query_kept(arena, tally, p2026, 1, 42, &r), NV_OK);
	expect(&r, "8");
	assert_int_equal(fake_count("FROM summary"), 4);
}

static void
test_version_zero_keeps_nothing(void **state)
{
	struct db_param p[] = {DBP_INT(2024)};
	struct db_res r;

	(void)state;
	answer("1");
	answer("2");
	assert_int_equal(db_query_kept(arena, tally, p, 1, 0, &r), NV_OK);
	expect(&r, "1");
	assert_int_equal(db_query_kept(arena, tally, p, 1, 0, &r), NV_OK);
	expect(&r, "2");
	assert_int_equal(fake_count("FROM summary"), 2);
}

static void
test_an_error_is_not_kept(void **state)
{
	struct db_param p[] = {DBP_STR(str_c("x"))};
	struct db_res r;

	(void)state;
	fake_answer("FROM summary")->rc = NV_EDBDOWN;
	assert_int_equal(db_query_kept(arena, tally, p, 1, 77, &r), NV_EDBDOWN);
	answer("3");
	assert_int_equal(db_query_kept(arena, tally, p, 1, 77, &r), NV_OK);
	expect(&r, "3");
	assert_int_equal(fake_count("FROM summary"), 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(
	        test_read_once_per_version_and_parameters, fake_setup),
	    cmocka_unit_test_setup(test_version_zero_keeps_nothing, fake_setup),
	    cmocka_unit_test_setup(test_an_error_is_not_kept, fake_setup),
	};
	int rc;

	arena = arena_new(1 << 20);
	fake_use_arena(arena);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	arena_free(arena);
	return rc;
}
