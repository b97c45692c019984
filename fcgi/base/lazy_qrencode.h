/* SPDX-License-Identifier: ISC */
/* libqrencode, opened on first use (lazylib.h): qr.c. */
#ifndef LAZY_QRENCODE_H
#define LAZY_QRENCODE_H

#include <qrencode.h>

#include "fcgi/base/lazylib.h"

#define LAZY_QRENCODE(X)                                                       \
	X(QRcode_encodeString)                                                 \
	X(QRcode_free)

extern struct lazy_qrencode {
	LAZY_QRENCODE(LAZYLIB_MEMBER)
} lazy_qrencode;
bool lazy_qrencode_open(void);

#ifndef LAZYLIB_TABLES
#define QRcode_encodeString lazy_qrencode.QRcode_encodeString
#define QRcode_free         lazy_qrencode.QRcode_free
#endif

#endif
