/* SPDX-License-Identifier: ISC */
/* Unit tests for fcgi/page.c: limit, cursor, next_cursor. */
#include <stdio.h>

#include "unit.h"

#include "fcgi/base/arena.h"
#include "fcgi/base/buf.h"
#include "fcgi/http/page.h"

static enum nv_err
params(const char *query, struct page *pg, struct req *rq)
{
	enum nv_err rc;

	rq->query = unit_s(query);
	if ((rc = req_parse_query(rq)) != NV_OK)
		return rc;
	return page_params(rq, pg);
}

static void
test_params(void **state)
{
	struct req rq;
	struct page pg;
	char cur[64], q[96];

	(void)state;
	memset(&rq, 0, sizeof(rq));
	rq.arena = arena_new(1 << 16);
	assert_int_equal(params("", &pg, &rq), NV_OK);
	assert_int_equal(pg.limit, 50);
	assert_true(pg.after == INT64_MAX);
	assert_int_equal(params("limit=200", &pg, &rq), NV_OK);
	assert_int_equal(pg.limit, 200);
	for (const char **b = (const char *[]){"limit=0", "limit=201",
	         "limit=x", "limit=", "cursor=", "cursor=abc", "cursor=dDE6",
	         "cursor=dDE6eA", "cursor=dDE6MA", NULL};
	     *b != NULL; b++)
		assert_int_equal(params(*b, &pg, &rq), NV_EINVAL);
	/* What page_cursor writes, page_params reads back. */
	page_cursor(123456789, cur);
	snprintf(q, sizeof(q), "cursor=%s", cur);
	assert_int_equal(params(q, &pg, &rq), NV_OK);
	assert_true(pg.after == 123456789);
	arena_free(rq.arena);
}

static void
test_take_and_end(void **state)
{
	struct page pg = {.limit = 2, .after = INT64_MAX};
	struct buf b;
	struct jw w;
	char cur[64], want[128];

	(void)state;
	assert_true(page_take(&pg, 30));
	assert_true(page_take(&pg, 20));
	assert_false(page_take(&pg, 10)); /* the one past the limit */
	assert_true(pg.more);
	assert_int_equal(pg.last_id, 20);
	buf_init(&b, 1024);
	jw_init(&w, &b);
	jw_obj_open(&w);
	jw_key(&w, "items");
	jw_arr_open(&w);
	page_end(&w, &pg);
	page_cursor(20, cur);
	snprintf(
	    want, sizeof(want), "{\"items\":[],\"next_cursor\":\"%s\"}", cur);
	assert_string_equal(b.p, want);
	buf_reset(&b);
	pg.more = false;
	jw_init(&w, &b);
	jw_obj_open(&w);
	jw_key(&w, "items");
	jw_arr_open(&w);
	page_end(&w, &pg);
	assert_string_equal(b.p, "{\"items\":[],\"next_cursor\":null}");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_params),
	    cmocka_unit_test(test_take_and_end),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
