/* SPDX-License-Identifier: ISC */
/* GET /agencies. */
#include "fcgi/api/api.h"
#include "fcgi/base/db.h"
#include "fcgi/base/str.h"

enum nv_err
api_agency_list(struct req *rq, struct resp *rs)
{
	/* Retired ones too, for the names of what was written under them;
	 * active says which may be chosen (issue 15). */
	static const char sql[] =
	    "SELECT code, name, kind, retired_at IS NULL, merged_into, "
	    "committee FROM agencies ORDER BY position, code";
	struct db_res r;
	struct jw *w;
	size_t i;
	enum nv_err rc;

	if ((rc = req_query_unused(rq)) != NV_OK)
		return rc;
	if ((rc = db_query(rq->arena, sql, NULL, 0, &r)) != NV_OK)
		return rc;
	w = resp_json(rs, 200);
	jw_obj_open(w);
	jw_key(w, "items");
	jw_arr_open(w);
	for (i = 0; i < r.nrows; i++) {
		jw_obj_open(w);
		jw_ksstr(w, "code", db_cell(&r, i, 0));
		jw_ksstr(w, "name", db_cell(&r, i, 1));
		jw_ksstr(w, "kind", db_cell(&r, i, 2));
		jw_kbool(w, "active", str_eq(db_cell(&r, i, 3), "1"));
		jw_ksstr(w, "merged_into", db_cell(&r, i, 4));
		/* Issue 14: the committee the agency belongs to. */
		jw_ksstr(w, "committee", db_cell(&r, i, 5));
		jw_obj_close(w);
	}
	jw_arr_close(w);
	jw_obj_close(w);
	return NV_OK;
}
