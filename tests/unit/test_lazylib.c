/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for fcgi/base/lazylib.c: the seldom used libraries are not
 * loaded until their adapter's first call, then each opens by its soname
 * with every listed function (so a soname or a name the Makefile or a
 * lazy_*.h got wrong fails here, with ASan too); a library or a function
 * that is missing fails once, cleanly, and is not tried again.
 */
#define _GNU_SOURCE /* dl_iterate_phdr */
#include "unit.h"

#include <link.h>

#include "fcgi/base/arena.h"
#include "fcgi/base/filetype.h"
#include "fcgi/base/lazy_curl.h"
#include "fcgi/base/lazy_magic.h"
#include "fcgi/base/lazy_oath.h"
#include "fcgi/base/lazy_qrencode.h"
#include "fcgi/base/lazy_sheet.h"
#include "fcgi/base/lazy_xlsxwriter.h"
#include "fcgi/base/lazylib.h"
#include "fcgi/base/qr.h"
#include "fcgi/base/xlsx.h"

static int
find_cb(struct dl_phdr_info *info, size_t size, void *data)
{
	const char *want = data;

	(void)size;
	return info->dlpi_name != NULL && strstr(info->dlpi_name, want) != NULL;
}

/* Whether a library whose path holds name is loaded in this process. */
static bool
loaded(const char *name)
{
	return dl_iterate_phdr(find_cb, (void *)(uintptr_t)name) != 0;
}

static void
test_missing_library(void **state)
{
	struct lazylib l = {"libnhiemvu-no-such-library.so.0", NULL, 0};

	(void)state;
	assert_false(lazylib_begin(&l));
	assert_int_equal(l.state, -1);
	assert_null(l.handle);
	assert_false(lazylib_begin(&l)); /* not tried again */
}

static void
test_missing_function(void **state)
{
	struct lazylib l = {"libz.so.1", NULL, 0};
	void *a = NULL, *b = NULL;

	(void)state;
	assert_true(lazylib_begin(&l));
	lazylib_sym(&l, "zlibVersion", &a);
	assert_non_null(a);
	assert_int_equal(l.state, 0);
	lazylib_sym(&l, "nhiemvu_no_such_function", &b);
	assert_null(b);
	assert_int_equal(l.state, -1);
	assert_false(lazylib_end(&l));
	assert_null(l.handle);
	assert_false(lazylib_begin(&l));
}

/* Each library loaded by its first use, not at start. */
static void
test_loaded_on_first_use(void **state)
{
	struct arena *a;
	struct xlsx *x = NULL;
	const char *mime = NULL;
	char *uri = NULL;
	static const char pdf[] = "%PDF-1.4\n1 0 obj\n<< >>\nendobj\n";

	(void)state;
	assert_false(loaded("libcurl"));
	assert_false(loaded("libmagic"));
	assert_false(loaded("liboath"));
	assert_false(loaded("libqrencode"));
	assert_false(loaded("libzip"));
	assert_false(loaded("libexpat"));
	assert_false(loaded("libxlsxwriter"));

	assert_non_null(a = arena_new(1 << 20));
	assert_int_equal(
	    qr_svg_uri(a, "otpauth://totp/nhiemvu:a?secret=AB", &uri), NV_OK);
	assert_non_null(uri);
	assert_true(strncmp(uri, "data:image/svg+xml", 18) == 0);
	assert_true(loaded("libqrencode"));
	arena_free(a);

	assert_int_equal(filetype_judge(pdf, sizeof(pdf) - 1, &mime), NV_OK);
	assert_string_equal(mime, "application/pdf");
	assert_true(loaded("libmagic"));

	assert_int_equal(xlsx_open("/tmp", &x), NV_OK);
	assert_true(loaded("libxlsxwriter"));
	xlsx_abort(x);

	assert_true(lazy_curl_open());
	assert_true(loaded("libcurl"));
	assert_string_equal(curl_easy_strerror(CURLE_OK), "No error");
	assert_true(lazy_oath_open());
	assert_int_equal(oath_init(), OATH_OK);
	assert_true(lazy_zip_open());
	assert_true(lazy_expat_open());
	assert_true(loaded("libzip") && loaded("libexpat"));
	assert_true(lazy_curl_open()); /* once open, open */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_missing_library),
	    cmocka_unit_test(test_missing_function),
	    cmocka_unit_test(test_loaded_on_first_use),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
