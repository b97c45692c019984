/* SPDX-License-Identifier: ISC */
/*
 * Acting head (issue 12) over the scripted database of fake_db.c: who acts
 * today (delegation_acting), a delegation's phase by date, an acting
 * head's approval audited "on behalf of" the head while their own acts are
 * not, and a revocation written by the write path with its audit row.
 * The expected answers come from the issue and docs/API.md.
 */
#include "fake_db.h"

#include "auth/sess.h"
#include "fcgi/domain/delegation.h"
#include "fcgi/domain/task.h"
#include "fcgi/domain/wf.h"

#define O   ROLE_BIT(ROLE_OFFICIAL)
#define H   ROLE_BIT(ROLE_HEAD)
#define S   ROLE_BIT(ROLE_SECRETARIAT)
#define ACT ROLE_ACTING_HEAD

/* The audit row's parameters (fcgi/domain/audit.c), by position. */
enum {
	AU_ACTOR = 0,
	AU_ACTION = 2,
	AU_TASK = 3,
	AU_RECORD = 11,
	AU_KIND = 12,
	AU_BEHALF = 13,
	AU_BEHALF_NAME = 14
};

static struct arena *arena;

/* --- who acts today ------------------------------------------------------- */

static void
test_a_running_delegation_makes_the_official_acting(void **state)
{
	static const char *const cells[] = {
	    "gd.skhcn", "Trần Thị Bình", "2026-02-10"};
	struct user u = {.username = "cb.skhcn",
	    .display_name = "Nguyễn Văn An",
	    .agency_code = "SKHCN",
	    .roles = O};
	const struct fake_log *l;

	(void)state;
	fake_row(fake_answer("FROM delegations"), 3, cells);
	assert_int_equal(delegation_acting(arena, &u, "2026-02-03"), NV_OK);
	assert_true(u.roles & ACT);
	assert_true(u.roles & O);
	assert_false(u.roles & H); /* no directory role is added */
	assert_string_equal(u.acting_for, "gd.skhcn");
	assert_string_equal(u.acting_for_name, "Trần Thị Bình");
	assert_string_equal(u.acting_until, "2026-02-10");
	l = fake_find("FROM delegations");
	assert_non_null(strstr(l->sql, "status = 'active'"));
	assert_non_null(strstr(l->sql, "from_date <= ? AND to_date >= ?"));
	assert_string_equal(l->p[0].s, "cb.skhcn");
	assert_string_equal(l->p[1].s, "SKHCN");
	assert_string_equal(l->p[2].s, "2026-02-03");
	assert_string_equal(l->p[3].s, "2026-02-03");
}

static void
test_no_delegation_no_acting(void **state)
{
	struct user u = {.username = "cb.skhcn",
	    .agency_code = "SKHCN",
	    .roles = O | ACT,
	    .acting_for = "stale"};

	(void)state;
	fake_answer("FROM delegations");
	assert_int_equal(delegation_acting(arena, &u, "2026-02-03"), NV_OK);
	assert_int_equal(u.roles, O); /* a stale bit is cleared */
	assert_null(u.acting_for);
}

static void
test_heads_and_others_are_not_asked(void **state)
{
	struct user head = {
	    .username = "gd.skhcn", .agency_code = "SKHCN", .roles = O | H};
	struct user sec = {.username = "tk.bcd", .roles = S};
	struct user lone = {.username = "cb.x", .roles = O};

	(void)state;
	assert_int_equal(delegation_acting(arena, &head, "2026-02-03"), NV_OK);
	assert_int_equal(delegation_acting(arena, &sec, "2026-02-03"), NV_OK);
	assert_int_equal(delegation_acting(arena, &lone, "2026-02-03"), NV_OK);
	assert_int_equal(fake_count("FROM delegations"), 0);
	assert_int_equal(head.roles, O | H);
	assert_int_equal(sec.roles, S);
}

static void
test_database_down_is_told(void **state)
{
	struct user u = {
	    .username = "cb.skhcn", .agency_code = "SKHCN", .roles = O};

	(void)state;
	fake_answer("FROM delegations")->rc = NV_EDBDOWN;
	assert_int_equal(
	    delegation_acting(arena, &u, "2026-02-03"), NV_EDBDOWN);
	assert_false(u.roles & ACT);
}

static void
test_phase_by_date(void **state)
{
	struct delegation d = {.from = STR("2026-02-01"),
	    .to = STR("2026-02-10"),
	    .status = DS_ACTIVE};

	(void)state;
	assert_int_equal(delegation_phase(&d, "2026-01-31"), DP_SCHEDULED);
	assert_int_equal(delegation_phase(&d, "2026-02-01"), DP_RUNNING);
	assert_int_equal(delegation_phase(&d, "2026-02-10"), DP_RUNNING);
	assert_int_equal(delegation_phase(&d, "2026-02-11"), DP_ENDED);
	d.status = DS_REVOKED;
	assert_int_equal(delegation_phase(&d, "2026-02-05"), DP_REVOKED);
}

/* --- on the write path ---------------------------------------------------- */

struct kv {
	const char *k, *v;
};

/* A row of desc's "{cols}" from name/value pairs (absent: NULL). */
static void
row(struct fake_answer *a, const struct record_desc *d, const struct kv *kv)
{
	const char *cells[FAKE_COLS];
	const struct kv *p;
	size_t i, k = 0;

	for (i = 0; i < d->nm; i++) {
		if (d->m[i].flags & M_NOSELECT)
			continue;
		cells[k] = NULL;
		for (p = kv; p->k != NULL; p++)
			if (strcmp(p->k, d->m[i].name) == 0)
				cells[k] = p->v;
		k++;
	}
	fake_row(a, k, cells);
}

static const struct kv submitted_task[] = {{"id", "7"}, {"year", "2026"},
    {"kind", "breakthrough"}, {"fields", "digital_transformation"},
    {"name", "Số hóa hồ sơ"}, {"responsible_person", "Giám đốc Sở"},
    {"lead_agency", "SKHCN"}, {"coordinating_agencies", ""},
    {"expected_product", "Kho hồ sơ số"}, {"notes", ""},
    {"target", "100 % hồ sơ số hóa"}, {"resources", ""},
    {"deadline", "2026-12-31"}, {"status", "submitted"}, {"version", "3"},
    {"created_by", "cb.skhcn"}, {"created_at", "2026-01-05T00:00:00Z"},
    {"updated_at", "2026-01-05T00:00:00Z"}, {NULL, NULL}};

struct move {
	const char *action;
	int64_t version;
};

static enum nv_err
move_read(void *ctx, const struct record_desc *d, unsigned op, struct fval *v)
{
	const struct move *m = ctx;

	(void)op;
	v[d->nm + WF_ACTION].present = true;
	v[d->nm + WF_ACTION].s = unit_s(m->action);
	v[d->nm + WF_VERSION].present = true;
	v[d->nm + WF_VERSION].i = m->version;
	return NV_OK;
}

static enum nv_err
move(const struct user *u, const struct record_desc *d, const char *action,
    int64_t version)
{
	struct move m = {action, version};
	struct wf_input in = {move_read, &m};
	struct actor ac = {u, arena, "127.0.0.1", "test", NULL, NULL, NULL};

	return wf_transition(&ac, d, 7, &in);
}

static const struct user acting = {.username = "cb.skhcn",
    .display_name = "Nguyễn Văn An",
    .agency_code = "SKHCN",
    .roles = O | ACT,
    .acting_for = "gd.skhcn",
    .acting_for_name = "Trần Thị Bình",
    .acting_until = "2026-02-10"};

static void
test_acting_approval_is_audited_on_behalf(void **state)
{
	const struct fake_log *au;

	(void)state;
	row(fake_answer("FOR UPDATE"), &task_record, submitted_task);
	fake_answer("UPDATE tasks SET status")->affected = 1;
	fake_answer("INSERT INTO audit");
	assert_int_equal(move(&acting, &task_record, "approve", 3), NV_OK);
	assert_string_equal(
	    fake_find("UPDATE tasks SET status")->p[0].s, "approved");
	au = fake_find("INSERT INTO audit");
	assert_string_equal(au->p[AU_ACTOR].s, "cb.skhcn");
	assert_string_equal(au->p[AU_ACTION].s, "approve");
	assert_int_equal(au->p[AU_TASK].i, 7);
	assert_string_equal(au->p[AU_BEHALF].s, "gd.skhcn");
	assert_string_equal(au->p[AU_BEHALF_NAME].s, "Trần Thị Bình");
}

static void
test_the_head_and_the_officials_own_acts_are_not_on_behalf(void **state)
{
	static const struct user head = {.username = "gd.skhcn",
	    .display_name = "Trần Thị Bình",
	    .agency_code = "SKHCN",
	    .roles = O | H};
	struct kv returned[NELEM(submitted_task)];
	const struct fake_log *au;
	size_t i;

	(void)state;
	row(fake_answer("FOR UPDATE"), &task_record, submitted_task);
	fake_answer("UPDATE tasks SET status")->affected = 1;
	fake_answer("INSERT INTO audit");
	assert_int_equal(move(&head, &task_record, "approve", 3), NV_OK);
	au = fake_find("INSERT INTO audit");
	assert_int_equal(au->p[AU_BEHALF].type, DB_T_NULL);
	assert_int_equal(au->p[AU_BEHALF_NAME].type, DB_T_NULL);

	/* The acting official sends a returned registration: their own. */
	fake_setup(NULL);
	for (i = 0; i < NELEM(submitted_task); i++) {
		returned[i] = submitted_task[i];
		if (returned[i].k != NULL &&
		    strcmp(returned[i].k, "status") == 0)
			returned[i].v = "returned";
	}
	row(fake_answer("FOR UPDATE"), &task_record, returned);
	fake_answer("UPDATE tasks SET submitted_at")->affected = 1;
	fake_answer("INSERT INTO audit");
	assert_int_equal(move(&acting, &task_record, "submit", 3), NV_OK);
	au = fake_find("INSERT INTO audit");
	assert_string_equal(au->p[AU_ACTION].s, "submit");
	assert_int_equal(au->p[AU_BEHALF].type, DB_T_NULL);
}

static const struct kv delegation_row[] = {{"id", "7"}, {"agency", "SKHCN"},
    {"head", "gd.skhcn"}, {"head_name", "Trần Thị Bình"},
    {"delegate", "cb.skhcn"}, {"delegate_name", "Nguyễn Văn An"},
    {"from", "2026-02-01"}, {"to", "2026-02-10"}, {"status", "active"},
    {"version", "1"}, {"created_by", "gd.skhcn"},
    {"created_at", "2026-01-30T00:00:00Z"},
    {"updated_at", "2026-01-30T00:00:00Z"}, {NULL, NULL}};

/* The delegation's agency's committee (issue 14), read after the row. */
static void
committee_of(const char *code)
{
	const char *cells[] = {code};

	fake_row(fake_answer("SELECT committee FROM agencies"), 1, cells);
}

static void
test_a_communes_secretariat_does_not_reach_the_provinces(void **state)
{
	static const struct user sec = {.username = "tk.tvinh",
	    .agency_code = "TVINH_VP",
	    .roles = S,
	    .committee = "TVINH",
	    .is_commune = true};

	(void)state;
	row(fake_answer("FOR UPDATE"), &delegation_record, delegation_row);
	committee_of("TINH");
	assert_int_equal(
	    move(&sec, &delegation_record, "revoke", 1), NV_ENOENT);
	assert_int_equal(fake_count("UPDATE delegations"), 0);
	assert_int_equal(fake_count("INSERT INTO audit"), 0);
}

static void
test_the_secretariat_revokes_and_it_is_audited(void **state)
{
	static const struct user sec = {
	    .username = "tk.bcd", .display_name = "Thu Ky", .roles = S};
	const struct fake_log *l;

	(void)state;
	row(fake_answer("FOR UPDATE"), &delegation_record, delegation_row);
	committee_of("TINH");
	fake_answer("UPDATE delegations SET status")->affected = 1;
	fake_answer("UPDATE delegations SET revoked_at");
	fake_answer("INSERT INTO audit");
	assert_int_equal(move(&sec, &delegation_record, "revoke", 1), NV_OK);
	assert_string_equal(
	    fake_find("UPDATE delegations SET status")->p[0].s, "revoked");
	l = fake_find("UPDATE delegations SET revoked_at");
	assert_string_equal(l->p[0].s, "tk.bcd");
	assert_int_equal(l->p[1].i, 7);
	l = fake_find("INSERT INTO audit");
	assert_string_equal(l->p[AU_ACTION].s, "delegation_revoke");
	assert_int_equal(l->p[AU_TASK].type, DB_T_NULL);
	assert_int_equal(l->p[AU_RECORD].i, 7);
	assert_string_equal(l->p[AU_KIND].s, "delegation");
	assert_int_equal(fake.commits, 1);
}

static void
test_the_delegate_and_strangers_do_not_revoke(void **state)
{
	static const struct user other = {
	    .username = "gd.syt", .agency_code = "SYT", .roles = O | H};

	(void)state;
	/* The delegate, acting or not: sees it, may not revoke it. */
	row(fake_answer("FOR UPDATE"), &delegation_record, delegation_row);
	committee_of("TINH");
	assert_int_equal(
	    move(&acting, &delegation_record, "revoke", 1), NV_EPERM);
	/* Another agency's head does not see it at all. */
	fake_setup(NULL);
	row(fake_answer("FOR UPDATE"), &delegation_record, delegation_row);
	committee_of("TINH");
	assert_int_equal(
	    move(&other, &delegation_record, "revoke", 1), NV_ENOENT);
	assert_int_equal(fake_count("UPDATE delegations"), 0);
	assert_int_equal(fake_count("INSERT INTO audit"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(
	        test_a_running_delegation_makes_the_official_acting,
	        fake_setup),
	    cmocka_unit_test_setup(test_no_delegation_no_acting, fake_setup),
	    cmocka_unit_test_setup(
	        test_heads_and_others_are_not_asked, fake_setup),
	    cmocka_unit_test_setup(test_database_down_is_told, fake_setup),
	    cmocka_unit_test_setup(test_phase_by_date, fake_setup),
	    cmocka_unit_test_setup(
	        test_acting_approval_is_audited_on_behalf, fake_setup),
	    cmocka_unit_test_setup(
	        test_the_head_and_the_officials_own_acts_are_not_on_behalf,
	        fake_setup),
	    cmocka_unit_test_setup(
	        test_the_secretariat_revokes_and_it_is_audited, fake_setup),
	    cmocka_unit_test_setup(
	        test_the_delegate_and_strangers_do_not_revoke, fake_setup),
	    cmocka_unit_test_setup(
	        test_a_communes_secretariat_does_not_reach_the_provinces,
	        fake_setup),
	};
	int rc;

	arena = arena_new(1 << 20);
	fake_use_arena(arena);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	arena_free(arena);
	return rc;
}
