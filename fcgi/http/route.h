/* SPDX-License-Identifier: ISC */
/*
 * The route table and the steps every request takes before its handler:
 * find the route (404, 405), hold its body to the route's limit (413),
 * find the session (401), check the CSRF token on changes (403), ask the
 * policy whether the caller's roles may use the route at all (403), refuse
 * query keys the route does not take (400), and run the handler, in one
 * transaction for the routes that change data.  Handlers then check the
 * object.
 */
#ifndef ROUTE_H
#define ROUTE_H

#include "auth/policy.h"
#include "fcgi/http/req.h"
#include "fcgi/http/resp.h"

typedef enum nv_err (*handler_fn)(struct req *, struct resp *);

#define R_NOCSRF 0x01u /* login: there is no session yet */
#define R_TX     0x02u /* the handler runs in one transaction (db_tx) */
#define R_IDEM   0x04u /* with R_TX: an Idempotency-Key replays (idem.c) */

/* The largest body a route takes; the sizes are settings. */
enum route_body {
	RB_NONE,  /* none at all */
	RB_JSON,  /* body_max: 64 KiB by the contract */
	RB_LOGIN, /* login_body_max: a username and a password */
	RB_FILE, /* import_body_max: an uploaded file (5 MiB by the contract) */
	RB_STREAM, /* the handler reads it in pieces (rq->in_read): evidence */
};

struct route {
	const char *method;
	const char *pattern; /* "/tasks/{id}/history" */
	handler_fn fn;
	enum route_perm perm;
	unsigned flags;       /* R_* */
	enum route_body body; /* RB_* */
	const char *query;    /* the query keys it takes, space-separated */
	const void *arg;      /* what a shared handler acts on: rq->route_arg */
};

/* The table, defined by the API layer (fcgi/api/routes.c). */
extern const struct route route_table[];
extern const size_t route_count;

/*
 * Re-checks rq->sess against the directory (issue 16), defined above this
 * layer (fcgi/api/resync.c) because it audits.  is_change: the request
 * changes something.  NV_EUNAUTH when the session ended; NV_EENROL
 * when the session may only enrol a second factor and rq is not about
 * that; NV_EDBDOWN.
 */
enum nv_err route_resync(struct req *, bool is_change);

/*
 * Whether a running delegation makes rq's user the acting head of their
 * agency today (issue 12): sets ROLE_ACTING_HEAD and acting_for on
 * rq->sess->user.  Defined above this layer (fcgi/api/api_delegation.c).
 */
enum nv_err route_acting(struct req *);

/*
 * Runs rq through the table and its handler.  Returns the handler's
 * nv_err, or the error of the step that stopped the request.
 */
enum nv_err route_dispatch(struct req *, struct resp *);

/*
 * The largest body the route of rq's method and path takes (conf's
 * body_max when there is no such route), so that the worker reads no more
 * before it knows.  Sets up rq's path segments as route_find() does.
 */
size_t route_body_max(struct req *);

/*
 * Whether the route of rq's method and path reads its own body
 * (RB_STREAM), so that the worker leaves it on the stream.
 */
bool route_streams(struct req *);

/* Finds the route; NV_ENOENT, or NV_EMETHOD with the Allow header set. */
enum nv_err route_find(struct req *, struct resp *, const struct route **);

#endif
