/* SPDX-License-Identifier: ISC */
/*
 * The route table: every path of the contract (docs/API.md), its handler
 * and who may call it.  http/route.c walks it; it lives here, beside the
 * handlers, so that the HTTP plumbing never names a handler.
 */
#include "fcgi/api/api.h"
#include "fcgi/http/route.h"

/* clang-format off */
const struct route route_table[] = {
	/* method    path                       handler              who may call */
	{ "GET",    "/health",                 api_health,          RP_PUBLIC, 0 },
	{ "POST",   "/session",                api_session_create,  RP_PUBLIC, R_NOCSRF },
	{ "GET",    "/session",                api_session_get,     RP_USER, 0 },
	{ "DELETE", "/session",                api_session_delete,  RP_USER, 0 },
	{ "GET",    "/agencies",               api_agency_list,     RP_USER, 0 },
	{ "GET",    "/tasks",                  api_task_list,       RP_USER, 0 },
	{ "POST",   "/tasks",                  api_task_create,     RP_USER, 0 },
	{ "GET",    "/tasks/{id}",             api_task_get,        RP_USER, 0 },
	{ "PATCH",  "/tasks/{id}",             api_task_patch,      RP_USER, 0 },
	{ "POST",   "/tasks/{id}/transitions", api_task_transition, RP_USER, 0 },
	{ "POST",   "/tasks/{id}/comments",    api_task_comment,    RP_USER, 0 },
	{ "GET",    "/tasks/{id}/history",     api_task_history,    RP_USER, 0 },
	{ "GET",    "/tasks/{id}/reports",     api_report_list,     RP_USER, 0 },
	{ "POST",   "/tasks/{id}/reports",     api_report_create,   RP_USER, 0 },
	{ "GET",    "/reports",                api_report_search,   RP_USER, 0 },
	{ "GET",    "/reports/{id}",           api_report_get,      RP_USER, 0 },
	{ "PATCH",  "/reports/{id}",           api_report_patch,    RP_USER, 0 },
	{ "POST",   "/reports/{id}/transitions", api_report_transition, RP_USER, 0 },
	{ "GET",    "/dashboard",              api_dashboard,       RP_DASHBOARD, 0 },
	{ "GET",    "/audit",                  api_audit_list,      RP_AUDIT, 0 },
	{ "GET",    "/admin/sessions",         api_admin_sessions,  RP_ADMIN, 0 },
	{ "DELETE", "/admin/sessions",         api_admin_sessions_end, RP_ADMIN, 0 },
	{ "POST",   "/me/totp",                api_totp_begin,      RP_USER, 0 },
	{ "POST",   "/me/totp/confirm",        api_totp_confirm,    RP_USER, 0 },
	{ "DELETE", "/me/totp",                api_totp_delete,     RP_USER, 0 },
	{ "GET",    "/exports/tasks.xlsx",     api_export_tasks_xlsx, RP_USER, 0 },
	{ "GET",    "/exports/tasks.csv",      api_export_tasks_csv, RP_USER, 0 },
	{ "GET",    "/exports/dashboard.xlsx", api_export_dashboard_xlsx, RP_DASHBOARD, 0 },
};
/* clang-format on */

const size_t route_count = NELEM(route_table);
