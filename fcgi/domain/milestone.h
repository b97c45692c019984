/* SPDX-License-Identifier: ISC */
/*
 * Milestones inside a task (issue 15): dated intermediate products; for a
 * specialised database, "built" and "in use" as two milestones, which the
 * dashboard shows apart.  Each is marked done, dated the day it was.
 */
#ifndef MILESTONE_H
#define MILESTONE_H

#include "auth/sess.h"
#include "fcgi/domain/record.h"

enum milestone_kind { MK_PRODUCT, MK_BUILT, MK_IN_USE, MK__MAX };
extern const char *const milestone_kind_names[MK__MAX];

struct milestone {
	int64_t id, task_id, version;
	int kind;                      /* enum milestone_kind */
	struct str name, due, done_on; /* YYYY-MM-DD; done_on NULL: not yet */
	int status;                    /* enum milestone_state */
	struct str created_by, created_at, updated_at;
};

extern const struct record_desc milestone_record;

/*
 * Writes the Milestone object: its members, "overdue" (open and due before
 * today, province time) and the actions rel and task_st allow.
 */
void milestone_json_obj(struct jw *, const struct milestone *, unsigned roles,
    enum task_rel rel, int task_st, const char *today);

#endif
