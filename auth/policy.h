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
#include <stddef.h>

#include "fcgi/base/conf.h"
#include "fcgi/base/nv.h"

#define ROLE_BIT(r) (1u << (r))
#define ROLES_ALL   ((1u << ROLE__MAX) - 1)

/* Route-level permissions: who may call an endpoint at all. */
enum route_perm {
	RP_PUBLIC,      /* no session needed */
	RP_USER,        /* any logged-in user */
	RP_AUDIT,       /* the audit log */
	RP_DASHBOARD,   /* the consolidated status */
	RP_ADMIN,       /* administration: other users' sessions */
	RP_REMIND,      /* a reminder mailed to an agency (secretariat) */
	RP_AGENCIES,    /* agencies: admin, secretariat by configuration */
	RP_DELEGATIONS, /* acting-head delegations (issue 12) */
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
	TA_WITHDRAW, /* take back a submission before the head decides */
	TA_DELETE,   /* a draft that was never sent: gone, but audited */
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
	RA_DELETE, /* a draft or returned report written by mistake */
	RA__MAX
};

/* Indicators (chỉ tiêu): defined by the secretariat, retired, not deleted. */
enum indicator_state { IS_ACTIVE, IS_RETIRED, IS__MAX };

enum indicator_act {
	IA_CREATE,
	IA_EDIT,
	IA_RETIRE, /* no longer followed; its values stay readable */
	IA_RESTORE,
	IA__MAX
};

/* The difficulties register: a report's proposals followed to an answer. */
enum proposal_state { PS_NEW, PS_FORWARDED, PS_ANSWERED, PS_CLOSED, PS__MAX };

enum proposal_act {
	PA_CREATE, /* by a report's approval */
	PA_EDIT,
	PA_FORWARD,
	PA_ANSWER,
	PA_CLOSE,
	PA__MAX
};

/* The year's registration round (issue 15): set by the secretariat. */
enum round_state { RND_OPEN, RND__MAX };

enum round_act {
	RNA_CREATE,
	RNA_EDIT, /* the dates, the kinds of body that must register, notes */
	RNA__MAX
};

/*
 * The year's programme and its amendments (issue 15): compiled and
 * submitted by the secretariat, approved or returned by leadership.
 */
enum programme_state {
	PG_DRAFT,
	PG_SUBMITTED,
	PG_APPROVED,
	PG_RETURNED,
	PG__MAX
};

enum programme_act {
	PGA_CREATE, /* compile the tasks accepted or changed since the last */
	PGA_EDIT,   /* notes; the approving document's number and date */
	PGA_SUBMIT,
	PGA_APPROVE,
	PGA_RETURN,
	PGA__MAX
};

/* Milestones inside a task (issue 15): dated intermediate products. */
enum milestone_state { MS_OPEN, MS_DONE, MS__MAX };

enum milestone_act {
	MA_CREATE,
	MA_EDIT,
	MA_DONE,   /* reached: dated today */
	MA_REOPEN, /* marked done by mistake */
	MA__MAX
};

/*
 * Evidence files (issue 12) on a task, a report or a milestone: active
 * until deleted (a state: the bytes and the row stay, audited).
 */
enum attachment_state { ATS_ACTIVE, ATS_DELETED, ATS__MAX };

enum attachment_act {
	ATA_CREATE, /* upload */
	ATA_DELETE,
	ATA__MAX
};

/*
 * What an attachment hangs on, and whether that is still being written:
 * its "parent state" for the rules (the thing's own state folded with
 * what it is).  Open: a task in draft or returned, a report in draft or
 * returned, an open milestone of a task in the programme.
 */
enum attachment_on {
	AO_TASK_OPEN,
	AO_TASK_ACTIVE, /* submitted .. in_program */
	AO_TASK_FINAL,  /* completed, cancelled */
	AO_REPORT_OPEN,
	AO_REPORT_SENT, /* submitted, approved */
	AO_MILESTONE_OPEN,
	AO_MILESTONE_LOCKED, /* done, or its task no longer in the programme */
	AO__MAX
};

/*
 * Acting head (issue 12): a head delegates the approvals of their agency to
 * one of its officials for a range of dates.  The delegation is a record
 * (fcgi/domain/delegation.c); while it runs, the request's user carries
 * ROLE_ACTING_HEAD beside their directory roles (never stored, never a
 * directory role), and policy_decide() lets them do what a head of their
 * agency may do on every rule set but the delegations' own.
 */
#define ROLE_ACTING_HEAD (1u << 16)

enum delegation_state { DS_ACTIVE, DS_REVOKED, DS__MAX };

enum delegation_act {
	DA_CREATE,
	DA_REVOKE, /* ended early: by its head or the secretariat */
	DA__MAX
};

/*
 * Whether roles make the caller the head of their own agency for the
 * approvals waiting there: a head, or an acting head by delegation.
 */
bool policy_agency_head(unsigned roles);

/* "official", "head", ...; NULL for an out-of-range role. */
const char *policy_role_name(enum role);

/*
 * Whether a directory account may use nhiemvu at all.  NV_ENOACCESS when it
 * has no role, or only agency-bound roles (official, head) and no agency.
 */
enum nv_err policy_login(unsigned roles, bool has_agency);

/* Whether a user with these roles may call a route of this permission. */
bool policy_route(unsigned roles, enum route_perm);
/*
 * Whether roles may administer agencies (add, rename, retire, merge):
 * the admin, and the secretariat when the configuration says so
 * (agencies_by_secretariat, issue 15).
 */
bool policy_agency_admin(unsigned roles, bool by_secretariat);

/* The names of the API and the SQL ENUMs, indexed by the enums. */
extern const char *const policy_task_state_names[TS__MAX];
extern const char *const policy_task_act_names[TA__MAX];
extern const char *const policy_task_kind_names[TK__MAX];
extern const char *const policy_report_state_names[RS__MAX];
extern const char *const policy_report_act_names[RA__MAX];
extern const char *const policy_indicator_state_names[IS__MAX];
extern const char *const policy_indicator_act_names[IA__MAX];
extern const char *const policy_proposal_state_names[PS__MAX];
extern const char *const policy_proposal_act_names[PA__MAX];
extern const char *const policy_round_state_names[RND__MAX];
extern const char *const policy_round_act_names[RNA__MAX];
extern const char *const policy_programme_state_names[PG__MAX];
extern const char *const policy_programme_act_names[PGA__MAX];
extern const char *const policy_milestone_state_names[MS__MAX];
extern const char *const policy_milestone_act_names[MA__MAX];
extern const char *const policy_attachment_state_names[ATS__MAX];
extern const char *const policy_attachment_act_names[ATA__MAX];
extern const char *const policy_delegation_state_names[DS__MAX];
extern const char *const policy_delegation_act_names[DA__MAX];

/* Names used by the API; NULL or -1 when unknown. */
const char *policy_state_name(enum task_state);
int policy_state_from(const char *, size_t);
const char *policy_act_name(enum task_act);
int policy_act_from(const char *, size_t);
const char *policy_kind_name(enum task_kind);
int policy_kind_from(const char *, size_t);

/* Completed or cancelled: nothing moves a task out of these. */
bool policy_task_final(enum task_state);

/*
 * Committees at two levels (issue 14).  A record belongs to the committee
 * of its task's lead agency.  policy_in_scope(): whether a caller whose
 * agency's committee is a commune's (caller_commune) or the province's
 * reaches a record, given whether the record is of the caller's own
 * committee; the province reaches every committee.
 * policy_scope_roles(): the roles that act on a record: outside the scope
 * the committee-wide ones (secretariat, leadership, admin) fall away.
 * policy_committee_wide(): whether roles hold one of those.
 */
bool policy_in_scope(bool caller_commune, bool same_committee);
unsigned policy_scope_roles(unsigned roles, bool in_scope);
bool policy_committee_wide(unsigned roles);

/* Whether the caller may see a task at all (else it is a 404). */
bool policy_task_visible(unsigned roles, enum task_rel);

/*
 * One shape for every rule of every kind of record: who (roles, and whose
 * record: any they can see, or their own agency's), from which states,
 * under which state of the parent record, to which state, and what the
 * action then needs.  A user with several roles has the union of the rows
 * that match.  The record's descriptor (fcgi/domain/) names its rule set.
 */
enum whose {
	W_ANY,  /* any record the role can see */
	W_LEAD, /* only records of the caller's own (lead) agency */
};

/* What a rule asks before it lets the action through. */
#define PRE_COMMENT 0x01u /* a comment that is not blank (a return's why) */
#define PRE_REASON  0x02u /* a comment when a G_REASON member changes */
#define PRE_OWN     0x04u /* the caller made the record (record_desc.owned) */

/*
 * Groups of a record's members, as the rules name them; each member of a
 * descriptor says which groups it is in (fcgi/domain/record.h).
 */
#define G_CONTENT  0x01u /* the registration's content */
#define G_SCHEDULE 0x02u /* deadline, notes, target */
#define G_REASON   0x04u /* moving it in the programme needs a reason */
#define G_REPORT   0x08u /* what a report must say before it is sent */
#define G_SUBMIT   0x10u /* what a registration must state to be sent */
#define G_ALL      (G_CONTENT | G_SCHEDULE)

#define RULE_SAME (-1) /* the action leaves the state as it is */

struct rule {
	int act;              /* the kind's action enum */
	unsigned roles;       /* ROLE_BIT()s */
	enum whose whose;     /* W_LEAD: the caller's agency leads the task */
	unsigned from;        /* bit per state the record may be in */
	int to;               /* the state it moves to, or RULE_SAME */
	unsigned parent_from; /* bit per state of the parent task; 0: any */
	unsigned kinds;       /* bit per task kind (creates); 0: any */
	unsigned pre;         /* PRE_*: what the action needs */
	unsigned edits;       /* G_*: the members an edit may change */
	unsigned requires;    /* G_*: members that must not be blank */
};

struct rules {
	const struct rule *rows;
	size_t n;
	/* An acting head (ROLE_ACTING_HEAD) holds no head's row of this set:
	 * delegations themselves (no delegating onwards). */
	bool no_acting;
};

/* The rule sets of tasks (acts on a task, and creating one), reports,
 * indicators and their values (whose states and acts are a report's). */
extern const struct rules policy_task_rules, policy_task_create_rules,
    policy_report_rules, policy_indicator_rules, policy_indicator_value_rules,
    policy_proposal_rules;
/* The registration round's (issue 15). */
extern const struct rules policy_round_rules;
/* The programme's (issue 15). */
extern const struct rules policy_programme_rules;
/* A task's milestones' (issue 15). */
extern const struct rules policy_milestone_rules;
/* Evidence files' (issue 12); their parent states are enum attachment_on. */
extern const struct rules policy_attachment_rules;
/* Acting-head delegations' (issue 12). */
extern const struct rules policy_delegation_rules;
/* Coordinating bodies' contributions' (issue 15); a report's states. */
extern const struct rules policy_contribution_rules;

/*
 * The decision, with the precedence every kind shares: NV_ENOENT when the
 * caller cannot see the record, NV_EPERM when none of their rows is for
 * act, NV_ESTATE when some row is but not from st (or not while the parent
 * is in parent_st).  On NV_OK *out is the first row that lets it through;
 * on NV_ESTATE the first that would in another state; else NULL.
 * States are small enums (< 32); parent_st is ignored by rows with
 * parent_from 0, kind by rows with kinds 0.  An acting head
 * (ROLE_ACTING_HEAD) is asked first as themself, then as a head, unless
 * the set is no_acting.
 */
enum nv_err policy_decide(const struct rules *, unsigned roles,
    enum task_rel rel, int act, int st, int parent_st, int kind,
    const struct rule **out);

/*
 * Whether row r, which policy_decide() gave roles, is the caller's only
 * as an acting head: the audit then names the head they stood in for.
 */
bool policy_by_acting(unsigned roles, const struct rule *r);

/* Whether some row of the set moves the record for act (a transition). */
bool policy_moves(const struct rules *, int act);

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
