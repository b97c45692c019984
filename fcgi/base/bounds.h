/* SPDX-License-Identifier: ISC */
/*
 * Every hard limit on input, in one place, each checked before anything is
 * allocated for it.  Limits that operators tune (body size, memory per
 * request) live in the configuration instead.
 */
#ifndef BOUNDS_H
#define BOUNDS_H

#define QUERY_MAX        4096 /* bytes of QUERY_STRING */
#define QUERY_PAIRS_MAX  32
#define PATH_MAX_LEN     512
#define PATH_SEGS_MAX    8
#define COOKIE_MAX       4096
#define HEADER_VALUE_MAX 1024 /* CSRF token, content type */
#define JSON_KEYS_MAX    64   /* members in one request object */
#define USERNAME_MAX     64
#define ADDR_MAX         45 /* a client address as nginx writes it (IPv6) */
#define PASSWORD_MAX     256
#define REQID_MAX        32
#define RESP_MAX         (64 * 1024 * 1024)

#endif
