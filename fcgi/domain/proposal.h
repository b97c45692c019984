/* SPDX-License-Identifier: ISC */
/*
 * The difficulties register (issue 13): each proposal written in a monthly
 * report becomes an item once the report is approved, and is followed to
 * a decision.  The secretariat triages (forwards it to an agency or to the
 * committee with a deadline for the answer, or closes it, e.g. as a
 * duplicate); the addressed agency's head answers; the secretariat
 * records the committee's answers.  A proposal is seen by whoever sees its
 * task and by the agency it is addressed to.
 */
#ifndef PROPOSAL_H
#define PROPOSAL_H

#include "fcgi/domain/record.h"
#include "fcgi/domain/task.h"

/* The committee itself, as an addressee (not an agency). */
#define PROPOSAL_COMMITTEE "BCD"

struct proposal {
	int64_t id, task_id, report_id, version;
	struct str agency;       /* the raising agency: the task's lead */
	struct str period, text; /* the report's month and its proposals */
	struct str addressed_to; /* an agency's code, PROPOSAL_COMMITTEE, "" */
	struct str due;          /* YYYY-MM-DD for the answer, or NULL */
	struct str answer, answered_by, answered_at;
	int status; /* enum proposal_state */
	struct str created_by, created_at, updated_at;
};

extern const struct record_desc proposal_record;

/*
 * Raises the proposals of report report_id (of task task_id, for month
 * period) as a new item, inside the caller's transaction (the report's
 * approval): nothing when text is blank.  The actor is the approving head.
 */
enum nv_err proposal_raise(struct actor *, int64_t task_id, int64_t report_id,
    struct str period, struct str text);

/*
 * How user u stands to a proposal addressed to `addressed` whose task
 * stands to u as task_rel: REL_LEAD when it is addressed to u's agency
 * (its head answers), REL_COORD when u sees the task, else REL_NONE.
 */
enum task_rel proposal_rel(
    const struct user *, struct str addressed, enum task_rel task_rel);

/* Whether a forwarded proposal's deadline has passed (province date). */
bool proposal_overdue(const struct proposal *);

/* The members of the Proposal object (without braces) as u sees it. */
void proposal_members(struct jw *, const struct proposal *, const struct user *,
    enum task_rel rel, int task_st);

#endif
