/* SPDX-License-Identifier: ISC */
/*
 * A task: the kind of record the registry is about.  Its members, rules
 * and hooks are task_record (record.h); what is computed from it
 * (overdue, outcome) and its JSON live here too, so that the single task,
 * the lists, the dashboard and the exports read it one way.
 */
#ifndef TASK_H
#define TASK_H

#include "auth/policy.h"
#include "auth/sess.h"
#include "fcgi/base/arena.h"
#include "fcgi/base/db.h"
#include "fcgi/base/jw.h"
#include "fcgi/base/nv.h"
#include "fcgi/domain/record.h"
#include "fcgi/domain/vocab.h"

struct task {
	int64_t id, year, version;
	enum task_kind kind;
	enum task_state status;
	struct str fields; /* comma-separated, as MariaDB gives a SET */
	struct str name, name_fold, responsible_person, lead_agency;
	struct str coords;    /* comma-separated agency codes, or empty */
	struct str committee; /* the lead agency's (issue 14) */
	struct str expected_product, notes, target, resources;
	struct opt_int estimated_budget; /* whole đồng */
	struct str deadline, original_deadline, completed_at; /* p NULL: none */
	struct str accepted_at; /* the day it entered the programme, or none */
	struct str submitted_at, submitted_by, submitted_by_name; /* latest */
	struct opt_int waiting_days; /* since submitted, while it waits */
	/* Issue 15: the deadline on-time completion is judged against, how
	 * often the deadline in force was moved later, and who last did. */
	struct str yardstick, extended_by; /* p NULL: none */
	int64_t extensions;
	struct str progress_period, progress_health;
	int64_t progress_percent;
	struct str created_by, created_at, updated_at;
};

/* Tasks, as the write path and every reader see them. */
extern const struct record_desc task_record;

/*
 * Every task query selects the columns of task_record: write the SELECT
 * list as "{cols}" (alias t) and run the statement record_sql() returns.
 */
#define TASK_SQL(tmpl) record_sql(&task_record, tmpl)

/*
 * The caller's visibility as SQL: TASK_VISIBLE(alias) is a condition on a
 * task row of that alias, true for the tasks the caller may see; its three
 * parameters come from task_visible_params().  The same rule as
 * policy_task_visible() and task_rel_of(), written once for SQL.
 */
#define TASK_VISIBLE(a)                                                        \
	"((? = 1 AND " TASK_SCOPE(                                             \
	    a) ") OR " a ".lead_agency = ? OR EXISTS "                         \
	       "(SELECT 1 FROM task_coordinators vis WHERE vis.task_id = " a   \
	       ".id "                                                          \
	       "AND vis.agency_code = ?))"
#define TASK_VISIBLE_NPARAMS 5
void task_visible_params(const struct user *, struct db_param *p);

/*
 * Committees at two levels (issue 14): TASK_SCOPE(alias) is the condition
 * "the task's lead agency is of the caller's committee", true for every
 * task when the caller is the province's; its two parameters come from
 * task_scope_params().  The one SQL form of policy_in_scope(): every list,
 * count, export and aggregate the committee-wide roles read adds it.
 * task_scope_committee() is its parameter: STR_NULL for the province,
 * else the caller's committee code.
 */
#define TASK_SCOPE(a)                                                          \
	"(? IS NULL OR EXISTS (SELECT 1 FROM agencies scp WHERE scp.code = " a \
	".lead_agency AND scp.committee = ?))"
#define TASK_SCOPE_NPARAMS 2
void task_scope_params(const struct user *, struct db_param *p);
struct str task_scope_committee(const struct user *);

/* Whether the caller's committee-wide roles reach t (policy_in_scope()). */
bool task_in_scope(const struct task *, const struct user *);
/* The caller's roles on t: without secretariat, leadership and admin
 * outside their scope (policy_scope_roles()). */
unsigned task_roles(const struct task *, const struct user *);

/*
 * The same rule as a join source, for the lists (issue 8): the tasks of
 * alias a that the agency bound to its one parameter leads or
 * coordinates, from task_visibility (migration 0025, kept by triggers),
 * in task order, so that "ORDER BY a.id DESC LIMIT n" reads n rows of the
 * agency's, not every task.  For a caller who sees every task
 * task_visible_agency() is false and the source is plain "tasks a";
 * otherwise it sets *ag, the parameter (STR_NULL for no agency: nothing).
 */
#define TASK_VISIBLE_SOURCE(a)                                                 \
	"task_visibility vis JOIN tasks " a " ON " a ".id = vis.task_id "      \
	"AND vis.agency_code = ?"
bool task_visible_agency(const struct user *, struct str *ag);

/*
 * The unfinished states (policy_task_final() false) as an SQL list an
 * index can seek, in the rules' order; test_vocab checks it against them.
 */
#define TASK_OPEN_SQL                                                          \
	"('draft', 'submitted', 'approved', 'returned', 'in_program')"

/* Parses a row of "{cols}"; the task points into cells. */
enum nv_err task_parse(const struct str *cells, size_t ncols, struct task *out);

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
