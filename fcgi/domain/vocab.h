/* SPDX-License-Identifier: ISC */
/*
 * The domain's words that are not states or actions (those are the rules'
 * own, in auth/policy.c): the fields of work, the health of a task, the
 * years and codes the registry takes.  Written once; the SQL ENUMs and
 * SETs of schema/migrations/ must say the same, and test_vocab checks it.
 */
#ifndef VOCAB_H
#define VOCAB_H

#include <stdbool.h>

#include "fcgi/base/nv.h"

/* The committee's programmes run by calendar year (seeds: 2025-2030). */
#define YEAR_MIN 2000
#define YEAR_MAX 2100

/* Agency codes: ASCII capitals, as agencies.code (VARCHAR(16)). */
#define AGENCY_CODE_MAX 16

/* The five fields of Resolution 57's work, tasks.fields' SET. */
#define VOCAB_NFIELDS 5
extern const char *const vocab_fields[VOCAB_NFIELDS];

/* How a monthly report rates a task: reports.health's ENUM. */
#define VOCAB_NHEALTH 3
extern const char *const vocab_health[VOCAB_NHEALTH];

struct arena;

/*
 * Agency codes are ASCII capitals, and clients may send any case:
 * vocab_upcase() copies s into a upper-cased (STR_NULL when a is full).
 * vocab_agency() gives the agencies table's code for s, in any case:
 * NV_ENOENT when there is none (or s is longer than a code), else the
 * database's error.
 */
struct str vocab_upcase(struct arena *, struct str s);
enum nv_err vocab_agency(struct arena *, struct str s, struct str *out);
/*
 * Whether the agency of code (as stored) may be chosen for a task: NV_OK,
 * NV_EPERM when it is retired or merged (migration 0021), NV_ENOENT when
 * there is none.
 */
enum nv_err vocab_agency_active(struct arena *, struct str code);

/* Whether an ISO date's year is within YEAR_MIN..YEAR_MAX. */
bool vocab_year_ok(struct str date);

#endif
