/* SPDX-License-Identifier: ISC */
/*
 * An indicator's series (issue 13): for each period, its target, the
 * value expected by then on a straight line from the baseline (or the
 * previous year's target) to the target, the approved actual value, and a
 * status.  Pure arithmetic over an indicator's row; the values come from
 * the caller.  Amounts are kept in hundredths (an int64_t: 10^15 đồng is
 * 10^17 hundredths), so that comparisons are exact.
 */
#ifndef INDICATOR_SERIES_H
#define INDICATOR_SERIES_H

#include "fcgi/domain/indicator.h"

enum indicator_status {
	IST_NONE,     /* no target to judge against */
	IST_NO_DATA,  /* no approved value for the period */
	IST_ACHIEVED, /* the value meets the period's target */
	IST_ON_TRACK, /* within tolerance of the expected value */
	IST_BEHIND,
};

/* "achieved", ...; NULL for IST_NONE (JSON null). */
const char *indicator_status_name(enum indicator_status);

struct indicator_point {
	bool has_target, has_expected;
	int64_t target, expected; /* hundredths */
	char target_due[11];      /* YYYY-MM-DD of the target */
	enum indicator_status status;
};

/*
 * Parses a canonical decimal ("97.65", "11") into hundredths; false when
 * it is not one (more than two decimals, too long).
 */
bool indicator_hundredths(struct str s, int64_t *out);

/* Writes hundredths v in canonical form ("97.65", "97.7", "98"). */
void indicator_decimal(int64_t v, char out[32]);

/*
 * The point of indicator x at the end of period (YYYY-MM or YYYY-Qn):
 * the target is the first whose date is on or after the period's end (or
 * the last one, once all are past); the line runs from the previous
 * target, or else the baseline (the end of its period), to that target;
 * expected is on it at the period's end, the target itself once due, and
 * absent before the line starts (no baseline, first target).  actual NULL:
 * no approved value.  Status: achieved when actual meets the target in
 * the indicator's direction; else on track when it meets expected less
 * the tolerance (or there is no line yet and the target is not due);
 * else behind.
 */
void indicator_point(const struct indicator *x, struct str period,
    const int64_t *actual, struct indicator_point *out);

/*
 * The periods of year y for frequency f, in order: "YYYY-01".."YYYY-12"
 * or "YYYY-Q1".."YYYY-Q4"; returns how many (12 or 4).
 */
int indicator_periods(enum indicator_frequency f, int y, char out[][8]);

#endif
