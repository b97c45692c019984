/* SPDX-License-Identifier: ISC */
/* Role and agency decisions, as tables a reviewer can read at a glance. */
#include <string.h>

#include "auth/policy.h"

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
    [RP_ADMIN] = A,
};

/*
 * Who may do what to a task: each row gives an action, the roles it is
 * for, whose task it must be, and the states it starts from.  A user with
 * several roles has the union of their rows.  A task is seen by the
 * officials and heads of its lead and coordinating agencies, and by the
 * secretariat, leadership and admin.
 */
enum whose {
	ANY,  /* any task the role can see */
	LEAD, /* only tasks its agency leads */
};

#define ST(s) (1u << (s))
#define NOT_FINAL                                                              \
	(ST(TS_DRAFT) | ST(TS_SUBMITTED) | ST(TS_APPROVED) | ST(TS_RETURNED) | \
	    ST(TS_IN_PROGRAM))
#define ALL_STATES ((1u << TS__MAX) - 1)
#define SAME       TS__MAX /* the action does not move the task */

/* clang-format off */
static const struct task_rule {
	enum task_act act;
	unsigned roles;
	enum whose whose;
	unsigned from;
	enum task_state to;
} task_rules[] = {
	/* action          roles     whose  from states             to */
	{ TA_EDIT,          O | H,   LEAD,  ST(TS_DRAFT) | ST(TS_RETURNED), SAME },
	{ TA_EDIT_SCHEDULE, S,       ANY,   NOT_FINAL,               SAME },
	{ TA_SUBMIT,        O | H,   LEAD,  ST(TS_DRAFT) | ST(TS_RETURNED), TS_SUBMITTED },
	{ TA_APPROVE,       H,       LEAD,  ST(TS_SUBMITTED),        TS_APPROVED },
	{ TA_RETURN,        H,       LEAD,  ST(TS_SUBMITTED),        TS_RETURNED },
	{ TA_RETURN,        S,       ANY,   ST(TS_APPROVED),         TS_RETURNED },
	{ TA_ACCEPT,        S,       ANY,   ST(TS_APPROVED),         TS_IN_PROGRAM },
	{ TA_COMPLETE,      H,       LEAD,  ST(TS_IN_PROGRAM),       TS_COMPLETED },
	{ TA_COMPLETE,      S,       ANY,   ST(TS_IN_PROGRAM),       TS_COMPLETED },
	{ TA_CANCEL,        O | H,   LEAD,  ST(TS_DRAFT) | ST(TS_RETURNED), TS_CANCELLED },
	{ TA_CANCEL,        S,       ANY,   NOT_FINAL,               TS_CANCELLED },
	{ TA_COMMENT,       ROLES_ALL, ANY, ALL_STATES,              SAME },
};

/*
 * Monthly reports: written by the lead agency's officials and head while
 * the task is in the programme, decided by its head.
 */
#define RST(s) (1u << (s))
#define RSAME RS__MAX
static const struct report_rule {
	enum report_act act;
	unsigned roles;
	unsigned from;		/* report states; RA_CREATE: ignored */
	enum report_state to;
} report_rules[] = {
	/* action      roles  from states                        to */
	{ RA_CREATE,   O | H, 0,                                 RS_DRAFT },
	{ RA_EDIT,     O | H, RST(RS_DRAFT) | RST(RS_RETURNED),  RSAME },
	{ RA_SUBMIT,   O | H, RST(RS_DRAFT) | RST(RS_RETURNED),  RS_SUBMITTED },
	{ RA_APPROVE,  H,     RST(RS_SUBMITTED),                 RS_APPROVED },
	{ RA_RETURN,   H,     RST(RS_SUBMITTED),                 RS_RETURNED },
};

/* Who may create what, and whether straight into in_program. */
static const struct create_rule {
	unsigned roles;
	bool own_only;
	unsigned kinds;	     /* 1 << task_kind */
	unsigned states;     /* draft, in_program */
} create_rules[] = {
	/* roles   own agency only  kinds                  states */
	{ O | H,   true,  1u << TK_BREAKTHROUGH,           ST(TS_DRAFT) },
	{ S,       false, (1u << TK__MAX) - 1,             ST(TS_DRAFT) },
	{ S,       false, 1u << TK_DATABASE | 1u << TK_DIRECTIVE, ST(TS_IN_PROGRAM) },
};
/* clang-format on */

static const char *const state_names[TS__MAX] = {"draft", "submitted",
    "approved", "returned", "in_program", "completed", "cancelled"};
static const char *const act_names[TA__MAX] = {"edit", "edit_schedule",
    "submit", "approve", "return", "accept", "complete", "cancel", "comment"};
static const char *const kind_names[TK__MAX] = {
    "breakthrough", "database", "directive"};
static const char *const report_state_names[RS__MAX] = {
    "draft", "submitted", "approved", "returned"};
static const char *const report_act_names[RA__MAX] = {
    "create", "edit", "submit", "approve", "return"};

static int
name_index(const char *const *names, size_t n, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strlen(names[i]) == len && memcmp(names[i], s, len) == 0)
			return (int)i;
	return -1;
}

const char *
policy_state_name(enum task_state st)
{
	return (unsigned)st < TS__MAX ? state_names[st] : NULL;
}

int
policy_state_from(const char *s, size_t len)
{
	return name_index(state_names, TS__MAX, s, len);
}

const char *
policy_act_name(enum task_act a)
{
	return (unsigned)a < TA__MAX ? act_names[a] : NULL;
}

int
policy_act_from(const char *s, size_t len)
{
	return name_index(act_names, TA__MAX, s, len);
}

const char *
policy_kind_name(enum task_kind k)
{
	return (unsigned)k < TK__MAX ? kind_names[k] : NULL;
}

int
policy_kind_from(const char *s, size_t len)
{
	return name_index(kind_names, TK__MAX, s, len);
}

bool
policy_task_visible(unsigned roles, enum task_rel rel)
{
	if (roles & (S | L | A))
		return true;
	return (roles & AGENCY_BOUND) != 0 && rel != REL_NONE;
}

enum nv_err
policy_task(unsigned roles, enum task_rel rel, enum task_act act,
    enum task_state st, enum task_state *to)
{
	const struct task_rule *r;
	bool could = false;
	size_t i;

	if (!policy_task_visible(roles, rel))
		return NV_ENOENT;
	for (i = 0; i < NELEM(task_rules); i++) {
		r = &task_rules[i];
		if (r->act != act || (roles & r->roles) == 0)
			continue;
		/* A LEAD row needs an agency-bound role of the lead agency. */
		if (r->whose == LEAD && rel != REL_LEAD)
			continue;
		could = true;
		if (r->from & ST(st)) {
			*to = r->to == SAME ? st : r->to;
			return NV_OK;
		}
	}
	return could ? NV_ESTATE : NV_EPERM;
}

enum nv_err
policy_task_create(
    unsigned roles, bool own, enum task_kind kind, enum task_state st)
{
	const struct create_rule *r;
	bool anyone = false;
	size_t i;

	for (i = 0; i < NELEM(create_rules); i++) {
		r = &create_rules[i];
		if (!(r->kinds & (1u << kind)) || !(r->states & ST(st)))
			continue;
		anyone = true;
		if ((roles & r->roles) != 0 && (own || !r->own_only))
			return NV_OK;
	}
	return anyone ? NV_EPERM : NV_EINVAL;
}

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

const char *
policy_report_state_name(enum report_state st)
{
	return (unsigned)st < RS__MAX ? report_state_names[st] : NULL;
}

int
policy_report_state_from(const char *s, size_t len)
{
	return name_index(report_state_names, RS__MAX, s, len);
}

const char *
policy_report_act_name(enum report_act a)
{
	return (unsigned)a < RA__MAX ? report_act_names[a] : NULL;
}

int
policy_report_act_from(const char *s, size_t len)
{
	return name_index(report_act_names, RA__MAX, s, len);
}

enum nv_err
policy_report(unsigned roles, enum task_rel rel, enum report_act act,
    enum task_state task_st, enum report_state st, enum report_state *to)
{
	const struct report_rule *r;
	bool could = false;
	size_t i;

	if (!policy_task_visible(roles, rel))
		return NV_ENOENT;
	for (i = 0; i < NELEM(report_rules); i++) {
		r = &report_rules[i];
		/* Every report right belongs to the lead agency. */
		if (r->act != act || (roles & r->roles) == 0 || rel != REL_LEAD)
			continue;
		could = true;
		if (act == RA_CREATE ? task_st == TS_IN_PROGRAM
		                     : (r->from & RST(st)) != 0) {
			*to = r->to == RSAME ? st : r->to;
			return NV_OK;
		}
	}
	return could ? NV_ESTATE : NV_EPERM;
}
