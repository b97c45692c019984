/* SPDX-License-Identifier: ISC */
/*
 * The audit trail.  Rows are only ever inserted: the application's
 * database account has no UPDATE or DELETE on the table, and triggers
 * refuse both for everyone else.  A caller that changes data writes its
 * audit row inside the same transaction, so both land or neither does.
 */
#ifndef AUDIT_H
#define AUDIT_H

#include "fcgi/base/buf.h"
#include "fcgi/base/jw.h"
#include "fcgi/http/req.h"

struct audit {
	const char *actor;
	const char *actor_name;
	/* NULL: the session user's display name */ /* canonical username,
	                                               or NULL */
	const char *action; /* login, login_failed, logout, ... */
	int64_t task_id;    /* 0: none */
	int64_t report_id;  /* 0: none */
	const char *from;   /* a transition's states, or NULL */
	const char *to;
	const char *comment; /* a comment, direction or reason, or NULL */
	const char *detail;  /* a JSON object, or NULL */
	size_t detail_len;
};

/* Inserts one row with the request's client address and id. */
enum nv_err audit_write(struct req *, const struct audit *);

#endif
