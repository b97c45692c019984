/* SPDX-License-Identifier: ISC */
/*
 * A field: one named input value (a JSON member, a query parameter, a
 * column of an imported sheet), its type and limits, and the value read.
 * Plain values, so that the record descriptors of fcgi/domain/ and the
 * request parser of fcgi/http/ share them without knowing each other.
 */
#ifndef FIELD_H
#define FIELD_H

#include <stdbool.h>
#include <stdint.h>

#include "fcgi/base/nv.h"

enum field_type {
	F_LINE, /* one line of text: trimmed, no control characters */
	F_TEXT, /* text that may hold \t \n \r */
	F_INT,  /* an integer in [min, max] */
	F_BOOL,
	F_LINES,   /* array of F_LINE strings, at most max items */
	F_OBJECTS, /* array of min..max objects, read by req_objects() */
};

struct field {
	const char *name;
	enum field_type type;
	bool required;
	bool nullable;
	int64_t min, max; /* code points for text, value for ints */
};

struct fval {
	bool present;
	bool is_null;
	struct str s; /* text, NUL-terminated */
	int64_t i;
	bool b;
	struct str *items; /* F_LINES */
	size_t nitems;     /* F_LINES, F_OBJECTS */
	const void *node;  /* F_OBJECTS: the array, for req_objects() */
};

#endif
