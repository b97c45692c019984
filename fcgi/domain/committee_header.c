/* SPDX-License-Identifier: ISC */
/* The heading of a committee's printouts (committee_header.h). */
#include "fcgi/base/db.h"
#include "fcgi/domain/committee_header.h"

enum nv_err
committee_header(
    struct arena *a, struct str code, bool secretariat, const char **out)
{
	/* UPPER() under the table's utf8mb4 collation capitalises the
	 * Vietnamese letters (ạ → Ạ, đ → Đ). */
	static const char sql[] =
	    "SELECT parent IS NULL, UPPER(name) FROM committees "
	    "WHERE code = COALESCE(?, (SELECT c.code FROM committees c "
	    "WHERE c.parent IS NULL ORDER BY c.position, c.code LIMIT 1))";
	struct db_param p[] = {DBP_STR(code)};
	struct db_res r;
	struct str name;
	enum nv_err rc;

	if ((rc = db_query(a, sql, p, NELEM(p), &r)) != NV_OK)
		return rc;
	if (r.nrows != 1)
		return NV_ENOENT;
	name = db_cell(&r, 0, 1);
	if (str_eq(db_cell(&r, 0, 0), "1") || name.len == 0)
		*out = arena_printf(a, "%s%s", PROVINCE_HEADER,
		    secretariat ? SECRETARIAT_SUFFIX : "");
	else
		*out = arena_printf(a, "%.*s%s", (int)name.len, name.p,
		    secretariat ? SECRETARIAT_SUFFIX : "");
	return *out == NULL ? NV_ETOOBIG : NV_OK;
}
