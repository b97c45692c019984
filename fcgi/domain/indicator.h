/* SPDX-License-Identifier: ISC */
/*
 * Indicators (chỉ tiêu): the measurable targets of the committee's 2026
 * conclusion (issue 13).  The secretariat defines, edits, retires and
 * restores them; the heads, secretariat, leadership and admin (those who
 * see the dashboard) read every one, an official those of their own
 * agency.  Values are exact decimals kept as canonical strings ("96.65",
 * never a float); how each unit bounds them: indicator_value_check().
 */
#ifndef INDICATOR_H
#define INDICATOR_H

#include "auth/sess.h"
#include "fcgi/domain/record.h"

enum indicator_unit { IU_PERCENT, IU_COUNT, IU_MONEY, IU__MAX };
enum indicator_direction { ID_HIGHER, ID_LOWER, ID__MAX };
enum indicator_frequency { IF_MONTH, IF_QUARTER, IF__MAX };

extern const char *const indicator_unit_names[IU__MAX];
extern const char *const indicator_direction_names[ID__MAX];
extern const char *const indicator_frequency_names[IF__MAX];

struct indicator {
	int64_t id, version;
	int64_t task_id; /* always 0: an indicator belongs to no task */
	struct str code, name, agency, fields;
	int unit, direction, frequency; /* indexes into the names above */
	struct str baseline_value, baseline_period; /* NULL: none */
	/* "YYYY-MM-DD=value" per year, by date, comma-separated */
	struct str targets;
	struct str tasks; /* ids of the contributing tasks, comma-separated */
	struct str survey_source;
	struct opt_int sample_size;
	struct str tolerance, notes;
	/* The latest approved value and its period (NULL: none yet). */
	struct str current_value, current_period;
	int status; /* enum indicator_state */
	struct str created_by, created_at, updated_at;
};

extern const struct record_desc indicator_record;

/*
 * Whether the user sees every indicator (the roles that see the
 * dashboard, auth/policy.c's RP_DASHBOARD) or only their own agency's.
 */
bool indicator_sees_all(const struct user *);

/*
 * Writes the members of the Indicator object (without braces) as user u
 * sees it: its allowed_actions come from rel, the user's relation to it
 * (indicator_rel()).
 */
void indicator_members(struct jw *, const struct indicator *,
    const struct user *, enum task_rel rel);

/*
 * How user u stands to the indicator of agency: REL_LEAD for its own
 * agency, REL_COORD for those who see every indicator, else REL_NONE (a
 * 404).
 */
enum task_rel indicator_rel(const struct user *, struct str agency);

/*
 * Checks s as a value in unit u and writes its canonical form to *out (in
 * arena a): digits, a point and at most two decimals for a percent (0 to
 * 100), whole numbers for a count and for money in đồng (up to 10^15);
 * no sign, no leading zeros, no trailing zeros after the point ("096.50"
 * becomes "96.5").  NV_EINVAL with a Vietnamese message in *msg.
 */
enum nv_err indicator_value_check(struct arena *a, enum indicator_unit u,
    struct str s, struct str *out, const char **msg);

/*
 * Checks a period as an indicator names it: "YYYY", "YYYY-MM" or
 * "YYYY-Qn", year YEAR_MIN..YEAR_MAX.  NV_EINVAL with *msg.
 */
enum nv_err indicator_period_check(struct str p, const char **msg);

#endif
