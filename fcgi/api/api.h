/* SPDX-License-Identifier: ISC */
/* Every handler, one file per resource (api_<resource>.c). */
#ifndef API_H
#define API_H

#include <sys/types.h>

#include "fcgi/base/db.h"
#include "fcgi/http/req.h"
#include "fcgi/http/resp.h"
#include "fcgi/domain/wf.h"

struct sess;
struct audit;

/*
 * api_wf.c: a request and the write path.  api_actor() makes the
 * request's actor; api_body() its JSON body as the write path's input;
 * api_refused() carries a refusal's field and message to the response;
 * api_respond() writes record id of kind d as the response body, as the
 * caller sees it.
 */
void api_actor(struct req *, struct actor *);
struct wf_input api_body(struct req *);
enum nv_err api_refused(struct req *, const struct actor *, enum nv_err);
enum nv_err api_respond(struct req *, struct resp *, const struct record_desc *,
    int status, int64_t id);
/*
 * The handlers of every kind of record, told the kind by their route's
 * arg (a struct record_desc, in fcgi/api/routes.c): create (POST, 201;
 * under the path's task for a kind with a parent), get, patch (PATCH),
 * transition (POST …/transitions) and delete (DELETE ?version=N, 204).
 * Each reads the request, calls the write path and answers with the
 * record as the caller sees it.
 */
enum nv_err api_record_create(struct req *, struct resp *);
enum nv_err api_record_get(struct req *, struct resp *);
enum nv_err api_record_patch(struct req *, struct resp *);
enum nv_err api_record_transition(struct req *, struct resp *);
enum nv_err api_record_delete(struct req *, struct resp *);
/*
 * GET …/{id}/history of a kind of no task: the audit rows of the pair
 * (kind, id), oldest first, in the shape of a task's history; 404 when the
 * caller may not see the record.
 */
enum nv_err api_record_history(struct req *, struct resp *);
/* An audit row for the request's user, address and id (audit_insert). */
enum nv_err audit_write(struct req *, const struct audit *);

/* api_delegation.c: acting-head delegations (issue 12) */
enum nv_err api_delegation_list(struct req *, struct resp *);
enum nv_err api_delegation_revoke(struct req *, struct resp *);
/* api_session.c */
enum nv_err api_session_create(struct req *, struct resp *);
enum nv_err api_session_get(struct req *, struct resp *);
enum nv_err api_session_delete(struct req *, struct resp *);
/* api_agency.c */
enum nv_err api_agency_list(struct req *, struct resp *);
/* api_agency_admin.c: add, rename, retire, merge (issue 15) */
enum nv_err api_agency_admin_list(struct req *, struct resp *);
enum nv_err api_agency_admin_create(struct req *, struct resp *);
enum nv_err api_agency_admin_patch(struct req *, struct resp *);
enum nv_err api_agency_admin_retire(struct req *, struct resp *);
enum nv_err api_agency_admin_merge(struct req *, struct resp *);
/* api_settings.c: the effective configuration, secrets masked */
enum nv_err api_settings(struct req *, struct resp *);
/* api_filters.c: a user's saved filters of the task list (issue 17) */
enum nv_err api_filters_list(struct req *, struct resp *);
enum nv_err api_filters_create(struct req *, struct resp *);
enum nv_err api_filters_patch(struct req *, struct resp *);
enum nv_err api_filters_delete(struct req *, struct resp *);
/* api_audit.c: the audit search as CSV */
enum nv_err api_audit_csv(struct req *, struct resp *);
/* api_health.c */
enum nv_err api_health(struct req *, struct resp *);
/* api_public.c: the public progress page and its data (issue 14) */
enum nv_err api_public_page(struct req *, struct resp *);
enum nv_err api_public_tasks_json(struct req *, struct resp *);
enum nv_err api_public_tasks_csv(struct req *, struct resp *);
enum nv_err api_public_indicators_json(struct req *, struct resp *);
enum nv_err api_public_agencies_json(struct req *, struct resp *);

/* api_task.c */
enum nv_err api_task_list(struct req *, struct resp *);
enum nv_err api_task_comment(struct req *, struct resp *);
enum nv_err api_task_history(struct req *, struct resp *);
/* api_task_bulk.c: approve, accept or return several tasks */
enum nv_err api_task_bulk(struct req *, struct resp *);

/* api_report.c */
enum nv_err api_report_list(struct req *, struct resp *);
enum nv_err api_report_search(struct req *, struct resp *);
/* api_indicator.c */
enum nv_err api_indicator_list(struct req *, struct resp *);
enum nv_err api_indicator_values(struct req *, struct resp *);
enum nv_err api_indicator_series(struct req *, struct resp *);
enum nv_err api_indicator_value_search(struct req *, struct resp *);
/* api_round.c: registration rounds (issue 15) */
enum nv_err api_round_list(struct req *, struct resp *);
enum nv_err api_round_compliance(struct req *, struct resp *);
enum nv_err api_export_round_xlsx(struct req *, struct resp *);
/* api_programme.c: the programme and its amendments (issue 15) */
enum nv_err api_programme_list(struct req *, struct resp *);
enum nv_err api_programme_items(struct req *, struct resp *);
enum nv_err api_export_programme_xlsx(struct req *, struct resp *);
/* api_missing.c: missing reports named (issue 15) */
enum nv_err api_missing_reports(struct req *, struct resp *);
enum nv_err api_export_missing_xlsx(struct req *, struct resp *);
/* api_milestone.c: a task's milestones (issue 15) */
enum nv_err api_milestone_list(struct req *, struct resp *);
/* api_attachment.c: evidence files (issue 12). */
enum nv_err api_attachment_upload(struct req *, struct resp *);
enum nv_err api_attachment_list(struct req *, struct resp *);
enum nv_err api_attachment_download(struct req *, struct resp *);
enum nv_err api_attachment_delete(struct req *, struct resp *);
/* Coordinating bodies' contributions (issue 15). */
enum nv_err api_contribution_list(struct req *, struct resp *);
enum nv_err api_contribution_search(struct req *, struct resp *);
/* Overdue milestones per lead body, for the follow-up screen (issue 15). */
enum nv_err api_overdue_milestones(struct req *, struct resp *);
/* api_proposal.c */
enum nv_err api_proposal_list(struct req *, struct resp *);
/*
 * The audit rows of the record of the path, of kind d (404 when the
 * caller may not see it), oldest first in the shape of a task's history:
 * sql selects at, actor, action, from, to, comment, detail, actor_name for
 * the one parameter, the id.
 */
enum nv_err api_history(
    struct req *, struct resp *, const struct record_desc *, const char *sql);
/*
 * One history item of the contract from a row of at, actor, action, from,
 * to, comment, detail, actor_name, on_behalf_of, on_behalf_name.
 */
void api_history_item(struct jw *, const struct str *cells);
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
/*
 * The dashboards a worker built, kept while dash_version (migration 0033)
 * is unchanged (api_dashboard_cache.c, issue 8): hit() fills k and, when a
 * dashboard is kept under it, writes it to rs and returns true; after
 * building it, keep() stores it if nothing changed meanwhile.
 */
#define DASH_KEY_MAX 512
struct dash_key {
	bool ok;
	uint64_t version;
	char key[DASH_KEY_MAX];
};
bool api_dash_hit(struct req *, struct resp *, struct dash_key *);
/*
 * The overdue list, kept apart (api_dashboard_overdue.c, issue 8).  kept:
 * the list is nparts deflated parts to join at body offset at, where the
 * body holds nothing; else the body holds it, written through the
 * dashboard's writer.
 */
struct gz_part;
struct dash_frag {
	size_t at;
	const struct gz_part *parts;
	size_t nparts;
	bool kept;
};
struct dashboard;
struct jw;
enum nv_err api_dash_overdue(struct req *, struct resp *,
    const struct dashboard *, struct jw *, struct dash_frag *);
/* Sends the dashboard just built in rs, with f's part joined in: gzip to a
 * client that takes it; keeps it while dash_version is unchanged. */
enum nv_err api_dash_built(struct req *, struct resp *, const struct dash_key *,
    const struct dash_frag *);
/* api_export.c */
enum nv_err api_export_tasks_xlsx(struct req *, struct resp *);
enum nv_err api_export_tasks_csv(struct req *, struct resp *);
enum nv_err api_export_dashboard_xlsx(struct req *, struct resp *);
/* Audits an export (file, its rows) with the query that chose them. */
enum nv_err api_export_audit(struct req *, const char *file, int64_t rows);
/*
 * Appends a CSV field to b: quoted when needed; text starting like a
 * formula (= + - @ tab CR) gets a ' first (api_export.c).
 */
struct buf;
void api_csv_field(struct buf *, struct str, bool text);
/* Sends a finished workbook (xlsx_close()'s fd, closed here) as filename. */
enum nv_err api_send_xlsx(
    struct resp *, int fd, off_t size, const char *filename);
enum nv_err api_export_proposals_xlsx(struct req *, struct resp *);
/* The year's scorecard (issue 13): fcgi/api/api_scorecard.c. */
enum nv_err api_scorecard(struct req *, struct resp *);
enum nv_err api_export_scorecard_xlsx(struct req *, struct resp *);
/* api_results.c: the dashboard's indicators and proposals, into w. */
struct dashboard;
enum nv_err api_dashboard_results(
    struct req *, const struct dashboard *, struct jw *w);
/* The dashboard workbook's "Chỉ tiêu" sheet, added to x. */
struct xlsx;
enum nv_err api_results_sheet(
    struct req *, const struct dashboard *, struct xlsx *x);
/* api_contribution.c: the workbook's "Phối hợp" sheet, the period's
 * approved contributions of coordinating bodies (issue 15). */
enum nv_err api_contribution_sheet(
    struct req *, const struct dashboard *, struct xlsx *x);

/* The filters of GET /tasks, shared with the exports. */
struct task_filter {
	int64_t year;            /* 0: any */
	struct str status, kind; /* p NULL: any */
	struct str agency;       /* lead or coordinating; p NULL: any */
	struct str q;            /* a LIKE pattern on the folded name */
	/* q's candidates from the words index (issue 8, task_search.h):
	 * q_ids.p NULL: read every task; else a JSON array of q_n ids. */
	struct str q_ids;
	size_t q_n;
	const int64_t *q_v; /* the same ids, ascending */
	/* q_ids.p NULL: the slots of a search too wide to narrow, read a
	 * window of ids at a time (task_search_window()); NULL: walk. */
	struct task_search_wide *q_wide;
	/* An official's search: list_version as read before its candidates
	 * were kept to the agency's (task_seen.h); 0 otherwise. */
	uint64_t q_version;
	bool has_overdue;
	int overdue;
	/* The dashboard's figures as lists (issue 17), see docs/API.md. */
	struct str lead;           /* lead agency only; p NULL: any */
	int64_t scope;             /* a year's dashboard scope; 0: any */
	struct str missing_report; /* "YYYY-MM"; p NULL: off */
	bool no_drafts;            /* with_drafts=false */
	struct str health; /* on_track, at_risk, delayed, none; p NULL: any */
	struct str field;  /* one of vocab_fields (issue 15); p NULL: any */
	struct str committee; /* the lead agency's (issue 14); p NULL: any */
	/* Issue 8 (filters): set by api_task_total.c only, never by a
	 * request: the tasks whose lead agency is of another committee than
	 * this one, counted by api_task_count() for whoever sees every
	 * task. */
	struct str not_committee;
};

/*
 * Reads year, status, kind, agency, overdue, q, lead_agency, scope,
 * missing_report, with_drafts, health and field; NV_EINVAL naming one.
 */
enum nv_err api_task_filter(struct req *, struct task_filter *);
/*
 * Streams the caller's visible tasks matching f, newest first, with ids
 * below after, at most limit rows of TASK_COLS, to fn.
 */
enum nv_err api_task_query(struct req *, const struct task_filter *,
    int64_t after, int64_t limit, db_row_fn fn, void *ctx);
/* How many of the caller's visible tasks match f, in *n. */
enum nv_err api_task_count(
    struct req *, const struct task_filter *, int64_t *n);
/* Whether code is a commune's committee (issue 8, filters). */
bool api_task_commune_committee(struct str code);
/*
 * The same number as api_task_count(), read from task_totals or two index
 * range counts when f filters nothing (api_task_total.c, issue 8).
 */
enum nv_err api_task_total(
    struct req *, const struct task_filter *, int64_t *n);
/*
 * A search's total (issue 8): api_task_total() counts the matches of a
 * filter with q only up to TASK_SEARCH_TOTAL_MAX + 1 (*n), and
 * api_task_total_json() writes "total", with "total_more": true when more
 * than TASK_SEARCH_TOTAL_MAX match (docs/API.md).
 */
#define TASK_SEARCH_TOTAL_MAX 200
enum nv_err api_task_count_upto(
    struct req *, const struct task_filter *, int64_t max, int64_t *n);
void api_task_total_json(struct jw *, const struct task_filter *, int64_t);
/* True when f filters nothing (with_drafts aside). */
bool api_task_unfiltered(const struct task_filter *);
/*
 * Issue 8 (filters): whether a page of rows tasks in a key's order is
 * read sooner by walking every task in that order (TASK_SORT_KEY_WALK),
 * each looked up in agency ag's rows, than by sorting all seen of them.
 * A walk reads about rows x all / seen tasks, some 1.3 rows examined
 * each (bench stack: 925 examined, 705 tasks walked, for 51 of SKHCN's
 * 21,363 of 146,449 tasks by name), against the sort's seen rows; so:
 * seen x seen >= rows x all, and the estimate with a margin of about
 * four within TASK_SORT_WALK_EXAMINED (seen x examined >= 5 x rows x
 * all), from visibility_tally and task_totals (migrations 0049, 0037).
 */
enum nv_err api_task_walk_sooner(
    struct req *, struct str ag, int64_t rows, bool *walk);

/*
 * The last unfiltered list pages a worker built, kept while list_version
 * (migration 0025) is unchanged (api_task_cache.c, issue 8).  hit() fills
 * k and, when a page is kept under it, writes it to rs and returns true;
 * after building the page, keep() stores it if nothing changed meanwhile.
 */
#define TASK_PAGE_KEY_MAX 512
struct task_page_key {
	bool ok;
	uint64_t version;
	char key[TASK_PAGE_KEY_MAX];
};
bool api_task_page_hit(struct req *, struct resp *, struct task_page_key *);
void api_task_page_keep(
    struct req *, struct resp *, const struct task_page_key *);
/*
 * list_version's sum in *v: it rises with every committed change to what
 * a list prints (tasks, coordinators, agencies), so what was built under
 * one value is current while it holds (the kept pages, the dashboard's
 * overdue list).  Errors as db_count().
 */
enum nv_err api_list_version(struct req *, uint64_t *v);

/* api_session.c: writes the User object of the contract. */
void api_user_json(struct jw *, const struct sess *);

/*
 * api_import.c: POST /imports/tasks (a preview, 200) and
 * POST /imports/{id}/confirm (201 {"created": [ids]}).
 */
enum nv_err api_import_tasks(struct req *, struct resp *);
enum nv_err api_import_confirm(struct req *, struct resp *);

/* api_todo.c: GET /todo; POST /tasks/{id}/directions/read (204). */
enum nv_err api_todo(struct req *, struct resp *);
enum nv_err api_task_directions_read(struct req *, struct resp *);

/*
 * remind.c: POST /reminders {"agency", "message"} (the secretariat): the
 * agency's officials and head get their to-do list by mail now; 201
 * {"agency", "sent", "failed", "recipients"}.
 */
enum nv_err api_remind_agency(struct req *, struct resp *);

#endif
