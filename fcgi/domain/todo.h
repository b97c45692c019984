/* SPDX-License-Identifier: ISC */
/*
 * What waits on a user (issue 12): the to-do list of GET /todo and the
 * reminder e-mails' items, worked out once for both from the user's roles
 * and agency.  Each item is one thing to do on one task (or indicator),
 * with the time it started to wait.
 */
#ifndef TODO_H
#define TODO_H

#include "auth/sess.h"
#include "fcgi/domain/task.h"

enum todo_kind {
	TODO_APPROVE_TASK,   /* head: a registration submitted */
	TODO_APPROVE_REPORT, /* head: a monthly report submitted */
	TODO_ACCEPT_TASK,    /* secretariat: an approved registration */
	TODO_FIX_TASK,       /* the lead agency: a registration returned */
	TODO_FIX_REPORT,     /* the lead agency: a report returned */
	TODO_WRITE_REPORT,   /* the lead agency: this month's report not sent */
	TODO_DUE_SOON,       /* the lead agency: deadline within 7 days */
	TODO_OVERDUE,        /* the lead agency: deadline passed */
	TODO_DIRECTION,      /* a direction of leadership not read yet */
	TODO_VALUE_DUE,      /* an indicator's value for the last period */
	TODO_APPROVE_VALUE,  /* head: an indicator value submitted */
	/* Issue 15. */
	TODO_MILESTONE_OVERDUE, /* the lead agency: a milestone's date passed */
	TODO_APPROVE_CONTRIBUTION, /* head: a coordinating body's share sent */
	TODO_FIX_CONTRIBUTION, /* the coordinating body: its share returned */
	TODO__MAX
};

extern const char *const todo_kind_names[TODO__MAX];

struct todo_item {
	enum todo_kind kind;
	const struct task *task; /* NULL for the indicator kinds */
	int64_t report_id;       /* a report, a direction's audit id, a value */
	struct str since;        /* "…Z" or "YYYY-MM-DD" */
	/* The indicator kinds: the indicator and the period. */
	int64_t indicator_id;
	struct str indicator_code, indicator_name, period;
	struct str text; /* a direction's text; a milestone's name; a
	                  * contribution's period */
};

typedef enum nv_err (*todo_fn)(void *ctx, const struct todo_item *);

/*
 * Calls fn for each item waiting on u on the day today (YYYY-MM-DD,
 * province time), kind by kind in enum order.  Rows are in a.  Returns
 * fn's error or the database's.
 */
enum nv_err todo_collect(struct arena *a, const struct user *u,
    const char *today, todo_fn fn, void *ctx);

/*
 * Marks the directions on task id read by username up to now (the read
 * marker of TODO_DIRECTION).  In the caller's transaction.
 */
enum nv_err todo_directions_read(const char *username, int64_t task_id);

#endif
