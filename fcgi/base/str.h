/* SPDX-License-Identifier: ISC */
/* Small helpers over struct str; none allocate. */
#ifndef STR_H
#define STR_H

#include "fcgi/base/nv.h"

struct str str_c(const char *); /* NULL gives STR_NULL */
bool str_eq(struct str, const char *);
bool str_caseeq(struct str, const char *);
bool str_has_prefix(struct str, const char *);
/* ASCII whitespace trimmed from both ends. */
struct str str_trim(struct str);
/*
 * Parses a decimal integer with optional leading '-', no spaces, no '+',
 * no leading zeros beyond "0".  NV_EINVAL when not a number or outside
 * [min, max].
 */
enum nv_err str_to_i64(struct str, int64_t min, int64_t max, int64_t *out);

#endif
