/* SPDX-License-Identifier: ISC */
/* Appending JSON writer. */
#include <stdint.h>
#include <string.h>

#include "fcgi/base/jw.h"

void
jw_init(struct jw *w, struct buf *b)
{
	memset(w, 0, sizeof(*w));
	w->b = b;
}

/* Separator before a value: a comma unless first in its container. */
static void
sep(struct jw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->depth > 0) {
		if (w->comma[w->depth - 1])
			buf_addc(w->b, ',');
		w->comma[w->depth - 1] = true;
	}
}

static void
push(struct jw *w, char c)
{
	sep(w);
	buf_addc(w->b, c);
	if (w->depth == JW_DEPTH_MAX) {
		w->b->failed = true;
		return;
	}
	w->comma[w->depth++] = false;
}

static void
pop(struct jw *w, char c)
{
	if (w->depth > 0)
		w->depth--;
	buf_addc(w->b, c);
}

void
jw_obj_open(struct jw *w)
{
	push(w, '{');
}

void
jw_obj_close(struct jw *w)
{
	pop(w, '}');
}

void
jw_arr_open(struct jw *w)
{
	push(w, '[');
}

void
jw_arr_close(struct jw *w)
{
	pop(w, ']');
}

/*
 * Keys are our own short literals: one append of "key": instead of three
 * (a list of 50 tasks writes 1,700 keys; issue 8).
 */
void
jw_key(struct jw *w, const char *k)
{
	char tmp[64];
	size_t n = strlen(k);

	sep(w);
	if (n > sizeof(tmp) - 3) {
		buf_addc(w->b, '"');
		buf_add(w->b, k, n);
		buf_add(w->b, "\":", 2);
	} else {
		tmp[0] = '"';
		memcpy(tmp + 1, k, n);
		tmp[n + 1] = '"';
		tmp[n + 2] = ':';
		buf_add(w->b, tmp, n + 3);
	}
	w->after_key = true;
}

void
jw_escape(struct buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, run = 0;
	char esc[6];

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *e = NULL;
		size_t elen = 2;

		/* The common byte first: printable ASCII or UTF-8. */
		if (c > '\\' ? c != 0x7f : c >= 0x20 && c != '"' && c != '\\')
			continue;
		switch (c) {
		case '"':
			e = "\\\"";
			break;
		case '\\':
			e = "\\\\";
			break;
		case '\n':
			e = "\\n";
			break;
		case '\r':
			e = "\\r";
			break;
		case '\t':
			e = "\\t";
			break;
		default:
			esc[0] = '\\';
			esc[1] = 'u';
			esc[2] = '0';
			esc[3] = '0';
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 0xf];
			e = esc;
			elen = 6;
			break;
		}
		buf_add(b, s + run, i - run);
		buf_add(b, e, elen);
		run = i + 1;
	}
	buf_add(b, s + run, len - run);
}

void
jw_str(struct jw *w, const char *s, size_t len)
{
	sep(w);
	buf_addc(w->b, '"');
	jw_escape(w->b, s, len);
	buf_addc(w->b, '"');
}

void
jw_strz(struct jw *w, const char *s)
{
	if (s == NULL)
		jw_null(w);
	else
		jw_str(w, s, strlen(s));
}

void
jw_sstr(struct jw *w, struct str s)
{
	if (s.p == NULL)
		jw_null(w);
	else
		jw_str(w, s.p, s.len);
}

size_t
jw_digits(char out[JW_DIGITS_MAX], int64_t v)
{
	/* By hand, not snprintf: a third of the list's libc time (issue 8). */
	char tmp[JW_DIGITS_MAX], *p = tmp + sizeof(tmp);
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	size_t n;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		*--p = '-';
	n = (size_t)(tmp + sizeof(tmp) - p);
	memcpy(out, p, n);
	return n;
}

void
jw_int(struct jw *w, int64_t v)
{
	char tmp[JW_DIGITS_MAX];

	sep(w);
	buf_add(w->b, tmp, jw_digits(tmp, v));
}

void
jw_bool(struct jw *w, bool v)
{
	sep(w);
	if (v)
		buf_add(w->b, "true", 4);
	else
		buf_add(w->b, "false", 5);
}

void
jw_null(struct jw *w)
{
	sep(w);
	buf_add(w->b, "null", 4);
}

void
jw_raw(struct jw *w, const char *s, size_t len)
{
	sep(w);
	buf_add(w->b, s, len);
}

void
jw_kstr(struct jw *w, const char *k, const char *s, size_t len)
{
	jw_key(w, k);
	jw_str(w, s, len);
}

void
jw_kstrz(struct jw *w, const char *k, const char *s)
{
	jw_key(w, k);
	jw_strz(w, s);
}

void
jw_ksstr(struct jw *w, const char *k, struct str s)
{
	jw_key(w, k);
	jw_sstr(w, s);
}

void
jw_kint(struct jw *w, const char *k, int64_t v)
{
	jw_key(w, k);
	jw_int(w, v);
}

void
jw_kbool(struct jw *w, const char *k, bool v)
{
	jw_key(w, k);
	jw_bool(w, v);
}

void
jw_knull(struct jw *w, const char *k)
{
	jw_key(w, k);
	jw_null(w);
}
