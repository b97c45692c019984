/* SPDX-License-Identifier: ISC */
/* Role and agency decisions, as tables a reviewer can read at a glance. */
#include "policy.h"

static const char *const role_names[ROLE__MAX] = {
    [ROLE_OFFICIAL] = "official",
    [ROLE_HEAD] = "head",
    [ROLE_SECRETARIAT] = "secretariat",
    [ROLE_LEADERSHIP] = "leadership",
    [ROLE_ADMIN] = "admin",
};

#define O ROLE_BIT(ROLE_OFFICIAL)
#define H ROLE_BIT(ROLE_HEAD)
#define S ROLE_BIT(ROLE_SECRETARIAT)
#define L ROLE_BIT(ROLE_LEADERSHIP)
#define A ROLE_BIT(ROLE_ADMIN)

/* Roles whose work is always about their own agency. */
#define AGENCY_BOUND (O | H)

/* Who may call each kind of route; a route without an entry gets 0. */
static const unsigned route_roles[RP__MAX] = {
    [RP_PUBLIC] = ROLES_ALL,
    [RP_USER] = ROLES_ALL,
    [RP_AUDIT] = S | A,
    [RP_DASHBOARD] = H | S | L | A,
};

const char *
policy_role_name(enum role r)
{
	if ((unsigned)r >= ROLE__MAX)
		return NULL;
	return role_names[r];
}

enum nv_err
policy_login(unsigned roles, bool has_agency)
{
	roles &= ROLES_ALL;
	if (roles == 0)
		return NV_ENOACCESS;
	/* An official or head without an agency has nothing to work on. */
	if (!has_agency && (roles & ~AGENCY_BOUND) == 0)
		return NV_ENOACCESS;
	return NV_OK;
}

bool
policy_route(unsigned roles, enum route_perm p)
{
	if ((unsigned)p >= RP__MAX)
		return false;
	return (roles & route_roles[p]) != 0;
}
