/* SPDX-License-Identifier: ISC */
/* Route table and the pre-handler steps. */
#include <stdio.h>
#include <string.h>

#include "auth/sess.h"
#include "fcgi/base/clock.h"
#include "fcgi/http/idem.h"
#include "fcgi/http/route.h"
#include "fcgi/base/str.h"

static bool
code_ok(struct str s)
{
	size_t i;

	if (s.len == 0 || s.len > 16)
		return false;
	for (i = 0; i < s.len; i++)
		if (!((s.p[i] >= 'A' && s.p[i] <= 'Z') ||
		        (s.p[i] >= '0' && s.p[i] <= '9') || s.p[i] == '_' ||
		        s.p[i] == '-'))
			return false;
	return true;
}

/*
 * Matches rq's segments against pattern; fills rq->path_id for {id} and
 * rq->path_code for {code}.
 */
static bool
match(struct req *rq, const char *pattern)
{
	const char *p = pattern, *s;
	size_t i = 0, n;
	int64_t id;

	while (*p == '/') {
		p++;
		for (s = p; *p != '\0' && *p != '/'; p++)
			;
		n = (size_t)(p - s);
		if (i == rq->nseg)
			return false;
		if (n == 4 && memcmp(s, "{id}", 4) == 0) {
			if (str_to_i64(rq->seg[i], 1, INT64_MAX, &id) != NV_OK)
				return false;
			rq->path_id = id;
		} else if (n == 6 && memcmp(s, "{code}", 6) == 0) {
			/* An agency's code: A-Z, 0-9, _ and -, as stored. */
			if (!code_ok(rq->seg[i]))
				return false;
			rq->path_code = rq->seg[i];
		} else if (rq->seg[i].len != n ||
		           memcmp(rq->seg[i].p, s, n) != 0)
			return false;
		i++;
	}
	return i == rq->nseg;
}

enum nv_err
route_find(struct req *rq, struct resp *rs, const struct route **out)
{
	char allow[64] = "";
	size_t i, o = 0;
	bool path_known = false;
	int n;

	if (req_parse_path(rq) != NV_OK)
		return NV_ENOENT;
	for (i = 0; i < route_count; i++) {
		if (!match(rq, route_table[i].pattern))
			continue;
		path_known = true;
		if (str_eq(rq->method, route_table[i].method)) {
			*out = &route_table[i];
			return NV_OK;
		}
		n = snprintf(allow + o, sizeof(allow) - o, "%s%s",
		    o > 0 ? ", " : "", route_table[i].method);
		if (n > 0 && (size_t)n < sizeof(allow) - o)
			o += (size_t)n;
	}
	if (!path_known)
		return NV_ENOENT;
	resp_header(rs, "Allow", allow);
	return NV_EMETHOD;
}

/* Whether key is one of the space-separated words of list. */
static bool
takes(const char *list, struct str key)
{
	const char *p = list, *end;

	while (p != NULL && *p != '\0') {
		end = strchr(p, ' ');
		if (end == NULL)
			end = p + strlen(p);
		if ((size_t)(end - p) == key.len &&
		    memcmp(p, key.p, key.len) == 0)
			return true;
		p = *end == ' ' ? end + 1 : end;
	}
	return false;
}

static size_t
body_limit(const struct conf *c, enum route_body b)
{
	switch (b) {
	case RB_JSON:
		return (size_t)c->body_max;
	case RB_LOGIN:
		return (size_t)c->login_body_max;
	case RB_FILE:
		return (size_t)c->import_body_max;
	default:
		return 0;
	}
}

size_t
route_body_max(struct req *rq)
{
	size_t i;

	if (req_parse_path(rq) == NV_OK)
		for (i = 0; i < route_count; i++)
			if (match(rq, route_table[i].pattern) &&
			    str_eq(rq->method, route_table[i].method) &&
			    route_table[i].body == RB_FILE)
				return (size_t)rq->conf->import_body_max;
	return (size_t)rq->conf->body_max;
}

bool
route_streams(struct req *rq)
{
	size_t i;

	if (req_parse_path(rq) == NV_OK)
		for (i = 0; i < route_count; i++)
			if (match(rq, route_table[i].pattern) &&
			    str_eq(rq->method, route_table[i].method))
				return route_table[i].body == RB_STREAM;
	return false;
}

enum nv_err
route_dispatch(struct req *rq, struct resp *rs)
{
	const struct route *r;
	enum nv_err rc;
	bool changes;
	size_t i;

	if ((rc = route_find(rq, rs, &r)) != NV_OK)
		return rc;
	rq->route_arg = r->arg;
	if (rq->body_len > body_limit(rq->conf, r->body))
		return NV_ETOOBIG;
	if (r->perm != RP_PUBLIC) {
		char today[11];

		clock_today(today);
		rc = sess_lookup(rq->arena, rq->conf,
		    req_cookie(rq, REQ_SESSION_COOKIE(rq)), today, &rq->sess);
		if (rc != NV_OK)
			return rc;
		changes = !str_eq(rq->method, "GET");
		if (changes && !(r->flags & R_NOCSRF) &&
		    !sess_csrf_ok(rq->sess, rq->csrf))
			return NV_ECSRF;
		if ((rc = route_resync(rq, changes)) != NV_OK)
			return rc;
		if (!policy_route(rq->sess->user.roles, r->perm))
			return NV_EPERM;
		if ((rc = route_acting(rq)) != NV_OK)
			return rc;
	}
	if ((rc = req_parse_query(rq)) != NV_OK)
		return rc;
	for (i = 0; i < rq->nq; i++)
		if (!takes(r->query, rq->q[i].k))
			return req_fail(rq, NV_EINVAL, rq->q[i].k.p,
			    "Tham số truy vấn không được hỗ trợ.");
	if (r->flags & R_TX)
		return idem_run(rq, rs, r);
	return r->fn(rq, rs);
}
