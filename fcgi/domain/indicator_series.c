/* SPDX-License-Identifier: ISC */
/* An indicator's targets, expected values and status per period. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fcgi/domain/indicator_series.h"

static const char *const status_names[] = {
    [IST_NONE] = NULL,
    [IST_NO_DATA] = "no_data",
    [IST_ACHIEVED] = "achieved",
    [IST_ON_TRACK] = "on_track",
    [IST_BEHIND] = "behind",
};

const char *
indicator_status_name(enum indicator_status s)
{
	return (unsigned)s <= IST_BEHIND ? status_names[s] : NULL;
}

bool
indicator_hundredths(struct str s, int64_t *out)
{
	int64_t v = 0;
	size_t i = 0;
	int frac = -1;

	if (s.p == NULL || s.len == 0 || s.len > 20)
		return false;
	for (; i < s.len; i++) {
		if (s.p[i] == '.' && frac < 0) {
			frac = 0;
			continue;
		}
		if (s.p[i] < '0' || s.p[i] > '9' || frac >= 2)
			return false;
		v = v * 10 + (s.p[i] - '0');
		if (frac >= 0)
			frac++;
	}
	for (frac = frac < 0 ? 0 : frac; frac < 2; frac++)
		v *= 10;
	*out = v;
	return true;
}

void
indicator_decimal(int64_t v, char out[32])
{
	int64_t f = v % 100;

	if (f == 0)
		snprintf(out, 32, "%lld", (long long)(v / 100));
	else if (f % 10 == 0)
		snprintf(out, 32, "%lld.%lld", (long long)(v / 100),
		    (long long)(f / 10));
	else
		snprintf(
		    out, 32, "%lld.%02lld", (long long)(v / 100), (long long)f);
}

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static int64_t
days(int y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int
num(const char *p, size_t n)
{
	int v = 0;

	while (n-- > 0)
		v = v * 10 + (*p++ - '0');
	return v;
}

/* The last day of a period "YYYY", "YYYY-MM", "YYYY-Qn" or a date. */
static int64_t
period_end(struct str p)
{
	int y = num(p.p, 4), m = 12;

	if (p.len == 10)
		return days(y, num(p.p + 5, 2), num(p.p + 8, 2));
	if (p.len == 7)
		m = p.p[5] == 'Q' ? (p.p[6] - '0') * 3 : num(p.p + 5, 2);
	/* The day before the first of the next month. */
	return m == 12 ? days(y + 1, 1, 1) - 1 : days(y, m + 1, 1) - 1;
}

/* A's value meets b's in direction dir. */
static bool
meets(int dir, int64_t a, int64_t b)
{
	return dir == ID_LOWER ? a <= b : a >= b;
}

void
indicator_point(const struct indicator *x, struct str period,
    const int64_t *actual, struct indicator_point *out)
{
	const char *p = x->targets.p, *end = p + x->targets.len, *comma;
	int64_t e = period_end(period), tol = 0, start_v = 0, start_d = 0;
	int64_t due = 0, prev_v = 0, prev_d = 0, v;
	bool have_start = false, have_prev = false;
	struct str item;

	memset(out, 0, sizeof(*out));
	(void)indicator_hundredths(x->tolerance, &tol);
	if (x->baseline_value.p != NULL && x->baseline_period.p != NULL &&
	    indicator_hundredths(x->baseline_value, &start_v)) {
		start_d = period_end(x->baseline_period);
		have_start = true;
	}
	/* Targets are sorted by date: "YYYY-MM-DD=value,...". */
	for (; p != NULL && p < end; p = comma + 1) {
		if ((comma = memchr(p, ',', (size_t)(end - p))) == NULL)
			comma = end;
		item = (struct str){p, (size_t)(comma - p)};
		if (item.len < 12 ||
		    !indicator_hundredths(
		        (struct str){item.p + 11, item.len - 11}, &v))
			continue;
		if (out->has_target) {
			have_prev = true;
			prev_v = out->target;
			prev_d = due;
		}
		out->has_target = true;
		out->target = v;
		due = period_end((struct str){item.p, 10});
		memcpy(out->target_due, item.p, 10);
		out->target_due[10] = '\0';
		if (due >= e)
			break;
	}
	if (!out->has_target) {
		out->status = IST_NONE;
		return;
	}
	if (have_prev) {
		have_start = true;
		start_v = prev_v;
		start_d = prev_d;
	}
	if (e >= due) {
		out->has_expected = true;
		out->expected = out->target;
	} else if (have_start && e <= start_d) {
		out->has_expected = true;
		out->expected = start_v;
	} else if (have_start) {
		out->has_expected = true;
		out->expected =
		    start_v + (int64_t)llround((double)(out->target - start_v) *
		                               (double)(e - start_d) /
		                               (double)(due - start_d));
	}
	if (actual == NULL)
		out->status = IST_NO_DATA;
	else if (meets(x->direction, *actual, out->target))
		out->status = IST_ACHIEVED;
	else if (!out->has_expected ||
	         meets(x->direction,
	             *actual + (x->direction == ID_LOWER ? -tol : tol),
	             out->expected))
		out->status = IST_ON_TRACK;
	else
		out->status = IST_BEHIND;
}

int
indicator_periods(enum indicator_frequency f, int y, char out[][8])
{
	int i, n = f == IF_QUARTER ? 4 : 12;

	for (i = 0; i < n; i++)
		snprintf(out[i], 8, f == IF_QUARTER ? "%04d-Q%d" : "%04d-%02d",
		    y % 10000, i + 1);
	return n;
}
