/* SPDX-License-Identifier: ISC */
/* libFuzzer harness: dir_filter() must escape every octet that needs it. */
#include <stdlib.h>
#include <string.h>

#include "auth/dir.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define PRE  "(&(objectClass=inetOrgPerson)(uid="
#define POST "))"

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct arena *a;
	char *out = NULL;
	const char *p, *end;
	size_t i = 0, olen;
	int h, l;
	unsigned char c;

	if (a == NULL && (a = arena_new(1 << 22)) == NULL)
		abort();
	if (dir_filter(a, PRE "%s" POST, (const char *)data, size, &out) !=
	    NV_OK)
		abort();
	olen = strlen(out);
	if (olen < strlen(PRE POST) || strncmp(out, PRE, strlen(PRE)) != 0 ||
	    strcmp(out + olen - strlen(POST), POST) != 0)
		abort();
	/* Decoding the value part gives the input back, octet for octet. */
	p = out + strlen(PRE);
	end = out + olen - strlen(POST);
	while (p < end) {
		c = (unsigned char)*p;
		if (c == '*' || c == '(' || c == ')')
			abort(); /* a special octet left raw */
		if (c == '\\') {
			if (end - p < 3 || (h = hexval(p[1])) < 0 ||
			    (l = hexval(p[2])) < 0)
				abort();
			c = (unsigned char)(h << 4 | l);
			p += 3;
		} else
			p++;
		if (i >= size || data[i] != c)
			abort();
		i++;
	}
	if (i != size)
		abort();
	arena_reset(a);
	return 0;
}
