/* SPDX-License-Identifier: ISC */
/* Shared includes and tiny helpers for the cmocka unit tests. */
#ifndef UNIT_H
#define UNIT_H

/* cmocka.h needs these first, in this order. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "fcgi/base/nv.h"

/* A struct str over a NUL-terminated string (NULL stays NULL). */
static inline struct str
unit_s(const char *s)
{
	if (s == NULL)
		return STR_NULL;
	return (struct str){s, strlen(s)};
}

/* A struct str over the first len bytes of s, which may hold NULs. */
static inline struct str
unit_sn(const char *s, size_t len)
{
	return (struct str){s, len};
}

/* Asserts that a slice holds exactly the string want. */
#define assert_str_eq(slice, want)                                             \
	do {                                                                   \
		struct str unit_got_ = (slice);                                \
		const char *unit_want_ = (want);                               \
		assert_non_null(unit_got_.p);                                  \
		assert_int_equal(unit_got_.len, strlen(unit_want_));           \
		assert_memory_equal(                                           \
		    unit_got_.p, unit_want_, strlen(unit_want_));              \
	} while (0)

#endif
