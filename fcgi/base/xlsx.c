/* SPDX-License-Identifier: ISC */
/* libxlsxwriter adapter: workbook in a temp file, formats, cells. */
#include <fcntl.h>
#include <stdint.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fcgi/base/lazy_xlsxwriter.h"
#include "fcgi/base/log.h"
#include "fcgi/base/xlsx.h"

#define PAPER_A4 9

struct xlsx {
	char path[PATH_MAX];
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *fmt[XF__MAX];
	lxw_format *header, *title_fmt, *line_fmt;
	uint32_t top; /* rows of the current sheet's title block */
	bool failed;
};

static lxw_format *
new_format(lxw_workbook *wb)
{
	lxw_format *f = workbook_add_format(wb);

	format_set_border(f, LXW_BORDER_THIN);
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	format_set_font_name(f, "Times New Roman");
	format_set_font_size(f, 12);
	return f;
}

enum nv_err
xlsx_open(const char *dir, struct xlsx **out)
{
	lxw_workbook_options opt = {0};
	struct xlsx *x;
	int fd, i;

	if (!lazy_xlsxwriter_open())
		return NV_EINTERNAL;
	if ((x = calloc(1, sizeof(*x))) == NULL)
		return NV_EINTERNAL;
	snprintf(
	    x->path, sizeof(x->path), "%s/nhiemvu-export-XXXXXX.xlsx", dir);
	if ((fd = mkstemps(x->path, 5)) == -1) {
		log_warn("xlsx: mkstemps %s", x->path);
		free(x);
		return NV_EINTERNAL;
	}
	close(fd);
	opt.constant_memory = LXW_TRUE;
	opt.tmpdir = (char *)(uintptr_t)dir;
	if ((x->wb = workbook_new_opt(x->path, &opt)) == NULL) {
		log_warnx("xlsx: cannot create a workbook in %s", dir);
		unlink(x->path);
		free(x);
		return NV_EINTERNAL;
	}
	for (i = 0; i < XF__MAX; i++) {
		x->fmt[i] = new_format(x->wb);
		format_set_text_wrap(x->fmt[i]);
	}
	format_set_align(x->fmt[XF_CENTER], LXW_ALIGN_CENTER);
	format_set_num_format(x->fmt[XF_INT], "#,##0");
	format_set_num_format(x->fmt[XF_MONEY], "#,##0");
	format_set_bg_color(x->fmt[XF_GREEN], 0xC6EFCE);
	format_set_bg_color(x->fmt[XF_YELLOW], 0xFFEB9C);
	format_set_bg_color(x->fmt[XF_RED], 0xFFC7CE);
	format_set_align(x->fmt[XF_GREEN], LXW_ALIGN_CENTER);
	format_set_align(x->fmt[XF_YELLOW], LXW_ALIGN_CENTER);
	format_set_align(x->fmt[XF_RED], LXW_ALIGN_CENTER);
	format_set_bold(x->fmt[XF_BOLD_TEXT]);
	format_set_bold(x->fmt[XF_BOLD_INT]);
	format_set_num_format(x->fmt[XF_BOLD_INT], "#,##0");
	format_set_num_format(x->fmt[XF_DATE], "dd/mm/yyyy");
	format_set_align(x->fmt[XF_DATE], LXW_ALIGN_CENTER);
	format_set_font_strikeout(x->fmt[XF_STRUCK]);
	x->title_fmt = workbook_add_format(x->wb);
	format_set_font_name(x->title_fmt, "Times New Roman");
	format_set_font_size(x->title_fmt, 13);
	format_set_bold(x->title_fmt);
	format_set_align(x->title_fmt, LXW_ALIGN_CENTER);
	x->line_fmt = workbook_add_format(x->wb);
	format_set_font_name(x->line_fmt, "Times New Roman");
	format_set_font_size(x->line_fmt, 12);
	format_set_align(x->line_fmt, LXW_ALIGN_CENTER);
	x->header = new_format(x->wb);
	format_set_bold(x->header);
	format_set_text_wrap(x->header);
	format_set_align(x->header, LXW_ALIGN_CENTER);
	format_set_align(x->header, LXW_ALIGN_VERTICAL_CENTER);
	format_set_bg_color(x->header, 0xDDEBF7);
	*out = x;
	return NV_OK;
}

enum nv_err
xlsx_sheet(struct xlsx *x, const char *name, const char *title,
    const struct xlsx_col *cols, uint16_t ncols)
{
	return xlsx_sheet_titled(x, name, title, NULL, 0, cols, ncols);
}

enum nv_err
xlsx_sheet_titled(struct xlsx *x, const char *name, const char *title,
    const char *const *lines, uint16_t nlines, const struct xlsx_col *cols,
    uint16_t ncols)
{
	char head[256];
	uint16_t c, l;
	uint32_t top;

	if ((x->ws = workbook_add_worksheet(x->wb, name)) == NULL) {
		x->failed = true;
		return NV_EINTERNAL;
	}
	worksheet_set_landscape(x->ws);
	worksheet_set_paper(x->ws, PAPER_A4);
	worksheet_fit_to_pages(x->ws, 1, 0);
	worksheet_set_margins(x->ws, 0.4, 0.4, 0.6, 0.6);
	/* The block, then an empty row, then the header. */
	top = nlines > 0 ? (uint32_t)nlines + 1 : 0;
	x->top = 0;
	for (l = 0; l < nlines; l++)
		if (worksheet_merge_range(x->ws, l, 0, l,
		        (lxw_col_t)(ncols > 0 ? ncols - 1 : 0), lines[l],
		        l == 0 ? x->title_fmt : x->line_fmt) != LXW_NO_ERROR)
			x->failed = true;
	worksheet_repeat_rows(x->ws, top, top);
	worksheet_freeze_panes(x->ws, top + 1, 0);
	/* '&' starts a control code in a page header: double it. */
	{
		size_t o = 0, i;
		char esc[200];
		for (i = 0; title[i] != '\0' && o + 2 < sizeof(esc); i++) {
			if (title[i] == '&')
				esc[o++] = '&';
			esc[o++] = title[i];
		}
		esc[o] = '\0';
		snprintf(
		    head, sizeof(head), "&C&\"Times New Roman,Bold\"%s", esc);
	}
	worksheet_set_header(x->ws, head);
	worksheet_set_footer(x->ws, "&CTrang &P/&N");
	for (c = 0; c < ncols; c++) {
		worksheet_set_column(x->ws, c, c, cols[c].width, NULL);
		if (worksheet_write_string(x->ws, top, c, cols[c].title,
		        x->header) != LXW_NO_ERROR)
			x->failed = true;
	}
	worksheet_set_row(x->ws, top, 32, NULL);
	x->top = top;
	return x->failed ? NV_EINTERNAL : NV_OK;
}

static bool
is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

/* True when p[0..len) starts with the format's escape _xHHHH_. */
static bool
is_escape(const char *p, size_t len)
{
	return len >= 7 && p[0] == '_' && (p[1] == 'x' || p[1] == 'X') &&
	       is_hex(p[2]) && is_hex(p[3]) && is_hex(p[4]) && is_hex(p[5]) &&
	       p[6] == '_';
}

/*
 * The text of a cell as the file must hold it, so that a reader gets back
 * exactly s (issue 9).  OOXML strings are XML 1.0, which cannot carry C0
 * controls other than tab and LF, nor U+FFFE/U+FFFF (one such character
 * made the whole file unreadable); and a reader turns CR LF into LF.  The
 * format's own escape _xHHHH_ (ECMA-376 part 1, 22.9.2.19 ST_Xstring)
 * carries them, and a literal "_xHHHH_" in the text has its '_' escaped as
 * _x005F_ so that it is not decoded.  libxlsxwriter escapes & < > itself.
 * Returns a malloc'd string (caller frees) or NULL.
 */
static char *
cell_text(struct str s)
{
	const unsigned char *p = (const unsigned char *)s.p;
	char *out, *o;
	size_t i = 0, n;
	unsigned int cp;

	/* Each input byte becomes at most one 7-byte escape. */
	if (s.len > (SIZE_MAX - 1) / 7 || (out = malloc(s.len * 7 + 1)) == NULL)
		return NULL;
	o = out;
	while (i < s.len) {
		cp = p[i];
		n = 1;
		if (p[i] == 0xef && s.len - i >= 3 && p[i + 1] == 0xbf &&
		    (p[i + 2] == 0xbe || p[i + 2] == 0xbf)) {
			cp = 0xfffe | (p[i + 2] & 1u);
			n = 3;
		}
		if (cp == 0xfffe || cp == 0xffff ||
		    (cp < 0x20 && cp != '\t' && cp != '\n') ||
		    (cp == '_' && is_escape(s.p + i, s.len - i))) {
			o += snprintf(o, 8, "_x%04X_", cp);
			i += n;
			continue;
		}
		*o++ = (char)p[i++];
	}
	*o = '\0';
	return out;
}

enum nv_err
xlsx_str(
    struct xlsx *x, uint32_t row, uint16_t col, struct str s, enum xlsx_fmt f)
{
	lxw_error e;
	char *t;

	if ((t = cell_text(s.p != NULL ? s : STR(""))) == NULL) {
		log_warnx("xlsx: out of memory");
		x->failed = true;
		return NV_EINTERNAL;
	}
	/* Always a string cell: text is never read as a formula. */
	e = worksheet_write_string(x->ws, x->top + row, col, t, x->fmt[f]);
	free(t);
	if (e != LXW_NO_ERROR) {
		log_warnx("xlsx: %s", lxw_strerror(e));
		x->failed = true;
		return NV_EINTERNAL;
	}
	return NV_OK;
}

enum nv_err
xlsx_num(struct xlsx *x, uint32_t row, uint16_t col, double v, enum xlsx_fmt f)
{
	lxw_error e =
	    worksheet_write_number(x->ws, x->top + row, col, v, x->fmt[f]);

	if (e != LXW_NO_ERROR) {
		log_warnx("xlsx: %s", lxw_strerror(e));
		x->failed = true;
		return NV_EINTERNAL;
	}
	return NV_OK;
}

enum nv_err
xlsx_date(
    struct xlsx *x, uint32_t row, uint16_t col, struct str ymd, enum xlsx_fmt f)
{
	lxw_datetime dt = {0};
	lxw_error e;
	size_t i;

	if (ymd.p == NULL)
		return xlsx_str(x, row, col, STR(""), f);
	if (ymd.len < 10 || ymd.p[4] != '-' || ymd.p[7] != '-')
		return NV_EINVAL;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (ymd.p[i] < '0' || ymd.p[i] > '9'))
			return NV_EINVAL;
	dt.year = (ymd.p[0] - '0') * 1000 + (ymd.p[1] - '0') * 100 +
	          (ymd.p[2] - '0') * 10 + (ymd.p[3] - '0');
	dt.month = (uint8_t)((ymd.p[5] - '0') * 10 + (ymd.p[6] - '0'));
	dt.day = (uint8_t)((ymd.p[8] - '0') * 10 + (ymd.p[9] - '0'));
	e = worksheet_write_datetime(x->ws, x->top + row, col, &dt, x->fmt[f]);
	if (e != LXW_NO_ERROR) {
		log_warnx("xlsx: %s", lxw_strerror(e));
		x->failed = true;
		return NV_EINTERNAL;
	}
	return NV_OK;
}

void
xlsx_abort(struct xlsx *x)
{
	if (x == NULL)
		return;
	if (x->wb != NULL)
		workbook_close(x->wb);
	unlink(x->path);
	free(x);
}

enum nv_err
xlsx_close(struct xlsx *x, int *fd, off_t *size)
{
	struct stat st;
	lxw_error e;
	enum nv_err rc = NV_EINTERNAL;

	*fd = -1;
	e = workbook_close(x->wb);
	x->wb = NULL;
	if (e != LXW_NO_ERROR || x->failed) {
		log_warnx(
		    "xlsx: cannot write %s: %s", x->path, lxw_strerror(e));
		goto out;
	}
	if ((*fd = open(x->path, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fstat(*fd, &st) == -1) {
		log_warn("xlsx: %s", x->path);
		if (*fd != -1)
			close(*fd);
		*fd = -1;
		goto out;
	}
	*size = st.st_size;
	rc = NV_OK;
out:
	unlink(x->path); /* the open descriptor keeps the data */
	free(x);
	return rc;
}
