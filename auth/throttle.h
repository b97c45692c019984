/* SPDX-License-Identifier: ISC */
/*
 * Failed-login throttle, per canonical username and per client address,
 * kept in MariaDB so that every worker on every host counts together.  A
 * slot is taken before the directory is asked, atomically, so parallel
 * guesses cannot overshoot the limit, and so that a refused attempt never
 * reaches LDAP: nhiemvu cannot be used to lock an official's directory
 * account.
 */
#ifndef THROTTLE_H
#define THROTTLE_H

#include "fcgi/base/conf.h"
#include "fcgi/base/nv.h"

enum throttle_kind { THR_USER = 'u', THR_ADDR = 'a' };

/*
 * Counts one attempt for key.  NV_ELIMIT, with *retry_after in seconds,
 * when the key already used its failures for the current window.
 */
enum nv_err throttle_take(
    const struct conf *, enum throttle_kind, const char *key, int *retry_after);
/* The attempt succeeded (or never reached the directory): give it back. */
enum nv_err throttle_refund(enum throttle_kind, const char *key);
/* Forget every failure of key (a username after a good password). */
enum nv_err throttle_clear(enum throttle_kind, const char *key);

#endif
