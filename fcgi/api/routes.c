/* SPDX-License-Identifier: ISC */
/*
 * The route table: every path of the contract (docs/API.md), its handler,
 * who may call it, whether it changes data (in one transaction, and for
 * creates with an Idempotency-Key), the body it takes, its query keys, and
 * for the handlers every kind of record shares, which kind.
 * http/route.c walks it; it lives here, beside the handlers, so that the HTTP
 * plumbing never names a handler.
 */
#include "fcgi/api/api.h"
#include "fcgi/domain/delegation.h"
#include "fcgi/domain/indicator.h"
#include "fcgi/domain/indicator_value.h"
#include "fcgi/domain/programme.h"
#include "fcgi/domain/milestone.h"
#include "fcgi/domain/attachment.h"
#include "fcgi/domain/contribution.h"
#include "fcgi/domain/proposal.h"
#include "fcgi/domain/report.h"
#include "fcgi/domain/round.h"
#include "fcgi/domain/task.h"
#include "fcgi/http/route.h"

/* clang-format off */
/* The query keys of the task list, shared by its exports; of a page. */
#define TASK_FILTERS "year status kind agency overdue q lead_agency scope " \
		     "missing_report with_drafts health field committee"
#define PAGE	     "limit cursor"
/* The audit search's filters, shared by its export. */
#define AUDIT_FILTERS "actor task_id agency record action from to"
#define WRITE	     R_TX, RB_JSON
#define CREATE	     R_TX | R_IDEM, RB_JSON

const struct route route_table[] = {
	/* method  path                          handler                who may call   flags, body     query keys */
	{ "GET",    "/health",                   api_health,            RP_PUBLIC,     0, RB_NONE, NULL },
	/* The public progress page (issue 14): nginx serves /public/ and
	 * /public/v1/... from its cache, asking these on a miss. */
	{ "GET",    "/public/page",              api_public_page,       RP_PUBLIC,     0, RB_NONE, NULL },
	{ "GET",    "/public/tasks.json",        api_public_tasks_json, RP_PUBLIC,     0, RB_NONE, NULL },
	{ "GET",    "/public/tasks.csv",         api_public_tasks_csv,  RP_PUBLIC,     0, RB_NONE, NULL },
	{ "GET",    "/public/indicators.json",   api_public_indicators_json, RP_PUBLIC, 0, RB_NONE, NULL },
	{ "GET",    "/public/agencies.json",     api_public_agencies_json, RP_PUBLIC, 0, RB_NONE, NULL },
	{ "POST",   "/session",                  api_session_create,    RP_PUBLIC,     R_NOCSRF, RB_LOGIN, NULL },
	{ "GET",    "/session",                  api_session_get,       RP_USER,       0, RB_NONE, NULL },
	{ "DELETE", "/session",                  api_session_delete,    RP_USER,       0, RB_NONE, NULL },
	{ "GET",    "/agencies",                 api_agency_list,       RP_USER,       0, RB_NONE, NULL },
	{ "GET",    "/tasks",                    api_task_list,         RP_USER,       0, RB_NONE, TASK_FILTERS " sort " PAGE },
	{ "POST",   "/tasks",                    api_record_create,       RP_USER,       CREATE, NULL, &task_record },
	/* Each item its own transaction (wf_transition), so no R_TX. */
	{ "POST",   "/tasks/bulk",               api_task_bulk,         RP_USER,       0, RB_JSON, NULL },
	{ "GET",    "/tasks/{id}",               api_record_get,          RP_USER,       0, RB_NONE, NULL, &task_record },
	{ "PATCH",  "/tasks/{id}",               api_record_patch,        RP_USER,       WRITE, NULL, &task_record },
	{ "DELETE", "/tasks/{id}",               api_record_delete,       RP_USER,       R_TX, RB_NONE, "version", &task_record },
	{ "POST",   "/tasks/{id}/transitions",   api_record_transition,   RP_USER,       WRITE, NULL, &task_record },
	{ "POST",   "/tasks/{id}/comments",      api_task_comment,      RP_USER,       CREATE, NULL },
	{ "GET",    "/tasks/{id}/history",       api_task_history,      RP_USER,       0, RB_NONE, NULL },
	{ "GET",    "/tasks/{id}/reports",       api_report_list,       RP_USER,       0, RB_NONE, NULL },
	{ "POST",   "/tasks/{id}/reports",       api_record_create,     RP_USER,       CREATE, NULL, &report_record },
	{ "GET",    "/reports",                  api_report_search,     RP_USER,       0, RB_NONE, "status period agency task_id " PAGE },
	{ "GET",    "/reports/{id}",             api_record_get,        RP_USER,       0, RB_NONE, NULL, &report_record },
	{ "PATCH",  "/reports/{id}",             api_record_patch,      RP_USER,       WRITE, NULL, &report_record },
	{ "DELETE", "/reports/{id}",             api_record_delete,     RP_USER,       R_TX, RB_NONE, "version", &report_record },
	{ "POST",   "/reports/{id}/transitions", api_record_transition, RP_USER,       WRITE, NULL, &report_record },
	{ "GET",    "/indicators",               api_indicator_list,    RP_USER,       0, RB_NONE, "agency status field " PAGE },
	{ "POST",   "/indicators",               api_record_create,  RP_USER,       CREATE, NULL, &indicator_record },
	{ "GET",    "/indicators/{id}",          api_record_get,     RP_USER,       0, RB_NONE, NULL, &indicator_record },
	{ "PATCH",  "/indicators/{id}",          api_record_patch,   RP_USER,       WRITE, NULL, &indicator_record },
	{ "POST",   "/indicators/{id}/transitions", api_record_transition, RP_USER, WRITE, NULL, &indicator_record },
	{ "GET",    "/indicators/{id}/history",  api_record_history,    RP_USER,       0, RB_NONE, NULL, &indicator_record },
	{ "GET",    "/indicators/{id}/values",   api_indicator_values,  RP_USER,       0, RB_NONE, "status " PAGE },
	{ "GET",    "/indicators/{id}/series",   api_indicator_series,  RP_USER,       0, RB_NONE, "year" },
	{ "POST",   "/indicators/{id}/values",   api_record_create, RP_USER,  CREATE, NULL, &indicator_value_record },
	{ "GET",    "/indicator-values",         api_indicator_value_search, RP_USER,  0, RB_NONE, "status agency indicator_id " PAGE },
	{ "GET",    "/indicator-values/{id}",    api_record_get, RP_USER,     0, RB_NONE, NULL, &indicator_value_record },
	{ "PATCH",  "/indicator-values/{id}",    api_record_patch, RP_USER,   WRITE, NULL, &indicator_value_record },
	{ "POST",   "/indicator-values/{id}/transitions", api_record_transition, RP_USER, WRITE, NULL, &indicator_value_record },
	{ "GET",    "/indicator-values/{id}/history", api_record_history,    RP_USER, 0, RB_NONE, NULL, &indicator_value_record },
	{ "GET",    "/proposals",                api_proposal_list,     RP_USER,       0, RB_NONE, "status agency addressed_to overdue " PAGE },
	{ "GET",    "/proposals/{id}",           api_record_get,      RP_USER,       0, RB_NONE, NULL, &proposal_record },
	{ "PATCH",  "/proposals/{id}",           api_record_patch,    RP_USER,       WRITE, NULL, &proposal_record },
	{ "POST",   "/proposals/{id}/transitions", api_record_transition, RP_USER,   WRITE, NULL, &proposal_record },
	{ "GET",    "/proposals/{id}/history",   api_record_history,    RP_USER,       0, RB_NONE, NULL, &proposal_record },
	/* Registration rounds and their compliance board (issue 15). */
	{ "GET",    "/rounds",                   api_round_list,        RP_USER,       0, RB_NONE, "year committee" },
	{ "POST",   "/rounds",                   api_record_create,     RP_USER,       CREATE, NULL, &round_record },
	{ "GET",    "/rounds/{id}",              api_record_get,        RP_USER,       0, RB_NONE, NULL, &round_record },
	{ "PATCH",  "/rounds/{id}",              api_record_patch,      RP_USER,       WRITE, NULL, &round_record },
	{ "GET",    "/rounds/{id}/history",      api_record_history,    RP_USER,       0, RB_NONE, NULL, &round_record },
	{ "GET",    "/rounds/{id}/compliance",   api_round_compliance,  RP_DASHBOARD,  0, RB_NONE, NULL },
	{ "GET",    "/exports/rounds/{id}/compliance.xlsx", api_export_round_xlsx, RP_DASHBOARD, 0, RB_NONE, NULL },
	/* The programme, its amendments and their approval (issue 15). */
	{ "GET",    "/programmes",               api_programme_list,    RP_USER,       0, RB_NONE, "year committee" },
	{ "POST",   "/programmes",               api_record_create,     RP_USER,       CREATE, NULL, &programme_record },
	{ "GET",    "/programmes/{id}",          api_record_get,        RP_USER,       0, RB_NONE, NULL, &programme_record },
	{ "PATCH",  "/programmes/{id}",          api_record_patch,      RP_USER,       WRITE, NULL, &programme_record },
	{ "POST",   "/programmes/{id}/transitions", api_record_transition, RP_USER,    WRITE, NULL, &programme_record },
	{ "GET",    "/programmes/{id}/history",  api_record_history,    RP_USER,       0, RB_NONE, NULL, &programme_record },
	{ "GET",    "/programmes/{id}/items",    api_programme_items,   RP_USER,       0, RB_NONE, NULL },
	{ "GET",    "/exports/programmes/{id}/table.xlsx", api_export_programme_xlsx, RP_USER, 0, RB_NONE, NULL },
	/* A task's milestones (issue 15). */
	{ "GET",    "/tasks/{id}/milestones",    api_milestone_list,    RP_USER,       0, RB_NONE, NULL },
	{ "POST",   "/tasks/{id}/milestones",    api_record_create,     RP_USER,       CREATE, NULL, &milestone_record },
	{ "GET",    "/milestones/{id}",          api_record_get,        RP_USER,       0, RB_NONE, NULL, &milestone_record },
	{ "PATCH",  "/milestones/{id}",          api_record_patch,      RP_USER,       WRITE, NULL, &milestone_record },
	{ "POST",   "/milestones/{id}/transitions", api_record_transition, RP_USER,    WRITE, NULL, &milestone_record },
	/* Evidence files (issue 12): the upload streams (RB_STREAM) in its
	 * own transaction; the rules are the attachment rows of policy.c. */
	{ "POST",   "/tasks/{id}/attachments",   api_attachment_upload, RP_USER,       0, RB_STREAM, NULL, &task_attachment_record },
	{ "GET",    "/tasks/{id}/attachments",   api_attachment_list,   RP_USER,       0, RB_NONE, NULL, &task_attachment_record },
	{ "POST",   "/reports/{id}/attachments", api_attachment_upload, RP_USER,       0, RB_STREAM, NULL, &report_attachment_record },
	{ "GET",    "/reports/{id}/attachments", api_attachment_list,   RP_USER,       0, RB_NONE, NULL, &report_attachment_record },
	{ "POST",   "/milestones/{id}/attachments", api_attachment_upload, RP_USER,    0, RB_STREAM, NULL, &milestone_attachment_record },
	{ "GET",    "/milestones/{id}/attachments", api_attachment_list, RP_USER,      0, RB_NONE, NULL, &milestone_attachment_record },
	{ "GET",    "/attachments/{id}",         api_attachment_download, RP_USER,     0, RB_NONE, NULL },
	{ "DELETE", "/attachments/{id}",         api_attachment_delete, RP_USER,       R_TX, RB_NONE, NULL },
	/* Acting head: delegations of a head's approvals (issue 12). */
	{ "GET",    "/delegations",              api_delegation_list,   RP_DELEGATIONS, 0, RB_NONE, NULL },
	{ "POST",   "/delegations",              api_record_create,     RP_DELEGATIONS, CREATE, NULL, &delegation_record },
	{ "GET",    "/delegations/{id}",         api_record_get,        RP_DELEGATIONS, 0, RB_NONE, NULL, &delegation_record },
	{ "DELETE", "/delegations/{id}",         api_delegation_revoke, RP_DELEGATIONS, R_TX, RB_NONE, "version" },
	{ "GET",    "/delegations/{id}/history", api_record_history,    RP_DELEGATIONS, 0, RB_NONE, NULL, &delegation_record },
	/* Coordinating bodies' contributions to the monthly report (issue 15). */
	{ "GET",    "/tasks/{id}/contributions", api_contribution_list, RP_USER,       0, RB_NONE, "period" },
	{ "POST",   "/tasks/{id}/contributions", api_record_create,     RP_USER,       CREATE, NULL, &contribution_record },
	{ "GET",    "/contributions",            api_contribution_search, RP_USER,     0, RB_NONE, "status period agency task_id " PAGE },
	{ "GET",    "/contributions/{id}",       api_record_get,        RP_USER,       0, RB_NONE, NULL, &contribution_record },
	{ "PATCH",  "/contributions/{id}",       api_record_patch,      RP_USER,       WRITE, NULL, &contribution_record },
	{ "DELETE", "/contributions/{id}",       api_record_delete,     RP_USER,       R_TX, RB_NONE, "version", &contribution_record },
	{ "POST",   "/contributions/{id}/transitions", api_record_transition, RP_USER, WRITE, NULL, &contribution_record },
	/* Overdue milestones, per body (issue 15). */
	{ "GET",    "/overdue-milestones",       api_overdue_milestones, RP_DASHBOARD, 0, RB_NONE, NULL },
	/* Missing reports named, per body (issue 15). */
	{ "GET",    "/missing-reports",          api_missing_reports,   RP_DASHBOARD,  0, RB_NONE, "period" },
	{ "GET",    "/exports/missing-reports.xlsx", api_export_missing_xlsx, RP_DASHBOARD, 0, RB_NONE, "period" },
	{ "GET",    "/dashboard",                api_dashboard,         RP_DASHBOARD,  0, RB_NONE, "year period field committee" },
	{ "GET",    "/audit",                    api_audit_list,        RP_AUDIT,      0, RB_NONE, AUDIT_FILTERS " " PAGE },
	{ "GET",    "/admin/sessions",           api_admin_sessions,    RP_ADMIN,      0, RB_NONE, "username" },
	{ "DELETE", "/admin/sessions",           api_admin_sessions_end, RP_ADMIN,     0, RB_NONE, "username id" },
	/* Issue 17's administration and saved filters. */
	{ "GET",    "/admin/agencies",           api_agency_admin_list,   RP_AGENCIES, 0, RB_NONE, NULL },
	{ "POST",   "/admin/agencies",           api_agency_admin_create, RP_AGENCIES, WRITE, NULL },
	{ "PATCH",  "/admin/agencies/{code}",    api_agency_admin_patch,  RP_AGENCIES, WRITE, NULL },
	{ "POST",   "/admin/agencies/{code}/retire", api_agency_admin_retire, RP_AGENCIES, WRITE, NULL },
	{ "POST",   "/admin/agencies/{code}/merge",  api_agency_admin_merge,  RP_AGENCIES, WRITE, NULL },
	{ "GET",    "/admin/settings",           api_settings,          RP_ADMIN,      0, RB_NONE, NULL },
	{ "GET",    "/me/filters",               api_filters_list,      RP_USER,       0, RB_NONE, NULL },
	{ "POST",   "/me/filters",               api_filters_create,    RP_USER,       WRITE, NULL },
	{ "PATCH",  "/me/filters/{id}",          api_filters_patch,     RP_USER,       WRITE, NULL },
	{ "DELETE", "/me/filters/{id}",          api_filters_delete,    RP_USER,       R_TX, RB_NONE, NULL },
	{ "GET",    "/exports/audit.csv",        api_audit_csv,         RP_AUDIT,      0, RB_NONE, AUDIT_FILTERS },
	{ "POST",   "/me/totp",                  api_totp_begin,        RP_USER,       0, RB_JSON, NULL },
	{ "POST",   "/me/totp/confirm",          api_totp_confirm,      RP_USER,       0, RB_JSON, NULL },
	{ "DELETE", "/me/totp",                  api_totp_delete,       RP_USER,       0, RB_JSON, NULL },
	{ "POST",   "/imports/tasks",            api_import_tasks,      RP_USER,       R_TX, RB_FILE, NULL },
	{ "POST",   "/imports/{id}/confirm",     api_import_confirm,    RP_USER,       WRITE, NULL },
	{ "GET",    "/todo",                     api_todo,              RP_USER,       0, RB_NONE, NULL },
	{ "POST",   "/tasks/{id}/directions/read", api_task_directions_read, RP_USER, R_TX, RB_JSON, NULL },
	{ "POST",   "/reminders",                api_remind_agency,     RP_REMIND,     WRITE, NULL },
	{ "GET",    "/exports/tasks.xlsx",       api_export_tasks_xlsx, RP_USER,       0, RB_NONE, TASK_FILTERS },
	{ "GET",    "/exports/tasks.csv",        api_export_tasks_csv,  RP_USER,       0, RB_NONE, TASK_FILTERS },
	{ "GET",    "/exports/dashboard.xlsx",   api_export_dashboard_xlsx, RP_DASHBOARD, 0, RB_NONE, "year period field committee" },
	{ "GET",    "/scorecard",                api_scorecard,         RP_DASHBOARD,  0, RB_NONE, "year" },
	{ "GET",    "/exports/scorecard.xlsx",   api_export_scorecard_xlsx, RP_DASHBOARD, 0, RB_NONE, "year" },
	{ "GET",    "/exports/proposals.xlsx",   api_export_proposals_xlsx, RP_USER,   0, RB_NONE, "status agency addressed_to overdue" },
};
/* clang-format on */

const size_t route_count = NELEM(route_table);
