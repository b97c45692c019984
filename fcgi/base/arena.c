/* SPDX-License-Identifier: ISC */
/*
 * Arena: a chain of blocks, the first kept across resets so that a typical
 * request allocates nothing from malloc.  Built with -DARENA_MALLOC (the
 * asan build), every allocation is its own malloc so AddressSanitizer sees
 * each object's bounds.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fcgi/base/arena.h"

#define BLOCK_MIN (64 * 1024)
#define DEFER_MAX 64
#define ALIGN(n)  (((n) + 15) & ~(size_t)15)

struct block {
	struct block *next;
	size_t size, used;
	_Alignas(16) unsigned char data[]; /* arena_alloc promises 16 */
};

struct defer {
	void (*fn)(void *);
	void *arg;
};

struct arena {
	struct block *head; /* newest first; last one is kept */
	size_t cap, total;
#ifdef ARENA_MALLOC
	void **objs;
	size_t nobjs, objcap;
#endif
	struct defer defers[DEFER_MAX];
	size_t ndefers;
};

struct arena *
arena_new(size_t cap)
{
	struct arena *a;

	if ((a = calloc(1, sizeof(*a))) == NULL)
		return NULL;
	a->cap = cap;
	return a;
}

void
arena_free(struct arena *a)
{
	struct block *b, *next;

	if (a == NULL)
		return;
	arena_reset(a);
	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
#ifdef ARENA_MALLOC
	free(a->objs);
#endif
	free(a);
}

void *
arena_alloc(struct arena *a, size_t n)
{
	struct block *b;
	size_t sz;
	void *p;

	/* Before rounding up: a size near SIZE_MAX would wrap to 0. */
	if (n > a->cap)
		return NULL;
	n = ALIGN(n == 0 ? 1 : n);
	if (n > a->cap || a->total + n > a->cap)
		return NULL;
#ifdef ARENA_MALLOC
	if (a->nobjs == a->objcap) {
		size_t nc = a->objcap ? a->objcap * 2 : 64;
		void **no = realloc(a->objs, nc * sizeof(*no));
		if (no == NULL)
			return NULL;
		a->objs = no;
		a->objcap = nc;
	}
	if ((p = calloc(1, n)) == NULL)
		return NULL;
	a->objs[a->nobjs++] = p;
	a->total += n;
	(void)b;
	(void)sz;
	return p;
#else
	b = a->head;
	if (b == NULL || b->size - b->used < n) {
		sz = n > BLOCK_MIN ? n : BLOCK_MIN;
		if ((b = malloc(sizeof(*b) + sz)) == NULL)
			return NULL;
		b->size = sz;
		b->used = 0;
		b->next = a->head;
		a->head = b;
	}
	p = b->data + b->used;
	b->used += n;
	a->total += n;
	memset(p, 0, n);
	return p;
#endif
}

char *
arena_strndup(struct arena *a, const char *s, size_t len)
{
	char *p;

	if (len == SIZE_MAX || (p = arena_alloc(a, len + 1)) == NULL)
		return NULL;
	if (len > 0)
		memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	char *p;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || (p = arena_alloc(a, (size_t)n + 1)) == NULL)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

enum nv_err
arena_defer(struct arena *a, void (*fn)(void *), void *arg)
{
	if (a->ndefers == DEFER_MAX) {
		fn(arg);
		return NV_ETOOBIG;
	}
	a->defers[a->ndefers].fn = fn;
	a->defers[a->ndefers].arg = arg;
	a->ndefers++;
	return NV_OK;
}

void
arena_reset(struct arena *a)
{
	struct block *b;

	while (a->ndefers > 0) {
		a->ndefers--;
		a->defers[a->ndefers].fn(a->defers[a->ndefers].arg);
	}
#ifdef ARENA_MALLOC
	while (a->nobjs > 0)
		free(a->objs[--a->nobjs]);
#endif
	/* Keep the oldest block (usually the only one) for the next request. */
	while (a->head != NULL && a->head->next != NULL) {
		b = a->head;
		a->head = b->next;
		free(b);
	}
	if (a->head != NULL)
		a->head->used = 0;
	a->total = 0;
}

size_t
arena_used(const struct arena *a)
{
	return a->total;
}
