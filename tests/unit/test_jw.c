/* SPDX-License-Identifier: ISC */
/* Unit tests for fcgi/jw.c, the JSON writer, checked by parsing back. */
#include "unit.h"

#include <cjson/cJSON.h>

#include "fcgi/base/buf.h"
#include "fcgi/base/jw.h"

struct fx {
	struct buf b;
	struct jw w;
	cJSON *root;
};

static int
setup(void **state)
{
	struct fx *f;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return -1;
	buf_init(&f->b, 1 << 20);
	jw_init(&f->w, &f->b);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	cJSON_Delete(f->root);
	buf_free(&f->b);
	free(f);
	return 0;
}

/* The output so far, NUL-terminated ("" when nothing was written). */
static const char *
out(struct fx *f)
{
	return f->b.p != NULL ? f->b.p : "";
}

/* Parses the output strictly (nothing may follow the value). */
static cJSON *
parse(struct fx *f)
{
	assert_false(buf_failed(&f->b));
	assert_non_null(f->b.p);
	f->root = cJSON_ParseWithOpts(f->b.p, NULL, 1);
	if (f->root == NULL)
		fail_msg("not JSON: %s", f->b.p);
	return f->root;
}

static void
test_scalars(void **state)
{
	struct fx *f = *state;
	struct jw *w = &f->w;

	jw_arr_open(w);
	jw_int(w, 0);
	jw_int(w, -1);
	jw_int(w, INT64_MAX);
	jw_int(w, INT64_MIN);
	jw_bool(w, true);
	jw_bool(w, false);
	jw_null(w);
	jw_strz(w, NULL);
	jw_arr_close(w);
	assert_string_equal(out(f),
	    "[0,-1,9223372036854775807,"
	    "-9223372036854775808,true,false,null,null]");
	assert_true(cJSON_IsArray(parse(f)));
	assert_int_equal(cJSON_GetArraySize(f->root), 8);
}

static void
test_nested_commas(void **state)
{
	struct fx *f = *state;
	struct jw *w = &f->w;
	cJSON *r, *a, *o;

	jw_obj_open(w);
	jw_kint(w, "a", 1);
	jw_key(w, "b");
	jw_obj_open(w);
	jw_kint(w, "c", 2);
	jw_key(w, "d");
	jw_arr_open(w);
	jw_int(w, 3);
	jw_obj_open(w);
	jw_obj_close(w);
	jw_arr_open(w);
	jw_arr_close(w);
	jw_obj_open(w);
	jw_kbool(w, "e", true);
	jw_knull(w, "f");
	jw_obj_close(w);
	jw_int(w, 4);
	jw_arr_close(w);
	jw_kstrz(w, "g", "h");
	jw_obj_close(w);
	jw_kint(w, "i", 5);
	jw_key(w, "j");
	jw_arr_open(w);
	jw_arr_open(w);
	jw_arr_close(w);
	jw_arr_open(w);
	jw_int(w, 6);
	jw_arr_close(w);
	jw_arr_close(w);
	jw_obj_close(w);
	assert_string_equal(out(f),
	    "{\"a\":1,\"b\":{\"c\":2,\"d\":[3,{},[],"
	    "{\"e\":true,\"f\":null},4],\"g\":\"h\"},\"i\":5,\"j\":[[],[6]]}");
	r = parse(f);
	assert_int_equal(cJSON_GetObjectItem(r, "a")->valueint, 1);
	o = cJSON_GetObjectItem(r, "b");
	assert_true(cJSON_IsObject(o));
	a = cJSON_GetObjectItem(o, "d");
	assert_int_equal(cJSON_GetArraySize(a), 5);
	assert_true(
	    cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetArrayItem(a, 3), "e")));
	assert_string_equal(cJSON_GetObjectItem(o, "g")->valuestring, "h");
	assert_int_equal(cJSON_GetObjectItem(r, "i")->valueint, 5);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r, "j")), 2);
}

static void
test_top_level_values(void **state)
{
	struct fx *f = *state;

	jw_obj_open(&f->w);
	jw_obj_close(&f->w);
	assert_string_equal(out(f), "{}");
	buf_reset(&f->b);
	jw_init(&f->w, &f->b);
	jw_strz(&f->w, "x");
	assert_string_equal(out(f), "\"x\"");
}

/* Writes s as a one-member object and returns the parsed value back. */
static const char *
roundtrip(struct fx *f, const char *s, size_t len)
{
	cJSON *v;

	jw_obj_open(&f->w);
	jw_kstr(&f->w, "s", s, len);
	jw_obj_close(&f->w);
	v = cJSON_GetObjectItem(parse(f), "s");
	assert_true(cJSON_IsString(v));
	return v->valuestring;
}

static void
test_escape_quote_backslash(void **state)
{
	struct fx *f = *state;
	const char *s = "say \"hi\" \\ C:\\path\\ \"\\\"";

	assert_string_equal(roundtrip(f, s, strlen(s)), s);
	assert_non_null(strstr(out(f), "say \\\"hi\\\" \\\\ C:\\\\path"));
}

static void
test_escape_controls(void **state)
{
	struct fx *f = *state;
	char in[32];
	const char *back;
	int i;

	for (i = 1; i < 0x20; i++)
		in[i - 1] = (char)i;
	in[31] = 0x7f;
	back = roundtrip(f, in, sizeof(in));
	assert_memory_equal(back, in, sizeof(in));
	assert_int_equal(strlen(back), sizeof(in));
	/* No raw control byte reaches the output. */
	for (i = 0; out(f)[i] != '\0'; i++)
		if ((unsigned char)out(f)[i] < 0x20 ||
		    (unsigned char)out(f)[i] == 0x7f)
			fail_msg("raw control 0x%02x at %d", out(f)[i], i);
	assert_non_null(strstr(out(f), "\\u0001\\u0002"));
	assert_non_null(strstr(out(f), "\\u001f\\u007f"));
	assert_non_null(strstr(out(f), "\\t\\n\\u000b\\u000c\\r"));
	assert_non_null(strstr(out(f), "\\u001b"));
}

static void
test_escape_nul(void **state)
{
	struct fx *f = *state;

	jw_str(&f->w, "a\0b", 3);
	assert_string_equal(out(f), "\"a\\u0000b\"");
}

static void
test_utf8_passthrough(void **state)
{
	struct fx *f = *state;
	const char *s = "Chuyển đổi số \xf0\x9f\x98\x80 \xc2\xa0 \xe2\x80\xa8";

	assert_string_equal(roundtrip(f, s, strlen(s)), s);
	/* Bytes are copied, not turned into \u escapes. */
	assert_non_null(strstr(out(f), "Chuyển đổi số"));
	assert_null(strstr(out(f), "\\u"));
}

static void
test_str_len(void **state)
{
	struct fx *f = *state;

	jw_str(&f->w, "abcdef", 3);
	assert_string_equal(out(f), "\"abc\"");
	buf_reset(&f->b);
	jw_init(&f->w, &f->b);
	jw_str(&f->w, "", 0);
	assert_string_equal(out(f), "\"\"");
}

static void
test_sstr(void **state)
{
	struct fx *f = *state;
	cJSON *r;

	jw_obj_open(&f->w);
	jw_ksstr(&f->w, "a", STR_NULL);
	jw_ksstr(&f->w, "b", STR("x\"y"));
	jw_ksstr(&f->w, "c", unit_sn("tail", 2));
	jw_key(&f->w, "d");
	jw_sstr(&f->w, STR_NULL);
	jw_kstrz(&f->w, "e", NULL);
	jw_obj_close(&f->w);
	assert_string_equal(out(f),
	    "{\"a\":null,\"b\":\"x\\\"y\",\"c\":\"ta\",\"d\":null,\"e\":null}");
	r = parse(f);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(r, "a")));
	assert_string_equal(cJSON_GetObjectItem(r, "b")->valuestring, "x\"y");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(r, "d")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(r, "e")));
}

static void
test_raw(void **state)
{
	struct fx *f = *state;
	cJSON *r;

	jw_obj_open(&f->w);
	jw_kint(&f->w, "n", 1);
	jw_key(&f->w, "detail");
	jw_raw(&f->w, "{\"x\":[1,2]}", 11);
	jw_kint(&f->w, "m", 2);
	jw_obj_close(&f->w);
	assert_string_equal(out(f), "{\"n\":1,\"detail\":{\"x\":[1,2]},"
	                            "\"m\":2}");
	r = parse(f);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(
	                     cJSON_GetObjectItem(r, "detail"), "x")),
	    2);
	assert_int_equal(cJSON_GetObjectItem(r, "m")->valueint, 2);
	buf_reset(&f->b);
	jw_init(&f->w, &f->b);
	jw_arr_open(&f->w);
	jw_raw(&f->w, "{\"x\":[1,2]}", 11);
	jw_raw(&f->w, "true", 4);
	jw_arr_close(&f->w);
	assert_string_equal(out(f), "[{\"x\":[1,2]},true]");
}

static void
test_cap_sets_failed(void **state)
{
	struct buf b;
	struct jw w;

	(void)state;
	buf_init(&b, 16);
	jw_init(&w, &b);
	jw_obj_open(&w);
	jw_kstrz(&w, "k", "12345");
	assert_false(buf_failed(&b));
	jw_kstrz(&w, "long", "this does not fit in sixteen bytes");
	assert_true(buf_failed(&b));
	assert_true(b.len <= 16);
	/* Failure is sticky: later small writes do not clear it. */
	jw_obj_close(&w);
	assert_true(buf_failed(&b));
	buf_free(&b);
}

static void
test_cap_exact(void **state)
{
	struct buf b;
	struct jw w;

	(void)state;
	buf_init(&b, 7); /* "\"abcde\"" is exactly 7 bytes */
	jw_init(&w, &b);
	jw_strz(&w, "abcde");
	assert_false(buf_failed(&b));
	assert_string_equal(b.p, "\"abcde\"");
	jw_null(&w);
	assert_true(buf_failed(&b));
	buf_free(&b);
}

static void
test_depth_limit(void **state)
{
	struct fx *f = *state;
	int i;

	for (i = 0; i < JW_DEPTH_MAX; i++)
		jw_arr_open(&f->w);
	assert_false(buf_failed(&f->b));
	jw_arr_open(&f->w);
	assert_true(buf_failed(&f->b));
}

static void
test_escape_direct(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 1024);
	jw_escape(&b, "plain", 5);
	assert_string_equal(b.p, "plain");
	buf_reset(&b);
	jw_escape(&b, "\"\\\n", 3);
	assert_string_equal(b.p, "\\\"\\\\\\n");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_scalars, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_nested_commas, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_top_level_values, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_escape_quote_backslash, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_escape_controls, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_escape_nul, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_utf8_passthrough, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_str_len, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_sstr, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_raw, setup, teardown),
	    cmocka_unit_test(test_cap_sets_failed),
	    cmocka_unit_test(test_cap_exact),
	    cmocka_unit_test_setup_teardown(test_depth_limit, setup, teardown),
	    cmocka_unit_test(test_escape_direct),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
