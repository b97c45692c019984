/* SPDX-License-Identifier: ISC */
/*
 * A statement's result kept by the worker while a version the caller read
 * is unchanged (issue 8): for sums of summary tables that only change
 * when the version does (the dashboard's dash_tally and dash_deadlines,
 * which the triggers of migrations 0035 and 0040 write in the same
 * transaction as they bump list_version).
 */
#ifndef DB_KEPT_H
#define DB_KEPT_H

#include <stdint.h>

#include "fcgi/base/db.h"

/*
 * As db_query(a, sql, p, n, out), unless this worker kept the result of
 * the same statement (by its literal's address, as db.c caches it) with
 * the same parameters under version: then a copy of that result in a,
 * with no round trip.  version is the caller's, read before: 0 keeps
 * nothing.  A result read is kept under version (the least recently
 * used of DB_KEPT_SLOTS goes); one larger than DB_KEPT_MAX bytes is not.
 * Errors as db_query's.
 */
enum nv_err db_query_kept(struct arena *a, const char *sql,
    const struct db_param *p, size_t n, uint64_t version, struct db_res *out);

#define DB_KEPT_SLOTS 8
#define DB_KEPT_MAX   (256 * 1024)

#endif
