/* SPDX-License-Identifier: ISC */
/* libmagic, opened on first use (lazylib.h): filetype.c's judgement. */
#ifndef LAZY_MAGIC_H
#define LAZY_MAGIC_H

#include <magic.h>

#include "fcgi/base/lazylib.h"

#define LAZY_MAGIC(X)                                                          \
	X(magic_open)                                                          \
	X(magic_load)                                                          \
	X(magic_buffer)                                                        \
	X(magic_error)                                                         \
	X(magic_close)

extern struct lazy_magic {
	LAZY_MAGIC(LAZYLIB_MEMBER)
} lazy_magic;
bool lazy_magic_open(void);

#ifndef LAZYLIB_TABLES
#define magic_open   lazy_magic.magic_open
#define magic_load   lazy_magic.magic_load
#define magic_buffer lazy_magic.magic_buffer
#define magic_error  lazy_magic.magic_error
#define magic_close  lazy_magic.magic_close
#endif

#endif
