/* SPDX-License-Identifier: ISC */
/* A kind's member table turned into SQL, parsed rows and JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fcgi/base/db.h"
#include "fcgi/base/log.h"
#include "fcgi/base/str.h"
#include "fcgi/domain/record.h"

/* Every template expanded in this process; a handful per kind. */
#define SQL_CACHE_MAX 256 /* distinct record templates a worker expands */
#define SQL_MAX       8192

static struct {
	const struct record_desc *d;
	const char *tmpl;
	char *sql;
} cache[SQL_CACHE_MAX];

size_t
record_ncols(const struct record_desc *d)
{
	size_t i, n = 0;

	for (i = 0; i < d->nm; i++)
		if (!(d->m[i].flags & M_NOSELECT))
			n++;
	return n;
}

/* The SELECT list: each member's expression, in the table's order. */
static size_t
cols(const struct record_desc *d, char *out, size_t cap)
{
	size_t i, o = 0;
	int n;

	for (i = 0; i < d->nm; i++) {
		if (d->m[i].flags & M_NOSELECT)
			continue;
		n = snprintf(
		    out + o, cap - o, "%s%s", o ? ", " : "", d->m[i].select);
		if (n < 0 || (size_t)n >= cap - o)
			return 0;
		o += (size_t)n;
	}
	return o;
}

const char *
record_sql(const struct record_desc *d, const char *tmpl)
{
	static const char mark[] = "{cols}";
	char buf[SQL_MAX], list[SQL_MAX];
	const char *at;
	size_t i, nl;
	int n;

	for (i = 0; i < SQL_CACHE_MAX && cache[i].tmpl != NULL; i++)
		if (cache[i].d == d && cache[i].tmpl == tmpl)
			return cache[i].sql;
	if (i == SQL_CACHE_MAX || (nl = cols(d, list, sizeof(list))) == 0 ||
	    (at = strstr(tmpl, mark)) == NULL)
		fatalx(
		    "record_sql: %s: cannot expand \"%.40s\"", d->kind, tmpl);
	n = snprintf(buf, sizeof(buf), "%.*s%s%s", (int)(at - tmpl), tmpl, list,
	    at + sizeof(mark) - 1);
	if (n < 0 || (size_t)n >= sizeof(buf) ||
	    (cache[i].sql = strdup(buf)) == NULL)
		fatalx("record_sql: %s: statement too long", d->kind);
	cache[i].d = d;
	cache[i].tmpl = tmpl;
	return cache[i].sql;
}

int
record_name_index(const char *const *names, int n, struct str s)
{
	int i;

	for (i = 0; i < n; i++)
		if (str_eq(s, names[i]))
			return i;
	return -1;
}

enum nv_err
record_parse(
    const struct record_desc *d, const struct str *c, size_t ncols, void *row)
{
	const struct member *m;
	char *base = row;
	size_t i, k = 0;
	int v;

	if (ncols < record_ncols(d))
		return NV_EINTERNAL;
	memset(row, 0, d->size);
	for (i = 0; i < d->nm; i++) {
		m = &d->m[i];
		if (m->flags & M_NOSELECT)
			continue;
		switch (m->type) {
		case M_INT:
			*(int64_t *)(base + m->off) = db_str_int(c[k]);
			break;
		case M_OPT_INT:
			((struct opt_int *)(base + m->off))->set =
			    c[k].p != NULL;
			((struct opt_int *)(base + m->off))->v =
			    db_str_int(c[k]);
			break;
		case M_STR:
			*(struct str *)(base + m->off) = c[k];
			break;
		case M_SET:
			*(struct str *)(base + m->off) =
			    c[k].p ? c[k] : STR("");
			break;
		case M_STATE:
		case M_ENUM:
			v = m->type == M_STATE
			        ? record_name_index(
			              d->states.v, d->states.n, c[k])
			        : record_name_index(m->names, m->nnames, c[k]);
			if (v < 0) {
				log_warnx("%s.%s: unknown value in row",
				    d->kind, m->name);
				return NV_EINTERNAL;
			}
			*(int *)(base + m->off) = v;
			break;
		}
		k++;
	}
	return NV_OK;
}

/* A comma-separated list as a JSON array. */
static void
set_json(struct jw *w, struct str s)
{
	const char *p = s.p, *end = s.p + s.len, *comma;

	jw_arr_open(w);
	while (p != NULL && p < end) {
		comma = memchr(p, ',', (size_t)(end - p));
		if (comma == NULL)
			comma = end;
		if (comma > p)
			jw_str(w, p, (size_t)(comma - p));
		p = comma + 1;
	}
	jw_arr_close(w);
}

void
record_json(const struct record_desc *d, struct jw *w, const void *row)
{
	const struct member *m;
	const char *base = row;
	const struct opt_int *oi;
	size_t i;

	for (i = 0; i < d->nm; i++) {
		m = &d->m[i];
		if (!(m->flags & M_JSON))
			continue;
		jw_key(w, m->name);
		switch (m->type) {
		case M_INT:
			jw_int(w, *(const int64_t *)(base + m->off));
			break;
		case M_OPT_INT:
			oi = (const struct opt_int *)(base + m->off);
			if (oi->set)
				jw_int(w, oi->v);
			else
				jw_null(w);
			break;
		case M_STR:
			jw_sstr(w, *(const struct str *)(base + m->off));
			break;
		case M_SET:
			set_json(w, *(const struct str *)(base + m->off));
			break;
		case M_STATE:
			jw_strz(w, record_state_name(
			               d, *(const int *)(base + m->off)));
			break;
		case M_ENUM:
			jw_strz(w, m->names[*(const int *)(base + m->off)]);
			break;
		}
	}
}

struct str
record_str(const struct member *m, const void *row)
{
	return *(const struct str *)((const char *)row + m->off);
}

int
record_member(const struct record_desc *d, const char *name)
{
	size_t i;

	for (i = 0; i < d->nm; i++)
		if (strcmp(d->m[i].name, name) == 0)
			return (int)i;
	return -1;
}

const char *
record_state_name(const struct record_desc *d, int st)
{
	return st >= 0 && st < d->states.n ? d->states.v[st] : NULL;
}

const char *
record_act_name(const struct record_desc *d, int act)
{
	return act >= 0 && act < d->acts.n ? d->acts.v[act] : NULL;
}
