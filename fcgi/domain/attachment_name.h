/* SPDX-License-Identifier: ISC */
/*
 * The name an evidence file is stored and downloaded under: never one
 * that lies about what the file is (the break-it review).  A browser or a
 * desktop opens a downloaded file by its extension, so a PDF named
 * "bao-cao.html" whose body also holds a web page would open as that page.
 */
#ifndef ATTACHMENT_NAME_H
#define ATTACHMENT_NAME_H

#include <stddef.h>

#include "fcgi/base/arena.h"
#include "fcgi/base/nv.h"
#include "fcgi/base/str.h"

/*
 * name (valid UTF-8, at most max characters) as the name of a file judged
 * to be of type (a canonical name from filetype_evidence()): itself when
 * its extension is one of the type's, in any case ("Báo cáo.PDF"); else
 * name with the type's extension appended ("bao-cao.html" judged a PDF
 * gives "bao-cao.html.pdf"), its end cut by whole characters so that the
 * result has at most max characters.  On NV_OK, *out points into a (or is
 * name itself).  NV_ETOOBIG when a is full; NV_EINTERNAL for a type
 * with no extensions (a bug: only evidence types are stored).
 */
enum nv_err attachment_name(struct arena *a, struct str name, const char *type,
    size_t max, struct str *out);

#endif
