/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for the difficulties register (fcgi/domain/proposal.c) over
 * the scripted database of fake_db.c.  Expected answers from issue 13:
 * "the secretariat triages (forwards with a deadline, or closes as a
 * duplicate); the addressed agency's head answers".
 */
#include "fake_db.h"

#include "auth/sess.h"
#include "fcgi/domain/proposal.h"
#include "fcgi/domain/report.h"
#include "fcgi/domain/wf.h"

#define O ROLE_BIT(ROLE_OFFICIAL)
#define H ROLE_BIT(ROLE_HEAD)
#define S ROLE_BIT(ROLE_SECRETARIAT)

static const struct user lead_head = {
    "gd.skhcn", "Trần Thị Bình", NULL, NULL, "SKHCN", NULL, O | H};
static const struct user addressed_head = {
    "gd.snv", "Phạm Thị Dung", NULL, NULL, "SNV", NULL, O | H};
static const struct user addressed_official = {
    "cb.snv", "Lê Văn Cường", NULL, NULL, "SNV", NULL, O};
static const struct user stranger = {
    "cb.syt", "Đặng Thị Giang", NULL, NULL, "SYT", NULL, O};
static const struct user secretariat = {
    "tk.bcd", "Tổ giúp việc", NULL, NULL, NULL, NULL, S};

static struct arena *arena;

struct kv {
	const char *k, *v;
};

static void
row_of(const struct record_desc *d, const char *match, const struct kv *dflt,
    const struct kv *set)
{
	const char *cells[FAKE_COLS];
	const struct kv *p;
	size_t i, k = 0;

	for (i = 0; i < d->nm; i++) {
		if (d->m[i].flags & M_NOSELECT)
			continue;
		cells[k] = NULL;
		for (p = dflt; p->k != NULL; p++)
			if (strcmp(p->k, d->m[i].name) == 0)
				cells[k] = p->v;
		for (p = set; p != NULL && p->k != NULL; p++)
			if (strcmp(p->k, d->m[i].name) == 0)
				cells[k] = p->v;
		k++;
	}
	fake_row(fake_answer(match), k, cells);
}

static const struct kv task_def[] = {{"id", "5"}, {"year", "2026"},
    {"kind", "directive"}, {"fields", ""}, {"name", "Dịch vụ công"},
    {"responsible_person", ""}, {"lead_agency", "SKHCN"},
    {"coordinating_agencies", ""}, {"expected_product", ""}, {"notes", ""},
    {"target", ""}, {"resources", ""}, {"deadline", "2030-12-31"},
    {"status", "in_program"}, {"version", "3"}, {"created_by", "tk.bcd"},
    {"created_at", "2026-01-05T00:00:00Z"},
    {"updated_at", "2026-01-05T00:00:00Z"}, {NULL, NULL}};

static const struct kv prop_def[] = {{"id", "7"}, {"task_id", "5"},
    {"report_id", "9"}, {"agency", "SKHCN"}, {"period", "2026-03"},
    {"text", "Bổ sung kinh phí"}, {"addressed_to", "SNV"},
    {"due", "2026-04-30"}, {"answer", ""}, {"status", "forwarded"},
    {"version", "2"}, {"created_by", "gd.skhcn"},
    {"created_at", "2026-04-01T00:00:00Z"},
    {"updated_at", "2026-04-01T00:00:00Z"}, {NULL, NULL}};

static void
proposal_row(const struct kv *set)
{
	row_of(&proposal_record, "FROM proposals p WHERE p.id = ? FOR UPDATE",
	    prop_def, set);
	row_of(&task_record, "FROM tasks t WHERE t.id = ?", task_def, NULL);
}

struct input {
	const struct kv *kv;
};

static enum nv_err
input_read(void *ctx, const struct record_desc *d, unsigned op, struct fval *v)
{
	struct input *in = ctx;
	const struct kv *p;
	struct fval *f;
	int i, e;

	for (p = in->kv; p->k != NULL; p++) {
		f = NULL;
		if ((i = record_member(d, p->k)) >= 0 && (d->m[i].flags & op))
			f = &v[i];
		for (e = 0; e < WF__EXTRA; e++)
			if (strcmp(p->k, wf_extras[e].name) == 0 &&
			    (wf_extra_ops[e] & op)) {
				f = &v[d->nm + (size_t)e];
				f->i = atoll(p->v);
			}
		assert_non_null(f);
		f->present = true;
		f->is_null = strcmp(p->v, "null") == 0;
		f->s = f->is_null ? STR_NULL : unit_s(p->v);
	}
	return NV_OK;
}

static enum nv_err
act(const struct user *u, const char *action, const char *comment,
    struct actor *ac)
{
	struct kv kv[] = {{"action", action}, {"version", "2"},
	    {comment ? "comment" : NULL, comment}, {NULL, NULL}};
	struct input in = {kv};
	struct wf_input wi = {input_read, &in};

	*ac = (struct actor){u, arena, "127.0.0.1", "test", NULL, NULL};
	return wf_transition(ac, &proposal_record, 7, &wi);
}

static enum nv_err
patch(const struct user *u, const struct kv *kv, struct actor *ac)
{
	struct input in = {kv};
	struct wf_input wi = {input_read, &in};

	*ac = (struct actor){u, arena, "127.0.0.1", "test", NULL, NULL};
	return wf_patch(ac, &proposal_record, 7, &wi);
}

/* --- who sees, who answers ------------------------------------------------ */

static void
test_the_addressed_agency_sees_it_without_the_task(void **state)
{
	(void)state;
	assert_int_equal(
	    proposal_rel(&addressed_official, unit_s("SNV"), REL_NONE),
	    REL_LEAD);
	assert_int_equal(
	    proposal_rel(&lead_head, unit_s("SNV"), REL_LEAD), REL_COORD);
	assert_int_equal(
	    proposal_rel(&stranger, unit_s("SNV"), REL_NONE), REL_NONE);
	assert_int_equal(
	    proposal_rel(&stranger, unit_s(""), REL_NONE), REL_NONE);
}

static void
test_the_addressed_head_answers_and_is_named(void **state)
{
	struct actor ac;

	(void)state;
	/* Not the raising agency's head; a stranger does not see it. */
	proposal_row((struct kv[]){{"answer", "Đã bố trí"}, {NULL, NULL}});
	assert_int_equal(act(&lead_head, "answer", NULL, &ac), NV_EPERM);
	fake_setup(NULL);
	proposal_row(NULL);
	assert_int_equal(act(&stranger, "answer", NULL, &ac), NV_ENOENT);
	/* Not without an answer. */
	fake_setup(NULL);
	proposal_row(NULL);
	assert_int_equal(act(&addressed_head, "answer", NULL, &ac), NV_EINVAL);
	assert_string_equal(ac.err_field, "answer");
	fake_setup(NULL);
	proposal_row((struct kv[]){{"answer", "Đã bố trí"}, {NULL, NULL}});
	fake_answer("UPDATE proposals SET status")->affected = 1;
	fake_answer("UPDATE proposals SET answered_by");
	fake_answer("INSERT INTO audit");
	assert_int_equal(act(&addressed_head, "answer", NULL, &ac), NV_OK);
	assert_string_equal(
	    fake_find("UPDATE proposals SET answered_by")->p[0].s,
	    "Phạm Thị Dung");
	assert_string_equal(
	    fake_find("INSERT INTO audit")->p[2].s, "proposal_answer");
}

static void
test_the_secretariat_answers_only_for_the_committee(void **state)
{
	struct actor ac;

	(void)state;
	proposal_row((struct kv[]){{"answer", "Đã bố trí"}, {NULL, NULL}});
	fake_answer("UPDATE proposals SET status")->affected = 1;
	assert_int_equal(act(&secretariat, "answer", NULL, &ac), NV_EPERM);
	assert_int_equal(fake.commits, 0);
	fake_setup(NULL);
	proposal_row((struct kv[]){{"answer", "Ban Chỉ đạo đồng ý"},
	    {"addressed_to", "BCD"}, {NULL, NULL}});
	fake_answer("UPDATE proposals SET status")->affected = 1;
	fake_answer("UPDATE proposals SET answered_by");
	fake_answer("INSERT INTO audit");
	assert_int_equal(act(&secretariat, "answer", NULL, &ac), NV_OK);
}

/* --- triage ------------------------------------------------------------------
 */

static void
test_forwarding_needs_an_addressee_and_a_deadline(void **state)
{
	struct actor ac;

	(void)state;
	proposal_row((struct kv[]){{"status", "new"}, {"addressed_to", ""},
	    {"due", NULL}, {NULL, NULL}});
	assert_int_equal(act(&secretariat, "forward", NULL, &ac), NV_EINVAL);
	assert_string_equal(ac.err_field, "addressed_to");
	fake_setup(NULL);
	proposal_row(
	    (struct kv[]){{"status", "new"}, {"due", NULL}, {NULL, NULL}});
	assert_int_equal(act(&secretariat, "forward", NULL, &ac), NV_EINVAL);
	assert_string_equal(ac.err_field, "due");
	/* Only the secretariat triages. */
	fake_setup(NULL);
	proposal_row((struct kv[]){{"status", "new"}, {NULL, NULL}});
	assert_int_equal(act(&addressed_head, "forward", NULL, &ac), NV_EPERM);
}

static void
test_closing_says_why(void **state)
{
	struct actor ac;

	(void)state;
	proposal_row((struct kv[]){{"status", "new"}, {NULL, NULL}});
	assert_int_equal(act(&secretariat, "close", NULL, &ac), NV_EINVAL);
	assert_string_equal(ac.err_field, "comment");
	fake_setup(NULL);
	proposal_row((struct kv[]){{"status", "closed"}, {NULL, NULL}});
	assert_int_equal(
	    act(&secretariat, "close", "Trùng kiến nghị số 3", &ac), NV_ESTATE);
}

static void
test_triage_checks_the_addressee_and_the_date(void **state)
{
	struct actor ac;

	(void)state;
	proposal_row((struct kv[]){{"status", "new"}, {NULL, NULL}});
	fake_answer("FROM agencies"); /* no row */
	assert_int_equal(patch(&secretariat,
	                     (struct kv[]){{"version", "2"},
	                         {"addressed_to", "khongco"}, {NULL, NULL}},
	                     &ac),
	    NV_EINVAL);
	assert_string_equal(ac.err_field, "addressed_to");
	fake_setup(NULL);
	proposal_row((struct kv[]){{"status", "new"}, {NULL, NULL}});
	fake_row(fake_answer("FROM agencies"), 1, (const char *[]){"SNV"});
	assert_int_equal(patch(&secretariat,
	                     (struct kv[]){{"version", "2"},
	                         {"due", "2026-02-30"}, {NULL, NULL}},
	                     &ac),
	    NV_EINVAL);
	assert_string_equal(ac.err_field, "due");
	/* The addressed head writes the answer, not the addressee. */
	fake_setup(NULL);
	proposal_row(NULL);
	assert_int_equal(patch(&addressed_head,
	                     (struct kv[]){{"version", "2"},
	                         {"addressed_to", "BCD"}, {NULL, NULL}},
	                     &ac),
	    NV_EPERM);
	assert_string_equal(ac.err_field, "addressed_to");
}

/* --- raised by a report's approval ---------------------------------------- */

static const struct kv report_def[] = {{"id", "9"}, {"task_id", "5"},
    {"period", "2026-03"}, {"percent", "40"}, {"health", "on_track"},
    {"work_done", ""}, {"results", "Giảm 30% thời gian"}, {"difficulties", ""},
    {"proposals", "Bổ sung kinh phí"}, {"next_steps", ""},
    {"status", "submitted"}, {"version", "2"}, {"created_by", "cb.skhcn"},
    {"created_at", "2026-03-05T00:00:00Z"},
    {"updated_at", "2026-03-05T00:00:00Z"}, {NULL, NULL}};

static void
test_an_approved_report_raises_its_proposals(void **state)
{
	static const struct kv kv[] = {
	    {"action", "approve"}, {"version", "2"}, {NULL, NULL}};
	struct input in = {kv};
	struct wf_input wi = {input_read, &in};
	const struct fake_log *ins;
	struct actor ac = {&lead_head, arena, "127.0.0.1", "test", NULL, NULL};

	(void)state;
	row_of(&report_record, "FROM reports r WHERE r.id = ? FOR UPDATE",
	    report_def, NULL);
	row_of(&task_record, "FROM tasks t WHERE t.id = ?", task_def, NULL);
	fake_answer("UPDATE reports SET status")->affected = 1;
	fake_answer("UPDATE tasks SET progress_period");
	/* The proposal, in the same transaction, before the report's audit. */
	row_of(&task_record, "FROM tasks t WHERE t.id = ?", task_def, NULL);
	fake_answer("INSERT INTO proposals")->insert_id = 3;
	fake_answer("INSERT INTO audit");
	fake_answer("INSERT INTO audit");
	assert_int_equal(wf_transition(&ac, &report_record, 9, &wi), NV_OK);
	ins = fake_find("INSERT INTO proposals");
	/* task_id, report_id, agency, period, text, status */
	assert_int_equal(ins->p[0].i, 5);
	assert_int_equal(ins->p[1].i, 9);
	assert_string_equal(ins->p[2].s, "SKHCN");
	assert_string_equal(ins->p[4].s, "Bổ sung kinh phí");
	assert_string_equal(ins->p[5].s, "new");
	assert_string_equal(
	    fake_find("INSERT INTO audit")->p[2].s, "proposal_create");
	assert_int_equal(fake.begins, 1);
	assert_int_equal(fake.commits, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(
	        test_the_addressed_agency_sees_it_without_the_task, fake_setup),
	    cmocka_unit_test_setup(
	        test_the_addressed_head_answers_and_is_named, fake_setup),
	    cmocka_unit_test_setup(
	        test_the_secretariat_answers_only_for_the_committee,
	        fake_setup),
	    cmocka_unit_test_setup(
	        test_forwarding_needs_an_addressee_and_a_deadline, fake_setup),
	    cmocka_unit_test_setup(test_closing_says_why, fake_setup),
	    cmocka_unit_test_setup(
	        test_triage_checks_the_addressee_and_the_date, fake_setup),
	    cmocka_unit_test_setup(
	        test_an_approved_report_raises_its_proposals, fake_setup),
	};
	int rc;

	arena = arena_new(1 << 20);
	fake_use_arena(arena);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	fake_reset();
	arena_free(arena);
	return rc;
}
