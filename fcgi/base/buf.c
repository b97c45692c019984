/* SPDX-License-Identifier: ISC */
/* Growable byte buffer with a hard cap. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fcgi/base/buf.h"

void
buf_init(struct buf *b, size_t cap)
{
	memset(b, 0, sizeof(*b));
	b->cap = cap;
}

void
buf_free(struct buf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	b->failed = false;
}

static bool
grow(struct buf *b, size_t extra)
{
	size_t want, nsize;
	char *np;

	if (b->failed)
		return false;
	if (extra > b->cap || b->len > b->cap - extra) {
		b->failed = true;
		return false;
	}
	want = b->len + extra + 1; /* room for a trailing NUL */
	if (want <= b->size)
		return true;
	nsize = b->size ? b->size : 4096;
	while (nsize < want)
		nsize *= 2;
	if ((np = realloc(b->p, nsize)) == NULL) {
		b->failed = true;
		return false;
	}
	b->p = np;
	b->size = nsize;
	return true;
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
	if (n == 0 || !grow(b, n))
		return;
	memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void
buf_addc(struct buf *b, char c)
{
	if (b->len + 1 < b->size && !b->failed && b->len < b->cap) {
		b->p[b->len++] = c;
		b->p[b->len] = '\0';
		return;
	}
	buf_add(b, &c, 1);
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->failed = true;
		return;
	}
	if (!grow(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

bool
buf_failed(const struct buf *b)
{
	return b->failed;
}
