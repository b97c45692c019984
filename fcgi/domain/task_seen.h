/* SPDX-License-Identifier: ISC */
/*
 * The ids of the tasks an agency sees (task_visibility, migration 0025),
 * kept by the worker while list_version is unchanged (issue 8: an
 * official's search merges its candidates with them).
 */
#ifndef TASK_SEEN_H
#define TASK_SEEN_H

#include <stddef.h>
#include <stdint.h>

#include "fcgi/base/arena.h"
#include "fcgi/base/nv.h"
#include "fcgi/base/str.h"

/*
 * The ascending ids of the tasks agency sees, in *ids (n of them; valid
 * until the next call), read once and then kept while list_version,
 * which the caller read before (api_list_version()), is version:
 * list_version's triggers fire in the same transaction as any change to
 * tasks, coordinators or agencies, and task_visibility changes with
 * nothing else.  *ids NULL, NV_OK, when the agency sees more than
 * TASK_SEEN_MAX tasks (kept as such: counted, not read, once a version)
 * or version is 0: the caller reads the rows it needs instead.  a holds
 * the count's result.  A database error as db_each().
 */
enum nv_err task_seen(struct arena *, struct str agency, uint64_t version,
    const int64_t **ids, size_t *n);

/* At 8 bytes an id, 512 KB an agency and 1 MB in all at most; an
 * official's agency sees a few thousand (SKHCN 10,046 of 105,158 on the
 * bench stack), and a province has a few dozen agencies. */
#define TASK_SEEN_MAX    65536
#define TASK_SEEN_BUDGET 131072
#define TASK_SEEN_SLOTS  32

#endif
