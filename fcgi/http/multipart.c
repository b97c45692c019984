/* SPDX-License-Identifier: ISC */
/*
 * The streaming multipart/form-data reader.  A window of BUF_MAX bytes
 * slides over the body: the part's headers must fit in it, and its
 * content leaves it as soon as no delimiter can start there.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "fcgi/base/utf8.h"
#include "fcgi/http/multipart.h"

#define BUF_MAX     (64 * 1024)
#define HEADERS_MAX (8 * 1024) /* a part's header block */

struct win {
	const struct mp_reader *rd;
	char buf[BUF_MAX];
	size_t start, end; /* the unread bytes: buf[start..end) */
	bool eof;
};

/* Reads more after compacting; sets eof when the body has ended. */
static enum nv_err
fill(struct win *w)
{
	size_t got;
	enum nv_err rc;

	if (w->start > 0) {
		memmove(w->buf, w->buf + w->start, w->end - w->start);
		w->end -= w->start;
		w->start = 0;
	}
	if (w->end == sizeof(w->buf) || w->eof)
		return NV_OK;
	if ((rc = w->rd->read(w->rd->ctx, w->buf + w->end,
	         sizeof(w->buf) - w->end, &got)) != NV_OK)
		return rc;
	if (got == 0)
		w->eof = true;
	w->end += got;
	return NV_OK;
}

/* The first place of needle in hay[0..n), or NULL. */
static const char *
find(const char *hay, size_t n, const char *needle, size_t nlen)
{
	const char *p = hay, *end = hay + n;

	while ((size_t)(end - p) >= nlen) {
		if ((p = memchr(p, needle[0], (size_t)(end - p) - nlen + 1)) ==
		    NULL)
			return NULL;
		if (memcmp(p, needle, nlen) == 0)
			return p;
		p++;
	}
	return NULL;
}

/* RFC 2046 5.1.1 bchars, without the final space. */
static bool
bchar(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || strchr("'()+_,-./:=? ", c) != NULL;
}

enum nv_err
multipart_boundary(const char *ct, size_t len, char *out)
{
	static const char type[] = "multipart/form-data";
	const char *p, *end = ct + len;
	size_t n = 0;

	if (ct == NULL || len < sizeof(type) - 1 ||
	    strncasecmp(ct, type, sizeof(type) - 1) != 0)
		return NV_EMEDIA;
	p = ct + sizeof(type) - 1;
	if (p < end && *p != ';' && *p != ' ')
		return NV_EMEDIA;
	/* The one parameter we need; others (charset) are ignored. */
	for (; p < end; p++) {
		if ((size_t)(end - p) > 9 &&
		    strncasecmp(p, "boundary=", 9) == 0 &&
		    (p[-1] == ';' || p[-1] == ' '))
			break;
	}
	if (p >= end)
		return NV_EINVAL;
	p += 9;
	if (p < end && *p == '"') {
		for (p++; p < end && *p != '"'; p++) {
			if (n == MP_BOUNDARY_MAX || !bchar(*p))
				return NV_EINVAL;
			out[n++] = *p;
		}
		if (p == end)
			return NV_EINVAL;
	} else
		for (; p < end && *p != ';'; p++) {
			if (n == MP_BOUNDARY_MAX || !bchar(*p) || *p == ' ')
				return NV_EINVAL;
			out[n++] = *p;
		}
	if (n == 0 || out[n - 1] == ' ')
		return NV_EINVAL;
	out[n] = '\0';
	return NV_OK;
}

/*
 * The value of parameter name (name="..." or name=token) in a header
 * value, unescaped as the HTML standard escapes it (%22, %0D, %0A; a
 * backslash is a character, as browsers send it), into out
 * (cap bytes).  false when absent or too long.
 */
static bool
param(const char *v, size_t len, const char *name, char *out, size_t cap,
    size_t *olen)
{
	size_t nl = strlen(name), o = 0;
	const char *p = v, *end = v + len;
	bool quoted;

	for (; p < end; p++) {
		if ((p == v || p[-1] == ';' || p[-1] == ' ') &&
		    (size_t)(end - p) > nl && strncasecmp(p, name, nl) == 0 &&
		    p[nl] == '=')
			break;
		if (*p == '"') /* skip a quoted value: it may hold "name=" */
			for (p++; p < end && *p != '"'; p++)
				;
	}
	if (p >= end)
		return false;
	p += nl + 1;
	quoted = p < end && *p == '"';
	if (quoted)
		p++;
	for (; p < end; p++) {
		char c = *p;

		if (quoted && c == '"')
			break;
		if (!quoted && (c == ';' || c == ' '))
			break;
		if (c == '%' && end - p >= 3 &&
		    (strncasecmp(p, "%22", 3) == 0 ||
		        strncasecmp(p, "%0d", 3) == 0 ||
		        strncasecmp(p, "%0a", 3) == 0)) {
			c = p[2] == '2'                    ? '"'
			    : (p[2] == 'd' || p[2] == 'D') ? '\r'
			                                   : '\n';
			p += 2;
		}
		if (o + 1 >= cap)
			return false;
		out[o++] = c;
	}
	if (quoted && p >= end)
		return false;
	out[o] = '\0';
	*olen = o;
	return true;
}

/* Parses the header block h[0..n) (CRLF-separated lines). */
static enum nv_err
headers(const char *h, size_t n, const char *field, struct mp_file *f,
    const char **why)
{
	const char *line = h, *eol, *end = h + n, *base;
	char name[64];
	size_t nlen, i;
	bool seen = false;

	while (line < end) {
		eol = find(line, (size_t)(end - line), "\r\n", 2);
		if (eol == NULL)
			eol = end;
		if ((size_t)(eol - line) > 20 &&
		    strncasecmp(line, "Content-Disposition:", 20) == 0) {
			const char *v = line + 20;
			size_t vl = (size_t)(eol - v);

			while (vl > 0 && (*v == ' ' || *v == '\t'))
				v++, vl--;
			if (vl < 9 || strncasecmp(v, "form-data", 9) != 0) {
				*why = "Phần của biểu mẫu phải là form-data.";
				return NV_EINVAL;
			}
			if (!param(v, vl, "name", name, sizeof(name), &nlen) ||
			    strcmp(name, field) != 0) {
				*why = "Biểu mẫu chỉ nhận một phần tên «file».";
				return NV_EINVAL;
			}
			if (!param(v, vl, "filename", f->filename,
			        sizeof(f->filename), &f->filename_len)) {
				*why = "Thiếu tên tệp, hoặc tên tệp quá dài.";
				return NV_EINVAL;
			}
			seen = true;
		}
		line = eol + 2;
	}
	if (!seen) {
		*why = "Biểu mẫu chỉ nhận một phần tên «file».";
		return NV_EINVAL;
	}
	/* A browser may send a path (old IE): the name is its last piece. */
	base = f->filename;
	for (i = 0; i < f->filename_len; i++)
		if (f->filename[i] == '/' || f->filename[i] == '\\')
			base = f->filename + i + 1;
	f->filename_len -= (size_t)(base - f->filename);
	memmove(f->filename, base, f->filename_len + 1);
	if (f->filename_len == 0 ||
	    !utf8_valid(f->filename, f->filename_len, 0) ||
	    utf8_blank(f->filename, f->filename_len)) {
		*why = "Tên tệp trống hoặc không hợp lệ.";
		return NV_EINVAL;
	}
	if (utf8_count(f->filename, f->filename_len) > MP_FILENAME_MAX) {
		*why = "Tên tệp dài quá 255 ký tự.";
		return NV_EINVAL;
	}
	return NV_OK;
}

enum nv_err
multipart_read_file(const struct mp_reader *rd, const char *boundary,
    const char *field, struct mp_file *f, mp_sink_fn sink, void *ctx,
    const char **why)
{
	static struct win w; /* 64 KiB: not on the stack */
	char delim[MP_BOUNDARY_MAX + 5];
	const char *at;
	size_t dlen, keep;
	enum nv_err rc;

	memset(f, 0, sizeof(*f));
	w.rd = rd;
	w.start = w.end = 0;
	w.eof = false;
	*why = "Tệp tải lên bị ngắt giữa chừng.";
	/* "\r\n--boundary": the first one has no CRLF before it. */
	dlen = (size_t)snprintf(delim, sizeof(delim), "\r\n--%s", boundary);
	while (w.end < dlen && !w.eof)
		if ((rc = fill(&w)) != NV_OK)
			return rc;
	if (w.end < dlen || memcmp(w.buf, delim + 2, dlen - 2) != 0 ||
	    memcmp(w.buf + dlen - 2, "\r\n", 2) != 0) {
		if (w.end < dlen)
			return NV_EINVAL;
		*why = "Nội dung không đúng dạng multipart/form-data.";
		return NV_EINVAL;
	}
	w.start = dlen;
	/* The part's headers, up to the blank line. */
	for (;;) {
		at = find(w.buf + w.start, w.end - w.start, "\r\n\r\n", 4);
		if (at != NULL)
			break;
		if (w.end - w.start > HEADERS_MAX) {
			*why = "Phần đầu của tệp tải lên quá dài.";
			return NV_EINVAL;
		}
		if (w.eof)
			return NV_EINVAL;
		if ((rc = fill(&w)) != NV_OK)
			return rc;
	}
	if ((size_t)(at - (w.buf + w.start)) > HEADERS_MAX) {
		*why = "Phần đầu của tệp tải lên quá dài.";
		return NV_EINVAL;
	}
	if ((rc = headers(w.buf + w.start, (size_t)(at - (w.buf + w.start)),
	         field, f, why)) != NV_OK)
		return rc;
	w.start = (size_t)(at - w.buf) + 4;
	*why = "Tệp tải lên bị ngắt giữa chừng.";
	/* The content, up to the next delimiter. */
	for (;;) {
		at = find(w.buf + w.start, w.end - w.start, delim, dlen);
		if (at != NULL) {
			if (at > w.buf + w.start &&
			    (rc = sink(ctx, w.buf + w.start,
			         (size_t)(at - (w.buf + w.start)))) != NV_OK)
				return rc;
			w.start = (size_t)(at - w.buf) + dlen;
			break;
		}
		/* No delimiter can start before the last dlen - 1 bytes. */
		keep = w.end - w.start < dlen - 1 ? w.end - w.start : dlen - 1;
		if (w.end - w.start > keep) {
			if ((rc = sink(ctx, w.buf + w.start,
			         w.end - w.start - keep)) != NV_OK)
				return rc;
			w.start = w.end - keep;
		}
		if (w.eof)
			return NV_EINVAL;
		if ((rc = fill(&w)) != NV_OK)
			return rc;
	}
	/* After it: "--" ends the body; CRLF starts another part. */
	while (w.end - w.start < 2 && !w.eof)
		if ((rc = fill(&w)) != NV_OK)
			return rc;
	if (w.end - w.start < 2)
		return NV_EINVAL;
	if (memcmp(w.buf + w.start, "--", 2) != 0) {
		*why = "Biểu mẫu chỉ nhận một phần tên «file».";
		return NV_EINVAL;
	}
	return NV_OK;
}
