/* SPDX-License-Identifier: ISC */
/*
 * The dashboard's results (issue 13): its indicators with target, actual
 * and status, and the difficulties register's open and overdue proposals.
 * Written into GET /dashboard's object by api_dashboard().
 */
#include <stdio.h>
#include <string.h>

#include "fcgi/api/api.h"
#include "fcgi/base/db.h"
#include "fcgi/base/str.h"
#include "fcgi/base/xlsx.h"
#include "fcgi/domain/dashboard.h"
#include "fcgi/domain/indicator_series.h"
#include "fcgi/domain/proposal.h"

struct ind_ctx {
	struct jw *w;
	const struct dashboard *d;
};

static void
hundredths_json(struct jw *w, const char *key, bool set, int64_t v)
{
	char buf[32];

	if (!set) {
		jw_knull(w, key);
		return;
	}
	indicator_decimal(v, buf);
	jw_kstrz(w, key, buf);
}

/*
 * An indicator as the dashboard shows it: judged at its latest approved
 * value, or with no data at the dashboard's period (its quarter, for a
 * quarterly one).
 */
static void
judge(const struct indicator *x, const struct dashboard *d, char period[8],
    struct indicator_point *pt, int64_t *actual, bool *has)
{
	*actual = 0;
	*has = x->current_period.p != NULL &&
	       indicator_hundredths(x->current_value, actual);
	if (*has)
		snprintf(period, 8, "%.*s", (int)x->current_period.len,
		    x->current_period.p);
	else if (x->frequency == IF_QUARTER) {
		int q =
		    ((d->period[5] - '0') * 10 + (d->period[6] - '0') + 2) / 3;

		snprintf(period, 8, "%.4s-Q%c", d->period,
		    (char)('0' + (q >= 1 && q <= 4 ? q : 1)));
	} else
		snprintf(period, 8, "%s", d->period);
	indicator_point(x, str_c(period), *has ? actual : NULL, pt);
}

static enum nv_err
ind_row(void *ctx, const struct str *c, size_t ncols)
{
	struct ind_ctx *ic = ctx;
	struct indicator x;
	struct indicator_point pt;
	char period[8];
	int64_t actual;
	bool has;
	enum nv_err rc;

	if ((rc = record_parse(&indicator_record, c, ncols, &x)) != NV_OK)
		return rc;
	judge(&x, ic->d, period, &pt, &actual, &has);
	jw_obj_open(ic->w);
	jw_kint(ic->w, "id", x.id);
	jw_ksstr(ic->w, "code", x.code);
	jw_ksstr(ic->w, "name", x.name);
	jw_kstrz(ic->w, "unit", indicator_unit_names[x.unit]);
	jw_kstrz(ic->w, "direction", indicator_direction_names[x.direction]);
	jw_ksstr(ic->w, "agency", x.agency);
	jw_kstrz(ic->w, "period", period);
	hundredths_json(ic->w, "target", pt.has_target, pt.target);
	if (pt.has_target)
		jw_kstrz(ic->w, "target_due", pt.target_due);
	else
		jw_knull(ic->w, "target_due");
	hundredths_json(ic->w, "expected", pt.has_expected, pt.expected);
	hundredths_json(ic->w, "actual", has, actual);
	if (indicator_status_name(pt.status) != NULL)
		jw_kstrz(ic->w, "status", indicator_status_name(pt.status));
	else
		jw_knull(ic->w, "status");
	jw_obj_close(ic->w);
	return NV_OK;
}

struct prop_ctx {
	struct jw *w;
};

static enum nv_err
overdue_row(void *ctx, const struct str *c, size_t ncols)
{
	struct prop_ctx *pc = ctx;
	struct proposal p;
	enum nv_err rc;

	if ((rc = record_parse(&proposal_record, c, ncols, &p)) != NV_OK)
		return rc;
	jw_obj_open(pc->w);
	jw_kint(pc->w, "id", p.id);
	jw_kint(pc->w, "task_id", p.task_id);
	jw_ksstr(pc->w, "agency", p.agency);
	jw_ksstr(pc->w, "addressed_to", p.addressed_to);
	jw_ksstr(pc->w, "text", p.text);
	jw_ksstr(pc->w, "due", p.due);
	jw_obj_close(pc->w);
	return NV_OK;
}

/* A proposal raised by an agency of the dashboard's committee (issue 14). */
#define RESULTS_OWN                                                            \
	"EXISTS (SELECT 1 FROM agencies pc WHERE pc.code = p.agency AND "      \
	"pc.committee = ?)"

/* The active indicators of the dashboard's scope. */
static const char inds[] =
    "SELECT {cols} FROM indicators x WHERE x.status = 'active' "
    "AND (? IS NULL OR x.agency = ?) AND COALESCE((SELECT ic.committee "
    "FROM agencies ic WHERE ic.code = x.agency), (SELECT c.code FROM "
    "committees c WHERE c.parent IS NULL LIMIT 1)) = ? "
    "ORDER BY x.agency, x.code "
    "LIMIT 500"; /* the committee follows a few dozen */

enum nv_err
api_dashboard_results(struct req *rq, const struct dashboard *d, struct jw *w)
{
	/* A head sees what their agency raised or must answer. */
	static const char counts[] =
	    "SELECT COALESCE(SUM(p.status IN ('new', 'forwarded')), 0), "
	    "COALESCE(SUM(p.status = 'forwarded' AND p.due < ?), 0) "
	    "FROM proposals p WHERE (? IS NULL OR p.agency = ? OR "
	    "p.addressed_to = ?) AND " RESULTS_OWN;
	static const char overdue[] =
	    "SELECT {cols} FROM proposals p WHERE p.status = 'forwarded' "
	    "AND p.due < ? AND (? IS NULL OR p.agency = ? OR "
	    "p.addressed_to = ?) AND " RESULTS_OWN " ORDER BY p.due, p.id "
	    "LIMIT 500";
	struct ind_ctx ic = {w, d};
	struct prop_ctx pc = {w};
	struct db_res r;
	enum nv_err rc;

	struct db_param pi[] = {
	    DBP_STR(d->only), DBP_STR(d->only), DBP_STR(d->committee)};
	jw_key(w, "indicators");
	jw_arr_open(w);
	if ((rc = db_each(record_sql(&indicator_record, inds), pi, NELEM(pi),
	         ind_row, &ic)) != NV_OK)
		return rc;
	jw_arr_close(w);

	struct db_param pp[] = {DBP_STR(str_c(d->today)), DBP_STR(d->only),
	    DBP_STR(d->only), DBP_STR(d->only), DBP_STR(d->committee)};
	if ((rc = db_query(rq->arena, counts, pp, NELEM(pp), &r)) != NV_OK)
		return rc;
	if (r.nrows != 1)
		return NV_EINTERNAL;
	jw_key(w, "proposals");
	jw_obj_open(w);
	jw_kint(w, "open", db_int(&r, 0, 0));
	jw_kint(w, "overdue", db_int(&r, 0, 1));
	jw_key(w, "overdue_items");
	jw_arr_open(w);
	if ((rc = db_each(record_sql(&proposal_record, overdue), pp, NELEM(pp),
	         overdue_row, &pc)) != NV_OK)
		return rc;
	jw_arr_close(w);
	jw_obj_close(w);
	return NV_OK;
}

/* --- the dashboard workbook's sheet ------------------------------------ */

static const struct xlsx_col sheet_cols[] = {
    {"STT", 5},
    {"Mã chỉ tiêu", 16},
    {"Chỉ tiêu", 44},
    {"Đơn vị tính", 10},
    {"Cơ quan chịu trách nhiệm", 22},
    {"Kỳ", 9},
    {"Mục tiêu", 10},
    {"Hạn đạt mục tiêu", 12},
    {"Giá trị cần đạt đến kỳ", 12},
    {"Thực hiện", 10},
    {"Đánh giá", 16},
};

static const char *const unit_vi[IU__MAX] = {"%", "số lượng", "đồng"};

/* "98,73": the reader's decimal comma; "" when not set. */
static struct str
decimal_vi(struct arena *a, bool set, int64_t v)
{
	char buf[32], *p;

	if (!set)
		return STR("");
	indicator_decimal(v, buf);
	if ((p = strchr(buf, '.')) != NULL)
		*p = ',';
	return str_c(arena_strndup(a, buf, strlen(buf)));
}

static const char *
status_vi(enum indicator_status s)
{
	switch (s) {
	case IST_ACHIEVED:
		return "Đạt";
	case IST_ON_TRACK:
		return "Đúng tiến độ";
	case IST_BEHIND:
		return "Chậm";
	case IST_NO_DATA:
		return "Chưa có số liệu";
	default:
		return "";
	}
}

struct sheet_ctx {
	struct req *rq;
	const struct dashboard *d;
	struct xlsx *x;
	int64_t n;
};

static enum nv_err
sheet_row(void *ctx, const struct str *c, size_t ncols)
{
	struct sheet_ctx *sc = ctx;
	struct arena *a = sc->rq->arena;
	struct indicator x;
	struct indicator_point pt;
	char period[8];
	int64_t actual;
	uint32_t row;
	bool has;
	enum nv_err e;

	if ((e = record_parse(&indicator_record, c, ncols, &x)) != NV_OK)
		return e;
	judge(&x, sc->d, period, &pt, &actual, &has);
	row = (uint32_t)++sc->n;
	if ((e = xlsx_num(sc->x, row, 0, (double)sc->n, XF_CENTER)) ||
	    (e = xlsx_str(sc->x, row, 1, x.code, XF_TEXT)) ||
	    (e = xlsx_str(sc->x, row, 2, x.name, XF_TEXT)) ||
	    (e = xlsx_str(sc->x, row, 3, str_c(unit_vi[x.unit]), XF_CENTER)) ||
	    (e = xlsx_str(sc->x, row, 4, x.agency, XF_CENTER)) ||
	    (e = xlsx_str(sc->x, row, 5, str_c(period), XF_CENTER)) ||
	    (e = xlsx_str(sc->x, row, 6,
	         decimal_vi(a, pt.has_target, pt.target), XF_CENTER)) ||
	    (e = xlsx_date(sc->x, row, 7,
	         pt.has_target ? str_c(pt.target_due) : STR_NULL, XF_DATE)) ||
	    (e = xlsx_str(sc->x, row, 8,
	         decimal_vi(a, pt.has_expected, pt.expected), XF_CENTER)) ||
	    (e = xlsx_str(
	         sc->x, row, 9, decimal_vi(a, has, actual), XF_CENTER)) ||
	    (e = xlsx_str(sc->x, row, 10, str_c(status_vi(pt.status)),
	         pt.status == IST_BEHIND     ? XF_RED
	         : pt.status == IST_ACHIEVED ? XF_GREEN
	                                     : XF_CENTER)))
		return e;
	return NV_OK;
}

enum nv_err
api_results_sheet(struct req *rq, const struct dashboard *d, struct xlsx *x)
{
	static const char title[] = "CHỈ TIÊU: MỤC TIÊU, THỰC HIỆN VÀ ĐÁNH GIÁ";
	struct sheet_ctx sc = {rq, d, x, 0};
	const char *lines[3];
	char period[96];
	enum nv_err e;

	snprintf(period, sizeof(period), "Năm %lld, kỳ báo cáo tháng %.2s/%.4s",
	    (long long)d->year, d->period + 5, d->period);
	lines[0] = d->issuer;
	lines[1] = title;
	lines[2] = period;
	if ((e = xlsx_sheet_titled(x, "Chỉ tiêu", title, lines, NELEM(lines),
	         sheet_cols, NELEM(sheet_cols))) != NV_OK)
		return e;
	struct db_param p[] = {
	    DBP_STR(d->only), DBP_STR(d->only), DBP_STR(d->committee)};
	return db_each(
	    record_sql(&indicator_record, inds), p, NELEM(p), sheet_row, &sc);
}
