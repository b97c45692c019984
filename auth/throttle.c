/* SPDX-License-Identifier: ISC */
/* Login throttle rows: one per (kind, key), a fixed window each. */
#include "fcgi/base/db.h"
#include "fcgi/base/str.h"
#include "auth/throttle.h"

enum nv_err
throttle_take(const struct conf *c, enum throttle_kind kind, const char *key,
    int *retry_after)
{
	/*
	 * LAST_INSERT_ID(expr) hands the new count back in the same
	 * statement, so the check and the increment are one atomic step.
	 * A fresh row reports 0, which means 1.  The count stops at max + 1.
	 */
	static const char take[] =
	    "INSERT INTO login_throttle (kind, k, window_start, failures) "
	    "VALUES (?, ?, UTC_TIMESTAMP(6), 1) ON DUPLICATE KEY UPDATE "
	    "failures = LAST_INSERT_ID(IF(window_start <= UTC_TIMESTAMP(6) - "
	    "INTERVAL ? SECOND, 1, LEAST(failures + 1, ?))), "
	    "window_start = IF(window_start <= UTC_TIMESTAMP(6) - "
	    "INTERVAL ? SECOND, UTC_TIMESTAMP(6), window_start)";
	static const char left[] =
	    "SELECT GREATEST(1, ? - TIMESTAMPDIFF(SECOND, window_start, "
	    "UTC_TIMESTAMP(6))) FROM login_throttle WHERE kind = ? AND k = ?";
	char kc[2] = {(char)kind, '\0'};
	int max =
	    kind == THR_USER ? c->login_fail_user_max : c->login_fail_addr_max;
	uint64_t n = 0;
	struct db_res r;
	struct arena *a;
	enum nv_err rc;

	*retry_after = 0;
	struct db_param p[] = {DBP_STR(str_c(kc)), DBP_STR(str_c(key)),
	    DBP_INT(c->login_fail_window), DBP_INT((int64_t)max + 1),
	    DBP_INT(c->login_fail_window)};
	if ((rc = db_exec(take, p, NELEM(p), NULL, &n)) != NV_OK)
		return rc;
	if (n == 0)
		n = 1;
	if (n <= (uint64_t)max)
		return NV_OK;
	*retry_after = c->login_fail_window;
	if ((a = arena_new(4096)) == NULL)
		return NV_ELIMIT;
	struct db_param q[] = {DBP_INT(c->login_fail_window),
	    DBP_STR(str_c(kc)), DBP_STR(str_c(key))};
	if (db_query(a, left, q, NELEM(q), &r) == NV_OK && r.nrows == 1)
		*retry_after = (int)db_int(&r, 0, 0);
	arena_free(a);
	return NV_ELIMIT;
}

enum nv_err
throttle_refund(enum throttle_kind kind, const char *key)
{
	static const char sql[] =
	    "UPDATE login_throttle SET failures = GREATEST(failures - 1, 0) "
	    "WHERE kind = ? AND k = ?";
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
