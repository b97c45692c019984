/* SPDX-License-Identifier: ISC */
/*
 * A kind of record (a task, a report, ...) described once, as a const
 * table: its members with their SQL, their place in the C struct, how a
 * body gives them and where they may be sent; its rules; its hooks.  From
 * the one table come the SELECT list, the row parser, the JSON object, the
 * INSERT and UPDATE, and the history's diff, so that nothing is matched by
 * position by hand.  The write path (wf.h) runs every kind through the same
 * steps.  How to add a kind: docs/RECORDS.md.
 */
#ifndef RECORD_H
#define RECORD_H

#include <stddef.h>

#include "auth/policy.h"
#include "fcgi/base/arena.h"
#include "fcgi/base/field.h"
#include "fcgi/base/jw.h"

/* How a member is kept in the kind's C struct. */
enum mtype {
	M_INT,     /* int64_t */
	M_OPT_INT, /* struct opt_int: SQL NULL allowed */
	M_STR,     /* struct str; p NULL for SQL NULL */
	M_SET,     /* struct str, comma-separated; compared as a set */
	M_STATE,   /* int: the record's state, named by the rules' names */
	M_ENUM,    /* int: an index into the member's names */
};

struct opt_int {
	bool set;
	int64_t v;
};

/* Where a member goes. */
#define M_JSON     0x001u /* a plain member of the JSON object */
#define M_CREATE   0x002u /* a create's body may send it */
#define M_EDIT     0x004u /* a patch's body may send it */
#define M_REQUIRED 0x008u /* a create's body must send it */
#define M_AUDIT    0x010u /* a patch that changes it says so in the history */
#define M_INSERT   0x020u /* the INSERT writes it though no body sends it */
#define M_DERIVED  0x040u /* computed by the kind's hook before each write */
#define M_CHILD    0x080u /* kept in a child table by the kind's hook */
#define M_NOSELECT 0x100u /* written, never read back */

struct db_param;

/* The leading parameters a kind's move hook may add (record_desc.move). */
#define WF_MOVE_PARAMS 8

struct member {
	const char *name;   /* JSON member and body field */
	const char *label;  /* Vietnamese, for messages and sheets */
	const char *select; /* SQL expression in the SELECT list */
	const char *column; /* what an INSERT or UPDATE writes, or NULL */
	enum mtype type;
	size_t off;      /* offsetof() in the kind's struct */
	unsigned flags;  /* M_* */
	unsigned groups; /* G_* of auth/policy.h, as the rules name them */
	struct field in; /* type and limits in a body (name from .name) */
	const char *const *names; /* M_ENUM, M_SET: the values, SQL's order */
	int nnames;
};

struct actor;
struct user;
struct wf_rec;

/* The vocabulary of a kind's states and actions. */
struct record_names {
	const char *const *v;
	int n;
};

struct record_desc {
	const char *kind;  /* "task": the audit's names, the logs */
	const char *table; /* "tasks" */
	const struct member *m;
	size_t nm;
	size_t size; /* sizeof the kind's struct */
	size_t off_id, off_version, off_status, off_task_id;
	const struct rules *rules;
	struct record_names states, acts;
	int act_create; /* -1: created by another rule set */
	bool deletable; /* act_delete deletes a record (wf_delete) */
	int act_delete;
	/* A rule with PRE_OWN needs the caller to be the record's maker:
	 * the M_STR member at off_owner (when owned) is their username. */
	bool owned;
	size_t off_owner;
	const int *edit_acts; /* the acts a PATCH may be, strongest first */
	size_t nedit_acts;
	const char *audit_prefix;     /* prepended to action names: "report_" */
	const char *msg_create_state; /* a create refused by state: why */
	const char *dup_field, *msg_dup; /* a unique key taken: which, why */
	/* SELECT {cols} ... WHERE <alias>.id = ?, and the same FOR UPDATE;
	 * the {cols} use the table's alias of the members' .select. */
	const char *get, *get_lock;

	/*
	 * Hooks, each optional; each returns NV_OK or an error set through
	 * wf_fail() (field, Vietnamese message).  parent: loads the record's
	 * task and sets rec->rel, rec->parent_st (a task is its own parent).
	 * check: validates and completes row (old NULL on create) after the
	 * body was applied, before anything is written; a create also picks
	 * the initial state here.  children: writes M_CHILD members.  after:
	 * what a transition also does (to: the new state), with the comment.
	 * json: the
	 * computed members of the object.
	 */
	enum nv_err (*parent)(struct actor *, int64_t task_id, struct wf_rec *);
	enum nv_err (*check)(struct actor *, void *row, const void *old,
	    const struct fval *v, struct wf_rec *);
	enum nv_err (*children)(
	    struct actor *, const void *row, const void *old);
	enum nv_err (*after)(struct actor *, const struct wf_rec *, int act,
	    int to, struct str comment);
	/*
	 * move (issue 8): the state change's own UPDATE for act, when the kind
	 * sets more columns with it, so that the table's triggers fire once:
	 * a static statement ending as the S_MOVE one does ("status = ?,
	 * version = version + 1, updated_at = UTC_TIMESTAMP(6) WHERE id = ?
	 * AND version = ?"), with its leading parameters put in p (at most
	 * WF_MOVE_PARAMS) and counted in *n; NULL for the plain S_MOVE.
	 */
	const char *(*move)(struct actor *, const struct wf_rec *, int act,
	    int to, struct db_param *p, size_t *n);
	/* For kinds whose right to create depends on the values (a task's
	 * kind, state and lead); kinds with act_create use the rules. */
	enum nv_err (*may_create)(struct actor *, const void *row);
	void (*json)(struct jw *, const void *row, const struct wf_rec *,
	    const struct user *);
	/*
	 * Issue 8: no write of this kind changes what json() reads of its
	 * parent (the task's state, the actor's relation and scope), so the
	 * response to a write reuses the parent the write read
	 * (wf_load_known) instead of reading the task again.
	 */
	bool parent_kept;
};

/*
 * The SQL statement of template tmpl with "{cols}" replaced by the kind's
 * SELECT list.  Built once per process and kept: its address is stable,
 * so the database adapter's statement cache (keyed by address) holds it.
 * tmpl must be a static string.  Aborts on an impossible template (a
 * programming error, caught by the first test that runs it).
 */
const char *record_sql(const struct record_desc *, const char *tmpl);

/* The number of cells record_sql()'s "{cols}" produces. */
size_t record_ncols(const struct record_desc *);

/*
 * Fills row (desc->size bytes) from the first record_ncols() cells;
 * NV_EINTERNAL when there are fewer, or a state or enum is unknown.
 */
enum nv_err record_parse(const struct record_desc *, const struct str *cells,
    size_t ncols, void *row);

/* Writes the M_JSON members of row as members of an open object. */
void record_json(const struct record_desc *, struct jw *, const void *row);

/* Member i's value as a string for a SET/STR, and whether it is set. */
struct str record_str(const struct member *, const void *row);

/* The index of member name in desc; -1 when there is none. */
int record_member(const struct record_desc *, const char *name);

/* The index of s among names[0..n); -1 when it is none of them. */
int record_name_index(const char *const *names, int n, struct str s);

/* State and action names; NULL when out of range. */
const char *record_state_name(const struct record_desc *, int st);
const char *record_act_name(const struct record_desc *, int act);

#endif
