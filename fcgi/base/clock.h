/* SPDX-License-Identifier: ISC */
/*
 * Dates in the province's time zone (the `timezone` setting, applied to
 * the worker's TZ at start), never the server's: "today" decides what is
 * overdue and which month a report is missing for.
 */
#ifndef CLOCK_H
#define CLOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "fcgi/base/nv.h"

/*
 * Milliseconds on the monotonic clock (CLOCK_MONOTONIC): for budgets and
 * deadlines, one clock for every process of the host.
 */
int64_t clock_mono_ms(void);
/* Today as YYYY-MM-DD. */
void clock_today(char out[11]);
/* This month as YYYY-MM. */
void clock_period(char out[8]);
/* This year. */
int clock_year(void);
/* Whether s is an ISO date YYYY-MM-DD that exists in the calendar. */
bool clock_date_valid(struct str s);
/*
 * The province's date of a UTC time "YYYY-MM-DD HH:MM:SS" (as the database
 * stores audit and answer times) into out; false when utc is not one.
 */
bool clock_local_date(struct str utc, char out[11]);

#endif
