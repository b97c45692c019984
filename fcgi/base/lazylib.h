/* SPDX-License-Identifier: ISC */
/*
 * Libraries a worker seldom needs, opened with dlopen on first use
 * (issue 8: a worker's RSS).  libcurl (mail), libxlsxwriter (exports),
 * libzip and expat (imports), libmagic (uploads), liboath (TOTP) and
 * libqrencode (TOTP enrolment) were linked, so every worker mapped and
 * relocated them and the libraries only they pull in (Kerberos, libssh2,
 * nghttp2, librtmp, brotli, minizip, lzma...) at start, about 0.9 MB of
 * its RSS, though most workers never call them.  The libraries are the
 * same; only how they are loaded changes.
 *
 * Each lazy_NAME.h lists the functions its adapter calls (LAZY_NAME(X)),
 * declares their table and lazy_NAME_open(), and then redefines each
 * function's name as its table entry, so an adapter calls the library as
 * before, after one lazy_NAME_open() at each of its entry points.
 * lazylib.c defines the tables (with LAZYLIB_TABLES, so it sees the real
 * names) and opens each library by the soname the Makefile read from the
 * development library it compiled against (NV_SONAME_NAME).
 */
#ifndef LAZYLIB_H
#define LAZYLIB_H

#include <stdbool.h>

/* A table's member: a pointer to function f, of f's own type. */
#define LAZYLIB_MEMBER(f) __typeof__(f) *f;

struct lazylib {
	const char *soname;
	void *handle;
	int state; /* 0 not tried yet, 1 open and resolved, -1 failed */
};

/*
 * Opens l->soname if it was never tried: true if the caller must now
 * resolve its functions with lazylib_sym and finish with lazylib_end.
 * A library that failed to open or lacked a function is not tried again
 * (logged once); the adapter's entry point answers NV_EINTERNAL.
 */
bool lazylib_begin(struct lazylib *l);
void lazylib_sym(struct lazylib *l, const char *name, void **fn);
bool lazylib_end(struct lazylib *l);

#endif
