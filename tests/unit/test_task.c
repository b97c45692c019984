/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for fcgi/task.c (overdue, outcome, the caller's relation) and
 * the search folding of fcgi/utf8.c.
 */
#include "unit.h"

#include "auth/sess.h"
#include "fcgi/domain/task.h"
#include "fcgi/base/utf8.h"

static struct task
mk(enum task_state st, const char *deadline, const char *orig,
    const char *completed)
{
	struct task t;

	memset(&t, 0, sizeof(t));
	t.status = st;
	t.deadline = unit_s(deadline);
	t.original_deadline = unit_s(orig);
	t.completed_at = unit_s(completed);
	t.lead_agency = unit_s("SKHCN");
	t.coords = unit_s("SNV,STC");
	return t;
}

static void
test_overdue(void **state)
{
	struct task t;

	(void)state;
	t = mk(TS_IN_PROGRAM, "2026-11-22", NULL, NULL);
	assert_true(task_overdue(&t, "2026-11-23"));
	t = mk(TS_IN_PROGRAM, "2026-11-23", NULL, NULL);
	assert_false(task_overdue(&t, "2026-11-23")); /* due today */
	t = mk(TS_DRAFT, "2025-12-31", NULL, NULL);
	assert_true(task_overdue(&t, "2026-01-01"));
	t = mk(TS_COMPLETED, "2025-12-31", NULL, "2026-02-01");
	assert_false(task_overdue(&t, "2026-11-23"));
	t = mk(TS_CANCELLED, "2025-12-31", NULL, NULL);
	assert_false(task_overdue(&t, "2026-11-23"));
	t = mk(TS_IN_PROGRAM, NULL, NULL, NULL);
	assert_false(task_overdue(&t, "2026-11-23"));
}

static void
test_outcome(void **state)
{
	struct task t;

	(void)state;
	t = mk(TS_DRAFT, "2026-01-31", NULL, NULL);
	assert_null(task_outcome(&t, "2026-11-23"));
	t = mk(TS_APPROVED, "2026-01-31", NULL, NULL);
	assert_null(task_outcome(&t, "2026-11-23"));
	t = mk(TS_CANCELLED, "2026-01-31", "2026-01-31", NULL);
	assert_null(task_outcome(&t, "2026-11-23"));
	t = mk(TS_IN_PROGRAM, "2026-01-31", "2026-01-31", NULL);
	assert_string_equal(task_outcome(&t, "2026-11-23"), "overdue");
	assert_string_equal(task_outcome(&t, "2026-01-31"), "in_progress");
	t = mk(TS_COMPLETED, "2026-01-31", "2026-01-31", "2026-01-31");
	assert_string_equal(task_outcome(&t, "2026-11-23"), "done_on_time");
	t = mk(TS_COMPLETED, "2026-01-31", "2026-01-31", "2026-02-01");
	assert_string_equal(task_outcome(&t, "2026-11-23"), "done_late");
	/* Extended before completion: late against the accepted deadline
	 * stays late. */
	t = mk(TS_COMPLETED, "2026-06-30", "2026-01-31", "2026-03-01");
	assert_string_equal(task_outcome(&t, "2026-11-23"), "done_late");
	/* Brought forward and met. */
	t = mk(TS_COMPLETED, "2026-01-15", "2026-01-31", "2026-01-10");
	assert_string_equal(task_outcome(&t, "2026-11-23"), "done_on_time");
	/* Brought forward and missed, though within the original. */
	t = mk(TS_COMPLETED, "2026-01-15", "2026-01-31", "2026-01-20");
	assert_string_equal(task_outcome(&t, "2026-11-23"), "done_late");
	t = mk(TS_COMPLETED, NULL, NULL, "2026-01-20");
	assert_string_equal(task_outcome(&t, "2026-11-23"), "done_on_time");
}

/*
 * Issue 15: completion is judged against the yardstick.  Extended before
 * the deadline passed (yardstick = the new deadline): done by it is on
 * time, even after the accepted deadline.  Extended after it had passed
 * (yardstick = the passed deadline): late, whatever the new deadline.
 */
static void
test_yardstick(void **state)
{
	struct task t;

	(void)state;
	t = mk(TS_COMPLETED, "2026-06-30", "2026-01-31", "2026-03-01");
	t.yardstick = unit_s("2026-06-30");
	assert_string_equal(task_outcome(&t, "2026-11-23"), "done_on_time");
	t.completed_at = unit_s("2026-07-01");
	assert_string_equal(task_outcome(&t, "2026-11-23"), "done_late");
	t = mk(TS_COMPLETED, "2026-06-30", "2026-01-31", "2026-03-01");
	t.yardstick = unit_s("2026-01-31");
	assert_string_equal(task_outcome(&t, "2026-11-23"), "done_late");
	t.completed_at = unit_s("2026-01-31");
	assert_string_equal(task_outcome(&t, "2026-11-23"), "done_on_time");
	/* Overdue is always the deadline in force. */
	t = mk(TS_IN_PROGRAM, "2026-12-31", "2026-01-31", NULL);
	t.yardstick = unit_s("2026-01-31");
	assert_string_equal(task_outcome(&t, "2026-11-23"), "in_progress");
}

static void
test_relation(void **state)
{
	struct task t = mk(TS_DRAFT, NULL, NULL, NULL);
	struct user u;

	(void)state;
	memset(&u, 0, sizeof(u));
	u.agency_code = "SKHCN";
	assert_int_equal(task_rel_of(&t, &u), REL_LEAD);
	u.agency_code = "STC";
	assert_int_equal(task_rel_of(&t, &u), REL_COORD);
	u.agency_code = "SN"; /* a prefix of SNV is not SNV */
	assert_int_equal(task_rel_of(&t, &u), REL_NONE);
	u.agency_code = "SKHC";
	assert_int_equal(task_rel_of(&t, &u), REL_NONE);
	u.agency_code = NULL;
	assert_int_equal(task_rel_of(&t, &u), REL_NONE);
	t.coords = unit_s("");
	u.agency_code = "SNV";
	assert_int_equal(task_rel_of(&t, &u), REL_NONE);
}

static void
check_fold(const char *in, const char *want)
{
	char out[256];
	size_t n = utf8_fold(in, strlen(in), out);

	assert_int_equal(n, strlen(want));
	assert_string_equal(out, want);
}

static void
test_fold(void **state)
{
	(void)state;
	check_fold("Chuyển đổi số", "chuyen doi so");
	check_fold("ĐỔI MỚI SÁNG TẠO", "doi moi sang tao");
	/* Every Vietnamese vowel with every tone. */
	check_fold("àáảãạăằắẳẵặâầấẩẫậ", "aaaaaaaaaaaaaaaaa");
	check_fold("èéẻẽẹêềếểễệ", "eeeeeeeeeee");
	check_fold("ìíỉĩị òóỏõọôồốổỗộơờớởỡợ", "iiiii ooooooooooooooooo");
	check_fold("ùúủũụưừứửữự ỳýỷỹỵ", "uuuuuuuuuuu yyyyy");
	check_fold("ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", "aaaaaaaaaaaaaaaaa");
	check_fold("Đđ", "dd");
	/* Decomposed input (combining marks) folds the same. */
	check_fold("co\xcc\x81 so\xcc\x89", "co so");
	check_fold("  nhiều   khoảng\t trắng ", "nhieu khoang trang");
	check_fold("Kế hoạch 57-NQ/TW", "ke hoach 57-nq/tw");
	check_fold("中文", "中文");
	check_fold("", "");
	check_fold("   ", "");
	/* Issue 8 follow-up: every code point the search's collation takes
	 * for a space is one, runs of them one, none at the edges. */
	check_fold("C\u1ed5ng\u00a0d\u1eef\u3000li\u1ec7u", "cong du lieu");
	check_fold("\u00a0 a\u2000\u200a b\u202f"
	           "c\u205f\u2007d \u3000",
	    "a b c d");
	/* Not spaces to it: U+1680, U+2028, zero-width space, BOM. */
	check_fold(
	    "A\u1680B\u2028C\u200bD\ufeff", "a\u1680b\u2028c\u200bd\ufeff");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_overdue),
	    cmocka_unit_test(test_outcome),
	    cmocka_unit_test(test_yardstick),
	    cmocka_unit_test(test_relation),
	    cmocka_unit_test(test_fold),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
