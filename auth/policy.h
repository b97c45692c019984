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

#include "../fcgi/conf.h"
#include "../fcgi/nv.h"

#define ROLE_BIT(r) (1u << (r))
#define ROLES_ALL   ((1u << ROLE__MAX) - 1)

/* Route-level permissions: who may call an endpoint at all. */
enum route_perm {
	RP_PUBLIC,    /* no session needed */
	RP_USER,      /* any logged-in user */
	RP_AUDIT,     /* the audit log */
	RP_DASHBOARD, /* the consolidated status */
	RP__MAX
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

#endif
