/* SPDX-License-Identifier: ISC */
/* Unit tests for auth/policy.c: login access, route access, role names. */
#include "unit.h"

#include "auth/policy.h"

#define O ROLE_BIT(ROLE_OFFICIAL)
#define H ROLE_BIT(ROLE_HEAD)
#define S ROLE_BIT(ROLE_SECRETARIAT)
#define L ROLE_BIT(ROLE_LEADERSHIP)
#define A ROLE_BIT(ROLE_ADMIN)

static void
test_role_names(void **state)
{
	(void)state;
	assert_string_equal(policy_role_name(ROLE_OFFICIAL), "official");
	assert_string_equal(policy_role_name(ROLE_HEAD), "head");
	assert_string_equal(policy_role_name(ROLE_SECRETARIAT), "secretariat");
	assert_string_equal(policy_role_name(ROLE_LEADERSHIP), "leadership");
	assert_string_equal(policy_role_name(ROLE_ADMIN), "admin");
	assert_null(policy_role_name(ROLE__MAX));
	assert_null(policy_role_name((enum role)(ROLE__MAX + 7)));
	assert_null(policy_role_name((enum role) - 1));
}

static void
test_role_bits(void **state)
{
	(void)state;
	/* ROLES_ALL is exactly the five roles (update the tests on a new one).
	 */
	assert_int_equal(O | H | S | L | A, ROLES_ALL);
}

static void
test_login_no_roles(void **state)
{
	(void)state;
	assert_int_equal(policy_login(0, false), NV_ENOACCESS);
	assert_int_equal(policy_login(0, true), NV_ENOACCESS);
	/* Bits that are no role do not count as one. */
	assert_int_equal(policy_login(1u << ROLE__MAX, true), NV_ENOACCESS);
	assert_int_equal(
	    policy_login(0xffffffffu & ~ROLES_ALL, true), NV_ENOACCESS);
}

static void
test_login_agency_bound(void **state)
{
	(void)state;
	assert_int_equal(policy_login(O, false), NV_ENOACCESS);
	assert_int_equal(policy_login(H, false), NV_ENOACCESS);
	assert_int_equal(policy_login(O | H, false), NV_ENOACCESS);
	assert_int_equal(
	    policy_login(O | (1u << ROLE__MAX), false), NV_ENOACCESS);
	assert_int_equal(policy_login(O, true), NV_OK);
	assert_int_equal(policy_login(H, true), NV_OK);
	assert_int_equal(policy_login(O | H, true), NV_OK);
}

static void
test_login_not_bound(void **state)
{
	(void)state;
	assert_int_equal(policy_login(S, false), NV_OK);
	assert_int_equal(policy_login(L, false), NV_OK);
	assert_int_equal(policy_login(A, false), NV_OK);
	assert_int_equal(policy_login(S, true), NV_OK);
	assert_int_equal(policy_login(L, true), NV_OK);
	assert_int_equal(policy_login(A, true), NV_OK);
	/* One role that needs no agency is enough. */
	assert_int_equal(policy_login(O | S, false), NV_OK);
	assert_int_equal(policy_login(H | L, false), NV_OK);
	assert_int_equal(policy_login(ROLES_ALL, false), NV_OK);
}

static void
test_route_table(void **state)
{
	/* want[role][perm]: may a user with only this role call the route? */
	/* clang-format off */
	static const bool want[ROLE__MAX][RP__MAX] = {
		/*                   PUBLIC USER  AUDIT  DASHBOARD ADMIN  REMIND AGENCIES DELEGATIONS */
		[ROLE_OFFICIAL]    = { true, true, false, false, false, false, false, true  },
		[ROLE_HEAD]        = { true, true, false, true,  false, false, false, true  },
		[ROLE_SECRETARIAT] = { true, true, true,  true,  false, true,  true,  true  },
		[ROLE_LEADERSHIP]  = { true, true, false, true,  false, false, false, false },
		[ROLE_ADMIN]       = { true, true, true,  true,  true,  false, true,  false },
	};
	/* clang-format on */
	int r, p;

	(void)state;
	for (r = 0; r < ROLE__MAX; r++)
		for (p = 0; p < RP__MAX; p++)
			if (policy_route(ROLE_BIT(r), (enum route_perm)p) !=
			    want[r][p])
				fail_msg("role %s, perm %d: got %d",
				    policy_role_name((enum role)r), p,
				    !want[r][p]);
}

static void
test_route_combined(void **state)
{
	(void)state;
	assert_true(policy_route(O | S, RP_AUDIT));
	assert_true(policy_route(O | A, RP_AUDIT));
	assert_false(policy_route(O | H | L, RP_AUDIT));
	assert_true(policy_route(O | H, RP_DASHBOARD));
	assert_false(policy_route(O, RP_DASHBOARD));
	/* No role: nothing that needs one. */
	assert_false(policy_route(0, RP_USER));
	assert_false(policy_route(0, RP_AUDIT));
	assert_false(policy_route(0, RP_DASHBOARD));
	assert_false(policy_route(1u << ROLE__MAX, RP_USER));
	/* A permission outside the table is refused to everyone. */
	assert_false(policy_route(ROLES_ALL, RP__MAX));
	assert_false(policy_route(ROLES_ALL, (enum route_perm)(RP__MAX + 3)));
	assert_false(policy_route(ROLES_ALL, (enum route_perm) - 1));
}

/* Agencies (issue 15): the admin; the secretariat only by configuration;
 * nobody else, whatever the configuration. */
static void
test_agency_admin(void **state)
{
	const unsigned adm = ROLE_BIT(ROLE_ADMIN),
	               sec = ROLE_BIT(ROLE_SECRETARIAT),
	               others = ROLE_BIT(ROLE_OFFICIAL) | ROLE_BIT(ROLE_HEAD) |
	                        ROLE_BIT(ROLE_LEADERSHIP);

	(void)state;
	assert_true(policy_agency_admin(adm, false));
	assert_true(policy_agency_admin(adm, true));
	assert_false(policy_agency_admin(sec, false));
	assert_true(policy_agency_admin(sec, true));
	assert_true(policy_agency_admin(sec | ROLE_BIT(ROLE_OFFICIAL), true));
	assert_false(policy_agency_admin(others, false));
	assert_false(policy_agency_admin(others, true));
	assert_false(policy_agency_admin(0, true));
	/* the route lets both through; the handler narrows */
	assert_true(policy_route(sec, RP_AGENCIES));
	assert_false(policy_route(others, RP_AGENCIES));
}

/*
 * Committees at two levels (issue 14), from docs/API.md "Committees": the
 * province's callers reach every committee; a commune's reach their own
 * only; outside it the secretariat, leadership and admin fall away and an
 * official's or head's rights (their agency's relation) stay.
 */
static void
test_committee_scope(void **state)
{
	(void)state;
	assert_true(policy_in_scope(false, true));
	assert_true(policy_in_scope(false, false)); /* the province's */
	assert_true(policy_in_scope(true, true));   /* its own commune */
	assert_false(policy_in_scope(true, false)); /* another committee */

	assert_int_equal(policy_scope_roles(ROLES_ALL, true), ROLES_ALL);
	assert_int_equal(policy_scope_roles(O | S, false), O);
	assert_int_equal(policy_scope_roles(H | L | A, false), H);
	assert_int_equal(policy_scope_roles(S | L | A, false), 0);
	assert_int_equal(policy_scope_roles(O | H, false), O | H);

	/* A commune's secretariat on another commune's task: a stranger. */
	assert_false(
	    policy_task_visible(policy_scope_roles(O | S, false), REL_NONE));
	assert_true(policy_task_visible(O | S, REL_NONE));
	/* Coordinating the province's task: an official's view, no more. */
	enum task_state to;
	assert_int_equal(policy_task(policy_scope_roles(O | S, false),
	                     REL_COORD, TA_ACCEPT, TS_APPROVED, &to),
	    NV_EPERM);
	assert_int_equal(
	    policy_task(O | S, REL_COORD, TA_ACCEPT, TS_APPROVED, &to), NV_OK);

	assert_true(policy_committee_wide(S));
	assert_true(policy_committee_wide(L | O));
	assert_true(policy_committee_wide(A));
	assert_false(policy_committee_wide(O | H));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_role_names),
	    cmocka_unit_test(test_role_bits),
	    cmocka_unit_test(test_login_no_roles),
	    cmocka_unit_test(test_login_agency_bound),
	    cmocka_unit_test(test_login_not_bound),
	    cmocka_unit_test(test_route_table),
	    cmocka_unit_test(test_route_combined),
	    cmocka_unit_test(test_agency_admin),
	    cmocka_unit_test(test_committee_scope),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
