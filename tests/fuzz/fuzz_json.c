/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer harness: req_json() and req_fields() on a task-like table, and
 * req_objects() on its list of objects (a bulk request's items).
 */
#include <stdlib.h>
#include <string.h>

#include "fcgi/http/req.h"
#include "fcgi/base/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const struct field fields[] = {
    {"title", F_LINE, true, false, 1, 200},
    {"description", F_TEXT, false, true, 0, 5000},
    {"priority", F_INT, false, false, 1, 5},
    {"agency_id", F_INT, false, true, 1, INT64_MAX},
    {"urgent", F_BOOL, false, false, 0, 0},
    {"tags", F_LINES, false, false, 0, 10},
    {"deadline", F_LINE, false, true, 10, 10},
    {"items", F_OBJECTS, false, false, 1, 5},
};
enum { ITEMS = 7 };

static const struct field item_fields[] = {
    {"id", F_INT, true, false, 1, INT32_MAX},
    {"note", F_LINE, false, false, 0, 20},
};

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

/* A validated text value: NUL-terminated, UTF-8, within its bounds. */
static void
check_text(
    const struct str *s, int flags, bool trimmed, int64_t min, int64_t max)
{
	size_t n;

	if (s->p == NULL || s->p[s->len] != '\0' || strlen(s->p) != s->len)
		abort();
	if (!utf8_valid(s->p, s->len, flags))
		abort();
	n = utf8_count(s->p, s->len);
	if ((int64_t)n < min || (int64_t)n > max)
		abort();
	if (min >= 1 && utf8_blank(s->p, s->len))
		abort();
	if (trimmed && s->len > 0 &&
	    (is_space(s->p[0]) || is_space(s->p[s->len - 1])))
		abort();
}

static void
check_values(const struct fval *v)
{
	size_t i, k;

	for (i = 0; i < NELEM(fields); i++) {
		const struct field *f = &fields[i];

		if (!v[i].present) {
			if (f->required)
				abort();
			continue;
		}
		if (v[i].is_null) {
			if (!f->nullable)
				abort();
			continue;
		}
		switch (f->type) {
		case F_LINE:
			check_text(&v[i].s, 0, true, f->min, f->max);
			(void)req_valid_date(v[i].s);
			break;
		case F_TEXT:
			check_text(
			    &v[i].s, UTF8_MULTILINE, false, f->min, f->max);
			break;
		case F_INT:
			if (v[i].i < f->min || v[i].i > f->max)
				abort();
			break;
		case F_BOOL:
			break;
		case F_LINES:
			if ((int64_t)v[i].nitems > f->max)
				abort();
			for (k = 0; k < v[i].nitems; k++)
				check_text(&v[i].items[k], 0, true, 1, 200);
			break;
		case F_OBJECTS:
			if ((int64_t)v[i].nitems > f->max ||
			    (int64_t)v[i].nitems < f->min || v[i].node == NULL)
				abort();
			break;
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct arena *a;
	struct req rq;
	struct cJSON *root = NULL;
	struct fval v[NELEM(fields)];
	enum nv_err rc;

	if (a == NULL && (a = arena_new(1 << 22)) == NULL)
		abort();
	memset(&rq, 0, sizeof(rq));
	rq.arena = a;
	rq.content_type = STR("application/json; charset=utf-8");
	rq.body = (const char *)data;
	rq.body_len = size;
	rc = req_json(&rq, &root);
	if (rc != NV_OK) {
		/* NV_EINVAL: a \u0000 inside a member's value. */
		if ((rc != NV_EJSON && rc != NV_EINVAL) || root != NULL)
			abort();
		arena_reset(a);
		return 0;
	}
	if (root == NULL ||
	    !utf8_valid(rq.body, rq.body_len, UTF8_MULTILINE | UTF8_RAW))
		abort();
	rc = req_fields(&rq, root, fields, NELEM(fields), v);
	if (rc == NV_OK)
		check_values(v);
	else if (rc != NV_EINVAL && rc != NV_ETOOBIG)
		abort();
	if (rc == NV_OK && v[ITEMS].present && !v[ITEMS].is_null) {
		struct fval iv[5 * NELEM(item_fields)];
		size_t k;

		rc = req_objects(&rq, "items", &v[ITEMS], item_fields,
		    NELEM(item_fields), iv);
		if (rc == NV_OK) {
			for (k = 0; k < v[ITEMS].nitems; k++)
				if (!iv[k * NELEM(item_fields)].present ||
				    iv[k * NELEM(item_fields)].i < 1)
					abort();
		} else if (rc != NV_EINVAL && rc != NV_ETOOBIG)
			abort();
	}
	arena_reset(a); /* runs cJSON_Delete */
	return 0;
}
