/* SPDX-License-Identifier: ISC */
/* Unit tests for fcgi/arena.c: cap, zeroing, alignment, defers, strings. */
#include "unit.h"

#include "fcgi/base/arena.h"

/* Records the order in which deferred hooks run. */
struct trace {
	int order[80];
	int n;
};

struct hook {
	struct trace *t;
	int id;
};

static void
record(void *arg)
{
	struct hook *h = arg;

	h->t->order[h->t->n++] = h->id;
}

/*
 * Each test's arena lives in *state so that teardown frees it even when an
 * assertion fails half-way (the sanitizer build checks for leaks).
 */
static struct arena *
fx_arena(void **state, size_t cap)
{
	struct arena *a;

	assert_non_null(a = arena_new(cap));
	*state = a;
	return a;
}

static int
teardown(void **state)
{
	arena_free(*state);
	*state = NULL;
	return 0;
}

static void
test_cap(void **state)
{
	struct arena *a;
	void *p;

	a = fx_arena(state, 1024);
	assert_non_null(arena_alloc(a, 1000)); /* 1008 aligned */
	assert_int_equal(arena_used(a), 1008);
	assert_non_null(arena_alloc(a, 16)); /* exactly 1024 */
	assert_int_equal(arena_used(a), 1024);
	assert_null(arena_alloc(a, 1));
	assert_null(arena_alloc(a, 0));
	assert_int_equal(arena_used(a), 1024);
	/* A reset gives the whole cap back. */
	arena_reset(a);
	assert_int_equal(arena_used(a), 0);
	assert_non_null(p = arena_alloc(a, 1024));
	memset(p, 'x', 1024);
	assert_null(arena_alloc(a, 1));
}

static void
test_cap_single_too_big(void **state)
{
	struct arena *a;

	a = fx_arena(state, 4096);
	assert_null(arena_alloc(a, 4097));
	assert_null(arena_alloc(a, 1 << 20));
	assert_int_equal(arena_used(a), 0);
	/* The failures did not use anything up. */
	assert_non_null(arena_alloc(a, 4096));
}

static void
test_cap_huge_request(void **state)
{
	struct arena *a;

	a = fx_arena(state, 4096);
	/* Rounding up to 16 must not wrap a huge size around to 0. */
	assert_null(arena_alloc(a, SIZE_MAX));
	assert_null(arena_alloc(a, SIZE_MAX - 7));
	assert_null(arena_alloc(a, SIZE_MAX - 14));
	assert_null(arena_strndup(a, "x", SIZE_MAX - 1));
}

static void
test_zeroed(void **state)
{
	struct arena *a;
	unsigned char *p;
	size_t i, sizes[] = {1, 15, 16, 17, 100, 4000, 70000};
	int round;

	a = fx_arena(state, 1 << 20);
	/* Dirty the memory, reset, and ask again: it must come back zero. */
	for (round = 0; round < 3; round++) {
		for (i = 0; i < NELEM(sizes); i++) {
			assert_non_null(p = arena_alloc(a, sizes[i]));
			for (size_t k = 0; k < sizes[i]; k++)
				if (p[k] != 0)
					fail_msg("byte %zu of %zu not zero in "
					         "round %d",
					    k, sizes[i], round);
			memset(p, 0xa5, sizes[i]);
		}
		arena_reset(a);
	}
}

static void
test_aligned_and_disjoint(void **state)
{
	struct arena *a;
	unsigned char *p[40];
	size_t i, k;

	a = fx_arena(state, 1 << 20);
	for (i = 0; i < NELEM(p); i++) {
		assert_non_null(p[i] = arena_alloc(a, i * 7 + 1));
		assert_int_equal((uintptr_t)p[i] % 16, 0);
		memset(p[i], (int)i, i * 7 + 1);
	}
	for (i = 0; i < NELEM(p); i++)
		for (k = 0; k < i * 7 + 1; k++)
			if (p[i][k] != (unsigned char)i)
				fail_msg("allocation %zu overwritten", i);
}

static void
test_large_blocks(void **state)
{
	struct arena *a;
	unsigned char *p, *q;

	a = fx_arena(state, 1 << 20);
	/* Larger than a block, then enough small ones to need another. */
	assert_non_null(p = arena_alloc(a, 200000));
	memset(p, 1, 200000);
	assert_non_null(q = arena_alloc(a, 60000));
	memset(q, 2, 60000);
	assert_non_null(arena_alloc(a, 60000));
	assert_int_equal(p[199999], 1);
	assert_int_equal(q[0], 2);
	assert_int_equal(arena_used(a), 200000 + 60000 + 60000);
	arena_reset(a);
	assert_int_equal(arena_used(a), 0);
	assert_non_null(p = arena_alloc(a, 900000));
	assert_int_equal(p[899999], 0);
}

/*
 * Hooks and their trace are static: a failed assertion leaves them
 * registered, and teardown runs them after this test's frame is gone.
 */
static struct trace trace;
static struct hook hooks[80];

static struct hook *
hook(int id)
{
	hooks[id] = (struct hook){&trace, id};
	return &hooks[id];
}

static void
test_defer_lifo(void **state)
{
	struct arena *a;
	int i;

	memset(&trace, 0, sizeof(trace));
	a = fx_arena(state, 4096);
	for (i = 1; i <= 5; i++)
		assert_int_equal(arena_defer(a, record, hook(i)), NV_OK);
	assert_int_equal(trace.n, 0); /* nothing runs before the reset */
	arena_reset(a);
	assert_int_equal(trace.n, 5);
	for (i = 0; i < 5; i++)
		assert_int_equal(trace.order[i], 5 - i);
	/* Hooks run once: a second reset does not repeat them. */
	arena_reset(a);
	assert_int_equal(trace.n, 5);
	/* Hooks added after a reset run at the next one. */
	assert_int_equal(arena_defer(a, record, hook(9)), NV_OK);
	arena_reset(a);
	assert_int_equal(trace.n, 6);
	assert_int_equal(trace.order[5], 9);
}

static void
test_defer_on_free(void **state)
{
	struct arena *a;

	memset(&trace, 0, sizeof(trace));
	a = fx_arena(state, 4096);
	arena_defer(a, record, hook(1));
	arena_defer(a, record, hook(2));
	*state = NULL;
	arena_free(a);
	assert_int_equal(trace.n, 2);
	assert_int_equal(trace.order[0], 2);
	assert_int_equal(trace.order[1], 1);
}

static void
test_defer_full(void **state)
{
	struct arena *a;
	int i;

	memset(&trace, 0, sizeof(trace));
	a = fx_arena(state, 4096);
	for (i = 0; i < 64; i++)
		assert_int_equal(arena_defer(a, record, hook(i)), NV_OK);
	/* A full table runs the hook at once, so nothing leaks. */
	assert_int_equal(arena_defer(a, record, hook(64)), NV_ETOOBIG);
	assert_int_equal(trace.n, 1);
	assert_int_equal(trace.order[0], 64);
	arena_reset(a);
	assert_int_equal(trace.n, 65);
	assert_int_equal(trace.order[1], 63);
	assert_int_equal(trace.order[64], 0);
}

static void
test_strndup(void **state)
{
	struct arena *a;
	char *s;

	a = fx_arena(state, 64);
	assert_non_null(s = arena_strndup(a, "Chuyển đổi số", 8));
	assert_string_equal(s, "Chuyển");
	assert_non_null(s = arena_strndup(a, "", 0));
	assert_string_equal(s, "");
	assert_non_null(s = arena_strndup(a, "a\0b", 3));
	assert_memory_equal(s, "a\0b\0", 4);
	assert_int_equal(arena_used(a), 48);
	/* 16 bytes are left: 15 characters and the NUL fit, 16 do not. */
	assert_null(arena_strndup(a, "0123456789abcdef", 16));
	assert_non_null(s = arena_strndup(a, "0123456789abcdef", 15));
	assert_string_equal(s, "0123456789abcde");
	assert_null(arena_strndup(a, "", 0));
}

static void
test_printf(void **state)
{
	struct arena *a;
	char *s;

	a = fx_arena(state, 64);
	assert_non_null(
	    s = arena_printf(a, "%s=%d;%05.1f", "tổng", -42, 3.14159));
	assert_string_equal(s, "tổng=-42;003.1");
	assert_non_null(s = arena_printf(a, "%s", ""));
	assert_string_equal(s, "");
	/* 64 bytes used up to 48: a 16-byte result needs 17 with its NUL. */
	assert_null(arena_printf(a, "%016d", 7));
	assert_non_null(s = arena_printf(a, "%015d", 7));
	assert_string_equal(s, "000000000000007");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_cap, teardown),
	    cmocka_unit_test_teardown(test_cap_single_too_big, teardown),
	    cmocka_unit_test_teardown(test_cap_huge_request, teardown),
	    cmocka_unit_test_teardown(test_zeroed, teardown),
	    cmocka_unit_test_teardown(test_aligned_and_disjoint, teardown),
	    cmocka_unit_test_teardown(test_large_blocks, teardown),
	    cmocka_unit_test_teardown(test_defer_lifo, teardown),
	    cmocka_unit_test_teardown(test_defer_on_free, teardown),
	    cmocka_unit_test_teardown(test_defer_full, teardown),
	    cmocka_unit_test_teardown(test_strndup, teardown),
	    cmocka_unit_test_teardown(test_printf, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
