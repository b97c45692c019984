/* SPDX-License-Identifier: ISC */
/* Committees at two levels (issue 14): the caller's, and their reach. */
#include "auth/policy.h"
#include "fcgi/base/db.h"
#include "fcgi/domain/committee.h"
#include "fcgi/domain/vocab.h"

enum nv_err
committee_own(struct arena *a, const struct user *u, struct str *out)
{
	static const char root[] = "SELECT code FROM committees WHERE parent "
	                           "IS NULL ORDER BY position, code LIMIT 1";
	struct db_res r;
	enum nv_err rc;

	if (u->committee != NULL) {
		*out = str_c(u->committee);
		return NV_OK;
	}
	if ((rc = db_query(a, root, NULL, 0, &r)) != NV_OK)
		return rc;
	if (r.nrows != 1)
		return NV_EINTERNAL;
	*out = db_cell(&r, 0, 0);
	return NV_OK;
}

bool
committee_reaches(const struct user *u, struct str c)
{
	return policy_in_scope(u->is_commune,
	    u->committee != NULL && c.p != NULL && str_eq(c, u->committee));
}

unsigned
committee_roles(const struct user *u, struct str c)
{
	return policy_scope_roles(u->roles, committee_reaches(u, c));
}

enum nv_err
committee_pick(
    struct arena *a, const struct user *u, struct str want, struct str *out)
{
	static const char sql[] = "SELECT code FROM committees WHERE code = ?";
	struct db_res r;
	enum nv_err rc;

	if (want.p == NULL)
		return committee_own(a, u, out);
	if (want.len == 0 || want.len > AGENCY_CODE_MAX)
		return NV_EINVAL;
	struct db_param p[] = {DBP_STR(want)};
	if ((rc = db_query(a, sql, p, NELEM(p), &r)) != NV_OK)
		return rc;
	if (r.nrows != 1 || !committee_reaches(u, db_cell(&r, 0, 0)))
		return NV_ENOENT;
	*out = db_cell(&r, 0, 0);
	return NV_OK;
}

enum nv_err
committee_of_agency(struct arena *a, struct str code, struct str *out)
{
	static const char sql[] =
	    "SELECT committee FROM agencies WHERE code = ?";
	struct db_param p[] = {DBP_STR(code)};
	struct db_res r;
	enum nv_err rc;

	if ((rc = db_query(a, sql, p, NELEM(p), &r)) != NV_OK)
		return rc;
	if (r.nrows != 1)
		return NV_ENOENT;
	*out = db_cell(&r, 0, 0);
	return NV_OK;
}
