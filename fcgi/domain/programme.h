/* SPDX-License-Identifier: ISC */
/*
 * The committee's work programme (issue 15): per year, the programme
 * (amendment 0) and its amendments, each compiled by the secretariat from
 * the tasks accepted or changed since the last approved version, submitted,
 * and approved or returned by leadership.  An approved version is frozen:
 * its items are the tasks as they stood when it was submitted.
 */
#ifndef PROGRAMME_H
#define PROGRAMME_H

#include "auth/sess.h"
#include "fcgi/domain/record.h"

struct programme {
	int64_t id, version;
	int64_t task_id; /* always 0: a programme belongs to no task */
	int64_t year, amendment, items;
	struct str committee; /* whose programme (issue 14) */
	struct str doc_number, doc_date, notes;
	struct str approved_at, approved_by; /* NULL until approved */
	int status;                          /* enum programme_state */
	struct str created_by, created_at, updated_at;
};

extern const struct record_desc programme_record;

/* Whether the user reads programmes: heads and the committee's roles. */
bool programme_reader(const struct user *);

/* Writes the Programme object as user u sees it. */
void programme_json_obj(
    struct jw *, const struct programme *, const struct user *);

/* The SELECT list of programme_items' rows, in this order, for id = ?. */
enum programme_item_col {
	PIC_POSITION,
	PIC_TASK_ID,
	PIC_CHANGE,
	PIC_NAME,
	PIC_LEAD,
	PIC_LEAD_NAME,
	PIC_COORDINATING, /* codes, comma-separated */
	PIC_TARGET,
	PIC_PRODUCT,
	PIC_RESOURCES,
	PIC_BUDGET, /* NULL: none */
	PIC_DEADLINE,
	PIC_FIRST_ID, /* the first approved version holding the task */
	PIC_FIRST_AMENDMENT,
	PIC_REMOVED_IN, /* the approved amendment removing it; NULL: none */
	PIC__MAX
};
extern const char programme_items_sql[];

#endif
