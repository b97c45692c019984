/* SPDX-License-Identifier: ISC */
/*
 * Indicators over HTTP.  What an indicator is and how it is written are
 * fcgi/domain/indicator.c and fcgi/domain/wf.c.
 */
#include <stdio.h>
#include <string.h>

#include "auth/policy.h"
#include "auth/sess.h"
#include "fcgi/api/api.h"
#include "fcgi/base/clock.h"
#include "fcgi/base/db.h"
#include "fcgi/base/str.h"
#include "fcgi/domain/indicator.h"
#include "fcgi/domain/indicator_series.h"
#include "fcgi/domain/indicator_value.h"
#include "fcgi/domain/task.h"
#include "fcgi/domain/vocab.h"
#include "fcgi/http/page.h"

/*
 * GET /indicators: those the caller may see (every one for the roles that
 * see the dashboard, their own agency's for an official), newest first,
 * filtered by agency, status and field.
 */
/*
 * Who reads an indicator in a list: whoever sees the dashboard, of the
 * committees they reach (issue 14: a commune's people, their own
 * agencies'), and its own agency; four parameters.
 */
#define IND_VISIBLE(a)                                                         \
	"((? = 1 AND (? IS NULL OR EXISTS (SELECT 1 FROM agencies scp WHERE "  \
	"scp.code = " a ".agency AND scp.committee = ?))) OR " a               \
	".agency = ?)"

static const char list_sql[] =
    "SELECT {cols} FROM indicators x WHERE x.id < ? "
    "AND " IND_VISIBLE(
        "x") " "
             "AND (? IS NULL OR x.status = ?) AND (? IS NULL OR x.agency = ?) "
             "AND (? IS NULL OR FIND_IN_SET(?, x.fields) > 0) "
             "ORDER BY x.id DESC LIMIT ?";

struct list_ctx {
	struct jw *w;
	const struct user *u;
	struct page pg;
};

static enum nv_err
list_row(void *ctx, const struct str *c, size_t ncols)
{
	struct list_ctx *lc = ctx;
	struct indicator x;
	enum nv_err rc;

	if ((rc = record_parse(&indicator_record, c, ncols, &x)) != NV_OK)
		return rc;
	if (!page_take(&lc->pg, x.id))
		return NV_OK;
	jw_obj_open(lc->w);
	indicator_members(lc->w, &x, lc->u, indicator_rel(lc->u, x.agency));
	jw_obj_close(lc->w);
	return NV_OK;
}

enum nv_err
api_indicator_list(struct req *rq, struct resp *rs)
{
	const struct user *u = &rq->sess->user;
	struct list_ctx lc = {0};
	struct str s, status = STR_NULL, agency = STR_NULL, field = STR_NULL;
	int k;
	enum nv_err rc;

	if ((s = req_query(rq, "status")).p != NULL) {
		if ((k = record_name_index(
		         policy_indicator_state_names, IS__MAX, s)) < 0)
			return req_fail(rq, NV_EINVAL, "status",
			    "Trạng thái chỉ tiêu không hợp lệ.");
		status = str_c(policy_indicator_state_names[k]);
	}
	if ((s = req_query(rq, "agency")).p != NULL) {
		if (s.len == 0 || s.len > AGENCY_CODE_MAX)
			return req_fail(
			    rq, NV_EINVAL, "agency", "Không có cơ quan này.");
		agency = s;
	}
	if ((s = req_query(rq, "field")).p != NULL) {
		if ((k = record_name_index(vocab_fields, VOCAB_NFIELDS, s)) < 0)
			return req_fail(
			    rq, NV_EINVAL, "field", "Lĩnh vực không hợp lệ.");
		field = str_c(vocab_fields[k]);
	}
	if ((rc = page_params(rq, &lc.pg)) != NV_OK)
		return rc;
	struct db_param p[] = {DBP_INT(lc.pg.after),
	    DBP_INT(indicator_sees_all(u) ? 1 : 0),
	    DBP_STR(task_scope_committee(u)), DBP_STR(task_scope_committee(u)),
	    DBP_STR(str_c(u->agency_code)), DBP_STR(status), DBP_STR(status),
	    DBP_STR(agency), DBP_STR(agency), DBP_STR(field), DBP_STR(field),
	    DBP_INT(lc.pg.limit + 1)};
	lc.u = u;
	lc.w = resp_json(rs, 200);
	jw_obj_open(lc.w);
	jw_key(lc.w, "items");
	jw_arr_open(lc.w);
	if ((rc = db_each(record_sql(&indicator_record, list_sql), p, NELEM(p),
	         list_row, &lc)) != NV_OK)
		return rc;
	page_end(lc.w, &lc.pg);
	return NV_OK;
}

/* DECIMAL(19,4) as its canonical string. */
#define DEC_SQL(x) "TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM " x "))"
#define NV_STR_(x) #x
#define NV_STR(x)  NV_STR_(x)

/* --- history -------------------------------------------------------------- */

/* --- values ------------------------------------------------------------- */

/*
 * GET /indicator-values and GET /indicators/{id}/values: the values the
 * caller may see, newest first, each with its indicator's code, name and
 * agency; filtered by status, the indicator's agency, the indicator.  The
 * heads' approval queue and an agency's to-do.
 */
static const char values_sql[] =
    "SELECT {cols}, i.code, i.name, i.agency, i.status "
    "FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id "
    "WHERE v.id < ? AND " IND_VISIBLE(
        "i") " "
             "AND (? IS NULL OR v.status = ?) AND (? IS NULL OR i.agency = ?) "
             "AND (? IS NULL OR v.indicator_id = ?) "
             "ORDER BY v.id DESC LIMIT ?";

static enum nv_err
value_row(void *ctx, const struct str *c, size_t ncols)
{
	struct list_ctx *lc = ctx;
	struct indicator_value x;
	const struct str *i = c + record_ncols(&indicator_value_record);
	int st;
	enum nv_err rc;

	if (ncols != record_ncols(&indicator_value_record) + 4)
		return NV_EINTERNAL;
	if ((rc = record_parse(&indicator_value_record, c, ncols, &x)) != NV_OK)
		return rc;
	if ((st = record_name_index(
	         policy_indicator_state_names, IS__MAX, i[3])) < 0)
		return NV_EINTERNAL;
	if (!page_take(&lc->pg, x.id))
		return NV_OK;
	jw_obj_open(lc->w);
	indicator_value_members(
	    lc->w, &x, lc->u, indicator_rel(lc->u, i[2]), st);
	jw_key(lc->w, "indicator");
	jw_obj_open(lc->w);
	jw_kint(lc->w, "id", x.indicator_id);
	jw_ksstr(lc->w, "code", i[0]);
	jw_ksstr(lc->w, "name", i[1]);
	jw_ksstr(lc->w, "agency", i[2]);
	jw_obj_close(lc->w);
	jw_obj_close(lc->w);
	return NV_OK;
}

static enum nv_err
values(struct req *rq, struct resp *rs, int64_t indicator_id)
{
	const struct user *u = &rq->sess->user;
	struct list_ctx lc = {0};
	struct str s, status = STR_NULL, agency = STR_NULL;
	int k;
	enum nv_err rc;

	if ((s = req_query(rq, "status")).p != NULL) {
		if ((k = record_name_index(
		         policy_report_state_names, RS__MAX, s)) < 0)
			return req_fail(rq, NV_EINVAL, "status",
			    "Trạng thái số liệu không hợp lệ.");
		status = str_c(policy_report_state_names[k]);
	}
	if ((s = req_query(rq, "agency")).p != NULL) {
		if (s.len == 0 || s.len > AGENCY_CODE_MAX)
			return req_fail(
			    rq, NV_EINVAL, "agency", "Không có cơ quan này.");
		agency = s;
	}
	if ((s = req_query(rq, "indicator_id")).p != NULL &&
	    str_to_i64(s, 1, INT64_MAX, &indicator_id) != NV_OK)
		return req_fail(rq, NV_EINVAL, "indicator_id",
		    "indicator_id không hợp lệ.");
	if ((rc = page_params(rq, &lc.pg)) != NV_OK)
		return rc;
	struct db_param id = indicator_id ? DBP_INT(indicator_id) : DBP_NULL;
	struct db_param p[] = {DBP_INT(lc.pg.after),
	    DBP_INT(indicator_sees_all(u) ? 1 : 0),
	    DBP_STR(task_scope_committee(u)), DBP_STR(task_scope_committee(u)),
	    DBP_STR(str_c(u->agency_code)), DBP_STR(status), DBP_STR(status),
	    DBP_STR(agency), DBP_STR(agency), id, id, DBP_INT(lc.pg.limit + 1)};
	lc.u = u;
	lc.w = resp_json(rs, 200);
	jw_obj_open(lc.w);
	jw_key(lc.w, "items");
	jw_arr_open(lc.w);
	if ((rc = db_each(record_sql(&indicator_value_record, values_sql), p,
	         NELEM(p), value_row, &lc)) != NV_OK)
		return rc;
	page_end(lc.w, &lc.pg);
	return NV_OK;
}

enum nv_err
api_indicator_value_search(struct req *rq, struct resp *rs)
{
	return values(rq, rs, 0);
}

/* The values of one indicator, which must be visible (else 404). */
enum nv_err
api_indicator_values(struct req *rq, struct resp *rs)
{
	struct actor ac;
	struct wf_rec rec;
	enum nv_err rc;

	api_actor(rq, &ac);
	if ((rc = wf_load(&ac, &indicator_record, rq->path_id, false, &rec)) !=
	    NV_OK)
		return rc;
	return values(rq, rs, rq->path_id);
}

/* --- the series ------------------------------------------------------------
 */

struct series_ctx {
	char periods[12][8];
	int64_t actual[12], revision[12];
	bool has[12];
	int n;
};

/* Approved values in period and revision order: the last one counts. */
static enum nv_err
series_row(void *ctx, const struct str *c, size_t ncols)
{
	struct series_ctx *sc = ctx;
	int i;

	(void)ncols;
	for (i = 0; i < sc->n; i++)
		if (str_eq(c[0], sc->periods[i])) {
			if (!indicator_hundredths(c[1], &sc->actual[i]))
				return NV_EINTERNAL;
			sc->revision[i] = db_str_int(c[2]);
			sc->has[i] = true;
		}
	return NV_OK;
}

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
 * GET /indicators/{id}/series?year=: every period of the year with its
 * target, expected value, approved actual value and status
 * (indicator_series.h).
 */
enum nv_err
api_indicator_series(struct req *rq, struct resp *rs)
{
	static const char sql[] = "SELECT period, " DEC_SQL(
	    "value") ", revision FROM "
	             "indicator_values WHERE indicator_id = ? AND status = "
	             "'approved' "
	             "AND period LIKE CONCAT(?, '-%') ORDER BY period, "
	             "revision";
	struct series_ctx sc;
	struct indicator_point pt;
	const struct indicator *x;
	struct actor ac;
	struct wf_rec rec;
	struct str s;
	struct jw *w;
	int64_t year = clock_year();
	char ys[8];
	int i;
	enum nv_err rc;

	if ((s = req_query(rq, "year")).p != NULL &&
	    str_to_i64(s, YEAR_MIN, YEAR_MAX, &year) != NV_OK)
		return req_fail(rq, NV_EINVAL, "year",
		    "Năm phải từ " NV_STR(YEAR_MIN) " đến " NV_STR(
		        YEAR_MAX) ".");
	api_actor(rq, &ac);
	if ((rc = wf_load(&ac, &indicator_record, rq->path_id, false, &rec)) !=
	    NV_OK)
		return rc;
	x = rec.row;
	memset(&sc, 0, sizeof(sc));
	sc.n = indicator_periods(
	    (enum indicator_frequency)x->frequency, (int)year, sc.periods);
	snprintf(ys, sizeof(ys), "%04d", (int)year);
	struct db_param p[] = {DBP_INT(x->id), DBP_STR(str_c(ys))};
	if ((rc = db_each(sql, p, NELEM(p), series_row, &sc)) != NV_OK)
		return rc;
	w = resp_json(rs, 200);
	jw_obj_open(w);
	jw_kint(w, "indicator_id", x->id);
	jw_kint(w, "year", year);
	jw_key(w, "items");
	jw_arr_open(w);
	for (i = 0; i < sc.n; i++) {
		indicator_point(x, str_c(sc.periods[i]),
		    sc.has[i] ? &sc.actual[i] : NULL, &pt);
		jw_obj_open(w);
		jw_kstrz(w, "period", sc.periods[i]);
		hundredths_json(w, "target", pt.has_target, pt.target);
		if (pt.has_target)
			jw_kstrz(w, "target_due", pt.target_due);
		else
			jw_knull(w, "target_due");
		hundredths_json(w, "expected", pt.has_expected, pt.expected);
		hundredths_json(w, "actual", sc.has[i], sc.actual[i]);
		if (sc.has[i])
			jw_kint(w, "revision", sc.revision[i]);
		else
			jw_knull(w, "revision");
		if (indicator_status_name(pt.status) != NULL)
			jw_kstrz(w, "status", indicator_status_name(pt.status));
		else
			jw_knull(w, "status");
		jw_obj_close(w);
	}
	jw_arr_close(w);
	jw_obj_close(w);
	return NV_OK;
}
