/* SPDX-License-Identifier: ISC */
/*
 * db_count (db.h), over db_query alone: a file of its own so that the unit
 * tests' fake database (tests/unit/fake_db.c) links it as it is instead of
 * keeping a copy.
 */
#include <stdint.h>

#include "fcgi/base/db.h"
#include "fcgi/base/str.h"

enum nv_err
db_count(struct arena *a, const char *sql, const struct db_param *p, size_t n,
    int64_t *out)
{
	struct db_res r;
	enum nv_err rc;

	if ((rc = db_query(a, sql, p, n, &r)) != NV_OK)
		return rc;
	if (r.nrows != 1 || r.ncols != 1 ||
	    str_to_i64(db_cell(&r, 0, 0), 0, INT64_MAX, out) != NV_OK)
		return NV_EINTERNAL;
	return NV_OK;
}
