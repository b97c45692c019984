/* SPDX-License-Identifier: ISC */
/*
 * Acting head (issue 12), in auth/policy.c: an official with a running
 * delegation (ROLE_ACTING_HEAD) approves and returns what the head of
 * their agency may, on the head's rows of every kind, and nothing more;
 * nothing of the delegations themselves; and the decision says when it
 * was the head's right that let the act through.  The expected answers
 * come from the issue and PRODUCT.md, not from the rule tables.
 */
#include "unit.h"

#include "auth/policy.h"

#define O   ROLE_BIT(ROLE_OFFICIAL)
#define H   ROLE_BIT(ROLE_HEAD)
#define S   ROLE_BIT(ROLE_SECRETARIAT)
#define L   ROLE_BIT(ROLE_LEADERSHIP)
#define A   ROLE_BIT(ROLE_ADMIN)
#define ACT ROLE_ACTING_HEAD

static enum nv_err
task(unsigned roles, enum task_rel rel, enum task_act act, enum task_state st,
    bool *by_acting)
{
	const struct rule *r = NULL;
	enum nv_err e;

	e = policy_decide(
	    &policy_task_rules, roles, rel, (int)act, (int)st, 0, 0, &r);
	*by_acting = e == NV_OK && policy_by_acting(roles, r);
	return e;
}

static void
test_acting_approves_the_heads_tasks(void **state)
{
	enum task_state to;
	bool by;

	(void)state;
	/* Without a delegation an official neither approves nor returns. */
	assert_int_equal(
	    task(O, REL_LEAD, TA_APPROVE, TS_SUBMITTED, &by), NV_EPERM);
	assert_int_equal(
	    task(O, REL_LEAD, TA_RETURN, TS_SUBMITTED, &by), NV_EPERM);
	/* With one: approve, return and complete, as the head would. */
	assert_int_equal(
	    task(O | ACT, REL_LEAD, TA_APPROVE, TS_SUBMITTED, &by), NV_OK);
	assert_true(by);
	assert_int_equal(
	    task(O | ACT, REL_LEAD, TA_RETURN, TS_SUBMITTED, &by), NV_OK);
	assert_true(by);
	assert_int_equal(
	    task(O | ACT, REL_LEAD, TA_COMPLETE, TS_IN_PROGRAM, &by), NV_OK);
	assert_true(by);
	assert_int_equal(
	    policy_task(O | ACT, REL_LEAD, TA_APPROVE, TS_SUBMITTED, &to),
	    NV_OK);
	assert_int_equal(to, TS_APPROVED);
	/* What the official does anyway is not put down to the head. */
	assert_int_equal(
	    task(O | ACT, REL_LEAD, TA_SUBMIT, TS_DRAFT, &by), NV_OK);
	assert_false(by);
	assert_int_equal(
	    task(O | ACT, REL_LEAD, TA_EDIT, TS_RETURNED, &by), NV_OK);
	assert_false(by);
	/* The head's states still rule: 409, not 403. */
	assert_int_equal(
	    task(O | ACT, REL_LEAD, TA_APPROVE, TS_APPROVED, &by), NV_ESTATE);
	/* Only the agency's own tasks: a coordinating agency's head does
	 * not approve, and a task of neither is not even seen. */
	assert_int_equal(
	    task(O | ACT, REL_COORD, TA_APPROVE, TS_SUBMITTED, &by), NV_EPERM);
	assert_int_equal(
	    task(O | ACT, REL_NONE, TA_APPROVE, TS_SUBMITTED, &by), NV_ENOENT);
	/* Never the secretariat's: accepting stays theirs. */
	assert_int_equal(
	    task(O | ACT, REL_LEAD, TA_ACCEPT, TS_APPROVED, &by), NV_EPERM);
	/* A head acts as themself, never "on behalf". */
	assert_int_equal(
	    task(O | H, REL_LEAD, TA_APPROVE, TS_SUBMITTED, &by), NV_OK);
	assert_false(by);
}

static void
test_acting_on_reports_and_values(void **state)
{
	const struct rule *r;
	enum report_state to;

	(void)state;
	assert_int_equal(policy_report(O, REL_LEAD, RA_APPROVE, TS_IN_PROGRAM,
	                     RS_SUBMITTED, &to),
	    NV_EPERM);
	assert_int_equal(policy_report(O | ACT, REL_LEAD, RA_APPROVE,
	                     TS_IN_PROGRAM, RS_SUBMITTED, &to),
	    NV_OK);
	assert_int_equal(to, RS_APPROVED);
	assert_int_equal(policy_report(O | ACT, REL_LEAD, RA_RETURN,
	                     TS_IN_PROGRAM, RS_SUBMITTED, &to),
	    NV_OK);
	assert_int_equal(to, RS_RETURNED);
	/* An indicator's value is decided by the head, like a report. */
	assert_int_equal(
	    policy_decide(&policy_indicator_value_rules, O, REL_LEAD,
	        RA_APPROVE, RS_SUBMITTED, IS_ACTIVE, 0, &r),
	    NV_EPERM);
	assert_int_equal(
	    policy_decide(&policy_indicator_value_rules, O | ACT, REL_LEAD,
	        RA_APPROVE, RS_SUBMITTED, IS_ACTIVE, 0, &r),
	    NV_OK);
	assert_true(policy_by_acting(O | ACT, r));
	/* The programme is leadership's: no head's right there. */
	assert_int_equal(policy_decide(&policy_programme_rules, O | ACT,
	                     REL_COORD, PGA_APPROVE, PG_SUBMITTED, 0, 0, &r),
	    NV_EPERM);
}

static void
test_delegations_themselves(void **state)
{
	const struct rule *r;

	(void)state;
	/* A head delegates; nobody else, and an acting head not onwards. */
	assert_int_equal(policy_decide(&policy_delegation_rules, O | H,
	                     REL_LEAD, DA_CREATE, DS_ACTIVE, 0, 0, &r),
	    NV_OK);
	assert_int_equal(policy_decide(&policy_delegation_rules, O | ACT,
	                     REL_LEAD, DA_CREATE, DS_ACTIVE, 0, 0, &r),
	    NV_EPERM);
	assert_int_equal(policy_decide(&policy_delegation_rules, S, REL_NONE,
	                     DA_CREATE, DS_ACTIVE, 0, 0, &r),
	    NV_EPERM);
	assert_int_equal(policy_decide(&policy_delegation_rules, O, REL_LEAD,
	                     DA_CREATE, DS_ACTIVE, 0, 0, &r),
	    NV_EPERM);
	/* Revoked by the head who made it or by the secretariat. */
	assert_int_equal(policy_decide(&policy_delegation_rules, O | H,
	                     REL_LEAD, DA_REVOKE, DS_ACTIVE, 0, 0, &r),
	    NV_OK);
	assert_int_equal(policy_decide(&policy_delegation_rules, S, REL_NONE,
	                     DA_REVOKE, DS_ACTIVE, 0, 0, &r),
	    NV_OK);
	/* Another head of the agency sees it but does not revoke it, nor
	 * does its delegate. */
	assert_int_equal(policy_decide(&policy_delegation_rules, O | H,
	                     REL_COORD, DA_REVOKE, DS_ACTIVE, 0, 0, &r),
	    NV_EPERM);
	assert_int_equal(policy_decide(&policy_delegation_rules, O | ACT,
	                     REL_COORD, DA_REVOKE, DS_ACTIVE, 0, 0, &r),
	    NV_EPERM);
	assert_int_equal(policy_decide(&policy_delegation_rules, L, REL_NONE,
	                     DA_REVOKE, DS_ACTIVE, 0, 0, &r),
	    NV_EPERM);
	/* Once revoked, never again. */
	assert_int_equal(policy_decide(&policy_delegation_rules, S, REL_NONE,
	                     DA_REVOKE, DS_REVOKED, 0, 0, &r),
	    NV_ESTATE);
}

static void
test_the_bit_is_no_role(void **state)
{
	(void)state;
	assert_int_equal(ACT & ROLES_ALL, 0);
	assert_int_equal(policy_login(ACT, true), NV_ENOACCESS);
	assert_false(policy_route(ACT, RP_USER));
	assert_false(policy_route(O | ACT, RP_DASHBOARD));
	assert_false(policy_route(O | ACT, RP_AUDIT));
	assert_false(policy_task_visible(ACT, REL_LEAD));
	assert_true(policy_agency_head(O | ACT));
	assert_true(policy_agency_head(O | H));
	assert_false(policy_agency_head(O));
	assert_false(policy_agency_head(S | L | A));
	assert_false(policy_by_acting(O | ACT, NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_acting_approves_the_heads_tasks),
	    cmocka_unit_test(test_acting_on_reports_and_values),
	    cmocka_unit_test(test_delegations_themselves),
	    cmocka_unit_test(test_the_bit_is_no_role),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
