/* SPDX-License-Identifier: ISC */
/* libxlsxwriter, opened on first use (lazylib.h): xlsx.c's exports. */
#ifndef LAZY_XLSXWRITER_H
#define LAZY_XLSXWRITER_H

#include <xlsxwriter.h>

#include "fcgi/base/lazylib.h"

#define LAZY_XLSXWRITER(X)                                                     \
	X(workbook_new_opt)                                                    \
	X(workbook_add_format)                                                 \
	X(workbook_add_worksheet)                                              \
	X(workbook_close)                                                      \
	X(lxw_strerror)                                                        \
	X(format_set_align)                                                    \
	X(format_set_bg_color)                                                 \
	X(format_set_bold)                                                     \
	X(format_set_border)                                                   \
	X(format_set_font_name)                                                \
	X(format_set_font_size)                                                \
	X(format_set_font_strikeout)                                           \
	X(format_set_num_format)                                               \
	X(format_set_text_wrap)                                                \
	X(worksheet_fit_to_pages)                                              \
	X(worksheet_freeze_panes)                                              \
	X(worksheet_merge_range)                                               \
	X(worksheet_repeat_rows)                                               \
	X(worksheet_set_column)                                                \
	X(worksheet_set_footer)                                                \
	X(worksheet_set_header)                                                \
	X(worksheet_set_landscape)                                             \
	X(worksheet_set_margins)                                               \
	X(worksheet_set_paper)                                                 \
	X(worksheet_set_row)                                                   \
	X(worksheet_write_datetime)                                            \
	X(worksheet_write_number)                                              \
	X(worksheet_write_string)

extern struct lazy_xlsxwriter {
	LAZY_XLSXWRITER(LAZYLIB_MEMBER)
} lazy_xlsxwriter;
bool lazy_xlsxwriter_open(void);

#ifndef LAZYLIB_TABLES
#define workbook_new_opt          lazy_xlsxwriter.workbook_new_opt
#define workbook_add_format       lazy_xlsxwriter.workbook_add_format
#define workbook_add_worksheet    lazy_xlsxwriter.workbook_add_worksheet
#define workbook_close            lazy_xlsxwriter.workbook_close
#define lxw_strerror              lazy_xlsxwriter.lxw_strerror
#define format_set_align          lazy_xlsxwriter.format_set_align
#define format_set_bg_color       lazy_xlsxwriter.format_set_bg_color
#define format_set_bold           lazy_xlsxwriter.format_set_bold
#define format_set_border         lazy_xlsxwriter.format_set_border
#define format_set_font_name      lazy_xlsxwriter.format_set_font_name
#define format_set_font_size      lazy_xlsxwriter.format_set_font_size
#define format_set_font_strikeout lazy_xlsxwriter.format_set_font_strikeout
#define format_set_num_format     lazy_xlsxwriter.format_set_num_format
#define format_set_text_wrap      lazy_xlsxwriter.format_set_text_wrap
#define worksheet_fit_to_pages    lazy_xlsxwriter.worksheet_fit_to_pages
#define worksheet_freeze_panes    lazy_xlsxwriter.worksheet_freeze_panes
#define worksheet_merge_range     lazy_xlsxwriter.worksheet_merge_range
#define worksheet_repeat_rows     lazy_xlsxwriter.worksheet_repeat_rows
#define worksheet_set_column      lazy_xlsxwriter.worksheet_set_column
#define worksheet_set_footer      lazy_xlsxwriter.worksheet_set_footer
#define worksheet_set_header      lazy_xlsxwriter.worksheet_set_header
#define worksheet_set_landscape   lazy_xlsxwriter.worksheet_set_landscape
#define worksheet_set_margins     lazy_xlsxwriter.worksheet_set_margins
#define worksheet_set_paper       lazy_xlsxwriter.worksheet_set_paper
#define worksheet_set_row         lazy_xlsxwriter.worksheet_set_row
#define worksheet_write_datetime  lazy_xlsxwriter.worksheet_write_datetime
#define worksheet_write_number    lazy_xlsxwriter.worksheet_write_number
#define worksheet_write_string    lazy_xlsxwriter.worksheet_write_string
#endif

#endif
