/* SPDX-License-Identifier: ISC */
/*
 * The domain's words are written once in C (auth/policy.c, for states,
 * actions and kinds; fcgi/domain/vocab.c for the rest) and once more in
 * the SQL ENUMs and SETs of schema/migrations/.  This test reads the
 * migrations and checks that both say the same, in the same order (the
 * order is the one MariaDB sorts and stores by).  Run from the top of the
 * tree, as `make check-unit` does.
 */
#include "unit.h"

#include <dirent.h>
#include <stdio.h>

#include "auth/policy.h"
#include "fcgi/domain/indicator.h"
#include "fcgi/domain/milestone.h"
#include "fcgi/domain/attachment.h"
#include "fcgi/domain/round.h"
#include "fcgi/domain/task.h"
#include "fcgi/domain/vocab.h"

static char sql[1 << 18];

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Every migration, in the order migrate.sh applies them. */
static int
load(void **state)
{
	char *names[64], path[512];
	struct dirent *e;
	size_t n = 0, i, o = 0, r;
	DIR *d;
	FILE *f;

	(void)state;
	if ((d = opendir("schema/migrations")) == NULL)
		return -1;
	while ((e = readdir(d)) != NULL && n < NELEM(names))
		if (strstr(e->d_name, ".sql") != NULL)
			names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, n, sizeof(names[0]), by_name);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "schema/migrations/%s", names[i]);
		if ((f = fopen(path, "r")) != NULL) {
			r = fread(sql + o, 1, sizeof(sql) - 1 - o, f);
			o += r;
			fclose(f);
		}
		free(names[i]);
	}
	sql[o] = '\0';
	return o > 0 ? 0 : -1;
}

/*
 * The quoted values of column's ENUM(...) or SET(...) in table's CREATE
 * TABLE, or in a later ALTER TABLE table MODIFY column; *n of them.
 */
static void
values(const char *table, const char *column, char out[][64], size_t *n)
{
	char head[128], alter[128], col[128];
	const char *p, *end, *q, *best = NULL;

	snprintf(head, sizeof(head), "CREATE TABLE IF NOT EXISTS %s (", table);
	snprintf(alter, sizeof(alter), "MODIFY %s ", column);
	snprintf(col, sizeof(col), "\n\t%s\t", column);
	p = strstr(sql, head);
	assert_non_null(p);
	end = strstr(p, "ENGINE=");
	q = strstr(p, col);
	if (q != NULL && q < end)
		best = q;
	for (q = sql; (q = strstr(q, alter)) != NULL; q++)
		best = q;
	assert_non_null(best);
	p = strchr(best, '(');
	end = strchr(p, ')');
	*n = 0;
	while ((p = strchr(p, '\'')) != NULL && p < end) {
		q = strchr(p + 1, '\'');
		snprintf(out[*n], 64, "%.*s", (int)(q - p - 1), p + 1);
		(*n)++;
		p = q + 1;
	}
}

static void
same(const char *table, const char *column, const char *const *c, size_t nc)
{
	char v[32][64];
	size_t n, i;

	values(table, column, v, &n);
	if (n != nc)
		fail_msg(
		    "%s.%s: %zu values in SQL, %zu in C", table, column, n, nc);
	for (i = 0; i < n; i++)
		if (strcmp(v[i], c[i]) != 0)
			fail_msg("%s.%s[%zu]: SQL '%s', C '%s'", table, column,
			    i, v[i], c[i]);
}

static void
test_sql_says_what_c_says(void **state)
{
	(void)state;
	same("tasks", "kind", policy_task_kind_names, TK__MAX);
	same("tasks", "status", policy_task_state_names, TS__MAX);
	same("tasks", "fields", vocab_fields, VOCAB_NFIELDS);
	same("tasks", "progress_health", vocab_health, VOCAB_NHEALTH);
	same("reports", "health", vocab_health, VOCAB_NHEALTH);
	same("reports", "status", policy_report_state_names, RS__MAX);
	same("indicators", "unit", indicator_unit_names, IU__MAX);
	same("indicators", "direction", indicator_direction_names, ID__MAX);
	same("indicators", "frequency", indicator_frequency_names, IF__MAX);
	same("indicators", "fields", vocab_fields, VOCAB_NFIELDS);
	same("indicators", "status", policy_indicator_state_names, IS__MAX);
	same("indicator_values", "status", policy_report_state_names, RS__MAX);
	same("proposals", "status", policy_proposal_state_names, PS__MAX);
	same("agencies", "kind", round_kind_names, ROUND_NKINDS);
	same("registration_rounds", "kinds", round_kind_names, ROUND_NKINDS);
	same("registration_rounds", "status", policy_round_state_names,
	    RND__MAX);
	same("programmes", "status", policy_programme_state_names, PG__MAX);
	same(
	    "task_milestones", "status", policy_milestone_state_names, MS__MAX);
	same("task_milestones", "kind", milestone_kind_names, MK__MAX);
	same("attachments", "status", policy_attachment_state_names, ATS__MAX);
	same("attachments", "target", attachment_target_names, AT__MAX);
	same("delegations", "status", policy_delegation_state_names, DS__MAX);
	same("report_contributions", "status", policy_report_state_names,
	    RS__MAX);
}

/* TASK_OPEN_SQL lists exactly the states that are not final, in order. */
static void
test_open_states_in_sql(void **state)
{
	char want[256] = "(";
	int st;

	(void)state;
	for (st = 0; st < TS__MAX; st++)
		if (!policy_task_final((enum task_state)st))
			snprintf(want + strlen(want),
			    sizeof(want) - strlen(want), "%s'%s'",
			    strlen(want) > 1 ? ", " : "",
			    policy_task_state_names[st]);
	strcat(want, ")");
	assert_string_equal(TASK_OPEN_SQL, want);
	assert_true(policy_task_final(TS_COMPLETED));
	assert_true(policy_task_final(TS_CANCELLED));
	assert_false(policy_task_final(TS_IN_PROGRAM));
}

static void
test_years(void **state)
{
	(void)state;
	assert_true(vocab_year_ok(unit_s("2000-01-01")));
	assert_true(vocab_year_ok(unit_s("2100-12-31")));
	assert_false(vocab_year_ok(unit_s("1999-12-31")));
	assert_false(vocab_year_ok(unit_s("2101-01-01")));
	assert_false(vocab_year_ok(unit_s("20x1")));
	assert_false(vocab_year_ok(STR_NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sql_says_what_c_says),
	    cmocka_unit_test(test_open_states_in_sql),
	    cmocka_unit_test(test_years),
	};

	return cmocka_run_group_tests(tests, load, NULL);
}
