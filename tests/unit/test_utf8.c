/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for fcgi/utf8.c: utf8_valid(), utf8_blank(),
 * utf8_single_spaced(), utf8_trim(), utf8_count().
 */
#include "unit.h"

#include "fcgi/base/utf8.h"

#define ALLF (UTF8_MULTILINE | UTF8_CONTROLS)

/* utf8_valid over a string literal that may contain NUL bytes. */
#define VALID(lit, flags) utf8_valid((lit), sizeof(lit) - 1, (flags))

static void
test_ascii_and_empty(void **state)
{
	(void)state;
	assert_true(utf8_valid("", 0, 0));
	assert_true(utf8_valid(NULL, 0, 0));
	assert_true(VALID("hello, world ~!@#$%^&*()", 0));
	assert_true(VALID(" ", 0));
	assert_true(VALID("~", 0)); /* 0x7e, just below DEL */
}

static void
test_vietnamese(void **state)
{
	static const char s[] = "Chuyển đổi số";

	(void)state;
	assert_true(VALID(s, 0));
	assert_true(VALID("Ủy ban nhân dân tỉnh Nghệ An", 0));
	assert_true(VALID("ĐƯỢC Ạ ỵ", 0));
	/* Every strict prefix that cuts "ể" (e1 bb 83) in two is invalid. */
	assert_false(utf8_valid(s, 5, 0)); /* "Chuy" + e1 */
	assert_false(utf8_valid(s, 6, 0)); /* "Chuy" + e1 bb */
	assert_true(utf8_valid(s, 7, 0));  /* "Chuyể" */
}

static void
test_boundaries(void **state)
{
	(void)state;
	assert_true(VALID("\xc2\xa0", 0));                /* U+00A0 */
	assert_true(VALID("\xdf\xbf", 0));                /* U+07FF */
	assert_true(VALID("\xe0\xa0\x80", 0));            /* U+0800 */
	assert_true(VALID("\xed\x9f\xbf", 0));            /* U+D7FF */
	assert_true(VALID("\xee\x80\x80", 0));            /* U+E000 */
	assert_true(VALID("\xef\xbf\xbd", 0));            /* U+FFFD */
	assert_true(VALID("\xef\xbf\xbf", UTF8_RAW));     /* U+FFFF */
	assert_true(VALID("\xf0\x90\x80\x80", 0));        /* U+10000 */
	assert_true(VALID("\xf0\x9f\x98\x80", 0));        /* U+1F600 */
	assert_true(VALID("\xf4\x8f\xbf\xbd", 0));        /* U+10FFFD */
	assert_true(VALID("\xf4\x8f\xbf\xbf", UTF8_RAW)); /* U+10FFFF */
}

static void
test_overlong(void **state)
{
	(void)state;
	assert_false(VALID("\xc0\x80", ALLF));             /* NUL, 2 bytes */
	assert_false(VALID("\xc0\xaf", ALLF));             /* '/' */
	assert_false(VALID("\xc1\xbf", ALLF));             /* U+007F */
	assert_false(VALID("\xe0\x80\xaf", ALLF));         /* '/', 3 bytes */
	assert_false(VALID("\xe0\x9f\xbf", ALLF));         /* U+07FF, 3 bytes */
	assert_false(VALID("\xf0\x80\x80\xaf", ALLF));     /* '/', 4 bytes */
	assert_false(VALID("\xf0\x8f\xbf\xbf", ALLF));     /* U+FFFF, 4 bytes */
	assert_false(VALID("\xf8\x88\x80\x80\x80", ALLF)); /* 5 bytes */
	assert_false(VALID("\xfc\x84\x80\x80\x80\x80", ALLF)); /* 6 bytes */
}

static void
test_surrogates(void **state)
{
	(void)state;
	assert_false(VALID("\xed\xa0\x80", ALLF)); /* U+D800 */
	assert_false(VALID("\xed\xad\xbf", ALLF)); /* U+DB7F */
	assert_false(VALID("\xed\xb0\x80", ALLF)); /* U+DC00 */
	assert_false(VALID("\xed\xbf\xbf", ALLF)); /* U+DFFF */
	/* A CESU-8 pair for U+10000 is two surrogates, still invalid. */
	assert_false(VALID("\xed\xa0\x80\xed\xb0\x80", ALLF));
}

static void
test_above_max(void **state)
{
	(void)state;
	assert_false(VALID("\xf4\x90\x80\x80", ALLF)); /* U+110000 */
	assert_false(VALID("\xf4\xbf\xbf\xbf", ALLF));
	assert_false(VALID("\xf5\x80\x80\x80", ALLF));
	assert_false(VALID("\xf7\xbf\xbf\xbf", ALLF));
	assert_false(VALID("\xff", ALLF));
	assert_false(VALID("\xfe", ALLF));
}

static void
test_truncated_and_stray(void **state)
{
	(void)state;
	assert_false(VALID("\xc3", ALLF));
	assert_false(VALID("\xe1\xbb", ALLF));
	assert_false(VALID("\xf0\x9f\x98", ALLF));
	assert_false(VALID("a\xc3", ALLF));
	assert_false(VALID("\xc3"
	                   "a",
	    ALLF)); /* not a continuation */
	assert_false(VALID("\xe1\xbb"
	                   "a",
	    ALLF));
	assert_false(VALID("\xf0\x9f\x98"
	                   "a",
	    ALLF));
	assert_false(VALID("\x80", ALLF)); /* lone continuation */
	assert_false(VALID("a\xbf"
	                   "b",
	    ALLF));
	assert_false(VALID("\xc3\xa9\xa9", ALLF)); /* one too many */
	/* A truncated sequence at the end of a valid string. */
	assert_false(VALID("Chuy\xe1\xbb\x83n \xc4", ALLF));
	/* The length is respected: bytes past len are not read as input. */
	assert_true(utf8_valid("ab\xff", 2, 0));
	assert_false(utf8_valid("\xc3\xa9", 1, ALLF));
}

static void
test_nul(void **state)
{
	(void)state;
	assert_false(VALID("\0", 0));
	assert_false(VALID("\0", ALLF));
	assert_false(VALID("abc\0def", ALLF));
	assert_false(VALID("abc\0", UTF8_CONTROLS));
}

static void
test_c0_controls(void **state)
{
	char c[1];
	int i;

	(void)state;
	for (i = 1; i < 0x20; i++) {
		c[0] = (char)i;
		if (i == '\t' || i == '\n' || i == '\r') {
			assert_false(utf8_valid(c, 1, 0));
			assert_true(utf8_valid(c, 1, UTF8_MULTILINE));
		} else {
			assert_false(utf8_valid(c, 1, 0));
			assert_false(utf8_valid(c, 1, UTF8_MULTILINE));
		}
		assert_true(utf8_valid(c, 1, UTF8_CONTROLS));
	}
	assert_true(VALID("line one\r\n\tline two\n", UTF8_MULTILINE));
	assert_false(VALID("line one\nline two", 0));
	assert_false(VALID("esc \x1b[31m", UTF8_MULTILINE));
	assert_true(VALID("esc \x1b[31m", UTF8_CONTROLS));
}

static void
test_del(void **state)
{
	(void)state;
	assert_false(VALID("\x7f", 0));
	assert_false(VALID("a\x7f"
	                   "b",
	    UTF8_MULTILINE));
	assert_true(VALID("\x7f", UTF8_CONTROLS));
}

static void
test_c1_controls(void **state)
{
	char c[2];
	int i;

	(void)state;
	for (i = 0x80; i <= 0x9f; i++) {
		c[0] = (char)0xc2;
		c[1] = (char)i;
		assert_false(utf8_valid(c, 2, 0));
		assert_false(utf8_valid(c, 2, UTF8_MULTILINE));
		assert_true(utf8_valid(c, 2, UTF8_CONTROLS));
	}
	/* U+00A0, the first code point after C1, is fine. */
	assert_true(VALID("\xc2\xa0", 0));
	/* Overlong C1 stays invalid even when controls are allowed. */
	assert_false(VALID("\xe0\x82\x85", UTF8_CONTROLS));
}

/* Noncharacters: U+FDD0..U+FDEF and U+xxFFFE/U+xxFFFF in every plane. */
static void
test_noncharacters(void **state)
{
	(void)state;
	assert_false(VALID("a\xef\xbf\xbf", ALLF));   /* U+FFFF */
	assert_false(VALID("\xef\xbf\xbe", 0));       /* U+FFFE */
	assert_false(VALID("\xef\xb7\x90", 0));       /* U+FDD0 */
	assert_false(VALID("\xef\xb7\xaf", 0));       /* U+FDEF */
	assert_true(VALID("\xef\xb7\xb0", 0));        /* U+FDF0 */
	assert_true(VALID("\xef\xb7\x8f", 0));        /* U+FDCF */
	assert_false(VALID("\xf0\x9f\xbf\xbe", 0));   /* U+1FFFE */
	assert_false(VALID("\xf4\x8f\xbf\xbf", 0));   /* U+10FFFF */
	assert_true(VALID("\xef\xbf\xbd", 0));        /* U+FFFD */
	assert_true(VALID("\xef\xbf\xbe", UTF8_RAW)); /* U+FFFE */
	assert_true(VALID("\xef\xb7\x90", UTF8_RAW)); /* U+FDD0 */
}

/* Bidi embeddings, overrides and isolates; the marks stay allowed. */
static void
test_bidi_controls(void **state)
{
	(void)state;
	assert_false(VALID("x\xe2\x80\xaa", 0)); /* U+202A LRE */
	assert_false(VALID("\xe2\x80\xae", 0));  /* U+202E RLO */
	assert_false(VALID("\xe2\x81\xa6", 0));  /* U+2066 LRI */
	assert_false(VALID("\xe2\x81\xa9", 0));  /* U+2069 PDI */
	assert_true(VALID("\xe2\x80\xaf", 0));   /* U+202F NNBSP */
	assert_true(VALID("\xe2\x81\xaa", 0));   /* U+206A */
	assert_true(VALID("\xe2\x80\x8e", 0));   /* U+200E LRM */
	assert_true(VALID("\xe2\x80\xae", UTF8_RAW));
}

#define BLANK(lit) utf8_blank((lit), sizeof(lit) - 1)

static void
test_blank(void **state)
{
	(void)state;
	assert_true(BLANK(""));
	assert_true(utf8_blank(NULL, 0));
	assert_true(BLANK(" \t\r\n"));
	assert_true(BLANK("\xc2\xa0"));              /* U+00A0, from Word */
	assert_true(BLANK("\xe2\x80\x8b"));          /* U+200B ZWSP */
	assert_true(BLANK("\xef\xbb\xbf"));          /* U+FEFF BOM */
	assert_true(BLANK("\xe3\x80\x80 \xc2\xad")); /* U+3000, U+00AD */
	assert_true(BLANK("\xe2\x80\x83\xe2\x80\x8d\xe2\x81\xa0"));
	assert_true(BLANK("\xf3\xa0\x80\x81")); /* U+E0001 tag */
	assert_false(BLANK("."));
	assert_false(BLANK("\xc2\xa0x\xc2\xa0"));
	assert_false(BLANK("\xc4\x91"));                     /* đ */
	assert_false(BLANK("\xe2\x80\x8b\xf0\x9f\x98\x80")); /* ZWSP, U+1F600 */
	assert_false(BLANK("\xe3\x80\x81"));                 /* U+3001 、 */
}

#define SPACED(lit) utf8_single_spaced((lit), sizeof(lit) - 1)

static void
test_single_spaced(void **state)
{
	(void)state;
	assert_true(SPACED(""));
	assert_true(SPACED("S\xe1\xbb\x9f Y t\xe1\xba\xbf")); /* Sở Y tế */
	assert_true(SPACED("UBND"));
	assert_false(SPACED("S\xe1\xbb\x9f  Y"));           /* two spaces */
	assert_false(SPACED("S\xe1\xbb\x9f\xe2\x80\x8bY")); /* U+200B */
	assert_false(SPACED("a\xc2\xa0"
	                    "b")); /* U+00A0 */
	assert_false(SPACED("a\xe3\x80\x80"
	                    "b")); /* U+3000 */
	assert_false(SPACED("a\tb"));
	assert_false(SPACED(" a"));
	assert_false(SPACED("a "));
	assert_false(SPACED("a\xc2\xad"
	                    "b")); /* U+00AD soft hyphen */
}

#define TRIM(lit) utf8_trim((struct str){(lit), sizeof(lit) - 1})

static void
check_trim(struct str got, const char *want)
{
	assert_int_equal(got.len, strlen(want));
	assert_memory_equal(got.p, want, got.len);
}

static void
test_trim(void **state)
{
	(void)state;
	check_trim(TRIM(""), "");
	check_trim(TRIM(" \t a b \r\n"), "a b");
	/* U+00A0, U+3000, U+2003, U+202F, ZWSP, BOM at the edges; inside
	 * kept. */
	check_trim(TRIM("\u00a0\u3000T\u00ean\u00a0A\u2003\u202f\u200b\ufeff"),
	    "T\u00ean\u00a0A");
	check_trim(TRIM("\xc2\xa0\xc2\xa0\xe2\x80\x8b"), "");
	check_trim(TRIM("\xf3\xa0\x80\x81x\xf3\xa0\x80\x81"), "x"); /* tags */
	/* A visible last or first character stays whole. */
	check_trim(TRIM("\xc4\x91\xc2\xa0"), "\xc4\x91");
	check_trim(TRIM("\xf0\x9f\x98\x80"), "\xf0\x9f\x98\x80");
	check_trim(TRIM("\xe3\x80\x81 "), "\xe3\x80\x81");
	/* Malformed bytes are never trimmed, even where they would decode
	 * to a blank: utf8_valid() refuses them afterwards. */
	check_trim(TRIM("\xc2 x"), "\xc2 x"); /* C2 20 is not U+00A0 */
	check_trim(TRIM("x\xe0\x80\xa0"), "x\xe0\x80\xa0"); /* overlong */
	check_trim(TRIM("x\xa0"), "x\xa0");         /* a stray continuation */
	check_trim(TRIM("x\xe3\x80"), "x\xe3\x80"); /* truncated U+3000 */
}

static void
test_count(void **state)
{
	(void)state;
	assert_int_equal(utf8_count("", 0), 0);
	assert_int_equal(utf8_count("abc", 3), 3);
	assert_int_equal(
	    utf8_count("Chuyển đổi số", strlen("Chuyển đổi số")), 13);
	assert_int_equal(strlen("Chuyển đổi số"), 20);
	assert_int_equal(utf8_count("ắằẳẵặ", strlen("ắằẳẵặ")), 5);
	assert_int_equal(utf8_count("\xf0\x9f\x98\x80"
	                            "a",
	                     5),
	    2);
	assert_int_equal(utf8_count("\xc3\xa9\xc3\xa9", 4), 2);
	assert_int_equal(utf8_count("\xc3\xa9\xc3\xa9", 2), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ascii_and_empty),
	    cmocka_unit_test(test_vietnamese),
	    cmocka_unit_test(test_boundaries),
	    cmocka_unit_test(test_overlong),
	    cmocka_unit_test(test_surrogates),
	    cmocka_unit_test(test_above_max),
	    cmocka_unit_test(test_truncated_and_stray),
	    cmocka_unit_test(test_nul),
	    cmocka_unit_test(test_c0_controls),
	    cmocka_unit_test(test_del),
	    cmocka_unit_test(test_c1_controls),
	    cmocka_unit_test(test_noncharacters),
	    cmocka_unit_test(test_bidi_controls),
	    cmocka_unit_test(test_blank),
	    cmocka_unit_test(test_single_spaced),
	    cmocka_unit_test(test_trim),
	    cmocka_unit_test(test_count),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
