/* SPDX-License-Identifier: ISC */
/*
 * The one place that decides who may do what.  Handlers and the router ask
 * it; they never re-implement a rule.  It takes plain values (a role set,
 * an agency relation, a state) and returns decisions, so it is tested
 * without any server.
 */
#ifndef POLICY_H
#define POLICY_H

#include <stdbool.h>

#include "fcgi/base/conf.h"
#include "fcgi/base/nv.h"

#define ROLE_BIT(r) (1u << (r))
#define ROLES_ALL   ((1u << ROLE__MAX) - 1)

/* Route-level permissions: who may call an endpoint at all. */
enum route_perm {
	RP_PUBLIC,    /* no session needed */
	RP_USER,      /* any logged-in user */
	RP_AUDIT,     /* the audit log */
	RP_DASHBOARD, /* the consolidated status */
	RP_ADMIN,     /* administration: other users' sessions */
	RP__MAX
};

/* How the caller's agency stands to a task. */
enum task_rel {
	REL_NONE,  /* not the lead, not a coordinator */
	REL_COORD, /* a coordinating agency */
	REL_LEAD,  /* the lead agency */
};

enum task_state {
	TS_DRAFT,
	TS_SUBMITTED,
	TS_APPROVED,
	TS_RETURNED,
	TS_IN_PROGRAM,
	TS_COMPLETED,
	TS_CANCELLED,
	TS__MAX
};

enum task_act {
	TA_EDIT,          /* change the registration's content */
	TA_EDIT_SCHEDULE, /* change deadline, notes and target only */
	TA_SUBMIT,
	TA_APPROVE,
	TA_RETURN,
	TA_ACCEPT,
	TA_COMPLETE,
	TA_CANCEL,
	TA_COMMENT,
	TA__MAX
};

enum task_kind { TK_BREAKTHROUGH, TK_DATABASE, TK_DIRECTIVE, TK__MAX };

enum report_state { RS_DRAFT, RS_SUBMITTED, RS_APPROVED, RS_RETURNED, RS__MAX };

enum report_act {
	RA_CREATE, /* write a report for a task in the programme */
	RA_EDIT,
	RA_SUBMIT,
	RA_APPROVE,
	RA_RETURN,
	RA__MAX
};

/* "official", "head", ...; NULL for an out-of-range role. */
const char *policy_role_name(enum role);

/*
 * Whether a directory account may use nhiemvu at all.  NV_ENOACCESS when it
 * has no role, or only agency-bound roles (official, head) and no agency.
 */
enum nv_err policy_login(unsigned roles, bool has_agency);

/* Whether a user with these roles may call a route of this permission. */
bool policy_route(unsigned roles, enum route_perm);

/* Names used by the API; NULL or -1 when unknown. */
const char *policy_state_name(enum task_state);
int policy_state_from(const char *, size_t);
const char *policy_act_name(enum task_act);
int policy_act_from(const char *, size_t);
const char *policy_kind_name(enum task_kind);
int policy_kind_from(const char *, size_t);

/* Whether the caller may see a task at all (else it is a 404). */
bool policy_task_visible(unsigned roles, enum task_rel);

/*
 * Whether the caller may do act to a task in state st.  NV_ENOENT when the
 * task is not visible to them, NV_EPERM when none of their roles may ever
 * do act to such a task, NV_ESTATE when they could but not in this state.
 * On NV_OK *to is the state the task moves to (st for edits, comments).
 */
enum nv_err policy_task(unsigned roles, enum task_rel, enum task_act,
    enum task_state st, enum task_state *to);

/*
 * Whether the caller may create a task of this kind for an agency (own:
 * their own agency), straight in state st (draft or in_program).
 * NV_EPERM for the caller's roles; NV_EINVAL when no one may (a
 * breakthrough task cannot skip approval).
 */
enum nv_err policy_task_create(
    unsigned roles, bool own, enum task_kind, enum task_state st);

/* Report names used by the API; NULL or -1 when unknown. */
const char *policy_report_state_name(enum report_state);
int policy_report_state_from(const char *, size_t);
const char *policy_report_act_name(enum report_act);
int policy_report_act_from(const char *, size_t);

/*
 * Whether the caller may do act to a report in state st of a task in state
 * task_st.  Reports are seen by whoever sees their task (NV_ENOENT
 * otherwise), written by the lead agency, decided by its head.  NV_EPERM,
 * NV_ESTATE as for tasks; on NV_OK *to is the report's next state.
 */
enum nv_err policy_report(unsigned roles, enum task_rel, enum report_act,
    enum task_state task_st, enum report_state st, enum report_state *to);

#endif
