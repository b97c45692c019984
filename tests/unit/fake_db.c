/* SPDX-License-Identifier: ISC */
/*
 * A scripted stand-in for fcgi/base/db.c, linked instead of it into the
 * write path's unit tests (see the Makefile): each statement the code
 * under test runs takes the next answer the test queued, and is recorded
 * with its parameters for the test to read back.  A statement with no
 * answer queued fails the test.  It defines every function of db.h, so
 * the linker never takes the real adapter from libnv.a.
 */
#include "fake_db.h"

struct fake_db fake;
static struct arena *test_arena;

void
fake_reset(void)
{
	size_t i;

	for (i = 0; i < fake.nlog; i++)
		free(fake.log[i].sql);
	memset(&fake, 0, sizeof(fake));
}

void
fake_use_arena(struct arena *a)
{
	test_arena = a;
}

int
fake_setup(void **state)
{
	(void)state;
	fake_reset();
	if (test_arena != NULL)
		arena_reset(test_arena);
	return 0;
}

struct fake_answer *
fake_answer(const char *match)
{
	struct fake_answer *a;

	assert_true(fake.nq < FAKE_MAX);
	a = &fake.q[fake.nq++];
	memset(a, 0, sizeof(*a));
	a->match = match;
	return a;
}

void
fake_row(struct fake_answer *a, size_t ncols, const char *const *cells)
{
	size_t i;

	assert_true(a->nrows < FAKE_ROWS && ncols <= FAKE_COLS);
	a->ncols = ncols;
	for (i = 0; i < ncols; i++)
		a->cells[a->nrows][i] = cells[i];
	a->nrows++;
}

size_t
fake_count(const char *match)
{
	size_t i, n = 0;

	for (i = 0; i < fake.nlog; i++)
		if (strstr(fake.log[i].sql, match) != NULL)
			n++;
	return n;
}

const struct fake_log *
fake_find(const char *match)
{
	size_t i;

	for (i = 0; i < fake.nlog; i++)
		if (strstr(fake.log[i].sql, match) != NULL)
			return &fake.log[i];
	return NULL;
}

/* Records sql and takes the next answer, which must match it. */
static struct fake_answer *
next(const char *sql, const struct db_param *p, size_t n)
{
	struct fake_log *l;
	struct fake_answer *a;
	size_t i;

	assert_true(fake.nlog < FAKE_MAX);
	l = &fake.log[fake.nlog++];
	l->sql = strdup(sql);
	l->n = n;
	for (i = 0; i < n && i < FAKE_COLS; i++) {
		l->p[i].type = p[i].type;
		l->p[i].i = p[i].i;
		snprintf(l->p[i].s, sizeof(l->p[i].s), "%.*s", (int)p[i].len,
		    p[i].p ? p[i].p : "");
	}
	if (fake.next == fake.nq)
		fail_msg("fake_db: unexpected statement: %.120s", sql);
	a = &fake.q[fake.next++];
	if (strstr(sql, a->match) == NULL)
		fail_msg(
		    "fake_db: expected \"%s\", ran: %.160s", a->match, sql);
	fake.retryable = a->retryable;
	return a;
}

static void
fill(struct arena *ar, const struct fake_answer *a, struct db_res *out)
{
	size_t r, c;

	out->nrows = a->nrows;
	out->ncols = a->ncols;
	out->cells =
	    arena_alloc(ar, (a->nrows * a->ncols + 1) * sizeof(*out->cells));
	assert_non_null(out->cells);
	for (r = 0; r < a->nrows; r++)
		for (c = 0; c < a->ncols; c++)
			out->cells[r * a->ncols + c] = unit_s(a->cells[r][c]);
}

void
db_init(const struct conf *c)
{
	(void)c;
}

void
db_close(void)
{
}

enum nv_err
db_query(struct arena *ar, const char *sql, const struct db_param *p, size_t n,
    struct db_res *out)
{
	struct fake_answer *a = next(sql, p, n);

	if (a->rc == NV_OK)
		fill(ar, a, out);
	return a->rc;
}

enum nv_err
db_each(const char *sql, const struct db_param *p, size_t n, db_row_fn fn,
    void *ctx)
{
	struct fake_answer *a = next(sql, p, n);
	struct str cells[FAKE_COLS];
	size_t r, c;
	enum nv_err rc;

	for (r = 0; a->rc == NV_OK && r < a->nrows; r++) {
		for (c = 0; c < a->ncols; c++)
			cells[c] = unit_s(a->cells[r][c]);
		if ((rc = fn(ctx, cells, a->ncols)) != NV_OK)
			return rc;
	}
	return a->rc;
}

enum nv_err
db_exec(const char *sql, const struct db_param *p, size_t n, uint64_t *affected,
    uint64_t *insert_id)
{
	struct fake_answer *a = next(sql, p, n);

	if (affected != NULL)
		*affected = a->affected;
	if (insert_id != NULL)
		*insert_id = a->insert_id;
	return a->rc;
}

enum nv_err
db_exec_or_refuse(
    const char *sql, const struct db_param *p, size_t n, uint64_t *affected)
{
	return db_exec(sql, p, n, affected, NULL);
}

enum nv_err
db_begin(void)
{
	assert_false(fake.in_tx);
	fake.in_tx = true;
	fake.begins++;
	fake.retryable = false;
	return NV_OK;
}

enum nv_err
db_commit(void)
{
	assert_true(fake.in_tx);
	fake.in_tx = false;
	if (fake.commit_fails > 0) {
		fake.commit_fails--;
		fake.retryable = fake.commit_retryable;
		return NV_EDBDOWN;
	}
	fake.commits++;
	return NV_OK;
}

void
db_rollback(void)
{
	if (fake.in_tx)
		fake.rollbacks++;
	fake.in_tx = false;
}

bool
db_in_tx(void)
{
	return fake.in_tx;
}

bool
db_retryable(void)
{
	return fake.retryable;
}

enum nv_err
db_ping(void)
{
	return NV_OK;
}

struct str
db_cell(const struct db_res *r, size_t row, size_t col)
{
	return r->cells[row * r->ncols + col];
}

int64_t
db_int(const struct db_res *r, size_t row, size_t col)
{
	return db_str_int(db_cell(r, row, col));
}

int64_t
db_str_int(struct str s)
{
	int64_t v = 0;

	if (s.p == NULL)
		return 0;
	str_to_i64(s, INT64_MIN, INT64_MAX, &v);
	return v;
}
