/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for the search's split of a query into the index's words
 * (fcgi/domain/task_search.c after utf8_fold), over the scripted database
 * of fake_db.c.  The expectations come from the search rule (docs/API.md,
 * "Tìm kiếm"): utf8mb4_unicode_520_ci's LIKE takes U+0020, U+00A0,
 * U+2000..U+200A, U+202F, U+205F and U+3000 for one space (MariaDB's own
 * answer, test_141_search_spaces), so a query written with any of them
 * must ask the index exactly what the same query with ASCII spaces asks;
 * U+1680, U+2028 or a zero-width space are not spaces to it, and stay
 * inside a word.
 */
#include "fake_db.h"

#include <stdint.h>
#include <stdio.h>

#include "fcgi/base/utf8.h"
#include "fcgi/domain/task_search.h"

static struct arena *arena;

/* The collation's spaces and the fold's own (tab, LF, CR), as UTF-8. */
static const char *const spaces[] = {" ", "\t", "\n", "\r", "\xc2\xa0",
    "\xe2\x80\x80", "\xe2\x80\x81", "\xe2\x80\x82", "\xe2\x80\x83",
    "\xe2\x80\x84", "\xe2\x80\x85", "\xe2\x80\x86", "\xe2\x80\x87",
    "\xe2\x80\x88", "\xe2\x80\x89", "\xe2\x80\x8a", "\xe2\x80\xaf",
    "\xe2\x81\x9f", "\xe3\x80\x80"};
/* White space or invisible to Unicode, but not a space to the rule. */
static const char *const others[] = {"\xe1\x9a\x80", "\xe1\xa0\x8e",
    "\xe2\x80\xa8", "\xe2\x80\xa9", "\xe2\x80\x8b", "\xe2\x80\x8d",
    "\xe2\x81\xa0", "\xef\xbb\xbf"};

/*
 * Folds q as the list does, then plans it; n statements of postings
 * answered (each the task 7), and before the one numbered cross (SIZE_MAX:
 * none) the count of a pair 2's crossings, answered pairs.
 */
static struct task_search
plan_crossing(const char *q, size_t n, size_t cross, const char *pairs)
{
	static const char *const row[] = {"7"};
	struct task_search ts;
	char folded[512];
	size_t i;

	assert_true(strlen(q) < sizeof(folded));
	utf8_fold(q, strlen(q), folded);
	for (i = 0; i < n; i++) {
		if (i == cross)
			fake_row(
			    fake_answer("search_suffixes WHERE suffix LIKE ? "
			                "LIMIT ?) sa) *"),
			    1, &pairs);
		fake_row(fake_answer("w.task_id"), 1, row);
	}
	assert_int_equal(
	    task_search_candidates(arena, folded, TASK_SEARCH_MAX, &ts), NV_OK);
	assert_int_equal(fake.nlog, n + (cross < n));
	return ts;
}

static struct task_search
plan_of(const char *q, size_t n)
{
	return plan_crossing(q, n, SIZE_MAX, NULL);
}

/* The statements' parameters, one line each, for comparing two plans. */
static void
params(char *out, size_t size)
{
	size_t i, k, o = 0;
	int w;

	out[0] = '\0';
	for (i = 0; i < fake.nlog; i++)
		for (k = 0; k < fake.log[i].n; k++) {
			w = snprintf(out + o, size - o,
			    "%zu/%zu %d %lld [%s]\n", i, k,
			    (int)fake.log[i].p[k].type,
			    (long long)fake.log[i].p[k].i, fake.log[i].p[k].s);
			assert_true(w > 0 && (size_t)w < size - o);
			o += (size_t)w;
		}
}

static void
test_three_words_at_every_space(void **state)
{
	char want[2048], got[2048], q[128];
	struct task_search ts;
	size_t i;

	(void)state;
	/* "cong du lieu": the pairs ..cong du (from its words: a word with
	 * the suffix "cong", migration 0044, and "du") and du lieu.., two
	 * statements. */
	ts = plan_crossing("Cổng dữ liệu", 2, 1, "1");
	assert_int_equal(ts.n, 1);
	assert_string_equal(ts.ids.p, "[7]");
	params(want, sizeof(want));
	assert_non_null(strstr(want, "[du lieu%]"));
	assert_non_null(strstr(want, "[cong]"));
	assert_non_null(strstr(want, "[du]"));
	for (i = 0; i < NELEM(spaces); i++) {
		fake_setup(NULL);
		snprintf(q, sizeof(q), "%sCổng%sdữ%s%sliệu%s", spaces[i],
		    spaces[i], spaces[i], spaces[i], spaces[i]);
		ts = plan_crossing(q, 2, 1, "1");
		params(got, sizeof(got));
		assert_string_equal(got, want);
		assert_string_equal(ts.ids.p, "[7]");
	}
}

/*
 * Pair 2 of "a c" looked up 1,584 x 1,591 pairs at 146,449 tasks (4.8 s,
 * past the statement's timeout): over PAIR_CROSSING (16,384) of them the
 * slot is left out, its postings never read, and the other slot narrows
 * alone.
 */
static void
test_a_pair_of_too_many_words_is_left_out(void **state)
{
	struct task_search ts;

	(void)state;
	fake_row(fake_answer("w.task_id"), 1, (const char *const[]){"7"});
	fake_row(
	    fake_answer("search_suffixes WHERE suffix LIKE ? LIMIT ?) sa) *"),
	    1, (const char *const[]){"16385"});
	assert_int_equal(
	    task_search_candidates(arena, "cong du lieu", TASK_SEARCH_MAX, &ts),
	    NV_OK);
	assert_int_equal(fake.nlog, 2);
	assert_string_equal(ts.ids.p, "[7]");
	/* 16,384 are still looked up: its postings are read. */
	fake_setup(NULL);
	ts = plan_crossing("Cổng dữ liệu", 2, 1, "16384");
	assert_string_equal(ts.ids.p, "[7]");
	assert_non_null(strstr(fake.log[2].sql, "CONCAT(sa.word"));
}

static void
test_not_a_space_stays_in_the_word(void **state)
{
	char q[128], pat[128], got[2048];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(others); i++) {
		fake_setup(NULL);
		snprintf(q, sizeof(q), "Cổng%sdữ", others[i]);
		plan_of(q, 1); /* one word: one statement */
		params(got, sizeof(got));
		/* A word's fragment, read on its suffixes (0044). */
		snprintf(pat, sizeof(pat), "[cong%sdu%%]", others[i]);
		assert_non_null(strstr(got, pat));
		assert_non_null(strstr(fake.log[0].sql, "search_suffixes"));
		assert_null(strstr(fake.log[0].sql, "pair"));
	}
}

static void
test_only_spaces_is_no_search(void **state)
{
	struct task_search ts;
	char q[64];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(spaces); i++) {
		fake_setup(NULL);
		snprintf(q, sizeof(q), "%s%s", spaces[i], spaces[i]);
		ts = plan_of(q, 0);
		assert_null(ts.ids.p); /* no word: the index cannot narrow */
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_three_words_at_every_space, fake_setup),
	    cmocka_unit_test_setup(
	        test_a_pair_of_too_many_words_is_left_out, fake_setup),
	    cmocka_unit_test_setup(
	        test_not_a_space_stays_in_the_word, fake_setup),
	    cmocka_unit_test_setup(test_only_spaces_is_no_search, fake_setup),
	};
	int rc;

	arena = arena_new(16 << 20);
	fake_use_arena(arena);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	fake_reset();
	arena_free(arena);
	return rc;
}
