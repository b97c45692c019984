/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for the task and report state machines of auth/policy.c.  The
 * expected answers are written out here from PRODUCT.md and the contract,
 * not derived from the policy's own tables.
 */
#include "unit.h"

#include "auth/policy.h"

#define O       ROLE_BIT(ROLE_OFFICIAL)
#define H       ROLE_BIT(ROLE_HEAD)
#define S       ROLE_BIT(ROLE_SECRETARIAT)
#define L       ROLE_BIT(ROLE_LEADERSHIP)
#define A       ROLE_BIT(ROLE_ADMIN)
#define NONE_TO TS__MAX

struct tcase {
	unsigned roles;
	enum task_rel rel;
	enum task_act act;
	enum task_state from;
	enum nv_err want;
	enum task_state to; /* when want is NV_OK */
};

/* clang-format off */
static const struct tcase cases[] = {
	/* the registration path */
	{ O, REL_LEAD,  TA_SUBMIT,   TS_DRAFT,      NV_OK,     TS_SUBMITTED },
	{ H, REL_LEAD,  TA_SUBMIT,   TS_RETURNED,   NV_OK,     TS_SUBMITTED },
	{ O, REL_LEAD,  TA_SUBMIT,   TS_SUBMITTED,  NV_ESTATE, NONE_TO },
	{ O, REL_COORD, TA_SUBMIT,   TS_DRAFT,      NV_EPERM,  NONE_TO },
	{ O, REL_NONE,  TA_SUBMIT,   TS_DRAFT,      NV_ENOENT, NONE_TO },
	{ H, REL_LEAD,  TA_APPROVE,  TS_SUBMITTED,  NV_OK,     TS_APPROVED },
	{ H, REL_LEAD,  TA_APPROVE,  TS_DRAFT,      NV_ESTATE, NONE_TO },
	{ O, REL_LEAD,  TA_APPROVE,  TS_SUBMITTED,  NV_EPERM,  NONE_TO },
	{ H, REL_COORD, TA_APPROVE,  TS_SUBMITTED,  NV_EPERM,  NONE_TO },
	{ H, REL_LEAD,  TA_RETURN,   TS_SUBMITTED,  NV_OK,     TS_RETURNED },
	{ H, REL_LEAD,  TA_RETURN,   TS_APPROVED,   NV_ESTATE, NONE_TO },
	{ S, REL_NONE,  TA_RETURN,   TS_APPROVED,   NV_OK,     TS_RETURNED },
	{ S, REL_NONE,  TA_RETURN,   TS_SUBMITTED,  NV_ESTATE, NONE_TO },
	{ S, REL_NONE,  TA_ACCEPT,   TS_APPROVED,   NV_OK,     TS_IN_PROGRAM },
	{ S, REL_NONE,  TA_ACCEPT,   TS_SUBMITTED,  NV_ESTATE, NONE_TO },
	{ H, REL_LEAD,  TA_ACCEPT,   TS_APPROVED,   NV_EPERM,  NONE_TO },
	{ H, REL_LEAD,  TA_COMPLETE, TS_IN_PROGRAM, NV_OK,     TS_COMPLETED },
	{ S, REL_NONE,  TA_COMPLETE, TS_IN_PROGRAM, NV_OK,     TS_COMPLETED },
	{ O, REL_LEAD,  TA_COMPLETE, TS_IN_PROGRAM, NV_EPERM,  NONE_TO },
	{ H, REL_COORD, TA_COMPLETE, TS_IN_PROGRAM, NV_EPERM,  NONE_TO },
	/* withdrawing a submission (issue 17): the lead, before the head */
	{ O, REL_LEAD,  TA_WITHDRAW, TS_SUBMITTED,  NV_OK,     TS_DRAFT },
	{ H, REL_LEAD,  TA_WITHDRAW, TS_SUBMITTED,  NV_OK,     TS_DRAFT },
	{ O, REL_LEAD,  TA_WITHDRAW, TS_APPROVED,   NV_ESTATE, NONE_TO },
	{ O, REL_COORD, TA_WITHDRAW, TS_SUBMITTED,  NV_EPERM,  NONE_TO },
	{ S, REL_NONE,  TA_WITHDRAW, TS_SUBMITTED,  NV_EPERM,  NONE_TO },
	/* cancelling */
	{ O, REL_LEAD,  TA_CANCEL,   TS_DRAFT,      NV_OK,     TS_CANCELLED },
	{ H, REL_LEAD,  TA_CANCEL,   TS_RETURNED,   NV_OK,     TS_CANCELLED },
	{ O, REL_LEAD,  TA_CANCEL,   TS_SUBMITTED,  NV_ESTATE, NONE_TO },
	{ O, REL_LEAD,  TA_CANCEL,   TS_IN_PROGRAM, NV_ESTATE, NONE_TO },
	{ S, REL_NONE,  TA_CANCEL,   TS_SUBMITTED,  NV_OK,     TS_CANCELLED },
	{ S, REL_NONE,  TA_CANCEL,   TS_IN_PROGRAM, NV_OK,     TS_CANCELLED },
	{ S, REL_NONE,  TA_CANCEL,   TS_COMPLETED,  NV_ESTATE, NONE_TO },
	{ S, REL_NONE,  TA_CANCEL,   TS_CANCELLED,  NV_ESTATE, NONE_TO },
	/* editing */
	{ O, REL_LEAD,  TA_EDIT,     TS_DRAFT,      NV_OK,     TS_DRAFT },
	{ O, REL_LEAD,  TA_EDIT,     TS_RETURNED,   NV_OK,     TS_RETURNED },
	{ O, REL_LEAD,  TA_EDIT,     TS_APPROVED,   NV_ESTATE, NONE_TO },
	{ O, REL_COORD, TA_EDIT,     TS_DRAFT,      NV_EPERM,  NONE_TO },
	{ S, REL_NONE,  TA_EDIT,     TS_DRAFT,      NV_EPERM,  NONE_TO },
	{ S, REL_NONE,  TA_EDIT_SCHEDULE, TS_IN_PROGRAM, NV_OK, TS_IN_PROGRAM },
	{ S, REL_NONE,  TA_EDIT_SCHEDULE, TS_COMPLETED,  NV_ESTATE, NONE_TO },
	{ O, REL_LEAD,  TA_EDIT_SCHEDULE, TS_DRAFT,      NV_EPERM,  NONE_TO },
	/* reading and commenting: anyone who sees the task */
	{ L, REL_NONE,  TA_COMMENT,  TS_COMPLETED,  NV_OK,     TS_COMPLETED },
	{ A, REL_NONE,  TA_COMMENT,  TS_DRAFT,      NV_OK,     TS_DRAFT },
	{ O, REL_COORD, TA_COMMENT,  TS_IN_PROGRAM, NV_OK,     TS_IN_PROGRAM },
	{ O, REL_NONE,  TA_COMMENT,  TS_DRAFT,      NV_ENOENT, NONE_TO },
	{ L, REL_NONE,  TA_SUBMIT,   TS_DRAFT,      NV_EPERM,  NONE_TO },
	{ A, REL_NONE,  TA_CANCEL,   TS_DRAFT,      NV_EPERM,  NONE_TO },
	/* several roles: the union of their rights */
	{ O | S, REL_LEAD, TA_ACCEPT, TS_APPROVED,  NV_OK,     TS_IN_PROGRAM },
	{ O | S, REL_LEAD, TA_EDIT,   TS_DRAFT,     NV_OK,     TS_DRAFT },
	{ O | S, REL_LEAD, TA_EDIT,   TS_IN_PROGRAM, NV_ESTATE, NONE_TO },
	{ O | S, REL_NONE, TA_SUBMIT, TS_DRAFT,     NV_EPERM,  NONE_TO },
	{ O | H, REL_LEAD, TA_APPROVE, TS_SUBMITTED, NV_OK,    TS_APPROVED },
};
/* clang-format on */

static void
test_cases(void **state)
{
	enum task_state to;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct tcase *c = &cases[i];
		to = TS__MAX;
		enum nv_err got =
		    policy_task(c->roles, c->rel, c->act, c->from, &to);
		if (got != c->want)
			fail_msg("case %zu: %s from %s: got %d, want %d", i,
			    policy_act_name(c->act), policy_state_name(c->from),
			    got, c->want);
		if (got == NV_OK && to != c->to)
			fail_msg("case %zu: moved to %s, want %s", i,
			    policy_state_name(to), policy_state_name(c->to));
	}
}

/* The edges of PRODUCT.md's diagram, and no others, for any role set. */
static void
test_edges(void **state)
{
	static const int want[TS__MAX][TS__MAX] = {
	    [TS_DRAFT] = {[TS_SUBMITTED] = 1, [TS_CANCELLED] = 1},
	    [TS_RETURNED] = {[TS_SUBMITTED] = 1, [TS_CANCELLED] = 1},
	    [TS_SUBMITTED] = {[TS_APPROVED] = 1,
	        [TS_RETURNED] = 1,
	        [TS_CANCELLED] = 1,
	        [TS_DRAFT] = 1 /* withdrawn */},
	    [TS_APPROVED] =
	        {[TS_RETURNED] = 1, [TS_IN_PROGRAM] = 1, [TS_CANCELLED] = 1},
	    [TS_IN_PROGRAM] = {[TS_COMPLETED] = 1, [TS_CANCELLED] = 1},
	};
	int got[TS__MAX][TS__MAX] = {{0}};
	unsigned roles;
	int rel, act, st;
	enum task_state to;

	(void)state;
	for (roles = 0; roles <= ROLES_ALL; roles++)
		for (rel = REL_NONE; rel <= REL_LEAD; rel++)
			for (act = 0; act < TA__MAX; act++)
				for (st = 0; st < TS__MAX; st++)
					if (policy_task(roles,
					        (enum task_rel)rel,
					        (enum task_act)act,
					        (enum task_state)st,
					        &to) == NV_OK &&
					    (int)to != st)
						got[st][to] = 1;
	for (st = 0; st < TS__MAX; st++)
		for (act = 0; act < TS__MAX; act++)
			if (got[st][act] != want[st][act])
				fail_msg("edge %s -> %s: got %d, want %d",
				    policy_state_name((enum task_state)st),
				    policy_state_name((enum task_state)act),
				    got[st][act], want[st][act]);
}

/* Exhaustively: what nobody can see, nobody can touch; finals stay. */
static void
test_invariants(void **state)
{
	unsigned roles;
	int rel, act, st;
	enum task_state to;
	enum nv_err e;

	(void)state;
	for (roles = 0; roles <= ROLES_ALL; roles++)
		for (rel = REL_NONE; rel <= REL_LEAD; rel++)
			for (act = 0; act < TA__MAX; act++)
				for (st = 0; st < TS__MAX; st++) {
					e = policy_task(roles,
					    (enum task_rel)rel,
					    (enum task_act)act,
					    (enum task_state)st, &to);
					if (!policy_task_visible(
					        roles, (enum task_rel)rel))
						assert_int_equal(e, NV_ENOENT);
					if ((st == TS_COMPLETED ||
					        st == TS_CANCELLED) &&
					    act != TA_COMMENT)
						assert_int_not_equal(e, NV_OK);
					/* Leadership and admin only read
					 * and comment. */
					if ((roles & ~(L | A)) == 0 &&
					    act != TA_COMMENT)
						assert_int_not_equal(e, NV_OK);
				}
}

static void
test_visibility(void **state)
{
	(void)state;
	assert_true(policy_task_visible(O, REL_LEAD));
	assert_true(policy_task_visible(H, REL_COORD));
	assert_false(policy_task_visible(O | H, REL_NONE));
	assert_true(policy_task_visible(S, REL_NONE));
	assert_true(policy_task_visible(L, REL_NONE));
	assert_true(policy_task_visible(A, REL_NONE));
	assert_false(policy_task_visible(0, REL_LEAD));
}

static void
test_create(void **state)
{
	(void)state;
	assert_int_equal(
	    policy_task_create(O, true, TK_BREAKTHROUGH, TS_DRAFT), NV_OK);
	assert_int_equal(
	    policy_task_create(H, false, TK_BREAKTHROUGH, TS_DRAFT), NV_EPERM);
	assert_int_equal(
	    policy_task_create(O, true, TK_DIRECTIVE, TS_DRAFT), NV_EPERM);
	assert_int_equal(
	    policy_task_create(S, false, TK_DIRECTIVE, TS_IN_PROGRAM), NV_OK);
	assert_int_equal(
	    policy_task_create(S, false, TK_DATABASE, TS_IN_PROGRAM), NV_OK);
	assert_int_equal(
	    policy_task_create(S, false, TK_BREAKTHROUGH, TS_DRAFT), NV_OK);
	/* A breakthrough task always goes through approval. */
	assert_int_equal(
	    policy_task_create(S | O | H, true, TK_BREAKTHROUGH, TS_IN_PROGRAM),
	    NV_EINVAL);
	assert_int_equal(
	    policy_task_create(O, true, TK_DIRECTIVE, TS_IN_PROGRAM), NV_EPERM);
	assert_int_equal(
	    policy_task_create(L | A, true, TK_BREAKTHROUGH, TS_DRAFT),
	    NV_EPERM);
	assert_int_equal(
	    policy_task_create(S, false, TK_DIRECTIVE, TS_SUBMITTED),
	    NV_EINVAL);
}

static void
test_reports(void **state)
{
	enum report_state to;

	(void)state;
	/* Written by the lead agency while the task is in the programme. */
	assert_int_equal(
	    policy_report(O, REL_LEAD, RA_CREATE, TS_IN_PROGRAM, RS_DRAFT, &to),
	    NV_OK);
	assert_int_equal(to, RS_DRAFT);
	assert_int_equal(
	    policy_report(O, REL_LEAD, RA_CREATE, TS_APPROVED, RS_DRAFT, &to),
	    NV_ESTATE);
	assert_int_equal(policy_report(O, REL_COORD, RA_CREATE, TS_IN_PROGRAM,
	                     RS_DRAFT, &to),
	    NV_EPERM);
	assert_int_equal(
	    policy_report(S, REL_NONE, RA_CREATE, TS_IN_PROGRAM, RS_DRAFT, &to),
	    NV_EPERM);
	assert_int_equal(
	    policy_report(O, REL_NONE, RA_CREATE, TS_IN_PROGRAM, RS_DRAFT, &to),
	    NV_ENOENT);
	/* Submitted by the lead agency, decided by its head. */
	assert_int_equal(policy_report(O, REL_LEAD, RA_SUBMIT, TS_IN_PROGRAM,
	                     RS_RETURNED, &to),
	    NV_OK);
	assert_int_equal(to, RS_SUBMITTED);
	assert_int_equal(policy_report(O, REL_LEAD, RA_APPROVE, TS_IN_PROGRAM,
	                     RS_SUBMITTED, &to),
	    NV_EPERM);
	assert_int_equal(policy_report(H, REL_LEAD, RA_APPROVE, TS_IN_PROGRAM,
	                     RS_SUBMITTED, &to),
	    NV_OK);
	assert_int_equal(to, RS_APPROVED);
	assert_int_equal(policy_report(H, REL_LEAD, RA_RETURN, TS_IN_PROGRAM,
	                     RS_SUBMITTED, &to),
	    NV_OK);
	assert_int_equal(to, RS_RETURNED);
	assert_int_equal(policy_report(H, REL_LEAD, RA_APPROVE, TS_IN_PROGRAM,
	                     RS_APPROVED, &to),
	    NV_ESTATE);
	assert_int_equal(policy_report(H, REL_COORD, RA_APPROVE, TS_IN_PROGRAM,
	                     RS_SUBMITTED, &to),
	    NV_EPERM);
	/* An approved report is final; a returned one may be edited. */
	assert_int_equal(policy_report(O, REL_LEAD, RA_EDIT, TS_IN_PROGRAM,
	                     RS_APPROVED, &to),
	    NV_ESTATE);
	assert_int_equal(policy_report(O, REL_LEAD, RA_EDIT, TS_IN_PROGRAM,
	                     RS_RETURNED, &to),
	    NV_OK);
	assert_int_equal(
	    policy_report(L, REL_NONE, RA_EDIT, TS_IN_PROGRAM, RS_DRAFT, &to),
	    NV_EPERM);
}

static void
test_names_round_trip(void **state)
{
	int i;
	const char *n;

	(void)state;
	for (i = 0; i < TS__MAX; i++) {
		n = policy_state_name((enum task_state)i);
		assert_int_equal(policy_state_from(n, strlen(n)), i);
	}
	for (i = 0; i < TA__MAX; i++) {
		n = policy_act_name((enum task_act)i);
		assert_int_equal(policy_act_from(n, strlen(n)), i);
	}
	for (i = 0; i < RS__MAX; i++) {
		n = policy_report_state_name((enum report_state)i);
		assert_int_equal(policy_report_state_from(n, strlen(n)), i);
	}
	assert_int_equal(policy_state_from("Draft", 5), -1);
	assert_int_equal(policy_state_from("draf", 4), -1);
	assert_int_equal(policy_kind_from("database", 8), TK_DATABASE);
	assert_null(policy_state_name(TS__MAX));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cases),
	    cmocka_unit_test(test_edges),
	    cmocka_unit_test(test_invariants),
	    cmocka_unit_test(test_visibility),
	    cmocka_unit_test(test_create),
	    cmocka_unit_test(test_reports),
	    cmocka_unit_test(test_names_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
