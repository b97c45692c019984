/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for the rules of the registration round and the programme
 * (issue 15) in auth/policy.c.  The expected answers are written out here
 * from the issue ("the secretariat compiles the year's programme ... and
 * submits it; the committee's leadership approves it or returns it with a
 * reason ... approving the programme is the one change leadership
 * makes"), not derived from the policy's tables.
 */
#include "unit.h"

#include "auth/policy.h"

#define O ROLE_BIT(ROLE_OFFICIAL)
#define H ROLE_BIT(ROLE_HEAD)
#define S ROLE_BIT(ROLE_SECRETARIAT)
#define L ROLE_BIT(ROLE_LEADERSHIP)
#define A ROLE_BIT(ROLE_ADMIN)

struct pcase {
	unsigned roles;
	int act, from;
	enum nv_err want;
	int to;         /* when want is NV_OK; -1: the state stays */
	unsigned edits; /* the groups an edit may change */
	bool needs_comment;
};

/* clang-format off */
static const struct pcase programme[] = {
	/* the secretariat compiles, edits and submits */
	{ S, PGA_CREATE,  PG_DRAFT,     NV_OK,     PG_DRAFT,     0, false },
	{ S, PGA_EDIT,    PG_DRAFT,     NV_OK,     -1,  G_CONTENT | G_SCHEDULE, false },
	{ S, PGA_EDIT,    PG_RETURNED,  NV_OK,     -1,  G_CONTENT | G_SCHEDULE, false },
	{ S, PGA_SUBMIT,  PG_DRAFT,     NV_OK,     PG_SUBMITTED, 0, false },
	{ S, PGA_SUBMIT,  PG_RETURNED,  NV_OK,     PG_SUBMITTED, 0, false },
	{ S, PGA_SUBMIT,  PG_SUBMITTED, NV_ESTATE, 0, 0, false },
	{ S, PGA_SUBMIT,  PG_APPROVED,  NV_ESTATE, 0, 0, false },
	/* an approved version: only its document's number and date */
	{ S, PGA_EDIT,    PG_APPROVED,  NV_OK,     -1,  G_SCHEDULE, false },
	{ S, PGA_EDIT,    PG_SUBMITTED, NV_ESTATE, 0, 0, false },
	/* leadership decides, and does nothing else */
	{ L, PGA_APPROVE, PG_SUBMITTED, NV_OK,     PG_APPROVED,  0, false },
	{ L, PGA_RETURN,  PG_SUBMITTED, NV_OK,     PG_RETURNED,  0, true },
	{ L, PGA_APPROVE, PG_DRAFT,     NV_ESTATE, 0, 0, false },
	{ L, PGA_RETURN,  PG_APPROVED,  NV_ESTATE, 0, 0, false },
	{ L, PGA_CREATE,  PG_DRAFT,     NV_EPERM,  0, 0, false },
	{ L, PGA_EDIT,    PG_DRAFT,     NV_EPERM,  0, 0, false },
	{ L, PGA_SUBMIT,  PG_DRAFT,     NV_EPERM,  0, 0, false },
	/* the secretariat does not approve its own programme */
	{ S, PGA_APPROVE, PG_SUBMITTED, NV_EPERM,  0, 0, false },
	{ S, PGA_RETURN,  PG_SUBMITTED, NV_EPERM,  0, 0, false },
	/* heads and admin read, nothing more */
	{ H, PGA_CREATE,  PG_DRAFT,     NV_EPERM,  0, 0, false },
	{ H, PGA_APPROVE, PG_SUBMITTED, NV_EPERM,  0, 0, false },
	{ A, PGA_APPROVE, PG_SUBMITTED, NV_EPERM,  0, 0, false },
	{ A, PGA_EDIT,    PG_DRAFT,     NV_EPERM,  0, 0, false },
	/* a user with both roles has the union */
	{ S | L, PGA_APPROVE, PG_SUBMITTED, NV_OK, PG_APPROVED, 0, false },
};

static const struct pcase round_cases[] = {
	{ S, RNA_CREATE, RND_OPEN, NV_OK,    RND_OPEN, 0, false },
	{ S, RNA_EDIT,   RND_OPEN, NV_OK,    -1, G_CONTENT, false },
	{ L, RNA_CREATE, RND_OPEN, NV_EPERM, 0, 0, false },
	{ L, RNA_EDIT,   RND_OPEN, NV_EPERM, 0, 0, false },
	{ H, RNA_EDIT,   RND_OPEN, NV_EPERM, 0, 0, false },
	{ O, RNA_CREATE, RND_OPEN, NV_EPERM, 0, 0, false },
	{ A, RNA_EDIT,   RND_OPEN, NV_EPERM, 0, 0, false },
};
/* clang-format on */

static void
run(const struct rules *rs, const struct pcase *c, size_t n)
{
	const struct rule *r;
	enum nv_err e;
	size_t i;

	for (i = 0; i < n; i++) {
		r = NULL;
		e = policy_decide(
		    rs, c[i].roles, REL_COORD, c[i].act, c[i].from, 0, 0, &r);
		if (e != c[i].want)
			fail_msg("case %zu: got %d, want %d", i, e, c[i].want);
		if (e != NV_OK)
			continue;
		assert_int_equal(r->to, c[i].to);
		assert_int_equal(r->edits, c[i].edits);
		assert_int_equal(
		    (r->pre & PRE_COMMENT) != 0, c[i].needs_comment);
	}
}

static void
test_programme(void **state)
{
	(void)state;
	run(&policy_programme_rules, programme, NELEM(programme));
}

static void
test_round(void **state)
{
	(void)state;
	run(&policy_round_rules, round_cases, NELEM(round_cases));
}

/* Nobody outside the committee's view decides: no row for an official. */
static void
test_no_official_row(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < policy_programme_rules.n; i++)
		assert_int_equal(policy_programme_rules.rows[i].roles & O, 0);
	for (i = 0; i < policy_round_rules.n; i++)
		assert_int_equal(policy_round_rules.rows[i].roles & O, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_programme),
	    cmocka_unit_test(test_round),
	    cmocka_unit_test(test_no_official_row),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
