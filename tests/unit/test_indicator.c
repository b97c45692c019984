/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for indicators (fcgi/domain/indicator.c) on the write path,
 * over the scripted database of fake_db.c.  The expected answers come
 * from issue 13 ("the secretariat defines and edits indicators, audited;
 * everyone who can see the dashboard can read them") and from the
 * conclusion notice's figures (96.65 %, 98.73 %), not from the rule rows.
 */
#include "fake_db.h"

#include <stdio.h>

#include "fcgi/base/clock.h"

#include "auth/sess.h"
#include "fcgi/domain/indicator.h"
#include "fcgi/domain/indicator_value.h"
#include "fcgi/domain/wf.h"

#define O ROLE_BIT(ROLE_OFFICIAL)
#define H ROLE_BIT(ROLE_HEAD)
#define S ROLE_BIT(ROLE_SECRETARIAT)
#define L ROLE_BIT(ROLE_LEADERSHIP)

static const struct user official = {
    "cb.skhcn", "Nguyễn Văn An", NULL, NULL, "SKHCN", NULL, O};
static const struct user head = {
    "gd.skhcn", "Trần Thị Bình", NULL, NULL, "SKHCN", NULL, O | H};
static const struct user other_official = {
    "cb.syt", "Đặng Thị Giang", NULL, NULL, "SYT", NULL, O};
static const struct user other_head = {
    "gd.syt", "Bùi Văn Hải", NULL, NULL, "SYT", NULL, O | H};
static const struct user leadership = {
    "ld.bcd", "Đỗ Văn Khánh", NULL, NULL, "VPTU", NULL, L};
static const struct user secretariat = {
    "tt.bcd", "Ngô Thị Hương", NULL, NULL, "SKHCN", NULL, O | S};

static struct arena *arena;

/* --- values and periods ------------------------------------------------- */

static void
value_is(enum indicator_unit u, const char *in, const char *want)
{
	struct str out = STR_NULL;
	const char *msg = NULL;
	enum nv_err rc =
	    indicator_value_check(arena, u, unit_s(in), &out, &msg);

	if (want == NULL) {
		if (rc != NV_EINVAL)
			fail_msg(
			    "'%s' accepted as '%.*s'", in, (int)out.len, out.p);
		assert_non_null(msg);
		return;
	}
	if (rc != NV_OK)
		fail_msg("'%s' refused: %s", in, msg);
	assert_str_eq(out, want);
}

static void
test_values_have_one_spelling(void **state)
{
	(void)state;
	/* The notice's figures, read back as written. */
	value_is(IU_PERCENT, "96.65", "96.65");
	value_is(IU_PERCENT, "098.730", "98.73");
	value_is(IU_PERCENT, "100", "100");
	value_is(IU_PERCENT, "100.00", "100");
	value_is(IU_PERCENT, "0", "0");
	value_is(IU_PERCENT, "0.5", "0.5");
	value_is(IU_COUNT, "11", "11");
	value_is(IU_COUNT, "11.0", "11");
	value_is(IU_MONEY, "1000000000000000", "1000000000000000");
	/* Out of the unit's range, or not a plain decimal. */
	value_is(IU_PERCENT, "100.01", NULL);
	value_is(IU_PERCENT, "101", NULL);
	value_is(IU_PERCENT, "96.655", NULL);
	value_is(IU_COUNT, "10.5", NULL);
	value_is(IU_MONEY, "12345678901234567", NULL);
	value_is(IU_PERCENT, "-1", NULL);
	value_is(IU_PERCENT, "96,65", NULL);
	value_is(IU_PERCENT, "1e2", NULL);
	value_is(IU_PERCENT, ".5", NULL);
	value_is(IU_PERCENT, "5.", NULL);
	value_is(IU_PERCENT, "", NULL);
}

static void
test_periods(void **state)
{
	static const char *const ok[] = {"2024", "2025-12", "2026-Q1"};
	static const char *const bad[] = {"24", "2025-13", "2025-00", "2026-Q5",
	    "2026-q1", "1999", "2026/01", "2026-1"};
	const char *msg;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(ok); i++)
		assert_int_equal(
		    indicator_period_check(unit_s(ok[i]), &msg), NV_OK);
	for (i = 0; i < NELEM(bad); i++)
		if (indicator_period_check(unit_s(bad[i]), &msg) != NV_EINVAL)
			fail_msg("period '%s' accepted", bad[i]);
}

/* --- rows and inputs ---------------------------------------------------- */

struct kv {
	const char *k, *v;
};

static const struct kv def[] = {{"id", "7"}, {"code", "HS-DUNG-HAN"},
    {"name", "Hồ sơ giải quyết đúng hạn"}, {"unit", "percent"},
    {"direction", "higher"}, {"frequency", "month"}, {"agency", "SKHCN"},
    {"fields", "admin_reform"}, {"baseline_value", "96.65"},
    {"baseline_period", "2024"}, {"targets", "2026-12-31=99"}, {"tasks", "1"},
    {"survey_source", ""}, {"tolerance", "0"}, {"notes", ""},
    {"status", "active"}, {"version", "3"}, {"created_by", "tt.bcd"},
    {"created_at", "2026-01-05T00:00:00Z"},
    {"updated_at", "2026-01-05T00:00:00Z"}, {NULL, NULL}};

/* A row of d's "{cols}" answering the statement that contains match. */
static void
row_of(const struct record_desc *d, const char *match, const struct kv *dflt,
    const struct kv *set)
{
	const char *cells[FAKE_COLS];
	const struct kv *p;
	size_t i, k = 0;

	for (i = 0; i < d->nm; i++) {
		cells[k] = NULL;
		for (p = dflt; p->k != NULL; p++)
			if (strcmp(p->k, d->m[i].name) == 0)
				cells[k] = p->v;
		for (p = set; p != NULL && p->k != NULL; p++)
			if (strcmp(p->k, d->m[i].name) == 0)
				cells[k] = p->v;
		k++;
	}
	fake_row(fake_answer(match), k, cells);
}

/* The indicator as the write path loads it, locked. */
static void
indicator_row(const struct kv *set)
{
	row_of(&indicator_record, "FROM indicators x WHERE x.id = ? FOR UPDATE",
	    def, set);
}

/* What a test sends: members and extras by name; "null" is null, a list's
 * items are separated by '|'. */
struct input {
	const struct kv *kv;
	int reads;
};

static enum nv_err
input_read(void *ctx, const struct record_desc *d, unsigned op, struct fval *v)
{
	struct input *in = ctx;
	const struct kv *p;
	struct fval *f;
	const char *s, *bar;
	int i, e;

	in->reads++;
	for (p = in->kv; p->k != NULL; p++) {
		f = NULL;
		if ((i = record_member(d, p->k)) >= 0 && (d->m[i].flags & op)) {
			f = &v[i];
			if (d->m[i].in.type == F_INT && strcmp(p->v, "null"))
				f->i = atoll(p->v);
			if (d->m[i].in.type == F_LINES) {
				f->items =
				    arena_alloc(arena, 8 * sizeof(*f->items));
				for (s = p->v; *s != '\0'; s = bar + !!*bar) {
					bar = strchr(s, '|');
					bar = bar ? bar : s + strlen(s);
					f->items[f->nitems++] =
					    unit_sn(s, (size_t)(bar - s));
				}
			}
		}
		for (e = 0; e < WF__EXTRA; e++)
			if (strcmp(p->k, wf_extras[e].name) == 0 &&
			    (wf_extra_ops[e] & op)) {
				f = &v[d->nm + (size_t)e];
				f->i = atoll(p->v);
			}
		assert_non_null(f); /* the test sends only what op takes */
		f->present = true;
		f->is_null = strcmp(p->v, "null") == 0;
		f->s = f->is_null ? STR_NULL : unit_s(p->v);
	}
	return NV_OK;
}

enum op { CREATE, PATCH, ACT };

static enum nv_err
run_on(const struct record_desc *d, enum op op, const struct user *u,
    const struct kv *kv, struct actor *ac, int *reads)
{
	struct input in = {kv, 0};
	struct wf_input wi = {input_read, &in};
	int64_t id = 0;
	enum nv_err rc;

	*ac = (struct actor){u, arena, "127.0.0.1", "test", NULL, NULL};
	/* A value is created under indicator 7. */
	if (op == CREATE)
		rc = wf_create(ac, d, d == &indicator_record ? 0 : 7, &wi, &id);
	else if (op == PATCH)
		rc = wf_patch(ac, d, 7, &wi);
	else
		rc = wf_transition(ac, d, 7, &wi);
	if (reads != NULL)
		*reads = in.reads;
	return rc;
}

static enum nv_err
run(enum op op, const struct user *u, const struct kv *kv, struct actor *ac,
    int *reads)
{
	return run_on(&indicator_record, op, u, kv, ac, reads);
}

/* The audit row's parameters (fcgi/domain/audit.c's order). */
enum { AU_ACTION = 2, AU_TASK, AU_REPORT, AU_FROM, AU_TO, AU_RECORD = 11 };

/* --- who may write ----------------------------------------------------------
 */

static const struct kv new_one[] = {{"code", "hs-truc-tuyen"},
    {"name", "Hồ sơ trực tuyến toàn trình"}, {"unit", "percent"},
    {"agency", "skhcn"}, {"baseline_value", "85.750"},
    {"baseline_period", "2025"},
    {"targets", "2026-12-31=97.65|2025-12-31=85.75"}, {"tasks", "12|3"},
    {NULL, NULL}};

static void
test_only_the_secretariat_defines_indicators(void **state)
{
	const struct user *no[] = {
	    &official, &head, &other_official, &other_head, &leadership};
	struct actor ac;
	size_t i;
	int reads;

	(void)state;
	/* Refused before the body is read, and nothing written. */
	for (i = 0; i < NELEM(no); i++) {
		fake_setup(NULL);
		assert_int_equal(
		    run(CREATE, no[i], new_one, &ac, &reads), NV_EPERM);
		assert_int_equal(reads, 0);
		assert_int_equal(fake_count("INSERT"), 0);
	}
}

static void
test_create_writes_canonical_values_children_and_audit(void **state)
{
	const struct fake_log *ins, *au;
	struct actor ac;

	(void)state;
	fake_row(fake_answer("FROM agencies"), 1, (const char *[]){"SKHCN"});
	fake_answer("INSERT INTO indicators")->insert_id = 9;
	fake_answer("INSERT INTO indicator_targets");
	fake_answer("INSERT INTO indicator_targets");
	fake_answer("INSERT INTO indicator_tasks");
	fake_answer("INSERT INTO indicator_tasks");
	fake_answer("INSERT INTO audit");
	assert_int_equal(run(CREATE, &secretariat, new_one, &ac, NULL), NV_OK);
	ins = fake_find("INSERT INTO indicators");
	/* code, name, unit, direction, frequency, agency, fields, baseline
	 * value and period: upper-cased, defaulted, canonical. */
	assert_string_equal(ins->p[0].s, "HS-TRUC-TUYEN");
	assert_string_equal(ins->p[2].s, "percent");
	assert_string_equal(ins->p[3].s, "higher");
	assert_string_equal(ins->p[4].s, "month");
	assert_string_equal(ins->p[5].s, "SKHCN");
	assert_string_equal(ins->p[7].s, "85.75");
	/* Targets in date order, one row per year. */
	assert_int_equal(fake_count("INSERT INTO indicator_targets"), 2);
	assert_string_equal(
	    fake_find("INSERT INTO indicator_targets")->p[1].s, "2025");
	assert_string_equal(
	    fake_find("INSERT INTO indicator_targets")->p[3].s, "85.75");
	assert_int_equal(fake_find("INSERT INTO indicator_tasks")->p[1].i, 3);
	/* Audited by its own id, in no task's history. */
	au = fake_find("INSERT INTO audit");
	assert_string_equal(au->p[AU_ACTION].s, "indicator_create");
	assert_string_equal(au->p[AU_TO].s, "active");
	assert_int_equal(au->p[AU_TASK].type, DB_T_NULL);
	assert_int_equal(au->p[AU_REPORT].type, DB_T_NULL);
	assert_int_equal(au->p[AU_RECORD].i, 9);
	assert_int_equal(fake.commits, 1);
}

static void
test_bad_values_are_400_and_write_nothing(void **state)
{
	static const struct {
		struct kv kv;
		const char *field;
	} bad[] = {
	    {{"baseline_value", "101"}, "baseline_value"},
	    {{"targets", "2026-02-30=50"}, "targets"},
	    {{"targets", "2026-06-30=50|2026-12-31=60"}, "targets"},
	    {{"targets", "50"}, "targets"},
	    {{"tasks", "abc"}, "tasks"},
	    {{"tasks", "4|4"}, "tasks"},
	    {{"fields", "weather"}, "fields"},
	    {{"code", "HỒ SƠ"}, "code"},
	    {{"baseline_period", "null"}, "baseline_period"},
	    {{"tolerance", "1.234"}, "tolerance"},
	};
	struct kv kv[16];
	struct actor ac;
	size_t i, n;
	bool sent;

	(void)state;
	for (i = 0; i < NELEM(bad); i++) {
		fake_setup(NULL);
		for (n = 0, sent = false; new_one[n].k != NULL; n++) {
			kv[n] = new_one[n];
			if (strcmp(new_one[n].k, bad[i].kv.k) == 0) {
				kv[n] = bad[i].kv;
				sent = true;
			}
		}
		if (!sent)
			kv[n++] = bad[i].kv;
		kv[n] = (struct kv){NULL, NULL};
		fake_row(
		    fake_answer("FROM agencies"), 1, (const char *[]){"SKHCN"});
		if (run(CREATE, &secretariat, kv, &ac, NULL) != NV_EINVAL)
			fail_msg("%s=%s accepted", bad[i].kv.k, bad[i].kv.v);
		assert_string_equal(ac.err_field, bad[i].field);
		assert_int_equal(fake_count("INSERT"), 0);
	}
}

/* --- reading ------------------------------------------------------------ */

static void
test_who_sees_an_indicator(void **state)
{
	struct wf_rec rec;
	struct actor ac;
	const struct {
		const struct user *u;
		enum nv_err rc;
	} who[] = {
	    {&official, NV_OK},          /* its agency */
	    {&other_head, NV_OK},        /* sees the dashboard */
	    {&leadership, NV_OK},        /* idem */
	    {&other_official, NV_ENOENT} /* neither */
	};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(who); i++) {
		fake_setup(NULL);
		indicator_row(NULL);
		fake.q[0].match = "FROM indicators x WHERE x.id = ?";
		ac = (struct actor){who[i].u, arena, "", "", NULL, NULL};
		assert_int_equal(
		    wf_load(&ac, &indicator_record, 7, false, &rec), who[i].rc);
	}
}

/* --- edits and transitions ------------------------------------------------ */

static void
test_the_agency_cannot_edit_its_own_definition(void **state)
{
	struct actor ac;

	(void)state;
	indicator_row(NULL);
	assert_int_equal(run(PATCH, &head,
	                     (struct kv[]){{"version", "3"}, {"tolerance", "1"},
	                         {NULL, NULL}},
	                     &ac, NULL),
	    NV_EPERM);
	assert_int_equal(fake_count("UPDATE indicators"), 0);
}

static void
test_same_value_spelled_otherwise_writes_nothing(void **state)
{
	struct actor ac;

	(void)state;
	indicator_row(NULL);
	/* The agency's code as sent is looked up (its canonical case). */
	fake_row(fake_answer("FROM agencies"), 1, (const char *[]){"SKHCN"});
	assert_int_equal(
	    run(PATCH, &secretariat,
	        (struct kv[]){{"version", "3"}, {"baseline_value", "096.650"},
	            {"targets", "2026-12-31=99.00"}, {"tasks", "1"},
	            {"agency", "skhcn"}, {NULL, NULL}},
	        &ac, NULL),
	    NV_OK);
	assert_int_equal(fake_count("UPDATE indicators"), 0);
	assert_int_equal(fake_count("INSERT"), 0);
	assert_int_equal(fake_count("DELETE"), 0);
}

static void
test_edit_rewrites_only_the_list_that_changed(void **state)
{
	const struct fake_log *au;
	struct actor ac;

	(void)state;
	indicator_row(NULL);
	fake_answer("UPDATE indicators SET")->affected = 1;
	fake_answer("DELETE FROM indicator_targets");
	fake_answer("INSERT INTO indicator_targets");
	fake_answer("INSERT INTO audit");
	assert_int_equal(run(PATCH, &secretariat,
	                     (struct kv[]){{"version", "3"},
	                         {"targets", "2026-03-31=100"}, {NULL, NULL}},
	                     &ac, NULL),
	    NV_OK);
	assert_int_equal(fake_count("DELETE FROM indicator_tasks"), 0);
	au = fake_find("INSERT INTO audit");
	assert_string_equal(au->p[AU_ACTION].s, "indicator_edit");
	assert_non_null(strstr(au->p[10].s, "\"targets\""));
	assert_null(strstr(au->p[10].s, "\"tasks\""));
}

static void
test_retiring_needs_a_reason_and_restoring_brings_it_back(void **state)
{
	struct actor ac;

	(void)state;
	indicator_row(NULL);
	assert_int_equal(run(ACT, &secretariat,
	                     (struct kv[]){{"action", "retire"},
	                         {"version", "3"}, {NULL, NULL}},
	                     &ac, NULL),
	    NV_EINVAL);
	assert_string_equal(ac.err_field, "comment");
	fake_setup(NULL);
	indicator_row(NULL);
	fake_answer("UPDATE indicators SET status")->affected = 1;
	fake_answer("INSERT INTO audit");
	assert_int_equal(
	    run(ACT, &secretariat,
	        (struct kv[]){{"action", "retire"}, {"version", "3"},
	            {"comment", "Gộp vào chỉ tiêu khác"}, {NULL, NULL}},
	        &ac, NULL),
	    NV_OK);
	assert_string_equal(
	    fake_find("UPDATE indicators SET status")->p[0].s, "retired");
	/* A retired indicator is not edited; it may come back. */
	fake_setup(NULL);
	indicator_row((struct kv[]){{"status", "retired"}, {NULL, NULL}});
	assert_int_equal(run(PATCH, &secretariat,
	                     (struct kv[]){{"version", "3"}, {"tolerance", "1"},
	                         {NULL, NULL}},
	                     &ac, NULL),
	    NV_ESTATE);
	fake_setup(NULL);
	indicator_row((struct kv[]){{"status", "retired"}, {NULL, NULL}});
	fake_answer("UPDATE indicators SET status")->affected = 1;
	fake_answer("INSERT INTO audit");
	assert_int_equal(run(ACT, &secretariat,
	                     (struct kv[]){{"action", "restore"},
	                         {"version", "3"}, {NULL, NULL}},
	                     &ac, NULL),
	    NV_OK);
	assert_string_equal(
	    fake_find("UPDATE indicators SET status")->p[0].s, "active");
}

/* --- values ----------------------------------------------------------------
 */

static void
test_value_periods_follow_the_frequency(void **state)
{
	char now[8], next[32];
	const char *msg;
	int y, m;

	(void)state;
	assert_int_equal(
	    indicator_value_period_check(IF_MONTH, unit_s("2025-12"), &msg),
	    NV_OK);
	assert_int_equal(
	    indicator_value_period_check(IF_QUARTER, unit_s("2025-Q4"), &msg),
	    NV_OK);
	assert_int_equal(
	    indicator_value_period_check(IF_QUARTER, unit_s("2025-12"), &msg),
	    NV_EINVAL);
	assert_int_equal(
	    indicator_value_period_check(IF_MONTH, unit_s("2025-Q4"), &msg),
	    NV_EINVAL);
	assert_int_equal(
	    indicator_value_period_check(IF_MONTH, unit_s("2025"), &msg),
	    NV_EINVAL);
	/* This month and quarter may be reported; the next ones not. */
	clock_period(now);
	assert_int_equal(
	    indicator_value_period_check(IF_MONTH, unit_s(now), &msg), NV_OK);
	y = atoi(now);
	m = atoi(now + 5);
	snprintf(next, sizeof(next), "%04d-%02d", m == 12 ? y + 1 : y,
	    m == 12 ? 1 : m + 1);
	assert_int_equal(
	    indicator_value_period_check(IF_MONTH, unit_s(next), &msg),
	    NV_EINVAL);
	snprintf(next, sizeof(next), "%04d-Q%d", y, (m + 2) / 3);
	assert_int_equal(
	    indicator_value_period_check(IF_QUARTER, unit_s(next), &msg),
	    NV_OK);
	snprintf(next, sizeof(next), "%04d-Q%d", y + 1, 1);
	assert_int_equal(
	    indicator_value_period_check(IF_QUARTER, unit_s(next), &msg),
	    NV_EINVAL);
}

static const struct kv value_def[] = {{"id", "7"}, {"indicator_id", "7"},
    {"period", "2025-12"}, {"revision", "1"}, {"value", "98.73"},
    {"source_note", "Cổng dịch vụ công"}, {"status", "submitted"},
    {"version", "2"}, {"created_by", "cb.skhcn"},
    {"created_at", "2026-01-05T00:00:00Z"},
    {"updated_at", "2026-01-05T00:00:00Z"}, {NULL, NULL}};

static void
test_the_agency_enters_a_value_as_the_next_revision(void **state)
{
	const struct fake_log *ins;
	struct actor ac;

	(void)state;
	row_of(
	    &indicator_record, "FROM indicators x WHERE x.id = ?", def, NULL);
	fake_row(fake_answer("MAX(revision)"), 1, (const char *[]){"2"});
	fake_answer("INSERT INTO indicator_values")->insert_id = 5;
	fake_answer("INSERT INTO audit");
	assert_int_equal(run_on(&indicator_value_record, CREATE, &official,
	                     (struct kv[]){{"period", "2025-12"},
	                         {"value", "98.730"}, {NULL, NULL}},
	                     &ac, NULL),
	    NV_OK);
	ins = fake_find("INSERT INTO indicator_values");
	/* indicator_id, period, revision, value, source_note, status */
	assert_int_equal(ins->p[0].i, 7);
	assert_int_equal(ins->p[2].i, 2);
	assert_string_equal(ins->p[3].s, "98.73");
	assert_string_equal(ins->p[5].s, "draft");
	assert_string_equal(fake_find("INSERT INTO audit")->p[AU_ACTION].s,
	    "indicator_value_create");
	assert_int_equal(fake_find("INSERT INTO audit")->p[AU_RECORD].i, 5);
}

static void
test_no_value_for_a_retired_indicator_or_another_agency(void **state)
{
	static const struct kv kv[] = {
	    {"period", "2025-12"}, {"value", "98"}, {NULL, NULL}};
	struct actor ac;

	(void)state;
	/* Retired: 409 once the values are known good. */
	row_of(&indicator_record, "FROM indicators x WHERE x.id = ?", def,
	    (struct kv[]){{"status", "retired"}, {NULL, NULL}});
	fake_row(fake_answer("MAX(revision)"), 1, (const char *[]){"1"});
	assert_int_equal(
	    run_on(&indicator_value_record, CREATE, &official, kv, &ac, NULL),
	    NV_ESTATE);
	assert_int_equal(fake_count("INSERT"), 0);
	/* A head who sees it but is not its agency: 403. */
	fake_setup(NULL);
	row_of(
	    &indicator_record, "FROM indicators x WHERE x.id = ?", def, NULL);
	assert_int_equal(
	    run_on(&indicator_value_record, CREATE, &other_head, kv, &ac, NULL),
	    NV_EPERM);
	/* The secretariat defines indicators; it does not report them. */
	fake_setup(NULL);
	row_of(&indicator_record, "FROM indicators x WHERE x.id = ?", def,
	    (struct kv[]){{"agency", "SYT"}, {NULL, NULL}});
	assert_int_equal(run_on(&indicator_value_record, CREATE, &secretariat,
	                     kv, &ac, NULL),
	    NV_EPERM);
	assert_int_equal(fake_count("INSERT"), 0);
}

static void
test_approval_makes_the_current_value(void **state)
{
	const struct fake_log *up;
	struct actor ac;

	(void)state;
	/* An official may not approve; the head may. */
	row_of(&indicator_value_record,
	    "FROM indicator_values v WHERE v.id = ? FOR UPDATE", value_def,
	    NULL);
	row_of(
	    &indicator_record, "FROM indicators x WHERE x.id = ?", def, NULL);
	assert_int_equal(run_on(&indicator_value_record, ACT, &official,
	                     (struct kv[]){{"action", "approve"},
	                         {"version", "2"}, {NULL, NULL}},
	                     &ac, NULL),
	    NV_EPERM);
	fake_setup(NULL);
	row_of(&indicator_value_record,
	    "FROM indicator_values v WHERE v.id = ? FOR UPDATE", value_def,
	    NULL);
	row_of(
	    &indicator_record, "FROM indicators x WHERE x.id = ?", def, NULL);
	fake_answer("UPDATE indicator_values SET status")->affected = 1;
	fake_answer("UPDATE indicators SET current_value")->affected = 1;
	fake_answer("INSERT INTO audit");
	assert_int_equal(run_on(&indicator_value_record, ACT, &head,
	                     (struct kv[]){{"action", "approve"},
	                         {"version", "2"}, {NULL, NULL}},
	                     &ac, NULL),
	    NV_OK);
	up = fake_find("UPDATE indicators SET current_value");
	assert_string_equal(up->p[0].s, "98.73");
	assert_string_equal(up->p[1].s, "2025-12");
	assert_int_equal(up->p[2].i, 7);
	/* Not over a later period already shown. */
	assert_non_null(strstr(up->sql, "current_period <= ?"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_values_have_one_spelling, fake_setup),
	    cmocka_unit_test_setup(test_periods, fake_setup),
	    cmocka_unit_test_setup(
	        test_only_the_secretariat_defines_indicators, fake_setup),
	    cmocka_unit_test_setup(
	        test_create_writes_canonical_values_children_and_audit,
	        fake_setup),
	    cmocka_unit_test_setup(
	        test_bad_values_are_400_and_write_nothing, fake_setup),
	    cmocka_unit_test_setup(test_who_sees_an_indicator, fake_setup),
	    cmocka_unit_test_setup(
	        test_the_agency_cannot_edit_its_own_definition, fake_setup),
	    cmocka_unit_test_setup(
	        test_same_value_spelled_otherwise_writes_nothing, fake_setup),
	    cmocka_unit_test_setup(
	        test_edit_rewrites_only_the_list_that_changed, fake_setup),
	    cmocka_unit_test_setup(
	        test_retiring_needs_a_reason_and_restoring_brings_it_back,
	        fake_setup),
	    cmocka_unit_test_setup(
	        test_value_periods_follow_the_frequency, fake_setup),
	    cmocka_unit_test_setup(
	        test_the_agency_enters_a_value_as_the_next_revision,
	        fake_setup),
	    cmocka_unit_test_setup(
	        test_no_value_for_a_retired_indicator_or_another_agency,
	        fake_setup),
	    cmocka_unit_test_setup(
	        test_approval_makes_the_current_value, fake_setup),
	};
	int rc;

	arena = arena_new(1 << 20);
	fake_use_arena(arena);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	fake_reset();
	arena_free(arena);
	return rc;
}
