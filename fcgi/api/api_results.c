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
static enum nv_err
ind_row(void *ctx, const struct str *c, size_t ncols)
{
	struct ind_ctx *ic = ctx;
	struct indicator x;
	struct indicator_point pt;
	char period[8];
	int64_t actual = 0;
	bool has;
	enum nv_err rc;

	if ((rc = record_parse(&indicator_record, c, ncols, &x)) != NV_OK)
		return rc;
	has = x.current_period.p != NULL &&
	      indicator_hundredths(x.current_value, &actual);
	if (has)
		snprintf(period, sizeof(period), "%.*s",
		    (int)x.current_period.len, x.current_period.p);
	else if (x.frequency == IF_QUARTER) {
		int q = ((ic->d->period[5] - '0') * 10 +
		            (ic->d->period[6] - '0') + 2) /
		        3;

		snprintf(period, sizeof(period), "%.4s-Q%c", ic->d->period,
		    (char)('0' + (q >= 1 && q <= 4 ? q : 1)));
	} else
		snprintf(period, sizeof(period), "%s", ic->d->period);
	indicator_point(&x, str_c(period), has ? &actual : NULL, &pt);
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

enum nv_err
api_dashboard_results(struct req *rq, const struct dashboard *d, struct jw *w)
{
	static const char inds[] =
	    "SELECT {cols} FROM indicators x WHERE x.status = 'active' "
	    "AND (? IS NULL OR x.agency = ?) ORDER BY x.agency, x.code "
	    "LIMIT 500"; /* the committee follows a few dozen */
	/* A head sees what their agency raised or must answer. */
	static const char counts[] =
	    "SELECT COALESCE(SUM(p.status IN ('new', 'forwarded')), 0), "
	    "COALESCE(SUM(p.status = 'forwarded' AND p.due < ?), 0) "
	    "FROM proposals p WHERE (? IS NULL OR p.agency = ? OR "
	    "p.addressed_to = ?)";
	static const char overdue[] =
	    "SELECT {cols} FROM proposals p WHERE p.status = 'forwarded' "
	    "AND p.due < ? AND (? IS NULL OR p.agency = ? OR "
	    "p.addressed_to = ?) ORDER BY p.due, p.id "
	    "LIMIT 500";
	struct ind_ctx ic = {w, d};
	struct prop_ctx pc = {w};
	struct db_res r;
	enum nv_err rc;

	struct db_param pi[] = {DBP_STR(d->only), DBP_STR(d->only)};
	jw_key(w, "indicators");
	jw_arr_open(w);
	if ((rc = db_each(record_sql(&indicator_record, inds), pi, NELEM(pi),
	         ind_row, &ic)) != NV_OK)
		return rc;
	jw_arr_close(w);

	struct db_param pp[] = {DBP_STR(str_c(d->today)), DBP_STR(d->only),
	    DBP_STR(d->only), DBP_STR(d->only)};
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
