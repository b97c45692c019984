/* SPDX-License-Identifier: ISC */
/*
 * Monthly progress reports: one per task and month, written by the lead
 * agency while the task is in the programme, approved or returned by its
 * head.  An approved report becomes the task's progress.
 */
#ifndef REPORT_H
#define REPORT_H

#include "fcgi/domain/record.h"
#include "fcgi/domain/task.h"

struct report {
	int64_t id, task_id, percent, version;
	struct str period; /* YYYY-MM */
	int health;        /* index into vocab_health */
	struct str work_done, results, difficulties, proposals, next_steps;
	enum report_state status;
	struct str created_by, created_at, updated_at;
	struct str returned_by, returned_at, return_comment; /* the latest */
};

extern const struct record_desc report_record;

/* Parses a row of "{cols}" of report_record. */
enum nv_err report_parse(
    const struct str *cells, size_t ncols, struct report *out);

/*
 * Writes the members of the contract's Report object (without braces):
 * the caller's rights come from rel and the task's state.
 */
void report_members(struct jw *, const struct report *, unsigned roles,
    enum task_rel rel, enum task_state task_st);

/*
 * NV_OK when p is a month that exists, from 2000 to the current one (no
 * future reports), else NV_EINVAL with a Vietnamese message in *msg.
 */
enum nv_err report_period_check(struct str p, const char **msg);

#endif
