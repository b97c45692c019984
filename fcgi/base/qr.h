/* SPDX-License-Identifier: ISC */
/*
 * QR codes through libqrencode, the only code that includes <qrencode.h>:
 * the second factor's enrolment shows the otpauth:// URI as one, for the
 * official's authenticator app to scan.
 */
#ifndef QR_H
#define QR_H

#include "fcgi/base/arena.h"
#include "fcgi/base/nv.h"

/*
 * Encodes text (error correction level M) as an SVG image in a data: URI
 * (the UI's CSP allows data: images), with the 4-module quiet zone of ISO
 * 18004.  On NV_OK *out is in a.  NV_EINVAL when text cannot be encoded;
 * NV_ETOOBIG when a is full.
 */
enum nv_err qr_svg_uri(struct arena *a, const char *text, char **out);

#endif
