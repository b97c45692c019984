/* SPDX-License-Identifier: ISC */
/*
 * Growable byte buffer, malloc-backed and kept for the worker's lifetime so
 * that steady-state requests do not allocate.  A buffer that hits its cap
 * stays in the "failed" state; writers check buf_failed() once at the end.
 */
#ifndef BUF_H
#define BUF_H

#include <stdbool.h>
#include <stddef.h>

struct buf {
	char *p;
	size_t len, size, cap;
	bool failed;
};

void buf_init(struct buf *, size_t cap);
void buf_free(struct buf *);
void buf_reset(struct buf *);
void buf_add(struct buf *, const void *, size_t);
void buf_addc(struct buf *, char);
void buf_adds(struct buf *, const char *);
void buf_printf(struct buf *, const char *, ...)
    __attribute__((format(printf, 2, 3)));
bool buf_failed(const struct buf *);

#endif
