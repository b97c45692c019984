/* SPDX-License-Identifier: ISC */
/*
 * Keyset pages for the list endpoints: "limit" (1-200, 50 by default) and
 * an opaque "cursor" (the last id of the previous page), newest first.
 * Rows inserted between two pages never shift them.
 */
#ifndef PAGE_H
#define PAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "fcgi/base/jw.h"
#include "fcgi/http/req.h"

#define PAGE_LIMIT_DEFAULT 50
#define PAGE_LIMIT_MAX     200

struct page {
	int64_t limit; /* rows to return; ask the database for one more */
	int64_t after; /* ids below this one */
	int64_t n, last_id;
	bool more;
};

/* Reads limit and cursor; NV_EINVAL naming the bad one. */
enum nv_err page_params(struct req *, struct page *);
/*
 * Counts a row of id; false for the one row past the limit, which only
 * says that there is a next page (the caller then writes nothing).
 */
bool page_take(struct page *, int64_t id);
/* Closes the items array, writes next_cursor and closes the object. */
void page_end(struct jw *, const struct page *);
/* The cursor for the page after id (out: 64 bytes). Exposed for tests. */
void page_cursor(int64_t id, char out[64]);

#endif
