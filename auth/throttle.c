/* SPDX-License-Identifier: ISC */
/*
 * Login throttle rows: one per (kind, key), a fixed window each, and the
 * time of the last counted attempt for the exponential delay.
 */
#include "fcgi/base/db.h"
#include "fcgi/base/str.h"
#include "auth/throttle.h"

/* Past this many doublings the delay is at its cap anyway. */
#define SLOW_STEPS_MAX 30
#define TAKE_TRIES     16 /* compare-and-swap rounds under contention */

static bool
is_slowing(enum throttle_kind kind)
{
	return kind == THR_USER || kind == THR_ADDR;
}

static int
max_of(const struct conf *c, enum throttle_kind kind)
{
	return kind == THR_ADDR ? c->login_fail_addr_max
	                        : c->login_fail_user_max;
}

bool
throttle_decide(const struct conf *c, enum throttle_kind kind,
    const struct throttle_row *r, int64_t *failures_out, bool *new_window,
    int *retry_after)
{
	int64_t max = max_of(c, kind), steps, wait_s, left_us;

	*retry_after = 0;
	*new_window = false;
	if (r->window_age_s >= c->login_fail_window) {
		*new_window = true;
		*failures_out = 1;
		return true;
	}
	if (r->failures < max) {
		*failures_out = r->failures + 1;
		return true;
	}
	if (!is_slowing(kind)) {
		*retry_after = (int)(c->login_fail_window - r->window_age_s);
		if (*retry_after < 1)
			*retry_after = 1;
		return false;
	}
	steps = r->failures - max;
	if (steps > SLOW_STEPS_MAX)
		steps = SLOW_STEPS_MAX;
	wait_s = (int64_t)1 << steps;
	if (wait_s > c->login_delay_max)
		wait_s = c->login_delay_max;
	left_us = wait_s * 1000000 - r->since_last_us;
	if (r->since_last_us < 0 || left_us <= 0) {
		/* The count stops growing once the delay is at its cap. */
		*failures_out = r->failures + (steps < SLOW_STEPS_MAX);
		return true;
	}
	*retry_after = (int)((left_us + 999999) / 1000000);
	return false;
}

enum nv_err
throttle_take(const struct conf *c, enum throttle_kind kind, const char *key,
    int *retry_after)
{
	static const char read[] =
	    "SELECT failures, TIMESTAMPDIFF(SECOND, window_start, "
	    "UTC_TIMESTAMP(6)), IFNULL(TIMESTAMPDIFF(MICROSECOND, last_at, "
	    "UTC_TIMESTAMP(6)), -1), window_start "
	    "FROM login_throttle WHERE kind = ? AND k = ?";
	static const char first[] =
	    "INSERT IGNORE INTO login_throttle (kind, k, window_start, "
	    "last_at, failures) VALUES (?, ?, UTC_TIMESTAMP(6), "
	    "UTC_TIMESTAMP(6), 1)";
	/* Compare-and-swap on (failures, window_start): two workers that
	 * read the same row cannot both spend its last slot. */
	static const char write[] =
	    "UPDATE login_throttle SET failures = ?, window_start = "
	    "IF(?, UTC_TIMESTAMP(6), window_start), last_at = "
	    "UTC_TIMESTAMP(6) WHERE kind = ? AND k = ? AND failures = ? AND "
	    "window_start = ?";
	char kc[2] = {(char)kind, '\0'};
	struct throttle_row row;
	struct db_res r;
	struct arena *a;
	uint64_t affected;
	int64_t failures;
	bool fresh;
	enum nv_err rc;
	int i;

	*retry_after = 0;
	struct db_param k[] = {DBP_STR(str_c(kc)), DBP_STR(str_c(key))};
	/*
	 * Issue 8: a key without a row (most logins' pair and username:
	 * a good password deletes them) is taken by making its row with this
	 * attempt counted: what the compare-and-swap below would write to a
	 * fresh row (failures 0, a window starting now), since the limits are
	 * at least 1 (conf.c).  One statement and one commit instead of three
	 * and two.  An address's row outlives logins (a good password only
	 * refunds it): read first.
	 */
	if (kind != THR_ADDR) {
		if ((rc = db_exec(first, k, NELEM(k), &affected, NULL)) !=
		    NV_OK)
			return rc;
		if (affected == 1)
			return NV_OK;
	}
	if ((a = arena_new(4096)) == NULL)
		return NV_EINTERNAL;
	rc = NV_ELIMIT;
	*retry_after = 1; /* if every round loses the race */
	for (i = 0; i < TAKE_TRIES; i++) {
		arena_reset(a); /* each round's row only */
		if ((rc = db_query(a, read, k, NELEM(k), &r)) != NV_OK)
			break;
		/*
		 * Cleared meanwhile (a login of the same key succeeded and
		 * deleted the row): make it again and take a fresh round.
		 * Without this every round read nothing and a good login
		 * running beside another was refused with 429.
		 */
		if (r.nrows != 1) {
			if ((rc = db_exec(
			         first, k, NELEM(k), &affected, NULL)) != NV_OK)
				break;
			if (affected == 1) {
				*retry_after = 0; /* made with it counted */
				break;
			}
			rc = NV_ELIMIT;
			continue;
		}
		rc = NV_ELIMIT;
		row.failures = db_int(&r, 0, 0);
		row.window_age_s = db_int(&r, 0, 1);
		row.since_last_us = db_int(&r, 0, 2);
		if (!throttle_decide(
		        c, kind, &row, &failures, &fresh, retry_after))
			break;
		struct db_param w[] = {DBP_INT(failures), DBP_INT(fresh),
		    DBP_STR(str_c(kc)), DBP_STR(str_c(key)),
		    DBP_INT(row.failures), DBP_STR(db_cell(&r, 0, 3))};
		if ((rc = db_exec(write, w, NELEM(w), &affected, NULL)) !=
		    NV_OK)
			break;
		if (affected == 1) {
			rc = NV_OK;
			break;
		}
		rc = NV_ELIMIT;
		*retry_after = 1;
	}
	arena_free(a);
	return rc;
}

enum nv_err
throttle_refund(enum throttle_kind kind, const char *key)
{
	static const char sql[] =
	    "UPDATE login_throttle SET failures = IF(failures > 0, "
	    "failures - 1, 0) WHERE kind = ? AND k = ?";
	char kc[2] = {(char)kind, '\0'};

	struct db_param p[] = {DBP_STR(str_c(kc)), DBP_STR(str_c(key))};
	return db_exec(sql, p, NELEM(p), NULL, NULL);
}

enum nv_err
throttle_clear(enum throttle_kind kind, const char *key)
{
	static const char sql[] =
	    "DELETE FROM login_throttle WHERE kind = ? AND k = ?";
	char kc[2] = {(char)kind, '\0'};

	struct db_param p[] = {DBP_STR(str_c(kc)), DBP_STR(str_c(key))};
	return db_exec(sql, p, NELEM(p), NULL, NULL);
}

enum nv_err
throttle_clear2(enum throttle_kind k1, const char *key1, enum throttle_kind k2,
    const char *key2)
{
	static const char sql[] = "DELETE FROM login_throttle WHERE (kind = ? "
	                          "AND k = ?) OR (kind = ? AND k = ?)";
	char kc1[2] = {(char)k1, '\0'}, kc2[2] = {(char)k2, '\0'};

	struct db_param p[] = {DBP_STR(str_c(kc1)), DBP_STR(str_c(key1)),
	    DBP_STR(str_c(kc2)), DBP_STR(str_c(key2))};
	return db_exec(sql, p, NELEM(p), NULL, NULL);
}

/*
 * Issue 8: the address's, the pair's and the username's slots in one
 * statement and one commit, instead of a read and a compare-and-swap for
 * the address and a statement for each of the other two (three commits,
 * and more rounds when logins from one address race for its row).  Each
 * key's row is made with this attempt counted, or counted the way
 * throttle_decide counts a key under its limit (a new window when the
 * window is over, else one more failure).  A key at its limit makes
 * failures NULL, which strict mode refuses, undoing the whole statement:
 * nothing is counted and the caller takes the slots one by one
 * (throttle_take), which decides the slowing keys' delays and the
 * Retry-After exactly as before.  So this never lets through an attempt
 * throttle_take would refuse.  The assignments run left to right and each
 * reads only columns not yet assigned: failures reads the row's own
 * window_start, set after it.
 */
enum nv_err
throttle_take3(
    const struct conf *c, const char *addr, const char *pair, const char *user)
{
	static const char sql[] =
	    "INSERT INTO login_throttle (kind, k, window_start, last_at, "
	    "failures) VALUES (?, ?, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 1), "
	    "(?, ?, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 1), "
	    "(?, ?, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 1) "
	    "ON DUPLICATE KEY UPDATE failures = IF(TIMESTAMPDIFF(SECOND, "
	    "window_start, UTC_TIMESTAMP(6)) >= ?, 1, IF(failures < IF(kind = "
	    "?, ?, ?), failures + 1, NULL)), window_start = "
	    "IF(TIMESTAMPDIFF(SECOND, window_start, UTC_TIMESTAMP(6)) >= ?, "
	    "UTC_TIMESTAMP(6), window_start), last_at = UTC_TIMESTAMP(6)";
	static const char ka[] = {THR_ADDR, '\0'}, kp[] = {THR_PAIR, '\0'},
	                  ku[] = {THR_USER, '\0'};

	struct db_param p[] = {DBP_STR(str_c(ka)), DBP_STR(str_c(addr)),
	    DBP_STR(str_c(kp)), DBP_STR(str_c(pair)), DBP_STR(str_c(ku)),
	    DBP_STR(str_c(user)), DBP_INT(c->login_fail_window),
	    DBP_STR(str_c(ka)), DBP_INT(max_of(c, THR_ADDR)),
	    DBP_INT(max_of(c, THR_USER)), DBP_INT(c->login_fail_window)};
	return db_exec_or_refuse(sql, p, NELEM(p), NULL);
}

/*
 * Issue 8: a good password's settling in one statement: the address gets
 * this attempt back, the pair and the username lose every failure.  Their
 * rows stay, at 0 failures, which throttle_decide treats as no row (any
 * attempt is under the limit): the next login of the same username counts
 * on them with throttle_take3 instead of making them again, and
 * throttle_purge removes those left.
 */
enum nv_err
throttle_settle3(const char *addr, const char *pair, const char *user)
{
	static const char sql[] =
	    "UPDATE login_throttle SET failures = IF(kind = ? AND failures > "
	    "0, failures - 1, 0) WHERE (kind = ? AND k = ?) OR (kind = ? AND "
	    "k = ?) OR (kind = ? AND k = ?)";
	static const char ka[] = {THR_ADDR, '\0'}, kp[] = {THR_PAIR, '\0'},
	                  ku[] = {THR_USER, '\0'};

	struct db_param p[] = {DBP_STR(str_c(ka)), DBP_STR(str_c(ka)),
	    DBP_STR(str_c(addr)), DBP_STR(str_c(kp)), DBP_STR(str_c(pair)),
	    DBP_STR(str_c(ku)), DBP_STR(str_c(user))};
	return db_exec(sql, p, NELEM(p), NULL, NULL);
}

enum nv_err
throttle_purge(const struct conf *c)
{
	static const char sql[] =
	    "DELETE FROM login_throttle WHERE failures = 0 OR window_start < "
	    "UTC_TIMESTAMP(6) - INTERVAL ? SECOND LIMIT 500";

	struct db_param p[] = {DBP_INT(c->login_fail_window)};
	return db_exec(sql, p, NELEM(p), NULL, NULL);
}
