/* SPDX-License-Identifier: ISC */
/*
 * Coordinating bodies' contributions (issue 15): who may do what, written
 * out from the issue ("each may add a short contribution to the lead body's
 * monthly report ..., approved by its own head"), not from the rule table;
 * and the relation that makes "its own" (contribution_rel()).
 */
#include "unit.h"

#include "auth/policy.h"
#include "auth/sess.h"
#include "fcgi/domain/contribution.h"

#define O ROLE_BIT(ROLE_OFFICIAL)
#define H ROLE_BIT(ROLE_HEAD)
#define S ROLE_BIT(ROLE_SECRETARIAT)
#define L ROLE_BIT(ROLE_LEADERSHIP)

struct ccase {
	unsigned roles;
	enum task_rel rel; /* to the contribution: REL_LEAD = own agency's */
	int act;           /* enum report_act */
	int from;          /* enum report_state */
	int task_st;
	enum nv_err want;
	int to;
};

#define SAME RULE_SAME

/* clang-format off */
static const struct ccase cases[] = {
	/* the contributing agency writes while the task is in the programme */
	{ O, REL_LEAD,  RA_CREATE,  RS_DRAFT,     TS_IN_PROGRAM, NV_OK,     RS_DRAFT },
	{ H, REL_LEAD,  RA_CREATE,  RS_DRAFT,     TS_IN_PROGRAM, NV_OK,     RS_DRAFT },
	{ O, REL_LEAD,  RA_CREATE,  RS_DRAFT,     TS_COMPLETED,  NV_ESTATE, 0 },
	{ O, REL_COORD, RA_CREATE,  RS_DRAFT,     TS_IN_PROGRAM, NV_EPERM,  0 },
	{ S, REL_NONE,  RA_CREATE,  RS_DRAFT,     TS_IN_PROGRAM, NV_EPERM,  0 },
	{ O, REL_NONE,  RA_CREATE,  RS_DRAFT,     TS_IN_PROGRAM, NV_ENOENT, 0 },
	{ O, REL_LEAD,  RA_EDIT,    RS_RETURNED,  TS_IN_PROGRAM, NV_OK,     SAME },
	{ O, REL_LEAD,  RA_EDIT,    RS_APPROVED,  TS_IN_PROGRAM, NV_ESTATE, 0 },
	{ O, REL_LEAD,  RA_SUBMIT,  RS_DRAFT,     TS_IN_PROGRAM, NV_OK,     RS_SUBMITTED },
	/* its own head decides; nobody else does */
	{ H, REL_LEAD,  RA_APPROVE, RS_SUBMITTED, TS_IN_PROGRAM, NV_OK,     RS_APPROVED },
	{ O, REL_LEAD,  RA_APPROVE, RS_SUBMITTED, TS_IN_PROGRAM, NV_EPERM,  0 },
	{ H, REL_COORD, RA_APPROVE, RS_SUBMITTED, TS_IN_PROGRAM, NV_EPERM,  0 },
	{ S, REL_NONE,  RA_APPROVE, RS_SUBMITTED, TS_IN_PROGRAM, NV_EPERM,  0 },
	{ L, REL_NONE,  RA_APPROVE, RS_SUBMITTED, TS_IN_PROGRAM, NV_EPERM,  0 },
	{ H, REL_LEAD,  RA_APPROVE, RS_DRAFT,     TS_IN_PROGRAM, NV_ESTATE, 0 },
	{ H, REL_LEAD,  RA_RETURN,  RS_SUBMITTED, TS_IN_PROGRAM, NV_OK,     RS_RETURNED },
	{ O, REL_LEAD,  RA_DELETE,  RS_DRAFT,     TS_IN_PROGRAM, NV_OK,     SAME },
	{ O, REL_LEAD,  RA_DELETE,  RS_APPROVED,  TS_IN_PROGRAM, NV_ESTATE, 0 },
};
/* clang-format on */

static void
test_rules(void **state)
{
	const struct rule *r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct ccase *c = &cases[i];
		enum nv_err got = policy_decide(&policy_contribution_rules,
		    c->roles, c->rel, c->act, c->from, c->task_st, 0, &r);

		if (got != c->want)
			fail_msg("case %zu: got %d, want %d", i, got, c->want);
		if (got == NV_OK)
			assert_int_equal(r->to, c->to);
	}
	/* A return says why. */
	assert_int_equal(policy_decide(&policy_contribution_rules, H, REL_LEAD,
	                     RA_RETURN, RS_SUBMITTED, TS_IN_PROGRAM, 0, &r),
	    NV_OK);
	assert_true(r->pre & PRE_COMMENT);
}

static void
test_rel(void **state)
{
	struct user snv = {.agency_code = "SNV", .roles = O};
	struct user none = {.roles = S};

	(void)state;
	/* Creating: only an agency that coordinates the task owns one. */
	assert_int_equal(
	    contribution_rel(&snv, REL_COORD, unit_s("SNV"), true), REL_LEAD);
	assert_int_equal(
	    contribution_rel(&snv, REL_LEAD, unit_s("SNV"), true), REL_COORD);
	assert_int_equal(
	    contribution_rel(&snv, REL_NONE, unit_s("SNV"), true), REL_NONE);
	/* An existing one: its agency's own; another's is only seen. */
	assert_int_equal(
	    contribution_rel(&snv, REL_COORD, unit_s("SNV"), false), REL_LEAD);
	assert_int_equal(
	    contribution_rel(&snv, REL_COORD, unit_s("SCT"), false), REL_COORD);
	assert_int_equal(
	    contribution_rel(&snv, REL_NONE, unit_s("SCT"), false), REL_NONE);
	assert_int_equal(
	    contribution_rel(&snv, REL_COORD, unit_s("SN"), false), REL_COORD);
	assert_int_equal(
	    contribution_rel(&none, REL_NONE, unit_s("SNV"), false), REL_NONE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rules),
	    cmocka_unit_test(test_rel),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
