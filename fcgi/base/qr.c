/* SPDX-License-Identifier: ISC */
/* QR code to an SVG data: URI. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fcgi/base/buf.h"
#include "fcgi/base/lazy_qrencode.h"
#include "fcgi/base/qr.h"

#define QUIET   4         /* modules of white border, ISO/IEC 18004 */
#define SVG_MAX (1 << 17) /* version 40 at worst: 177 x 177 modules */

/* Appends s percent-encoded for a data: URI (RFC 2397). */
static void
put_enc(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	unsigned char c;

	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~,/:=", c) != NULL)
			buf_printf(b, "%c", c);
		else
			buf_printf(b, "%%%c%c", hex[c >> 4], hex[c & 15]);
	}
}

enum nv_err
qr_svg_uri(struct arena *a, const char *text, char **out)
{
	QRcode *q;
	struct buf svg, uri;
	char cell[48];
	int x, y, side;
	enum nv_err rc = NV_ETOOBIG;

	*out = NULL;
	if (!lazy_qrencode_open())
		return NV_EINTERNAL;
	if ((q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1)) ==
	    NULL)
		return NV_EINVAL;
	side = q->width + 2 * QUIET;
	buf_init(&svg, SVG_MAX);
	buf_printf(&svg,
	    "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 %d %d' "
	    "shape-rendering='crispEdges'><rect width='%d' height='%d' "
	    "fill='white'/><path fill='black' d='",
	    side, side, side, side);
	for (y = 0; y < q->width; y++)
		for (x = 0; x < q->width; x++)
			if (q->data[y * q->width + x] & 1) {
				snprintf(cell, sizeof(cell), "M%d %dh1v1h-1z",
				    x + QUIET, y + QUIET);
				buf_printf(&svg, "%s", cell);
			}
	buf_printf(&svg, "'/></svg>");
	QRcode_free(q);
	buf_init(&uri, 3 * SVG_MAX + 64);
	buf_printf(&uri, "data:image/svg+xml,");
	put_enc(&uri, svg.p);
	if (!buf_failed(&svg) && !buf_failed(&uri) && uri.p != NULL &&
	    (*out = arena_strndup(a, uri.p, uri.len)) != NULL)
		rc = NV_OK;
	buf_free(&svg);
	buf_free(&uri);
	return rc;
}
