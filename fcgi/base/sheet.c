/* SPDX-License-Identifier: ISC */
/*
 * The grid both spreadsheet readers fill (sheet.h), and the CSV reader:
 * RFC 4180 records in UTF-8, as Excel's "CSV UTF-8" and our own export
 * write them.  A file in another encoding (Excel's legacy "CSV" writes
 * Windows-1258, some tools UTF-16) is refused as such, never guessed at.
 */
#include <string.h>

#include "fcgi/base/arena.h"
#include "fcgi/base/sheet.h"
#include "fcgi/base/utf8.h"

bool
sheet_is_zip(const char *p, size_t len)
{
	return len >= 4 && memcmp(p, "PK\x03\x04", 4) == 0;
}

void
sheet_begin(struct sheet_build *b, struct arena *a, struct sheet *out)
{
	memset(b, 0, sizeof(*b));
	memset(out, 0, sizeof(*out));
	b->a = a;
	b->out = out;
}

enum nv_err
sheet_cell(struct sheet_build *b, uint32_t col, const char *p, size_t len)
{
	char *c;
	uint32_t i;

	if (col >= SHEET_COLS_MAX) {
		if (len == 0)
			return NV_OK;
		b->why = "Bảng có dữ liệu ở quá nhiều cột (tối đa 32 cột).";
		return NV_EINVAL;
	}
	if (len > SHEET_CELL_MAX) {
		b->why = "Một ô có nội dung quá dài (tối đa 8192 byte).";
		return NV_EINVAL;
	}
	if ((c = arena_strndup(b->a, p, len)) == NULL)
		return NV_ETOOBIG;
	for (i = b->ncells; i < col; i++)
		b->cells[i] = STR("");
	if (col >= b->ncells)
		b->ncells = (uint16_t)(col + 1);
	b->cells[col] = (struct str){c, len};
	return NV_OK;
}

enum nv_err
sheet_row_end(struct sheet_build *b)
{
	struct sheet_row *r;
	bool any = false;
	uint16_t i;

	for (i = 0; i < b->ncells; i++)
		if (b->cells[i].len > 0)
			any = true;
	if (!any) {
		b->ncells = 0;
		return NV_OK;
	}
	if (b->out->rows == NULL &&
	    (b->out->rows = arena_alloc(
	         b->a, SHEET_ROWS_MAX * sizeof(*b->out->rows))) == NULL)
		return NV_ETOOBIG;
	if (b->out->nrows == SHEET_ROWS_MAX) {
		b->why = "Bảng có quá nhiều dòng (tối đa 2000 dòng).";
		return NV_EINVAL;
	}
	r = &b->out->rows[b->out->nrows];
	r->num = b->num;
	r->ncells = b->ncells;
	if ((r->cells = arena_alloc(b->a, b->ncells * sizeof(*r->cells))) ==
	    NULL)
		return NV_ETOOBIG;
	memcpy(r->cells, b->cells, b->ncells * sizeof(*r->cells));
	b->out->nrows++;
	b->ncells = 0;
	return NV_OK;
}

/* --- CSV ------------------------------------------------------------------ */

#define CSV_NOT_UTF8                                                           \
	"Tệp CSV không ở mã UTF-8. Trong Excel, hãy lưu lại bằng " \
	"\"CSV UTF-8 (Comma delimited)\" rồi tải lên lại."

enum nv_err
sheet_read_csv(struct arena *a, const char *p, size_t len, struct sheet *out,
    const char **why)
{
	struct sheet_build b;
	const char *end, *q, *line_end;
	char sep = ',', *cell;
	size_t n;
	uint32_t col;
	enum nv_err rc;
	bool quoted;

	*why = NULL;
	sheet_begin(&b, a, out);
	if (len > SHEET_FILE_MAX) {
		*why = "Tệp quá lớn (tối đa 5 MiB).";
		return NV_EINVAL;
	}
	if (len >= 2 &&
	    ((unsigned char)p[0] == 0xFF || (unsigned char)p[0] == 0xFE)) {
		*why = CSV_NOT_UTF8;
		return NV_EINVAL;
	}
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
		p += 3;
		len -= 3;
	}
	/* NUL and other controls than tab and line breaks: not a text file. */
	if (!utf8_valid(p, len, UTF8_MULTILINE | UTF8_RAW)) {
		*why = CSV_NOT_UTF8;
		return NV_EINVAL;
	}
	end = p + len;
	line_end = memchr(p, '\n', len);
	if (line_end == NULL)
		line_end = end;
	if (memchr(p, ',', (size_t)(line_end - p)) == NULL &&
	    memchr(p, ';', (size_t)(line_end - p)) != NULL)
		sep = ';';
	/* One buffer as large as the longest cell allowed, plus one. */
	if ((cell = arena_alloc(a, SHEET_CELL_MAX + 1)) == NULL)
		return NV_ETOOBIG;
	b.num = 1;
	q = p;
	col = 0;
	while (q < end) {
		n = 0;
		quoted = false;
		if (*q == '"') {
			quoted = true;
			q++;
			for (;;) {
				if (q == end) {
					*why = "Tệp CSV có dấu ngoặc kép "
					       "không được đóng.";
					return NV_EINVAL;
				}
				if (*q == '"') {
					if (q + 1 < end && q[1] == '"') {
						q++;
					} else {
						q++;
						break;
					}
				}
				if (n == SHEET_CELL_MAX) {
					*why = "Một ô có nội dung quá dài "
					       "(tối đa 8192 byte).";
					return NV_EINVAL;
				}
				cell[n++] = *q++;
			}
		}
		while (q < end && *q != sep && *q != '\n' && *q != '\r') {
			if (quoted && *q != ' ' && *q != '\t') {
				*why = "Tệp CSV có dấu ngoặc kép đặt sai "
				       "chỗ.";
				return NV_EINVAL;
			}
			if (n == SHEET_CELL_MAX) {
				*why = "Một ô có nội dung quá dài (tối đa "
				       "8192 byte).";
				return NV_EINVAL;
			}
			if (*q == '"') {
				*why = "Tệp CSV có dấu ngoặc kép đặt sai "
				       "chỗ.";
				return NV_EINVAL;
			}
			cell[n++] = *q++;
		}
		if ((rc = sheet_cell(&b, col, cell, n)) != NV_OK) {
			*why = b.why;
			return rc;
		}
		if (q < end && *q == sep) {
			q++;
			col++;
			if (q == end && (rc = sheet_cell(&b, col, "", 0)))
				return rc;
			continue;
		}
		/* The end of a record: \r\n, \n, \r or the end of the file. */
		if (q < end && *q == '\r')
			q++;
		if (q < end && *q == '\n')
			q++;
		if ((rc = sheet_row_end(&b)) != NV_OK) {
			*why = b.why;
			return rc;
		}
		b.num++;
		col = 0;
	}
	if (b.ncells > 0 && (rc = sheet_row_end(&b)) != NV_OK) {
		*why = b.why;
		return rc;
	}
	return NV_OK;
}
