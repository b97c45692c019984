/* SPDX-License-Identifier: ISC */
/* liboath, opened on first use (lazylib.h): auth/totp.c. */
#ifndef LAZY_OATH_H
#define LAZY_OATH_H

#include <liboath/oath.h>

#include "fcgi/base/lazylib.h"

#define LAZY_OATH(X)                                                           \
	X(oath_init)                                                           \
	X(oath_base32_encode)                                                  \
	X(oath_totp_validate3)

extern struct lazy_oath {
	LAZY_OATH(LAZYLIB_MEMBER)
} lazy_oath;
bool lazy_oath_open(void);

#ifndef LAZYLIB_TABLES
#define oath_init           lazy_oath.oath_init
#define oath_base32_encode  lazy_oath.oath_base32_encode
#define oath_totp_validate3 lazy_oath.oath_totp_validate3
#endif

#endif
