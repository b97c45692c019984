/* SPDX-License-Identifier: ISC */
/*
 * GET /admin/settings (admin): the effective configuration the worker
 * runs with, in the file's order, secrets shown only as set or unset.
 * All settings live in the one configuration file; none is changed
 * through the API.  Each says whether a change takes a reload (SIGHUP,
 * `systemctl reload nhiemvu`: new workers, no request lost) or a restart
 * (the socket and the user are taken once, before workers start).
 */
#include "fcgi/api/api.h"
#include "fcgi/base/conf.h"

static void
setting(
    void *ctx, const char *name, const char *value, bool secret, bool restart)
{
	struct jw *w = ctx;

	jw_obj_open(w);
	jw_kstrz(w, "key", name);
	jw_kstrz(w, "value", value);
	jw_kbool(w, "secret", secret);
	jw_kstrz(w, "apply", restart ? "restart" : "reload");
	jw_obj_close(w);
}

enum nv_err
api_settings(struct req *rq, struct resp *rs)
{
	struct jw *w;
	enum nv_err rc;

	if ((rc = req_query_unused(rq)) != NV_OK)
		return rc;
	w = resp_json(rs, 200);
	jw_obj_open(w);
	jw_key(w, "items");
	jw_arr_open(w);
	conf_each(rq->conf, setting, w);
	jw_arr_close(w);
	jw_obj_close(w);
	return NV_OK;
}
