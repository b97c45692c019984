/* SPDX-License-Identifier: ISC */
/*
 * The task list's sortable columns and their keyset cursor (issue 17);
 * see api_task_sort.h.  Each column's key is one SQL expression, used to
 * order, to compare with the cursor and (as written) to make the next
 * cursor, so the three always agree:
 *  - deadline: a task without one sorts after every date (asc);
 *  - name: the folded name (accents and case ignored, as the search);
 *  - progress: the last approved report's percent, -1 without one;
 *  - updated: the last change;
 *  - lead_agency: the lead agency's current name;
 *  - status: the workflow's order (the ENUM's), not the alphabet.
 * Ties go by id in the same direction, so every row has one place.
 * Issue 8 (filters): deadline, progress and status are the columns
 * sort_deadline, sort_progress and sort_status, the same expressions set
 * by triggers (migration 0042_task_sort_keys), each indexed with the id
 * as name_fold and updated_at are, so a page reads its rows of an index
 * from the cursor on instead of sorting every task: at 100,037 tasks, the
 * secretariat's first page by deadline took 200 ms (a filesort of every
 * task).  Not generated columns: MariaDB 10.11 left a virtual one
 * uncomputed (0000-00-00) in some sorted plans, and a stored one upsets
 * CHECKSUM TABLE (see the migration).
 * lead_agency is sort_lead, the lead agency's name kept on the task by
 * triggers (migration 0042_task_sort_lead), indexed with the id.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/policy.h"
#include "fcgi/api/api_task_sort.h"
#include "fcgi/base/str.h"
#include "fcgi/base/utf8.h"
#include "fcgi/http/page.h"

#define CURSOR_PREFIX  "s1:"
#define CURSOR_RAW_MAX (sizeof(CURSOR_PREFIX) + 16 + 24 + TASK_SORT_VALUE_MAX)
#define CURSOR_B64_MAX (CURSOR_RAW_MAX / 3 * 4 + 8)
#define SORT_SQL_MAX   8192

enum key_type { K_DATE, K_TEXT, K_INT, K_TIME };

struct sort_key {
	const char *name;
	const char *expr; /* orders and compares */
	const char *sel;  /* what the cursor keeps */
	enum key_type type;
	int64_t min, max; /* K_INT */
	/* The same from an agency's rows of task_visibility (source
	 * TASK_SORT_AGENCY_WALK), or NULL: migration 0047 keeps them equal. */
	const char *vis_expr, *vis_sel;
	/* The tasks' index of (expr, id), walked by TASK_SORT_KEY_WALK. */
	const char *index;
};

/* clang-format off */
static const struct sort_key keys[] = {
	{ "deadline", "k.sort_deadline",
	  "DATE_FORMAT(k.sort_deadline, '%Y-%m-%d')", K_DATE, 0, 0,
	  "vis.sort_deadline", "DATE_FORMAT(vis.sort_deadline, '%Y-%m-%d')",
	  "tasks_sort_deadline" },
	{ "name", "k.name_fold", "k.name_fold", K_TEXT, 0, 0, NULL, NULL,
	  "tasks_sort_name" },
	{ "progress", "k.sort_progress", "k.sort_progress", K_INT, -1, 100,
	  NULL, NULL, "tasks_sort_progress" },
	{ "updated", "k.updated_at",
	  "DATE_FORMAT(k.updated_at, '%Y-%m-%d %H:%i:%s.%f')", K_TIME, 0, 0,
	  NULL, NULL, "tasks_updated" },
	{ "lead_agency", "k.sort_lead", "k.sort_lead", K_TEXT, 0, 0, NULL, NULL,
	  "tasks_sort_lead" },
	{ "status", "k.sort_status", "k.sort_status", K_INT, 1, TS__MAX, NULL,
	  NULL, "tasks_sort_status" },
};
/* clang-format on */

#define NKEYS NELEM(keys)

/* per key, direction and source */
static const char *tmpl[NKEYS][2][TASK_SORT_NSOURCES];

static bool
digits(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] < '0' || p[i] > '9')
			return false;
	return true;
}

/* A key value is what sel writes for some row, or the cursor is bad. */
static bool
value_ok(const struct sort_key *k, struct str v)
{
	int64_t n;

	switch (k->type) {
	case K_DATE: /* YYYY-MM-DD */
		return v.len == 10 && digits(v.p, 4) && v.p[4] == '-' &&
		       digits(v.p + 5, 2) && v.p[7] == '-' &&
		       digits(v.p + 8, 2);
	case K_TIME: /* YYYY-MM-DD hh:mm:ss.ffffff */
		return v.len == 26 && digits(v.p, 4) && v.p[4] == '-' &&
		       digits(v.p + 5, 2) && v.p[7] == '-' &&
		       digits(v.p + 8, 2) && v.p[10] == ' ' &&
		       digits(v.p + 11, 2) && v.p[13] == ':' &&
		       digits(v.p + 14, 2) && v.p[16] == ':' &&
		       digits(v.p + 17, 2) && v.p[19] == '.' &&
		       digits(v.p + 20, 6);
	case K_INT:
		return str_to_i64(v, k->min, k->max, &n) == NV_OK;
	case K_TEXT:
		return v.len <= TASK_SORT_VALUE_MAX &&
		       utf8_valid(v.p, v.len, UTF8_RAW);
	}
	return false;
}

/* The sort's name as the request spelt it: "-deadline" or "deadline". */
static void
sort_token(const struct task_sort *s, char out[24])
{
	snprintf(out, 24, "%s%s", s->desc ? "-" : "", keys[s->key].name);
}

static enum nv_err
cursor_decode(struct req *rq, struct str c, struct task_sort *s)
{
	unsigned char *raw;
	char tok[24];
	size_t n, tl;
	char *p, *end, *colon;

	if (c.len == 0 || c.len > CURSOR_B64_MAX ||
	    (raw = arena_alloc(rq->arena, CURSOR_RAW_MAX + 1)) == NULL ||
	    sodium_base642bin(raw, CURSOR_RAW_MAX, c.p, c.len, NULL, &n, NULL,
	        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		return NV_EINVAL;
	raw[n] = '\0';
	p = (char *)raw;
	end = p + n;
	sort_token(s, tok);
	tl = strlen(tok);
	/* s1:<sort>:<id>:<value>, the sort being this request's */
	if (n < strlen(CURSOR_PREFIX) + tl + 3 ||
	    memcmp(p, CURSOR_PREFIX, strlen(CURSOR_PREFIX)) != 0)
		return NV_EINVAL;
	p += strlen(CURSOR_PREFIX);
	if (memcmp(p, tok, tl) != 0 || p[tl] != ':')
		return NV_EINVAL;
	p += tl + 1;
	if ((colon = memchr(p, ':', (size_t)(end - p))) == NULL ||
	    str_to_i64((struct str){p, (size_t)(colon - p)}, 1, INT64_MAX,
	        &s->after_id) != NV_OK)
		return NV_EINVAL;
	s->after_val = (struct str){colon + 1, (size_t)(end - colon - 1)};
	if (!value_ok(&keys[s->key], s->after_val))
		return NV_EINVAL;
	s->has_cursor = true;
	return NV_OK;
}

enum nv_err
task_sort_params(struct req *rq, struct task_sort *s)
{
	struct str v = req_query(rq, "sort");
	size_t i;

	memset(s, 0, sizeof(*s));
	s->key = -1;
	if (v.p == NULL)
		return NV_OK;
	if (v.len > 0 && v.p[0] == '-') {
		s->desc = true;
		v.p++;
		v.len--;
	}
	for (i = 0; i < NKEYS; i++)
		if (str_eq(v, keys[i].name))
			s->key = (int)i;
	if (s->key < 0)
		return req_fail(rq, NV_EINVAL, "sort",
		    "Chỉ sắp xếp được theo deadline, name, progress, updated, "
		    "lead_agency hoặc status (thêm dấu - để xếp giảm dần).");
	s->limit = PAGE_LIMIT_DEFAULT;
	if ((v = req_query(rq, "limit")).p != NULL &&
	    str_to_i64(v, 1, PAGE_LIMIT_MAX, &s->limit) != NV_OK)
		return req_fail(
		    rq, NV_EINVAL, "limit", "limit phải từ 1 đến 200.");
	if ((v = req_query(rq, "cursor")).p != NULL &&
	    cursor_decode(rq, v, s) != NV_OK)
		return req_fail(rq, NV_EINVAL, "cursor",
		    "Vị trí trang (cursor) không hợp lệ: hãy tải lại danh sách "
		    "từ trang đầu.");
	return NV_OK;
}

const char *
task_sort_sql(
    const struct task_sort *s, const char *src, const char *where, int source)
{
	const struct sort_key *k = &keys[s->key];
	const char *dir = s->desc ? "DESC" : "ASC", *cmp = s->desc ? "<" : ">";
	/* Issue 8 (filters): an agency's unfiltered page walks its rows of
	 * task_visibility in the key's order (task_visibility_deadline),
	 * where the tasks' key would read and sort all of them. */
	bool vis = source == TASK_SORT_AGENCY_WALK && k->vis_expr != NULL;
	const char *expr = vis ? k->vis_expr : k->expr;
	const char *sel = vis ? k->vis_sel : k->sel;
	const char *id = vis ? "vis.task_id" : "k.id";
	/* Issue 8 (filters): an agency's page by a key its rows do not hold
	 * walks the tasks' index of the key, each task looked up in src (the
	 * agency's rows), at most TASK_SORT_WALK_EXAMINED rows. */
	bool walk = source == TASK_SORT_KEY_WALK;
	char tail[48] = "", *buf;
	int n;

	if (source < 0 || source >= TASK_SORT_NSOURCES)
		return NULL;
	if (tmpl[s->key][s->desc][source] != NULL)
		return tmpl[s->key][s->desc][source];
	if (walk)
		snprintf(tail, sizeof(tail), " LIMIT ROWS EXAMINED %d",
		    TASK_SORT_WALK_EXAMINED);
	if ((buf = malloc(SORT_SQL_MAX)) == NULL)
		return NULL;
	n = snprintf(buf, SORT_SQL_MAX,
	    "SELECT {cols}, page.sk FROM (SELECT k.id, %s AS sk, %s AS ok "
	    "FROM %s%s%s%s WHERE k.id < ? %s"
	    "AND (? IS NULL OR %s %s ? OR (%s = ? AND %s %s ?)) "
	    "ORDER BY %s %s, %s %s LIMIT ?) page "
	    "JOIN tasks t ON t.id = page.id ORDER BY page.ok %s, t.id %s%s",
	    sel, expr, walk ? "tasks k FORCE INDEX (" : "",
	    walk ? k->index : "", walk ? ") STRAIGHT_JOIN " : "", src, where,
	    expr, cmp, expr, id, cmp, expr, dir, id, dir, dir, dir, tail);
	if (n < 0 || n >= SORT_SQL_MAX) {
		free(buf);
		return NULL;
	}
	tmpl[s->key][s->desc][source] = buf;
	return buf;
}

bool
task_sort_by_visibility(const struct task_sort *s)
{
	return keys[s->key].vis_expr != NULL;
}

void
task_sort_bind(const struct task_sort *s, struct db_param *p)
{
	struct str v = s->has_cursor ? s->after_val : STR_NULL;

	p[0] = DBP_STR(v);
	p[1] = DBP_STR(v);
	p[2] = DBP_STR(v);
	p[3] = DBP_INT(s->has_cursor ? s->after_id : 0);
}

bool
task_sort_take(struct req *rq, struct task_sort *s, int64_t id, struct str key)
{
	if (s->n == s->limit) {
		s->more = true;
		return false;
	}
	s->n++;
	s->last_id = id;
	s->last_val.p = arena_strndup(rq->arena, key.p ? key.p : "", key.len);
	s->last_val.len = s->last_val.p != NULL ? key.len : 0;
	return true;
}

void
task_sort_end(struct req *rq, struct jw *w, const struct task_sort *s)
{
	char tok[24], *raw, *out;
	size_t n, ob;

	jw_arr_close(w);
	jw_key(w, "next_cursor");
	n = s->last_val.len;
	if (!s->more || s->last_val.p == NULL || n > TASK_SORT_VALUE_MAX ||
	    (raw = arena_alloc(rq->arena, CURSOR_RAW_MAX)) == NULL) {
		jw_null(w);
		jw_obj_close(w);
		return;
	}
	sort_token(s, tok);
	n = (size_t)snprintf(raw, CURSOR_RAW_MAX, CURSOR_PREFIX "%s:%lld:", tok,
	    (long long)s->last_id);
	memcpy(raw + n, s->last_val.p, s->last_val.len);
	n += s->last_val.len;
	ob = sodium_base64_ENCODED_LEN(
	    n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	if ((out = arena_alloc(rq->arena, ob)) == NULL) {
		jw_null(w);
		jw_obj_close(w);
		return;
	}
	sodium_bin2base64(out, ob, (unsigned char *)raw, n,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	jw_strz(w, out);
	jw_obj_close(w);
}
