/* SPDX-License-Identifier: ISC */
/* Unit tests for route_find() in fcgi/route.c: 404, 405 and Allow. */
#include "unit.h"

#include "fcgi/http/route.h"

struct fx {
	struct req rq;
	struct resp rs;
};

static enum nv_err
dummy_sink(void *ctx, const char *p, size_t n)
{
	(void)ctx;
	(void)p;
	(void)n;
	return NV_OK;
}

static int
setup(void **state)
{
	struct fx *f;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return -1;
	if ((f->rq.arena = arena_new(1 << 20)) == NULL) {
		free(f);
		return -1;
	}
	resp_init(&f->rs, 1 << 20);
	resp_reset(&f->rs, dummy_sink, NULL, "t");
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	arena_free(f->rq.arena);
	resp_free(&f->rs);
	free(f);
	return 0;
}

/* Runs route_find for method and path on a fresh request and response. */
static enum nv_err
find(struct fx *f, const char *method, const char *path, const struct route **r)
{
	struct arena *a = f->rq.arena;

	arena_reset(a);
	memset(&f->rq, 0, sizeof(f->rq));
	f->rq.arena = a;
	f->rq.method = unit_s(method);
	f->rq.path = unit_s(path);
	resp_reset(&f->rs, dummy_sink, NULL, "t");
	*r = NULL;
	return route_find(&f->rq, &f->rs, r);
}

/* The extra header lines of the response, "" when none. */
static const char *
hdr(struct fx *f)
{
	return f->rs.hdr.len > 0 ? f->rs.hdr.p : "";
}

static void
test_health_found(void **state)
{
	struct fx *f = *state;
	const struct route *r;

	assert_int_equal(find(f, "GET", "/health", &r), NV_OK);
	assert_non_null(r);
	assert_string_equal(r->method, "GET");
	assert_string_equal(r->pattern, "/health");
	assert_int_equal(r->perm, RP_PUBLIC);
	assert_non_null(r->fn);
	assert_string_equal(hdr(f), "");
}

static void
test_session_routes(void **state)
{
	struct fx *f = *state;
	const struct route *r;

	assert_int_equal(find(f, "POST", "/session", &r), NV_OK);
	assert_string_equal(r->method, "POST");
	assert_int_equal(r->perm, RP_PUBLIC);
	assert_true(r->flags & R_NOCSRF);
	assert_int_equal(find(f, "GET", "/session", &r), NV_OK);
	assert_string_equal(r->method, "GET");
	assert_int_equal(r->perm, RP_USER);
	assert_false(r->flags & R_NOCSRF);
	assert_int_equal(find(f, "DELETE", "/session", &r), NV_OK);
	assert_string_equal(r->method, "DELETE");
	assert_int_equal(r->perm, RP_USER);
	assert_int_equal(find(f, "GET", "/agencies", &r), NV_OK);
	assert_int_equal(r->perm, RP_USER);
}

static void
test_wrong_method(void **state)
{
	struct fx *f = *state;
	const struct route *r;

	assert_int_equal(find(f, "POST", "/health", &r), NV_EMETHOD);
	assert_null(r);
	assert_string_equal(hdr(f), "Allow: GET\r\n");
	assert_int_equal(find(f, "PUT", "/session", &r), NV_EMETHOD);
	assert_string_equal(hdr(f), "Allow: POST, GET, DELETE\r\n");
	assert_int_equal(find(f, "DELETE", "/agencies", &r), NV_EMETHOD);
	assert_string_equal(hdr(f), "Allow: GET\r\n");
	/* Methods are case-sensitive (RFC 9110 section 9.1). */
	assert_int_equal(find(f, "get", "/health", &r), NV_EMETHOD);
}

static void
test_not_found(void **state)
{
	static const char *paths[] = {"/", "/nope", "/healthz", "/Health",
	    "/health/", "/health/x", "/session/1", "//health", "health", "",
	    "/he alth", "/s\xc3\xa9ssion", "/a/b/c/d/e/f/g/h/i"};
	struct fx *f = *state;
	const struct route *r;
	size_t i;

	for (i = 0; i < NELEM(paths); i++) {
		if (find(f, "GET", paths[i], &r) != NV_ENOENT)
			fail_msg("found \"%s\"", paths[i]);
		assert_null(r);
		/* A 404 carries no Allow header. */
		assert_string_equal(hdr(f), "");
	}
	/* Unknown path with an unknown method is still a 404, not a 405. */
	assert_int_equal(find(f, "BREW", "/coffee", &r), NV_ENOENT);
}

static void
test_segments_parsed(void **state)
{
	struct fx *f = *state;
	const struct route *r;

	assert_int_equal(find(f, "GET", "/agencies", &r), NV_OK);
	assert_int_equal(f->rq.nseg, 1);
	assert_str_eq(f->rq.seg[0], "agencies");
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(test_health_found),
	    T(test_session_routes),
	    T(test_wrong_method),
	    T(test_not_found),
	    T(test_segments_parsed),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
