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
    [RP_REMIND] = S,
    /* narrowed by policy_agency_admin() */
    [RP_AGENCIES] = S | A,
    /* heads make them, the secretariat sees all, a delegate sees theirs */
    [RP_DELEGATIONS] = O | H | S,
};

/*
 * Who may do what to a task.  A task is seen by the officials and heads of
 * its lead and coordinating agencies, and by the secretariat, leadership
 * and admin (policy_task_visible).
 */
#define ST(s) (1u << (s))
#define NOT_FINAL                                                              \
	(ST(TS_DRAFT) | ST(TS_SUBMITTED) | ST(TS_APPROVED) | ST(TS_RETURNED) | \
	    ST(TS_IN_PROGRAM))
#define ALL_STATES ((1u << TS__MAX) - 1)
#define OPEN_DRAFT (ST(TS_DRAFT) | ST(TS_RETURNED))

/* clang-format off */
static const struct rule task_rows[] = {
	/* action         roles  whose   from states     to */
	{ TA_EDIT,          O | H, W_LEAD, OPEN_DRAFT,     RULE_SAME, .edits = G_ALL },
	/* The secretariat keeps the schedule; moving a deadline the committee
	 * has accepted needs a reason in the history. */
	{ TA_EDIT_SCHEDULE, S,     W_ANY,  NOT_FINAL & ~ST(TS_IN_PROGRAM), RULE_SAME, .edits = G_SCHEDULE },
	{ TA_EDIT_SCHEDULE, S,     W_ANY,  ST(TS_IN_PROGRAM), RULE_SAME, .edits = G_SCHEDULE, .pre = PRE_REASON },
	/* A registration states what the letter asks of each task (issue
	 * 17): the members in G_SUBMIT.  Approving and accepting ask it
	 * again, for one sent before the rule existed. */
	{ TA_SUBMIT,        O | H, W_LEAD, OPEN_DRAFT,     TS_SUBMITTED, .requires = G_SUBMIT },
	/* Sent too soon: the lead takes it back to fix it, until its head
	 * decides (issue 17). */
	{ TA_WITHDRAW,      O | H, W_LEAD, ST(TS_SUBMITTED), TS_DRAFT },
	/* A draft made by mistake: the lead deletes it (issue 17). */
	{ TA_DELETE,        O | H, W_LEAD, ST(TS_DRAFT),  RULE_SAME },
	{ TA_APPROVE,       H,     W_LEAD, ST(TS_SUBMITTED), TS_APPROVED, .requires = G_SUBMIT },
	{ TA_RETURN,        H,     W_LEAD, ST(TS_SUBMITTED), TS_RETURNED, .pre = PRE_COMMENT },
	{ TA_RETURN,        S,     W_ANY,  ST(TS_APPROVED),  TS_RETURNED, .pre = PRE_COMMENT },
	{ TA_ACCEPT,        S,     W_ANY,  ST(TS_APPROVED),  TS_IN_PROGRAM, .requires = G_SUBMIT },
	{ TA_COMPLETE,      H,     W_LEAD, ST(TS_IN_PROGRAM), TS_COMPLETED },
	{ TA_COMPLETE,      S,     W_ANY,  ST(TS_IN_PROGRAM), TS_COMPLETED },
	{ TA_CANCEL,        O | H, W_LEAD, OPEN_DRAFT,     TS_CANCELLED },
	{ TA_CANCEL,        S,     W_ANY,  NOT_FINAL & ~ST(TS_IN_PROGRAM), TS_CANCELLED },
	/* Dropping a task from the committee's programme says why. */
	{ TA_CANCEL,        S,     W_ANY,  ST(TS_IN_PROGRAM), TS_CANCELLED, .pre = PRE_COMMENT },
	{ TA_COMMENT,       ROLES_ALL, W_ANY, ALL_STATES,  RULE_SAME },
};

/*
 * Who may create what: "from" is the state a new task may start in,
 * W_LEAD that the caller's own agency must lead it.
 */
#define K(k) (1u << (k))
static const struct rule task_create_rows[] = {
	/* roles   whose   may start in       kinds */
	{ 0, O | H, W_LEAD, ST(TS_DRAFT),      RULE_SAME, .kinds = K(TK_BREAKTHROUGH) },
	{ 0, S,     W_ANY,  ST(TS_DRAFT),      RULE_SAME, .kinds = (1u << TK__MAX) - 1 },
	{ 0, S,     W_ANY,  ST(TS_IN_PROGRAM), RULE_SAME, .kinds = K(TK_DATABASE) | K(TK_DIRECTIVE) },
};

/*
 * Monthly reports: written by the lead agency's officials and head while
 * the task is in the programme, decided by its head.  The committee wants
 * outcomes, not activity: a report says its results before it is sent.
 */
#define RST(s) (1u << (s))
#define REPORT_OPEN (RST(RS_DRAFT) | RST(RS_RETURNED))
static const struct rule report_rows[] = {
	/* action     roles  whose   from states       to */
	{ RA_CREATE,  O | H, W_LEAD, RST(RS_DRAFT),     RS_DRAFT, .parent_from = ST(TS_IN_PROGRAM) },
	{ RA_EDIT,    O | H, W_LEAD, REPORT_OPEN,       RULE_SAME, .edits = G_ALL },
	{ RA_SUBMIT,  O | H, W_LEAD, REPORT_OPEN,       RS_SUBMITTED, .requires = G_REPORT },
	{ RA_APPROVE, H,     W_LEAD, RST(RS_SUBMITTED), RS_APPROVED },
	{ RA_RETURN,  H,     W_LEAD, RST(RS_SUBMITTED), RS_RETURNED, .pre = PRE_COMMENT },
	{ RA_DELETE,  O | H, W_LEAD, REPORT_OPEN,       RULE_SAME },
};

/*
 * Indicators: the secretariat defines, edits, retires and restores them
 * (issue 13: "the secretariat defines and edits indicators"); a retired
 * one is kept, with its values, but no longer followed.  Who reads them is
 * the kind's visibility (fcgi/domain/indicator.c), not a rule.
 */
#define IST(s) (1u << (s))
static const struct rule indicator_rows[] = {
	/* action      roles whose  from states       to */
	{ IA_CREATE,  S,    W_ANY, IST(IS_ACTIVE),   IS_ACTIVE },
	{ IA_EDIT,    S,    W_ANY, IST(IS_ACTIVE),   RULE_SAME, .edits = G_CONTENT },
	{ IA_RETIRE,  S,    W_ANY, IST(IS_ACTIVE),   IS_RETIRED, .pre = PRE_COMMENT },
	{ IA_RESTORE, S,    W_ANY, IST(IS_RETIRED),  IS_ACTIVE },
};

/*
 * An indicator's values: entered by the responsible agency while the
 * indicator is followed, decided by its head, "exactly like a monthly
 * report" (issue 13); a value is not sent without its source.
 */
static const struct rule indicator_value_rows[] = {
	/* action     roles  whose   from states       to */
	{ RA_CREATE,  O | H, W_LEAD, RST(RS_DRAFT),     RS_DRAFT, .parent_from = IST(IS_ACTIVE) },
	{ RA_EDIT,    O | H, W_LEAD, REPORT_OPEN,       RULE_SAME, .edits = G_CONTENT },
	{ RA_SUBMIT,  O | H, W_LEAD, REPORT_OPEN,       RS_SUBMITTED, .requires = G_REPORT },
	{ RA_APPROVE, H,     W_LEAD, RST(RS_SUBMITTED), RS_APPROVED },
	{ RA_RETURN,  H,     W_LEAD, RST(RS_SUBMITTED), RS_RETURNED, .pre = PRE_COMMENT },
};

/*
 * The difficulties register (issue 13): a report's approval raises its
 * proposals (by the approving head); the secretariat triages: forwards,
 * with an addressee and a deadline, or closes (a duplicate, say, with the
 * reason); the addressed agency's head answers, the secretariat for the
 * committee (proposal.c checks the addressee).  W_LEAD here is the
 * addressed agency, not the task's lead (proposal_rel()).
 */
#define PST(s) (1u << (s))
static const struct rule proposal_rows[] = {
	/* action     roles whose   from states       to */
	{ PA_CREATE,  H,    W_ANY,  PST(PS_NEW),      PS_NEW },
	{ PA_EDIT,    S,    W_ANY,  PST(PS_NEW) | PST(PS_FORWARDED), RULE_SAME, .edits = G_SCHEDULE | G_CONTENT },
	{ PA_EDIT,    H,    W_LEAD, PST(PS_FORWARDED), RULE_SAME, .edits = G_CONTENT },
	{ PA_FORWARD, S,    W_ANY,  PST(PS_NEW),      PS_FORWARDED, .requires = G_SCHEDULE },
	{ PA_ANSWER,  H,    W_LEAD, PST(PS_FORWARDED), PS_ANSWERED, .requires = G_REPORT },
	{ PA_ANSWER,  S,    W_ANY,  PST(PS_FORWARDED), PS_ANSWERED, .requires = G_REPORT },
	{ PA_CLOSE,   S,    W_ANY,  PST(PS_NEW) | PST(PS_FORWARDED) | PST(PS_ANSWERED), PS_CLOSED, .pre = PRE_COMMENT },
};

/*
 * The registration round (issue 15): the secretariat opens the year's
 * round and sets its dates and the kinds of body that must register.
 * Everyone reads it (the deadline is the letter's); the compliance board
 * is for those who see the dashboard (routes.c).
 */
#define RNST(s) (1u << (s))
static const struct rule round_rows[] = {
	/* action     roles whose   from states       to */
	{ RNA_CREATE, S,    W_ANY,  RNST(RND_OPEN),   RND_OPEN },
	{ RNA_EDIT,   S,    W_ANY,  RNST(RND_OPEN),   RULE_SAME, .edits = G_CONTENT },
};

/*
 * The programme (issue 15): the secretariat compiles the year's programme
 * (or an amendment) from the accepted tasks and submits it; the
 * committee's leadership approves it or returns it with a reason, the one
 * change leadership makes.  An approved version is frozen but for the
 * approving document's number and date (G_SCHEDULE), recorded after.
 */
#define PGST(s) (1u << (s))
#define PG_OPEN (PGST(PG_DRAFT) | PGST(PG_RETURNED))
static const struct rule programme_rows[] = {
	/* action      roles whose   from states         to */
	{ PGA_CREATE,  S,    W_ANY,  PGST(PG_DRAFT),     PG_DRAFT },
	{ PGA_EDIT,    S,    W_ANY,  PG_OPEN,            RULE_SAME, .edits = G_CONTENT | G_SCHEDULE },
	{ PGA_EDIT,    S,    W_ANY,  PGST(PG_APPROVED),  RULE_SAME, .edits = G_SCHEDULE },
	{ PGA_SUBMIT,  S,    W_ANY,  PG_OPEN,            PG_SUBMITTED },
	{ PGA_APPROVE, L,    W_ANY,  PGST(PG_SUBMITTED), PG_APPROVED },
	{ PGA_RETURN,  L,    W_ANY,  PGST(PG_SUBMITTED), PG_RETURNED, .pre = PRE_COMMENT },
};

/*
 * A task's milestones (issue 15): set and marked done by the lead agency
 * while the task is in the programme, as its reports are written; the
 * secretariat, which keeps the schedule, too, and alone reopens one marked
 * done by mistake, saying why.
 */
#define MST(s) (1u << (s))
static const struct rule milestone_rows[] = {
	/* action     roles  whose   from states     to */
	{ MA_CREATE,  O | H, W_LEAD, MST(MS_OPEN),   MS_OPEN, .parent_from = ST(TS_IN_PROGRAM) },
	{ MA_CREATE,  S,     W_ANY,  MST(MS_OPEN),   MS_OPEN, .parent_from = ST(TS_IN_PROGRAM) },
	{ MA_EDIT,    O | H, W_LEAD, MST(MS_OPEN),   RULE_SAME, .parent_from = ST(TS_IN_PROGRAM), .edits = G_CONTENT },
	{ MA_EDIT,    S,     W_ANY,  MST(MS_OPEN),   RULE_SAME, .parent_from = ST(TS_IN_PROGRAM), .edits = G_CONTENT },
	{ MA_DONE,    O | H, W_LEAD, MST(MS_OPEN),   MS_DONE, .parent_from = ST(TS_IN_PROGRAM) },
	{ MA_DONE,    S,     W_ANY,  MST(MS_OPEN),   MS_DONE, .parent_from = ST(TS_IN_PROGRAM) },
	{ MA_REOPEN,  S,     W_ANY,  MST(MS_DONE),   MS_OPEN, .pre = PRE_COMMENT },
};

/*
 * Acting head (issue 12): a head delegates their agency's approvals to one
 * of its officials for a range of dates (the hooks check the official and
 * the dates); the head who made it, or the secretariat, revokes it.  W_LEAD
 * here is "the caller is the delegation's head" (delegation_rel()).  The
 * set is no_acting: an acting head delegates nothing onwards.
 */
#define DST(s) (1u << (s))
static const struct rule delegation_rows[] = {
	/* action     roles whose   from states      to */
	{ DA_CREATE,  H,    W_LEAD, DST(DS_ACTIVE),  DS_ACTIVE },
	{ DA_REVOKE,  H,    W_LEAD, DST(DS_ACTIVE),  DS_REVOKED },
	{ DA_REVOKE,  S,    W_ANY,  DST(DS_ACTIVE),  DS_REVOKED },
};

/*
 * Coordinating bodies' contributions (issue 15): each agency that
 * coordinates a task in the programme adds its share to the lead body's
 * monthly report, written by its officials and decided by its OWN head,
 * as a report is.  W_LEAD here is the contributing agency, not the task's
 * lead (contribution_rel()): the lead's head does not approve another
 * body's account.
 */
static const struct rule contribution_rows[] = {
	/* action     roles  whose   from states       to */
	{ RA_CREATE,  O | H, W_LEAD, RST(RS_DRAFT),     RS_DRAFT, .parent_from = ST(TS_IN_PROGRAM) },
	{ RA_EDIT,    O | H, W_LEAD, REPORT_OPEN,       RULE_SAME, .edits = G_CONTENT },
	{ RA_SUBMIT,  O | H, W_LEAD, REPORT_OPEN,       RS_SUBMITTED, .requires = G_REPORT },
	{ RA_APPROVE, H,     W_LEAD, RST(RS_SUBMITTED), RS_APPROVED },
	{ RA_RETURN,  H,     W_LEAD, RST(RS_SUBMITTED), RS_RETURNED, .pre = PRE_COMMENT },
	{ RA_DELETE,  O | H, W_LEAD, REPORT_OPEN,       RULE_SAME },
};
/* clang-format on */

/*
 * Evidence files (issue 12): uploaded by the lead agency to what it is
 * still writing or carrying out (not to a report already sent, nor a
 * finished task), by the secretariat to anything; deleted by their
 * uploader while what they hang on is still a draft, or by the
 * secretariat.  Seen by whoever sees the task.  The secretariat's rows
 * come first: a user with both roles keeps the wider right.
 */
/* clang-format off */
#define AO(s) (1u << (s))
#define ATST(s) (1u << (s))
#define AO_OPEN (AO(AO_TASK_OPEN) | AO(AO_REPORT_OPEN) | AO(AO_MILESTONE_OPEN))
static const struct rule attachment_rows[] = {
	/* action     roles  whose   from states        to */
	{ ATA_CREATE, S,     W_ANY,  ATST(ATS_ACTIVE),    ATS_ACTIVE },
	{ ATA_CREATE, O | H, W_LEAD, ATST(ATS_ACTIVE),    ATS_ACTIVE, .parent_from = AO_OPEN | AO(AO_TASK_ACTIVE) },
	{ ATA_DELETE, S,     W_ANY,  ATST(ATS_ACTIVE),    ATS_DELETED },
	{ ATA_DELETE, O | H, W_LEAD, ATST(ATS_ACTIVE),    ATS_DELETED, .parent_from = AO_OPEN, .pre = PRE_OWN },
};
/* clang-format on */

const struct rules policy_attachment_rules = {
    attachment_rows, NELEM(attachment_rows)};
const struct rules policy_delegation_rules = {
    delegation_rows, NELEM(delegation_rows), .no_acting = true};
const struct rules policy_milestone_rules = {
    milestone_rows, NELEM(milestone_rows)};
const struct rules policy_contribution_rules = {
    contribution_rows, NELEM(contribution_rows)};
const struct rules policy_programme_rules = {
    programme_rows, NELEM(programme_rows)};
const struct rules policy_round_rules = {round_rows, NELEM(round_rows)};
const struct rules policy_task_rules = {task_rows, NELEM(task_rows)};
const struct rules policy_task_create_rules = {
    task_create_rows, NELEM(task_create_rows)};
const struct rules policy_report_rules = {report_rows, NELEM(report_rows)};
const struct rules policy_indicator_rules = {
    indicator_rows, NELEM(indicator_rows)};
const struct rules policy_indicator_value_rules = {
    indicator_value_rows, NELEM(indicator_value_rows)};
const struct rules policy_proposal_rules = {
    proposal_rows, NELEM(proposal_rows)};

/* The names the API and SQL use, in the enums' order. */
const char *const policy_task_state_names[TS__MAX] = {"draft", "submitted",
    "approved", "returned", "in_program", "completed", "cancelled"};
const char *const policy_task_act_names[TA__MAX] = {"edit", "edit_schedule",
    "submit", "approve", "return", "accept", "complete", "cancel", "comment",
    "withdraw", "delete"};
const char *const policy_task_kind_names[TK__MAX] = {
    "breakthrough", "database", "directive"};
const char *const policy_report_state_names[RS__MAX] = {
    "draft", "submitted", "approved", "returned"};
const char *const policy_report_act_names[RA__MAX] = {
    "create", "edit", "submit", "approve", "return", "delete"};
const char *const policy_indicator_state_names[IS__MAX] = {"active", "retired"};
const char *const policy_indicator_act_names[IA__MAX] = {
    "create", "edit", "retire", "restore"};
const char *const policy_proposal_state_names[PS__MAX] = {
    "new", "forwarded", "answered", "closed"};
const char *const policy_proposal_act_names[PA__MAX] = {
    "create", "edit", "forward", "answer", "close"};
const char *const policy_round_state_names[RND__MAX] = {"open"};
const char *const policy_round_act_names[RNA__MAX] = {"create", "edit"};
const char *const policy_attachment_state_names[ATS__MAX] = {
    "active", "deleted"};
const char *const policy_attachment_act_names[ATA__MAX] = {"create", "delete"};
const char *const policy_programme_state_names[PG__MAX] = {
    "draft", "submitted", "approved", "returned"};
const char *const policy_programme_act_names[PGA__MAX] = {
    "create", "edit", "submit", "approve", "return"};
const char *const policy_milestone_state_names[MS__MAX] = {"open", "done"};
const char *const policy_milestone_act_names[MA__MAX] = {
    "create", "edit", "done", "reopen"};
const char *const policy_delegation_state_names[DS__MAX] = {
    "active", "revoked"};
const char *const policy_delegation_act_names[DA__MAX] = {"create", "revoke"};

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
	return (unsigned)st < TS__MAX ? policy_task_state_names[st] : NULL;
}

int
policy_state_from(const char *s, size_t len)
{
	return name_index(policy_task_state_names, TS__MAX, s, len);
}

const char *
policy_act_name(enum task_act a)
{
	return (unsigned)a < TA__MAX ? policy_task_act_names[a] : NULL;
}

int
policy_act_from(const char *s, size_t len)
{
	return name_index(policy_task_act_names, TA__MAX, s, len);
}

const char *
policy_kind_name(enum task_kind k)
{
	return (unsigned)k < TK__MAX ? policy_task_kind_names[k] : NULL;
}

int
policy_kind_from(const char *s, size_t len)
{
	return name_index(policy_task_kind_names, TK__MAX, s, len);
}

bool
policy_task_final(enum task_state st)
{
	return !(NOT_FINAL & ST(st));
}

bool
policy_task_visible(unsigned roles, enum task_rel rel)
{
	if (roles & (S | L | A))
		return true;
	return (roles & AGENCY_BOUND) != 0 && rel != REL_NONE;
}

/*
 * Issue 14: the committee-wide roles (secretariat, leadership, admin) act
 * for their own committee; the province's reach every commune's.  Outside
 * their scope a caller keeps only what their agency gives them (official,
 * head of a lead or coordinating agency), so a commune's secretariat is a
 * stranger to another commune's task (404) and has no secretariat right
 * on a provincial task its agency coordinates.
 */
bool
policy_in_scope(bool caller_commune, bool same_committee)
{
	return !caller_commune || same_committee;
}

unsigned
policy_scope_roles(unsigned roles, bool in_scope)
{
	return in_scope ? roles : roles & ~(unsigned)(S | L | A);
}

bool
policy_committee_wide(unsigned roles)
{
	return (roles & (S | L | A)) != 0;
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

bool
policy_agency_admin(unsigned roles, bool by_secretariat)
{
	return (roles & A) != 0 || (by_secretariat && (roles & S) != 0);
}

const char *
policy_report_state_name(enum report_state st)
{
	return (unsigned)st < RS__MAX ? policy_report_state_names[st] : NULL;
}

int
policy_report_state_from(const char *s, size_t len)
{
	return name_index(policy_report_state_names, RS__MAX, s, len);
}

const char *
policy_report_act_name(enum report_act a)
{
	return (unsigned)a < RA__MAX ? policy_report_act_names[a] : NULL;
}

int
policy_report_act_from(const char *s, size_t len)
{
	return name_index(policy_report_act_names, RA__MAX, s, len);
}

static enum nv_err decide_as(const struct rules *, unsigned roles,
    enum task_rel, int act, int st, int parent_st, int kind,
    const struct rule **out);

bool
policy_agency_head(unsigned roles)
{
	return (roles & (H | ROLE_ACTING_HEAD)) != 0;
}

/* Whether roles (without the acting bit) pass row r for a record of rel. */
static bool
row_passes(unsigned roles, const struct rule *r)
{
	roles &= ROLES_ALL;
	if ((roles & r->roles) == 0)
		return false;
	return r->whose != W_LEAD || (roles & r->roles & AGENCY_BOUND) != 0;
}

bool
policy_by_acting(unsigned roles, const struct rule *r)
{
	return r != NULL && (roles & ROLE_ACTING_HEAD) && !row_passes(roles, r);
}

/*
 * An acting head is asked as themself first, so that a row of their own
 * (an official's edit, say) is never put down to the head; then as the
 * head of their agency, whose relation to the record is theirs.
 */
enum nv_err
policy_decide(const struct rules *rs, unsigned roles, enum task_rel rel,
    int act, int st, int parent_st, int kind, const struct rule **out)
{
	unsigned own = roles & ROLES_ALL;
	enum nv_err e;

	e = decide_as(rs, own, rel, act, st, parent_st, kind, out);
	if (e == NV_OK || e == NV_ENOENT || !(roles & ROLE_ACTING_HEAD) ||
	    rs->no_acting)
		return e;
	return decide_as(rs, own | H, rel, act, st, parent_st, kind, out);
}

static enum nv_err
decide_as(const struct rules *rs, unsigned roles, enum task_rel rel, int act,
    int st, int parent_st, int kind, const struct rule **out)
{
	const struct rule *r, *could = NULL;
	size_t i;

	if (!policy_task_visible(roles, rel))
		return NV_ENOENT;
	for (i = 0; i < rs->n; i++) {
		r = &rs->rows[i];
		if (r->act != act || (roles & r->roles) == 0)
			continue;
		/* A W_LEAD row needs an agency-bound role of the lead. */
		if (r->whose == W_LEAD &&
		    (rel != REL_LEAD || (roles & r->roles & AGENCY_BOUND) == 0))
			continue;
		if (r->kinds != 0 && !(r->kinds & (1u << kind)))
			continue;
		if (could == NULL)
			could = r;
		if ((r->from & (1u << st)) &&
		    (r->parent_from == 0 ||
		        (r->parent_from & (1u << parent_st)))) {
			*out = r;
			return NV_OK;
		}
	}
	/* The row the caller would use in another state: what it needs
	 * (a comment, say) is asked before the state is refused. */
	*out = could;
	return could != NULL ? NV_ESTATE : NV_EPERM;
}

bool
policy_moves(const struct rules *rs, int act)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		if (rs->rows[i].act == act && rs->rows[i].to != RULE_SAME)
			return true;
	return false;
}

enum nv_err
policy_task(unsigned roles, enum task_rel rel, enum task_act act,
    enum task_state st, enum task_state *to)
{
	const struct rule *r;
	enum nv_err e;

	e = policy_decide(
	    &policy_task_rules, roles, rel, (int)act, (int)st, 0, 0, &r);
	if (e == NV_OK)
		*to = r->to == RULE_SAME ? st : (enum task_state)r->to;
	return e;
}

enum nv_err
policy_task_create(
    unsigned roles, bool own, enum task_kind kind, enum task_state st)
{
	const struct rule *r;
	bool anyone = false;
	size_t i;

	for (i = 0; i < policy_task_create_rules.n; i++) {
		r = &policy_task_create_rules.rows[i];
		if (!(r->kinds & (1u << kind)) || !(r->from & ST(st)))
			continue;
		anyone = true;
		if ((roles & r->roles) != 0 && (own || r->whose != W_LEAD))
			return NV_OK;
	}
	return anyone ? NV_EPERM : NV_EINVAL;
}

enum nv_err
policy_report(unsigned roles, enum task_rel rel, enum report_act act,
    enum task_state task_st, enum report_state st, enum report_state *to)
{
	const struct rule *r;
	enum nv_err e;

	e = policy_decide(&policy_report_rules, roles, rel, (int)act,
	    act == RA_CREATE ? RS_DRAFT : (int)st, (int)task_st, 0, &r);
	if (e == NV_OK)
		*to = r->to == RULE_SAME ? st : (enum report_state)r->to;
	return e;
}
