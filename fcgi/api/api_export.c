/* SPDX-License-Identifier: ISC */
/*
 * Exports in the registration template's layout: tasks.xlsx and tasks.csv
 * (the same filters and visibility as GET /tasks) and dashboard.xlsx.
 * Rows are streamed from MariaDB; the CSV goes out as it is written, the
 * workbook is built in a temporary file in constant memory and then
 * streamed.  Every export is audited: who exported what, how many rows.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "auth/sess.h"
#include "fcgi/domain/committee_header.h"
#include "fcgi/api/api.h"
#include "fcgi/domain/audit.h"
#include "fcgi/base/buf.h"
#include "fcgi/base/clock.h"
#include "fcgi/domain/dashboard.h"
#include "fcgi/base/jw.h"
#include "fcgi/base/str.h"
#include "fcgi/domain/task.h"
#include "fcgi/base/xlsx.h"

#define XLSX_TYPE                                                              \
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* The registration template's columns, in its order. */
static const struct xlsx_col template_cols[] = {
    {"TT", 6},
    {"Tên nhiệm vụ", 48},
    {"Người chịu trách nhiệm", 24},
    {"Cơ quan chủ trì thực hiện", 28},
    {"Cơ quan phối hợp", 32},
    {"Dự kiến sản phẩm", 40},
    {"Dự kiến kinh phí", 18},
    {"Ghi chú", 30},
    /* After the template's eight: what a filtered list is read for. */
    {"Hạn hoàn thành", 14},
    {"Trạng thái", 22},
    /* Issue 15: that the deadline was extended, how often, by whom. */
    {"Gia hạn", 18},
};

/* The issuing body, first line of every workbook's title block. */

/* The statuses as the screens name them (nginx/www/js/format.js). */
static const char *const status_vi[TS__MAX] = {
    [TS_DRAFT] = "Nháp",
    [TS_SUBMITTED] = "Chờ phê duyệt",
    [TS_APPROVED] = "Đã phê duyệt, chờ tiếp nhận",
    [TS_RETURNED] = "Bị trả lại",
    [TS_IN_PROGRAM] = "Trong Chương trình",
    [TS_COMPLETED] = "Hoàn thành",
    [TS_CANCELLED] = "Đã hủy",
};

/* "dd/mm/yyyy" of "YYYY-MM-DD" into out; "" when ymd.p is NULL. */
static void
date_vi(struct str ymd, char out[11])
{
	out[0] = '\0';
	if (ymd.p == NULL || ymd.len < 10)
		return;
	snprintf(out, 11, "%.2s/%.2s/%.4s", ymd.p + 8, ymd.p + 5, ymd.p);
}

/* "Số liệu đến ngày dd/mm/yyyy" (province time) into out. */
static void
as_of_line(char *out, size_t size)
{
	char today[11], vi[11];

	clock_today(today);
	date_vi(str_c(today), vi);
	snprintf(out, size, "Số liệu đến ngày %s", vi);
}

struct names {
	struct db_res r; /* code, name */
};

static enum nv_err
names_load(struct req *rq, struct names *n)
{
	static const char sql[] = "SELECT code, name FROM agencies";

	return db_query(rq->arena, sql, NULL, 0, &n->r);
}

static struct str
name_of(const struct names *n, struct str code)
{
	size_t i;

	for (i = 0; i < n->r.nrows; i++) {
		struct str c = db_cell(&n->r, i, 0);
		if (c.len == code.len && memcmp(c.p, code.p, c.len) == 0)
			return db_cell(&n->r, i, 1);
	}
	return code;
}

/* Full names of a comma-separated list of codes, "; "-separated. */
static struct str
coord_names(struct req *rq, const struct names *n, struct str codes)
{
	struct buf b;
	const char *p = codes.p, *end = codes.p + codes.len, *comma;
	struct str out = STR("");

	buf_init(&b, 64 * 1024);
	while (p != NULL && p < end) {
		comma = memchr(p, ',', (size_t)(end - p));
		if (comma == NULL)
			comma = end;
		struct str nm =
		    name_of(n, (struct str){p, (size_t)(comma - p)});
		if (b.len > 0)
			buf_add(&b, "; ", 2);
		buf_add(&b, nm.p, nm.len);
		p = comma + 1;
	}
	if (!buf_failed(&b) && b.len > 0) {
		out.p = arena_strndup(rq->arena, b.p, b.len);
		out.len = out.p ? b.len : 0;
	}
	buf_free(&b);
	return out;
}

enum nv_err
api_export_audit(struct req *rq, const char *file, int64_t rows)
{
	struct audit au = {0};
	struct buf b;
	struct jw w;
	enum nv_err rc;

	buf_init(&b, 16 * 1024);
	jw_init(&w, &b);
	jw_obj_open(&w);
	jw_kstrz(&w, "file", file);
	jw_ksstr(&w, "query", rq->query.p ? rq->query : STR(""));
	jw_kint(&w, "rows", rows);
	jw_obj_close(&w);
	au.actor = rq->sess->user.username;
	au.action = "export";
	au.detail = b.p;
	au.detail_len = b.len;
	rc = buf_failed(&b) ? NV_ETOOBIG : audit_write(rq, &au);
	buf_free(&b);
	return rc;
}

enum nv_err
api_send_xlsx(struct resp *rs, int fd, off_t size, const char *filename)
{
	char disp[128], buf[64 * 1024];
	ssize_t n;
	enum nv_err rc;

	snprintf(disp, sizeof(disp), "attachment; filename=\"%s\"", filename);
	rc = resp_stream_begin(rs, 200, XLSX_TYPE, disp, (long long)size);
	while (rc == NV_OK && (n = read(fd, buf, sizeof(buf))) > 0)
		rc = resp_stream_write(rs, buf, (size_t)n);
	close(fd);
	return rc;
}

/* --- tasks --------------------------------------------------------------- */

struct rows_ctx {
	struct req *rq;
	const struct names *names;
	struct xlsx *x;  /* the workbook, or NULL for CSV */
	struct resp *rs; /* CSV goes straight out */
	struct buf line;
	int64_t n;
};

/*
 * A CSV field: quoted when it holds a separator, a quote or a line break;
 * a leading = + - @ (or tab, CR) gets a ' so that spreadsheets never read
 * the cell as a formula.
 */
void
api_csv_field(struct buf *b, struct str s, bool text)
{
	size_t i;
	bool quote = false;

	if (s.p == NULL)
		s = STR("");
	for (i = 0; i < s.len; i++)
		if (s.p[i] == ',' || s.p[i] == '"' || s.p[i] == '\n' ||
		    s.p[i] == '\r')
			quote = true;
	if (quote)
		buf_addc(b, '"');
	if (text && s.len > 0 && strchr("=+-@\t\r", s.p[0]) != NULL)
		buf_addc(b, '\'');
	for (i = 0; i < s.len; i++) {
		if (s.p[i] == '"')
			buf_addc(b, '"');
		buf_addc(b, s.p[i]);
	}
	if (quote)
		buf_addc(b, '"');
}

static enum nv_err
task_row(void *ctx, const struct str *cells, size_t ncols)
{
	struct rows_ctx *rc = ctx;
	struct task t;
	struct str lead, coords, ext;
	char num[24], budget[24], date[11];
	enum nv_err e;
	uint32_t row;

	if ((e = task_parse(cells, ncols, &t)) != NV_OK)
		return e;
	rc->n++;
	ext = t.extensions > 0
	          ? str_c(arena_printf(rc->rq->arena, "%lld lần (%.*s)",
	                (long long)t.extensions, (int)t.extended_by.len,
	                t.extended_by.p != NULL ? t.extended_by.p : ""))
	          : STR("");
	lead = name_of(rc->names, t.lead_agency);
	coords = coord_names(rc->rq, rc->names, t.coords);
	if (rc->x != NULL) {
		row = (uint32_t)rc->n;
		if ((e = xlsx_num(rc->x, row, 0, (double)rc->n, XF_CENTER)) ||
		    (e = xlsx_str(rc->x, row, 1, t.name, XF_TEXT)) ||
		    (e = xlsx_str(
		         rc->x, row, 2, t.responsible_person, XF_TEXT)) ||
		    (e = xlsx_str(rc->x, row, 3, lead, XF_TEXT)) ||
		    (e = xlsx_str(rc->x, row, 4, coords, XF_TEXT)) ||
		    (e = xlsx_str(
		         rc->x, row, 5, t.expected_product, XF_TEXT)) ||
		    (e = t.estimated_budget.set
		             ? xlsx_num(rc->x, row, 6,
		                   (double)t.estimated_budget.v, XF_MONEY)
		             : xlsx_str(rc->x, row, 6, STR(""), XF_MONEY)) ||
		    (e = xlsx_str(rc->x, row, 7, t.notes, XF_TEXT)) ||
		    (e = xlsx_date(rc->x, row, 8, t.deadline, XF_DATE)) ||
		    (e = xlsx_str(
		         rc->x, row, 9, str_c(status_vi[t.status]), XF_TEXT)) ||
		    (e = xlsx_str(rc->x, row, 10, ext, XF_TEXT)))
			return e;
		return NV_OK;
	}
	buf_reset(&rc->line);
	snprintf(num, sizeof(num), "%lld", (long long)rc->n);
	snprintf(
	    budget, sizeof(budget), "%lld", (long long)t.estimated_budget.v);
	api_csv_field(&rc->line, str_c(num), false);
	buf_addc(&rc->line, ',');
	api_csv_field(&rc->line, t.name, true);
	buf_addc(&rc->line, ',');
	api_csv_field(&rc->line, t.responsible_person, true);
	buf_addc(&rc->line, ',');
	api_csv_field(&rc->line, lead, true);
	buf_addc(&rc->line, ',');
	api_csv_field(&rc->line, coords, true);
	buf_addc(&rc->line, ',');
	api_csv_field(&rc->line, t.expected_product, true);
	buf_addc(&rc->line, ',');
	api_csv_field(
	    &rc->line, t.estimated_budget.set ? str_c(budget) : STR(""), false);
	buf_addc(&rc->line, ',');
	api_csv_field(&rc->line, t.notes, true);
	buf_addc(&rc->line, ',');
	date_vi(t.deadline, date);
	api_csv_field(&rc->line, str_c(date), false);
	buf_addc(&rc->line, ',');
	api_csv_field(&rc->line, str_c(status_vi[t.status]), false);
	buf_addc(&rc->line, ',');
	api_csv_field(&rc->line, ext, true);
	buf_add(&rc->line, "\r\n", 2);
	if (buf_failed(&rc->line))
		return NV_ETOOBIG;
	return resp_stream_write(rc->rs, rc->line.p, rc->line.len);
}

/* Reads the filters of GET /tasks; refuses everything else. */
static enum nv_err
task_filters(struct req *rq, struct task_filter *f)
{
	enum nv_err rc;

	if ((rc = api_task_filter(rq, f)) != NV_OK)
		return rc;
	return req_query_unused(rq);
}

#define TASKS_TITLE                                                                                     \
	"DANH MỤC NHIỆM VỤ ĐỘT PHÁ VỀ KHOA HỌC, CÔNG NGHỆ, ĐỔI MỚI SÁNG TẠO, " \
	"CHUYỂN ĐỔI SỐ, CẢI CÁCH HÀNH CHÍNH VÀ ĐỀ ÁN 06"

/* The task sheet with its title block: issuer, title, scope, data date. */
static enum nv_err
task_sheet(struct req *rq, const struct task_filter *f, struct xlsx *x)
{
	char scope[96], asof[64];
	const char *lines[4];
	enum nv_err e;

	/* The committee the list names (?committee=), else the caller's. */
	if ((e = committee_header(rq->arena,
	         f->committee.p != NULL ? f->committee
	                                : str_c(rq->sess->user.committee),
	         true, &lines[0])) != NV_OK)
		return e;
	if (f->scope)
		snprintf(scope, sizeof(scope),
		    "Năm %lld và các năm trước chưa hoàn thành",
		    (long long)f->scope);
	else if (f->year)
		snprintf(scope, sizeof(scope), "Năm %lld", (long long)f->year);
	else
		snprintf(scope, sizeof(scope), "Tất cả các năm");
	as_of_line(asof, sizeof(asof));
	lines[1] = TASKS_TITLE;
	lines[2] = scope;
	lines[3] = asof;
	return xlsx_sheet_titled(x, "Nhiệm vụ", TASKS_TITLE, lines,
	    NELEM(lines), template_cols, NELEM(template_cols));
}

enum nv_err
api_export_tasks_xlsx(struct req *rq, struct resp *rs)
{
	struct task_filter f;
	struct names names;
	struct rows_ctx rc = {0};
	char fname[64], today[11];
	int fd;
	off_t size;
	enum nv_err e;

	if ((e = task_filters(rq, &f)) != NV_OK ||
	    (e = names_load(rq, &names)) != NV_OK)
		return e;
	if ((e = xlsx_open(rq->conf->tmp_dir, &rc.x)) != NV_OK)
		return e;
	if ((e = task_sheet(rq, &f, rc.x)) != NV_OK) {
		xlsx_abort(rc.x);
		return e;
	}
	rc.rq = rq;
	rc.names = &names;
	if ((e = api_task_query(rq, &f, INT64_MAX, INT64_MAX, task_row, &rc)) !=
	    NV_OK) {
		xlsx_abort(rc.x);
		return e;
	}
	if ((e = xlsx_close(rc.x, &fd, &size)) != NV_OK)
		return e;
	if ((e = api_export_audit(rq, "tasks.xlsx", rc.n)) != NV_OK) {
		close(fd);
		return e;
	}
	clock_today(today);
	snprintf(fname, sizeof(fname), "nhiem-vu-%s.xlsx", today);
	return api_send_xlsx(rs, fd, size, fname);
}

enum nv_err
api_export_tasks_csv(struct req *rq, struct resp *rs)
{
	/* The BOM tells Excel the file is UTF-8. */
	static const char head[] =
	    "\xEF\xBB\xBFTT,Tên nhiệm vụ,Người chịu trách nhiệm,"
	    "Cơ quan chủ trì thực hiện,Cơ quan phối hợp,Dự kiến sản phẩm,"
	    "Dự kiến kinh phí,Ghi chú,Hạn hoàn thành,Trạng thái,Gia hạn\r\n";
	struct task_filter f;
	struct names names;
	struct rows_ctx rc = {0};
	char disp[96], today[11];
	enum nv_err e;

	if ((e = task_filters(rq, &f)) != NV_OK ||
	    (e = names_load(rq, &names)) != NV_OK)
		return e;
	clock_today(today);
	snprintf(disp, sizeof(disp), "attachment; filename=\"nhiem-vu-%s.csv\"",
	    today);
	if ((e = resp_stream_begin(
	         rs, 200, "text/csv; charset=utf-8", disp, -1)) != NV_OK ||
	    (e = resp_stream_write(rs, head, sizeof(head) - 1)) != NV_OK)
		return e;
	rc.rq = rq;
	rc.rs = rs;
	rc.names = &names;
	buf_init(&rc.line, 256 * 1024);
	e = api_task_query(rq, &f, INT64_MAX, INT64_MAX, task_row, &rc);
	buf_free(&rc.line);
	if (e != NV_OK)
		return e;
	return api_export_audit(rq, "tasks.csv", rc.n);
}

/* --- dashboard ----------------------------------------------------------- */

static const struct xlsx_col dash_cols[] = {
    {"TT", 5},
    {"Cơ quan, đơn vị", 34},
    {"Đăng ký nhiệm vụ đột phá", 11},
    {"Trong Chương trình", 11},
    {"Đúng tiến độ", 10},
    {"Có nguy cơ chậm", 10},
    {"Chậm tiến độ", 10},
    {"Quá hạn", 9},
    {"Hoàn thành", 10},
    {"Đúng hạn", 9},
    {"Trễ hạn", 9},
    {"Tiến độ bình quân (%)", 11},
    {"Thiếu báo cáo tháng", 10},
    {"Kinh phí dự kiến (đồng)", 18},
    {"Xếp loại", 10},
    {"Thứ hạng", 9},
    /* Issue 15: extended tasks, and how often. */
    {"Nhiệm vụ được gia hạn", 11},
    {"Số lần gia hạn", 10},
};

static const struct xlsx_col overdue_cols[] = {
    {"TT", 5},
    {"Tên nhiệm vụ", 60},
    {"Cơ quan chủ trì thực hiện", 32},
    {"Hạn hoàn thành", 14},
    {"Số ngày quá hạn", 12},
    {"Tiến độ (%)", 10},
    {"Ghi chú", 36},
};

struct overdue_ctx {
	struct xlsx *x;
	const struct names *names;
	const char *today;
	int64_t n;
};

/* Days from a to b, both YYYY-MM-DD (proleptic Gregorian). */
static int64_t
days_between(const char *a, const char *b)
{
	int64_t d[2];
	const char *s[2] = {a, b};
	int i;

	for (i = 0; i < 2; i++) {
		int64_t y = (s[i][0] - '0') * 1000 + (s[i][1] - '0') * 100 +
		            (s[i][2] - '0') * 10 + (s[i][3] - '0');
		int64_t m = (s[i][5] - '0') * 10 + (s[i][6] - '0');
		int64_t dd = (s[i][8] - '0') * 10 + (s[i][9] - '0');
		if (m <= 2) {
			y--;
			m += 12;
		}
		d[i] = 365 * y + y / 4 - y / 100 + y / 400 +
		       (153 * (m - 3) + 2) / 5 + dd;
	}
	return d[1] - d[0];
}

static enum nv_err
overdue_row(void *ctx, const struct str *cells, size_t ncols)
{
	struct overdue_ctx *oc = ctx;
	struct task t;
	uint32_t row;
	enum nv_err e;

	if ((e = task_parse(cells, ncols, &t)) != NV_OK)
		return e;
	row = (uint32_t)++oc->n;
	if ((e = xlsx_num(oc->x, row, 0, (double)oc->n, XF_CENTER)) ||
	    (e = xlsx_str(oc->x, row, 1, t.name, XF_TEXT)) ||
	    (e = xlsx_str(
	         oc->x, row, 2, name_of(oc->names, t.lead_agency), XF_TEXT)) ||
	    (e = xlsx_date(oc->x, row, 3, t.deadline, XF_DATE)) ||
	    (e = xlsx_num(oc->x, row, 4,
	         (double)days_between(t.deadline.p, oc->today), XF_INT)) ||
	    (e = t.progress_period.p
	             ? xlsx_num(
	                   oc->x, row, 5, (double)t.progress_percent, XF_INT)
	             : xlsx_str(oc->x, row, 5, STR(""), XF_INT)) ||
	    (e = xlsx_str(oc->x, row, 6, t.notes, XF_TEXT)))
		return e;
	return NV_OK;
}

/* An unrated agency (colour NULL) has no task the committee follows. */
static const char *
colour_vi(const char *c)
{
	return c == NULL     ? "Chưa có nhiệm vụ"
	       : c[0] == 'g' ? "Xanh"
	       : c[0] == 'y' ? "Vàng"
	                     : "Đỏ";
}

/*
 * A dashboard sheet with its title block: issuer, title, the year and the
 * reporting month, and the date the figures were read.
 */
static enum nv_err
dash_block(struct xlsx *x, const struct dashboard *d, const char *name,
    const char *title, const struct xlsx_col *cols, uint16_t ncols)
{
	char period[96], asof[64];
	const char *lines[4];

	snprintf(period, sizeof(period), "Năm %lld, kỳ báo cáo tháng %.2s/%.4s",
	    (long long)d->year, d->period + 5, d->period);
	as_of_line(asof, sizeof(asof));
	lines[0] = d->issuer;
	lines[1] = title;
	lines[2] = period;
	lines[3] = asof;
	return xlsx_sheet_titled(
	    x, name, title, lines, NELEM(lines), cols, ncols);
}

/*
 * The per-agency table, and (issue 14) the same table with one row per
 * commune on a sheet of its own: the rows of the dashboard's committee
 * (own), under the name and title given.
 */
static enum nv_err
dash_table(struct xlsx *x, const struct dashboard *d, const char *name,
    const char *what, const struct dash_agency *rows, size_t nrows)
{
	char title[200];
	const struct dash_agency *a;
	int64_t sum[16] = {0};
	uint32_t row = 0;
	size_t i;
	int c;
	enum nv_err e;

	snprintf(title, sizeof(title),
	    "%s NĂM %lld (KỲ THÁNG "
	    "%.2s/%.4s)",
	    what, (long long)d->year, d->period + 5, d->period);
	if ((e = dash_block(x, d, name, title, dash_cols, NELEM(dash_cols))) !=
	    NV_OK)
		return e;
	for (i = 0; i < nrows; i++) {
		if (!rows[i].own)
			continue;
		int64_t v[] = {0, 0, rows[i].registered, rows[i].in_program,
		    rows[i].on_track, rows[i].at_risk, rows[i].delayed,
		    rows[i].overdue, rows[i].completed, rows[i].done_on_time,
		    rows[i].done_late, dash_avg_percent(&rows[i]),
		    rows[i].missing_reports, rows[i].budget};
		a = &rows[i];
		row++;
		if ((e = xlsx_num(x, row, 0, (double)row, XF_CENTER)) ||
		    (e = xlsx_str(x, row, 1, a->name, XF_TEXT)))
			return e;
		for (c = 2; c <= 13; c++) {
			if (c == 11 && v[c] < 0)
				e = xlsx_str(x, row, 11, STR(""), XF_INT);
			else
				e = xlsx_num(x, row, (uint16_t)c, (double)v[c],
				    c == 13 ? XF_MONEY : XF_INT);
			if (e != NV_OK)
				return e;
			if (c != 11)
				sum[c] += v[c];
		}
		if ((e = xlsx_str(x, row, 14, str_c(colour_vi(a->colour)),
		         a->colour == NULL     ? XF_TEXT
		         : a->colour[0] == 'g' ? XF_GREEN
		         : a->colour[0] == 'y' ? XF_YELLOW
		                               : XF_RED)) ||
		    (e = a->is_rated
		             ? xlsx_num(x, row, 15, a->rank, XF_CENTER)
		             : xlsx_str(x, row, 15, STR(""), XF_CENTER)) ||
		    (e = xlsx_num(x, row, 16, (double)a->extended, XF_INT)) ||
		    (e = xlsx_num(x, row, 17, (double)a->extensions, XF_INT)))
			return e;
	}
	row++;
	if ((e = xlsx_str(x, row, 0, STR(""), XF_BOLD_TEXT)) ||
	    (e = xlsx_str(x, row, 1, STR("Tổng cộng"), XF_BOLD_TEXT)))
		return e;
	for (c = 2; c <= 13; c++) {
		if (c == 11)
			e = xlsx_str(x, row, 11, STR(""), XF_BOLD_INT);
		else
			e = xlsx_num(
			    x, row, (uint16_t)c, (double)sum[c], XF_BOLD_INT);
		if (e != NV_OK)
			return e;
	}
	if ((e = xlsx_str(x, row, 14, STR(""), XF_BOLD_TEXT)) ||
	    (e = xlsx_str(x, row, 15, STR(""), XF_BOLD_TEXT)) ||
	    (e = xlsx_num(x, row, 16, (double)d->extended, XF_BOLD_INT)) ||
	    (e = xlsx_num(x, row, 17, (double)d->extensions, XF_BOLD_INT)))
		return e;
	return NV_OK;
}

/* The five fields of work as the screens name them (format.js). */
static const char *const field_vi[VOCAB_NFIELDS] = {"Khoa học, công nghệ",
    "Đổi mới sáng tạo", "Chuyển đổi số", "Cải cách hành chính", "Đề án 06"};

static const struct xlsx_col field_cols[] = {
    {"TT", 6},
    {"Lĩnh vực", 32},
    {"Số nhiệm vụ", 14},
    {"Trong Chương trình", 14},
    {"Hoàn thành", 14},
    {"Quá hạn", 14},
    {"Dự kiến kinh phí", 20},
};

/*
 * The totals by field of work (issue 15): a task counts in each of its
 * fields, so the rows do not add up to the number of tasks.
 */
static enum nv_err
field_sheet(struct xlsx *x, const struct dashboard *d)
{
	enum nv_err e;
	int k;

	if ((e = dash_block(x, d, "Theo lĩnh vực",
	         "TỔNG HỢP NHIỆM VỤ THEO LĨNH VỰC", field_cols,
	         NELEM(field_cols))) != NV_OK)
		return e;
	for (k = 0; k < VOCAB_NFIELDS; k++) {
		const struct dash_field *f = &d->by_field[k];
		uint32_t row = (uint32_t)k + 1;

		if ((e = xlsx_num(x, row, 0, (double)row, XF_CENTER)) ||
		    (e = xlsx_str(x, row, 1, str_c(field_vi[k]), XF_TEXT)) ||
		    (e = xlsx_num(x, row, 2, (double)f->tasks, XF_INT)) ||
		    (e = xlsx_num(x, row, 3, (double)f->in_program, XF_INT)) ||
		    (e = xlsx_num(x, row, 4, (double)f->completed, XF_INT)) ||
		    (e = xlsx_num(x, row, 5, (double)f->overdue, XF_INT)) ||
		    (e = xlsx_num(x, row, 6, (double)f->budget, XF_MONEY)))
			return e;
	}
	return NV_OK;
}

/* At most this many months side by side (three years). */
#define SERIES_MONTHS_MAX 36

/*
 * The databases' monthly series: one row per database, one column per
 * month from January of the year (or its first approved report, if
 * earlier) to the period, oldest first as a spreadsheet reads; each cell
 * the approved report's percentage, empty without one.
 */
static enum nv_err
series_sheet(struct req *rq, struct xlsx *x, const struct dashboard *d,
    const struct names *names)
{
	static const struct xlsx_col fixed[] = {
	    {"TT", 5},
	    {"Cơ sở dữ liệu", 44},
	    {"Cơ quan chủ trì thực hiện", 28},
	    {"Hạn hoàn thành", 14},
	};
	struct xlsx_col cols[NELEM(fixed) + SERIES_MONTHS_MAX];
	char labels[SERIES_MONTHS_MAX][24], first[8];
	struct db_res dbs, series;
	struct task t;
	size_t i, k = 0, n = 0, m;
	int y, mo;
	enum nv_err e;

	if ((e = dash_databases(rq, d, &dbs)) != NV_OK ||
	    (e = dash_series(rq, d, &series)) != NV_OK)
		return e;
	snprintf(first, sizeof(first), "%04lld-01", (long long)d->year);
	for (i = 0; i < series.nrows; i++) {
		struct str p = db_cell(&series, i, 1);
		if (p.len == 7 && memcmp(p.p, first, 7) < 0)
			memcpy(first, p.p, 7);
	}
	y = (first[0] - '0') * 1000 + (first[1] - '0') * 100 +
	    (first[2] - '0') * 10 + (first[3] - '0');
	mo = (first[5] - '0') * 10 + (first[6] - '0');
	memcpy(cols, fixed, sizeof(fixed));
	while (n < SERIES_MONTHS_MAX) {
		char per[24];
		snprintf(per, sizeof(per), "%04d-%02d", y, mo);
		if (strncmp(per, d->period, 7) > 0)
			break;
		snprintf(labels[n], sizeof(labels[n]), "%02d/%04d", mo, y);
		cols[NELEM(fixed) + n].title = labels[n];
		cols[NELEM(fixed) + n].width = 9;
		n++;
		if (++mo == 13) {
			mo = 1;
			y++;
		}
	}
	if ((e = dash_block(x, d, "CSDL theo tháng",
	         "TIẾN ĐỘ CÁC CƠ SỞ DỮ LIỆU CHUYÊN NGÀNH THEO THÁNG (%)", cols,
	         (uint16_t)(NELEM(fixed) + n))) != NV_OK)
		return e;
	/* Both lists are ordered by task id: merge them in one pass. */
	for (i = 0; i < dbs.nrows; i++) {
		uint32_t row = (uint32_t)i + 1;
		if ((e = task_parse(
		         dbs.cells + i * dbs.ncols, dbs.ncols, &t)) != NV_OK ||
		    (e = xlsx_num(x, row, 0, (double)row, XF_CENTER)) ||
		    (e = xlsx_str(x, row, 1, t.name, XF_TEXT)) ||
		    (e = xlsx_str(
		         x, row, 2, name_of(names, t.lead_agency), XF_TEXT)) ||
		    (e = xlsx_date(x, row, 3, t.deadline, XF_DATE)))
			return e;
		while (k < series.nrows && db_int(&series, k, 0) < t.id)
			k++;
		for (m = 0; m < n; m++) {
			char per[8];
			size_t j;
			bool found = false;

			/* labels[m] is "MM/YYYY"; the series has "YYYY-MM". */
			snprintf(per, sizeof(per), "%.4s-%.2s", labels[m] + 3,
			    labels[m]);
			for (j = k;
			     j < series.nrows && db_int(&series, j, 0) == t.id;
			     j++) {
				struct str p = db_cell(&series, j, 1);
				if (p.len == 7 && memcmp(p.p, per, 7) == 0) {
					e = xlsx_num(x, row,
					    (uint16_t)(NELEM(fixed) + m),
					    (double)db_int(&series, j, 2),
					    XF_INT);
					found = true;
					break;
				}
			}
			if (!found)
				e = xlsx_str(x, row,
				    (uint16_t)(NELEM(fixed) + m), STR(""),
				    XF_INT);
			if (e != NV_OK)
				return e;
		}
	}
	return NV_OK;
}

enum nv_err
api_export_dashboard_xlsx(struct req *rq, struct resp *rs)
{
	struct dashboard d;
	struct names names;
	struct overdue_ctx oc = {0};
	struct xlsx *x;
	char fname[64];
	int fd;
	off_t size;
	enum nv_err e;

	if ((e = dash_params(rq, &d)) != NV_OK ||
	    (e = dash_compute(rq, &d)) != NV_OK ||
	    (e = names_load(rq, &names)) != NV_OK)
		return e;
	if ((e = xlsx_open(rq->conf->tmp_dir, &x)) != NV_OK)
		return e;
	if ((e = dash_table(x, &d, "Tổng hợp",
	         "TỔNG HỢP TÌNH HÌNH THỰC HIỆN NHIỆM VỤ", d.ag, d.nag)) !=
	        NV_OK ||
	    (d.ncommunes > 0 && (e = dash_table(x, &d, "Cấp xã",
	                             "TỔNG HỢP THEO BAN CHỈ ĐẠO CẤP XÃ",
	                             d.communes, d.ncommunes)) != NV_OK) ||
	    (e = field_sheet(x, &d)) != NV_OK)
		goto fail;
	if ((e = dash_block(x, &d, "Quá hạn", "DANH SÁCH NHIỆM VỤ QUÁ HẠN",
	         overdue_cols, NELEM(overdue_cols))) != NV_OK)
		goto fail;
	oc.x = x;
	oc.names = &names;
	oc.today = d.today;
	if ((e = dash_overdue(rq, &d, overdue_row, &oc)) != NV_OK ||
	    (e = series_sheet(rq, x, &d, &names)) != NV_OK ||
	    (e = api_results_sheet(rq, &d, x)) != NV_OK ||
	    (e = api_contribution_sheet(rq, &d, x)) != NV_OK)
		goto fail;
	if ((e = xlsx_close(x, &fd, &size)) != NV_OK)
		return e;
	if ((e = api_export_audit(rq, "dashboard.xlsx", (int64_t)d.nag)) !=
	    NV_OK) {
		close(fd);
		return e;
	}
	snprintf(fname, sizeof(fname), "tong-hop-%lld-%s.xlsx",
	    (long long)d.year, d.period);
	return api_send_xlsx(rs, fd, size, fname);
fail:
	xlsx_abort(x);
	return e;
}
