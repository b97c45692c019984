/* SPDX-License-Identifier: ISC */
/*
 * Missing reports named (issue 15): for a month, the tasks in the
 * programme with no report submitted or approved for it, per lead body,
 * as JSON for the follow-up screen and as a workbook the secretariat
 * sends out.  The same tasks the dashboard counts as missing_reports.
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
#include "fcgi/domain/dashboard.h"
#include "fcgi/domain/task.h"

/* A year's programme and what it carries over, generously. */
#define MISSING_MAX 5000

enum { MC_CODE, MC_AGENCY, MC_ID, MC_NAME, MC_DEADLINE, MC_LAST, MC__MAX };

/*
 * In the programme, of the period's year or earlier (unfinished work
 * carries over), nothing submitted or approved for the period: as the
 * dashboard's missing_reports.  The latest approved report's month says
 * how long the silence has lasted.
 */
static const char missing_sql[] =
    "SELECT t.lead_agency, a.name, t.id, t.name, "
    "DATE_FORMAT(t.deadline, '%Y-%m-%d'), t.progress_period "
    "FROM tasks t JOIN agencies a ON a.code = t.lead_agency "
    "WHERE t.status = 'in_program' AND t.year <= ? "
    "AND (? IS NULL OR t.lead_agency = ?) AND NOT EXISTS ("
    "SELECT 1 FROM reports r WHERE r.task_id = t.id AND r.period = ? "
    "AND r.status IN ('submitted', 'approved')) AND " TASK_SCOPE(
        "t") " "
             "ORDER BY a.position, a.code, t.id LIMIT ?";

struct missing {
	char period[8];
	int64_t year;
	struct db_res r;
};

/* ?period=YYYY-MM (default: this month); a head sees their own body. */
static enum nv_err
missing_load(struct req *rq, struct missing *m)
{
	const struct user *u = &rq->sess->user;
	struct str s, only = STR_NULL;
	enum nv_err rc;

	clock_period(m->period);
	if ((s = req_query(rq, "period")).p != NULL) {
		if (!dash_period_ok(s))
			return req_fail(rq, NV_EINVAL, "period",
			    "Kỳ phải có dạng YYYY-MM.");
		memcpy(m->period, s.p, 7);
		m->period[7] = '\0';
	}
	if ((rc = req_query_unused(rq)) != NV_OK)
		return rc;
	if (!(u->roles & (ROLE_BIT(ROLE_SECRETARIAT) |
	                     ROLE_BIT(ROLE_LEADERSHIP) | ROLE_BIT(ROLE_ADMIN))))
		only = str_c(u->agency_code);
	m->year = (m->period[0] - '0') * 1000 + (m->period[1] - '0') * 100 +
	          (m->period[2] - '0') * 10 + (m->period[3] - '0');
	struct db_param p[] = {DBP_INT(m->year), DBP_STR(only), DBP_STR(only),
	    DBP_STR(str_c(m->period)), DBP_NULL, DBP_NULL,
	    DBP_INT(MISSING_MAX + 1)};
	task_scope_params(u, p + 4); /* a commune's own (issue 14) */
	if ((rc = db_query(rq->arena, missing_sql, p, NELEM(p), &m->r)) !=
	    NV_OK)
		return rc;
	return m->r.nrows > MISSING_MAX ? NV_ETOOBIG : NV_OK;
}

static void
opt(struct jw *w, const char *k, struct str s)
{
	jw_key(w, k);
	if (s.p != NULL)
		jw_sstr(w, s);
	else
		jw_null(w);
}

/* GET /missing-reports?period=: {"period", "total", "agencies": [...]}. */
enum nv_err
api_missing_reports(struct req *rq, struct resp *rs)
{
	struct missing m;
	struct jw *w;
	size_t i;
	enum nv_err rc;

	if ((rc = missing_load(rq, &m)) != NV_OK)
		return rc;
	w = resp_json(rs, 200);
	jw_obj_open(w);
	jw_kstrz(w, "period", m.period);
	jw_kint(w, "total", (int64_t)m.r.nrows);
	jw_key(w, "agencies");
	jw_arr_open(w);
	for (i = 0; i < m.r.nrows; i++) {
		struct str code = db_cell(&m.r, i, MC_CODE);

		if (i == 0 || !str_eq(code, db_cell(&m.r, i - 1, MC_CODE).p)) {
			if (i > 0) {
				jw_arr_close(w);
				jw_obj_close(w);
			}
			jw_obj_open(w);
			jw_ksstr(w, "code", code);
			jw_ksstr(w, "name", db_cell(&m.r, i, MC_AGENCY));
			jw_key(w, "tasks");
			jw_arr_open(w);
		}
		jw_obj_open(w);
		jw_kint(w, "id", db_int(&m.r, i, MC_ID));
		jw_ksstr(w, "name", db_cell(&m.r, i, MC_NAME));
		opt(w, "deadline", db_cell(&m.r, i, MC_DEADLINE));
		opt(w, "last_period", db_cell(&m.r, i, MC_LAST));
		jw_obj_close(w);
	}
	if (m.r.nrows > 0) {
		jw_arr_close(w);
		jw_obj_close(w);
	}
	jw_arr_close(w);
	jw_obj_close(w);
	return NV_OK;
}

static const struct xlsx_col missing_cols[] = {
    {"TT", 6},
    {"Cơ quan chủ trì", 32},
    {"Tên nhiệm vụ", 56},
    {"Hạn hoàn thành", 14},
    {"Báo cáo gần nhất được duyệt", 18},
};

/* GET /exports/missing-reports.xlsx?period=: one row a task, by body. */
enum nv_err
api_export_missing_xlsx(struct req *rq, struct resp *rs)
{
	struct missing m;
	struct xlsx *x;
	const char *lines[4];
	char today[11], fname[64];
	size_t i;
	off_t size;
	int fd;
	enum nv_err rc;

	if ((rc = missing_load(rq, &m)) != NV_OK)
		return rc;
	clock_today(today);
	if ((rc = committee_header(rq->arena, str_c(rq->sess->user.committee),
	         true, &lines[0])) != NV_OK)
		return rc;
	lines[1] = arena_printf(rq->arena,
	    "DANH SÁCH NHIỆM VỤ CHƯA BÁO CÁO THÁNG %.2s/%.4s", m.period + 5,
	    m.period);
	lines[2] = arena_printf(rq->arena, "Tổng số: %zu nhiệm vụ", m.r.nrows);
	lines[3] = arena_printf(rq->arena, "Số liệu đến ngày %.2s/%.2s/%.4s",
	    today + 8, today + 5, today);
	if (lines[1] == NULL || lines[2] == NULL || lines[3] == NULL)
		return NV_ETOOBIG;
	if ((rc = xlsx_open(rq->conf->tmp_dir, &x)) != NV_OK)
		return rc;
	rc = xlsx_sheet_titled(x, "Chưa báo cáo", lines[1], lines, NELEM(lines),
	    missing_cols, NELEM(missing_cols));
	for (i = 0; rc == NV_OK && i < m.r.nrows; i++) {
		uint32_t row = (uint32_t)i + 1;
		struct str last = db_cell(&m.r, i, MC_LAST);
		const char *lv =
		    last.p != NULL && last.len == 7
		        ? arena_printf(
		              rq->arena, "Tháng %.2s/%.4s", last.p + 5, last.p)
		        : "Chưa có";

		if ((rc = xlsx_num(x, row, 0, (double)row, XF_CENTER)) ||
		    (rc = xlsx_str(
		         x, row, 1, db_cell(&m.r, i, MC_AGENCY), XF_TEXT)) ||
		    (rc = xlsx_str(
		         x, row, 2, db_cell(&m.r, i, MC_NAME), XF_TEXT)) ||
		    (rc = xlsx_date(
		         x, row, 3, db_cell(&m.r, i, MC_DEADLINE), XF_DATE)))
			break;
		rc = xlsx_str(x, row, 4, str_c(lv), XF_CENTER);
	}
	if (rc != NV_OK) {
		xlsx_abort(x);
		return rc;
	}
	if ((rc = xlsx_close(x, &fd, &size)) != NV_OK)
		return rc;
	if ((rc = api_export_audit(
	         rq, "missing-reports.xlsx", (int64_t)m.r.nrows)) != NV_OK) {
		close(fd);
		return rc;
	}
	snprintf(fname, sizeof(fname), "chua-bao-cao-%s.xlsx", m.period);
	return api_send_xlsx(rs, fd, size, fname);
}
