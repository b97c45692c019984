/* SPDX-License-Identifier: ISC */
/*
 * The MariaDB adapter, the only code that includes <mysql.h>.  One
 * connection per worker, kept across requests, with every statement
 * prepared once and cached by the address of its SQL literal: callers pass
 * a `static const char` string, never one they built.  Values come back as
 * text (MariaDB formats numbers and dates); NULL is a str with p == NULL.
 *
 * A lost connection is reopened and the statement retried once, unless a
 * transaction was open: then the request fails with NV_EDBDOWN and the
 * next one reconnects.  A statement outside a transaction that loses a
 * deadlock is run again too, DB_TX_RETRIES times at most.  db_host may list
 * several servers (db_hosts.h): a connection goes to the first that answers,
 * and a Galera node not ready for clients (1047) counts as lost.
 */
#ifndef DB_H
#define DB_H

#include <stdint.h>

#include "fcgi/base/arena.h"
#include "fcgi/base/conf.h"
#include "fcgi/base/nv.h"

enum db_type { DB_T_NULL, DB_T_INT, DB_T_STR };

struct db_param {
	enum db_type type;
	int64_t i;
	const char *p;
	size_t len;
};

#define DBP_INT(v) ((struct db_param){.type = DB_T_INT, .i = (v)})
#define DBP_NULL   ((struct db_param){.type = DB_T_NULL})
#define DBP_STR(s)                                                             \
	((struct db_param){.type = (s).p == NULL ? DB_T_NULL : DB_T_STR,       \
	    .p = (s).p,                                                        \
	    .len = (s).len})
#define DBP_BIN(b, n)                                                          \
	((struct db_param){                                                    \
	    .type = DB_T_STR, .p = (const char *)(b), .len = (n)})

#define DB_PARAMS_MAX 64

/* All rows of a result, copied into an arena; row-major cells. */
struct db_res {
	size_t nrows, ncols;
	struct str *cells;
};

/* Called for each row of a streamed result; cells are valid until return. */
typedef enum nv_err (*db_row_fn)(
    void *ctx, const struct str *cells, size_t ncols);

/* Remembers the settings; the connection opens on first use. */
void db_init(const struct conf *);
void db_close(void);

/*
 * Runs sql with params and copies every row into a.  NV_EDUP for a
 * duplicate key, NV_EINVAL for a missing foreign-key parent (or a row
 * still referred to, on DELETE), NV_EDBDOWN
 * when MariaDB is unreachable or timed out, NV_ETOOBIG when a is full,
 * NV_EINTERNAL otherwise (logged here).
 */
enum nv_err db_query(struct arena *a, const char *sql, const struct db_param *,
    size_t n, struct db_res *out);
/*
 * As db_query for a statement of one row and one column holding an
 * integer >= 0 (a COUNT, a SUM of counters), stored in *out; NV_EINTERNAL
 * for any other shape.
 */
enum nv_err db_count(struct arena *a, const char *sql, const struct db_param *,
    size_t n, int64_t *out);
/* As db_query but streams rows to fn; fn's error stops the scan. */
enum nv_err db_each(const char *sql, const struct db_param *, size_t n,
    db_row_fn fn, void *ctx);
/*
 * Issue 8: as db_each, for a statement with a bounded read (LIMIT ROWS
 * EXAMINED).  When the read reaches the bound, MariaDB either aborts the
 * sort after it (ER_FILSORT_ABORT: NV_ELIMIT, not logged) or sends the
 * rows found so far, fewer than asked, with a warning that Connector/C
 * does not count for a prepared statement (mysql_stmt_warning_count() 0,
 * @@warning_count 1): the caller reads a short result another way.  Any
 * other failure as db_each.
 */
enum nv_err db_each_bounded(const char *sql, const struct db_param *, size_t n,
    db_row_fn fn, void *ctx);
/* For statements without a result; affected and insert_id may be NULL. */
enum nv_err db_exec(const char *sql, const struct db_param *, size_t n,
    uint64_t *affected, uint64_t *insert_id);

/*
 * Issue 8: as db_exec, for a statement that refuses by writing NULL to a
 * NOT NULL column (ON DUPLICATE KEY UPDATE c = IF(allowed, ..., NULL)):
 * strict mode then undoes the whole statement, every row of it, and that
 * refusal is NV_ELIMIT, not logged.  Any other failure as db_exec.
 */
enum nv_err db_exec_or_refuse(
    const char *sql, const struct db_param *, size_t n, uint64_t *affected);

enum nv_err db_begin(void);
enum nv_err db_commit(void);
/* Safe to call without a transaction; never fails the caller. */
void db_rollback(void);
bool db_in_tx(void);
/*
 * Whether the last error (NV_EDBDOWN) lost the transaction to a deadlock
 * or a lost connection, so that running it again from the start is safe
 * and may succeed.  A failed COMMIT is retryable only when it lost a
 * deadlock (Galera's certification failure: rolled back); otherwise its
 * outcome is unknown.
 */
bool db_retryable(void);

/*
 * Runs fn(ctx) in one transaction: commits when it returns NV_OK, rolls
 * back otherwise, and runs it again (DB_TX_RETRIES times at most, after a
 * pause of a few milliseconds that grows and varies) when the transaction
 * was lost to a deadlock or a lost connection (db_retryable()), so fn must
 * start from nothing each time.  Five times, not once: on a Galera cluster
 * concurrent writes through two nodes to one row (task_totals, on every
 * create; a login throttle row) lose certification or are aborted by the
 * other node's write, and in make check-cluster (six writers, two nodes)
 * one rerun left about one create in forty failed, three still one in a
 * hundred; with five none failed in the runs measured (docs/CLUSTER.md). Inside
 * an open transaction it only calls fn: the outermost caller commits.  A COMMIT
 * that lost Galera's certification (a deadlock) is run again the same way; any
 * other failed COMMIT returns NV_EDBDOWN without a retry: its outcome is
 * unknown (an Idempotency-Key makes the client's retry safe).
 */
#define DB_TX_RETRIES 5
enum nv_err db_tx(enum nv_err (*fn)(void *), void *ctx);
/* The pause before running again what lost a deadlock (db_tx.c). */
void db_backoff(int attempt);

/* A cheap round trip: NV_OK or NV_EDBDOWN. */
enum nv_err db_ping(void);

/* Cell accessors; out-of-range indexes are programmer errors (assert). */
struct str db_cell(const struct db_res *, size_t row, size_t col);
int64_t db_int(const struct db_res *, size_t row, size_t col);

/* Parses a decimal cell; 0 for NULL or garbage (the schema forbids it). */
int64_t db_str_int(struct str);

#endif
