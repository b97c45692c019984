/* SPDX-License-Identifier: ISC */
/*
 * A worker's resident set, measured with /proc/PID/smaps on a fresh worker
 * after its first request (GET /health: one MariaDB and one LDAP handle).
 * See footprint.h for what each step is for.
 */
#include <malloc.h>
#include <stdlib.h>

#include <sodium.h>

#include <openssl/crypto.h>
#include <openssl/ssl.h>

#include "fcgi/base/footprint.h"
#include "fcgi/base/log.h"

/*
 * A directory that does not exist: libsasl2 logs (at debug) that it cannot
 * open it and initialises with no mechanisms; a simple bind needs none.
 */
#define NO_SASL_PLUGINS "/nonexistent/nhiemvu-simple-binds-only"

/* The libraries' steps, in the supervisor and again in each worker. */
static void
libraries_init(void)
{
	/*
	 * Each OPENSSL_INIT_NO_* flag runs its step's once-guard with the
	 * empty alternative, so libmariadb's later OPENSSL_init_ssl(
	 * OPENSSL_INIT_LOAD_CONFIG) finds the work done.  The configuration
	 * file (Debian's only declares OIDs) cost 1.1 MB of libcrypto, the
	 * name tables 0.7 MB; TLS, if ever used, fetches its algorithms from
	 * the default provider by itself.
	 */
	if (OPENSSL_init_ssl(OPENSSL_INIT_NO_LOAD_CONFIG |
	                         OPENSSL_INIT_NO_ADD_ALL_CIPHERS |
	                         OPENSSL_INIT_NO_ADD_ALL_DIGESTS,
	        NULL) != 1)
		log_warnx("OPENSSL_init_ssl failed");
	if (setenv("SASL_PATH", NO_SASL_PLUGINS, 1) != 0)
		log_warn("setenv SASL_PATH");
}

void
footprint_pool_init(void)
{
	libraries_init();
	if (sodium_init() < 0)
		log_warnx("sodium_init failed");
}

void
footprint_worker_init(void)
{
	libraries_init();
	/*
	 * Blocks of 128 KB and more are mapped apart and unmapped when freed.
	 * glibc's default threshold rises to the largest block freed, after
	 * which a built dashboard's megabyte stays in the heap for the
	 * worker's life.
	 */
	if (mallopt(M_MMAP_THRESHOLD, 128 * 1024) != 1)
		log_warnx("mallopt M_MMAP_THRESHOLD failed");
}

void
footprint_between_requests(bool big)
{
	static unsigned long n;

	if (big || ++n % FOOTPRINT_TRIM_EVERY == 0)
		malloc_trim(0);
}
