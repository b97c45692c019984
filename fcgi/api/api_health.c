/* SPDX-License-Identifier: ISC */
/*
 * GET /health, without login: 200 when MariaDB and the directory both
 * answer, else 503 naming the part that is down.  The 503 body carries the
 * contract's error object too, for clients that only read that.
 */
#include "auth/dir.h"
#include "fcgi/api/api.h"
#include "fcgi/base/db.h"

enum nv_err
api_health(struct req *rq, struct resp *rs)
{
	struct jw *w;
	enum nv_err db, dir, worst;
	enum nv_err rc;

	if ((rc = req_query_unused(rq)) != NV_OK)
		return rc;
	db = db_ping();
	dir = dir_ping();
	worst = db != NV_OK ? NV_EDBDOWN : dir != NV_OK ? NV_EDIRDOWN : NV_OK;
	w = resp_json(rs, worst == NV_OK ? 200 : 503);
	jw_obj_open(w);
	jw_kstrz(w, "status", worst == NV_OK ? "ok" : "unavailable");
	jw_kstrz(w, "database", db == NV_OK ? "ok" : "down");
	jw_kstrz(w, "directory", dir == NV_OK ? "ok" : "down");
	if (worst != NV_OK) {
		jw_key(w, "error");
		jw_obj_open(w);
		jw_kstrz(w, "code", errmap[worst].code);
		jw_kstrz(w, "message", errmap[worst].message);
		jw_obj_close(w);
	}
	jw_obj_close(w);
	return NV_OK;
}
