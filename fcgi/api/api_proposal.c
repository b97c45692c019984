/* SPDX-License-Identifier: ISC */
/*
 * The difficulties register over HTTP.  What a proposal is and how it is
 * written are fcgi/domain/proposal.c and fcgi/domain/wf.c; proposals are
 * created only by a report's approval (fcgi/domain/report.c).
 */
#include <string.h>

#include "auth/policy.h"
#include "auth/sess.h"
#include "fcgi/api/api.h"
#include "fcgi/base/clock.h"
#include "fcgi/base/db.h"
#include "fcgi/base/str.h"
#include "fcgi/domain/proposal.h"
#include "fcgi/domain/vocab.h"
#include "fcgi/http/page.h"

enum nv_err
api_proposal_get(struct req *rq, struct resp *rs)
{
	return api_respond(rq, rs, &proposal_record, 200, rq->path_id);
}

enum nv_err
api_proposal_patch(struct req *rq, struct resp *rs)
{
	return api_record_write(rq, rs, &proposal_record, WF_OP_EDIT);
}

enum nv_err
api_proposal_transition(struct req *rq, struct resp *rs)
{
	return api_record_write(rq, rs, &proposal_record, WF_OP_ACT);
}

/* GET /proposals/{id}/history: "proposal_" is 9 characters. */
enum nv_err
api_proposal_history(struct req *rq, struct resp *rs)
{
	static const char sql[] = API_HISTORY_SQL(10) "AND action LIKE "
	                                              "'proposal\\_%' "
	                                              "ORDER BY id";

	return api_history(rq, rs, &proposal_record, sql);
}

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

enum nv_err
api_proposal_list(struct req *rq, struct resp *rs)
{
	const struct user *u = &rq->sess->user;
	struct list_ctx lc = {0};
	struct str s, status = STR_NULL, agency, addressed;
	struct db_param vis[TASK_VISIBLE_NPARAMS];
	char today[11];
	int k, overdue = 0;
	enum nv_err rc;

	if ((s = req_query(rq, "status")).p != NULL) {
		if ((k = record_name_index(
		         policy_proposal_state_names, PS__MAX, s)) < 0)
			return req_fail(rq, NV_EINVAL, "status",
			    "Trạng thái kiến nghị không hợp lệ.");
		status = str_c(policy_proposal_state_names[k]);
	}
	if ((rc = agency_key(rq, "agency", &agency)) != NV_OK ||
	    (rc = agency_key(rq, "addressed_to", &addressed)) != NV_OK)
		return rc;
	if ((s = req_query(rq, "overdue")).p != NULL) {
		if (!str_eq(s, "1") && !str_eq(s, "0"))
			return req_fail(rq, NV_EINVAL, "overdue",
			    "overdue phải là 0 hoặc 1.");
		overdue = str_eq(s, "1");
	}
	if ((rc = page_params(rq, &lc.pg)) != NV_OK)
		return rc;
	clock_today(today);
	task_visible_params(u, vis);
	struct db_param p[] = {DBP_INT(lc.pg.after), vis[0], vis[1], vis[2],
	    DBP_STR(str_c(u->agency_code)), DBP_STR(status), DBP_STR(status),
	    DBP_STR(agency), DBP_STR(agency), DBP_STR(addressed),
	    DBP_STR(addressed), DBP_INT(overdue), DBP_STR(str_c(today)),
	    DBP_INT(lc.pg.limit + 1)};
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
