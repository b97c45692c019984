/* SPDX-License-Identifier: ISC */
/* The domain's vocabulary, once. */
#include <string.h>

#include "fcgi/base/arena.h"
#include "fcgi/base/db.h"
#include "fcgi/base/str.h"
#include "fcgi/domain/vocab.h"

const char *const vocab_fields[VOCAB_NFIELDS] = {"science_technology",
    "innovation", "digital_transformation", "admin_reform", "project06"};

const char *const vocab_health[VOCAB_NHEALTH] = {
    "on_track", "at_risk", "delayed"};

bool
vocab_year_ok(struct str d)
{
	int y = 0;
	size_t i;

	if (d.p == NULL || d.len < 4)
		return false;
	for (i = 0; i < 4; i++) {
		if (d.p[i] < '0' || d.p[i] > '9')
			return false;
		y = y * 10 + (d.p[i] - '0');
	}
	return y >= YEAR_MIN && y <= YEAR_MAX;
}

struct str
vocab_upcase(struct arena *a, struct str s)
{
	char *p = arena_strndup(a, s.p, s.len);
	size_t i;

	if (p == NULL)
		return STR_NULL;
	for (i = 0; i < s.len; i++)
		if (p[i] >= 'a' && p[i] <= 'z')
			p[i] = (char)(p[i] - 32);
	return (struct str){p, s.len};
}

enum nv_err
vocab_agency_active(struct arena *a, struct str code)
{
	static const char sql[] =
	    "SELECT retired_at IS NULL FROM agencies WHERE code = ?";
	struct db_param p[] = {DBP_STR(code)};
	struct db_res r;
	enum nv_err rc;

	if ((rc = db_query(a, sql, p, 1, &r)) != NV_OK)
		return rc;
	if (r.nrows != 1)
		return NV_ENOENT;
	return str_eq(db_cell(&r, 0, 0), "1") ? NV_OK : NV_EPERM;
}

enum nv_err
vocab_agency(struct arena *a, struct str s, struct str *out)
{
	static const char sql[] = "SELECT code FROM agencies WHERE code = ?";
	struct db_param p[1];
	struct db_res r;
	enum nv_err rc;

	if (s.p == NULL || s.len == 0 || s.len > AGENCY_CODE_MAX)
		return NV_ENOENT;
	if ((s = vocab_upcase(a, s)).p == NULL)
		return NV_ETOOBIG;
	p[0] = DBP_STR(s);
	if ((rc = db_query(a, sql, p, 1, &r)) != NV_OK)
		return rc;
	if (r.nrows != 1)
		return NV_ENOENT;
	*out = db_cell(&r, 0, 0);
	return NV_OK;
}
