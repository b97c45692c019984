/* SPDX-License-Identifier: ISC */
/*
 * A request as the handlers see it: plain values copied out of the FastCGI
 * parameters, the body, the parsed query and path, the caller's session.
 * Request bodies are parsed here and only here (cJSON); each endpoint
 * declares its fields as a table and req_fields() validates them in one
 * pass.  Nothing in this file knows about libfcgi, so the unit tests and
 * fuzzers drive it directly.
 */
#ifndef REQ_H
#define REQ_H

#include <stdbool.h>
#include <stdint.h>

#include "fcgi/base/arena.h"
#include "fcgi/base/bounds.h"
#include "fcgi/base/conf.h"
#include "fcgi/base/field.h"
#include "fcgi/base/nv.h"

struct cJSON;
struct sess;

struct qpair {
	struct str k, v; /* decoded, NUL-terminated */
	bool used;
};

struct req {
	struct arena *arena;
	const struct conf *conf;
	struct str method;
	struct str path;  /* below /api/v1, e.g. /tasks/7 */
	struct str query; /* raw QUERY_STRING */
	struct str content_type;
	struct str cookie;
	struct str csrf;     /* X-CSRF-Token */
	struct str idem_key; /* Idempotency-Key, or STR_NULL */
	struct str remote_addr;
	/* Accept-Encoding, or STR_NULL (the kept dashboard's gzip). */
	struct str accept_encoding;
	bool https;
	char id[REQID_MAX + 1];
	const char *body;
	size_t body_len;
	/* A streamed route's body (RB_STREAM), left unread by the worker:
	 * in_read fills buf with up to cap bytes, *got 0 at its end (or
	 * when the client went away: fewer than in_length bytes came). */
	enum nv_err (*in_read)(void *ctx, char *buf, size_t cap, size_t *got);
	void *in_ctx;
	int64_t in_length; /* CONTENT_LENGTH; -1 when absent or malformed */
	struct qpair q[QUERY_PAIRS_MAX];
	size_t nq;
	struct str seg[PATH_SEGS_MAX];
	size_t nseg;
	int64_t path_id;       /* the {id} of the route */
	struct str path_code;  /* the {code} of the route (an agency's) */
	const void *route_arg; /* the route's arg (fcgi/http/route.h) */
	struct sess *sess;     /* NULL on public routes */
	/* Detail for the error response; set through req_fail(). */
	const char *err_field;
	const char *err_msg;
	const char *const *err_fields; /* every field named, NULL-ended */
};

/*
 * Records a field name and a message (both static or arena strings, never
 * library text) for the error response and returns e, so that a handler
 * writes `return req_fail(rq, NV_EINVAL, "deadline", "...")`.
 */
enum nv_err req_fail(
    struct req *, enum nv_err, const char *field, const char *msg);

/*
 * Splits rq->path into rq->seg.  NV_ENOENT for a path that cannot be a
 * route (too long, too many segments, empty segment, non-ASCII).
 */
enum nv_err req_parse_path(struct req *);

/*
 * Decodes rq->query into rq->q.  NV_EINVAL (with field) for bad percent
 * escapes, invalid UTF-8 or control characters, duplicate keys, or more
 * than QUERY_PAIRS_MAX pairs.
 */
enum nv_err req_parse_query(struct req *);
/* The decoded value of key, marking it used; STR_NULL when absent. */
struct str req_query(struct req *, const char *key);
/* NV_EINVAL naming the first query key no one asked for. */
enum nv_err req_query_unused(struct req *);

/* The value of cookie `name` from rq->cookie; STR_NULL when absent. */
struct str req_cookie(const struct req *, const char *name);
/*
 * The name of a cookie for this request: base, or over HTTPS prefix+base
 * (RFC 6265bis 4.1.3: a "__Host-" cookie must be Secure, Path=/ and have
 * no Domain, so no subdomain or plain-HTTP page can set or shadow it).
 * A base that has a prefix already is kept.  In rq->arena or base.
 */
const char *req_cookie_name(
    const struct req *, const char *base, const char *prefix);
#define REQ_SESSION_COOKIE(rq)                                                 \
	req_cookie_name((rq), (rq)->conf->session_cookie, "__Host-")
/* The device cookie's Path is the login's, so only __Secure- fits. */
#define REQ_DEVICE_COOKIE(rq)                                                  \
	req_cookie_name((rq), (rq)->conf->device_cookie, "__Secure-")

/*
 * Checks Content-Type (NV_EMEDIA), then parses the body as one JSON object
 * (NV_EJSON for invalid UTF-8, syntax, \u0000, duplicate keys, or a
 * non-object).  *out is freed when the arena is reset.
 */
enum nv_err req_json(struct req *, struct cJSON **out);
/*
 * True when the request carries a body other than an empty object ({}
 * with optional white space around): an action that takes none refuses
 * it, after its 404 (the contract answers 404 before 400).
 */
bool req_bodied(const struct req *);

/*
 * Overwrites the raw body and the parsed string value of member (a
 * password) with zeros, once the request no longer needs them.
 */
void req_wipe(struct req *, struct cJSON *root, const char *member);

/*
 * Validates obj against the n fields in one pass: unknown members, wrong
 * types, missing required fields, lengths and ranges.  NV_EINVAL with the
 * field named.  out has n slots, in the table's order.
 */
enum nv_err req_fields(struct req *, const struct cJSON *obj,
    const struct field *, size_t n, struct fval *out);

/*
 * Reads the objects of arr (an F_OBJECTS value of member name), each
 * against the nf fields as req_fields() does: out has arr->nitems * nf
 * slots, object k's at out[k * nf].  A refusal names "name[k].field".
 */
enum nv_err req_objects(struct req *, const char *name, const struct fval *arr,
    const struct field *f, size_t nf, struct fval *out);

/* True when s is a valid ISO date YYYY-MM-DD that exists in the calendar. */
bool req_valid_date(struct str s);

#endif
