/* SPDX-License-Identifier: ISC */
/*
 * Per-request memory.  Everything a request allocates comes from its arena
 * and is freed at once by arena_reset() after the response is flushed; the
 * cap doubles as the per-request memory limit.  Objects that libraries
 * allocate are handed back through arena_defer() hooks, run LIFO on reset.
 */
#ifndef ARENA_H
#define ARENA_H

#include <stddef.h>

#include "fcgi/base/nv.h"

struct arena;

/* Returns a new arena of at most cap bytes, or NULL on malloc failure. */
struct arena *arena_new(size_t cap);
void arena_free(struct arena *);
/* Zeroed, 16-byte aligned memory; NULL once the cap is reached. */
void *arena_alloc(struct arena *, size_t);
/* Copies len bytes and appends a NUL; NULL once the cap is reached. */
char *arena_strndup(struct arena *, const char *, size_t);
char *arena_printf(struct arena *, const char *, ...)
    __attribute__((format(printf, 2, 3)));
/* NV_ETOOBIG when the hook table is full (the hook is then run at once). */
enum nv_err arena_defer(struct arena *, void (*)(void *), void *);
void arena_reset(struct arena *);
/* Bytes handed out since the last reset. */
size_t arena_used(const struct arena *);

#endif
