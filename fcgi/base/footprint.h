/* SPDX-License-Identifier: ISC */
/*
 * A worker's resident set (issue 8: at most 8 MB, flat over a long run):
 * what a worker does once at start so that the libraries it links touch
 * only the pages it uses.  The only file that includes <openssl/...>.
 */
#ifndef FOOTPRINT_H
#define FOOTPRINT_H

#include <stdbool.h>

/*
 * Called once in a worker before its first MariaDB or LDAP handle:
 * OpenSSL initialised without its configuration file and its tables of
 * cipher and digest names (libmariadb's first mysql_init() asks for both,
 * for TLS that a connection over the socket never uses); Cyrus SASL's
 * plugin directory pointed at none (libldap's first handle loads every
 * SASL mechanism, and auth/dir.c binds with simple binds only).
 */
void footprint_worker_init(void);

/*
 * Called once in the supervisor before it forks a worker: the same steps
 * and libsodium's choice of implementations, so that their code runs once
 * there.  fork() copies no page-table entries of a library's text (only
 * of mappings with written pages), so a page of code that ran only in the
 * supervisor is not in any worker's RSS; each worker's own sodium_init()
 * and OPENSSL_init_ssl() then find the work done.
 */
void footprint_pool_init(void);

/*
 * Called between two requests: gives the heap's free pages back to the
 * kernel (malloc_trim) after a large request (big: its arena or body
 * outgrew what a worker keeps) and every FOOTPRINT_TRIM_EVERY requests,
 * so that a worker holds what its usual requests need, not its largest.
 */
#define FOOTPRINT_TRIM_EVERY 1024
void footprint_between_requests(bool big);

#endif
