/* SPDX-License-Identifier: ISC */
/*
 * Reminders that chase (remind.h): the daily digest job and the
 * secretariat's reminder to an agency (POST /reminders).  Both read the
 * directory for the people and their mail addresses, the to-do list for
 * what to say, and send through fcgi/base/mail.c; both audit every mail.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>

#include "auth/dir.h"
#include "auth/login.h"
#include "fcgi/api/api.h"
#include "fcgi/api/remind.h"
#include "fcgi/base/buf.h"
#include "fcgi/base/clock.h"
#include "fcgi/base/log.h"
#include "fcgi/base/mail.h"
#include "fcgi/base/str.h"
#include "fcgi/domain/audit.h"
#include "fcgi/domain/delegation.h"
#include "fcgi/domain/committee.h"
#include "fcgi/domain/todo.h"
#include "fcgi/domain/vocab.h"

#define DIGEST_MAX   (128 * 1024) /* the text of one mail */
#define DIGEST_ITEMS 200          /* items one mail lists */
#define WAIT_DAYS    3            /* a head's queue: reminded after */
#define QUOTE_MAX    300          /* bytes of a direction quoted */

/* The digest's sections, in the mail's order. */
enum sect {
	S_OVERDUE,
	S_DUE,
	S_REPORT,
	S_APPROVE,
	S_FIX,
	S_DIRECTION,
	S_OTHER,
	S__MAX
};

static const char *const sect_title[S__MAX] = {
    [S_OVERDUE] = "Nhiệm vụ quá hạn",
    [S_DUE] = "Nhiệm vụ sắp đến hạn",
    [S_REPORT] = "Báo cáo tháng chưa gửi",
    [S_APPROVE] = "Đang chờ anh/chị phê duyệt",
    [S_FIX] = "Bị trả lại, cần chỉnh sửa",
    [S_DIRECTION] = "Ý kiến chỉ đạo chưa đọc",
    [S_OTHER] = "Việc khác đang chờ",
};

/* --- dates ------------------------------------------------------------- */

/* Days since 1970-01-01 of "YYYY-MM-DD…" (H. Hinnant's days_from_civil). */
static long
days_of(struct str s)
{
	int y, m, d;
	long era, yoe, doy, doe;

	if (s.p == NULL || s.len < 10 ||
	    sscanf(s.p, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return 0;
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
date_vi(struct str iso, char out[11])
{
	char local[11];

	/* A time is dated by the province's day, not UTC's. */
	if (clock_local_date(iso, local))
		iso = str_c(local);
	if (iso.p == NULL || iso.len < 10)
		snprintf(out, 11, "—");
	else
		snprintf(
		    out, 11, "%.2s/%.2s/%.4s", iso.p + 8, iso.p + 5, iso.p);
}

/* --- one person's digest ------------------------------------------------- */

struct line {
	enum sect sect;
	const char *text; /* the item, in Vietnamese, with its link */
	const char *key;  /* its sent_reminders key; NULL: not recorded */
};

struct digest {
	struct arena *a;
	const struct conf *c;
	const char *today;
	bool all; /* the secretariat's reminder: every item, no keys */
	struct line lines[DIGEST_ITEMS];
	size_t n;
	struct db_res sent; /* the keys sent to this person before */
};

static bool
was_sent(const struct digest *g, const char *key)
{
	size_t i;

	for (i = 0; i < g->sent.nrows; i++)
		if (str_eq(db_cell(&g->sent, i, 0), key))
			return true;
	return false;
}

static const char *
link(struct digest *g, const struct todo_item *it)
{
	const char *base = g->c->app_url != NULL ? g->c->app_url : "";

	if (it->task != NULL)
		return arena_printf(
		    g->a, "%s/#/tasks/%lld", base, (long long)it->task->id);
	return arena_printf(g->a, "%s/#/todo", base);
}

/* The key and section of an item the job reminds of today; NULL: none. */
static const char *
rule(struct digest *g, const struct todo_item *it, enum sect *s)
{
	long today = days_of(str_c(g->today)), left;
	const struct task *t = it->task;

	switch (it->kind) {
	case TODO_DUE_SOON:
		*s = S_DUE;
		left = days_of(t->deadline) - today;
		return arena_printf(g->a, "%s:%lld:%.*s",
		    left <= 1 ? "due1" : "due7", (long long)t->id,
		    (int)t->deadline.len, t->deadline.p);
	case TODO_OVERDUE:
		*s = S_OVERDUE;
		/* 1970-01-05 was a Monday: weeks from Monday to Sunday. */
		return arena_printf(g->a, "overdue:%lld:w%ld", (long long)t->id,
		    (today - 4) / 7);
	case TODO_WRITE_REPORT:
		*s = S_REPORT;
		/* From the 25th of the month (today is YYYY-MM-DD). */
		if ((g->today[8] - '0') * 10 + (g->today[9] - '0') < 25)
			return NULL;
		return arena_printf(
		    g->a, "report:%lld:%.7s", (long long)t->id, g->today);
	case TODO_APPROVE_TASK:
	case TODO_APPROVE_REPORT:
		*s = S_APPROVE;
		if (today - days_of(it->since) <= WAIT_DAYS)
			return NULL;
		return arena_printf(g->a, "%s:%lld:%.*s",
		    todo_kind_names[it->kind],
		    (long long)(it->kind == TODO_APPROVE_TASK ? t->id
		                                              : it->report_id),
		    (int)it->since.len, it->since.p);
	case TODO_FIX_TASK:
	case TODO_FIX_REPORT:
		/* Returned to fix: chased once a week while it waits. */
		*s = S_FIX;
		return arena_printf(g->a, "%s:%lld:w%ld",
		    todo_kind_names[it->kind],
		    (long long)(it->kind == TODO_FIX_TASK ? t->id
		                                          : it->report_id),
		    (today - 4) / 7);
	case TODO_DIRECTION:
		/* A direction not read yet: once (report_id: its audit id). */
		*s = S_DIRECTION;
		return arena_printf(
		    g->a, "direction:%lld", (long long)it->report_id);
	default:
		*s = S_OTHER;
		return NULL;
	}
}

/* At most max bytes of s, cut at a character's start, "…" if cut. */
static struct str
quote(struct arena *a, struct str s, size_t max)
{
	size_t n = s.len;

	if (s.p == NULL || n <= max)
		return s;
	n = max;
	while (n > 0 && ((unsigned char)s.p[n] & 0xC0) == 0x80)
		n--;
	return str_c(arena_printf(a, "%.*s…", (int)n, s.p));
}

/* The line of an item: what, its deadline or date, its link. */
static const char *
line_text(struct digest *g, const struct todo_item *it)
{
	char d[11];
	long left;

	if (it->task == NULL)
		return arena_printf(g->a, "%.*s — %.*s (kỳ %.*s)\n   %s",
		    (int)it->indicator_code.len, it->indicator_code.p,
		    (int)it->indicator_name.len, it->indicator_name.p,
		    (int)it->period.len, it->period.p, link(g, it));
	date_vi(it->task->deadline, d);
	switch (it->kind) {
	case TODO_DUE_SOON:
		left = days_of(it->task->deadline) - days_of(str_c(g->today));
		return arena_printf(g->a, "%.*s — hạn %s (còn %ld ngày)\n   %s",
		    (int)it->task->name.len, it->task->name.p, d, left,
		    link(g, it));
	case TODO_OVERDUE:
		left = days_of(str_c(g->today)) - days_of(it->task->deadline);
		return arena_printf(g->a,
		    "%.*s — hạn %s (đã quá %ld ngày)\n   %s",
		    (int)it->task->name.len, it->task->name.p, d, left,
		    link(g, it));
	case TODO_APPROVE_TASK:
	case TODO_APPROVE_REPORT:
		date_vi(it->since, d);
		return arena_printf(g->a, "%s: %.*s (gửi ngày %s)\n   %s",
		    it->kind == TODO_APPROVE_TASK ? "Đăng ký nhiệm vụ"
		                                  : "Báo cáo tháng",
		    (int)it->task->name.len, it->task->name.p, d, link(g, it));
	case TODO_FIX_TASK:
	case TODO_FIX_REPORT:
		date_vi(it->since, d);
		return arena_printf(g->a, "%s: %.*s (trả lại ngày %s)\n   %s",
		    it->kind == TODO_FIX_TASK ? "Đăng ký nhiệm vụ"
		                              : "Báo cáo tháng",
		    (int)it->task->name.len, it->task->name.p, d, link(g, it));
	case TODO_DIRECTION: {
		struct str q = quote(g->a, it->text, QUOTE_MAX);
		date_vi(it->since, d);
		return arena_printf(g->a, "%.*s (ngày %s): «%.*s»\n   %s",
		    (int)it->task->name.len, it->task->name.p, d, (int)q.len,
		    q.p, link(g, it));
	}
	default:
		return arena_printf(g->a, "%.*s\n   %s",
		    (int)it->task->name.len, it->task->name.p, link(g, it));
	}
}

static enum nv_err
collect(void *ctx, const struct todo_item *it)
{
	struct digest *g = ctx;
	enum sect s = S_OTHER;
	const char *key = rule(g, it, &s);

	if (g->all) {
		key = NULL;
		if (it->kind == TODO_DIRECTION)
			return NV_OK;
	} else if (key == NULL || was_sent(g, key))
		return NV_OK;
	if (g->n == DIGEST_ITEMS)
		return NV_OK;
	g->lines[g->n].sect = s;
	g->lines[g->n].key = key;
	if ((g->lines[g->n].text = line_text(g, it)) == NULL)
		return NV_ETOOBIG;
	g->n++;
	return NV_OK;
}

/* The mail's text, addressed to name; note is the secretariat's word. */
static char *
compose(struct digest *g, const char *name, const char *note)
{
	struct buf b;
	char d[11];
	size_t i;
	int s;
	char *out;

	date_vi(str_c(g->today), d);
	buf_init(&b, DIGEST_MAX);
	buf_printf(&b, "Kính gửi %s,\n\n", name);
	if (note != NULL)
		buf_printf(&b,
		    "Tổ giúp việc Ban Chỉ đạo nhắc đơn vị các việc còn chờ "
		    "đến ngày %s.\n\n%s\n\n",
		    d, note);
	else
		buf_printf(&b,
		    "Hệ thống theo dõi nhiệm vụ của Ban Chỉ đạo tỉnh Nghệ An "
		    "xin nhắc các việc sau (đến ngày %s):\n",
		    d);
	for (s = 0; s < S__MAX; s++) {
		bool head = false;
		for (i = 0; i < g->n; i++) {
			if ((int)g->lines[i].sect != s)
				continue;
			if (!head)
				buf_printf(&b, "\n%s:\n", sect_title[s]);
			head = true;
			buf_printf(&b, " - %s\n", g->lines[i].text);
		}
	}
	if (g->n == 0)
		buf_adds(&b, "\nHiện đơn vị không có việc nào quá hạn hay "
		             "đang chờ.\n");
	buf_printf(&b,
	    "\nXem tất cả việc cần làm: %s/#/todo\n\n"
	    "Đây là thư tự động của hệ thống; vui lòng không trả lời thư "
	    "này.\n",
	    g->c->app_url != NULL ? g->c->app_url : "");
	out = buf_failed(&b) ? NULL : arena_strndup(g->a, b.p, b.len);
	buf_free(&b);
	return out;
}

static const struct user job_user = {
    .username = "nhiemvu-remind", .display_name = "Nhắc việc tự động"};

/* Records what went to username: the keys, and one audit row. */
static enum nv_err
record(struct digest *g, const char *username, const char *action,
    const char *agency, const char *request_id, const struct user *by)
{
	static const char ins[] =
	    "INSERT IGNORE INTO sent_reminders (username, rkey, sent_at) "
	    "VALUES (?, ?, UTC_TIMESTAMP(6))";
	struct actor ac = {0};
	struct audit au = {0};
	size_t i;
	enum nv_err rc;

	for (i = 0; i < g->n; i++) {
		if (g->lines[i].key == NULL)
			continue;
		struct db_param p[] = {
		    DBP_STR(str_c(username)), DBP_STR(str_c(g->lines[i].key))};
		if ((rc = db_exec(ins, p, 2, NULL, NULL)) != NV_OK)
			return rc;
	}
	ac.user = by;
	ac.arena = g->a;
	ac.client_addr = "";
	ac.request_id = request_id;
	au.action = action;
	au.detail = arena_printf(g->a, "{\"to\":\"%s\",\"items\":%zu%s%s%s}",
	    username, g->n, agency ? ",\"agency\":\"" : "",
	    agency ? agency : "", agency ? "\"" : "");
	au.detail_len = au.detail ? strlen(au.detail) : 0;
	return audit_insert(&ac, &au);
}

static enum nv_err
load_sent(struct digest *g, const char *username)
{
	static const char sql[] =
	    "SELECT rkey FROM sent_reminders WHERE username = ?";
	struct db_param p[] = {DBP_STR(str_c(username))};

	return db_query(g->a, sql, p, 1, &g->sent);
}

/* --- the daily job ---------------------------------------------------- */

struct run {
	const struct conf *c;
	struct arena *work; /* one person's, reset after each */
	const char *today;
	size_t people, sent, failed, nomail;
};

static enum nv_err
per_user(void *ctx, const char *name, const struct dir_user *du)
{
	struct run *r = ctx;
	struct digest *g;
	struct user u;
	char *text, *subject;
	enum nv_err rc;

	arena_reset(r->work);
	if (login_user_of(r->work, name, du, &u) != NV_OK)
		return NV_OK; /* no access: nothing waits on them here */
	/* An acting head gets the head's queue too (issue 12). */
	if ((rc = delegation_acting(r->work, &u, r->today)) != NV_OK)
		return rc;
	r->people++;
	if ((g = arena_alloc(r->work, sizeof(*g))) == NULL)
		return NV_ETOOBIG;
	g->a = r->work;
	g->c = r->c;
	g->today = r->today;
	if ((rc = load_sent(g, u.username)) != NV_OK ||
	    (rc = todo_collect(r->work, &u, r->today, collect, g)) != NV_OK)
		return rc;
	if (g->n == 0)
		return NV_OK;
	if (du->email == NULL || !mail_addr_ok(du->email)) {
		r->nomail++;
		return NV_OK;
	}
	subject = arena_printf(
	    r->work, "[Nhiệm vụ BCĐ] Nhắc việc: %zu việc cần xử lý", g->n);
	if ((text = compose(g, u.display_name ? u.display_name : u.username,
	         NULL)) == NULL ||
	    subject == NULL)
		return NV_ETOOBIG;
	if (mail_send(r->c, du->email, u.display_name, subject, text) !=
	    NV_OK) {
		r->failed++;
		return NV_OK;
	}
	r->sent++;
	/* Sent: never again, even if this write fails (logged). */
	if ((rc = record(g, u.username, "reminder_sent", NULL, "remind",
	         &job_user)) != NV_OK)
		log_warnx("reminder to %s sent but not recorded", u.username);
	return NV_OK;
}

int
remind_run(const struct conf *c, const char *today)
{
	struct run r = {0};
	struct arena *list;
	char now[11];
	enum nv_err rc;

	if (!mail_enabled(c)) {
		printf("nhiemvu -R: smtp_url is not set; no reminder sent\n");
		return 0;
	}
	/* "Today" and the deadlines are the province's, as in the workers. */
	setenv("TZ", c->timezone, 1);
	tzset();
	if (today == NULL) {
		clock_today(now);
		today = now;
	} else if (!clock_date_valid(str_c(today))) {
		fprintf(
		    stderr, "nhiemvu -R: %s is not a date YYYY-MM-DD\n", today);
		return 1;
	}
	if ((list = arena_new((size_t)c->req_mem_max)) == NULL ||
	    (r.work = arena_new((size_t)c->req_mem_max)) == NULL)
		fatal("arena_new");
	r.c = c;
	r.today = today;
	db_init(c);
	dir_init(c);
	rc = dir_list(list, per_user, &r);
	dir_close();
	db_close();
	arena_free(r.work);
	arena_free(list);
	printf("nhiemvu -R %s: %zu people, %zu mails sent, %zu failed, %zu "
	       "without an address\n",
	    today, r.people, r.sent, r.failed, r.nomail);
	if (rc != NV_OK) {
		fprintf(stderr, "nhiemvu -R: stopped (see the log above)\n");
		return 1;
	}
	return r.failed > 0 ? 1 : 0;
}

/* --- POST /reminders --------------------------------------------------- */

struct to_agency {
	struct req *rq;
	struct str agency, note;
	struct arena *a;
	size_t sent, failed;
	struct jw *names; /* recipients, as a JSON array being written */
	struct buf nb;
};

static enum nv_err
agency_user(void *ctx, const char *name, const struct dir_user *du)
{
	struct to_agency *t = ctx;
	const unsigned writer = ROLE_BIT(ROLE_OFFICIAL) | ROLE_BIT(ROLE_HEAD);
	struct digest *g;
	struct user u;
	char *text, *subject;
	enum nv_err rc;

	if (login_user_of(t->a, name, du, &u) != NV_OK ||
	    u.agency_code == NULL || !str_eq(t->agency, u.agency_code) ||
	    !(u.roles & writer) || du->email == NULL ||
	    !mail_addr_ok(du->email))
		return NV_OK;
	if ((g = arena_alloc(t->a, sizeof(*g))) == NULL)
		return NV_ETOOBIG;
	g->a = t->a;
	g->c = t->rq->conf;
	g->all = true;
	if ((g->today = arena_alloc(t->a, 11)) == NULL)
		return NV_ETOOBIG;
	clock_today((char *)g->today);
	/* An acting head is reminded of the head's queue too (issue 12). */
	if ((rc = delegation_acting(t->a, &u, g->today)) != NV_OK ||
	    (rc = todo_collect(t->a, &u, g->today, collect, g)) != NV_OK)
		return rc;
	subject = arena_printf(
	    t->a, "[Nhiệm vụ BCĐ] Tổ giúp việc nhắc: %zu việc cần xử lý", g->n);
	if ((text = compose(g, u.display_name ? u.display_name : u.username,
	         t->note.len ? t->note.p
	                     : "Đề nghị đơn vị khẩn trương xử lý các việc "
	                       "dưới đây.")) == NULL ||
	    subject == NULL)
		return NV_ETOOBIG;
	if (mail_send(t->rq->conf, du->email, u.display_name, subject, text) !=
	    NV_OK) {
		t->failed++;
		return NV_OK;
	}
	t->sent++;
	jw_strz(t->names, u.username);
	return record(g, u.username, "reminder_agency", t->agency.p, t->rq->id,
	    &t->rq->sess->user);
}

enum nv_err
api_remind_agency(struct req *rq, struct resp *rs)
{
	static const struct field fields[] = {
	    {"agency", F_LINE, true, false, 1, 16},
	    {"message", F_TEXT, false, true, 0, 2000},
	};
	struct to_agency t = {0};
	struct fval v[NELEM(fields)];
	struct cJSON *root;
	struct buf b;
	struct jw w;
	enum nv_err rc;

	if ((rc = req_json(rq, &root)) != NV_OK ||
	    (rc = req_fields(rq, root, fields, NELEM(fields), v)) != NV_OK)
		return rc;
	rc = vocab_agency(rq->arena, v[0].s, &t.agency);
	if (rc == NV_ENOENT)
		return req_fail(
		    rq, NV_EINVAL, "agency", "Không có cơ quan này.");
	if (rc != NV_OK)
		return rc;
	/* Issue 14: a commune's secretariat reminds its own agencies. */
	{
		struct str cm;

		if ((rc = committee_of_agency(rq->arena, t.agency, &cm)) !=
		    NV_OK)
			return rc;
		if (!committee_reaches(&rq->sess->user, cm))
			return req_fail(rq, NV_EPERM, "agency",
			    "Cơ quan này không thuộc Ban Chỉ đạo của bạn.");
	}
	if (!mail_enabled(rq->conf))
		return req_fail(rq, NV_ESTATE, NULL,
		    "Hệ thống chưa được cấu hình máy chủ thư (smtp_url).");
	t.rq = rq;
	t.a = rq->arena;
	t.note = v[1].present && !v[1].is_null ? v[1].s : STR("");
	buf_init(&b, 64 * 1024);
	jw_init(&w, &b);
	t.names = &w;
	jw_arr_open(&w);
	rc = dir_list(rq->arena, agency_user, &t);
	jw_arr_close(&w);
	if (rc == NV_OK && t.sent == 0 && t.failed > 0)
		rc = req_fail(rq, NV_EINTERNAL, NULL,
		    "Không gửi được thư; máy chủ thư không trả lời.");
	else if (rc == NV_OK && t.sent == 0)
		rc = req_fail(rq, NV_ESTATE, "agency",
		    "Cơ quan này chưa có cán bộ nào có địa chỉ thư trong "
		    "danh bạ.");
	if (rc == NV_OK) {
		struct jw *o = resp_json(rs, 201);
		jw_obj_open(o);
		jw_ksstr(o, "agency", t.agency);
		jw_kint(o, "sent", (int64_t)t.sent);
		jw_kint(o, "failed", (int64_t)t.failed);
		jw_key(o, "recipients");
		jw_raw(o, b.p, b.len);
		jw_obj_close(o);
	}
	buf_free(&b);
	return rc;
}
