/* SPDX-License-Identifier: ISC */
/*
 * The response: a status, extra headers and a body, written once by
 * resp_finish() through a sink the worker provides (or streamed, for large
 * exports).  resp_error() is the only place an nv_err becomes an HTTP
 * status and a contract error code, through errmap[].
 */
#ifndef RESP_H
#define RESP_H

#include <stdbool.h>

#include "fcgi/base/buf.h"
#include "fcgi/base/jw.h"
#include "fcgi/base/nv.h"

typedef enum nv_err (*resp_sink_fn)(void *ctx, const char *, size_t);

struct resp {
	int status;
	struct buf hdr; /* extra header lines, CRLF-terminated */
	struct buf body;
	struct jw jw;
	bool streaming; /* head already sent */
	bool failed;    /* the sink failed: drop the rest */
	resp_sink_fn sink;
	void *sink_ctx;
	const char *reqid;
};

struct errmap {
	int status;
	const char *code;
	const char *message; /* default, in Vietnamese */
};

extern const struct errmap errmap[NV_ERR__MAX];

void resp_init(struct resp *, size_t body_cap);
void resp_free(struct resp *);
/*
 * Gives the body's memory back when one large answer grew it past keep:
 * a worker holds what its usual answers need, not its largest (issue 8).
 * True when it did.
 */
#define RESP_KEEP (256 * 1024)
bool resp_trim(struct resp *, size_t keep);
/* Clears status, headers and body for the next request. */
void resp_reset(struct resp *, resp_sink_fn, void *, const char *);
/* Adds one header line; name and value must be free of CR and LF. */
void resp_header(struct resp *, const char *name, const char *val);
/* Starts a JSON body with this status; returns the writer. */
struct jw *resp_json(struct resp *, int status);
/* An empty body (204). */
void resp_empty(struct resp *, int status);
/*
 * Replaces the body with the contract's error object for e; msg and field
 * may be NULL (msg then defaults to errmap's).  Headers already added
 * (Retry-After, Allow) are kept.
 */
void resp_error(
    struct resp *, enum nv_err e, const char *msg, const char *field);
/* The same, with "fields": every field the refusal names (NULL-ended). */
void resp_error_fields(struct resp *, enum nv_err e, const char *msg,
    const char *field, const char *const *fields);
/* Sends head and body through the sink (unless streaming). */
enum nv_err resp_finish(struct resp *);

/*
 * Streaming: sends the head now with this type and disposition, and a
 * Content-Length unless length is -1.
 */
enum nv_err resp_stream_begin(struct resp *, int status,
    const char *content_type, const char *disposition, long long length);
enum nv_err resp_stream_write(struct resp *, const void *, size_t);

#endif
