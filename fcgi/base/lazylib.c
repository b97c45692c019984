/* SPDX-License-Identifier: ISC */
/*
 * The rarely used libraries' tables, filled on first use (lazylib.h).
 * RTLD_LOCAL: their symbols stay out of the global scope, so nothing
 * loaded later binds to them by accident; RTLD_NOW: a missing function
 * fails here, at the entry point, not in the middle of a request.
 */
#include <dlfcn.h>

#define LAZYLIB_TABLES /* the libraries' own names, not the tables' */
#include "fcgi/base/lazy_curl.h"
#include "fcgi/base/lazy_magic.h"
#include "fcgi/base/lazy_oath.h"
#include "fcgi/base/lazy_qrencode.h"
#include "fcgi/base/lazy_sheet.h"
#include "fcgi/base/lazy_xlsxwriter.h"
#include "fcgi/base/lazylib.h"
#include "fcgi/base/log.h"

#if !defined(NV_SONAME_CURL) || !defined(NV_SONAME_MAGIC) ||                   \
    !defined(NV_SONAME_OATH) || !defined(NV_SONAME_QRENCODE) ||                \
    !defined(NV_SONAME_ZIP) || !defined(NV_SONAME_EXPAT) ||                    \
    !defined(NV_SONAME_XLSXWRITER)
#error "the Makefile passes each library's soname (NV_SONAME_*)"
#endif
/* Empty when readelf found no development library: dlopen("") is us. */
_Static_assert(sizeof(NV_SONAME_CURL) > 1 && sizeof(NV_SONAME_MAGIC) > 1 &&
                   sizeof(NV_SONAME_OATH) > 1 &&
                   sizeof(NV_SONAME_QRENCODE) > 1 &&
                   sizeof(NV_SONAME_ZIP) > 1 && sizeof(NV_SONAME_EXPAT) > 1 &&
                   sizeof(NV_SONAME_XLSXWRITER) > 1,
    "a soname is empty: is the library's -dev package installed?");

bool
lazylib_begin(struct lazylib *l)
{
	if (l->state != 0)
		return false;
	if ((l->handle = dlopen(l->soname, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		log_warnx("dlopen %s: %s", l->soname, dlerror());
		l->state = -1;
		return false;
	}
	return true;
}

void
lazylib_sym(struct lazylib *l, const char *name, void **fn)
{
	if (l->state == -1)
		return;
	dlerror();
	if ((*fn = dlsym(l->handle, name)) == NULL) {
		log_warnx("dlsym %s in %s: %s", name, l->soname, dlerror());
		l->state = -1;
	}
}

bool
lazylib_end(struct lazylib *l)
{
	if (l->state == -1) {
		dlclose(l->handle);
		l->handle = NULL;
		return false;
	}
	l->state = 1;
	return true;
}

/* lazy_NAME_open(): the table of LIST from SONAME, once. */
#define LAZYLIB_SYM(f) lazylib_sym(&lib, #f, (void **)&table.f);
#define LAZYLIB_OPEN(name, soname, LIST)                                       \
	struct lazy_##name lazy_##name;                                        \
	bool lazy_##name##_open(void)                                          \
	{                                                                      \
		static struct lazylib lib = {soname, NULL, 0};                 \
		struct lazy_##name table;                                      \
                                                                               \
		if (lazylib_begin(&lib)) {                                     \
			LIST(LAZYLIB_SYM)                                      \
			if (lazylib_end(&lib))                                 \
				lazy_##name = table;                           \
		}                                                              \
		return lib.state == 1;                                         \
	}

LAZYLIB_OPEN(curl, NV_SONAME_CURL, LAZY_CURL)
LAZYLIB_OPEN(magic, NV_SONAME_MAGIC, LAZY_MAGIC)
LAZYLIB_OPEN(oath, NV_SONAME_OATH, LAZY_OATH)
LAZYLIB_OPEN(qrencode, NV_SONAME_QRENCODE, LAZY_QRENCODE)
LAZYLIB_OPEN(zip, NV_SONAME_ZIP, LAZY_ZIP)
LAZYLIB_OPEN(expat, NV_SONAME_EXPAT, LAZY_EXPAT)
LAZYLIB_OPEN(xlsxwriter, NV_SONAME_XLSXWRITER, LAZY_XLSXWRITER)
