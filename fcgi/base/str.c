/* SPDX-License-Identifier: ISC */
/* String slice helpers. */
#include <string.h>
#include <strings.h>

#include "fcgi/base/str.h"

struct str
str_c(const char *s)
{
	if (s == NULL)
		return STR_NULL;
	return (struct str){s, strlen(s)};
}

bool
str_eq(struct str s, const char *lit)
{
	size_t n = strlen(lit);

	return s.p != NULL && s.len == n && memcmp(s.p, lit, n) == 0;
}

bool
str_caseeq(struct str s, const char *lit)
{
	size_t n = strlen(lit);

	return s.p != NULL && s.len == n && strncasecmp(s.p, lit, n) == 0;
}

bool
str_has_prefix(struct str s, const char *lit)
{
	size_t n = strlen(lit);

	return s.p != NULL && s.len >= n && memcmp(s.p, lit, n) == 0;
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

struct str
str_trim(struct str s)
{
	while (s.len > 0 && is_space(s.p[0])) {
		s.p++;
		s.len--;
	}
	while (s.len > 0 && is_space(s.p[s.len - 1]))
		s.len--;
	return s;
}

enum nv_err
str_to_i64(struct str s, int64_t min, int64_t max, int64_t *out)
{
	uint64_t v = 0, lim;
	size_t i = 0;
	bool neg = false;

	if (s.p == NULL || s.len == 0 || s.len > 20)
		return NV_EINVAL;
	if (s.p[0] == '-') {
		neg = true;
		i = 1;
		if (s.len == 1)
			return NV_EINVAL;
	}
	if (s.p[i] == '0' && s.len > i + 1)
		return NV_EINVAL;
	lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; i < s.len; i++) {
		unsigned d = (unsigned char)s.p[i] - '0';
		if (d > 9)
			return NV_EINVAL;
		if (v > (lim - d) / 10)
			return NV_EINVAL;
		v = v * 10 + d;
	}
	if (neg) {
		int64_t r =
		    v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
		if (r < min || r > max)
			return NV_EINVAL;
		*out = r;
	} else {
		if ((int64_t)v < min || (int64_t)v > max)
			return NV_EINVAL;
		*out = (int64_t)v;
	}
	return NV_OK;
}
