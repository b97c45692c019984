/* SPDX-License-Identifier: ISC */
/*
 * One transaction, run again when it was lost.  Apart from db.c because it
 * needs only db.h: the write path's unit tests run this very loop over
 * their scripted database (tests/unit/fake_db.c).
 */
#include "fcgi/base/db.h"
#include "fcgi/base/log.h"

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
			continue;
		}
		db_rollback();
		if (rc != NV_EDBDOWN || !db_retryable() ||
		    attempt == DB_TX_RETRIES)
			return rc;
		log_info(
		    "db: transaction lost (deadlock or connection); again");
	}
}
