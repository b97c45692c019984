/* SPDX-License-Identifier: ISC */
/* Province-local dates. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "fcgi/base/clock.h"

int64_t
clock_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

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

bool
clock_date_valid(struct str s)
{
	static const int mdays[] = {
	    31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, m, d, i, lim;

	if (s.p == NULL || s.len != 10 || s.p[4] != '-' || s.p[7] != '-')
		return false;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s.p[i] < '0' || s.p[i] > '9'))
			return false;
	y = (s.p[0] - '0') * 1000 + (s.p[1] - '0') * 100 + (s.p[2] - '0') * 10 +
	    (s.p[3] - '0');
	m = (s.p[5] - '0') * 10 + (s.p[6] - '0');
	d = (s.p[8] - '0') * 10 + (s.p[9] - '0');
	if (y < 1900 || m < 1 || m > 12 || d < 1)
		return false;
	lim = mdays[m - 1];
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		lim = 29;
	return d <= lim;
}

bool
clock_local_date(struct str utc, char out[11])
{
	struct tm tm;
	time_t t;
	int y, mo, d, h, mi, s;
	char buf[20];

	if (utc.p == NULL || utc.len < 19 || utc.len >= sizeof(buf) + 8)
		return false;
	memcpy(buf, utc.p, 19);
	buf[19] = '\0';
	if (sscanf(buf, "%4d-%2d-%2d%*c%2d:%2d:%2d", &y, &mo, &d, &h, &mi,
	        &s) != 6)
		return false;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	t = timegm(&tm);
	localtime_r(&t, &tm);
	snprintf(out, 11, "%04u-%02u-%02u",
	    (unsigned)(tm.tm_year + 1900) % 10000,
	    (unsigned)(tm.tm_mon + 1) % 100, (unsigned)tm.tm_mday % 100);
	return true;
}
