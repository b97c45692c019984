/* SPDX-License-Identifier: ISC */
/* The worker process's main loop. */
#ifndef WORKER_H
#define WORKER_H

#include "fcgi/base/conf.h"
#include "fcgi/base/nv.h"
#include "fcgi/http/req.h"

/* Serves requests on listen_fd until SIGTERM or max_requests; never returns. */
void worker_run(const struct conf *, int listen_fd) __attribute__((noreturn));

/*
 * Called once per request after the response is sent, with the request's
 * final error (NV_OK included): audits the refusals worth auditing.  Defined
 * above this layer (fcgi/api/refusal.c), as route_table is, so that
 * HTTP plumbing needs no knowledge of the audit trail.
 */
void worker_refused(struct req *, enum nv_err);

#endif
