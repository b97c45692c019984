/* SPDX-License-Identifier: ISC */
/*
 * The programme over HTTP (issue 15): the list of versions, a version's
 * items, its history and the official table as a workbook.  What a
 * version is and how it is written are fcgi/domain/programme.c and
 * fcgi/domain/wf.c.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "auth/policy.h"
#include "auth/sess.h"
#include "fcgi/domain/committee_header.h"
#include "fcgi/api/api.h"
#include "fcgi/base/clock.h"
#include "fcgi/base/db.h"
#include "fcgi/base/str.h"
#include "fcgi/base/xlsx.h"
#include "fcgi/domain/committee.h"
#include "fcgi/domain/programme.h"
#include "fcgi/domain/vocab.h"
#include "fcgi/domain/wf.h"

/* Versions of one year: the programme and its amendments. */
#define VERSIONS_MAX 200
/* Items of one version: a year's tasks, generously. */
#define ITEMS_MAX 5000

/*
 * GET /programmes?year=&committee=: the versions of a committee's
 * programme (by default the caller's own; another only for a caller who
 * reaches it, issue 14), newest first (heads, committee).
 */
enum nv_err
api_programme_list(struct req *rq, struct resp *rs)
{
	static const char sql[] = "SELECT {cols} FROM programmes x "
	                          "WHERE (? IS NULL OR x.year = ?) "
	                          "AND x.committee = ? "
	                          "ORDER BY x.year DESC, x.amendment DESC "
	                          "LIMIT ?";
	const struct user *u = &rq->sess->user;
	struct str cm;
	struct db_res r;
	struct programme x;
	struct jw *w;
	struct str s;
	int64_t year = 0;
	size_t i;
	enum nv_err rc;

	if (!programme_reader(u))
		return NV_EPERM;
	if ((s = req_query(rq, "year")).p != NULL &&
	    str_to_i64(s, YEAR_MIN, YEAR_MAX, &year) != NV_OK)
		return req_fail(rq, NV_EINVAL, "year", "Năm không hợp lệ.");
	rc = committee_pick(rq->arena, u, req_query(rq, "committee"), &cm);
	if (rc == NV_EINVAL)
		return req_fail(
		    rq, NV_EINVAL, "committee", "Mã ban chỉ đạo không hợp lệ.");
	if (rc != NV_OK)
		return rc;
	struct db_param p[] = {year ? DBP_INT(year) : DBP_NULL,
	    year ? DBP_INT(year) : DBP_NULL, DBP_STR(cm),
	    DBP_INT(VERSIONS_MAX)};
	if ((rc = db_query(rq->arena, record_sql(&programme_record, sql), p,
	         NELEM(p), &r)) != NV_OK)
		return rc;
	w = resp_json(rs, 200);
	jw_obj_open(w);
	jw_key(w, "items");
	jw_arr_open(w);
	for (i = 0; i < r.nrows; i++) {
		if ((rc = record_parse(&programme_record, r.cells + i * r.ncols,
		         r.ncols, &x)) != NV_OK)
			return rc;
		programme_json_obj(w, &x, u);
	}
	jw_arr_close(w);
	jw_obj_close(w);
	return NV_OK;
}

/* The version of the path (404 for those who may not read it), items. */
static enum nv_err
items_load(struct req *rq, struct programme **x, struct db_res *r)
{
	struct actor ac;
	struct wf_rec rec;
	enum nv_err rc;

	if ((rc = req_query_unused(rq)) != NV_OK)
		return rc;
	api_actor(rq, &ac);
	if ((rc = wf_load(&ac, &programme_record, rq->path_id, false, &rec)) !=
	    NV_OK)
		return rc;
	*x = rec.row;
	struct db_param p[] = {DBP_INT((*x)->id)};
	if ((rc = db_query(rq->arena, programme_items_sql, p, NELEM(p), r)) !=
	    NV_OK)
		return rc;
	if (r->ncols < PIC__MAX)
		return NV_EINTERNAL;
	return r->nrows > ITEMS_MAX ? NV_ETOOBIG : NV_OK;
}

static void
codes_json(struct jw *w, struct str s)
{
	const char *p = s.p, *end = s.p + s.len, *comma;

	jw_arr_open(w);
	while (s.len > 0 && p < end) {
		if ((comma = memchr(p, ',', (size_t)(end - p))) == NULL)
			comma = end;
		jw_sstr(w, (struct str){p, (size_t)(comma - p)});
		p = comma + 1;
	}
	jw_arr_close(w);
}

static void
opt_str(struct jw *w, const char *k, struct str s)
{
	jw_key(w, k);
	if (s.p != NULL)
		jw_sstr(w, s);
	else
		jw_null(w);
}

/* GET /programmes/{id}/items: the official table's rows. */
enum nv_err
api_programme_items(struct req *rq, struct resp *rs)
{
	struct programme *x;
	struct db_res r;
	struct jw *w;
	const char *header;
	size_t i;
	enum nv_err rc;

	if ((rc = items_load(rq, &x, &r)) != NV_OK ||
	    (rc = committee_header(rq->arena, x->committee, false, &header)) !=
	        NV_OK)
		return rc;
	w = resp_json(rs, 200);
	jw_obj_open(w);
	jw_kstrz(w, "header", header); /* the printable table's heading */
	jw_key(w, "programme");
	programme_json_obj(w, x, &rq->sess->user);
	jw_key(w, "items");
	jw_arr_open(w);
	for (i = 0; i < r.nrows; i++) {
		jw_obj_open(w);
		jw_kint(w, "position", db_int(&r, i, PIC_POSITION));
		jw_kint(w, "task_id", db_int(&r, i, PIC_TASK_ID));
		jw_ksstr(w, "change", db_cell(&r, i, PIC_CHANGE));
		jw_ksstr(w, "name", db_cell(&r, i, PIC_NAME));
		jw_ksstr(w, "lead_agency", db_cell(&r, i, PIC_LEAD));
		jw_ksstr(w, "lead_agency_name", db_cell(&r, i, PIC_LEAD_NAME));
		jw_key(w, "coordinating_agencies");
		codes_json(w, db_cell(&r, i, PIC_COORDINATING));
		jw_ksstr(w, "target", db_cell(&r, i, PIC_TARGET));
		jw_ksstr(w, "expected_product", db_cell(&r, i, PIC_PRODUCT));
		jw_ksstr(w, "resources", db_cell(&r, i, PIC_RESOURCES));
		jw_key(w, "estimated_budget");
		if (db_cell(&r, i, PIC_BUDGET).p != NULL)
			jw_int(w, db_int(&r, i, PIC_BUDGET));
		else
			jw_null(w);
		opt_str(w, "deadline", db_cell(&r, i, PIC_DEADLINE));
		jw_key(w, "first_version");
		if (db_cell(&r, i, PIC_FIRST_ID).p != NULL) {
			jw_obj_open(w);
			jw_kint(w, "id", db_int(&r, i, PIC_FIRST_ID));
			jw_kint(
			    w, "amendment", db_int(&r, i, PIC_FIRST_AMENDMENT));
			jw_obj_close(w);
		} else
			jw_null(w);
		/* Issue 15: cancelled, and removed by an approved amendment. */
		jw_key(w, "removed_in");
		if (db_cell(&r, i, PIC_REMOVED_IN).p != NULL)
			jw_int(w, db_int(&r, i, PIC_REMOVED_IN));
		else
			jw_null(w);
		jw_obj_close(w);
	}
	jw_arr_close(w);
	jw_obj_close(w);
	return NV_OK;
}

/* --- the official table ------------------------------------------------- */

static const struct xlsx_col table_cols[] = {
    {"TT", 6},
    {"Tên nhiệm vụ", 44},
    {"Mục tiêu", 32},
    {"Sản phẩm", 32},
    {"Thời gian hoàn thành", 14},
    {"Cơ quan chủ trì", 26},
    {"Cơ quan phối hợp", 30},
    {"Nguồn lực thực hiện", 28},
    {"Kinh phí dự kiến (đồng)", 18},
    {"Ghi chú", 24},
};

/* "dd/mm/yyyy" of "YYYY-MM-DD"; "" for NULL. */
static const char *
date_vi(struct arena *a, struct str ymd)
{
	if (ymd.p == NULL || ymd.len < 10)
		return "";
	return arena_printf(a, "%.2s/%.2s/%.4s", ymd.p + 8, ymd.p + 5, ymd.p);
}

/* Full names of the codes, "; "-separated, from the agencies table. */
static enum nv_err
coord_names(
    struct req *rq, const struct db_res *ag, struct str codes, struct str *out)
{
	const char *p = codes.p, *end = codes.p + codes.len, *comma, *s = "";
	struct str code, nm;
	size_t i;

	while (codes.len > 0 && p < end && s != NULL) {
		if ((comma = memchr(p, ',', (size_t)(end - p))) == NULL)
			comma = end;
		code = (struct str){p, (size_t)(comma - p)};
		nm = code;
		for (i = 0; i < ag->nrows; i++)
			if (str_eq(code, db_cell(ag, i, 0).p))
				nm = db_cell(ag, i, 1);
		s = arena_printf(rq->arena, "%s%s%.*s", s, *s ? "; " : "",
		    (int)nm.len, nm.p);
		p = comma + 1;
	}
	if (s == NULL)
		return NV_ETOOBIG;
	*out = str_c(s);
	return NV_OK;
}

static enum nv_err
table_rows(struct req *rq, struct xlsx *x, const struct db_res *r,
    const struct db_res *ag)
{
	struct str coord, note;
	size_t i;
	enum nv_err e;

	for (i = 0; i < r->nrows; i++) {
		uint32_t row = (uint32_t)i + 1;
		struct str budget = db_cell(r, i, PIC_BUDGET);

		if ((e = coord_names(rq, ag, db_cell(r, i, PIC_COORDINATING),
		         &coord)) != NV_OK)
			return e;
		note = str_eq(db_cell(r, i, PIC_CHANGE), "changed")
		           ? STR("Điều chỉnh so với bản đã phê duyệt")
		           : STR("");
		/* Issue 15: a cancelled task, struck out, and by which
		 * amendment (this one, or the approved one that did). */
		struct str gone = db_cell(r, i, PIC_REMOVED_IN);
		bool removed = str_eq(db_cell(r, i, PIC_CHANGE), "removed");
		enum xlsx_fmt tf =
		    removed || gone.p != NULL ? XF_STRUCK : XF_TEXT;
		if (removed)
			note =
			    STR("Đưa ra khỏi Chương trình (nhiệm vụ đã hủy)");
		else if (gone.p != NULL)
			note = str_c(arena_printf(rq->arena,
			    "Đã đưa ra khỏi Chương trình theo Điều chỉnh lần "
			    "%.*s",
			    (int)gone.len, gone.p));
		if (note.p == NULL)
			return NV_ETOOBIG;
		if ((e = xlsx_num(x, row, 0, (double)row, XF_CENTER)) ||
		    (e = xlsx_str(x, row, 1, db_cell(r, i, PIC_NAME), tf)) ||
		    (e = xlsx_str(x, row, 2, db_cell(r, i, PIC_TARGET), tf)) ||
		    (e = xlsx_str(x, row, 3, db_cell(r, i, PIC_PRODUCT), tf)) ||
		    (e = xlsx_date(
		         x, row, 4, db_cell(r, i, PIC_DEADLINE), XF_DATE)) ||
		    (e = xlsx_str(
		         x, row, 5, db_cell(r, i, PIC_LEAD_NAME), tf)) ||
		    (e = xlsx_str(x, row, 6, coord, tf)) ||
		    (e = xlsx_str(
		         x, row, 7, db_cell(r, i, PIC_RESOURCES), tf)) ||
		    (e = budget.p != NULL
		             ? xlsx_num(x, row, 8,
		                   (double)db_int(r, i, PIC_BUDGET), XF_MONEY)
		             : xlsx_str(x, row, 8, STR(""), XF_MONEY)) ||
		    (e = xlsx_str(x, row, 9, note, XF_TEXT)))
			return e;
	}
	return NV_OK;
}

/* GET /exports/programmes/{id}/table.xlsx: the official table. */
enum nv_err
api_export_programme_xlsx(struct req *rq, struct resp *rs)
{
	static const char agencies[] = "SELECT code, name FROM agencies";
	struct programme *p;
	struct db_res r, ag;
	struct xlsx *x;
	const char *lines[4];
	char fname[80], today[11];
	off_t size;
	int fd;
	enum nv_err rc;

	if ((rc = items_load(rq, &p, &r)) != NV_OK ||
	    (rc = db_query(rq->arena, agencies, NULL, 0, &ag)) != NV_OK)
		return rc;
	clock_today(today);
	if ((rc = committee_header(
	         rq->arena, p->committee, false, &lines[0])) != NV_OK)
		return rc;
	lines[1] = p->amendment == 0
	               ? arena_printf(rq->arena,
	                     "CHƯƠNG TRÌNH CÔNG TÁC NĂM %lld CỦA BAN CHỈ ĐẠO",
	                     (long long)p->year)
	               : arena_printf(rq->arena,
	                     "ĐIỀU CHỈNH LẦN %lld CHƯƠNG TRÌNH CÔNG TÁC NĂM "
	                     "%lld CỦA BAN CHỈ ĐẠO",
	                     (long long)p->amendment, (long long)p->year);
	lines[2] =
	    p->status != PG_APPROVED ? "DỰ THẢO - chưa được phê duyệt"
	    : p->doc_number.len > 0
	        ? arena_printf(rq->arena, "(Kèm theo văn bản số %.*s%s%s)",
	              (int)p->doc_number.len, p->doc_number.p,
	              p->doc_date.p != NULL ? " ngày " : "",
	              date_vi(rq->arena, p->doc_date))
	        : "Đã được phê duyệt";
	lines[3] = arena_printf(
	    rq->arena, "Số liệu đến ngày %s", date_vi(rq->arena, str_c(today)));
	if (lines[1] == NULL || lines[2] == NULL || lines[3] == NULL)
		return NV_ETOOBIG;
	if ((rc = xlsx_open(rq->conf->tmp_dir, &x)) != NV_OK)
		return rc;
	if ((rc = xlsx_sheet_titled(x, "Chương trình", lines[1], lines,
	         NELEM(lines), table_cols, NELEM(table_cols))) != NV_OK ||
	    (rc = table_rows(rq, x, &r, &ag)) != NV_OK) {
		xlsx_abort(x);
		return rc;
	}
	if ((rc = xlsx_close(x, &fd, &size)) != NV_OK)
		return rc;
	if ((rc = api_export_audit(rq, "programme.xlsx", (int64_t)r.nrows)) !=
	    NV_OK) {
		close(fd);
		return rc;
	}
	snprintf(fname, sizeof(fname), "chuong-trinh-%lld-%lld.xlsx",
	    (long long)p->year, (long long)p->amendment);
	return api_send_xlsx(rs, fd, size, fname);
}
