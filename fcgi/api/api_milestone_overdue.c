/* SPDX-License-Identifier: ISC */
/*
 * Overdue milestones for the follow-up screen (issue 15): the open
 * milestones of tasks in the programme whose date has passed, per lead
 * body, oldest first.  The lead body's officials and head find their own
 * in GET /todo (milestone_overdue); this is the secretariat's view of all
 * of them (a head: their own body's).
 */
#include "auth/policy.h"
#include "auth/sess.h"
#include "fcgi/api/api.h"
#include "fcgi/base/clock.h"
#include "fcgi/base/db.h"
#include "fcgi/base/str.h"
#include "fcgi/domain/task.h"

/* A year's programme's milestones, generously. */
#define OVERDUE_MAX 5000

enum {
	OC_CODE,
	OC_AGENCY,
	OC_ID,
	OC_NAME,
	OC_KIND,
	OC_DUE,
	OC_DAYS,
	OC_TASK,
	OC_TASK_NAME,
	OC__MAX
};

static const char overdue_sql[] =
    "SELECT t.lead_agency, a.name, m.id, m.name, m.kind, "
    "DATE_FORMAT(m.due, '%Y-%m-%d'), DATEDIFF(?, m.due), t.id, t.name "
    "FROM task_milestones m JOIN tasks t ON t.id = m.task_id "
    "JOIN agencies a ON a.code = t.lead_agency "
    "WHERE m.status = 'open' AND m.due < ? AND t.status = 'in_program' "
    "AND (? IS NULL OR t.lead_agency = ?) AND " TASK_SCOPE(
        "t") " "
             "ORDER BY a.position, a.code, m.due, m.id LIMIT ?";

/* GET /overdue-milestones: {"today", "total", "agencies": [...]}. */
enum nv_err
api_overdue_milestones(struct req *rq, struct resp *rs)
{
	const struct user *u = &rq->sess->user;
	struct str only = STR_NULL;
	struct db_res r;
	struct jw *w;
	char today[11];
	size_t i;
	enum nv_err rc;

	if ((rc = req_query_unused(rq)) != NV_OK)
		return rc;
	/* A head (who sees the dashboard) follows their own body. */
	if (!(u->roles & (ROLE_BIT(ROLE_SECRETARIAT) |
	                     ROLE_BIT(ROLE_LEADERSHIP) | ROLE_BIT(ROLE_ADMIN))))
		only = str_c(u->agency_code);
	clock_today(today);
	struct db_param p[] = {DBP_STR(str_c(today)), DBP_STR(str_c(today)),
	    DBP_STR(only), DBP_STR(only), DBP_NULL, DBP_NULL,
	    DBP_INT(OVERDUE_MAX + 1)};
	task_scope_params(u, p + 4); /* a commune's own (issue 14) */
	if ((rc = db_query(rq->arena, overdue_sql, p, NELEM(p), &r)) != NV_OK)
		return rc;
	if (r.nrows > OVERDUE_MAX)
		return NV_ETOOBIG;
	w = resp_json(rs, 200);
	jw_obj_open(w);
	jw_kstrz(w, "today", today);
	jw_kint(w, "total", (int64_t)r.nrows);
	jw_key(w, "agencies");
	jw_arr_open(w);
	for (i = 0; i < r.nrows; i++) {
		struct str code = db_cell(&r, i, OC_CODE);

		if (i == 0 || !str_eq(code, db_cell(&r, i - 1, OC_CODE).p)) {
			if (i > 0) {
				jw_arr_close(w);
				jw_obj_close(w);
			}
			jw_obj_open(w);
			jw_ksstr(w, "code", code);
			jw_ksstr(w, "name", db_cell(&r, i, OC_AGENCY));
			jw_key(w, "milestones");
			jw_arr_open(w);
		}
		jw_obj_open(w);
		jw_kint(w, "id", db_int(&r, i, OC_ID));
		jw_ksstr(w, "name", db_cell(&r, i, OC_NAME));
		jw_ksstr(w, "kind", db_cell(&r, i, OC_KIND));
		jw_ksstr(w, "due", db_cell(&r, i, OC_DUE));
		jw_kint(w, "days_overdue", db_int(&r, i, OC_DAYS));
		jw_key(w, "task");
		jw_obj_open(w);
		jw_kint(w, "id", db_int(&r, i, OC_TASK));
		jw_ksstr(w, "name", db_cell(&r, i, OC_TASK_NAME));
		jw_obj_close(w);
		jw_obj_close(w);
	}
	if (r.nrows > 0) {
		jw_arr_close(w);
		jw_obj_close(w);
	}
	jw_arr_close(w);
	jw_obj_close(w);
	return NV_OK;
}
