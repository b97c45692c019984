/* SPDX-License-Identifier: ISC */
/* Province-local dates. */
#include <stdio.h>
#include <time.h>

#include "fcgi/base/clock.h"

/* The local date, its year clamped to four digits (for the formats). */
static struct tm
now_local(void)
{
	struct tm tm;
	time_t t = time(NULL);

	localtime_r(&t, &tm);
	if (tm.tm_year < 0)
		tm.tm_year = 0;
	if (tm.tm_year > 8099)
		tm.tm_year = 8099;
	return tm;
}

void
clock_today(char out[11])
{
	struct tm tm = now_local();

	snprintf(out, 11, "%04u-%02u-%02u",
	    (unsigned)(tm.tm_year + 1900) % 10000,
	    (unsigned)(tm.tm_mon + 1) % 100, (unsigned)tm.tm_mday % 100);
}

void
clock_period(char out[8])
{
	struct tm tm = now_local();

	snprintf(out, 8, "%04u-%02u", (unsigned)(tm.tm_year + 1900) % 10000,
	    (unsigned)(tm.tm_mon + 1) % 100);
}

int
clock_year(void)
{
	return now_local().tm_year + 1900;
}
