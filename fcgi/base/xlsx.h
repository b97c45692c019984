/* SPDX-License-Identifier: ISC */
/*
 * The spreadsheet adapter, the only code that includes <xlsxwriter.h>.  A
 * workbook is written in constant-memory mode to a temporary file (rows go
 * to disk as they are written), then handed back as an open, already
 * unlinked descriptor that the caller streams to the client.  Every text
 * cell is written as a string, so a value starting with '=', '+', '-' or
 * '@' is never a formula.
 */
#ifndef XLSX_H
#define XLSX_H

#include <stdint.h>
#include <sys/types.h>

#include "fcgi/base/nv.h"

struct xlsx;

enum xlsx_fmt {
	XF_TEXT, /* wrapped text, top-aligned, bordered */
	XF_CENTER,
	XF_INT,   /* 1,234 */
	XF_MONEY, /* 1,500,000,000 shown with the reader's separators */
	XF_GREEN,
	XF_YELLOW,
	XF_RED,
	XF_BOLD_TEXT,
	XF_BOLD_INT,
	XF_DATE,   /* a real date shown dd/mm/yyyy, centred */
	XF_STRUCK, /* wrapped text struck out: a row no longer in force */
	XF__MAX
};

struct xlsx_col {
	const char *title;
	double width; /* characters */
};

/*
 * Creates a workbook under dir; xlsx_sheet() adds its first sheet.  NV_OK,
 * or NV_EINTERNAL (logged).
 */
enum nv_err xlsx_open(const char *dir, struct xlsx **out);
/*
 * Adds a sheet named name with the header row from cols: bold, frozen,
 * repeated on every printed page, A4 landscape, fitted to the page width,
 * title in the page header.  Returns the sheet's index in *sheet.
 */
enum nv_err xlsx_sheet(struct xlsx *, const char *name, const char *title,
    const struct xlsx_col *cols, uint16_t ncols);
/*
 * As xlsx_sheet, with lines of a title block above the header (issuing
 * body, title, period, "Số liệu đến ngày"), each merged across the
 * columns; line 0 bold.  Rows keep their numbers: row 0 is still the
 * header and data starts at row 1, the block shifts them all down.
 */
enum nv_err xlsx_sheet_titled(struct xlsx *, const char *name,
    const char *title, const char *const *lines, uint16_t nlines,
    const struct xlsx_col *cols, uint16_t ncols);
/* Write into the last sheet, row by row (row 0 is the header). */
enum nv_err xlsx_str(
    struct xlsx *, uint32_t row, uint16_t col, struct str, enum xlsx_fmt);
enum nv_err xlsx_num(
    struct xlsx *, uint32_t row, uint16_t col, double, enum xlsx_fmt);
/*
 * A date cell from "YYYY-MM-DD" (a spreadsheet date, not text, so it sorts
 * and filters as a date); an empty cell when ymd.p is NULL.  NV_EINVAL when
 * ymd is not of that shape.
 */
enum nv_err xlsx_date(
    struct xlsx *, uint32_t row, uint16_t col, struct str ymd, enum xlsx_fmt);
/*
 * Finishes the file.  On NV_OK *fd is open on it (already unlinked, the
 * caller closes it) and *size is its length.  Frees x either way.
 */
enum nv_err xlsx_close(struct xlsx *x, int *fd, off_t *size);
/* Abandons the workbook and its file. */
void xlsx_abort(struct xlsx *);

#endif
