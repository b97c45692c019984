/* SPDX-License-Identifier: ISC */
/*
 * The one way to write JSON: an appending writer into a struct buf that
 * places commas itself.  Measured on a 50-row task list, building a cJSON
 * tree and printing it cost about 60 % of a worker's CPU; appending is
 * 7-8 times cheaper.  Strings must already be valid UTF-8 (input is
 * validated at the edge, MariaDB columns are utf8mb4).
 */
#ifndef JW_H
#define JW_H

#include <stdbool.h>
#include <stdint.h>

#include "fcgi/base/buf.h"
#include "fcgi/base/nv.h"

#define JW_DEPTH_MAX 32

struct jw {
	struct buf *b;
	unsigned depth;
	bool after_key;
	bool comma[JW_DEPTH_MAX];
};

void jw_init(struct jw *, struct buf *);
void jw_obj_open(struct jw *);
void jw_obj_close(struct jw *);
void jw_arr_open(struct jw *);
void jw_arr_close(struct jw *);
/* Keys are ours: ASCII literals that need no escaping. */
void jw_key(struct jw *, const char *);
void jw_str(struct jw *, const char *, size_t);
void jw_strz(struct jw *, const char *); /* NULL writes null */
void jw_sstr(struct jw *, struct str);   /* p == NULL writes null */
void jw_int(struct jw *, int64_t);
/* v in decimal into out, not terminated; the number of bytes written.
 * Also for a JSON parameter of ids (task_search_json()). */
#define JW_DIGITS_MAX 20
size_t jw_digits(char out[JW_DIGITS_MAX], int64_t v);
void jw_bool(struct jw *, bool);
void jw_null(struct jw *);
/* A value that is already JSON (e.g. a JSON column). */
void jw_raw(struct jw *, const char *, size_t);

/* Key-value shorthands. */
void jw_kstr(struct jw *, const char *, const char *, size_t);
void jw_kstrz(struct jw *, const char *, const char *);
void jw_ksstr(struct jw *, const char *, struct str);
void jw_kint(struct jw *, const char *, int64_t);
void jw_kbool(struct jw *, const char *, bool);
void jw_knull(struct jw *, const char *);

/* Appends s as the body of a JSON string (no quotes) to b. */
void jw_escape(struct buf *, const char *, size_t);

#endif
