/* SPDX-License-Identifier: ISC */
/* An evidence file's name that agrees with its content. */
#include <string.h>
#include <strings.h>

#include "fcgi/base/filetype.h"
#include "fcgi/base/log.h"
#include "fcgi/base/utf8.h"
#include "fcgi/domain/attachment_name.h"

/* Whether the name's extension (after its last '.') is one of exts. */
static bool
fits(struct str name, const char *exts)
{
	const char *dot = NULL, *p, *end;
	size_t i, elen;

	for (i = 0; i < name.len; i++)
		if (name.p[i] == '.')
			dot = name.p + i;
	if (dot == NULL)
		return false;
	dot++;
	elen = (size_t)(name.p + name.len - dot);
	for (p = exts; *p != '\0'; p = *end == ' ' ? end + 1 : end) {
		if ((end = strchr(p, ' ')) == NULL)
			end = p + strlen(p);
		if ((size_t)(end - p) == elen && strncasecmp(p, dot, elen) == 0)
			return true;
	}
	return false;
}

enum nv_err
attachment_name(struct arena *a, struct str name, const char *type, size_t max,
    struct str *out)
{
	const char *exts = filetype_extensions(type), *sp;
	size_t elen, keep, n;
	char *s;

	if (exts == NULL) {
		log_warnx("attachment_name: no extensions for %s",
		    type != NULL ? type : "(null)");
		return NV_EINTERNAL;
	}
	if (fits(name, exts)) {
		*out = name;
		return NV_OK;
	}
	elen = (sp = strchr(exts, ' ')) != NULL ? (size_t)(sp - exts)
	                                        : strlen(exts);
	/* Cut whole characters (never a byte of one) until ".ext" fits. */
	keep = name.len;
	n = utf8_count(name.p, name.len);
	while (keep > 0 && n + 1 + elen > max) {
		keep--;
		while (keep > 0 && ((unsigned char)name.p[keep] & 0xc0) == 0x80)
			keep--;
		n--;
	}
	if ((s = arena_alloc(a, keep + 1 + elen + 1)) == NULL)
		return NV_ETOOBIG;
	memcpy(s, name.p, keep);
	s[keep] = '.';
	memcpy(s + keep + 1, exts, elen);
	s[keep + 1 + elen] = '\0';
	*out = (struct str){s, keep + 1 + elen};
	return NV_OK;
}
