/* SPDX-License-Identifier: ISC */
/*
 * Committees at two levels (issue 14): whose a record of a committee
 * (a registration round, a programme) is, and whether a caller reaches
 * it.  A task's committee is its lead agency's (task.h, TASK_SCOPE); the
 * rule itself is policy_in_scope() in auth/policy.c.
 */
#ifndef COMMITTEE_H
#define COMMITTEE_H

#include <stdbool.h>

#include "auth/sess.h"
#include "fcgi/base/arena.h"
#include "fcgi/base/nv.h"
#include "fcgi/base/str.h"

/*
 * The caller's own committee: their agency's, or without an agency the
 * province's (the committee with no parent).  On NV_OK *out lives in a
 * (or in u).  NV_EDBDOWN, NV_EINTERNAL from the database.
 */
enum nv_err committee_own(
    struct arena *a, const struct user *u, struct str *out);

/* Whether u's committee-wide roles reach a record of committee c. */
bool committee_reaches(const struct user *u, struct str c);

/* u's roles on a record of committee c (policy_scope_roles()). */
unsigned committee_roles(const struct user *u, struct str c);

/*
 * The committee a request names in ?committee= (or the caller's own when
 * it names none): NV_ENOENT for an unknown one or one the caller does not
 * reach, NV_EINVAL for a malformed code.  On NV_OK *out lives in a.
 */
enum nv_err committee_pick(
    struct arena *a, const struct user *u, struct str want, struct str *out);

/*
 * The committee agency code belongs to: NV_ENOENT when there is no such
 * agency.  On NV_OK *out lives in a.
 */
enum nv_err committee_of_agency(
    struct arena *a, struct str code, struct str *out);

#endif
