/* SPDX-License-Identifier: ISC */
/*
 * The registration round (issue 15): per year, the day the registration
 * letter opens it, its deadline, and the kinds of body that must register
 * at least one breakthrough task.  A registration after the deadline is
 * accepted and marked late; round_board() says per body: on time, late or
 * missing.
 */
#ifndef ROUND_H
#define ROUND_H

#include "auth/sess.h"
#include "fcgi/domain/record.h"

/* agencies.kind's values, registration_rounds.kinds' SET, in SQL order. */
#define ROUND_NKINDS 5
extern const char *const round_kind_names[ROUND_NKINDS];
/* The kinds the registration letter addresses: the default. */
#define ROUND_DEFAULT_KINDS "party,front,department"

struct round {
	int64_t id, version;
	int64_t task_id; /* always 0: a round belongs to no task */
	int64_t year;
	struct str committee;          /* whose round (issue 14) */
	struct str opens_on, deadline; /* YYYY-MM-DD, province time */
	struct str kinds;              /* comma-separated, SQL's order */
	struct str notes;
	int status; /* enum round_state */
	struct str created_by, created_at, updated_at;
};

extern const struct record_desc round_record;

/* How a body stands in a round. */
enum round_standing { RB_ON_TIME, RB_LATE, RB_MISSING, RB__MAX };
extern const char *const round_standing_names[RB__MAX];

struct round_task {
	int64_t id;
	struct str name;
	char registered_on[11]; /* YYYY-MM-DD in the province's time zone */
	bool is_late;
};

struct round_body {
	struct str code, name, kind;
	enum round_standing standing;
	char registered_on[11]; /* the first registration; "" when none */
	struct round_task *tasks;
	size_t ntasks;
};

/*
 * The compliance board of round r: every agency of the round's kinds (only
 * that one when only.p is set), in the agencies' order, with its
 * breakthrough tasks of the year past draft (not cancelled).  A task is
 * late when it was first submitted after the deadline day, in the
 * province's time zone.  On NV_OK *out (n items) lives in a.
 */
enum nv_err round_board(struct arena *a, const struct round *r, struct str only,
    struct round_body **out, size_t *n);

/* Writes the Round object as user u sees it. */
void round_json_obj(struct jw *, const struct round *, const struct user *);

#endif
