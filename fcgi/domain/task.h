/* SPDX-License-Identifier: ISC */
/*
 * A task as read from MariaDB, how the caller's agency stands to it, what
 * is computed from it (overdue, outcome) and how it is written as JSON.
 * Every query that returns tasks selects TASK_COLS, in that order, so that
 * one parser and one writer serve the single task, the lists, the
 * dashboard and the exports.
 */
#ifndef TASK_H
#define TASK_H

#include "auth/policy.h"
#include "auth/sess.h"
#include "fcgi/base/arena.h"
#include "fcgi/base/jw.h"
#include "fcgi/base/nv.h"

/* clang-format off */
#define TASK_COLS							\
	"t.id, t.year, t.kind, t.fields, t.name, t.responsible_person, "	\
	"t.lead_agency, (SELECT GROUP_CONCAT(c.agency_code ORDER BY "	\
	"ca.position, c.agency_code SEPARATOR ',') FROM task_coordinators c " \
	"JOIN agencies ca ON ca.code = c.agency_code WHERE c.task_id = t.id), " \
	"t.expected_product, t.estimated_budget, t.notes, t.target, "	\
	"t.deadline, t.original_deadline, t.status, t.completed_at, "	\
	"t.progress_period, t.progress_percent, t.progress_health, "	\
	"t.version, t.created_by, "					\
	"DATE_FORMAT(t.created_at, '%Y-%m-%dT%H:%i:%sZ'), "		\
	"DATE_FORMAT(t.updated_at, '%Y-%m-%dT%H:%i:%sZ')"
/* clang-format on */
#define TASK_NCOLS 23

struct task {
	int64_t id, year, version;
	enum task_kind kind;
	enum task_state status;
	struct str fields; /* comma-separated, as MariaDB gives a SET */
	struct str name, responsible_person, lead_agency;
	struct str coords; /* comma-separated agency codes, or empty */
	struct str expected_product, notes, target;
	bool has_budget;
	int64_t budget;
	struct str deadline, original_deadline, completed_at; /* p NULL: none */
	struct str progress_period, progress_health;
	int64_t progress_percent;
	struct str created_by, created_at, updated_at;
};

/* Parses a TASK_COLS row; the task points into cells. */
enum nv_err task_parse(const struct str *cells, size_t ncols, struct task *out);

/*
 * Reads one task; with lock, FOR UPDATE inside the caller's transaction.
 * NV_ENOENT when there is none.  Strings live in a.
 */
enum nv_err task_get(struct arena *a, int64_t id, bool lock, struct task *out);

/* The caller's agency's relation to t. */
enum task_rel task_rel_of(const struct task *, const struct user *);

/* Whether agency code is among t's coordinating agencies. */
bool task_has_coord(const struct task *, struct str code);

/* Past its deadline and neither completed nor cancelled. */
bool task_overdue(const struct task *, const char *today);
/* done_on_time, done_late, in_progress, overdue; NULL before in_program. */
const char *task_outcome(const struct task *, const char *today);

/*
 * Writes the contract's Task object, plus "allowed_actions": what the
 * caller (roles, rel) may do to it now.
 */
void task_json(struct jw *, const struct task *, const char *today,
    unsigned roles, enum task_rel);

#endif
