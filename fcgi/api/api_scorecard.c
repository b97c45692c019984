/* SPDX-License-Identifier: ISC */
/*
 * GET /scorecard and GET /exports/scorecard.xlsx: the year's scorecard
 * (fcgi/domain/scorecard.c), as JSON and as the one-page table the
 * committee attaches to its year-end evaluation.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fcgi/domain/committee_header.h"
#include "fcgi/api/api.h"
#include "fcgi/base/str.h"
#include "fcgi/base/xlsx.h"
#include "fcgi/domain/scorecard.h"

/* Tenths as a JSON number: 875 is 87.5. */
static void
tenths_json(struct jw *w, int64_t v)
{
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%lld.%lld", (long long)(v / 10),
	    (long long)(v % 10));

	jw_raw(w, buf, (size_t)n);
}

/* A part's rate in tenths of a percent, half up; -1 when it does not apply. */
static int64_t
rate(const struct score_agency *a, int i)
{
	if (a->den[i] == 0)
		return -1;
	return (a->num[i] * 2000 / a->den[i] + 1) / 2;
}

static void
agency_json(
    struct jw *w, const struct scorecard *s, const struct score_agency *a)
{
	int i;

	jw_obj_open(w);
	jw_ksstr(w, "code", a->code);
	jw_ksstr(w, "name", a->name);
	jw_ksstr(w, "kind", a->kind);
	jw_key(w, "rank");
	if (a->has_score)
		jw_int(w, a->rank);
	else
		jw_null(w);
	jw_key(w, "score");
	if (a->has_score)
		tenths_json(w, a->score);
	else
		jw_null(w);
	jw_key(w, "tasks");
	jw_obj_open(w);
	jw_kint(w, "registered", a->registered);
	jw_kint(w, "accepted", a->accepted);
	jw_kint(w, "done_on_time", a->done_on_time);
	jw_kint(w, "done_late", a->done_late);
	jw_kint(w, "overdue", a->overdue);
	jw_kint(w, "in_progress", a->in_progress);
	jw_obj_close(w);
	jw_key(w, "reports");
	jw_obj_open(w);
	jw_kint(w, "on_time", a->reports_on_time);
	jw_kint(w, "late", a->reports_late);
	jw_kint(w, "missing", a->reports_missing);
	jw_obj_close(w);
	jw_key(w, "indicators");
	jw_obj_open(w);
	jw_kint(w, "total", a->indicators);
	jw_kint(w, "achieved", a->ind_achieved);
	jw_kint(w, "on_track", a->ind_on_track);
	jw_kint(w, "behind", a->ind_behind);
	jw_kint(w, "no_data", a->ind_no_data);
	jw_obj_close(w);
	jw_key(w, "proposals");
	jw_obj_open(w);
	jw_kint(w, "answered_in_time", a->prop_in_time);
	jw_kint(w, "answered_late", a->prop_late);
	jw_kint(w, "overdue", a->prop_overdue);
	jw_kint(w, "pending", a->prop_pending);
	jw_obj_close(w);
	jw_key(w, "rates");
	jw_obj_open(w);
	for (i = 0; i < SP__MAX; i++) {
		int64_t r = rate(a, i);

		jw_key(w, score_part_names[i]);
		if (r < 0 || s->weights[i] == 0)
			jw_null(w);
		else
			tenths_json(w, r);
	}
	jw_obj_close(w);
	jw_obj_close(w);
}

/* Agencies by rank (unscored last), then in the agencies' own order. */
static const struct score_agency **
ordered(struct req *rq, const struct scorecard *s, size_t *n)
{
	const struct score_agency **o;
	size_t i, k = 0;
	int r, max = 0;

	if ((o = arena_alloc(rq->arena, (s->nag + 1) * sizeof(*o))) == NULL)
		return NULL;
	for (i = 0; i < s->nag; i++)
		if (s->ag[i].rank > max)
			max = s->ag[i].rank;
	for (r = 1; r <= max; r++)
		for (i = 0; i < s->nag; i++)
			if (s->ag[i].has_score && s->ag[i].rank == r)
				o[k++] = &s->ag[i];
	for (i = 0; i < s->nag; i++)
		if (!s->ag[i].has_score)
			o[k++] = &s->ag[i];
	*n = k;
	return o;
}

static bool
shown(const struct scorecard *s, const struct score_agency *a)
{
	return s->only.p == NULL ||
	       (a->code.len == s->only.len &&
	           memcmp(a->code.p, s->only.p, s->only.len) == 0);
}

enum nv_err
api_scorecard(struct req *rq, struct resp *rs)
{
	const struct score_agency **o;
	struct scorecard s;
	struct jw *w;
	const char *header;
	size_t i, n;
	enum nv_err rc;

	if ((rc = scorecard_params(rq, &s)) != NV_OK ||
	    (rc = scorecard_compute(rq, &s)) != NV_OK)
		return rc;
	if ((o = ordered(rq, &s, &n)) == NULL)
		return NV_ETOOBIG;
	if ((rc = committee_header(rq->arena, str_c(rq->sess->user.committee),
	         false, &header)) != NV_OK)
		return rc;
	w = resp_json(rs, 200);
	jw_obj_open(w);
	jw_kstrz(w, "header", header); /* the printable page's heading */
	jw_kint(w, "year", s.year);
	jw_kstrz(w, "as_of", s.today);
	jw_key(w, "weights");
	jw_obj_open(w);
	for (i = 0; i < SP__MAX; i++)
		jw_kint(w, score_part_names[i], s.weights[i]);
	jw_obj_close(w);
	jw_kint(w, "report_due_day", s.due_day);
	jw_key(w, "agencies");
	jw_arr_open(w);
	for (i = 0; i < n; i++)
		if (shown(&s, o[i]))
			agency_json(w, &s, o[i]);
	jw_arr_close(w);
	jw_obj_close(w);
	return NV_OK;
}

/* --- the workbook ------------------------------------------------------- */

static const struct xlsx_col cols[] = {
    {"Xếp hạng", 7},
    {"Cơ quan, đơn vị", 30},
    {"Nhiệm vụ đột phá đã đăng ký", 10},
    {"Nhiệm vụ vào Chương trình", 10},
    {"Hoàn thành đúng hạn", 10},
    {"Hoàn thành trễ hạn", 10},
    {"Quá hạn", 8},
    {"Báo cáo đúng hạn", 9},
    {"Báo cáo trễ hạn", 9},
    {"Báo cáo còn thiếu", 9},
    {"Chỉ tiêu đạt / giao", 10},
    {"Kiến nghị trả lời đúng hạn", 10},
    {"Kiến nghị trả lời trễ / quá hạn", 10},
    {"Điểm", 8},
};

static enum nv_err
sheet_row(struct xlsx *x, uint32_t row, const struct score_agency *a,
    struct arena *ar)
{
	char buf[32];
	enum nv_err e;

	snprintf(buf, sizeof(buf), "%lld / %lld", (long long)a->ind_achieved,
	    (long long)a->indicators);
	if ((e = a->has_score
	             ? xlsx_num(x, row, 0, (double)a->rank, XF_CENTER)
	             : xlsx_str(x, row, 0, STR("Chưa xếp hạng"), XF_CENTER)) ||
	    (e = xlsx_str(x, row, 1, a->name, XF_TEXT)) ||
	    (e = xlsx_num(x, row, 2, (double)a->registered,
	         a->registered == 0 ? XF_RED : XF_INT)) ||
	    (e = xlsx_num(x, row, 3, (double)a->accepted, XF_INT)) ||
	    (e = xlsx_num(x, row, 4, (double)a->done_on_time, XF_INT)) ||
	    (e = xlsx_num(x, row, 5, (double)a->done_late, XF_INT)) ||
	    (e = xlsx_num(x, row, 6, (double)a->overdue,
	         a->overdue > 0 ? XF_RED : XF_INT)) ||
	    (e = xlsx_num(x, row, 7, (double)a->reports_on_time, XF_INT)) ||
	    (e = xlsx_num(x, row, 8, (double)a->reports_late, XF_INT)) ||
	    (e = xlsx_num(x, row, 9, (double)a->reports_missing, XF_INT)) ||
	    (e = xlsx_str(x, row, 10,
	         str_c(arena_strndup(ar, buf, strlen(buf))), XF_CENTER)) ||
	    (e = xlsx_num(x, row, 11, (double)a->prop_in_time, XF_INT)) ||
	    (e = xlsx_num(
	         x, row, 12, (double)(a->prop_late + a->prop_overdue), XF_INT)))
		return e;
	if (!a->has_score)
		return xlsx_str(x, row, 13, STR(""), XF_CENTER);
	/* The score as a number, so that the committee can sort it. */
	return xlsx_num(x, row, 13, (double)a->score / 10.0, XF_CENTER);
}

enum nv_err
api_export_scorecard_xlsx(struct req *rq, struct resp *rs)
{
	static const char title[] = "BẢNG ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN NHIỆM VỤ";
	const struct score_agency **o;
	struct scorecard s;
	struct xlsx *x;
	const char *lines[4];
	char scope[64], asof[64], rule[160], fname[64];
	size_t i, n;
	int64_t rows = 0;
	int fd;
	off_t size;
	enum nv_err e;

	if ((e = scorecard_params(rq, &s)) != NV_OK ||
	    (e = scorecard_compute(rq, &s)) != NV_OK)
		return e;
	if ((o = ordered(rq, &s, &n)) == NULL)
		return NV_ETOOBIG;
	snprintf(scope, sizeof(scope), "Năm %lld", (long long)s.year);
	snprintf(asof, sizeof(asof), "Số liệu đến ngày %.2s/%.2s/%.4s",
	    s.today + 8, s.today + 5, s.today);
	snprintf(rule, sizeof(rule),
	    "Trọng số: đăng ký %d, nhiệm vụ đúng hạn %d, báo cáo %d, chỉ tiêu "
	    "%d, kiến nghị %d",
	    s.weights[SP_REGISTRATION], s.weights[SP_TASKS],
	    s.weights[SP_REPORTS], s.weights[SP_INDICATORS],
	    s.weights[SP_PROPOSALS]);
	if ((e = committee_header(rq->arena, str_c(rq->sess->user.committee),
	         true, &lines[0])) != NV_OK)
		return e;
	lines[1] = title;
	lines[2] = scope;
	lines[3] = asof;
	if ((e = xlsx_open(rq->conf->tmp_dir, &x)) != NV_OK)
		return e;
	if ((e = xlsx_sheet_titled(x, "Bảng điểm", title, lines, NELEM(lines),
	         cols, NELEM(cols))) != NV_OK)
		goto fail;
	for (i = 0; i < n; i++) {
		if (!shown(&s, o[i]))
			continue;
		if ((e = sheet_row(x, (uint32_t)++rows, o[i], rq->arena)) !=
		    NV_OK)
			goto fail;
	}
	/* The weighting under the table: the score is published, not
	 * given. */
	if ((e = xlsx_str(
	         x, (uint32_t)rows + 2, 1, str_c(rule), XF_BOLD_TEXT)) != NV_OK)
		goto fail;
	if ((e = xlsx_close(x, &fd, &size)) != NV_OK)
		return e;
	if ((e = api_export_audit(rq, "scorecard.xlsx", rows)) != NV_OK) {
		close(fd);
		return e;
	}
	snprintf(
	    fname, sizeof(fname), "bang-diem-%lld.xlsx", (long long)s.year);
	return api_send_xlsx(rs, fd, size, fname);
fail:
	xlsx_abort(x);
	return e;
}
