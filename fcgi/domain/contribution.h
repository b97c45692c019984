/* SPDX-License-Identifier: ISC */
/*
 * Coordinating bodies' contributions (issue 15): an agency that
 * coordinates a task accounts for its share of the lead body's monthly
 * report of a period, in a short text and an optional progress note.  One
 * per agency, task and period; written by the agency's officials and
 * approved or returned by its own head, as a report is (its states and
 * actions are a report's).  The owner is the contributing agency: for the
 * rules, W_LEAD is "the caller's agency wrote it", not the task's lead.
 */
#ifndef CONTRIBUTION_H
#define CONTRIBUTION_H

#include "auth/sess.h"
#include "fcgi/domain/record.h"

struct contribution {
	int64_t id, task_id, version;
	struct str agency_code, agency_name; /* the contributor, then */
	struct str period;                   /* YYYY-MM */
	struct str contribution, progress_note;
	int status; /* enum report_state */
	struct str created_by, created_at, updated_at;
	struct str returned_by, returned_at, return_comment; /* the latest */
};

extern const struct record_desc contribution_record;

/*
 * The caller's relation to a contribution of agency code to a task the
 * caller stands in task_rel to: REL_LEAD when the caller's agency wrote it
 * (or, creating, coordinates the task), REL_COORD when the caller
 * otherwise sees the task, else REL_NONE.
 */
enum task_rel contribution_rel(
    const struct user *, enum task_rel task_rel, struct str code, bool create);

/* Writes the Contribution object's members (without braces); the rights
 * come from rel and the task's state. */
void contribution_members(struct jw *, const struct contribution *,
    unsigned roles, enum task_rel rel, int task_st);
/* The same, as an object. */
void contribution_json_obj(struct jw *, const struct contribution *,
    unsigned roles, enum task_rel rel, int task_st);

#endif
