/* SPDX-License-Identifier: ISC */
/*
 * Reminders that chase (issue 12).  remind_run() is the daily job
 * (`nhiemvu -R`, from nhiemvu-remind.timer): for each person in the
 * directory with a mail address, the items of their to-do list
 * (fcgi/domain/todo.c) that call for a reminder today, in one Vietnamese
 * digest; each reminder is recorded in sent_reminders and never sent
 * again.  What calls for one:
 *   a deadline 7 days away (once), then 1 day away (once);
 *   an overdue task: once a week (Monday-based weeks);
 *   this month's report not sent, from the 25th (once a month);
 *   a submission waiting on a head for more than 3 days (once).
 * api_remind_agency() is POST /reminders: the secretariat sends an
 * agency's officials and head their to-do list now.
 */
#ifndef REMIND_H
#define REMIND_H

#include "fcgi/base/conf.h"

/*
 * One run of the job with today as the day (YYYY-MM-DD; NULL: today in
 * the province).  Returns 0 when every mail due went out (or none was
 * due), 1 otherwise; writes one summary line to stdout.
 */
int remind_run(const struct conf *, const char *today);

#endif
