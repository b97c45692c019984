/* SPDX-License-Identifier: ISC */
/*
 * Import of the registration template (issue 12): the rows of an
 * uploaded sheet (fcgi/base/sheet.h) read as new breakthrough tasks in
 * draft, every row checked and each problem named by its row and column
 * in Vietnamese; kept for its uploader for an hour; on confirm, created
 * through the one write path (wf_create per row) in the caller's
 * transaction, so that all land or none.
 */
#ifndef TASK_IMPORT_H
#define TASK_IMPORT_H

#include "fcgi/domain/wf.h"

#define IMPORT_ROWS_MAX  500 /* tasks in one file */
#define IMPORT_ERRS_MAX  8   /* problems named per row */
#define IMPORT_TTL_HOURS 1

struct import_err {
	const char *column; /* the template's header, e.g. "Tên nhiệm vụ" */
	const char *message;
};

/* A row of the file as a new task's values. */
struct import_row {
	uint32_t row; /* as the spreadsheet numbers it */
	struct str name, responsible_person, expected_product, notes;
	struct str lead_agency; /* the code; the text given when unknown */
	struct str *coords;     /* codes (or the unknown text given) */
	size_t ncoords;
	bool has_budget;
	int64_t budget;
	struct str deadline; /* YYYY-MM-DD, or STR_NULL */
	struct import_err err[IMPORT_ERRS_MAX];
	size_t nerr;
};

struct import {
	int64_t id;
	struct import_row *rows;
	size_t nrows, invalid;
};

/*
 * Reads the file p[0..len) (a .csv when is_csv, else an .xlsx) and checks
 * every row for ac's user.  Everything is in ac->arena.  NV_OK (rows may
 * carry errors); NV_EINVAL through wf_fail(field "file") when the file as
 * a whole is refused (not a spreadsheet, a limit, no header, no row);
 * NV_ETOOBIG; the database's error (the agencies are read).
 */
enum nv_err task_import_read(struct actor *ac, const char *p, size_t len,
    bool is_csv, struct import *imp);

/*
 * Keeps imp for its uploader (the rows only when none has an error) and
 * sets imp->id; removes the imports that have expired.  In the caller's
 * transaction, or its own.
 */
enum nv_err task_import_save(struct actor *ac, struct import *imp);

/*
 * Creates the drafts of import id, one wf_create per row in the file's
 * order, and marks it confirmed, all in one transaction (the caller's, or
 * its own).  On NV_OK *ids (arena) holds the new tasks' ids, *n of them.
 * NV_ENOENT when the import is not ac's or has expired; then NV_EINVAL
 * when bodied (the request carried a body, which confirming takes none
 * of: after the lookup, as the contract answers 404 before 400); NV_ESTATE
 * when it had errors or was already confirmed; a row's refusal (wf_fail's
 * field and message, the message prefixed with the row) otherwise.
 */
enum nv_err task_import_confirm(
    struct actor *, int64_t id, bool bodied, int64_t **ids, size_t *n);

#endif
