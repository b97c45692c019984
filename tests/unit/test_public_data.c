/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for the public progress page's data (fcgi/domain/public_data.c),
 * over the scripted database of fake_db.c.  The expected answers come from
 * issue 14 (accepted tasks per committee, counts per agency, no budget
 * unless asked for) and the contract's outcome categories, not from the
 * code: a committee holds its own agencies' tasks, each agency's counts add
 * up, and nothing is dropped or misfiled.
 */
#include "fake_db.h"

#include <stdio.h>

#include "fcgi/domain/public_data.h"
#include "fcgi/domain/task.h"

static struct arena *arena;

struct cell {
	const char *member, *value;
};

/*
 * A row of "{cols}" of task_record: each member its value in cells, else
 * a neutral one (0, "" or NULL).  Ordered as record_sql() writes them.
 */
static void
task_row(struct fake_answer *a, const struct cell *cells, size_t n)
{
	const char *row[FAKE_COLS];
	size_t i, j, c = 0;

	for (i = 0; i < task_record.nm; i++) {
		const struct member *m = &task_record.m[i];

		if (m->select == NULL || (m->flags & M_NOSELECT))
			continue;
		assert_true(c < FAKE_COLS);
		switch (m->type) {
		case M_INT:
			row[c] = "0";
			break;
		case M_STATE:
			row[c] = "in_program";
			break;
		case M_ENUM:
			row[c] = m->names[0];
			break;
		case M_OPT_INT:
			row[c] = NULL;
			break;
		default:
			row[c] = strcmp(m->name, "name") == 0 ? "x" : NULL;
		}
		for (j = 0; j < n; j++)
			if (strcmp(cells[j].member, m->name) == 0)
				row[c] = cells[j].value;
		c++;
	}
	assert_int_equal(c, record_ncols(&task_record));
	fake_row(a, c, row);
}

#define ROW(...)                                                               \
	(const struct cell[]){__VA_ARGS__},                                    \
	    sizeof((const struct cell[]){__VA_ARGS__}) / sizeof(struct cell)

/* Two committees: the province's (two agencies) and one commune's. */
static void
script(void)
{
	struct fake_answer *a = fake_answer("FROM agencies a JOIN committees");
	struct fake_answer *t, *ind;

	fake_row(a, 5,
	    (const char *[]){"TINH", "Ban Chỉ đạo tỉnh", "province", "SKHCN",
	        "Sở Khoa học và Công nghệ"});
	fake_row(a, 5,
	    (const char *[]){
	        "TINH", "Ban Chỉ đạo tỉnh", "province", "SYT", "Sở Y tế"});
	fake_row(a, 5,
	    (const char *[]){"XHN", "Ban Chỉ đạo xã Hưng Nguyên", "commune",
	        "UBXHN", "Ủy ban nhân dân xã Hưng Nguyên"});
	t = fake_answer("FROM tasks t JOIN agencies a");
	/* Past its deadline, not completed: overdue; 40 % reported. */
	task_row(
	    t, ROW({"id", "1"}, {"name", "Cơ sở dữ liệu đất đai"},
	           {"lead_agency", "SKHCN"}, {"status", "in_program"},
	           {"deadline", "2000-03-31"},
	           {"responsible_person", "Nguyễn Văn An"},
	           {"estimated_budget", "1500000000"},
	           {"progress_period", "2000-02"}, {"progress_percent", "40"}));
	/* Completed after the yardstick: done late. */
	task_row(t,
	    ROW({"id", "2"}, {"name", "Một cửa điện tử"},
	        {"lead_agency", "SKHCN"}, {"status", "completed"},
	        {"deadline", "2000-01-31"}, {"yardstick", "2000-01-31"},
	        {"completed_at", "2000-02-15"}, {"progress_period", "2000-02"},
	        {"progress_percent", "100"}));
	/* Not yet due: in progress, no report. */
	task_row(t, ROW({"id", "3"}, {"name", "Bệnh án điện tử"},
	                {"lead_agency", "SYT"}, {"status", "in_program"},
	                {"deadline", "2999-12-31"}));
	/* The commune's, completed on time. */
	task_row(t, ROW({"id", "4"}, {"name", "Chữ ký số cho người dân"},
	                {"lead_agency", "UBXHN"}, {"status", "completed"},
	                {"deadline", "2000-06-30"}, {"yardstick", "2000-06-30"},
	                {"completed_at", "2000-06-01"},
	                {"estimated_budget", "5000000"}));
	ind = fake_answer("FROM indicators i");
	fake_row(ind, 11,
	    (const char *[]){"CKS-XHN", "Tỷ lệ người lớn có chữ ký số",
	        "percent", "higher", "UBXHN", "12.5", "2025", "50",
	        "2026-12-31", "31.25", "2026-10"});
}

static void
test_tasks_go_to_their_lead_agencys_committee(void **state)
{
	struct pub_data d;

	(void)state;
	script();
	assert_int_equal(public_load(arena, false, &d), NV_OK);
	assert_int_equal(d.ncommittees, 2);
	assert_str_eq(d.committees[0].code, "TINH");
	assert_str_eq(d.committees[1].level, "commune");
	assert_int_equal(d.committees[0].nagency, 2);
	assert_int_equal(d.committees[1].first_agency, 2);
	assert_int_equal(d.committees[0].ntasks, 3);
	assert_int_equal(d.committees[1].ntasks, 1);
	assert_int_equal(d.ntasks, 4);
	assert_false(d.truncated);
	assert_int_equal(d.tasks[2].agency, 1); /* SYT */
	assert_int_equal(d.tasks[3].agency, 2); /* the commune's body */
	assert_int_equal(d.agencies[d.tasks[3].agency].committee, 1);
	assert_int_equal(d.nindicators, 1);
	assert_int_equal(d.indicators[0].agency, 2);
	assert_int_equal(d.committees[1].nindicators, 1);
	assert_str_eq(d.indicators[0].target, "50");
	assert_str_eq(d.indicators[0].actual, "31.25");
	/* The three queries name the same order, committee first. */
	assert_non_null(strstr(fake_find("FROM tasks t JOIN")->sql,
	    "ORDER BY c.level, c.position, c.code, a.position"));
	assert_non_null(strstr(fake_find("FROM indicators i")->sql,
	    "ORDER BY c.level, c.position, c.code, a.position"));
}

static void
test_outcomes_and_counts_per_agency(void **state)
{
	struct pub_data d;
	const struct pub_agency *skhcn, *syt, *xa;

	(void)state;
	script();
	assert_int_equal(public_load(arena, false, &d), NV_OK);
	assert_string_equal(d.tasks[0].outcome, "overdue");
	assert_string_equal(d.tasks[1].outcome, "done_late");
	assert_string_equal(d.tasks[2].outcome, "in_progress");
	assert_string_equal(d.tasks[3].outcome, "done_on_time");
	assert_string_equal(
	    public_outcome_vi(d.tasks[0].outcome), "Quá hạn, chưa hoàn thành");
	assert_string_equal(public_status_vi(d.tasks[1].status), "Hoàn thành");
	skhcn = &d.agencies[0];
	syt = &d.agencies[1];
	xa = &d.agencies[2];
	assert_int_equal(skhcn->accepted, 2);
	assert_int_equal(skhcn->overdue, 1);
	assert_int_equal(skhcn->done_late, 1);
	assert_int_equal(skhcn->completed, 1);
	assert_int_equal(skhcn->percent_n, 2);
	assert_int_equal(skhcn->percent_sum, 140);
	assert_int_equal(syt->accepted, 1);
	assert_int_equal(syt->in_progress, 1);
	assert_int_equal(syt->percent_n, 0);
	assert_int_equal(xa->done_on_time, 1);
	assert_int_equal(d.tasks[0].progress_percent, 40);
	assert_str_eq(d.tasks[0].progress_period, "2000-02");
	assert_null(d.tasks[2].progress_period.p);
}

static void
test_budget_only_when_asked(void **state)
{
	struct pub_data d;

	(void)state;
	script();
	assert_int_equal(public_load(arena, false, &d), NV_OK);
	assert_false(d.tasks[0].budget.set);
	assert_false(d.tasks[3].budget.set);
	fake_reset();
	arena_reset(arena);
	script();
	assert_int_equal(public_load(arena, true, &d), NV_OK);
	assert_true(d.tasks[0].budget.set);
	assert_int_equal(d.tasks[0].budget.v, 1500000000);
	assert_true(d.tasks[3].budget.set);
	assert_false(d.tasks[1].budget.set); /* none given */
}

static void
test_only_accepted_tasks_are_asked_for(void **state)
{
	struct pub_data d;
	const char *sql;

	(void)state;
	script();
	assert_int_equal(public_load(arena, false, &d), NV_OK);
	sql = fake_find("FROM tasks t JOIN")->sql;
	assert_non_null(
	    strstr(sql, "WHERE t.status IN ('in_program', 'completed')"));
	/* No personal column is read but the task's own (for the outcome). */
	assert_null(strstr(fake_find("FROM agencies a JOIN")->sql, "display"));
	assert_null(strstr(fake_find("FROM indicators i")->sql, "created_by"));
	assert_null(strstr(fake_find("FROM indicators i")->sql, "notes"));
}

static void
test_a_database_failure_is_passed_up(void **state)
{
	struct pub_data d;
	struct fake_answer *a;

	(void)state;
	a = fake_answer("FROM agencies a JOIN committees");
	fake_row(a, 5,
	    (const char *[]){"TINH", "Ban Chỉ đạo tỉnh", "province", "SKHCN",
	        "Sở Khoa học và Công nghệ"});
	fake_answer("FROM tasks t JOIN agencies a")->rc = NV_EDBDOWN;
	assert_int_equal(public_load(arena, false, &d), NV_EDBDOWN);
	fake_reset();
	fake_answer("FROM agencies a JOIN committees")->rc = NV_EDBDOWN;
	assert_int_equal(public_load(arena, false, &d), NV_EDBDOWN);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(
	        test_tasks_go_to_their_lead_agencys_committee, fake_setup),
	    cmocka_unit_test_setup(
	        test_outcomes_and_counts_per_agency, fake_setup),
	    cmocka_unit_test_setup(test_budget_only_when_asked, fake_setup),
	    cmocka_unit_test_setup(
	        test_only_accepted_tasks_are_asked_for, fake_setup),
	    cmocka_unit_test_setup(
	        test_a_database_failure_is_passed_up, fake_setup),
	};
	int rc;

	/* public_load() sets aside room for PUBLIC_TASKS_MAX tasks. */
	arena = arena_new(16 << 20);
	fake_use_arena(arena);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	fake_reset();
	arena_free(arena);
	return rc;
}
