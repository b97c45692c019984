/* SPDX-License-Identifier: ISC */
/*
 * The difficulties register over HTTP.  What a proposal is and how it is
 * written are fcgi/domain/proposal.c and fcgi/domain/wf.c; proposals are
 * created only by a report's approval (fcgi/domain/report.c).
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
#include "fcgi/domain/proposal.h"
#include "fcgi/domain/vocab.h"
#include "fcgi/http/page.h"

/*
 * GET /proposals: the register as the caller may see it (the proposals of
 * the tasks they see, and those addressed to their agency), newest first;
 * filtered by status, raising agency, addressee and overdue.
 */
static const char list_sql[] =
    "SELECT {cols}, t.name, t.lead_agency, t.status, "
    "(SELECT GROUP_CONCAT(c.agency_code SEPARATOR ',') FROM "
    "task_coordinators c WHERE c.task_id = t.id) "
    "FROM proposals p JOIN tasks t ON t.id = p.task_id "
    "WHERE p.id < ? AND (" TASK_VISIBLE(
        "t") " OR p.addressed_to = ?) "
             "AND (? IS NULL OR p.status = ?) AND (? IS NULL OR p.agency = ?) "
             "AND (? IS NULL OR p.addressed_to = ?) "
             "AND (? = 0 OR (p.status = 'forwarded' AND p.due < ?)) "
             "ORDER BY p.id DESC LIMIT ?";

struct list_ctx {
	struct jw *w;
	const struct user *u;
	struct page pg;
};

static enum nv_err
list_row(void *ctx, const struct str *c, size_t ncols)
{
	struct list_ctx *lc = ctx;
	const struct str *x = c + record_ncols(&proposal_record);
	struct proposal p;
	struct task t;
	int st;
	enum nv_err rc;

	if (ncols != record_ncols(&proposal_record) + 4)
		return NV_EINTERNAL;
	if ((rc = record_parse(&proposal_record, c, ncols, &p)) != NV_OK)
		return rc;
	if ((st = policy_state_from(x[2].p, x[2].len)) < 0)
		return NV_EINTERNAL;
	if (!page_take(&lc->pg, p.id))
		return NV_OK;
	/* Enough of the task to know the caller's relation to it. */
	memset(&t, 0, sizeof(t));
	t.lead_agency = x[1];
	t.coords = x[3].p ? x[3] : STR("");
	jw_obj_open(lc->w);
	proposal_members(lc->w, &p, lc->u,
	    proposal_rel(lc->u, p.addressed_to, task_rel_of(&t, lc->u)), st);
	jw_key(lc->w, "task");
	jw_obj_open(lc->w);
	jw_kint(lc->w, "id", p.task_id);
	jw_ksstr(lc->w, "name", x[0]);
	jw_ksstr(lc->w, "lead_agency", x[1]);
	jw_obj_close(lc->w);
	jw_obj_close(lc->w);
	return NV_OK;
}

/* An agency code from the query, or NULL: at most AGENCY_CODE_MAX. */
static enum nv_err
agency_key(struct req *rq, const char *key, struct str *out)
{
	struct str s = req_query(rq, key);

	*out = STR_NULL;
	if (s.p == NULL)
		return NV_OK;
	if (s.len == 0 || s.len > AGENCY_CODE_MAX)
		return req_fail(rq, NV_EINVAL, key, "Không có cơ quan này.");
	*out = s;
	return NV_OK;
}

/* The register's filters, shared by the list and its export. */
struct filter {
	struct str status, agency, addressed;
	int overdue;
	char today[11];
};

static enum nv_err
filters(struct req *rq, struct filter *f)
{
	struct str s;
	int k;
	enum nv_err rc;

	memset(f, 0, sizeof(*f));
	f->status = STR_NULL;
	if ((s = req_query(rq, "status")).p != NULL) {
		if ((k = record_name_index(
		         policy_proposal_state_names, PS__MAX, s)) < 0)
			return req_fail(rq, NV_EINVAL, "status",
			    "Trạng thái kiến nghị không hợp lệ.");
		f->status = str_c(policy_proposal_state_names[k]);
	}
	if ((rc = agency_key(rq, "agency", &f->agency)) != NV_OK ||
	    (rc = agency_key(rq, "addressed_to", &f->addressed)) != NV_OK)
		return rc;
	if ((s = req_query(rq, "overdue")).p != NULL) {
		if (!str_eq(s, "1") && !str_eq(s, "0"))
			return req_fail(rq, NV_EINVAL, "overdue",
			    "overdue phải là 0 hoặc 1.");
		f->overdue = str_eq(s, "1");
	}
	clock_today(f->today);
	return NV_OK;
}

/* The statement's parameters from the id bound on: 16 of them. */
#define FILTER_NPARAMS (11 + TASK_VISIBLE_NPARAMS)
static void
filter_params(const struct user *u, const struct filter *f, int64_t after,
    int64_t limit, struct db_param *p)
{
	size_t n = 0;

	p[n++] = DBP_INT(after);
	task_visible_params(u, p + n);
	n += TASK_VISIBLE_NPARAMS;
	p[n++] = DBP_STR(str_c(u->agency_code));
	p[n++] = DBP_STR(f->status);
	p[n++] = DBP_STR(f->status);
	p[n++] = DBP_STR(f->agency);
	p[n++] = DBP_STR(f->agency);
	p[n++] = DBP_STR(f->addressed);
	p[n++] = DBP_STR(f->addressed);
	p[n++] = DBP_INT(f->overdue);
	p[n++] = DBP_STR(str_c(f->today));
	p[n++] = DBP_INT(limit);
}

enum nv_err
api_proposal_list(struct req *rq, struct resp *rs)
{
	const struct user *u = &rq->sess->user;
	struct list_ctx lc = {0};
	struct db_param p[FILTER_NPARAMS];
	struct filter f;
	enum nv_err rc;

	if ((rc = filters(rq, &f)) != NV_OK ||
	    (rc = page_params(rq, &lc.pg)) != NV_OK)
		return rc;
	filter_params(u, &f, lc.pg.after, lc.pg.limit + 1, p);
	lc.u = u;
	lc.w = resp_json(rs, 200);
	jw_obj_open(lc.w);
	jw_key(lc.w, "items");
	jw_arr_open(lc.w);
	if ((rc = db_each(record_sql(&proposal_record, list_sql), p, NELEM(p),
	         list_row, &lc)) != NV_OK)
		return rc;
	page_end(lc.w, &lc.pg);
	return NV_OK;
}

/* --- the committee's sheet ---------------------------------------------- */

#define EXPORT_MAX 100000 /* rows: years of every agency's proposals */
#define SHEET_TITLE                                                            \
	"TỔNG HỢP KHÓ KHĂN, VƯỚNG MẮC, KIẾN NGHỊ CỦA CÁC CƠ QUAN, ĐƠN VỊ"

static const struct xlsx_col sheet_cols[] = {
    {"STT", 5},
    {"Nhiệm vụ", 36},
    {"Cơ quan kiến nghị", 22},
    {"Kỳ báo cáo", 10},
    {"Nội dung kiến nghị", 48},
    {"Cơ quan được kiến nghị", 22},
    {"Hạn trả lời", 12},
    {"Trạng thái", 14},
    {"Nội dung trả lời", 48},
    {"Người trả lời", 20},
    {"Quá hạn", 9},
};

static const char *const status_vi[PS__MAX] = {
    "Mới", "Đã chuyển", "Đã trả lời", "Đã đóng"};

/* The list's rows with the agencies' names instead of their codes. */
static const char sheet_sql[] =
    "SELECT {cols}, t.name, "
    "COALESCE((SELECT a.name FROM agencies a WHERE a.code = p.agency), "
    "p.agency), "
    "CASE WHEN p.addressed_to = 'BCD' THEN 'Ban Chỉ đạo' ELSE "
    "COALESCE((SELECT a.name FROM agencies a WHERE a.code = "
    "p.addressed_to), p.addressed_to) END "
    "FROM proposals p JOIN tasks t ON t.id = p.task_id "
    "WHERE p.id < ? AND (" TASK_VISIBLE(
        "t") " OR p.addressed_to = ?) "
             "AND (? IS NULL OR p.status = ?) AND (? IS NULL OR p.agency = ?) "
             "AND (? IS NULL OR p.addressed_to = ?) "
             "AND (? = 0 OR (p.status = 'forwarded' AND p.due < ?)) "
             "ORDER BY p.id LIMIT ?";

struct sheet_ctx {
	struct xlsx *x;
	int64_t n;
};

static enum nv_err
sheet_row(void *ctx, const struct str *c, size_t ncols)
{
	struct sheet_ctx *sc = ctx;
	const struct str *x = c + record_ncols(&proposal_record);
	struct proposal p;
	uint32_t row;
	bool late;
	enum nv_err e;

	if (ncols != record_ncols(&proposal_record) + 3)
		return NV_EINTERNAL;
	if ((e = record_parse(&proposal_record, c, ncols, &p)) != NV_OK)
		return e;
	row = (uint32_t)++sc->n;
	late = proposal_overdue(&p);
	if ((e = xlsx_num(sc->x, row, 0, (double)sc->n, XF_CENTER)) ||
	    (e = xlsx_str(sc->x, row, 1, x[0], XF_TEXT)) ||
	    (e = xlsx_str(sc->x, row, 2, x[1], XF_TEXT)) ||
	    (e = xlsx_str(sc->x, row, 3, p.period, XF_CENTER)) ||
	    (e = xlsx_str(sc->x, row, 4, p.text, XF_TEXT)) ||
	    (e = xlsx_str(sc->x, row, 5, x[2], XF_TEXT)) ||
	    (e = xlsx_date(sc->x, row, 6, p.due, XF_DATE)) ||
	    (e = xlsx_str(
	         sc->x, row, 7, str_c(status_vi[p.status]), XF_CENTER)) ||
	    (e = xlsx_str(sc->x, row, 8, p.answer, XF_TEXT)) ||
	    (e = xlsx_str(sc->x, row, 9,
	         p.answered_by.p ? p.answered_by : STR(""), XF_TEXT)) ||
	    (e = xlsx_str(sc->x, row, 10, late ? STR("Quá hạn") : STR(""),
	         late ? XF_RED : XF_CENTER)))
		return e;
	return NV_OK;
}

/*
 * GET /exports/proposals.xlsx: the register with the list's filters, one
 * row per proposal, oldest first, for the committee's meeting.
 */
enum nv_err
api_export_proposals_xlsx(struct req *rq, struct resp *rs)
{
	struct db_param p[FILTER_NPARAMS];
	struct sheet_ctx sc = {0};
	struct filter f;
	const char *lines[3];
	char asof[64], fname[64];
	int fd;
	off_t size;
	enum nv_err e;

	if ((e = filters(rq, &f)) != NV_OK)
		return e;
	filter_params(&rq->sess->user, &f, INT64_MAX, EXPORT_MAX, p);
	snprintf(asof, sizeof(asof), "Số liệu đến ngày %.2s/%.2s/%.4s",
	    f.today + 8, f.today + 5, f.today);
	if ((e = committee_header(rq->arena, str_c(rq->sess->user.committee),
	         true, &lines[0])) != NV_OK)
		return e;
	lines[1] = SHEET_TITLE;
	lines[2] = asof;
	if ((e = xlsx_open(rq->conf->tmp_dir, &sc.x)) != NV_OK)
		return e;
	if ((e = xlsx_sheet_titled(sc.x, "Kiến nghị", SHEET_TITLE, lines,
	         NELEM(lines), sheet_cols, NELEM(sheet_cols))) != NV_OK ||
	    (e = db_each(record_sql(&proposal_record, sheet_sql), p, NELEM(p),
	         sheet_row, &sc)) != NV_OK) {
		xlsx_abort(sc.x);
		return e;
	}
	if ((e = xlsx_close(sc.x, &fd, &size)) != NV_OK)
		return e;
	if ((e = api_export_audit(rq, "proposals.xlsx", sc.n)) != NV_OK) {
		close(fd);
		return e;
	}
	snprintf(fname, sizeof(fname), "kien-nghi-%s.xlsx", f.today);
	return api_send_xlsx(rs, fd, size, fname);
}
