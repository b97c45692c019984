/* SPDX-License-Identifier: ISC */
/*
 * Acting head (issue 12): a head delegates the approvals of their agency
 * to one of its officials for a range of dates, at most DELEGATION_DAYS
 * long, starting today or later.  The delegation is a kind of record on
 * the one write path (created, revoked); it runs from its first to its
 * last day unless revoked and ends by itself.  While it runs the
 * delegate's request carries ROLE_ACTING_HEAD (delegation_acting()), and
 * auth/policy.c lets them do what the head may do; the audit names the
 * head they stood in for.
 */
#ifndef DELEGATION_H
#define DELEGATION_H

#include "auth/sess.h"
#include "fcgi/domain/record.h"

#define DELEGATION_DAYS  90  /* the longest delegation, first to last day */
#define DELEGATION_AHEAD 365 /* how far ahead its first day may be */

struct delegation {
	int64_t id, version;
	int64_t task_id; /* always 0: a delegation belongs to no task */
	struct str agency, head, head_name, delegate, delegate_name;
	struct str from, to; /* YYYY-MM-DD, the province's dates */
	int status;          /* enum delegation_state */
	struct str revoked_at, revoked_by;
	struct str created_by, created_at, updated_at;
};

extern const struct record_desc delegation_record;

/* How a delegation stands on the day today: its "phase" in the API. */
enum delegation_phase { DP_SCHEDULED, DP_RUNNING, DP_ENDED, DP_REVOKED };
enum delegation_phase delegation_phase(
    const struct delegation *, const char *today);

/*
 * Whether u runs as the acting head of their agency on the day today (a
 * delegation naming them, of their agency, running, not revoked): then
 * ROLE_ACTING_HEAD joins u->roles and u->acting_for names the head.  A
 * head, or a user with no agency, never acts for another.  Strings live
 * in a.
 */
enum nv_err delegation_acting(
    struct arena *a, struct user *u, const char *today);
/*
 * The same with the delegation already read (sess_lookup): head, its
 * name and the last day, head NULL when none runs.
 */
void delegation_acting_set(
    struct user *u, const char *head, const char *head_name, const char *until);

/*
 * The list of GET /delegations for u, newest first: every one for the
 * secretariat, their agency's for a head, those naming them for an
 * official; fn is called with each row.
 */
enum nv_err delegation_list(struct arena *a, const struct user *u,
    void (*fn)(void *ctx, const struct delegation *), void *ctx);

#endif
