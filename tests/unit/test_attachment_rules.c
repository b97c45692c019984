/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for the rules of evidence files (issue 12) in auth/policy.c.
 * The expected answers are written out here from the issue and the task
 * ("delete by the uploader while the task/report is a draft or by the
 * secretariat"; "a coordinating agency may download; an unrelated agency
 * gets the same 404 it gets for the task"), not derived from the table.
 */
#include "unit.h"

#include "auth/policy.h"

#define O ROLE_BIT(ROLE_OFFICIAL)
#define H ROLE_BIT(ROLE_HEAD)
#define S ROLE_BIT(ROLE_SECRETARIAT)
#define L ROLE_BIT(ROLE_LEADERSHIP)
#define A ROLE_BIT(ROLE_ADMIN)

struct acase {
	unsigned roles;
	enum task_rel rel;
	int act, on; /* enum attachment_act, enum attachment_on */
	enum nv_err want;
	bool own_only; /* on NV_OK: the row needs the uploader */
};

/* clang-format off */
static const struct acase cases[] = {
	/* the lead agency uploads to what it writes or carries out */
	{ O, REL_LEAD,  ATA_CREATE, AO_TASK_OPEN,        NV_OK,     false },
	{ O, REL_LEAD,  ATA_CREATE, AO_TASK_ACTIVE,      NV_OK,     false },
	{ H, REL_LEAD,  ATA_CREATE, AO_TASK_ACTIVE,      NV_OK,     false },
	{ O, REL_LEAD,  ATA_CREATE, AO_REPORT_OPEN,      NV_OK,     false },
	{ O, REL_LEAD,  ATA_CREATE, AO_MILESTONE_OPEN,   NV_OK,     false },
	/* not to a finished task, a sent report, a done milestone */
	{ O, REL_LEAD,  ATA_CREATE, AO_TASK_FINAL,       NV_ESTATE, false },
	{ H, REL_LEAD,  ATA_CREATE, AO_REPORT_SENT,      NV_ESTATE, false },
	{ O, REL_LEAD,  ATA_CREATE, AO_MILESTONE_LOCKED, NV_ESTATE, false },
	/* a coordinating agency reads, does not upload or delete */
	{ O, REL_COORD, ATA_CREATE, AO_TASK_ACTIVE,      NV_EPERM,  false },
	{ H, REL_COORD, ATA_DELETE, AO_TASK_OPEN,        NV_EPERM,  false },
	/* an unrelated agency does not see it at all */
	{ O, REL_NONE,  ATA_CREATE, AO_TASK_OPEN,        NV_ENOENT, false },
	{ H, REL_NONE,  ATA_DELETE, AO_TASK_OPEN,        NV_ENOENT, false },
	/* the secretariat uploads to anything, deletes anything */
	{ S, REL_NONE,  ATA_CREATE, AO_TASK_FINAL,       NV_OK,     false },
	{ S, REL_NONE,  ATA_CREATE, AO_REPORT_SENT,      NV_OK,     false },
	{ S, REL_NONE,  ATA_DELETE, AO_TASK_ACTIVE,      NV_OK,     false },
	{ S, REL_NONE,  ATA_DELETE, AO_REPORT_SENT,      NV_OK,     false },
	/* the uploader deletes while it is a draft, only their own */
	{ O, REL_LEAD,  ATA_DELETE, AO_TASK_OPEN,        NV_OK,     true },
	{ O, REL_LEAD,  ATA_DELETE, AO_REPORT_OPEN,      NV_OK,     true },
	{ H, REL_LEAD,  ATA_DELETE, AO_MILESTONE_OPEN,   NV_OK,     true },
	{ O, REL_LEAD,  ATA_DELETE, AO_TASK_ACTIVE,      NV_ESTATE, false },
	{ O, REL_LEAD,  ATA_DELETE, AO_REPORT_SENT,      NV_ESTATE, false },
	/* leadership and admin read */
	{ L, REL_NONE,  ATA_CREATE, AO_TASK_OPEN,        NV_EPERM,  false },
	{ L, REL_NONE,  ATA_DELETE, AO_TASK_OPEN,        NV_EPERM,  false },
	{ A, REL_NONE,  ATA_CREATE, AO_TASK_ACTIVE,      NV_EPERM,  false },
	/* an official of the secretariat keeps the wider right */
	{ O | S, REL_LEAD, ATA_DELETE, AO_TASK_ACTIVE,   NV_OK,     false },
	{ O | S, REL_LEAD, ATA_DELETE, AO_TASK_OPEN,     NV_OK,     false },
};
/* clang-format on */

static void
test_cases(void **state)
{
	const struct rule *r;
	enum nv_err e;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		r = NULL;
		e = policy_decide(&policy_attachment_rules, cases[i].roles,
		    cases[i].rel, cases[i].act, ATS_ACTIVE, cases[i].on, 0, &r);
		if (e != cases[i].want)
			fail_msg(
			    "case %zu: got %d, want %d", i, e, cases[i].want);
		if (e != NV_OK)
			continue;
		assert_int_equal((r->pre & PRE_OWN) != 0, cases[i].own_only);
		assert_int_equal(r->to,
		    cases[i].act == ATA_DELETE ? ATS_DELETED : ATS_ACTIVE);
	}
}

/* A deleted file stays deleted: nothing acts on it. */
static void
test_deleted_is_final(void **state)
{
	const struct rule *r;
	unsigned roles[] = {O, H, S, O | S};
	size_t i;
	int act;

	(void)state;
	for (i = 0; i < NELEM(roles); i++)
		for (act = 0; act < ATA__MAX; act++)
			assert_int_not_equal(
			    policy_decide(&policy_attachment_rules, roles[i],
			        REL_LEAD, act, ATS_DELETED, AO_TASK_OPEN, 0,
			        &r),
			    NV_OK);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cases),
	    cmocka_unit_test(test_deleted_is_final),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
