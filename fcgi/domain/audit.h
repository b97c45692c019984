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

struct audit {
	const char *actor;       /* canonical username; NULL: the actor's */
	const char *actor_name;  /* NULL: the actor's display name */
	const char *action;      /* login, login_failed, logout, ... */
	int64_t task_id;         /* 0: none */
	int64_t report_id;       /* 0: none */
	int64_t record_id;       /* a record of no task (an indicator); 0 */
	const char *record_kind; /* its kind ("indicator"), with record_id */
	const char *from;        /* a transition's states, or NULL */
	const char *to;
	const char *comment; /* a comment, direction or reason, or NULL */
	const char *detail;  /* a JSON object, or NULL */
	size_t detail_len;
	/* An acting head's act: the head stood in for (issue 12), or NULL. */
	const char *on_behalf_of;
	const char *on_behalf_name;
};

struct actor;

/*
 * Inserts one row for the actor (fcgi/domain/wf.h): au->actor and
 * au->actor_name default to the actor's user, the client address and the
 * request id are the actor's.  The time is the database's.
 */
enum nv_err audit_insert(const struct actor *, const struct audit *);

#endif
