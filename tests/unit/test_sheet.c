/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for fcgi/base/sheet.c and sheet_xlsx.c: the template reader
 * on a workbook our own exporter wrote, on hand-made archives, and on
 * hostile files (a zip bomb, entity tricks, a huge shared-strings table,
 * a CSV in another encoding).  The archives are made here with libzip.
 */
#include "unit.h"

#include <fcntl.h>
#include <unistd.h>
#include <zip.h>

#include "fcgi/base/arena.h"
#include "fcgi/base/sheet.h"
#include "fcgi/base/xlsx.h"

static struct arena *A;

struct part {
	const char *name;
	const char *data;
	size_t len; /* 0: strlen(data) */
};

/* A zip in memory holding parts; *len its size; free() it. */
static char *
mkzip(const struct part *parts, size_t n, size_t *len)
{
	zip_error_t ze;
	zip_source_t *src, *ps;
	zip_t *z;
	zip_stat_t st;
	char *out;
	size_t i;

	zip_error_init(&ze);
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	assert_non_null(src);
	zip_source_keep(src);
	z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	assert_non_null(z);
	for (i = 0; i < n; i++) {
		size_t l = parts[i].len ? parts[i].len : strlen(parts[i].data);
		ps = zip_source_buffer(z, parts[i].data, l, 0);
		assert_non_null(ps);
		assert_true(zip_file_add(z, parts[i].name, ps, 0) >= 0);
	}
	assert_int_equal(zip_close(z), 0);
	assert_int_equal(zip_source_stat(src, &st), 0);
	assert_int_equal(zip_source_open(src), 0);
	out = malloc(st.size);
	assert_non_null(out);
	assert_int_equal(
	    zip_source_read(src, out, st.size), (zip_int64_t)st.size);
	zip_source_close(src);
	zip_source_free(src);
	zip_error_fini(&ze);
	*len = st.size;
	return out;
}

static const char CT[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "content-types\"/>";

#define SHEET_OPEN                                                             \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet "                \
	"xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/"        \
	"main\"><sheetData>"
#define SHEET_CLOSE "</sheetData></worksheet>"

/* Reads a one-sheet workbook of sheet xml (and shared strings sst). */
static enum nv_err
read_sheet(
    const char *sheet, const char *sst, struct sheet *sh, const char **why)
{
	struct part p[3] = {{"[Content_Types].xml", CT, 0},
	    {"xl/worksheets/sheet1.xml", sheet, 0},
	    {"xl/sharedStrings.xml", sst, 0}};
	size_t len;
	char *z = mkzip(p, sst ? 3 : 2, &len);
	enum nv_err rc = sheet_read_xlsx(A, z, len, sh, why);

	free(z);
	return rc;
}

static int
setup(void **state)
{
	(void)state;
	A = arena_new(256u << 20);
	return A == NULL;
}

static int
teardown(void **state)
{
	(void)state;
	arena_free(A);
	return 0;
}

/* What our export writes, read back: title block, header, Vietnamese. */
static void
test_own_export(void **state)
{
	static const struct xlsx_col cols[] = {
	    {"TT", 5}, {"Tên nhiệm vụ", 40}, {"Dự kiến kinh phí", 10}};
	const char *lines[] = {"BAN CHỈ ĐẠO", "DANH MỤC"};
	struct xlsx *x;
	struct sheet sh;
	const char *why;
	char *buf;
	off_t size;
	int fd;

	(void)state;
	assert_int_equal(xlsx_open("/tmp", &x), NV_OK);
	assert_int_equal(
	    xlsx_sheet_titled(x, "Nhiệm vụ", "T", lines, 2, cols, 3), NV_OK);
	assert_int_equal(xlsx_num(x, 1, 0, 1, XF_CENTER), NV_OK);
	assert_int_equal(
	    xlsx_str(x, 1, 1, unit_s("Chuyển đổi số & \"AI\" <x>"), XF_TEXT),
	    NV_OK);
	assert_int_equal(xlsx_num(x, 1, 2, 1500000000, XF_MONEY), NV_OK);
	assert_int_equal(xlsx_str(x, 2, 1, unit_s("=1+1"), XF_TEXT), NV_OK);
	assert_int_equal(xlsx_close(x, &fd, &size), NV_OK);
	buf = malloc((size_t)size);
	assert_int_equal(pread(fd, buf, (size_t)size, 0), size);
	close(fd);
	assert_int_equal(
	    sheet_read_xlsx(A, buf, (size_t)size, &sh, &why), NV_OK);
	free(buf);
	/* Two title lines, the header, two rows. */
	assert_int_equal(sh.nrows, 5);
	assert_str_eq(sh.rows[0].cells[0], "BAN CHỈ ĐẠO");
	assert_int_equal(sh.rows[2].num, 4); /* a blank line under the block */
	assert_str_eq(sh.rows[2].cells[1], "Tên nhiệm vụ");
	assert_str_eq(sh.rows[3].cells[1], "Chuyển đổi số & \"AI\" <x>");
	assert_str_eq(sh.rows[3].cells[2], "1500000000");
	assert_str_eq(sh.rows[4].cells[1], "=1+1");
	arena_reset(A);
}

/* The first sheet as the workbook names it; inline, rich, prefixed. */
static void
test_workbook_and_types(void **state)
{
	static const char wb[] =
	    "<workbook xmlns=\"http://schemas.openxmlformats.org/"
	    "spreadsheetml/2006/main\" xmlns:r=\"http://schemas."
	    "openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
	    "<sheet name=\"A\" sheetId=\"1\" r:id=\"rId7\"/>"
	    "<sheet name=\"B\" sheetId=\"2\" r:id=\"rId1\"/></sheets>"
	    "</workbook>";
	static const char rels[] =
	    "<Relationships xmlns=\"http://schemas.openxmlformats.org/"
	    "package/2006/relationships\">"
	    "<Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/>"
	    "<Relationship Id=\"rId7\" Target=\"/xl/worksheets/data.xml\"/>"
	    "</Relationships>";
	static const char sst[] =
	    "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/"
	    "2006/main\"><si><t>Sở Y tế</t></si>"
	    "<si><r><t>Sở </t></r><r><t>Nội vụ</t></r>"
	    "<rPh><t>ふりがな</t></rPh></si></sst>";
	static const char data[] =
	    "<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/"
	    "spreadsheetml/2006/main\"><x:sheetData>"
	    "<x:row r=\"2\"><x:c r=\"B2\" t=\"s\"><x:v>1</x:v></x:c>"
	    "<x:c r=\"D2\" t=\"inlineStr\"><x:is><x:t>nội dòng</x:t></x:is>"
	    "</x:c></x:row><x:row r=\"4\"><x:c r=\"A4\" t=\"s\"><x:v>0</x:v>"
	    "</x:c><x:c t=\"b\"><x:v>1</x:v></x:c><x:c r=\"C4\" t=\"str\">"
	    "<x:f>A1</x:f><x:v>kết quả</x:v></x:c></x:row>"
	    "<x:row r=\"5\"><x:c r=\"A5\"/></x:row>"
	    "</x:sheetData></x:worksheet>";
	static const char other[] =
	    SHEET_OPEN "<row r=\"1\"><c r=\"A1\" "
	               "t=\"inlineStr\"><is><t>sai"
	               "</t></is></c></row>" SHEET_CLOSE;
	struct part p[] = {{"xl/workbook.xml", wb, 0},
	    {"xl/_rels/workbook.xml.rels", rels, 0},
	    {"xl/sharedStrings.xml", sst, 0},
	    {"xl/worksheets/data.xml", data, 0},
	    {"xl/worksheets/sheet1.xml", other, 0}};
	struct sheet sh;
	const char *why;
	size_t len;
	char *z = mkzip(p, NELEM(p), &len);

	(void)state;
	assert_int_equal(sheet_read_xlsx(A, z, len, &sh, &why), NV_OK);
	free(z);
	assert_int_equal(sh.nrows, 2); /* row 5 is empty */
	assert_int_equal(sh.rows[0].num, 2);
	assert_int_equal(sh.rows[0].ncells, 4);
	assert_str_eq(sh.rows[0].cells[0], "");
	assert_str_eq(sh.rows[0].cells[1], "Sở Nội vụ");
	assert_str_eq(sh.rows[0].cells[3], "nội dòng");
	assert_int_equal(sh.rows[1].num, 4);
	assert_str_eq(sh.rows[1].cells[0], "Sở Y tế");
	assert_str_eq(sh.rows[1].cells[1], "1");
	assert_str_eq(sh.rows[1].cells[2], "kết quả");
	arena_reset(A);
}

/* 60 MiB of one byte compresses to ~60 KiB: stopped, not inflated. */
static void
test_zip_bomb(void **state)
{
	size_t big = 60u << 20, len;
	char *data = malloc(big + 1), *z;
	struct sheet sh;
	const char *why;

	(void)state;
	memset(data, ' ', big);
	memcpy(data, SHEET_OPEN, sizeof(SHEET_OPEN) - 1);
	struct part p[] = {{"xl/worksheets/sheet1.xml", data, big}};
	z = mkzip(p, 1, &len);
	free(data);
	assert_true(len < (1u << 20));
	assert_int_equal(sheet_read_xlsx(A, z, len, &sh, &why), NV_EINVAL);
	assert_non_null(strstr(why, "giải nén ra quá lớn"));
	assert_int_equal(sh.nrows, 0);
	free(z);
	/* Under the part limit but past the ratio: stopped the same. */
	big = 8u << 20;
	data = malloc(big);
	memset(data, ' ', big);
	memcpy(data, SHEET_OPEN, sizeof(SHEET_OPEN) - 1);
	struct part q[] = {{"xl/worksheets/sheet1.xml", data, big}};
	z = mkzip(q, 1, &len);
	free(data);
	assert_int_equal(sheet_read_xlsx(A, z, len, &sh, &why), NV_EINVAL);
	assert_non_null(strstr(why, "giải nén ra quá lớn"));
	free(z);
	arena_reset(A);
}

static void
test_entities_refused(void **state)
{
	static const char laughs[] =
	    "<?xml version=\"1.0\"?><!DOCTYPE sst [<!ENTITY a \"aaaaaaaaaa\">"
	    "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
	    "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
	    "<sst><si><t>&c;</t></si></sst>";
	static const char external[] =
	    "<?xml version=\"1.0\"?><!DOCTYPE worksheet [<!ENTITY x SYSTEM "
	    "\"file:///etc/passwd\">]><worksheet><sheetData><row><c "
	    "t=\"inlineStr\"><is><t>&x;</t></is></c></row></sheetData>"
	    "</worksheet>";
	static const char bare[] =
	    "<?xml version=\"1.0\"?><!DOCTYPE worksheet SYSTEM \"x.dtd\">"
	    "<worksheet/>";
	struct sheet sh;
	const char *why;

	(void)state;
	assert_int_equal(
	    read_sheet(SHEET_OPEN SHEET_CLOSE, laughs, &sh, &why), NV_EINVAL);
	assert_non_null(strstr(why, "DOCTYPE"));
	assert_int_equal(read_sheet(external, NULL, &sh, &why), NV_EINVAL);
	assert_non_null(strstr(why, "DOCTYPE"));
	assert_int_equal(read_sheet(bare, NULL, &sh, &why), NV_EINVAL);
	assert_non_null(strstr(why, "DOCTYPE"));
	arena_reset(A);
}

static void
test_huge_shared_strings(void **state)
{
	size_t n = SHEET_SST_MAX + 1, i, o = 0;
	char *sst = malloc(n * 32 + 100);
	struct sheet sh;
	const char *why;

	(void)state;
	o += (size_t)snprintf(sst, 100, "<sst>");
	for (i = 0; i < n; i++)
		o += (size_t)snprintf(sst + o, 32, "<si><t>%zx</t></si>",
		    i * 2654435761u % 1000003);
	snprintf(sst + o, 20, "</sst>");
	assert_int_equal(
	    read_sheet(SHEET_OPEN SHEET_CLOSE, sst, &sh, &why), NV_EINVAL);
	assert_non_null(strstr(why, "chuỗi dùng chung"));
	free(sst);
	arena_reset(A);
}

static void
test_malformed(void **state)
{
	struct sheet sh;
	const char *why;
	char junk[64] = "PK\x03\x04 not really a zip at all";

	(void)state;
	assert_int_equal(sheet_read_xlsx(A, "hello", 5, &sh, &why), NV_EINVAL);
	assert_non_null(strstr(why, ".xlsx"));
	assert_int_equal(
	    sheet_read_xlsx(A, junk, sizeof(junk), &sh, &why), NV_EINVAL);
	/* A shared string that does not exist. */
	assert_int_equal(read_sheet(SHEET_OPEN "<row><c t=\"s\"><v>5</v></c>"
	                                       "</row>" SHEET_CLOSE,
	                     "<sst><si><t>a</t></si></sst>", &sh, &why),
	    NV_EINVAL);
	/* Unclosed element, rows going backwards, a bad cell reference. */
	assert_int_equal(
	    read_sheet(SHEET_OPEN "<row>", NULL, &sh, &why), NV_EINVAL);
	assert_int_equal(
	    read_sheet(SHEET_OPEN "<row r=\"3\"/><row r=\"2\"/>" SHEET_CLOSE,
	        NULL, &sh, &why),
	    NV_EINVAL);
	assert_int_equal(read_sheet(SHEET_OPEN "<row><c r=\"ZZZZ1\"><v>1</v>"
	                                       "</c></row>" SHEET_CLOSE,
	                     NULL, &sh, &why),
	    NV_EINVAL);
	/* Content right of the 32nd column. */
	assert_int_equal(read_sheet(SHEET_OPEN "<row><c r=\"AH1\"><v>1</v>"
	                                       "</c></row>" SHEET_CLOSE,
	                     NULL, &sh, &why),
	    NV_EINVAL);
	assert_non_null(strstr(why, "cột"));
	/* No worksheet at all. */
	struct part p[] = {{"[Content_Types].xml", CT, 0}};
	size_t len;
	char *z = mkzip(p, 1, &len);
	assert_int_equal(sheet_read_xlsx(A, z, len, &sh, &why), NV_EINVAL);
	assert_non_null(strstr(why, "trang tính"));
	free(z);
	arena_reset(A);
}

static void
test_long_cell_and_many_rows(void **state)
{
	size_t n = SHEET_CELL_MAX + 1, o, i;
	char *s = malloc(n + 200);
	struct sheet sh;
	const char *why;

	(void)state;
	o = (size_t)snprintf(
	    s, 200, "%s<row><c t=\"inlineStr\"><is><t>", SHEET_OPEN);
	memset(s + o, 'x', n);
	snprintf(s + o + n, 200, "</t></is></c></row>%s", SHEET_CLOSE);
	assert_int_equal(read_sheet(s, NULL, &sh, &why), NV_EINVAL);
	assert_non_null(strstr(why, "quá dài"));
	free(s);
	/* CSV: 2001 rows. */
	s = malloc((SHEET_ROWS_MAX + 1) * 4);
	for (i = 0, o = 0; i <= SHEET_ROWS_MAX; i++)
		o += (size_t)snprintf(s + o, 4, "a\n");
	assert_int_equal(sheet_read_csv(A, s, o, &sh, &why), NV_EINVAL);
	assert_non_null(strstr(why, "quá nhiều dòng"));
	free(s);
	arena_reset(A);
}

static void
test_csv(void **state)
{
	static const char ok[] =
	    "\xEF\xBB\xBFTT,Tên nhiệm vụ,Ghi chú\r\n"
	    "1,\"Số hóa, \"\"dữ liệu\"\"\",\"hai\ndòng\"\r\n"
	    ",,\r\n"
	    "2,Nền tảng,\n"
	    "3,Cuối";
	static const char semi[] = "TT;Tên nhiệm vụ\n1;a,b\n";
	struct sheet sh;
	const char *why;

	(void)state;
	assert_int_equal(
	    sheet_read_csv(A, ok, sizeof(ok) - 1, &sh, &why), NV_OK);
	assert_int_equal(sh.nrows, 4);
	assert_str_eq(sh.rows[0].cells[1], "Tên nhiệm vụ");
	assert_str_eq(sh.rows[1].cells[1], "Số hóa, \"dữ liệu\"");
	assert_str_eq(sh.rows[1].cells[2], "hai\ndòng");
	assert_int_equal(sh.rows[2].num, 4); /* the empty record is skipped */
	assert_int_equal(sh.rows[2].ncells, 3);
	assert_str_eq(sh.rows[3].cells[1], "Cuối");
	assert_int_equal(
	    sheet_read_csv(A, semi, sizeof(semi) - 1, &sh, &why), NV_OK);
	assert_str_eq(sh.rows[1].cells[1], "a,b");
	arena_reset(A);
}

static void
test_csv_refused(void **state)
{
	/* "Sở Y tế" in Windows-1258: not UTF-8. */
	static const char cp1258[] = "TT,T\xEAn\n1,S\xD2 Y t\xEA\n";
	static const char utf16[] = "\xFF\xFET\0T\0";
	static const char nul[] = "a,b\0c\n";
	struct sheet sh;
	const char *why;

	(void)state;
	assert_int_equal(
	    sheet_read_csv(A, cp1258, sizeof(cp1258) - 1, &sh, &why),
	    NV_EINVAL);
	assert_non_null(strstr(why, "UTF-8"));
	assert_int_equal(
	    sheet_read_csv(A, utf16, sizeof(utf16) - 1, &sh, &why), NV_EINVAL);
	assert_non_null(strstr(why, "UTF-8"));
	assert_int_equal(
	    sheet_read_csv(A, nul, sizeof(nul) - 1, &sh, &why), NV_EINVAL);
	assert_int_equal(sheet_read_csv(A, "a,\"b\n", 5, &sh, &why), NV_EINVAL);
	assert_non_null(strstr(why, "ngoặc kép"));
	assert_int_equal(
	    sheet_read_csv(A, "a,\"b\"c\n", 7, &sh, &why), NV_EINVAL);
	assert_int_equal(
	    sheet_read_csv(A, "a,b\"c\n", 6, &sh, &why), NV_EINVAL);
	arena_reset(A);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_own_export),
	    cmocka_unit_test(test_workbook_and_types),
	    cmocka_unit_test(test_zip_bomb),
	    cmocka_unit_test(test_entities_refused),
	    cmocka_unit_test(test_huge_shared_strings),
	    cmocka_unit_test(test_malformed),
	    cmocka_unit_test(test_long_cell_and_many_rows),
	    cmocka_unit_test(test_csv),
	    cmocka_unit_test(test_csv_refused),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
