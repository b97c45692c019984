/* SPDX-License-Identifier: ISC */
/*
 * The one write path of every kind of record (record.h), apart from HTTP:
 * load what the actor may see, decide, apply a create, a patch or a
 * transition, write the audit row, all in one transaction.  The API
 * handlers, an import, a scheduled job and the tests call the same
 * functions with an actor and an arena, never a request.
 *
 * The precedence of errors is written once, here, for every kind:
 *   404 the record (or its parent) is not visible to the actor
 *   403 none of the actor's rules is for this action
 *   400 the input (body, values, a rule's preconditions)
 *   409 version_conflict: the version sent is not the current one
 *   409 invalid_transition: the actor could, but not in this state
 * Each runs in db_tx(): a function that finds a transaction open (a caller
 * running several writes as one, or a route the dispatcher runs in one)
 * joins it; otherwise it opens its own, and runs the whole of it once more
 * after a deadlock or a lost connection.
 */
#ifndef WF_H
#define WF_H

#include "auth/sess.h"
#include "fcgi/base/field.h"
#include "fcgi/domain/record.h"

/* Who acts, and where the refusal's detail goes. */
struct actor {
	const struct user *user;
	struct arena *arena;
	const char *client_addr; /* for the audit row; "" for a job */
	const char *request_id;  /* idem */
	const char *err_field;   /* set by wf_fail() */
	const char *err_msg;
	/* Every field a refusal names (NULL-terminated), or NULL. */
	const char *const *err_fields;
	/* OUT, or NULL: the record (and its parent) a successful create,
	 * patch or transition read, for its response (issue 8). */
	struct wf_rec *kept;
};

/* A record as the write path holds it. */
struct wf_rec {
	void *row;          /* the kind's struct */
	enum task_rel rel;  /* the actor's agency to the record's task */
	int parent_st;      /* the state of the record's task */
	int64_t task_id;    /* the task the audit row names */
	const void *parent; /* the kind's parent row (a struct task), or NULL */
	bool outside;       /* issue 14: of a committee the actor's roles do
	                     * not reach (policy_in_scope()); false: in scope */
};

/*
 * The roles user acts with on rec: all of them in scope, without the
 * committee-wide ones outside it (issue 14, policy_scope_roles()).
 */
unsigned wf_roles(const struct user *, const struct wf_rec *);

/*
 * Where a create's or patch's values come from (a JSON body, a sheet's
 * row): read() fills v (one slot per member of desc, plus the extras
 * named in `extra`, after them) for the members whose flags match op
 * (M_CREATE or M_EDIT).  Called after the visibility and permission
 * checks, so that a malformed body to a record the actor may not touch
 * is refused as such.
 */
struct wf_input {
	enum nv_err (*read)(
	    void *ctx, const struct record_desc *, unsigned op, struct fval *v);
	void *ctx;
};

/*
 * The values a patch or transition reads besides the members, in v after
 * the desc->nm member slots: v[desc->nm + WF_VERSION] and so on.  Which of
 * them an operation reads: wf_extra_ops[] (WF_OP_* bits).
 */
enum { WF_VERSION, WF_COMMENT, WF_ACTION, WF__EXTRA };
#define WF_OP_CREATE M_CREATE
#define WF_OP_EDIT   M_EDIT
#define WF_OP_ACT    0x10000u
extern const struct field wf_extras[WF__EXTRA];
extern const unsigned wf_extra_ops[WF__EXTRA];

/* Records field and message for the response and returns e. */
enum nv_err wf_fail(
    struct actor *, enum nv_err e, const char *field, const char *msg);

/*
 * Reads record id into rec (row allocated in the actor's arena), FOR
 * UPDATE when lock.  NV_ENOENT when it does not exist or the actor may
 * not see it.
 */
enum nv_err wf_load(struct actor *, const struct record_desc *, int64_t id,
    bool lock, struct wf_rec *rec);

/*
 * As wf_load without a lock, for the response to a write of a kind with
 * parent_kept: the parent's part of rec (relation, scope, state, row) is
 * known's, the one the write read in this request, when the record still
 * hangs on known's task; else it is read as wf_load reads it.
 */
enum nv_err wf_load_known(struct actor *, const struct record_desc *,
    int64_t id, const struct wf_rec *known, struct wf_rec *rec);

/*
 * Creates a record (of the task parent_id, for kinds that have one; 0
 * otherwise) from in; *id is the new record's id.
 */
enum nv_err wf_create(struct actor *, const struct record_desc *,
    int64_t parent_id, const struct wf_input *in, int64_t *id);

/*
 * Applies the members in sends to record id at the version in sends
 * (WF_VERSION), with a comment (WF_COMMENT) for the history.  Nothing
 * changes (no version, no audit row) when the values are the same.
 */
enum nv_err wf_patch(struct actor *, const struct record_desc *, int64_t id,
    const struct wf_input *in);

/*
 * Runs the action named in the input (WF_ACTION) on record id at version
 * WF_VERSION, with WF_COMMENT.
 */
enum nv_err wf_transition(struct actor *, const struct record_desc *,
    int64_t id, const struct wf_input *in);

/*
 * Whether a comment has something to read: a visible character, not only
 * white space or format characters (utf8_blank()).
 */
bool wf_has_text(struct str);

/*
 * Deletes record id at version (a draft made by mistake), if the kind is
 * deletable and a rule lets the actor (desc->act_delete): the same order
 * of errors, then DELETE, and an audit row whose detail is the record as
 * it was (the history keeps what was deleted).  A record something else
 * still refers to is 409 invalid_transition.
 */
enum nv_err wf_delete(
    struct actor *, const struct record_desc *, int64_t id, int64_t version);

#endif
