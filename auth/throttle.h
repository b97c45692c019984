/* SPDX-License-Identifier: ISC */
/*
 * Failed-login throttle, kept in MariaDB so that every worker on every host
 * counts together.  A slot is taken before the directory is asked, so a
 * refused attempt never reaches LDAP: nhiemvu cannot be used to lock an
 * official's directory account.
 *
 * The keys, and why each behaves as it does (OWASP "Slow Down Online
 * Guessing Attacks with Device Cookies"; ASVS 5.0 6.3.1, 6.1.1):
 *   THR_DEVICE  a browser's device cookie for one username (login.c): locks
 *               after login_fail_user_max failures in the window, but only
 *               that browser; nobody else's failures count here.
 *   THR_PAIR    a username from one client address, for browsers without a
 *               device cookie: locks after login_fail_user_max failures.
 *   THR_USER    a username from anywhere, without a device cookie: after
 *               login_fail_user_max failures it slows (one attempt per 1 s,
 *               2 s, 4 s ... up to login_delay_max) and never locks, so an
 *               attacker cannot keep the official out for long even from a
 *               new browser, yet guesses across addresses stay slow.
 *   THR_ADDR    a client address (maybe an office's NAT), without a device
 *               cookie: after login_fail_addr_max failures it slows the same
 *               way, so password spraying across usernames stays slow while
 *               the office's officials with device cookies are untouched.
 */
#ifndef THROTTLE_H
#define THROTTLE_H

#include <stdbool.h>
#include <stdint.h>

#include "fcgi/base/conf.h"
#include "fcgi/base/nv.h"

enum throttle_kind {
	THR_USER = 'u',
	THR_ADDR = 'a',
	THR_PAIR = 'p',
	THR_DEVICE = 'd'
};

/* One key's counters as stored; times in microseconds / seconds. */
struct throttle_row {
	int64_t failures;      /* counted attempts in the current window */
	int64_t window_age_s;  /* seconds since the window started */
	int64_t since_last_us; /* since the last counted attempt; <0: none */
};

/*
 * The pure decision, for tests: may one more attempt go to the directory?
 * On true, *failures_out is the count to store and *new_window tells to
 * restart the window.  On false, *retry_after is the seconds to wait (>= 1).
 * Locking keys (THR_DEVICE, THR_PAIR) refuse until the window ends;
 * slowing keys (THR_USER, THR_ADDR) let one attempt through every
 * min(2^(failures - max), login_delay_max) seconds.
 */
bool throttle_decide(const struct conf *, enum throttle_kind,
    const struct throttle_row *, int64_t *failures_out, bool *new_window,
    int *retry_after);

/*
 * Counts one attempt for key (at most 128 bytes).  NV_ELIMIT, with
 * *retry_after in seconds, when the key must wait; NV_EDBDOWN.
 */
enum nv_err throttle_take(
    const struct conf *, enum throttle_kind, const char *key, int *retry_after);
/* The attempt succeeded (or never reached the directory): give it back. */
enum nv_err throttle_refund(enum throttle_kind, const char *key);
/* Forget every failure of key (a pair or a device after a good password). */
enum nv_err throttle_clear(enum throttle_kind, const char *key);
/* Both keys' rows in one statement (a good password, login.c). */
enum nv_err throttle_clear2(
    enum throttle_kind, const char *key1, enum throttle_kind, const char *key2);

/*
 * Issue 8: the address's, the pair's and the username's slots at once, one
 * statement: NV_OK with all three counted, otherwise none is (NV_ELIMIT
 * when one is at its limit, whose delay this does not decide) and the
 * caller takes them one by one with throttle_take.
 */
enum nv_err throttle_take3(
    const struct conf *, const char *addr, const char *pair, const char *user);
/*
 * A good password, one statement: the address's attempt given back, the
 * pair's and the username's failures ended (their rows kept at 0).
 */
enum nv_err throttle_settle3(
    const char *addr, const char *pair, const char *user);
/* Rows that count nothing any more (at 0, or their window over), 500. */
enum nv_err throttle_purge(const struct conf *);

#endif
