/* SPDX-License-Identifier: ISC */
/* db_host as a list of host[:port] (db_hosts.h). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "fcgi/base/db_hosts.h"

static bool
is_sep(char ch)
{
	return ch == ' ' || ch == '\t' || ch == ',';
}

static bool
name_char(char ch, bool v6)
{
	return isalnum((unsigned char)ch) || ch == '.' || ch == '-' ||
	       ch == '_' || (v6 && ch == ':');
}

/* One "host", "host:port", "[v6]" or "[v6]:port" of len bytes at p. */
static enum nv_err
one(const char *p, size_t len, int def_port, struct db_host *h, char *err,
    size_t errlen)
{
	const char *name = p, *colon = NULL, *q;
	size_t nlen;
	bool v6 = p[0] == '[';
	long port = def_port;

	if (v6) {
		q = memchr(p, ']', len);
		if (q == NULL)
			goto bad;
		name = p + 1;
		nlen = (size_t)(q - name);
		if (q + 1 < p + len) {
			if (q[1] != ':')
				goto bad;
			colon = q + 1;
		}
	} else {
		colon = memchr(p, ':', len);
		nlen = colon != NULL ? (size_t)(colon - p) : len;
	}
	if (nlen == 0 || nlen > DB_HOST_NAME_MAX)
		goto bad;
	for (q = name; q < name + nlen; q++)
		if (!name_char(*q, v6))
			goto bad;
	if (colon != NULL) {
		const char *d = colon + 1, *end = p + len;
		if (d == end || end - d > 5)
			goto bad;
		for (port = 0; d < end; d++) {
			if (!isdigit((unsigned char)*d))
				goto bad;
			port = port * 10 + (*d - '0');
		}
		if (port < 1 || port > 65535)
			goto bad;
	}
	memcpy(h->name, name, nlen);
	h->name[nlen] = '\0';
	h->port = (int)port;
	return NV_OK;
bad:
	snprintf(err, errlen,
	    "db_host: '%.*s' is not a host or host:port (1-65535)",
	    (int)(len > 80 ? 80 : len), p);
	return NV_EINVAL;
}

enum nv_err
db_hosts_parse(const char *s, int def_port, struct db_host *out, size_t max,
    size_t *n, char *err, size_t errlen)
{
	const char *p = s, *start;
	enum nv_err rc;

	*n = 0;
	for (;;) {
		while (is_sep(*p))
			p++;
		if (*p == '\0')
			return NV_OK;
		start = p;
		while (*p != '\0' && !is_sep(*p))
			p++;
		if (*n == max) {
			snprintf(
			    err, errlen, "db_host: more than %zu hosts", max);
			return NV_EINVAL;
		}
		rc = one(start, (size_t)(p - start), def_port, &out[*n], err,
		    errlen);
		if (rc != NV_OK)
			return rc;
		(*n)++;
	}
}
