/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer harness: multipart_read_file() on a fuzzed body, arriving in
 * pieces whose size the first byte picks (1 to 256 bytes), so that
 * delimiters and headers are split at every place; and
 * multipart_boundary() on the same bytes as a Content-Type.
 */
#include <stdlib.h>
#include <string.h>

#include "fcgi/http/multipart.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct src {
	const uint8_t *p;
	size_t len, at, piece;
};

static enum nv_err
src_read(void *ctx, char *buf, size_t cap, size_t *got)
{
	struct src *s = ctx;
	size_t n = s->len - s->at;

	if (n > cap)
		n = cap;
	if (n > s->piece)
		n = s->piece;
	memcpy(buf, s->p + s->at, n);
	s->at += n;
	*got = n;
	return NV_OK;
}

static enum nv_err
sink(void *ctx, const char *p, size_t n)
{
	size_t *total = ctx;

	/* Touch every byte handed out: ASan sees a read out of bounds. */
	while (n-- > 0)
		*total += (unsigned char)p[n] / 256 + 1;
	return NV_OK;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char boundary[MP_BOUNDARY_MAX + 1];
	struct mp_file f;
	const char *why;
	size_t total = 0;
	struct src s;
	struct mp_reader rd = {src_read, &s};

	if (size < 1)
		return 0;
	(void)multipart_boundary((const char *)data + 1, size - 1, boundary);
	s = (struct src){data + 1, size - 1, 0, (size_t)data[0] + 1};
	if (multipart_read_file(&rd, "XyZ", "file", &f, sink, &total, &why) ==
	    NV_OK) {
		if (f.filename_len == 0 || strlen(f.filename) != f.filename_len)
			abort();
	}
	if (total > size)
		abort();
	return 0;
}
