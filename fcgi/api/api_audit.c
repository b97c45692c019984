/* SPDX-License-Identifier: ISC */
/*
 * GET /audit: the audit trail for the secretariat and admin, newest first,
 * in keyset pages, searched by actor, agency, record, action and date
 * range (issue 17); GET /exports/audit.csv: the same search as CSV, at
 * most AUDIT_CSV_MAX rows.
 */
#include <stdio.h>
#include <string.h>

#include "fcgi/api/api.h"
#include "fcgi/base/buf.h"
#include "fcgi/base/clock.h"
#include "fcgi/base/db.h"
#include "fcgi/base/str.h"
#include "fcgi/domain/task.h"
#include "fcgi/domain/vocab.h"
#include "fcgi/http/page.h"

#define AUDIT_CSV_MAX 50000 /* rows of one export */

/*
 * A record the search may name, kind:id: a task or a report by its own
 * column, any other kind by audit's (record_kind, record_id) pair
 * (migration 0024).
 */
static const char *const record_kinds[] = {"task", "report", "indicator",
    "indicator_value", "proposal", "round", "programme"};

struct audit_filter {
	struct str actor, action, agency, from, to, record_kind;
	/* Issue 14: a commune's caller reads the rows about its own
	 * committee's tasks only (task_scope_committee()); NULL: all. */
	struct str scope;
	int64_t task_id, report_id, record_id;
};

/*
 * The search.  agency: rows about the tasks it leads, and about the agency
 * itself (its administration, detail.agency).  from and to are days, both
 * included, in UTC as "at" is.
 */
#define AUDIT_WHERE                                                            \
	"WHERE a.id < ? AND (? IS NULL OR a.task_id = ?) "                     \
	"AND (? IS NULL OR a.actor = ?) AND (? IS NULL OR a.action = ?) "      \
	"AND (? IS NULL OR a.report_id = ?) "                                  \
	"AND (? IS NULL OR (a.record_kind = ? AND a.record_id = ?)) "          \
	"AND (? IS NULL OR a.at >= ?) "                                        \
	"AND (? IS NULL OR a.at < ? + INTERVAL 1 DAY) "                        \
	"AND (? IS NULL OR EXISTS (SELECT 1 FROM tasks t WHERE t.id = "        \
	"a.task_id AND t.lead_agency = ?) OR JSON_VALUE(a.detail, "            \
	"'$.agency') = ?) "                                                    \
	"AND (? IS NULL OR EXISTS (SELECT 1 FROM tasks t WHERE t.id = "        \
	"a.task_id AND " TASK_SCOPE("t") ")) "

static const char list_sql[] =
    "SELECT a.id, DATE_FORMAT(a.at, '%Y-%m-%dT%H:%i:%s.%fZ'), a.actor, "
    "a.actor_name, a.action, a.task_id, a.report_id, a.from_status, "
    "a.to_status, a.comment, a.client_addr, a.request_id, a.detail, "
    "a.record_id, a.record_kind, a.on_behalf_of, a.on_behalf_name "
    "FROM audit a " AUDIT_WHERE "ORDER BY a.id DESC LIMIT ?";

static bool
action_ok(struct str s)
{
	size_t i;

	if (s.len == 0 || s.len > 32)
		return false;
	for (i = 0; i < s.len; i++)
		if (!((s.p[i] >= 'a' && s.p[i] <= 'z') || s.p[i] == '_'))
			return false;
	return true;
}

static enum nv_err
record_param(struct req *rq, struct str s, struct audit_filter *f)
{
	const char *colon = memchr(s.p, ':', s.len);
	struct str kind;
	int64_t id;
	size_t i;

	if (colon == NULL || str_to_i64((struct str){colon + 1,
	                                    s.len - (size_t)(colon - s.p) - 1},
	                         1, INT64_MAX, &id) != NV_OK)
		goto bad;
	kind = (struct str){s.p, (size_t)(colon - s.p)};
	for (i = 0; i < NELEM(record_kinds); i++) {
		if (!str_eq(kind, record_kinds[i]))
			continue;
		if (i == 0)
			f->task_id = id;
		else if (i == 1)
			f->report_id = id;
		else {
			f->record_id = id;
			f->record_kind = str_c(record_kinds[i]);
		}
		return NV_OK;
	}
bad:
	return req_fail(rq, NV_EINVAL, "record",
	    "record có dạng loại:số, ví dụ task:17 (task, report, indicator, "
	    "indicator_value, proposal, round, programme).");
}

static enum nv_err
filter_params(struct req *rq, struct audit_filter *f)
{
	struct str s;
	enum nv_err rc;

	memset(f, 0, sizeof(*f));
	f->scope = task_scope_committee(&rq->sess->user);
	if ((s = req_query(rq, "task_id")).p != NULL &&
	    str_to_i64(s, 1, INT64_MAX, &f->task_id) != NV_OK)
		return req_fail(
		    rq, NV_EINVAL, "task_id", "task_id không hợp lệ.");
	if ((s = req_query(rq, "actor")).p != NULL) {
		if (s.len == 0 || s.len > 64)
			return req_fail(rq, NV_EINVAL, "actor",
			    "Tên đăng nhập không hợp lệ.");
		f->actor = s;
	}
	if ((s = req_query(rq, "action")).p != NULL) {
		if (!action_ok(s))
			return req_fail(rq, NV_EINVAL, "action",
			    "Thao tác gồm chữ thường không dấu và _, tối đa 32 "
			    "ký tự.");
		f->action = s;
	}
	if ((s = req_query(rq, "record")).p != NULL &&
	    (rc = record_param(rq, s, f)) != NV_OK)
		return rc;
	if ((s = req_query(rq, "agency")).p != NULL) {
		rc = vocab_agency(rq->arena, s, &f->agency);
		if (rc == NV_ENOENT)
			return req_fail(
			    rq, NV_EINVAL, "agency", "Không có cơ quan này.");
		if (rc != NV_OK)
			return rc;
	}
	if ((s = req_query(rq, "from")).p != NULL) {
		if (!clock_date_valid(s))
			return req_fail(rq, NV_EINVAL, "from",
			    "Từ ngày phải là một ngày có thật, dạng "
			    "YYYY-MM-DD.");
		f->from = s;
	}
	if ((s = req_query(rq, "to")).p != NULL) {
		if (!clock_date_valid(s))
			return req_fail(rq, NV_EINVAL, "to",
			    "Đến ngày phải là một ngày có thật, dạng "
			    "YYYY-MM-DD.");
		f->to = s;
	}
	if (f->from.p != NULL && f->to.p != NULL &&
	    strcmp(f->from.p, f->to.p) > 0)
		return req_fail(rq, NV_EINVAL, "to",
		    "Đến ngày phải sau hoặc bằng từ ngày.");
	return NV_OK;
}

static enum nv_err
run(const struct audit_filter *f, int64_t after, int64_t limit, db_row_fn fn,
    void *ctx)
{
	struct db_param tid = f->task_id ? DBP_INT(f->task_id) : DBP_NULL;
	struct db_param rid = f->report_id ? DBP_INT(f->report_id) : DBP_NULL;
	struct db_param xid = f->record_id ? DBP_INT(f->record_id) : DBP_NULL;
	struct db_param p[] = {DBP_INT(after), tid, tid, DBP_STR(f->actor),
	    DBP_STR(f->actor), DBP_STR(f->action), DBP_STR(f->action), rid, rid,
	    xid, DBP_STR(f->record_kind), xid, DBP_STR(f->from),
	    DBP_STR(f->from), DBP_STR(f->to), DBP_STR(f->to),
	    DBP_STR(f->agency), DBP_STR(f->agency), DBP_STR(f->agency),
	    DBP_STR(f->scope), DBP_STR(f->scope), DBP_STR(f->scope),
	    DBP_INT(limit)};

	return db_each(list_sql, p, NELEM(p), fn, ctx);
}

struct audit_ctx {
	struct jw *w;
	struct page pg;
};

static void
opt_int(struct jw *w, const char *k, struct str s)
{
	jw_key(w, k);
	if (s.p != NULL)
		jw_int(w, db_str_int(s));
	else
		jw_null(w);
}

static enum nv_err
audit_row(void *ctx, const struct str *c, size_t ncols)
{
	struct audit_ctx *ac = ctx;
	struct jw *w = ac->w;
	int64_t id = db_str_int(c[0]);

	if (ncols != 17)
		return NV_EINTERNAL;
	if (!page_take(&ac->pg, id))
		return NV_OK;
	jw_obj_open(w);
	jw_kint(w, "id", id);
	jw_ksstr(w, "at", c[1]);
	jw_ksstr(w, "actor", c[2]);
	jw_ksstr(w, "actor_name", c[3]);
	/* An acting head's act: the head stood in for (issue 12). */
	jw_ksstr(w, "on_behalf_of", c[15]);
	jw_ksstr(w, "on_behalf_of_name", c[16]);
	jw_ksstr(w, "action", c[4]);
	opt_int(w, "task_id", c[5]);
	opt_int(w, "report_id", c[6]);
	jw_ksstr(w, "record_kind", c[14]);
	opt_int(w, "record_id", c[13]);
	jw_ksstr(w, "from", c[7]);
	jw_ksstr(w, "to", c[8]);
	jw_ksstr(w, "comment", c[9]);
	jw_ksstr(w, "client_addr", c[10]);
	jw_ksstr(w, "request_id", c[11]);
	/* detail is JSON already (a CHECK on the column says so). */
	jw_key(w, "detail");
	if (c[12].p != NULL)
		jw_raw(w, c[12].p, c[12].len);
	else
		jw_null(w);
	jw_obj_close(w);
	return NV_OK;
}

enum nv_err
api_audit_list(struct req *rq, struct resp *rs)
{
	struct audit_ctx ac = {0};
	struct audit_filter f;
	enum nv_err rc;

	if ((rc = filter_params(rq, &f)) != NV_OK ||
	    (rc = page_params(rq, &ac.pg)) != NV_OK ||
	    (rc = req_query_unused(rq)) != NV_OK)
		return rc;
	ac.w = resp_json(rs, 200);
	jw_obj_open(ac.w);
	jw_key(ac.w, "items");
	jw_arr_open(ac.w);
	if ((rc = run(&f, ac.pg.after, ac.pg.limit + 1, audit_row, &ac)) !=
	    NV_OK)
		return rc;
	page_end(ac.w, &ac.pg);
	return NV_OK;
}

struct csv_ctx {
	struct resp *rs;
	struct buf line;
	int64_t n;
};

static enum nv_err
csv_row(void *ctx, const struct str *c, size_t ncols)
{
	static const int cols[] = {
	    0, 1, 2, 3, 4, 5, 6, 14, 13, 7, 8, 9, 10, 11, 12, 15};
	struct csv_ctx *cc = ctx;
	size_t i;

	if (ncols != 17)
		return NV_EINTERNAL;
	buf_reset(&cc->line);
	for (i = 0; i < NELEM(cols); i++) {
		if (i > 0)
			buf_addc(&cc->line, ',');
		api_csv_field(&cc->line, c[cols[i]], true);
	}
	buf_adds(&cc->line, "\r\n");
	if (buf_failed(&cc->line))
		return NV_ETOOBIG;
	cc->n++;
	return resp_stream_write(cc->rs, cc->line.p, cc->line.len);
}

enum nv_err
api_audit_csv(struct req *rq, struct resp *rs)
{
	static const char head[] =
	    "\xEF\xBB\xBFid,Thời điểm (UTC),Người thực hiện,Họ tên,Thao tác,"
	    "Nhiệm vụ,Báo cáo,Loại bản ghi,Bản ghi,Từ trạng thái,Sang trạng "
	    "thái,Ý kiến,"
	    "Địa chỉ,Mã yêu cầu,Chi tiết,Thay mặt\r\n";
	struct audit_filter f;
	struct csv_ctx cc = {0};
	char disp[96], today[11];
	enum nv_err rc;

	if ((rc = filter_params(rq, &f)) != NV_OK ||
	    (rc = req_query_unused(rq)) != NV_OK)
		return rc;
	clock_today(today);
	snprintf(disp, sizeof(disp), "attachment; filename=\"nhat-ky-%s.csv\"",
	    today);
	if ((rc = resp_stream_begin(
	         rs, 200, "text/csv; charset=utf-8", disp, -1)) != NV_OK ||
	    (rc = resp_stream_write(rs, head, sizeof(head) - 1)) != NV_OK)
		return rc;
	cc.rs = rs;
	buf_init(&cc.line, 256 * 1024);
	rc = run(&f, INT64_MAX, AUDIT_CSV_MAX, csv_row, &cc);
	buf_free(&cc.line);
	if (rc != NV_OK)
		return rc;
	return api_export_audit(rq, "audit.csv", cc.n);
}
