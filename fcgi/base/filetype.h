/* SPDX-License-Identifier: ISC */
/*
 * What a file is, judged by its content (libmagic, Debian's libmagic1),
 * never by its name: the only file that includes <magic.h>.  The magic
 * database opens for each judgement and closes after it (issue 8: a
 * worker does not keep its 640 KB resident between uploads).
 */
#ifndef FILETYPE_H
#define FILETYPE_H

#include <stddef.h>

#include "fcgi/base/nv.h"

/*
 * The MIME type of the bytes p[0..len) (the start of a file: what
 * libmagic needs is in its first 256 KiB), as libmagic names it, e.g.
 * "application/pdf".  *out is static storage, valid until the next call.
 * NV_EINTERNAL when the magic database cannot be loaded (logged once).
 */
enum nv_err filetype_judge(const void *p, size_t len, const char **out);

/*
 * The type an evidence file may be stored as (issue 12): PDF, Office
 * (docx, xlsx, pptx, doc, xls, ppt), OpenDocument (odt, ods, odp), PNG or
 * JPEG; NULL for anything else.  The answer is the canonical name of
 * what libmagic said (static).
 */
const char *filetype_evidence(const char *mime);

/*
 * The extensions a file of evidence type mime may be named with, lower
 * case and space-separated, the usual one first ("jpg jpeg jpe jfif");
 * NULL for a type filetype_evidence() refuses.  Static.
 */
const char *filetype_extensions(const char *mime);

#endif
