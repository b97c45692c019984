/* SPDX-License-Identifier: ISC */
/*
 * Reading an uploaded spreadsheet (the registration template) into a grid
 * of text cells: .xlsx through libzip and expat (sheet_xlsx.c, the only
 * file that calls them, opened on first use: lazy_sheet.h), .csv by hand
 * (sheet_csv.c: RFC 4180, UTF-8 only).  Every limit is checked while reading,
 * before the memory for it is taken: the file, the archive's entries, each
 * entry's uncompressed size and its ratio to the compressed size (a zip
 * bomb stops after at most the limit), the shared strings, rows, columns
 * and each cell.  A document type declaration or an entity declaration
 * in any XML part stops the read (no entity expansion at all).
 */
#ifndef SHEET_H
#define SHEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fcgi/base/nv.h"

struct arena;

#define SHEET_FILE_MAX    (5u * 1024 * 1024)  /* the upload, as the contract */
#define SHEET_ENTRIES_MAX 512                 /* members of the archive */
#define SHEET_PART_MAX    (48u * 1024 * 1024) /* one XML part, inflated */
#define SHEET_TOTAL_MAX   (64u * 1024 * 1024) /* all parts read, inflated */
#define SHEET_RATIO_MAX   200                 /* inflated / compressed */
#define SHEET_SST_MAX     50000               /* shared strings */
#define SHEET_SST_BYTES   (4u * 1024 * 1024)  /* their text, all together */
#define SHEET_ROWS_MAX    2000                /* rows with something in them */
#define SHEET_COLS_MAX    32   /* columns read; cells further right: error */
#define SHEET_CELL_MAX    8192 /* bytes of one cell's text */

/* One row with content: cells[0..ncells) by column (A is 0). */
struct sheet_row {
	uint32_t num; /* the row's number as the spreadsheet shows it */
	uint16_t ncells;
	struct str *cells; /* STR("") for an empty cell; NUL-terminated */
};

struct sheet {
	size_t nrows;
	struct sheet_row *rows; /* in the file's order */
};

/*
 * Reads the first worksheet of the .xlsx in p[0..len).  Cells are text:
 * a number as the file writes it ("1500000000", "46112"), a boolean as
 * "0"/"1", a formula's cached value.  Rows and cells are in a (which must
 * allow their size).  NV_OK; NV_EINVAL with *why a Vietnamese sentence
 * for the user (not a zip, encrypted, no worksheet, a limit passed,
 * malformed XML, a DOCTYPE); NV_ETOOBIG when the arena is full.
 */
enum nv_err sheet_read_xlsx(struct arena *a, const char *p, size_t len,
    struct sheet *out, const char **why);

/*
 * Reads the CSV in p[0..len): UTF-8 (a BOM is skipped), fields separated
 * by ',' or, when the first line has a ';' and no ',', by ';'; quotes as
 * RFC 4180; line numbers count records from 1.  NV_EINVAL with *why for
 * another encoding, an unclosed quote, a limit passed; NV_ETOOBIG.
 */
enum nv_err sheet_read_csv(struct arena *a, const char *p, size_t len,
    struct sheet *out, const char **why);

/* Whether p[0..len) starts like a zip archive ("PK\3\4"). */
bool sheet_is_zip(const char *p, size_t len);

/*
 * For the two readers: a grid built row by row.  sheet_cell() copies a
 * cell of the current row (col from 0), sheet_row_end() keeps the row if
 * any cell has something in it.  Both NV_EINVAL with b->why past a limit.
 */
struct sheet_build {
	struct arena *a;
	struct sheet *out;
	uint32_t num; /* the current row's number */
	uint16_t ncells;
	struct str cells[SHEET_COLS_MAX];
	const char *why;
};
void sheet_begin(struct sheet_build *, struct arena *, struct sheet *);
enum nv_err sheet_cell(
    struct sheet_build *, uint32_t col, const char *p, size_t len);
enum nv_err sheet_row_end(struct sheet_build *);

#endif
