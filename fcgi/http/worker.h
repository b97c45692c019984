/* SPDX-License-Identifier: ISC */
/* The worker process's main loop. */
#ifndef WORKER_H
#define WORKER_H

#include "fcgi/base/conf.h"

/* Serves requests on listen_fd until SIGTERM or max_requests; never returns. */
void worker_run(const struct conf *, int listen_fd) __attribute__((noreturn));

#endif
