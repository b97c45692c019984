/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer harness: utf8_valid() and utf8_count() against a reference;
 * utf8_fold() and utf8_trim() against the properties the search and the
 * text fields rely on.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fcgi/base/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * A second, table-driven decoder written from table 3-7 of the Unicode
 * standard: on success returns the sequence length and sets *cp; returns
 * 0 for an ill-formed sequence.
 */
static size_t
ref_decode(const uint8_t *p, size_t len, uint32_t *cp)
{
	static const struct {
		uint8_t lead_lo, lead_hi, second_lo, second_hi, n;
	} t[] = {
	    {0x00, 0x7f, 0x00, 0x00, 1},
	    {0xc2, 0xdf, 0x80, 0xbf, 2},
	    {0xe0, 0xe0, 0xa0, 0xbf, 3},
	    {0xe1, 0xec, 0x80, 0xbf, 3},
	    {0xed, 0xed, 0x80, 0x9f, 3},
	    {0xee, 0xef, 0x80, 0xbf, 3},
	    {0xf0, 0xf0, 0x90, 0xbf, 4},
	    {0xf1, 0xf3, 0x80, 0xbf, 4},
	    {0xf4, 0xf4, 0x80, 0x8f, 4},
	};
	size_t i, k;
	uint32_t v;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		if (p[0] < t[i].lead_lo || p[0] > t[i].lead_hi)
			continue;
		if (t[i].n == 1) {
			*cp = p[0];
			return 1;
		}
		if (len < t[i].n || p[1] < t[i].second_lo ||
		    p[1] > t[i].second_hi)
			return 0;
		v = p[0] & (0xff >> (t[i].n + 1));
		for (k = 1; k < t[i].n; k++) {
			if ((p[k] & 0xc0) != 0x80)
				return 0;
			v = v << 6 | (p[k] & 0x3f);
		}
		*cp = v;
		return t[i].n;
	}
	return 0;
}

static bool
ref_allowed(uint32_t cp, int flags)
{
	if (cp == 0)
		return false;
	if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
		if (flags & UTF8_CONTROLS)
			return true;
		return (flags & UTF8_MULTILINE) &&
		       (cp == '\t' || cp == '\n' || cp == '\r');
	}
	if (flags & UTF8_RAW)
		return true;
	if ((cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xffff) >= 0xfffe)
		return false;
	return !(
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069));
}

/* Returns validity under flags; *n receives the code point count. */
static bool
ref_valid(const uint8_t *p, size_t len, int flags, size_t *n)
{
	size_t i = 0, k;
	uint32_t cp;

	*n = 0;
	while (i < len) {
		if ((k = ref_decode(p + i, len - i, &cp)) == 0)
			return false;
		if (!ref_allowed(cp, flags))
			return false;
		i += k;
		(*n)++;
	}
	return true;
}

/* The search's spaces (docs/API.md, "Tìm kiếm"), as UTF-8. */
static const char *const search_spaces[] = {"\t", "\n", "\r", "\u00a0",
    "\u2000", "\u2001", "\u2002", "\u2003", "\u2004", "\u2005", "\u2006",
    "\u2007", "\u2008", "\u2009", "\u200a", "\u202f", "\u205f", "\u3000"};

/*
 * Valid s[0..size): the fold holds none of the search's spaces but single
 * U+0020 between words, is no longer than s, and folds to itself; the
 * trim is a slice of s, blank exactly when s is, and starts and ends with
 * a visible character.
 */
static void
check_fold_and_trim(const char *s, size_t size)
{
	char *f, *ff;
	size_t n, nn, i;
	struct str t;

	if ((f = malloc(size + 1)) == NULL || (ff = malloc(size + 1)) == NULL)
		abort();
	n = utf8_fold(s, size, f);
	if (n > size || strlen(f) != n)
		abort();
	if (n > 0 && (f[0] == ' ' || f[n - 1] == ' ' || strstr(f, "  ")))
		abort();
	for (i = 0; i < sizeof(search_spaces) / sizeof(search_spaces[0]); i++)
		if (strstr(f, search_spaces[i]) != NULL)
			abort();
	nn = utf8_fold(f, n, ff);
	if (nn != n || memcmp(f, ff, n) != 0)
		abort();
	free(ff);
	free(f);
	t = utf8_trim((struct str){s, size});
	if (t.p < s || t.p + t.len > s + size)
		abort();
	if ((t.len == 0) != utf8_blank(s, size))
		abort();
	if (t.len > 0 && (utf8_trim(t).len != t.len ||
	                     !utf8_valid(t.p, t.len, UTF8_RAW | UTF8_CONTROLS)))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int bits[] = {UTF8_MULTILINE, UTF8_CONTROLS, UTF8_RAW};
	const char *s = (const char *)data;
	bool got[8], want;
	size_t i, k, n;

	/* Every combination of the three flags, indexed by the flags. */
	for (i = 0; i < 8; i++) {
		got[i] = utf8_valid(s, size, (int)i);
		want = ref_valid(data, size, (int)i, &n);
		if (got[i] != want)
			abort();
		if (got[i] && utf8_count(s, size) != n)
			abort();
	}
	/* Each flag only ever widens what is accepted. */
	for (i = 0; i < 8; i++)
		for (k = 0; k < 3; k++)
			if (got[i] && !got[i | (size_t)bits[k]])
				abort();
	if (got[7])
		check_fold_and_trim(s, size);
	/* Valid text holding a printable ASCII character is never blank. */
	if (got[7] && utf8_blank(s, size))
		for (i = 0; i < size; i++)
			if (data[i] > 0x20 && data[i] < 0x7f)
				abort();
	return 0;
}
