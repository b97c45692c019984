/* SPDX-License-Identifier: ISC */
/* UTF-8 validation (RFC 3629, table 3-7 of the Unicode standard). */
#include <string.h>

#include "fcgi/base/utf8.h"
#include "fcgi/base/fold_table.h"
#include "fcgi/base/blank_table.h"

static bool
ctl_ok(unsigned int cp, int flags)
{
	if (cp == 0)
		return false;
	if (flags & UTF8_CONTROLS)
		return true;
	if (cp == '\t' || cp == '\n' || cp == '\r')
		return (flags & UTF8_MULTILINE) != 0;
	return false;
}

/* Outside the product's alphabet: see utf8_valid() in utf8.h. */
static bool
cp_accepted(unsigned int cp)
{
	if ((cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe)
		return false; /* noncharacters (Unicode 15, section 23.7) */
	if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
		return false; /* bidi embeddings, overrides, isolates (UAX 9) */
	return true;
}

bool
utf8_valid(const char *s, size_t len, int flags)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	unsigned int cp, min;
	int n, k;

	while (i < len) {
		unsigned char c = p[i];

		if (c < 0x80) {
			if ((c < 0x20 || c == 0x7f) && !ctl_ok(c, flags))
				return false;
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			cp = c & 0x1f;
			min = 0x80;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			cp = c & 0x0f;
			min = 0x800;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			cp = c & 0x07;
			min = 0x10000;
		} else
			return false; /* continuation, C0/C1 lead, F5+ */
		if (len - i <= (size_t)n)
			return false;
		for (k = 1; k <= n; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		if (cp >= 0x80 && cp <= 0x9f && !(flags & UTF8_CONTROLS))
			return false; /* C1 controls */
		if (!(flags & UTF8_RAW) && !cp_accepted(cp))
			return false;
		i += (size_t)n + 1;
	}
	return true;
}

size_t
utf8_count(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

/* Decodes one code point of valid UTF-8 at p; *n receives its length. */
static unsigned int
decode1(const unsigned char *p, size_t left, size_t *n)
{
	if (p[0] < 0x80 || left < 2) {
		*n = 1;
		return p[0];
	}
	if (p[0] < 0xe0) {
		*n = 2;
		return (unsigned)(p[0] & 0x1f) << 6 | (p[1] & 0x3f);
	}
	if (p[0] < 0xf0 || left < 4) {
		*n = left < 3 ? left : 3;
		return (unsigned)(p[0] & 0x0f) << 12 | (p[1] & 0x3f) << 6 |
		       (left >= 3 ? (p[2] & 0x3f) : 0);
	}
	*n = 4;
	return (unsigned)(p[0] & 0x07) << 18 | (p[1] & 0x3f) << 12 |
	       (p[2] & 0x3f) << 6 | (p[3] & 0x3f);
}

static bool
is_blank_cp(unsigned int cp)
{
	size_t lo = 0, hi = sizeof(blank_ranges) / sizeof(blank_ranges[0]);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cp < blank_ranges[mid][0])
			hi = mid;
		else if (cp > blank_ranges[mid][1])
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

bool
utf8_blank(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;

	while (i < len) {
		if (!is_blank_cp(decode1(p + i, len - i, &n)))
			return false;
		i += n;
	}
	return true;
}

bool
utf8_single_spaced(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;
	unsigned int cp;
	bool space = true; /* as if a space came before: none may lead */

	while (i < len) {
		cp = decode1(p + i, len - i, &n);
		if (is_blank_cp(cp)) {
			if (cp != ' ' || space)
				return false;
			space = true;
		} else
			space = false;
		i += n;
	}
	return len == 0 || !space;
}

/* The fold's spaces: fold_spaces of fold_table.h (see fold_table.py). */
static bool
is_fold_space(unsigned int cp)
{
	size_t i;

	for (i = 0; i < sizeof(fold_spaces) / sizeof(fold_spaces[0]); i++)
		if (cp <= fold_spaces[i])
			return cp == fold_spaces[i];
	return false;
}

/*
 * True when p[0..left) starts with a well-formed blank code point, of *n
 * bytes: a malformed sequence is never blank, so a trim keeps it for
 * utf8_valid() to refuse.
 */
static bool
blank_at(const unsigned char *p, size_t left, size_t *n)
{
	unsigned int cp = decode1(p, left, n);
	size_t want, k;

	want = p[0] < 0x80                   ? 1
	       : p[0] >= 0xc2 && p[0] < 0xe0 ? 2
	       : p[0] >= 0xe0 && p[0] < 0xf0 ? 3
	       : p[0] >= 0xf0 && p[0] < 0xf5 ? 4
	                                     : 0;
	if (want == 0 || *n != want)
		return false;
	for (k = 1; k < want; k++)
		if ((p[k] & 0xc0) != 0x80)
			return false;
	if ((want == 3 && cp < 0x800) || (want == 4 && cp < 0x10000))
		return false; /* overlong */
	return is_blank_cp(cp);
}

struct str
utf8_trim(struct str s)
{
	const unsigned char *p = (const unsigned char *)s.p;
	size_t n, k;

	while (s.len > 0 && blank_at(p, s.len, &n)) {
		p += n;
		s.len -= n;
	}
	while (s.len > 0) {
		/* The last code point starts at its last non-continuation
		 * byte, at most three back. */
		for (k = s.len - 1;
		     k > 0 && s.len - k < 4 && (p[k] & 0xc0) == 0x80; k--)
			;
		if (!blank_at(p + k, s.len - k, &n) || k + n != s.len)
			break;
		s.len = k;
	}
	s.p = (const char *)p;
	return s;
}

size_t
utf8_fold(const char *s, size_t len, char *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, o = 0, n;
	unsigned int cp;
	char c;
	bool space = true; /* drops leading whitespace */

	while (i < len) {
		cp = decode1(p + i, len - i, &n);
		c = 0;
		if (cp < 0x80)
			c = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
		else if (cp >= 0xc0 && cp <= 0x24f)
			c = fold_00c0[cp - 0xc0];
		else if (cp >= 0x1e00 && cp <= 0x1eff)
			c = fold_1e00[cp - 0x1e00];
		else if (cp >= 0x300 && cp <= 0x36f) {
			i += n; /* a combining mark (decomposed input) */
			continue;
		}
		if (is_fold_space(cp)) {
			if (!space)
				out[o++] = ' ';
			space = true;
		} else if (c != 0) {
			out[o++] = c;
			space = false;
		} else {
			memcpy(out + o, s + i, n);
			o += n;
			space = false;
		}
		i += n;
	}
	if (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
	return o;
}
