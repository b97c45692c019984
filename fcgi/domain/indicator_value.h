/* SPDX-License-Identifier: ISC */
/*
 * An indicator's actual values (issue 13): one per period (YYYY-MM or
 * YYYY-Qn, as the indicator's frequency says) and revision, entered by
 * the responsible agency with its source, submitted, then approved or
 * returned by its head, exactly like a monthly report (the same states
 * and actions, policy_report_*_names).  An approved value is final; a
 * correction is the period's next revision and the old one stays.  The
 * latest approved value becomes the indicator's current value.
 */
#ifndef INDICATOR_VALUE_H
#define INDICATOR_VALUE_H

#include "fcgi/domain/indicator.h"

struct indicator_value {
	int64_t id, indicator_id, revision, version;
	struct str period, value, source_note;
	int status; /* enum report_state */
	struct str created_by, created_at, updated_at;
	struct str returned_by, returned_at, return_comment; /* the latest */
};

extern const struct record_desc indicator_value_record;

/*
 * Writes the members of the IndicatorValue object (without braces) as
 * user u sees it: rel is u's relation to the indicator (indicator_rel()),
 * ind_st the indicator's state.
 */
void indicator_value_members(struct jw *, const struct indicator_value *,
    const struct user *, enum task_rel rel, int ind_st);

/*
 * Checks p as a period of frequency f (YYYY-MM or YYYY-Qn), from
 * YEAR_MIN to the current month or quarter.  NV_EINVAL with *msg.
 */
enum nv_err indicator_value_period_check(
    enum indicator_frequency f, struct str p, const char **msg);

#endif
