/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for the write path (fcgi/domain/wf.c) over the scripted
 * database of fake_db.c: the precedence of errors, what is written and in
 * which order, the audit row, and the retry of a transaction.  The
 * expected answers come from the contract (docs/API.md: "Order of
 * errors") and PRODUCT.md's workflow, not from the rule tables.
 */
#include "fake_db.h"

#include "auth/sess.h"
#include "fcgi/domain/report.h"
#include "fcgi/domain/task.h"
#include "fcgi/domain/wf.h"

#define O ROLE_BIT(ROLE_OFFICIAL)
#define H ROLE_BIT(ROLE_HEAD)
#define S ROLE_BIT(ROLE_SECRETARIAT)

static const struct user official = {
    "cb.skhcn", "Nguyễn Văn An", NULL, NULL, "SKHCN", NULL, O};
static const struct user head = {
    "gd.skhcn", "Trần Thị Bình", NULL, NULL, "SKHCN", NULL, O | H};
static const struct user secretariat = {
    "tt.bcd", "Ngô Thị Hương", NULL, NULL, NULL, NULL, S};
static const struct user stranger = {
    "cb.syt", "Lê Văn Cường", NULL, NULL, "SYT", NULL, O | H};

static struct arena *arena;

/* --- rows and inputs ------------------------------------------------------ */

struct kv {
	const char *k, *v;
};

/* A row of desc's "{cols}": defaults, then the pairs given. */
static void
row(struct fake_answer *a, const struct record_desc *d, const struct kv *def,
    const struct kv *set)
{
	const char *cells[FAKE_COLS];
	size_t i, k = 0;
	const struct kv *p;

	for (i = 0; i < d->nm; i++) {
		if (d->m[i].flags & M_NOSELECT)
			continue;
		cells[k] = NULL;
		for (p = def; p->k != NULL; p++)
			if (strcmp(p->k, d->m[i].name) == 0)
				cells[k] = p->v;
		for (p = set; p != NULL && p->k != NULL; p++)
			if (strcmp(p->k, d->m[i].name) == 0)
				cells[k] = p->v;
		k++;
	}
	fake_row(a, k, cells);
}

static const struct kv task_def[] = {{"id", "7"}, {"year", "2026"},
    {"kind", "breakthrough"}, {"fields", ""}, {"name", "Số hóa hồ sơ"},
    {"responsible_person", ""}, {"lead_agency", "SKHCN"},
    {"coordinating_agencies", "SNV"}, {"expected_product", ""}, {"notes", ""},
    {"target", ""}, {"resources", ""}, {"deadline", "2026-12-31"},
    {"status", "draft"}, {"version", "3"}, {"created_by", "cb.skhcn"},
    {"created_at", "2026-01-05T00:00:00Z"},
    {"updated_at", "2026-01-05T00:00:00Z"}, {NULL, NULL}};

static const struct kv report_def[] = {{"id", "7"}, {"task_id", "5"},
    {"period", "2026-03"}, {"percent", "40"}, {"health", "on_track"},
    {"work_done", "Đã làm"}, {"results", ""}, {"difficulties", ""},
    {"proposals", ""}, {"next_steps", ""}, {"status", "draft"},
    {"version", "2"}, {"created_by", "cb.skhcn"},
    {"created_at", "2026-03-05T00:00:00Z"},
    {"updated_at", "2026-03-05T00:00:00Z"}, {NULL, NULL}};

static void
task_row(const char *match, const struct kv *set)
{
	row(fake_answer(match), &task_record, task_def, set);
}

/* What the registration letter asks of every task (issue 17). */
static const struct kv task_complete[] = {{"fields", "digital_transformation"},
    {"responsible_person", "Giám đốc Sở"}, {"expected_product", "Kho hồ sơ số"},
    {"target", "100 % hồ sơ số hóa"}, {NULL, NULL}};

/* What a test sends: the members and extras by name ("null" is null). */
struct input {
	const struct kv *kv;
	int reads;
};

static enum nv_err
input_read(void *ctx, const struct record_desc *d, unsigned op, struct fval *v)
{
	struct input *in = ctx;
	const struct kv *p;
	struct fval *f;
	int i, e;

	in->reads++;
	for (p = in->kv; p->k != NULL; p++) {
		f = NULL;
		if ((i = record_member(d, p->k)) >= 0 && (d->m[i].flags & op)) {
			f = &v[i];
			if (d->m[i].in.type == F_INT && strcmp(p->v, "null"))
				f->i = atoll(p->v);
			if (d->m[i].in.type == F_LINES) {
				f->items =
				    arena_alloc(arena, sizeof(*f->items));
				f->items[0] = unit_s(p->v);
				f->nitems = *p->v != '\0';
			}
		}
		for (e = 0; e < WF__EXTRA; e++)
			if (strcmp(p->k, wf_extras[e].name) == 0 &&
			    (wf_extra_ops[e] & op)) {
				f = &v[d->nm + (size_t)e];
				f->i = atoll(p->v);
			}
		assert_non_null(f); /* the test sends only what op takes */
		f->present = true;
		f->is_null = strcmp(p->v, "null") == 0;
		f->s = f->is_null ? STR_NULL : unit_s(p->v);
	}
	return NV_OK;
}

static struct actor
actor(const struct user *u)
{
	struct actor ac = {u, arena, "127.0.0.1", "test", NULL, NULL};

	return ac;
}

static enum nv_err
act(const struct user *u, const struct record_desc *d, const struct kv *kv,
    struct actor *out)
{
	struct input in = {kv, 0};
	struct wf_input wi = {input_read, &in};

	*out = actor(u);
	return wf_transition(out, d, 7, &wi);
}

/* --- transitions: the precedence of errors -------------------------------- */

static void
test_transition_not_visible_is_404(void **state)
{
	static const struct kv kv[] = {
	    {"action", "approve"}, {"version", "3"}, {NULL, NULL}};
	struct actor ac;

	(void)state;
	task_row("FOR UPDATE", (struct kv[]){{"status", "submitted"}, {0}});
	assert_int_equal(act(&stranger, &task_record, kv, &ac), NV_ENOENT);
	assert_int_equal(fake_count("UPDATE tasks"), 0);
	assert_int_equal(fake.commits, 0);
	assert_int_equal(fake.rollbacks, 1);
}

static void
test_transition_no_right_is_403(void **state)
{
	static const struct kv kv[] = {
	    {"action", "approve"}, {"version", "3"}, {NULL, NULL}};
	struct actor ac;

	(void)state;
	task_row("FOR UPDATE", (struct kv[]){{"status", "submitted"}, {0}});
	assert_int_equal(act(&official, &task_record, kv, &ac), NV_EPERM);
	assert_int_equal(fake_count("UPDATE tasks"), 0);
}

static void
test_return_needs_a_reason_before_version_and_state(void **state)
{
	/* Stale version and wrong state too: the missing reason is first. */
	static const struct kv kv[] = {{"action", "return"}, {"version", "2"},
	    {"comment", "\t "}, {NULL, NULL}};
	struct actor ac;

	(void)state;
	task_row("FOR UPDATE", (struct kv[]){{"status", "approved"}, {0}});
	assert_int_equal(act(&head, &task_record, kv, &ac), NV_EINVAL);
	assert_string_equal(ac.err_field, "comment");
	assert_int_equal(fake_count("UPDATE tasks"), 0);
}

static void
test_stale_version_before_wrong_state(void **state)
{
	static const struct kv kv[] = {
	    {"action", "approve"}, {"version", "2"}, {NULL, NULL}};
	struct actor ac;

	(void)state;
	task_row("FOR UPDATE", (struct kv[]){{"status", "draft"}, {0}});
	assert_int_equal(act(&head, &task_record, kv, &ac), NV_ESTALE);
	fake_setup(NULL);
	task_row("FOR UPDATE", (struct kv[]){{"status", "draft"}, {0}});
	assert_int_equal(act(&head, &task_record,
	                     (struct kv[]){{"action", "approve"},
	                         {"version", "3"}, {NULL, NULL}},
	                     &ac),
	    NV_ESTATE);
	assert_int_equal(fake_count("UPDATE tasks"), 0);
}

static void
test_unknown_or_non_moving_action_is_400(void **state)
{
	static const char *const bad[] = {"edit", "comment", "fly", ""};
	struct actor ac;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(bad); i++) {
		fake_setup(NULL);
		task_row("FOR UPDATE", NULL);
		assert_int_equal(act(&head, &task_record,
		                     (struct kv[]){{"action", bad[i]},
		                         {"version", "3"}, {NULL, NULL}},
		                     &ac),
		    NV_EINVAL);
		assert_string_equal(ac.err_field, "action");
	}
}

static void
test_return_writes_state_then_audit(void **state)
{
	static const struct kv kv[] = {{"action", "return"}, {"version", "3"},
	    {"comment", "Thiếu sản phẩm"}, {NULL, NULL}};
	const struct fake_log *up, *au;
	struct actor ac;

	(void)state;
	task_row("FOR UPDATE", (struct kv[]){{"status", "submitted"}, {0}});
	fake_answer("UPDATE tasks SET status")->affected = 1;
	fake_answer("INSERT INTO audit");
	assert_int_equal(act(&head, &task_record, kv, &ac), NV_OK);
	assert_int_equal(fake.commits, 1);
	up = fake_find("UPDATE tasks SET status");
	assert_non_null(strstr(up->sql, "WHERE id = ? AND version = ?"));
	assert_string_equal(up->p[0].s, "returned");
	assert_int_equal(up->p[1].i, 7);
	assert_int_equal(up->p[2].i, 3);
	au = fake_find("INSERT INTO audit");
	assert_string_equal(au->p[0].s, "gd.skhcn");
	assert_string_equal(au->p[2].s, "return");
	assert_int_equal(au->p[3].i, 7);              /* task_id */
	assert_int_equal(au->p[4].type, DB_T_NULL);   /* report_id */
	assert_string_equal(au->p[5].s, "submitted"); /* from */
	assert_string_equal(au->p[6].s, "returned");  /* to */
	assert_string_equal(au->p[7].s, "Thiếu sản phẩm");
}

static void
test_version_raced_after_lock_is_stale(void **state)
{
	static const struct kv kv[] = {
	    {"action", "submit"}, {"version", "3"}, {NULL, NULL}};
	struct actor ac;

	(void)state;
	task_row("FOR UPDATE", task_complete);
	fake_answer("UPDATE tasks SET submitted_at")->affected = 0;
	assert_int_equal(act(&official, &task_record, kv, &ac), NV_ESTALE);
	assert_int_equal(fake_count("INSERT INTO audit"), 0);
	assert_int_equal(fake.rollbacks, 1);
}

static void
test_deadlock_runs_the_transaction_again(void **state)
{
	static const struct kv kv[] = {
	    {"action", "submit"}, {"version", "3"}, {NULL, NULL}};
	struct fake_answer *a;
	struct actor ac;

	(void)state;
	a = fake_answer("FOR UPDATE");
	a->rc = NV_EDBDOWN;
	a->retryable = true;
	task_row("FOR UPDATE", task_complete);
	fake_answer("UPDATE tasks SET submitted_at")->affected = 1;
	fake_answer("INSERT INTO audit");
	assert_int_equal(act(&official, &task_record, kv, &ac), NV_OK);
	assert_int_equal(fake.begins, 2);
	assert_int_equal(fake.commits, 1);
	/* Lost every time: the caller is told after the last run. */
	fake_setup(NULL);
	for (int i = 0; i < DB_TX_RETRIES + 1; i++) {
		a = fake_answer("FOR UPDATE");
		a->rc = NV_EDBDOWN;
		a->retryable = true;
	}
	assert_int_equal(act(&official, &task_record, kv, &ac), NV_EDBDOWN);
	assert_int_equal(fake.begins, DB_TX_RETRIES + 1);
	/* Not retryable (a timeout): not run again. */
	fake_setup(NULL);
	fake_answer("FOR UPDATE")->rc = NV_EDBDOWN;
	assert_int_equal(act(&official, &task_record, kv, &ac), NV_EDBDOWN);
	assert_int_equal(fake.begins, 1);
}

/*
 * Galera: a COMMIT that loses certification fails with a deadlock and was
 * rolled back, so the whole transaction runs again; a COMMIT lost
 * with its connection has an unknown outcome and is not run again.
 */
static void
test_commit_lost_to_certification_runs_again(void **state)
{
	static const struct kv kv[] = {
	    {"action", "submit"}, {"version", "3"}, {NULL, NULL}};
	struct actor ac;
	int i;

	(void)state;
	for (i = 0; i < 2; i++) {
		task_row("FOR UPDATE", task_complete);
		fake_answer("UPDATE tasks SET submitted_at")->affected = 1;
		fake_answer("INSERT INTO audit");
	}
	fake.commit_fails = 1;
	fake.commit_retryable = true;
	assert_int_equal(act(&official, &task_record, kv, &ac), NV_OK);
	assert_int_equal(fake.begins, 2);
	assert_int_equal(fake.commits, 1);
	assert_int_equal(fake_count("UPDATE tasks SET submitted_at"), 2);
	/* Lost every time: the caller is told after the last run. */
	fake_setup(NULL);
	for (i = 0; i < DB_TX_RETRIES + 1; i++) {
		task_row("FOR UPDATE", task_complete);
		fake_answer("UPDATE tasks SET submitted_at")->affected = 1;
		fake_answer("INSERT INTO audit");
	}
	fake.commit_fails = DB_TX_RETRIES + 1;
	fake.commit_retryable = true;
	assert_int_equal(act(&official, &task_record, kv, &ac), NV_EDBDOWN);
	assert_int_equal(fake.begins, DB_TX_RETRIES + 1);
	assert_int_equal(fake.commits, 0);
	/* Outcome unknown (connection lost at COMMIT): not run again. */
	fake_setup(NULL);
	task_row("FOR UPDATE", task_complete);
	fake_answer("UPDATE tasks SET submitted_at")->affected = 1;
	fake_answer("INSERT INTO audit");
	fake.commit_fails = 1;
	fake.commit_retryable = false;
	assert_int_equal(act(&official, &task_record, kv, &ac), NV_EDBDOWN);
	assert_int_equal(fake.begins, 1);
	assert_int_equal(fake_count("UPDATE tasks SET submitted_at"), 1);
}

static void
test_joins_an_open_transaction(void **state)
{
	static const struct kv kv[] = {
	    {"action", "submit"}, {"version", "3"}, {NULL, NULL}};
	struct actor ac;

	(void)state;
	assert_int_equal(db_begin(), NV_OK);
	task_row("FOR UPDATE", task_complete);
	fake_answer("UPDATE tasks SET submitted_at")->affected = 1;
	fake_answer("INSERT INTO audit");
	assert_int_equal(act(&official, &task_record, kv, &ac), NV_OK);
	assert_true(fake.in_tx); /* the caller commits */
	assert_int_equal(fake.begins, 1);
	assert_int_equal(fake.commits, 0);
	db_rollback();
}

/* --- what a registration must state (issue 17) --------------------------- */

static void
test_submit_names_every_member_left_blank(void **state)
{
	static const struct kv kv[] = {
	    {"action", "submit"}, {"version", "3"}, {NULL, NULL}};
	struct actor ac;

	(void)state;
	task_row("FOR UPDATE",
	    (struct kv[]){{"deadline", NULL},
	        {"responsible_person", "Giám đốc Sở"}, {"target", " \t"}, {0}});
	assert_int_equal(act(&official, &task_record, kv, &ac), NV_EINVAL);
	assert_string_equal(ac.err_field, "fields");
	assert_non_null(ac.err_fields);
	assert_string_equal(ac.err_fields[0], "fields");
	assert_string_equal(ac.err_fields[1], "expected_product");
	assert_string_equal(ac.err_fields[2], "target");
	assert_string_equal(ac.err_fields[3], "deadline");
	assert_null(ac.err_fields[4]);
	assert_non_null(strstr(ac.err_msg, "«Sản phẩm dự kiến»"));
	assert_null(strstr(ac.err_msg, "Người chịu trách nhiệm"));
	assert_int_equal(fake_count("UPDATE tasks"), 0);
	assert_int_equal(fake_count("INSERT INTO audit"), 0);
}

static void
test_approve_refuses_an_incomplete_submission(void **state)
{
	static const struct kv kv[] = {
	    {"action", "approve"}, {"version", "3"}, {NULL, NULL}};
	struct actor ac;

	(void)state;
	/* Sent before the rule existed: the head cannot approve it. */
	task_row("FOR UPDATE", (struct kv[]){{"status", "submitted"}, {0}});
	assert_int_equal(act(&head, &task_record, kv, &ac), NV_EINVAL);
	assert_string_equal(ac.err_field, "fields");
	assert_int_equal(fake_count("UPDATE tasks"), 0);
	/* Not the lead's head: still a 403, the gaps are not told. */
	fake_setup(NULL);
	task_row("FOR UPDATE", (struct kv[]){{"status", "submitted"}, {0}});
	assert_int_equal(act(&official, &task_record, kv, &ac), NV_EPERM);
	assert_null(ac.err_fields);
}

static void
test_submit_records_the_sender_and_accept_the_day(void **state)
{
	const struct fake_log *l;
	struct actor ac;

	(void)state;
	task_row("FOR UPDATE", task_complete);
	fake_answer("UPDATE tasks SET submitted_at")->affected = 1;
	fake_answer("INSERT INTO audit");
	assert_int_equal(act(&official, &task_record,
	                     (struct kv[]){{"action", "submit"},
	                         {"version", "3"}, {NULL, NULL}},
	                     &ac),
	    NV_OK);
	/* One UPDATE (issue 8): the task's triggers fire once. */
	assert_int_equal(fake_count("UPDATE tasks"), 1);
	l = fake_find("UPDATE tasks SET submitted_at");
	assert_non_null(l);
	assert_string_equal(l->p[0].s, "cb.skhcn");
	assert_string_equal(l->p[1].s, "Nguyễn Văn An");
	assert_string_equal(l->p[2].s, "submitted");
	assert_int_equal(l->p[3].i, 7);
	assert_int_equal(l->p[4].i, 3);

	fake_setup(NULL);
	task_row("FOR UPDATE",
	    (struct kv[]){{"status", "approved"}, {"fields", "innovation"},
	        {"responsible_person", "Giám đốc Sở"},
	        {"expected_product", "Kho"}, {"target", "100 %"}, {0}});
	fake_answer("UPDATE tasks SET original_deadline")->affected = 1;
	fake_answer("INSERT INTO audit");
	assert_int_equal(act(&secretariat, &task_record,
	                     (struct kv[]){{"action", "accept"},
	                         {"version", "3"}, {NULL, NULL}},
	                     &ac),
	    NV_OK);
	assert_int_equal(fake_count("UPDATE tasks"), 1);
	l = fake_find("SET original_deadline");
	assert_non_null(strstr(l->sql, "accepted_at = ?"));
	assert_non_null(strstr(l->sql, "status = ?"));
	assert_int_equal(strlen(l->p[0].s), 10); /* a day, YYYY-MM-DD */
	assert_string_equal(l->p[1].s, "in_program");
	assert_int_equal(l->p[2].i, 7);
}

/* --- patches ------------------------------------------------------------- */

static enum nv_err
patch(const struct user *u, const struct kv *kv, struct actor *ac, int *reads)
{
	struct input in = {kv, 0};
	struct wf_input wi = {input_read, &in};
	enum nv_err rc;

	*ac = actor(u);
	rc = wf_patch(ac, &task_record, 7, &wi);
	if (reads != NULL)
		*reads = in.reads;
	return rc;
}

static void
test_patch_refusals_come_before_the_body(void **state)
{
	struct actor ac;
	int reads;

	(void)state;
	/* A coordinating agency's official: 403 without reading the body. */
	task_row("FOR UPDATE", (struct kv[]){{"lead_agency", "SYT"},
	                           {"coordinating_agencies", "SKHCN"}, {0}});
	assert_int_equal(
	    patch(&official,
	        (struct kv[]){{"name", "x"}, {"version", "3"}, {NULL, NULL}},
	        &ac, &reads),
	    NV_EPERM);
	assert_int_equal(reads, 0);
}

static void
test_schedule_right_names_the_member_it_may_not_change(void **state)
{
	struct actor ac;

	(void)state;
	task_row("FOR UPDATE", (struct kv[]){{"status", "in_program"}, {0}});
	assert_int_equal(patch(&secretariat,
	                     (struct kv[]){{"notes", "ok"}, {"name", "Khác"},
	                         {"version", "3"}, {NULL, NULL}},
	                     &ac, NULL),
	    NV_EPERM);
	assert_string_equal(ac.err_field, "name");
	assert_int_equal(fake_count("UPDATE tasks"), 0);
}

static void
test_moving_a_programme_deadline_needs_a_reason(void **state)
{
	struct actor ac;

	(void)state;
	task_row("FOR UPDATE", (struct kv[]){{"status", "in_program"}, {0}});
	assert_int_equal(patch(&secretariat,
	                     (struct kv[]){{"deadline", "2027-03-31"},
	                         {"version", "3"}, {NULL, NULL}},
	                     &ac, NULL),
	    NV_EINVAL);
	assert_string_equal(ac.err_field, "comment");
	/* The same move with a reason is written and audited. */
	fake_setup(NULL);
	task_row("FOR UPDATE", (struct kv[]){{"status", "in_program"}, {0}});
	fake_answer("UPDATE tasks SET")->affected = 1;
	fake_answer("INSERT INTO audit");
	assert_int_equal(patch(&secretariat,
	                     (struct kv[]){{"deadline", "2027-03-31"},
	                         {"comment", "Chờ kinh phí"}, {"version", "3"},
	                         {NULL, NULL}},
	                     &ac, NULL),
	    NV_OK);
	assert_string_equal(fake_find("INSERT INTO audit")->p[2].s, "edit");
	assert_string_equal(fake_find("INSERT INTO audit")->p[10].s,
	    "{\"deadline\":{\"from\":\"2026-12-31\",\"to\":\"2027-03-31\"}}");
}

static void
test_patch_that_changes_nothing_writes_nothing(void **state)
{
	struct actor ac;

	(void)state;
	task_row("FOR UPDATE", NULL);
	assert_int_equal(patch(&official,
	                     (struct kv[]){{"name", "Số hóa hồ sơ"},
	                         {"coordinating_agencies", "snv"},
	                         {"version", "3"}, {NULL, NULL}},
	                     &ac, NULL),
	    NV_OK);
	assert_int_equal(fake_count("UPDATE tasks"), 0);
	assert_int_equal(fake_count("INSERT"), 0);
}

static void
test_patch_writes_every_column_and_the_diff(void **state)
{
	const struct fake_log *up, *au;
	struct actor ac;
	int i;

	(void)state;
	task_row("FOR UPDATE", NULL);
	fake_answer("UPDATE tasks SET")->affected = 1;
	fake_answer("DELETE FROM task_coordinators");
	/* stc is new to the task: it must not be retired (migration 0021) */
	fake_row(fake_answer("SELECT retired_at IS NULL FROM agencies"), 1,
	    (const char *[]){"1"});
	fake_answer("INSERT INTO task_coordinators");
	fake_answer("INSERT INTO audit");
	assert_int_equal(patch(&official,
	                     (struct kv[]){{"name", "Đường Số"},
	                         {"coordinating_agencies", "stc"},
	                         {"estimated_budget", "1500"}, {"version", "3"},
	                         {NULL, NULL}},
	                     &ac, NULL),
	    NV_OK);
	up = fake_find("UPDATE tasks SET");
	/* Each written column's value follows the column table. */
	i = 0;
	assert_non_null(strstr(up->sql, "year = ?, fields = ?, name = ?, "
	                                "name_fold = ?"));
	assert_int_equal(up->p[i++].i, 2026);
	assert_string_equal(up->p[i++].s, "");
	assert_string_equal(up->p[i++].s, "Đường Số");
	assert_string_equal(up->p[i++].s, "duong so");
	assert_int_equal(up->p[up->n - 2].i, 7);
	assert_int_equal(up->p[up->n - 1].i, 3);
	assert_string_equal(
	    fake_find("INSERT INTO task_coordinators")->p[1].s, "STC");
	au = fake_find("INSERT INTO audit");
	assert_string_equal(au->p[10].s,
	    "{\"name\":{\"from\":\"Số hóa hồ sơ\",\"to\":\"Đường Số\"},"
	    "\"coordinating_agencies\":{\"from\":[\"SNV\"],\"to\":[\"STC\"]},"
	    "\"estimated_budget\":{\"from\":null,\"to\":1500}}");
}

/* --- creates ------------------------------------------------------------- */

static enum nv_err
create(const struct user *u, const struct record_desc *d, int64_t parent,
    const struct kv *kv, struct actor *ac, int64_t *id)
{
	struct input in = {kv, 0};
	struct wf_input wi = {input_read, &in};

	*ac = actor(u);
	return wf_create(ac, d, parent, &wi, id);
}

static void
test_create_a_draft_of_ones_own_agency(void **state)
{
	const struct fake_log *ins;
	struct actor ac;
	int64_t id = 0;

	(void)state;
	/* its agency may lead (not retired: migration 0021) */
	fake_row(fake_answer("SELECT retired_at IS NULL FROM agencies"), 1,
	    (const char *[]){"1"});
	fake_answer("INSERT INTO tasks")->insert_id = 42;
	fake_answer("INSERT INTO audit");
	assert_int_equal(create(&official, &task_record, 0,
	                     (struct kv[]){{"name", "Ứng dụng AI"},
	                         {"deadline", "null"}, {NULL, NULL}},
	                     &ac, &id),
	    NV_OK);
	assert_int_equal(id, 42);
	ins = fake_find("INSERT INTO tasks");
	assert_non_null(strstr(ins->sql, "created_by, created_at"));
	assert_string_equal(ins->p[ins->n - 1].s, "cb.skhcn");
	assert_string_equal(fake_find("INSERT INTO audit")->p[2].s, "create");
	assert_string_equal(fake_find("INSERT INTO audit")->p[6].s, "draft");
	assert_int_equal(fake_find("INSERT INTO audit")->p[3].i, 42);
}

static void
test_create_for_another_agency_is_403_after_its_values(void **state)
{
	struct actor ac;
	int64_t id;

	(void)state;
	/* The lead is looked up (a 400 if unknown), then the right. */
	fake_answer("FROM agencies"); /* no row */
	assert_int_equal(create(&official, &task_record, 0,
	                     (struct kv[]){{"name", "x"},
	                         {"lead_agency", "khongco"}, {NULL, NULL}},
	                     &ac, &id),
	    NV_EINVAL);
	assert_string_equal(ac.err_field, "lead_agency");
	fake_setup(NULL);
	fake_row(fake_answer("FROM agencies"), 1, (const char *[]){"SYT"});
	fake_row(fake_answer("SELECT retired_at IS NULL FROM agencies"), 1,
	    (const char *[]){"1"});
	assert_int_equal(create(&official, &task_record, 0,
	                     (struct kv[]){{"name", "x"},
	                         {"lead_agency", "syt"}, {NULL, NULL}},
	                     &ac, &id),
	    NV_EPERM);
	assert_int_equal(fake_count("INSERT"), 0);
}

/*
 * Committees at two levels (issue 14, docs/API.md): a commune's
 * secretariat creates for its own committee's agencies; another
 * committee's agency as lead is a 403 after the values, nothing written.
 */
static void
test_commune_secretariat_creates_for_its_own_committee(void **state)
{
	static const struct user commune = {.username = "tk.tvinh",
	    .display_name = "Phan Thị Lan",
	    .agency_code = "TVINH_VP",
	    .roles = O | S,
	    .committee = "TVINH",
	    .is_commune = true};
	static const struct kv directive[] = {{"name", "Chỉ đạo"},
	    {"kind", "directive"}, {"status", "in_program"},
	    {"deadline", "2030-12-31"}, {"lead_agency", "skhcn"}, {NULL, NULL}};
	struct actor ac;
	int64_t id;

	(void)state;
	fake_row(fake_answer("FROM agencies"), 1, (const char *[]){"SKHCN"});
	fake_row(fake_answer("SELECT retired_at IS NULL FROM agencies"), 1,
	    (const char *[]){"1"});
	fake_row(fake_answer("SELECT committee FROM agencies"), 1,
	    (const char *[]){"TINH"});
	assert_int_equal(
	    create(&commune, &task_record, 0, directive, &ac, &id), NV_EPERM);
	assert_int_equal(fake_count("INSERT"), 0);
	/* The same secretariat of the province's: through. */
	assert_int_equal(policy_task_create(
	                     commune.roles, false, TK_DIRECTIVE, TS_IN_PROGRAM),
	    NV_OK);
}

/* A retired or merged agency leads no new task (issue 15), a 400 on the
 * lead before any write. */
static void
test_create_led_by_a_retired_agency_is_400(void **state)
{
	struct actor ac;
	int64_t id;

	(void)state;
	fake_row(fake_answer("FROM agencies"), 1, (const char *[]){"SYT"});
	fake_row(fake_answer("SELECT retired_at IS NULL FROM agencies"), 1,
	    (const char *[]){"0"});
	assert_int_equal(create(&secretariat, &task_record, 0,
	                     (struct kv[]){{"name", "x"},
	                         {"lead_agency", "syt"}, {NULL, NULL}},
	                     &ac, &id),
	    NV_EINVAL);
	assert_string_equal(ac.err_field, "lead_agency");
	assert_int_equal(fake_count("INSERT"), 0);
}

/* --- reports: a kind with a parent --------------------------------------- */

static void
report_row(const struct kv *set)
{
	row(fake_answer("FROM reports r WHERE r.id = ? FOR UPDATE"),
	    &report_record, report_def, set);
}

static void
test_report_submit_needs_its_results(void **state)
{
	struct actor ac;

	(void)state;
	report_row(NULL);
	task_row("FROM tasks t WHERE t.id = ?",
	    (struct kv[]){{"id", "5"}, {"status", "in_program"}, {0}});
	assert_int_equal(act(&official, &report_record,
	                     (struct kv[]){{"action", "submit"},
	                         {"version", "2"}, {NULL, NULL}},
	                     &ac),
	    NV_EINVAL);
	assert_string_equal(ac.err_field, "results");
}

static void
test_report_approval_becomes_the_tasks_progress(void **state)
{
	const struct fake_log *pr, *au;
	struct actor ac;

	(void)state;
	report_row((struct kv[]){
	    {"status", "submitted"}, {"results", "Giảm 30 % thời gian"}, {0}});
	task_row("FROM tasks t WHERE t.id = ?",
	    (struct kv[]){{"id", "5"}, {"status", "in_program"}, {0}});
	fake_answer("UPDATE reports SET status")->affected = 1;
	fake_answer("UPDATE tasks SET progress_period");
	fake_answer("INSERT INTO audit");
	assert_int_equal(act(&head, &report_record,
	                     (struct kv[]){{"action", "approve"},
	                         {"version", "2"}, {NULL, NULL}},
	                     &ac),
	    NV_OK);
	pr = fake_find("UPDATE tasks SET progress_period");
	assert_string_equal(pr->p[0].s, "2026-03");
	assert_int_equal(pr->p[1].i, 40);
	assert_string_equal(pr->p[2].s, "on_track");
	au = fake_find("INSERT INTO audit");
	assert_string_equal(au->p[2].s, "report_approve");
	assert_int_equal(pr->p[3].i, 5);
	assert_int_equal(au->p[3].i, 5); /* the task's history */
	assert_int_equal(au->p[4].i, 7); /* the report */
}

static void
test_report_of_a_task_not_in_programme_is_409_after_values(void **state)
{
	struct actor ac;
	int64_t id;

	(void)state;
	task_row("FROM tasks t WHERE t.id = ?", NULL); /* a draft */
	assert_int_equal(
	    create(&official, &report_record, 7,
	        (struct kv[]){{"period", "2026-13"}, {"percent", "10"},
	            {"health", "on_track"}, {NULL, NULL}},
	        &ac, &id),
	    NV_EINVAL);
	assert_string_equal(ac.err_field, "period");
	fake_setup(NULL);
	task_row("FROM tasks t WHERE t.id = ?", NULL);
	assert_int_equal(
	    create(&official, &report_record, 7,
	        (struct kv[]){{"period", "2026-01"}, {"percent", "10"},
	            {"health", "on_track"}, {NULL, NULL}},
	        &ac, &id),
	    NV_ESTATE);
	assert_int_equal(fake_count("INSERT"), 0);
}

/* --- deletes ------------------------------------------------------------ */

static void
test_delete_a_draft_keeps_it_in_the_audit(void **state)
{
	struct actor ac = actor(&official);
	const struct fake_log *del, *au;

	(void)state;
	task_row("FOR UPDATE", NULL);
	fake_answer("DELETE FROM tasks")->affected = 1;
	fake_answer("INSERT INTO audit");
	assert_int_equal(wf_delete(&ac, &task_record, 7, 3), NV_OK);
	del = fake_find("DELETE FROM tasks");
	assert_non_null(strstr(del->sql, "WHERE id = ? AND version = ?"));
	assert_int_equal(del->p[0].i, 7);
	assert_int_equal(del->p[1].i, 3);
	au = fake_find("INSERT INTO audit");
	assert_string_equal(au->p[2].s, "delete");
	assert_string_equal(au->p[5].s, "draft");
	assert_non_null(strstr(au->p[10].s, "\"name\":\"Số hóa hồ sơ\""));
}

static void
test_delete_refusals_write_nothing(void **state)
{
	struct actor ac;

	(void)state;
	ac = actor(&official); /* stale */
	task_row("FOR UPDATE", NULL);
	assert_int_equal(wf_delete(&ac, &task_record, 7, 2), NV_ESTALE);
	fake_setup(NULL); /* sent already */
	task_row("FOR UPDATE", (struct kv[]){{"status", "submitted"}, {0}});
	assert_int_equal(wf_delete(&ac, &task_record, 7, 3), NV_ESTATE);
	fake_setup(NULL); /* not the lead's */
	ac = actor(&secretariat);
	task_row("FOR UPDATE", NULL);
	assert_int_equal(wf_delete(&ac, &task_record, 7, 3), NV_EPERM);
	fake_setup(NULL); /* still referred to */
	ac = actor(&official);
	task_row("FOR UPDATE", NULL);
	fake_answer("DELETE FROM tasks")->rc = NV_EINVAL;
	assert_int_equal(wf_delete(&ac, &task_record, 7, 3), NV_ESTATE);
	assert_int_equal(fake_count("INSERT INTO audit"), 0);
}

static void
test_every_kinds_sql_is_built(void **state)
{
	(void)state;
	/* Every member is read back or marked as never read. */
	assert_int_equal(record_ncols(&task_record), task_record.nm - 1);
	assert_int_equal(record_ncols(&report_record), report_record.nm);
	assert_non_null(strstr(
	    record_sql(&task_record, task_record.get), "t.id, t.year, t.kind"));
	/* Built once: the same address, for the statement cache. */
	assert_ptr_equal(record_sql(&task_record, task_record.get),
	    record_sql(&task_record, task_record.get));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(
	        test_transition_not_visible_is_404, fake_setup),
	    cmocka_unit_test_setup(test_transition_no_right_is_403, fake_setup),
	    cmocka_unit_test_setup(
	        test_return_needs_a_reason_before_version_and_state,
	        fake_setup),
	    cmocka_unit_test_setup(
	        test_stale_version_before_wrong_state, fake_setup),
	    cmocka_unit_test_setup(
	        test_unknown_or_non_moving_action_is_400, fake_setup),
	    cmocka_unit_test_setup(
	        test_return_writes_state_then_audit, fake_setup),
	    cmocka_unit_test_setup(
	        test_version_raced_after_lock_is_stale, fake_setup),
	    cmocka_unit_test_setup(
	        test_deadlock_runs_the_transaction_again, fake_setup),
	    cmocka_unit_test_setup(
	        test_commit_lost_to_certification_runs_again, fake_setup),
	    cmocka_unit_test_setup(test_joins_an_open_transaction, fake_setup),
	    cmocka_unit_test_setup(
	        test_submit_names_every_member_left_blank, fake_setup),
	    cmocka_unit_test_setup(
	        test_approve_refuses_an_incomplete_submission, fake_setup),
	    cmocka_unit_test_setup(
	        test_submit_records_the_sender_and_accept_the_day, fake_setup),
	    cmocka_unit_test_setup(
	        test_patch_refusals_come_before_the_body, fake_setup),
	    cmocka_unit_test_setup(
	        test_schedule_right_names_the_member_it_may_not_change,
	        fake_setup),
	    cmocka_unit_test_setup(
	        test_moving_a_programme_deadline_needs_a_reason, fake_setup),
	    cmocka_unit_test_setup(
	        test_patch_that_changes_nothing_writes_nothing, fake_setup),
	    cmocka_unit_test_setup(
	        test_patch_writes_every_column_and_the_diff, fake_setup),
	    cmocka_unit_test_setup(
	        test_create_a_draft_of_ones_own_agency, fake_setup),
	    cmocka_unit_test_setup(
	        test_create_for_another_agency_is_403_after_its_values,
	        fake_setup),
	    cmocka_unit_test_setup(
	        test_create_led_by_a_retired_agency_is_400, fake_setup),
	    cmocka_unit_test_setup(
	        test_commune_secretariat_creates_for_its_own_committee,
	        fake_setup),
	    cmocka_unit_test_setup(
	        test_report_submit_needs_its_results, fake_setup),
	    cmocka_unit_test_setup(
	        test_report_approval_becomes_the_tasks_progress, fake_setup),
	    cmocka_unit_test_setup(
	        test_report_of_a_task_not_in_programme_is_409_after_values,
	        fake_setup),
	    cmocka_unit_test_setup(
	        test_delete_a_draft_keeps_it_in_the_audit, fake_setup),
	    cmocka_unit_test_setup(
	        test_delete_refusals_write_nothing, fake_setup),
	    cmocka_unit_test(test_every_kinds_sql_is_built),
	};
	int rc;

	arena = arena_new(1 << 20);
	fake_use_arena(arena);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	fake_reset();
	arena_free(arena);
	return rc;
}
