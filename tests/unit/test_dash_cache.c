/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for the dashboards a worker keeps
 * (fcgi/api/api_dashboard_cache.c), over the scripted database of fake_db.c,
 * which answers the sum of dash_version: a body is kept by its compressed size,
 * whatever it inflates to, and all the slots together hold at most KEPT_MAX (1
 * MB) compressed, older slots giving way, least recently used first.  The bound
 * is the module's; the figures behind it are in its comment.
 */
#include "fake_db.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "auth/sess.h"
#include "fcgi/api/api.h"
#include "fcgi/http/resp.h"

#define MB (1024 * 1024)

static struct arena *arena;
static struct sess sess;

static struct req
req_of(const char *query)
{
	struct req rq;

	memset(&rq, 0, sizeof(rq));
	rq.arena = arena;
	rq.sess = &sess;
	rq.query = str_c(query);
	rq.accept_encoding = str_c("gzip, deflate, br");
	return rq;
}

static void
version(const char *v)
{
	fake_row(fake_answer("FROM dash_version"), 1, &v);
}

/*
 * A body of n bytes: random bytes (deflate leaves them as large) when
 * noisy, else one short JSON row repeated (a thousandth of it or less).
 */
static void
body(struct resp *rs, size_t n, bool noisy)
{
	static const char row[] = "{\"id\":1,\"name\":\"Nhi\xe1\xbb\x87m v\xe1"
	                          "\xbb\xa5 chuy\xe1\xbb\x83n \xc4\x91\xe1"
	                          "\xbb\x95i s\xe1\xbb\x91\"},";
	uint64_t x = 0x9e3779b97f4a7c15ULL;
	size_t i;

	resp_json(rs, 200);
	for (i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		buf_addc(&rs->body,
		    noisy ? (char)(x >> 56) : row[i % (sizeof(row) - 1)]);
	}
	assert_false(buf_failed(&rs->body));
}

/* Whether the dashboard of query is kept at version v (one sum read). */
static bool
kept(const char *query, const char *v)
{
	struct req rq = req_of(query);
	struct resp rs;
	struct dash_key k;
	bool hit;

	resp_init(&rs, 64 * MB);
	version(v);
	hit = api_dash_hit(&rq, &rs, &k);
	assert_true(k.ok);
	resp_free(&rs);
	return hit;
}

/* Builds the dashboard of query at version v from an n-byte body: the
 * sum read before and after; returns the compressed length sent. */
static size_t
build(const char *query, const char *v, size_t n, bool noisy)
{
	struct req rq = req_of(query);
	struct resp rs;
	struct dash_key k;
	struct dash_frag f;
	size_t len;

	resp_init(&rs, 64 * MB);
	version(v);
	assert_false(api_dash_hit(&rq, &rs, &k));
	body(&rs, n, noisy);
	memset(&f, 0, sizeof(f));
	version(v);
	assert_int_equal(api_dash_built(&rq, &rs, &k, &f), NV_OK);
	assert_int_equal(rs.status, 200);
	len = rs.body.len;
	resp_free(&rs);
	return len;
}

/* 1,000,000 tasks' dashboard is 6.8 MB plain, 518 KB compressed: kept
 * (under a bound on its plain size, 4 MB, it was built every time). */
static void
test_a_large_body_that_compresses_is_kept(void **state)
{
	size_t len;

	(void)state;
	len = build("year=2026", "11", 7 * MB, false);
	assert_true(len < MB / 2);
	assert_true(kept("year=2026", "11"));
	assert_false(kept("year=2026", "12"));
}

/* A body larger than the bound compressed is sent, not kept. */
static void
test_a_body_over_the_bound_is_not_kept(void **state)
{
	(void)state;
	assert_true(build("year=2027", "21", MB + MB / 4, true) > MB);
	assert_false(kept("year=2027", "21"));
}

/* Two bodies of 0.6 MB compressed cannot both be kept: the second takes
 * the first's room, and a third key that fits beside it keeps both. */
static void
test_the_slots_together_stay_under_the_bound(void **state)
{
	(void)state;
	assert_true(build("year=2024", "31", 6 * MB / 10, true) > MB / 2);
	assert_true(kept("year=2024", "31"));
	build("year=2025", "31", 6 * MB / 10, true);
	assert_true(kept("year=2025", "31"));
	assert_false(kept("year=2024", "31"));
	build("year=2023", "31", 2 * MB / 10, true);
	assert_true(kept("year=2023", "31"));
	assert_true(kept("year=2025", "31"));
}

/* The least recently used gives way: year=2022 asked again after 2021
 * was built, so 2021 goes when a third body needs the room. */
static void
test_the_least_recently_used_gives_way(void **state)
{
	(void)state;
	build("year=2022", "41", 4 * MB / 10, true);
	build("year=2021", "41", 4 * MB / 10, true);
	assert_true(kept("year=2022", "41"));
	build("year=2020", "41", 4 * MB / 10, true);
	assert_true(kept("year=2022", "41"));
	assert_true(kept("year=2020", "41"));
	assert_false(kept("year=2021", "41"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(
	        test_a_large_body_that_compresses_is_kept, fake_setup),
	    cmocka_unit_test_setup(
	        test_a_body_over_the_bound_is_not_kept, fake_setup),
	    cmocka_unit_test_setup(
	        test_the_slots_together_stay_under_the_bound, fake_setup),
	    cmocka_unit_test_setup(
	        test_the_least_recently_used_gives_way, fake_setup),
	};
	int rc;

	sess.user.username = "ld.bcd";
	sess.user.agency_code = "VPUB";
	sess.user.roles = 1;
	arena = arena_new(1 << 20);
	fake_use_arena(arena);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	arena_free(arena);
	return rc;
}
