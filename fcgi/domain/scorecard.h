/* SPDX-License-Identifier: ISC */
/*
 * The year's scorecard (issue 13): per agency, what it registered and
 * completed on time or late, its reports on time, late and missing, its
 * indicators achieved, the proposals addressed to it answered in time;
 * one score from a published weighting and the ranking.  Recomputed from
 * the records on every request, never stored.  The rules are written in
 * docs/API.md ("The year's scorecard").
 */
#ifndef SCORECARD_H
#define SCORECARD_H

#include "fcgi/base/conf.h"
#include "fcgi/http/req.h"

/* The five parts of a score, in the order of the weights. */
enum score_part {
	SP_REGISTRATION,
	SP_TASKS,
	SP_REPORTS,
	SP_INDICATORS,
	SP_PROPOSALS,
	SP__MAX
};

extern const char *const score_part_names[SP__MAX];

struct score_agency {
	struct str code, name, kind;
	int64_t registered, accepted, done_on_time, done_late, overdue;
	int64_t in_progress;
	int64_t reports_on_time, reports_late, reports_missing;
	int64_t indicators, ind_achieved, ind_on_track, ind_behind, ind_no_data;
	int64_t prop_in_time, prop_late, prop_overdue, prop_pending;
	/* Each part's rate as num / den (den 0: the part does not apply). */
	int64_t num[SP__MAX], den[SP__MAX];
	bool has_score;
	int64_t score; /* tenths of a point, 0..1000 */
	int rank;      /* 1 the best; 0 without a score */
};

struct scorecard {
	int64_t year;
	char today[11];
	int weights[SP__MAX];
	int due_day;
	struct str only; /* a head's own agency; p NULL: all */
	struct score_agency *ag;
	size_t nag;
};

/*
 * The parts' fractions of a, then its score in tenths (rounded half up):
 * the weighted mean of the parts that apply (den > 0 and weight > 0).
 * Sets has_score false when none applies.  Pure arithmetic.
 */
void scorecard_score(const int weights[SP__MAX], struct score_agency *a);
/* Ranks scored agencies, best first; equal scores share a rank. */
void scorecard_rank(struct score_agency *ag, size_t n);
/*
 * Reads ?year= (default this year) and the weights from the configuration;
 * a caller who is only a head sees their own agency's row.  NV_EINVAL
 * naming year.
 */
enum nv_err scorecard_params(struct req *, struct scorecard *);
/* Computes every agency's row and the ranking; strings in rq's arena. */
enum nv_err scorecard_compute(struct req *, struct scorecard *);
/* The due date (YYYY-MM-DD) of month m (1-12) of year y's report. */
void scorecard_report_due(int y, int m, int due_day, char out[11]);

#endif
