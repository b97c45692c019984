/* SPDX-License-Identifier: ISC */
/* libFuzzer harness: req_cookie() on a fuzzed header and cookie name. */
#include <stdlib.h>
#include <string.h>

#include "fcgi/http/req.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

/*
 * The first byte gives the name's length (0 to 15), the next bytes are
 * the name, the rest is the Cookie header.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct req rq;
	struct str v;
	char name[16];
	size_t nlen;
	const char *h, *end;

	if (size < 1)
		return 0;
	nlen = data[0] % 16;
	if (nlen > size - 1)
		nlen = size - 1;
	memcpy(name, data + 1, nlen);
	name[nlen] = '\0';
	memset(&rq, 0, sizeof(rq));
	h = (const char *)data + 1 + nlen;
	rq.cookie = (struct str){h, size - 1 - nlen};
	end = h + rq.cookie.len;
	v = req_cookie(&rq, name);
	if (v.p == NULL)
		return 0;
	if (rq.cookie.len > COOKIE_MAX)
		abort();
	/* The value is a trimmed slice of the header, without a ';'. */
	if (v.p < h || v.p > end || v.len > (size_t)(end - v.p))
		abort();
	if (memchr(v.p, ';', v.len) != NULL)
		abort();
	if (v.len > 0 && (is_space(v.p[0]) || is_space(v.p[v.len - 1])))
		abort();
	/* The name, followed by optional spaces and '=', precedes it. */
	if (v.p == h || memchr(h, '=', (size_t)(v.p - h)) == NULL)
		abort();
	return 0;
}
