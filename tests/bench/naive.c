/* SPDX-License-Identifier: ISC */
/*
 * Baseline 3 of compare.sh: the naive C responder a provincial IT shop
 * would write.  libfcgi, one MariaDB connection per worker kept open, one
 * prepared statement prepared once, a cJSON tree per response.  It runs
 * the product's visible-tasks query (newest first, 50 rows) for the user
 * the query string names (?agency=CODE&all=1|0: no session check) and
 * prints the same item fields and values as GET /api/v1/tasks, less the
 * ones that need the product's rules ("outcome", "allowed_actions") and the
 * count ("total").  scenario-compare.sh checks that the documents agree.
 *
 *	naive SOCKET WORKERS	(NAIVE_DB_SOCKET, NAIVE_DB_USER,
 *				 NAIVE_DB_PASSWORD, NAIVE_DB_NAME)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <fcgiapp.h>
#include <mysql.h>

#define NCOL 33
#define CELL 65536

static const char list_sql[] =
    "SELECT t.id, t.year, t.kind, t.fields, t.name, t.responsible_person, "
    "t.lead_agency, (SELECT GROUP_CONCAT(c.agency_code ORDER BY ca.position, "
    "c.agency_code SEPARATOR ',') FROM task_coordinators c JOIN agencies ca "
    "ON ca.code = c.agency_code WHERE c.task_id = t.id), "
    "t.expected_product, t.estimated_budget, t.notes, t.target, t.resources, "
    "t.deadline, t.original_deadline, t.status, t.completed_at, "
    "t.progress_period, t.progress_percent, t.progress_health, t.version, "
    "t.created_by, DATE_FORMAT(t.created_at, '%Y-%m-%dT%H:%i:%sZ'), "
    "DATE_FORMAT(t.updated_at, '%Y-%m-%dT%H:%i:%sZ'), "
    "t.yardstick, t.extensions, t.extended_by, t.accepted_at, "
    "DATE_FORMAT(t.submitted_at, '%Y-%m-%dT%H:%i:%sZ'), t.submitted_by, "
    "t.submitted_by_name, CASE WHEN t.status IN ('submitted', 'approved') "
    "THEN DATEDIFF(UTC_TIMESTAMP() + INTERVAL 7 HOUR, "
    "t.submitted_at + INTERVAL 7 HOUR) END, " /* the province's days */
    "(SELECT cm.committee FROM agencies cm WHERE cm.code = t.lead_agency) "
    "FROM tasks t WHERE ? = 1 OR t.lead_agency = ? OR EXISTS (SELECT 1 "
    "FROM task_coordinators v WHERE v.task_id = t.id AND v.agency_code = ?) "
    "ORDER BY t.id DESC LIMIT 50";

/* The item's keys, in the select's order; NULL: not printed as is. */
static const char *const keys[NCOL] = {"id", "year", "kind", NULL, "name",
    "responsible_person", "lead_agency", NULL, "expected_product",
    "estimated_budget", "notes", "target", "resources", "deadline",
    "original_deadline", "status", "completed_at", NULL, NULL, NULL, "version",
    "created_by", "created_at", "updated_at", "yardstick", "extensions",
    "extended_by", "accepted_at", "submitted_at", "submitted_by",
    "submitted_by_name", "waiting_days", "committee"};
static const int numeric[NCOL] = {
    [0] = 1, [1] = 1, [9] = 1, [20] = 1, [25] = 1, [31] = 1};

static MYSQL *db;
static MYSQL_STMT *st;
static char cell[NCOL][CELL];
static unsigned long len[NCOL];
static char isnull[NCOL];

static void
die(const char *what)
{
	fprintf(stderr, "naive: %s: %s\n", what, db ? mysql_error(db) : "");
	exit(1);
}

static void
connect_db(void)
{
	MYSQL_BIND r[NCOL];
	int i;

	if ((db = mysql_init(NULL)) == NULL ||
	    mysql_real_connect(db, NULL, getenv("NAIVE_DB_USER"),
	        getenv("NAIVE_DB_PASSWORD"), getenv("NAIVE_DB_NAME"), 0,
	        getenv("NAIVE_DB_SOCKET"), 0) == NULL)
		die("connect");
	mysql_set_character_set(db, "utf8mb4");
	if ((st = mysql_stmt_init(db)) == NULL ||
	    mysql_stmt_prepare(st, list_sql, sizeof(list_sql) - 1) != 0)
		die("prepare");
	memset(r, 0, sizeof(r));
	for (i = 0; i < NCOL; i++) {
		r[i].buffer_type = MYSQL_TYPE_STRING;
		r[i].buffer = cell[i];
		r[i].buffer_length = CELL - 1;
		r[i].length = &len[i];
		r[i].is_null = &isnull[i];
	}
	if (mysql_stmt_bind_result(st, r) != 0)
		die("bind");
}

/* A comma-separated SET as an array of strings ([] when empty or NULL). */
static cJSON *
set_array(int i)
{
	cJSON *a = cJSON_CreateArray();
	char *p = cell[i], *comma;

	if (isnull[i] || len[i] == 0)
		return a;
	for (;;) {
		comma = strchr(p, ',');
		if (comma != NULL)
			*comma = '\0';
		cJSON_AddItemToArray(a, cJSON_CreateString(p));
		if (comma == NULL)
			return a;
		p = comma + 1;
	}
}

static cJSON *
row_json(const char *today)
{
	cJSON *o = cJSON_CreateObject(), *pr;
	int i;

	for (i = 0; i < NCOL; i++) {
		cell[i][len[i] < CELL ? len[i] : CELL - 1] = '\0';
		if (i == 3)
			cJSON_AddItemToObject(o, "fields", set_array(3));
		if (i == 7)
			cJSON_AddItemToObject(
			    o, "coordinating_agencies", set_array(7));
		if (keys[i] == NULL)
			continue;
		if (isnull[i])
			cJSON_AddNullToObject(o, keys[i]);
		else if (numeric[i])
			cJSON_AddNumberToObject(o, keys[i], atof(cell[i]));
		else
			cJSON_AddStringToObject(o, keys[i], cell[i]);
	}
	cJSON_AddBoolToObject(o, "overdue",
	    strcmp(cell[15], "completed") != 0 &&
	        strcmp(cell[15], "cancelled") != 0 && !isnull[13] &&
	        strncmp(cell[13], today, 10) < 0);
	if (isnull[17])
		cJSON_AddNullToObject(o, "progress");
	else {
		pr = cJSON_AddObjectToObject(o, "progress");
		cJSON_AddStringToObject(pr, "period", cell[17]);
		cJSON_AddNumberToObject(pr, "percent", atof(cell[18]));
		cJSON_AddStringToObject(pr, "health", cell[19]);
	}
	return o;
}

static void
respond(FCGX_Request *fr)
{
	MYSQL_BIND p[3];
	char agency[32] = "", today[11];
	long all = 0;
	unsigned long alen;
	const char *q = FCGX_GetParam("QUERY_STRING", fr->envp), *s;
	cJSON *doc, *items;
	char *out;
	time_t now = time(NULL);
	struct tm tm;

	if (q != NULL && (s = strstr(q, "agency=")) != NULL)
		sscanf(s + 7, "%31[A-Z0-9]", agency);
	if (q != NULL && (s = strstr(q, "all=")) != NULL)
		all = atol(s + 4);
	alen = strlen(agency);
	memset(p, 0, sizeof(p));
	p[0].buffer_type = MYSQL_TYPE_LONG;
	p[0].buffer = &all;
	p[1].buffer_type = p[2].buffer_type = MYSQL_TYPE_STRING;
	p[1].buffer = p[2].buffer = agency;
	p[1].length = p[2].length = &alen;
	localtime_r(&now, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	if (mysql_stmt_bind_param(st, p) != 0 || mysql_stmt_execute(st) != 0) {
		FCGX_FPrintF(fr->out, "Status: 500\r\n\r\n");
		return;
	}
	doc = cJSON_CreateObject();
	items = cJSON_AddArrayToObject(doc, "items");
	while (mysql_stmt_fetch(st) == 0)
		cJSON_AddItemToArray(items, row_json(today));
	mysql_stmt_free_result(st);
	out = cJSON_PrintUnformatted(doc);
	FCGX_FPrintF(fr->out,
	    "Content-Type: application/json; charset=utf-8\r\n"
	    "Content-Length: %lu\r\n\r\n",
	    (unsigned long)strlen(out));
	FCGX_PutStr(out, (int)strlen(out), fr->out);
	free(out);
	cJSON_Delete(doc);
}

int
main(int argc, char **argv)
{
	FCGX_Request fr;
	int fd, i, n;

	if (argc != 3)
		return 2;
	n = atoi(argv[2]);
	FCGX_Init();
	umask(0);
	if ((fd = FCGX_OpenSocket(argv[1], 128)) < 0)
		return 1;
	for (i = 0; i < n; i++)
		if (fork() == 0) {
			/* Ends with its parent, which compare.sh stops. */
			prctl(PR_SET_PDEATHSIG, SIGTERM);
			connect_db();
			FCGX_InitRequest(&fr, fd, 0);
			while (FCGX_Accept_r(&fr) >= 0) {
				respond(&fr);
				FCGX_Finish_r(&fr);
			}
			return 0;
		}
	while (wait(NULL) > 0)
		;
	return 0;
}
