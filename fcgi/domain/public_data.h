/* SPDX-License-Identifier: ISC */
/*
 * What the public progress page shows (issue 14), read in one place so
 * that the page, its JSON and its CSV can never show more than this: per
 * committee, the programme's accepted tasks (in the programme or
 * completed), the active indicators with their target and approved value,
 * and per agency the counts of those tasks.  Nothing here names a person:
 * no responsible person, creator, comment, report text or difficulty is
 * read at all, and the budget only when the caller asks for it (the
 * public_budget setting).
 */
#ifndef PUBLIC_DATA_H
#define PUBLIC_DATA_H

#include <stdbool.h>
#include <stdint.h>

#include "fcgi/base/arena.h"
#include "fcgi/base/nv.h"
#include "fcgi/base/str.h"
#include "fcgi/domain/record.h"
#include "fcgi/domain/vocab.h"

/*
 * At most this many tasks are listed (the counts per agency still count
 * every one): a province's programme is a few hundred; 20,000 keeps a
 * national roll-out's page within the response cap.
 */
#define PUBLIC_TASKS_MAX 20000
/* Committees, agencies and indicators: far above any real figure. */
#define PUBLIC_ROWS_MAX 100000

struct pub_committee {
	struct str code, name, level; /* level: province or commune */
	size_t first_agency, nagency; /* its agencies, in order */
	size_t ntasks, nindicators;   /* listed under it */
};

struct pub_agency {
	struct str code, name;
	size_t committee;
	/* its accepted tasks, by the contract's outcome */
	int64_t accepted, in_progress, overdue, completed;
	int64_t done_on_time, done_late;
	int64_t percent_sum, percent_n; /* tasks with a progress report */
};

struct pub_task {
	int64_t id, year;
	enum task_kind kind;
	enum task_state status; /* TS_IN_PROGRAM or TS_COMPLETED */
	struct str name, deadline, completed_at; /* p NULL: none */
	struct str progress_period;              /* p NULL: no report */
	int64_t progress_percent;
	struct opt_int budget; /* unset unless asked for */
	const char *outcome;   /* the contract's outcome name */
	size_t agency;         /* the lead agency, an index */
};

struct pub_indicator {
	struct str code, name, unit, direction;
	struct str baseline_value, baseline_period; /* p NULL: none */
	struct str target, target_due;    /* this year's; NULL: none */
	struct str actual, actual_period; /* latest approved; NULL: none */
	size_t agency;
};

struct pub_data {
	char today[11];
	int64_t year;
	struct pub_committee *committees;
	size_t ncommittees;
	struct pub_agency *agencies;
	size_t nagencies;
	struct pub_task *tasks;
	size_t ntasks;
	bool truncated; /* more tasks than PUBLIC_TASKS_MAX */
	struct pub_indicator *indicators;
	size_t nindicators;
};

/*
 * Loads everything the public page shows into *out, in the order it is
 * shown (the province's committee, then the communes', each by position;
 * within one, agencies by position; tasks by id; indicators by code).
 * with_budget: read each task's estimated budget too.  Everything points
 * into a.  NV_EDBDOWN, NV_ETOOBIG (a is full, or over PUBLIC_ROWS_MAX),
 * NV_EINTERNAL.
 */
enum nv_err public_load(
    struct arena *a, bool with_budget, struct pub_data *out);

/* The status and outcome as the screens name them, in Vietnamese. */
const char *public_status_vi(enum task_state);
const char *public_outcome_vi(const char *outcome);
const char *public_unit_vi(struct str unit);

#endif
