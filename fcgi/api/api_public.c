/* SPDX-License-Identifier: ISC */
/*
 * The public progress page (issue 14): GET /public/ as HTML rendered
 * here, so that it reads the same with JavaScript off and inside the
 * portal's frame, and GET /public/v1/tasks.json, tasks.csv,
 * indicators.json and agencies.json (docs/API.md, "Public data").  nginx
 * rewrites those paths to /api/v1/public/... and keeps each answer for
 * public_max_age seconds (X-Accel-Expires, below), so a traffic spike
 * reaches the pool at most once per path per period.  No session is read
 * and nothing here can name a person: public_data.c reads no such column.
 */
#include <stdio.h>
#include <string.h>

#include "fcgi/api/api.h"
#include "fcgi/base/buf.h"
#include "fcgi/domain/public_data.h"

/* The page's own policy: its stylesheet only, framed by whom conf says. */
#define PAGE_CSP                                                               \
	"default-src 'none'; style-src 'self'; img-src 'self'; "               \
	"base-uri 'none'; form-action 'none'; frame-ancestors "
/* The data files are never rendered, nor framed. */
#define DATA_CSP "default-src 'none'; frame-ancestors 'none'"

/*
 * nginx may keep this answer for public_max_age seconds: a 200, and the
 * 404 of a page that is off (a spike on it never reaches the pool
 * either); never an error of the moment (503, 500).
 */
static void
keep_for(struct req *rq, struct resp *rs)
{
	char n[24];

	snprintf(n, sizeof(n), "%d", rq->conf->public_max_age);
	resp_header(rs, "X-Accel-Expires", n);
}

/*
 * The headers of every public answer; NV_ENOENT (cacheable) when the
 * page is off.
 */
static enum nv_err
public_begin(struct req *rq, struct resp *rs, bool is_page)
{
	char csp[640];
	enum nv_err rc;

	if (is_page) {
		snprintf(csp, sizeof(csp), "%s%s", PAGE_CSP,
		    rq->conf->public_frame_ancestors);
		resp_header(rs, "Content-Security-Policy", csp);
	} else
		resp_header(rs, "Content-Security-Policy", DATA_CSP);
	if ((rc = req_query_unused(rq)) != NV_OK)
		return rc;
	if (!rq->conf->public_enabled) {
		keep_for(rq, rs);
		return NV_ENOENT;
	}
	return NV_OK;
}

/* public_load(), and on success the answer may be kept. */
static enum nv_err
load(struct req *rq, struct resp *rs, bool with_budget, struct pub_data *d)
{
	enum nv_err rc;

	if ((rc = public_load(rq->arena, with_budget, d)) != NV_OK)
		return rc;
	keep_for(rq, rs);
	return NV_OK;
}

static void
dmy(struct str ymd, char out[11])
{
	out[0] = '\0';
	if (ymd.p != NULL && ymd.len >= 10)
		snprintf(
		    out, 11, "%.2s/%.2s/%.4s", ymd.p + 8, ymd.p + 5, ymd.p);
}

/* "1.500.000.000" */
static void
money(int64_t v, char out[32])
{
	char d[24];
	size_t n, i, o = 0;

	snprintf(d, sizeof(d), "%lld", (long long)(v < 0 ? 0 : v));
	n = strlen(d);
	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[o++] = '.';
		out[o++] = d[i];
	}
	out[o] = '\0';
}

/* --- JSON ---------------------------------------------------------------- */

static void
agency_ref(struct jw *w, const char *k, const struct pub_agency *a)
{
	jw_key(w, k);
	jw_obj_open(w);
	jw_ksstr(w, "code", a->code);
	jw_ksstr(w, "name", a->name);
	jw_obj_close(w);
}

static void
committee_open(struct jw *w, const struct pub_committee *c, const char *list)
{
	jw_obj_open(w);
	jw_ksstr(w, "code", c->code);
	jw_ksstr(w, "name", c->name);
	jw_ksstr(w, "level", c->level);
	jw_key(w, list);
	jw_arr_open(w);
}

static void
committee_close(struct jw *w)
{
	jw_arr_close(w);
	jw_obj_close(w);
}

static void
head_json(struct jw *w, const struct pub_data *d)
{
	jw_obj_open(w);
	jw_kstrz(w, "as_of", d->today);
	jw_kint(w, "year", d->year);
}

/* GET /public/v1/tasks.json */
enum nv_err
api_public_tasks_json(struct req *rq, struct resp *rs)
{
	struct pub_data d;
	struct jw *w;
	size_t c, i = 0;
	enum nv_err rc;

	if ((rc = public_begin(rq, rs, false)) != NV_OK ||
	    (rc = load(rq, rs, rq->conf->public_budget, &d)) != NV_OK)
		return rc;
	resp_header(rs, "Access-Control-Allow-Origin", "*");
	w = resp_json(rs, 200);
	head_json(w, &d);
	jw_kbool(w, "budget_shown", rq->conf->public_budget);
	jw_kbool(w, "truncated", d.truncated);
	jw_key(w, "committees");
	jw_arr_open(w);
	for (c = 0; c < d.ncommittees; c++) {
		committee_open(w, &d.committees[c], "tasks");
		for (; i < d.ntasks &&
		       d.agencies[d.tasks[i].agency].committee == c;
		     i++) {
			const struct pub_task *t = &d.tasks[i];

			jw_obj_open(w);
			jw_kint(w, "id", t->id);
			jw_kint(w, "year", t->year);
			jw_kstrz(w, "kind", policy_kind_name(t->kind));
			jw_ksstr(w, "name", t->name);
			agency_ref(w, "lead_agency", &d.agencies[t->agency]);
			jw_ksstr(w, "deadline", t->deadline);
			jw_kstrz(w, "status", policy_state_name(t->status));
			jw_kstrz(
			    w, "status_label", public_status_vi(t->status));
			jw_ksstr(w, "completed_at", t->completed_at);
			jw_kstrz(w, "outcome", t->outcome);
			jw_kstrz(
			    w, "outcome_label", public_outcome_vi(t->outcome));
			jw_key(w, "progress");
			if (t->progress_period.p == NULL)
				jw_null(w);
			else {
				jw_obj_open(w);
				jw_ksstr(w, "period", t->progress_period);
				jw_kint(w, "percent", t->progress_percent);
				jw_obj_close(w);
			}
			if (rq->conf->public_budget) {
				jw_key(w, "estimated_budget");
				if (t->budget.set)
					jw_int(w, t->budget.v);
				else
					jw_null(w);
			}
			jw_obj_close(w);
		}
		committee_close(w);
	}
	jw_arr_close(w);
	jw_obj_close(w);
	return NV_OK;
}

static void
opt_pair(struct jw *w, const char *k, const char *vk, struct str v,
    const char *pk, struct str p)
{
	jw_key(w, k);
	if (v.p == NULL || v.len == 0) {
		jw_null(w);
		return;
	}
	jw_obj_open(w);
	jw_ksstr(w, vk, v);
	jw_ksstr(w, pk, p);
	jw_obj_close(w);
}

/* GET /public/v1/indicators.json */
enum nv_err
api_public_indicators_json(struct req *rq, struct resp *rs)
{
	struct pub_data d;
	struct jw *w;
	size_t c, i = 0;
	enum nv_err rc;

	if ((rc = public_begin(rq, rs, false)) != NV_OK ||
	    (rc = load(rq, rs, false, &d)) != NV_OK)
		return rc;
	resp_header(rs, "Access-Control-Allow-Origin", "*");
	w = resp_json(rs, 200);
	head_json(w, &d);
	jw_key(w, "committees");
	jw_arr_open(w);
	for (c = 0; c < d.ncommittees; c++) {
		committee_open(w, &d.committees[c], "indicators");
		for (; i < d.nindicators &&
		       d.agencies[d.indicators[i].agency].committee == c;
		     i++) {
			const struct pub_indicator *x = &d.indicators[i];

			jw_obj_open(w);
			jw_ksstr(w, "code", x->code);
			jw_ksstr(w, "name", x->name);
			jw_ksstr(w, "unit", x->unit);
			jw_ksstr(w, "direction", x->direction);
			agency_ref(w, "agency", &d.agencies[x->agency]);
			opt_pair(w, "baseline", "value", x->baseline_value,
			    "period", x->baseline_period);
			opt_pair(w, "target", "value", x->target, "due",
			    x->target_due);
			opt_pair(w, "actual", "value", x->actual, "period",
			    x->actual_period);
			jw_obj_close(w);
		}
		committee_close(w);
	}
	jw_arr_close(w);
	jw_obj_close(w);
	return NV_OK;
}

/* The mean percent of the agency's tasks with a report, or -1. */
static int64_t
avg_percent(const struct pub_agency *a)
{
	if (a->percent_n == 0)
		return -1;
	return (a->percent_sum + a->percent_n / 2) / a->percent_n;
}

/* GET /public/v1/agencies.json */
enum nv_err
api_public_agencies_json(struct req *rq, struct resp *rs)
{
	struct pub_data d;
	struct jw *w;
	size_t c, i;
	enum nv_err rc;

	if ((rc = public_begin(rq, rs, false)) != NV_OK ||
	    (rc = load(rq, rs, false, &d)) != NV_OK)
		return rc;
	resp_header(rs, "Access-Control-Allow-Origin", "*");
	w = resp_json(rs, 200);
	head_json(w, &d);
	jw_key(w, "committees");
	jw_arr_open(w);
	for (c = 0; c < d.ncommittees; c++) {
		const struct pub_committee *cm = &d.committees[c];

		committee_open(w, cm, "agencies");
		for (i = cm->first_agency; i < cm->first_agency + cm->nagency;
		     i++) {
			const struct pub_agency *a = &d.agencies[i];

			jw_obj_open(w);
			jw_ksstr(w, "code", a->code);
			jw_ksstr(w, "name", a->name);
			jw_kint(w, "accepted", a->accepted);
			jw_kint(w, "in_progress", a->in_progress);
			jw_kint(w, "overdue", a->overdue);
			jw_kint(w, "completed", a->completed);
			jw_kint(w, "done_on_time", a->done_on_time);
			jw_kint(w, "done_late", a->done_late);
			jw_key(w, "avg_percent");
			if (avg_percent(a) < 0)
				jw_null(w);
			else
				jw_int(w, avg_percent(a));
			jw_obj_close(w);
		}
		committee_close(w);
	}
	jw_arr_close(w);
	jw_obj_close(w);
	return NV_OK;
}

/* --- CSV ----------------------------------------------------------------- */

/* Sends what was built in rs->body with this type. */
static enum nv_err
send_built(struct resp *rs, int status, const char *ctype, const char *disp)
{
	enum nv_err rc;

	if (buf_failed(&rs->body))
		return NV_ETOOBIG;
	if ((rc = resp_stream_begin(
	         rs, status, ctype, disp, (long long)rs->body.len)) != NV_OK)
		return rc;
	return resp_stream_write(rs, rs->body.p, rs->body.len);
}

/* GET /public/v1/tasks.csv: UTF-8 with a BOM, for Excel. */
enum nv_err
api_public_tasks_csv(struct req *rq, struct resp *rs)
{
	static const char head[] =
	    "\xEF\xBB\xBFTT,Ban Chỉ đạo,Tên nhiệm vụ,Cơ quan chủ trì thực hiện,"
	    "Hạn hoàn thành,Trạng thái,Tiến độ (%),Kỳ báo cáo,Kết quả";
	struct pub_data d;
	struct buf *b = &rs->body;
	char num[32], date[11];
	size_t i;
	enum nv_err rc;

	if ((rc = public_begin(rq, rs, false)) != NV_OK ||
	    (rc = load(rq, rs, rq->conf->public_budget, &d)) != NV_OK)
		return rc;
	buf_reset(b);
	buf_adds(b, head);
	buf_adds(b, rq->conf->public_budget ? ",Dự kiến kinh phí\r\n" : "\r\n");
	for (i = 0; i < d.ntasks; i++) {
		const struct pub_task *t = &d.tasks[i];
		const struct pub_agency *a = &d.agencies[t->agency];

		buf_printf(b, "%zu,", i + 1);
		api_csv_field(b, d.committees[a->committee].name, true);
		buf_addc(b, ',');
		api_csv_field(b, t->name, true);
		buf_addc(b, ',');
		api_csv_field(b, a->name, true);
		dmy(t->deadline, date);
		buf_printf(b, ",%s,", date);
		api_csv_field(b, str_c(public_status_vi(t->status)), false);
		if (t->progress_period.p != NULL)
			buf_printf(b, ",%lld,%.*s,",
			    (long long)t->progress_percent,
			    (int)t->progress_period.len, t->progress_period.p);
		else
			buf_adds(b, ",,,");
		api_csv_field(b, str_c(public_outcome_vi(t->outcome)), false);
		if (rq->conf->public_budget) {
			num[0] = '\0';
			if (t->budget.set)
				snprintf(num, sizeof(num), "%lld",
				    (long long)t->budget.v);
			buf_printf(b, ",%s", num);
		}
		buf_adds(b, "\r\n");
	}
	return send_built(rs, 200, "text/csv; charset=utf-8",
	    "attachment; filename=\"nhiem-vu-cong-khai.csv\"");
}

/* --- HTML ---------------------------------------------------------------- */

static void
esc(struct buf *b, struct str s)
{
	size_t i;

	for (i = 0; s.p != NULL && i < s.len; i++)
		switch (s.p[i]) {
		case '&':
			buf_adds(b, "&amp;");
			break;
		case '<':
			buf_adds(b, "&lt;");
			break;
		case '>':
			buf_adds(b, "&gt;");
			break;
		case '"':
			buf_adds(b, "&quot;");
			break;
		case '\'':
			buf_adds(b, "&#39;");
			break;
		default:
			buf_addc(b, s.p[i]);
		}
}

/* A cell with its column's name, which the narrow layout shows. */
static void
td(struct buf *b, const char *label, const char *cls, struct str s)
{
	buf_printf(b, "<td data-label=\"%s\"%s%s%s>", label,
	    cls != NULL ? " class=\"" : "", cls != NULL ? cls : "",
	    cls != NULL ? "\"" : "");
	esc(b, s);
	buf_adds(b, "</td>");
}

static const char page_head[] =
    "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, "
    "initial-scale=1\">\n"
    "<title>Tiến độ thực hiện nhiệm vụ của Ban Chỉ đạo - Nghệ An</title>\n"
    "<link rel=\"stylesheet\" href=\"/css/public.css\">\n</head>\n<body>\n"
    "<header class=\"pub-head\">\n"
    "<p class=\"pub-issuer\">Ban Chỉ đạo về phát triển khoa học, công "
    "nghệ, đổi mới sáng tạo, chuyển đổi số, cải cách hành chính và Đề án "
    "06 tỉnh Nghệ An</p>\n"
    "<h1>Tiến độ thực hiện nhiệm vụ</h1>\n";

static void
page_tasks(
    struct buf *b, const struct pub_data *d, size_t c, size_t *i, bool budget)
{
	char date[11], num[32];
	size_t n = 0;

	buf_printf(b, "<h3>Nhiệm vụ trong Chương trình công tác (%zu)</h3>\n",
	    d->committees[c].ntasks);
	if (d->committees[c].ntasks == 0) {
		buf_adds(b, "<p class=\"pub-empty\">Chưa có nhiệm vụ nào được "
		            "đưa vào Chương trình.</p>\n");
		return;
	}
	buf_adds(b, "<table class=\"pub-table\">\n<thead><tr><th>TT</th>"
	            "<th>Tên nhiệm vụ</th><th>Cơ quan chủ trì</th>"
	            "<th>Hạn hoàn thành</th><th>Trạng thái</th>"
	            "<th>Tiến độ</th><th>Kết quả</th>");
	if (budget)
		buf_adds(b, "<th>Dự kiến kinh phí (đồng)</th>");
	buf_adds(b, "</tr></thead>\n<tbody>\n");
	for (;
	     *i < d->ntasks && d->agencies[d->tasks[*i].agency].committee == c;
	     (*i)++) {
		const struct pub_task *t = &d->tasks[*i];

		buf_adds(b, "<tr>");
		snprintf(num, sizeof(num), "%zu", ++n);
		td(b, "TT", "num", str_c(num));
		td(b, "Tên nhiệm vụ", "name", t->name);
		td(b, "Cơ quan chủ trì", NULL, d->agencies[t->agency].name);
		dmy(t->deadline, date);
		td(b, "Hạn hoàn thành", NULL, str_c(date));
		td(b, "Trạng thái", NULL, str_c(public_status_vi(t->status)));
		if (t->progress_period.p != NULL) {
			snprintf(num, sizeof(num), "%lld%% (tháng %.2s/%.4s)",
			    (long long)t->progress_percent,
			    t->progress_period.len >= 7
			        ? t->progress_period.p + 5
			        : "",
			    t->progress_period.p);
			td(b, "Tiến độ", NULL, str_c(num));
		} else
			td(b, "Tiến độ", NULL, STR("Chưa có báo cáo"));
		td(b, "Kết quả",
		    t->outcome != NULL &&
		            (strcmp(t->outcome, "overdue") == 0 ||
		                strcmp(t->outcome, "done_late") == 0)
		        ? "late"
		        : NULL,
		    str_c(public_outcome_vi(t->outcome)));
		if (budget) {
			num[0] = '\0';
			if (t->budget.set)
				money(t->budget.v, num);
			td(b, "Dự kiến kinh phí (đồng)", "num", str_c(num));
		}
		buf_adds(b, "</tr>\n");
	}
	buf_adds(b, "</tbody>\n</table>\n");
}

/* "98,73 %" from "98.73" and the unit. */
static void
value_td(struct buf *b, const char *label, struct str v, struct str unit,
    struct str when)
{
	size_t i;

	buf_printf(b, "<td data-label=\"%s\">", label);
	if (v.p == NULL || v.len == 0) {
		buf_adds(b, "—</td>");
		return;
	}
	for (i = 0; i < v.len; i++)
		buf_addc(b, v.p[i] == '.' ? ',' : v.p[i]);
	if (public_unit_vi(unit)[0] != '\0')
		buf_printf(b, " %s", public_unit_vi(unit));
	if (when.p != NULL && when.len > 0) {
		buf_adds(b, " <span class=\"pub-when\">(");
		esc(b, when);
		buf_adds(b, ")</span>");
	}
	buf_adds(b, "</td>");
}

static void
page_indicators(struct buf *b, const struct pub_data *d, size_t c, size_t *i)
{
	char due[11];

	if (d->committees[c].nindicators == 0)
		return;
	buf_printf(
	    b, "<h3>Chỉ tiêu (%zu)</h3>\n", d->committees[c].nindicators);
	buf_printf(b,
	    "<table class=\"pub-table\">\n<thead><tr><th>Chỉ tiêu</th>"
	    "<th>Cơ quan chịu trách nhiệm</th><th>Giá trị gốc</th>"
	    "<th>Mục tiêu năm %lld</th><th>Thực hiện</th></tr></thead>\n"
	    "<tbody>\n",
	    (long long)d->year);
	for (; *i < d->nindicators &&
	       d->agencies[d->indicators[*i].agency].committee == c;
	     (*i)++) {
		const struct pub_indicator *x = &d->indicators[*i];

		dmy(x->target_due, due);
		buf_adds(b, "<tr>");
		td(b, "Chỉ tiêu", "name", x->name);
		td(b, "Cơ quan chịu trách nhiệm", NULL,
		    d->agencies[x->agency].name);
		value_td(b, "Giá trị gốc", x->baseline_value, x->unit,
		    x->baseline_period);
		value_td(b, "Mục tiêu", x->target, x->unit, str_c(due));
		value_td(b, "Thực hiện", x->actual, x->unit, x->actual_period);
		buf_adds(b, "</tr>\n");
	}
	buf_adds(b, "</tbody>\n</table>\n");
}

static void
page_agencies(struct buf *b, const struct pub_data *d, size_t c)
{
	const struct pub_committee *cm = &d->committees[c];
	char n[7][24];
	size_t i;

	buf_adds(b, "<h3>Số nhiệm vụ theo cơ quan</h3>\n"
	            "<table class=\"pub-table\">\n<thead><tr><th>Cơ quan</th>"
	            "<th>Trong Chương trình</th><th>Đang thực hiện</th>"
	            "<th>Quá hạn</th><th>Hoàn thành đúng hạn</th>"
	            "<th>Hoàn thành quá hạn</th><th>Tiến độ bình quân</th>"
	            "</tr></thead>\n<tbody>\n");
	for (i = cm->first_agency; i < cm->first_agency + cm->nagency; i++) {
		const struct pub_agency *a = &d->agencies[i];

		snprintf(n[0], 24, "%lld", (long long)a->accepted);
		snprintf(n[1], 24, "%lld", (long long)a->in_progress);
		snprintf(n[2], 24, "%lld", (long long)a->overdue);
		snprintf(n[3], 24, "%lld", (long long)a->done_on_time);
		snprintf(n[4], 24, "%lld", (long long)a->done_late);
		if (avg_percent(a) < 0)
			snprintf(n[5], 24, "—");
		else
			snprintf(n[5], 24, "%lld%%", (long long)avg_percent(a));
		buf_adds(b, "<tr>");
		td(b, "Cơ quan", "name", a->name);
		td(b, "Trong Chương trình", "num", str_c(n[0]));
		td(b, "Đang thực hiện", "num", str_c(n[1]));
		td(b, "Quá hạn", a->overdue > 0 ? "num late" : "num",
		    str_c(n[2]));
		td(b, "Hoàn thành đúng hạn", "num", str_c(n[3]));
		td(b, "Hoàn thành quá hạn", "num", str_c(n[4]));
		td(b, "Tiến độ bình quân", "num", str_c(n[5]));
		buf_adds(b, "</tr>\n");
	}
	buf_adds(b, "</tbody>\n</table>\n");
}

static enum nv_err
page_off(struct resp *rs)
{
	buf_reset(&rs->body);
	buf_adds(&rs->body,
	    "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta "
	    "charset=\"utf-8\">\n<title>Không tìm thấy trang</title>\n"
	    "</head>\n<body>\n<h1>Không tìm thấy trang</h1>\n<p>Trang công "
	    "khai tiến độ hiện không được cung cấp.</p>\n</body>\n</html>\n");
	return send_built(rs, 404, "text/html; charset=utf-8", NULL);
}

/* GET /public/ (nginx: /api/v1/public/page) */
enum nv_err
api_public_page(struct req *rq, struct resp *rs)
{
	struct pub_data d;
	struct buf *b = &rs->body;
	char asof[11];
	size_t c, ti = 0, ii = 0;
	bool budget = rq->conf->public_budget;
	enum nv_err rc;

	if ((rc = public_begin(rq, rs, true)) == NV_ENOENT)
		return page_off(rs);
	if (rc != NV_OK || (rc = load(rq, rs, budget, &d)) != NV_OK)
		return rc;
	buf_reset(b);
	buf_adds(b, page_head);
	dmy(str_c(d.today), asof);
	buf_printf(b,
	    "<p class=\"pub-asof\">Số liệu đến ngày %s. Trang chỉ nêu các "
	    "nhiệm vụ đã được đưa vào Chương trình công tác của Ban Chỉ "
	    "đạo.</p>\n",
	    asof);
	buf_adds(b, "<nav class=\"pub-files\" aria-label=\"Tải dữ liệu\">"
	            "Tải dữ liệu: "
	            "<a href=\"/public/v1/tasks.csv\">Nhiệm vụ (CSV)</a> · "
	            "<a href=\"/public/v1/tasks.json\">Nhiệm vụ (JSON)</a> · "
	            "<a href=\"/public/v1/indicators.json\">Chỉ tiêu "
	            "(JSON)</a> · "
	            "<a href=\"/public/v1/agencies.json\">Theo cơ quan "
	            "(JSON)</a></nav>\n</header>\n<main>\n");
	if (d.truncated)
		buf_printf(b,
		    "<p class=\"pub-note\">Chỉ liệt kê %d nhiệm vụ đầu tiên; "
		    "số liệu theo cơ quan tính đủ mọi nhiệm vụ.</p>\n",
		    PUBLIC_TASKS_MAX);
	for (c = 0; c < d.ncommittees; c++) {
		buf_adds(b, "<section class=\"pub-committee\">\n<h2>");
		esc(b, d.committees[c].name);
		buf_adds(b, "</h2>\n");
		page_tasks(b, &d, c, &ti, budget);
		page_indicators(b, &d, c, &ii);
		page_agencies(b, &d, c);
		buf_adds(b, "</section>\n");
	}
	buf_adds(b, "</main>\n<footer class=\"pub-foot\"><p>Dữ liệu công "
	            "khai, cập nhật tự động từ hệ thống theo dõi nhiệm vụ "
	            "của Ban Chỉ đạo.</p></footer>\n</body>\n</html>\n");
	return send_built(rs, 200, "text/html; charset=utf-8", NULL);
}
