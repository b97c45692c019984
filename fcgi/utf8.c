/* SPDX-License-Identifier: ISC */
/* UTF-8 validation (RFC 3629, table 3-7 of the Unicode standard). */
#include "utf8.h"

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
