/* SPDX-License-Identifier: ISC */
/*
 * Registration rounds over HTTP (issue 15): the list, the history, the
 * compliance board and its workbook.  What a round is and how it is
 * written are fcgi/domain/round.c and fcgi/domain/wf.c.
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
#include "fcgi/domain/round.h"
#include "fcgi/domain/vocab.h"
#include "fcgi/domain/wf.h"

/* A round per year: a century of them is every round there can be. */
#define ROUNDS_MAX (YEAR_MAX - YEAR_MIN + 1)

/*
 * GET /rounds?year=&committee=: the rounds of a committee (by default the
 * caller's own; another only for a caller who reaches it, issue 14),
 * newest year first (anyone logged in).
 */
enum nv_err
api_round_list(struct req *rq, struct resp *rs)
{
	static const char sql[] = "SELECT {cols} FROM registration_rounds x "
	                          "WHERE (? IS NULL OR x.year = ?) "
	                          "AND x.committee = ? "
	                          "ORDER BY x.year DESC LIMIT ?";
	struct str cm;
	struct db_res r;
	struct round x;
	struct jw *w;
	struct str s;
	int64_t year = 0;
	size_t i;
	enum nv_err rc;

	if ((s = req_query(rq, "year")).p != NULL &&
	    str_to_i64(s, YEAR_MIN, YEAR_MAX, &year) != NV_OK)
		return req_fail(rq, NV_EINVAL, "year", "Năm không hợp lệ.");
	rc = committee_pick(
	    rq->arena, &rq->sess->user, req_query(rq, "committee"), &cm);
	if (rc == NV_EINVAL)
		return req_fail(
		    rq, NV_EINVAL, "committee", "Mã ban chỉ đạo không hợp lệ.");
	if (rc != NV_OK)
		return rc;
	struct db_param p[] = {year ? DBP_INT(year) : DBP_NULL,
	    year ? DBP_INT(year) : DBP_NULL, DBP_STR(cm), DBP_INT(ROUNDS_MAX)};
	if ((rc = db_query(rq->arena, record_sql(&round_record, sql), p,
	         NELEM(p), &r)) != NV_OK)
		return rc;
	w = resp_json(rs, 200);
	jw_obj_open(w);
	jw_key(w, "items");
	jw_arr_open(w);
	for (i = 0; i < r.nrows; i++) {
		if ((rc = record_parse(&round_record, r.cells + i * r.ncols,
		         r.ncols, &x)) != NV_OK)
			return rc;
		round_json_obj(w, &x, &rq->sess->user);
	}
	jw_arr_close(w);
	jw_obj_close(w);
	return NV_OK;
}

/*
 * The round of the path and its board as the caller may read it: the
 * committee every body, a head their own agency's row (as the dashboard).
 */
static enum nv_err
board_load(struct req *rq, struct round **r, struct round_body **b, size_t *n)
{
	const struct user *u = &rq->sess->user;
	struct actor ac;
	struct wf_rec rec;
	struct str only = STR_NULL;
	enum nv_err rc;

	if ((rc = req_query_unused(rq)) != NV_OK)
		return rc;
	api_actor(rq, &ac);
	if ((rc = wf_load(&ac, &round_record, rq->path_id, false, &rec)) !=
	    NV_OK)
		return rc;
	*r = rec.row;
	if (!(u->roles & (ROLE_BIT(ROLE_SECRETARIAT) |
	                     ROLE_BIT(ROLE_LEADERSHIP) | ROLE_BIT(ROLE_ADMIN))))
		only = str_c(u->agency_code);
	return round_board(rq->arena, *r, only, b, n);
}

/* GET /rounds/{id}/compliance: per body, on time, late or missing. */
enum nv_err
api_round_compliance(struct req *rq, struct resp *rs)
{
	struct round *r;
	struct round_body *b;
	int64_t count[RB__MAX] = {0};
	size_t n, i, k;
	struct jw *w;
	enum nv_err rc;

	if ((rc = board_load(rq, &r, &b, &n)) != NV_OK)
		return rc;
	for (i = 0; i < n; i++)
		count[b[i].standing]++;
	w = resp_json(rs, 200);
	jw_obj_open(w);
	jw_key(w, "round");
	round_json_obj(w, r, &rq->sess->user);
	jw_key(w, "totals");
	jw_obj_open(w);
	jw_kint(w, "bodies", (int64_t)n);
	for (k = 0; k < RB__MAX; k++)
		jw_kint(w, round_standing_names[k], count[k]);
	jw_obj_close(w);
	jw_key(w, "items");
	jw_arr_open(w);
	for (i = 0; i < n; i++) {
		jw_obj_open(w);
		jw_ksstr(w, "code", b[i].code);
		jw_ksstr(w, "name", b[i].name);
		jw_ksstr(w, "kind", b[i].kind);
		jw_kstrz(w, "status", round_standing_names[b[i].standing]);
		jw_kstrz(w, "registered_on",
		    b[i].registered_on[0] ? b[i].registered_on : NULL);
		jw_key(w, "tasks");
		jw_arr_open(w);
		for (k = 0; k < b[i].ntasks; k++) {
			jw_obj_open(w);
			jw_kint(w, "id", b[i].tasks[k].id);
			jw_ksstr(w, "name", b[i].tasks[k].name);
			jw_kstrz(
			    w, "registered_on", b[i].tasks[k].registered_on);
			jw_kbool(w, "late", b[i].tasks[k].is_late);
			jw_obj_close(w);
		}
		jw_arr_close(w);
		jw_obj_close(w);
	}
	jw_arr_close(w);
	jw_obj_close(w);
	return NV_OK;
}

/* --- the workbook ----------------------------------------------------------
 */

static const struct xlsx_col board_cols[] = {
    {"TT", 6},
    {"Cơ quan, đơn vị", 40},
    {"Loại cơ quan", 22},
    {"Tình hình đăng ký", 20},
    {"Ngày đăng ký đầu tiên", 16},
    {"Số nhiệm vụ đăng ký", 14},
    {"Nhiệm vụ đã đăng ký", 60},
};

static const char *const kind_vi[ROUND_NKINDS] = {"Cơ quan Đảng",
    "Mặt trận Tổ quốc, đoàn thể", "Sở, ban, ngành", "Đơn vị khác", "Cấp xã"};
static const char *const standing_vi[RB__MAX] = {
    "Đúng hạn", "Muộn hạn", "Chưa đăng ký"};
static const enum xlsx_fmt standing_fmt[RB__MAX] = {
    XF_GREEN, XF_YELLOW, XF_RED};

static const char *
kind_name(struct str k)
{
	int i = record_name_index(round_kind_names, ROUND_NKINDS, k);

	return i >= 0 ? kind_vi[i] : "";
}

/* "dd/mm/yyyy" of "YYYY-MM-DD". */
static const char *
date_vi(struct arena *a, const char *ymd)
{
	if (ymd == NULL || strlen(ymd) < 10)
		return "";
	return arena_printf(a, "%.2s/%.2s/%.4s", ymd + 8, ymd + 5, ymd);
}

static enum nv_err
board_rows(struct req *rq, struct xlsx *x, const struct round_body *b, size_t n)
{
	struct arena *a = rq->arena;
	const char *list;
	size_t i, k;
	enum nv_err rc = NV_OK;

	for (i = 0; i < n && rc == NV_OK; i++) {
		uint32_t row = (uint32_t)i + 1;

		list = "";
		for (k = 0; k < b[i].ntasks && list != NULL; k++)
			list = arena_printf(a, "%s%s%.*s (%s%s)", list,
			    k ? "\n" : "", (int)b[i].tasks[k].name.len,
			    b[i].tasks[k].name.p,
			    date_vi(a, b[i].tasks[k].registered_on),
			    b[i].tasks[k].is_late ? ", muộn hạn" : "");
		if (list == NULL)
			return NV_ETOOBIG;
		if ((rc = xlsx_num(x, row, 0, (double)row, XF_CENTER)) ||
		    (rc = xlsx_str(x, row, 1, b[i].name, XF_TEXT)) ||
		    (rc = xlsx_str(
		         x, row, 2, str_c(kind_name(b[i].kind)), XF_TEXT)) ||
		    (rc = xlsx_str(x, row, 3, str_c(standing_vi[b[i].standing]),
		         standing_fmt[b[i].standing])) ||
		    (rc = xlsx_date(x, row, 4,
		         b[i].registered_on[0] ? str_c(b[i].registered_on)
		                               : STR_NULL,
		         XF_DATE)) ||
		    (rc = xlsx_num(x, row, 5, (double)b[i].ntasks, XF_INT)))
			return rc;
		rc = xlsx_str(x, row, 6, str_c(list), XF_TEXT);
	}
	return rc;
}

/* GET /exports/rounds/{id}/compliance.xlsx: the board, one row a body. */
enum nv_err
api_export_round_xlsx(struct req *rq, struct resp *rs)
{
	struct round *r;
	struct round_body *b;
	struct xlsx *x;
	const char *lines[4];
	char fname[64], today[11];
	size_t n;
	off_t size;
	int fd;
	enum nv_err rc;

	if ((rc = board_load(rq, &r, &b, &n)) != NV_OK)
		return rc;
	clock_today(today);
	if ((rc = committee_header(rq->arena, r->committee, true, &lines[0])) !=
	    NV_OK)
		return rc;
	lines[1] = arena_printf(rq->arena,
	    "TÌNH HÌNH ĐĂNG KÝ NHIỆM VỤ ĐỘT PHÁ NĂM %lld", (long long)r->year);
	lines[2] = arena_printf(
	    rq->arena, "Hạn đăng ký: %s", date_vi(rq->arena, r->deadline.p));
	lines[3] = arena_printf(
	    rq->arena, "Số liệu đến ngày %s", date_vi(rq->arena, today));
	if (lines[1] == NULL || lines[2] == NULL || lines[3] == NULL)
		return NV_ETOOBIG;
	if ((rc = xlsx_open(rq->conf->tmp_dir, &x)) != NV_OK)
		return rc;
	if ((rc = xlsx_sheet_titled(x, "Đăng ký", lines[1], lines, NELEM(lines),
	         board_cols, NELEM(board_cols))) != NV_OK ||
	    (rc = board_rows(rq, x, b, n)) != NV_OK) {
		xlsx_abort(x);
		return rc;
	}
	if ((rc = xlsx_close(x, &fd, &size)) != NV_OK)
		return rc;
	if ((rc = api_export_audit(rq, "round-compliance.xlsx", (int64_t)n)) !=
	    NV_OK) {
		close(fd);
		return rc;
	}
	snprintf(fname, sizeof(fname), "dang-ky-%lld-%s.xlsx",
	    (long long)r->year, today);
	return api_send_xlsx(rs, fd, size, fname);
}
