/* SPDX-License-Identifier: ISC */
/*
 * The route table: every path of the contract (docs/API.md), its handler,
 * who may call it, whether it changes data (in one transaction, and for
 * creates with an Idempotency-Key), the body it takes and its query keys.
 * http/route.c walks it; it lives here, beside the handlers, so that the HTTP
 * plumbing never names a handler.
 */
#include "fcgi/api/api.h"
#include "fcgi/http/route.h"

/* clang-format off */
/* The query keys of the task list, shared by its exports; of a page. */
#define TASK_FILTERS "year status kind agency overdue q lead_agency scope " \
		     "missing_report with_drafts health"
#define PAGE	     "limit cursor"
#define WRITE	     R_TX, RB_JSON
#define CREATE	     R_TX | R_IDEM, RB_JSON

const struct route route_table[] = {
	/* method  path                          handler                who may call   flags, body     query keys */
	{ "GET",    "/health",                   api_health,            RP_PUBLIC,     0, RB_NONE, NULL },
	{ "POST",   "/session",                  api_session_create,    RP_PUBLIC,     R_NOCSRF, RB_LOGIN, NULL },
	{ "GET",    "/session",                  api_session_get,       RP_USER,       0, RB_NONE, NULL },
	{ "DELETE", "/session",                  api_session_delete,    RP_USER,       0, RB_NONE, NULL },
	{ "GET",    "/agencies",                 api_agency_list,       RP_USER,       0, RB_NONE, NULL },
	{ "GET",    "/tasks",                    api_task_list,         RP_USER,       0, RB_NONE, TASK_FILTERS " " PAGE },
	{ "POST",   "/tasks",                    api_task_create,       RP_USER,       CREATE, NULL },
	{ "GET",    "/tasks/{id}",               api_task_get,          RP_USER,       0, RB_NONE, NULL },
	{ "PATCH",  "/tasks/{id}",               api_task_patch,        RP_USER,       WRITE, NULL },
	{ "DELETE", "/tasks/{id}",               api_task_delete,       RP_USER,       R_TX, RB_NONE, "version" },
	{ "POST",   "/tasks/{id}/transitions",   api_task_transition,   RP_USER,       WRITE, NULL },
	{ "POST",   "/tasks/{id}/comments",      api_task_comment,      RP_USER,       CREATE, NULL },
	{ "GET",    "/tasks/{id}/history",       api_task_history,      RP_USER,       0, RB_NONE, NULL },
	{ "GET",    "/tasks/{id}/reports",       api_report_list,       RP_USER,       0, RB_NONE, NULL },
	{ "POST",   "/tasks/{id}/reports",       api_report_create,     RP_USER,       CREATE, NULL },
	{ "GET",    "/reports",                  api_report_search,     RP_USER,       0, RB_NONE, "status period agency task_id " PAGE },
	{ "GET",    "/reports/{id}",             api_report_get,        RP_USER,       0, RB_NONE, NULL },
	{ "PATCH",  "/reports/{id}",             api_report_patch,      RP_USER,       WRITE, NULL },
	{ "DELETE", "/reports/{id}",             api_report_delete,     RP_USER,       R_TX, RB_NONE, "version" },
	{ "POST",   "/reports/{id}/transitions", api_report_transition, RP_USER,       WRITE, NULL },
	{ "GET",    "/indicators",               api_indicator_list,    RP_USER,       0, RB_NONE, "agency status field " PAGE },
	{ "POST",   "/indicators",               api_indicator_create,  RP_USER,       CREATE, NULL },
	{ "GET",    "/indicators/{id}",          api_indicator_get,     RP_USER,       0, RB_NONE, NULL },
	{ "PATCH",  "/indicators/{id}",          api_indicator_patch,   RP_USER,       WRITE, NULL },
	{ "POST",   "/indicators/{id}/transitions", api_indicator_transition, RP_USER, WRITE, NULL },
	{ "GET",    "/indicators/{id}/history",  api_indicator_history, RP_USER,       0, RB_NONE, NULL },
	{ "GET",    "/indicators/{id}/values",   api_indicator_values,  RP_USER,       0, RB_NONE, "status " PAGE },
	{ "GET",    "/indicators/{id}/series",   api_indicator_series,  RP_USER,       0, RB_NONE, "year" },
	{ "POST",   "/indicators/{id}/values",   api_indicator_value_create, RP_USER,  CREATE, NULL },
	{ "GET",    "/indicator-values",         api_indicator_value_search, RP_USER,  0, RB_NONE, "status agency indicator_id " PAGE },
	{ "GET",    "/indicator-values/{id}",    api_indicator_value_get, RP_USER,     0, RB_NONE, NULL },
	{ "PATCH",  "/indicator-values/{id}",    api_indicator_value_patch, RP_USER,   WRITE, NULL },
	{ "POST",   "/indicator-values/{id}/transitions", api_indicator_value_transition, RP_USER, WRITE, NULL },
	{ "GET",    "/indicator-values/{id}/history", api_indicator_value_history, RP_USER, 0, RB_NONE, NULL },
	{ "GET",    "/proposals",                api_proposal_list,     RP_USER,       0, RB_NONE, "status agency addressed_to overdue " PAGE },
	{ "GET",    "/proposals/{id}",           api_proposal_get,      RP_USER,       0, RB_NONE, NULL },
	{ "PATCH",  "/proposals/{id}",           api_proposal_patch,    RP_USER,       WRITE, NULL },
	{ "POST",   "/proposals/{id}/transitions", api_proposal_transition, RP_USER,   WRITE, NULL },
	{ "GET",    "/proposals/{id}/history",   api_proposal_history,  RP_USER,       0, RB_NONE, NULL },
	{ "GET",    "/dashboard",                api_dashboard,         RP_DASHBOARD,  0, RB_NONE, "year period" },
	{ "GET",    "/audit",                    api_audit_list,        RP_AUDIT,      0, RB_NONE, "actor task_id " PAGE },
	{ "GET",    "/admin/sessions",           api_admin_sessions,    RP_ADMIN,      0, RB_NONE, "username" },
	{ "DELETE", "/admin/sessions",           api_admin_sessions_end, RP_ADMIN,     0, RB_NONE, "username id" },
	{ "POST",   "/me/totp",                  api_totp_begin,        RP_USER,       0, RB_JSON, NULL },
	{ "POST",   "/me/totp/confirm",          api_totp_confirm,      RP_USER,       0, RB_JSON, NULL },
	{ "DELETE", "/me/totp",                  api_totp_delete,       RP_USER,       0, RB_JSON, NULL },
	{ "GET",    "/exports/tasks.xlsx",       api_export_tasks_xlsx, RP_USER,       0, RB_NONE, TASK_FILTERS },
	{ "GET",    "/exports/tasks.csv",        api_export_tasks_csv,  RP_USER,       0, RB_NONE, TASK_FILTERS },
	{ "GET",    "/exports/dashboard.xlsx",   api_export_dashboard_xlsx, RP_DASHBOARD, 0, RB_NONE, "year period" },
	{ "GET",    "/exports/proposals.xlsx",   api_export_proposals_xlsx, RP_USER,   0, RB_NONE, "status agency addressed_to overdue" },
};
/* clang-format on */

const size_t route_count = NELEM(route_table);
