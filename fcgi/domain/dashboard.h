/* SPDX-License-Identifier: ISC */
/*
 * The consolidated status of a year, for GET /dashboard and its Excel
 * export: the figures from summary rows kept by triggers (migration 0035),
 * the lists (overdue tasks, databases) from the tasks' indexes.
 *
 * A year's scope is its own tasks plus every earlier task that is neither
 * completed nor cancelled (unfinished work carries over).
 */
#ifndef DASHBOARD_H
#define DASHBOARD_H

#include "auth/policy.h"
#include "fcgi/base/db.h"
#include "fcgi/domain/vocab.h"
#include "fcgi/http/req.h"

struct dash_agency {
	struct str code, name, kind;
	struct str committee; /* issue 14: the agency's committee */
	bool own;             /* of the dashboard's committee (else a
	                       * commune's, summed into d->communes) */
	size_t commune;       /* when !own: its index in d->communes */
	int64_t registered, in_program, on_track, at_risk, delayed, overdue;
	int64_t completed, done_on_time, done_late, missing_reports, budget;
	int64_t pct_sum, pct_n; /* avg_percent = pct_sum / pct_n */
	const char *colour;     /* green, yellow, red; NULL when not rated */
	int rank;               /* 1 the best; 0 when not rated */
	bool is_rated;          /* has work in the programme, done or overdue */
	bool has_share;
	double share; /* done_on_time / (done_on_time + done_late + overdue) */
	int64_t on_time_percent; /* share in percent, rounded half up */
	bool must_register;      /* its kind must register (the year's round) */
	/* A commune's row (issue 14): its committee's round of the year. */
	bool has_round;
	struct str round_kinds;
	/* Issue 15: its tasks in scope ever extended, and how often. */
	int64_t extended, extensions;
};

/* One field's share of the totals (issue 15); a task counts in each of
 * its fields. */
struct dash_field {
	int64_t tasks, in_program, completed, overdue, budget;
};

struct dashboard {
	/* list_version's sum read before anything else (0: not read), under
	 * which the sums of dash_tally and dash_deadlines, written by the
	 * triggers that bump it, are kept (db_kept.h). */
	uint64_t list_version;
	int64_t year;
	char period[8];
	char today[11];
	struct str only;  /* a head's own agency; p NULL: all */
	struct str field; /* ?field=: one of vocab_fields; p NULL: all */
	struct dash_field by_field[VOCAB_NFIELDS];
	int64_t tasks, by_status[TS__MAX], overdue, completed, budget;
	int64_t extended, extensions; /* issue 15: as dash_agency's */
	struct dash_agency *ag;
	size_t nag;
	/* Committees at two levels (issue 14): whose dashboard this is, and
	 * for the province's, one row per commune: its agencies summed,
	 * coloured and ranked among communes (code and name the commune's). */
	struct str committee, committee_name, committee_level;
	/* Its printouts' heading and that heading with " - TỔ GIÚP VIỆC"
	 * (committee_header.h). */
	const char *header, *issuer;
	struct dash_agency *communes;
	size_t ncommunes;
	struct dash_agency **by_code; /* ag sorted by code, for find() */
	struct dash_agency **communes_by_code;
	bool has_round;         /* the committee's own round of the year */
	struct str round_kinds; /* its kinds */
};

/* Whether s is a month "YYYY-MM" of the years 2000 to 2100. */
bool dash_period_ok(struct str s);
/*
 * Reads year and period from the query (defaults: this year and month in
 * the province), restricting everything to the caller's agency when the
 * caller is only a head.  NV_EINVAL naming a bad parameter.  committee
 * (issue 14) names whose dashboard: by default the caller's committee;
 * NV_ENOENT for an unknown one or one the caller does not reach (a
 * commune's caller asking for another commune, policy_in_scope()).
 */
enum nv_err dash_params(struct req *, struct dashboard *);
/* Computes totals, by_field (issue 15) and the agency table, ranked, from
 * the summary rows of migration 0035.  Strings live in rq's arena. */
enum nv_err dash_compute(struct req *, struct dashboard *);
/* The overdue tasks of the scope, as TASK_COLS rows, by deadline and id
 * (the contract's overdue_tasks). */
enum nv_err dash_overdue(
    struct req *, const struct dashboard *, db_row_fn, void *);
/* The same list's keys, one row per task in its order: id, row_version
 * (migration 0048), lead_agency, deadline (YYYY-MM-DD). */
enum nv_err dash_overdue_keys(
    struct req *, const struct dashboard *, struct db_res *);
/* A part of the list, from the task (from, from_id) to the task (to,
 * to_id) of its order, both included: deadlines YYYY-MM-DD. */
struct dash_range {
	struct str from, to;
	int64_t from_id, to_id;
};
/* Its rows (all when range is NULL) as TASK_COLS and then row_version. */
enum nv_err dash_overdue_range(struct req *, const struct dashboard *,
    const struct dash_range *, db_row_fn, void *);
/* The database tasks of the scope, as TASK_COLS rows, by id. */
enum nv_err dash_databases(
    struct req *, const struct dashboard *, struct db_res *);
/* Approved (task_id, period, percent) of those tasks, by task and period. */
enum nv_err dash_series(
    struct req *, const struct dashboard *, struct db_res *);
/* Whether the agency must register a breakthrough task in the year: its
 * kind is one the year's registration round names, or without a round,
 * department or party (issue 15). */
bool dash_must_register(const struct dash_agency *);
/* avg_percent of an agency, or -1 when it has no task to average. */
/*
 * The databases' "built" and "in use" milestones (issue 15), in the scope
 * of dash_databases(), by task id: task_id, kind, name, due, done_on,
 * status.
 */
enum nv_err dash_milestones(
    struct req *, const struct dashboard *, struct db_res *);
int64_t dash_avg_percent(const struct dash_agency *);
/*
 * num / den in percent, rounded half up in integers (a share computed in
 * doubles and rounded took 29 / 200 to 14, not 15); num, den >= 0,
 * den > 0, num * 200 within int64.  The dashboard's on_time_percent.
 */
int64_t dash_percent(int64_t num, int64_t den);

#endif
