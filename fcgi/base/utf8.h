/* SPDX-License-Identifier: ISC */
/* UTF-8 validation and the accent folding used by search. */
#ifndef UTF8_H
#define UTF8_H

#include <stdbool.h>
#include <stddef.h>

#define UTF8_MULTILINE 0x01 /* allow \t, \n and \r */
#define UTF8_CONTROLS  0x02 /* allow every control but NUL (JSON body) */

/*
 * True when p[0..len) is well-formed UTF-8 (no overlong forms, surrogates
 * or code points above U+10FFFF) with no NUL, and no C0/C1 control or DEL
 * except as flags allow.
 */
bool utf8_valid(const char *p, size_t len, int flags);
/* Number of code points in a valid UTF-8 string. */
size_t utf8_count(const char *p, size_t len);
/*
 * Writes the search form of valid UTF-8 p[0..len) to out, which must hold
 * len + 1 bytes: ASCII lower-cased, Latin letters with diacritics reduced
 * to their base letter ("Chuyển đổi Số" -> "chuyen doi so"; đ folds to d),
 * combining marks dropped, whitespace runs made one space and trimmed;
 * other characters kept.  NUL-terminates; returns the length.
 */
size_t utf8_fold(const char *p, size_t len, char *out);

#endif
