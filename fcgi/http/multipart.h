/* SPDX-License-Identifier: ISC */
/*
 * A multipart/form-data body (RFC 7578) read as a stream: one part, the
 * file, whose bytes go to a sink in pieces as they arrive, so that no
 * upload is ever whole in memory.  The body comes from a reader (the
 * request's FastCGI stdin; a buffer in the tests).
 */
#ifndef MULTIPART_H
#define MULTIPART_H

#include <stddef.h>
#include <stdint.h>

#include "fcgi/base/nv.h"

#define MP_BOUNDARY_MAX 70  /* RFC 2046 5.1.1 */
#define MP_FILENAME_MAX 255 /* characters: attachments.filename */

/* Fills buf with up to cap bytes; *got 0 at the end of the body. */
struct mp_reader {
	enum nv_err (*read)(void *ctx, char *buf, size_t cap, size_t *got);
	void *ctx;
};

/* Takes the next n bytes of the file's content. */
typedef enum nv_err (*mp_sink_fn)(void *ctx, const char *p, size_t n);

struct mp_file {
	char filename[MP_FILENAME_MAX * 4 + 1]; /* UTF-8, NUL-terminated */
	size_t filename_len;
};

/*
 * The boundary of a Content-Type "multipart/form-data; boundary=...",
 * quoted or not, into out (MP_BOUNDARY_MAX + 1 bytes).  NV_EMEDIA when the
 * type is not multipart/form-data; NV_EINVAL for a missing or bad
 * boundary.
 */
enum nv_err multipart_boundary(const char *ct, size_t ct_len, char *out);

/*
 * Reads the body: it must hold exactly one part, named field, with a
 * filename; its headers go in *f and its content to sink.  The part must be
 * closed by the final delimiter before the body ends: a body cut short is
 * NV_EINVAL (*why says which), whatever the sink took.  Errors of the
 * reader and the sink come back unchanged.  *why is a static Vietnamese
 * message for each NV_EINVAL.
 */
enum nv_err multipart_read_file(const struct mp_reader *, const char *boundary,
    const char *field, struct mp_file *f, mp_sink_fn sink, void *ctx,
    const char **why);

#endif
