/* SPDX-License-Identifier: ISC */
/*
 * One transaction, run again when it was lost.  Apart from db.c because it
 * needs only db.h: the write path's unit tests run this very loop over
 * their scripted database (tests/unit/fake_db.c).
 */
#include <time.h>

#include "fcgi/base/db.h"
#include "fcgi/base/log.h"

/*
 * Before running a lost transaction again: 1..5 ms, then 1..10, 1..20,
 * 1..40, 1..80 (155 ms at most in all), the jitter from the clock's
 * nanoseconds, so that two workers that met on one row (or two Galera
 * nodes' writers) do not meet again at once.
 */
void
db_backoff(int attempt)
{
	struct timespec now, ts = {0, 0};

	clock_gettime(CLOCK_MONOTONIC, &now);
	ts.tv_nsec = (1 + (now.tv_nsec / 1000) % (5L << attempt)) * 1000000L;
	nanosleep(&ts, NULL);
}

enum nv_err
db_tx(enum nv_err (*fn)(void *), void *ctx)
{
	enum nv_err rc;
	int attempt;

	if (db_in_tx())
		return fn(ctx);
	for (attempt = 0;; attempt++) {
		if ((rc = db_begin()) != NV_OK)
			return rc;
		rc = fn(ctx);
		if (rc == NV_OK) {
			/*
			 * A failed COMMIT: outcome unknown, unless it lost
			 * Galera's certification (db_retryable()): rolled
			 * back, so run again like a deadlock.
			 */
			if ((rc = db_commit()) == NV_OK || !db_retryable() ||
			    attempt == DB_TX_RETRIES)
				return rc;
			log_info("db: commit lost a conflict; again");
			db_backoff(attempt);
			continue;
		}
		db_rollback();
		if (rc != NV_EDBDOWN || !db_retryable() ||
		    attempt == DB_TX_RETRIES)
			return rc;
		log_info(
		    "db: transaction lost (deadlock or connection); again");
		db_backoff(attempt);
	}
}
