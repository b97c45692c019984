/* SPDX-License-Identifier: ISC */
/* The scripted database of the write path's unit tests (fake_db.c). */
#ifndef FAKE_DB_H
#define FAKE_DB_H

#include <stdio.h>

#include "unit.h"

#include "fcgi/base/db.h"
#include "fcgi/base/str.h"

#define FAKE_MAX  64 /* statements a test runs */
#define FAKE_ROWS 4
#define FAKE_COLS 48

struct fake_answer {
	const char *match; /* a substring the statement must contain */
	enum nv_err rc;
	bool retryable; /* with rc NV_EDBDOWN: a deadlock, say */
	uint64_t affected, insert_id;
	size_t nrows, ncols;
	const char *cells[FAKE_ROWS][FAKE_COLS];
};

struct fake_log {
	char *sql;
	size_t n;
	struct {
		enum db_type type;
		int64_t i;
		char s[256];
	} p[FAKE_COLS];
};

struct fake_db {
	struct fake_answer q[FAKE_MAX];
	size_t nq, next;
	struct fake_log log[FAKE_MAX];
	size_t nlog;
	bool in_tx, retryable;
	int begins, commits, rollbacks;
	/* The next commit_fails COMMITs fail (NV_EDBDOWN), retryable when
	 * commit_retryable (Galera's certification failure). */
	int commit_fails;
	bool commit_retryable;
};

extern struct fake_db fake;

void fake_reset(void);
/* The arena a test allocates from, emptied by fake_setup(). */
void fake_use_arena(struct arena *);
/* cmocka's setup of a test over the fake: fake_reset(), the arena
 * emptied. */
int fake_setup(void **state);
/* Queues the answer to the next statement, which must contain match. */
struct fake_answer *fake_answer(const char *match);
/* Adds a row of ncols cells (NULL: SQL NULL) to an answer. */
void fake_row(struct fake_answer *, size_t ncols, const char *const *cells);
/* How many statements ran that contain match; the first of them. */
size_t fake_count(const char *match);
const struct fake_log *fake_find(const char *match);

#endif
