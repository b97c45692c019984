/* SPDX-License-Identifier: ISC */
/* UTF-8 validation and the accent folding used by search. */
#ifndef UTF8_H
#define UTF8_H

#include <stdbool.h>
#include <stddef.h>

#define UTF8_MULTILINE 0x01 /* allow \t, \n and \r */
#define UTF8_CONTROLS  0x02 /* allow every control but NUL (JSON body) */
#define UTF8_RAW       0x04 /* allow noncharacters and bidi controls */

/*
 * True when p[0..len) is well-formed UTF-8 (no overlong forms, surrogates
 * or code points above U+10FFFF) with no NUL, and no C0/C1 control or DEL
 * except as flags allow.  Unless UTF8_RAW is set, it must also be text the
 * product accepts (docs/API.md, "Văn bản"): no Unicode noncharacter
 * (U+FDD0..U+FDEF and the last two code points of every plane, which
 * XML 1.0 and so xlsx cannot carry) and no bidirectional embedding,
 * override or isolate (U+202A..U+202E, U+2066..U+2069), which reorder the
 * text around them on screen ("Trojan Source", CVE-2021-42574).
 * UTF8_RAW is for a whole request body, whose strings are checked one by
 * one afterwards so that the error can name the field.
 */
bool utf8_valid(const char *p, size_t len, int flags);
/*
 * True when valid UTF-8 p[0..len) has no visible character: it is empty or
 * made only of Unicode white space (White_Space, e.g. U+00A0 no-break
 * space, U+3000) and format characters (category Cf, e.g. U+200B
 * zero-width space, U+FEFF).  Every rule "must not be blank" uses it
 * (issue 9: a reason pasted from Word as one no-break space is blank).
 * Ranges from fcgi/base/blank_table.py (Unicode 14).
 */
bool utf8_blank(const char *p, size_t len);
/*
 * True when valid UTF-8 p[0..len) separates its words by single U+0020
 * spaces: no other white space or format character (the set of
 * utf8_blank(), e.g. U+00A0, U+200B, U+3000), no two spaces in a row, none
 * first or last.  For names that must be told apart by eye: "Sở  Y tế"
 * and "Sở\u200bY tế" read as "Sở Y tế" on a web page.
 */
bool utf8_single_spaced(const char *p, size_t len);
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
