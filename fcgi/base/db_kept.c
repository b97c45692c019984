/* SPDX-License-Identifier: ISC */
/* A statement's result kept while a version is unchanged (db_kept.h). */
#include <stdlib.h>
#include <string.h>

#include "fcgi/base/buf.h"
#include "fcgi/base/db_kept.h"

/* A cell of a kept result: its bytes at off in the slot's block; len
 * NULL_LEN for SQL NULL. */
struct cell {
	uint32_t off, len;
};

#define NULL_LEN UINT32_MAX

struct slot {
	const char *sql; /* NULL: empty */
	uint64_t version, used;
	char *params; /* the parameters as key() writes them */
	size_t params_len;
	size_t nrows, ncols;
	struct cell *cells; /* nrows * ncols, then the bytes they point at */
};

static struct slot slots[DB_KEPT_SLOTS];
static uint64_t clock_use;

/* The parameters as one string: type, then length and bytes or value. */
static bool
key(struct buf *b, const struct db_param *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		buf_addc(b, (char)p[i].type);
		if (p[i].type == DB_T_INT)
			buf_add(b, &p[i].i, sizeof(p[i].i));
		else if (p[i].type == DB_T_STR) {
			buf_add(b, &p[i].len, sizeof(p[i].len));
			buf_add(b, p[i].p, p[i].len);
		}
	}
	return !buf_failed(b);
}

static void
slot_clear(struct slot *s)
{
	free(s->params);
	free(s->cells);
	memset(s, 0, sizeof(*s));
}

/* The kept result copied into a, as db_query would have written it. */
static enum nv_err
copy_out(struct arena *a, const struct slot *s, struct db_res *out)
{
	size_t i, n = s->nrows * s->ncols;
	const char *bytes = (const char *)(s->cells + n);
	char *p;

	out->nrows = s->nrows;
	out->ncols = s->ncols;
	if ((out->cells = arena_alloc(a, (n + 1) * sizeof(*out->cells))) ==
	    NULL)
		return NV_ETOOBIG;
	for (i = 0; i < n; i++) {
		if (s->cells[i].len == NULL_LEN) {
			out->cells[i] = STR_NULL;
			continue;
		}
		if ((p = arena_alloc(a, s->cells[i].len + 1)) == NULL)
			return NV_ETOOBIG;
		memcpy(p, bytes + s->cells[i].off, s->cells[i].len);
		p[s->cells[i].len] = '\0';
		out->cells[i] = (struct str){p, s->cells[i].len};
	}
	return NV_OK;
}

/* Keeps r in s; false (s left empty) when it is too large or memory is
 * short. */
static bool
keep(struct slot *s, const struct db_res *r, const struct buf *params)
{
	size_t i, n = r->nrows * r->ncols, bytes = 0, off = 0;
	char *dst;

	for (i = 0; i < n; i++)
		bytes += r->cells[i].len;
	if (bytes + n * sizeof(struct cell) > DB_KEPT_MAX)
		return false;
	s->cells = malloc(n * sizeof(struct cell) + bytes + 1);
	s->params = malloc(params->len + 1);
	if (s->cells == NULL || s->params == NULL)
		return false;
	dst = (char *)(s->cells + n);
	for (i = 0; i < n; i++) {
		s->cells[i].off = (uint32_t)off;
		s->cells[i].len = r->cells[i].p == NULL
		                      ? NULL_LEN
		                      : (uint32_t)r->cells[i].len;
		if (r->cells[i].len > 0)
			memcpy(dst + off, r->cells[i].p, r->cells[i].len);
		off += r->cells[i].len;
	}
	memcpy(s->params, params->p, params->len);
	s->params_len = params->len;
	s->nrows = r->nrows;
	s->ncols = r->ncols;
	return true;
}

enum nv_err
db_query_kept(struct arena *a, const char *sql, const struct db_param *p,
    size_t n, uint64_t version, struct db_res *out)
{
	struct slot *s = NULL;
	struct buf k;
	size_t i;
	enum nv_err rc;

	if (version == 0)
		return db_query(a, sql, p, n, out);
	buf_init(&k, 64 * 1024);
	if (!key(&k, p, n)) {
		buf_free(&k);
		return db_query(a, sql, p, n, out);
	}
	for (i = 0; i < DB_KEPT_SLOTS; i++) {
		s = &slots[i];
		if (s->sql == sql && s->version == version &&
		    s->params_len == k.len &&
		    (k.len == 0 || memcmp(s->params, k.p, k.len) == 0)) {
			buf_free(&k);
			s->used = ++clock_use;
			return copy_out(a, s, out);
		}
	}
	if ((rc = db_query(a, sql, p, n, out)) != NV_OK) {
		buf_free(&k);
		return rc;
	}
	/* An empty slot or one of another version, else the least recently
	 * used. */
	s = NULL;
	for (i = 0; i < DB_KEPT_SLOTS; i++) {
		if (slots[i].sql == NULL || slots[i].version != version) {
			s = &slots[i];
			break;
		}
		if (s == NULL || slots[i].used < s->used)
			s = &slots[i];
	}
	slot_clear(s);
	if (keep(s, out, &k)) {
		s->sql = sql;
		s->version = version;
		s->used = ++clock_use;
	} else
		slot_clear(s);
	buf_free(&k);
	return NV_OK;
}
