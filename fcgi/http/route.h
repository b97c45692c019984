/* SPDX-License-Identifier: ISC */
/*
 * The route table and the steps every request takes before its handler:
 * find the route (404, 405), find the session (401), check the CSRF token
 * on changes (403), ask the policy whether the caller's roles may use the
 * route at all (403).  Handlers then check the object.
 */
#ifndef ROUTE_H
#define ROUTE_H

#include "auth/policy.h"
#include "fcgi/http/req.h"
#include "fcgi/http/resp.h"

typedef enum nv_err (*handler_fn)(struct req *, struct resp *);

#define R_NOCSRF 0x01 /* login: there is no session yet */

struct route {
	const char *method;
	const char *pattern; /* "/tasks/{id}/history" */
	handler_fn fn;
	enum route_perm perm;
	unsigned flags;
};

/* The table, defined by the API layer (fcgi/api/routes.c). */
extern const struct route route_table[];
extern const size_t route_count;

/*
 * Re-checks rq->sess against the directory (issue 16), defined above this
 * layer (fcgi/domain/resync.c) because it audits.  is_change: the request
 * changes something.  NV_EUNAUTH when the session ended; NV_EENROL
 * when the session may only enrol a second factor and rq is not about
 * that; NV_EDBDOWN.
 */
enum nv_err route_resync(struct req *, bool is_change);

/*
 * Runs rq through the table and its handler.  Returns the handler's
 * nv_err, or the error of the step that stopped the request.
 */
enum nv_err route_dispatch(struct req *, struct resp *);

/* Finds the route; NV_ENOENT, or NV_EMETHOD with the Allow header set. */
enum nv_err route_find(struct req *, struct resp *, const struct route **);

#endif
