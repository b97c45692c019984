/* SPDX-License-Identifier: ISC */
/* Every handler, one file per resource (api_<resource>.c). */
#ifndef API_H
#define API_H

#include "fcgi/base/db.h"
#include "fcgi/http/req.h"
#include "fcgi/http/resp.h"

struct sess;

/* api_session.c */
enum nv_err api_session_create(struct req *, struct resp *);
enum nv_err api_session_get(struct req *, struct resp *);
enum nv_err api_session_delete(struct req *, struct resp *);
/* api_agency.c */
enum nv_err api_agency_list(struct req *, struct resp *);
/* api_health.c */
enum nv_err api_health(struct req *, struct resp *);

/* api_task.c */
enum nv_err api_task_list(struct req *, struct resp *);
enum nv_err api_task_create(struct req *, struct resp *);
enum nv_err api_task_get(struct req *, struct resp *);
enum nv_err api_task_patch(struct req *, struct resp *);
enum nv_err api_task_transition(struct req *, struct resp *);
enum nv_err api_task_comment(struct req *, struct resp *);
enum nv_err api_task_history(struct req *, struct resp *);

/* api_report.c */
enum nv_err api_report_list(struct req *, struct resp *);
enum nv_err api_report_search(struct req *, struct resp *);
enum nv_err api_report_create(struct req *, struct resp *);
enum nv_err api_report_get(struct req *, struct resp *);
enum nv_err api_report_patch(struct req *, struct resp *);
enum nv_err api_report_transition(struct req *, struct resp *);
/* api_admin.c */
enum nv_err api_admin_sessions(struct req *, struct resp *);
enum nv_err api_admin_sessions_end(struct req *, struct resp *);

/* api_totp.c */
enum nv_err api_totp_begin(struct req *, struct resp *);
enum nv_err api_totp_confirm(struct req *, struct resp *);
enum nv_err api_totp_delete(struct req *, struct resp *);

/* api_audit.c */
enum nv_err api_audit_list(struct req *, struct resp *);
/* api_dashboard.c */
enum nv_err api_dashboard(struct req *, struct resp *);
/* api_export.c */
enum nv_err api_export_tasks_xlsx(struct req *, struct resp *);
enum nv_err api_export_tasks_csv(struct req *, struct resp *);
enum nv_err api_export_dashboard_xlsx(struct req *, struct resp *);

/* The filters of GET /tasks, shared with the exports. */
struct task_filter {
	int64_t year;            /* 0: any */
	struct str status, kind; /* p NULL: any */
	struct str agency;       /* lead or coordinating; p NULL: any */
	struct str q;            /* a LIKE pattern on the folded name */
	bool has_overdue;
	int overdue;
};

/* Reads year, status, kind, agency, overdue and q; NV_EINVAL naming one. */
enum nv_err api_task_filter(struct req *, struct task_filter *);
/*
 * Streams the caller's visible tasks matching f, newest first, with ids
 * below after, at most limit rows of TASK_COLS, to fn.
 */
enum nv_err api_task_query(struct req *, const struct task_filter *,
    int64_t after, int64_t limit, db_row_fn fn, void *ctx);

/* api_session.c: writes the User object of the contract. */
void api_user_json(struct jw *, const struct sess *);

#endif
