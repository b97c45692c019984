/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer harness: the registration template's readers,
 * sheet_read_xlsx() (libzip + expat) and sheet_read_csv(), on the same
 * input.  Either reads it within every limit of sheet.h or refuses it
 * with a sentence for the user; never more rows, columns or bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "fcgi/base/arena.h"
#include "fcgi/base/sheet.h"
#include "fcgi/base/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
judge(enum nv_err rc, const struct sheet *sh, const char *why)
{
	size_t i, k;

	if (rc == NV_ETOOBIG)
		return;
	if (rc != NV_OK) {
		if (rc != NV_EINVAL || why == NULL || *why == '\0')
			abort();
		return;
	}
	if (sh->nrows > SHEET_ROWS_MAX)
		abort();
	for (i = 0; i < sh->nrows; i++) {
		if (sh->rows[i].ncells > SHEET_COLS_MAX ||
		    sh->rows[i].ncells == 0)
			abort();
		if (i > 0 && sh->rows[i].num <= sh->rows[i - 1].num)
			abort();
		for (k = 0; k < sh->rows[i].ncells; k++) {
			const struct str *c = &sh->rows[i].cells[k];
			if (c->len > SHEET_CELL_MAX || c->p[c->len] != '\0')
				abort();
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct arena *a;
	struct sheet sh;
	const char *why;
	enum nv_err rc;

	if (a == NULL && (a = arena_new(256u << 20)) == NULL)
		abort();
	rc = sheet_read_xlsx(a, (const char *)data, size, &sh, &why);
	judge(rc, &sh, why);
	arena_reset(a);
	rc = sheet_read_csv(a, (const char *)data, size, &sh, &why);
	judge(rc, &sh, why);
	/* What the CSV reader keeps is UTF-8 text. */
	if (rc == NV_OK && sh.nrows > 0 &&
	    !utf8_valid(sh.rows[0].cells[0].p, sh.rows[0].cells[0].len,
	        UTF8_MULTILINE | UTF8_RAW))
		abort();
	arena_reset(a);
	return 0;
}
