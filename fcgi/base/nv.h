/* SPDX-License-Identifier: ISC */
/*
 * Project-wide vocabulary: the error enum every fallible function returns,
 * and the string slice that carries unvalidated input.
 *
 * Each nv_err value maps to exactly one (HTTP status, contract code) pair
 * in resp.c's errmap[]; that is the only place the mapping is written.
 */
#ifndef NV_H
#define NV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum nv_err {
	NV_OK = 0,
	NV_EJSON,     /* body is not JSON, not UTF-8, dup keys   -> 400 */
	NV_EINVAL,    /* input failed validation                 -> 400 */
	NV_EUNAUTH,   /* no valid session                        -> 401 */
	NV_EAUTH,     /* wrong username or password              -> 401 */
	NV_EPERM,     /* authenticated but not allowed           -> 403 */
	NV_ECSRF,     /* missing or wrong X-CSRF-Token           -> 403 */
	NV_ENOACCESS, /* directory account with no agency/role   -> 403 */
	NV_ETOTP,     /* password right, second factor missing   -> 401 */
	NV_EENROL,    /* this session may only enrol a 2nd factor -> 403 */
	NV_ENOENT,    /* no such resource, or not visible        -> 404 */
	NV_EMETHOD,   /* known path, wrong method                -> 405 */
	NV_ESTALE,    /* optimistic version check failed         -> 409 */
	NV_ESTATE,    /* action not allowed in this state        -> 409 */
	NV_EDUP,      /* unique key already taken                -> 409 */
	NV_ETOOBIG,   /* body, field or arena over its limit     -> 413 */
	NV_EMEDIA,    /* wrong Content-Type                      -> 415 */
	NV_ELIMIT,    /* throttled                               -> 429 */
	NV_EINTERNAL, /* bug or unexpected library failure       -> 500 */
	NV_EDIRDOWN,  /* LDAP down, timed out or TLS failed      -> 503 */
	NV_EDBDOWN,   /* MariaDB down or timed out               -> 503 */
	NV_ERR__MAX
};

/* Input is a slice until validated; p is not NUL-terminated. */
struct str {
	const char *p;
	size_t len;
};

#define STR(lit) ((struct str){(lit), sizeof(lit) - 1})
#define STR_NULL ((struct str){NULL, 0})

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

#endif
