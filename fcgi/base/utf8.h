/* SPDX-License-Identifier: ISC */
/* UTF-8 validation and the accent folding used by search. */
#ifndef UTF8_H
#define UTF8_H

#include <stdbool.h>
#include <stddef.h>

#include "fcgi/base/nv.h"

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
/*
 * s without the code points utf8_blank() calls blank at either end (ASCII
 * white space, a no-break space or U+3000 pasted from Word, a zero-width
 * space, a BOM...).  The result points into s.  A malformed sequence is
 * never trimmed (utf8_valid() refuses it), so s need not be valid yet.
 */
struct str utf8_trim(struct str s);
/* Number of code points in a valid UTF-8 string. */
size_t utf8_count(const char *p, size_t len);
/*
 * Writes the search form of valid UTF-8 p[0..len) to out, which must hold
 * len + 1 bytes: ASCII lower-cased, Latin letters with diacritics reduced
 * to their base letter ("Chuyển đổi Số" -> "chuyen doi so"; đ folds to d),
 * combining marks dropped, runs of spaces made one space and trimmed;
 * other characters kept.  A space is tab, LF, CR or any code point the
 * search's collation (utf8mb4_unicode_520_ci) takes for a space: U+0020,
 * U+00A0 no-break space, U+2000..U+200A, U+202F, U+205F, U+3000
 * (fold_spaces in fold_table.h), so that the folded name, the folded
 * query and the words index (migration 0039) split words where the
 * search's LIKE does.  NUL-terminates; returns the length (at most len).
 */
size_t utf8_fold(const char *p, size_t len, char *out);

#endif
