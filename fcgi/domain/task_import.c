/* SPDX-License-Identifier: ISC */
/*
 * Import of the registration template (task_import.h).  The header row is
 * found by its titles (our export puts a title block above it; an agency's
 * own copy may not), so columns may come in any order and extra columns
 * (TT, Trạng thái) are ignored.  Each row is checked completely, so the
 * preview names every problem at once; the write path checks again on
 * confirm, and its refusal of any row undoes the whole import.
 */
#include <stdio.h>
#include <string.h>

#include "fcgi/base/clock.h"
#include "fcgi/base/db.h"
#include "fcgi/base/sheet.h"
#include "fcgi/base/str.h"
#include "fcgi/base/utf8.h"
#include "fcgi/domain/audit.h"
#include "fcgi/domain/task.h"
#include "fcgi/domain/task_import.h"

/* The template's columns we read, by their titles. */
enum col {
	C_NAME,
	C_PERSON,
	C_LEAD,
	C_COORDS,
	C_PRODUCT,
	C_BUDGET,
	C_NOTES,
	C_DEADLINE,
	C__MAX
};

static const char *const col_title[C__MAX] = {
    [C_NAME] = "Tên nhiệm vụ",
    [C_PERSON] = "Người chịu trách nhiệm",
    [C_LEAD] = "Cơ quan chủ trì thực hiện",
    [C_COORDS] = "Cơ quan phối hợp",
    [C_PRODUCT] = "Dự kiến sản phẩm",
    [C_BUDGET] = "Dự kiến kinh phí",
    [C_NOTES] = "Ghi chú",
    [C_DEADLINE] = "Hạn hoàn thành",
};

/* Titles as they are folded for matching ("ten nhiem vu"). */
static const char *const col_fold[C__MAX] = {
    [C_NAME] = "ten nhiem vu",
    [C_PERSON] = "nguoi chiu trach nhiem",
    [C_LEAD] = "co quan chu tri thuc hien",
    [C_COORDS] = "co quan phoi hop",
    [C_PRODUCT] = "du kien san pham",
    [C_BUDGET] = "du kien kinh phi",
    [C_NOTES] = "ghi chu",
    [C_DEADLINE] = "han hoan thanh",
};

#define HEADER_SCAN 20 /* rows searched for the header */

struct agencies {
	struct db_res r; /* code, name */
	char **fold;     /* the names folded */
};

/* --- small helpers ------------------------------------------------------ */

static struct str
fold(struct arena *a, struct str s)
{
	char *f;
	size_t n;

	if ((f = arena_alloc(a, s.len + 1)) == NULL)
		return STR_NULL;
	n = utf8_fold(s.p, s.len, f);
	return (struct str){f, n};
}

static bool
same(struct str a, struct str b)
{
	return a.p != NULL && b.p != NULL && a.len == b.len &&
	       memcmp(a.p, b.p, a.len) == 0;
}

/*
 * Unicode-aware trim of one cell: the blanks utf8_blank() knows (a
 * no-break space pasted from Word, a BOM) at both ends.  A cell is not
 * yet checked as UTF-8 here: utf8_trim() stops at a byte it cannot read,
 * and the check that follows refuses it.
 */
static struct str
trim(struct str s)
{
	return utf8_trim(str_trim(s));
}

/*
 * Undoes our export's guard against formulas: a leading ' before
 * = + - @ tab or CR (api_export.c csv_field) is not part of the text.
 */
static struct str
unguard(struct str s)
{
	if (s.len >= 2 && s.p[0] == '\'' && strchr("=+-@\t\r", s.p[1]) != NULL)
		return (struct str){s.p + 1, s.len - 1};
	return s;
}

/* One line: line breaks and tabs inside a cell become spaces. */
static struct str
one_line(struct arena *a, struct str s)
{
	char *o;
	size_t i, n = 0;
	bool sp = false;

	if ((o = arena_alloc(a, s.len + 1)) == NULL)
		return STR_NULL;
	for (i = 0; i < s.len; i++) {
		if (s.p[i] == '\n' || s.p[i] == '\r' || s.p[i] == '\t') {
			if (!sp && n > 0)
				o[n++] = ' ';
			sp = true;
			continue;
		}
		if (s.p[i] == ' ' && sp)
			continue;
		sp = s.p[i] == ' ';
		o[n++] = s.p[i];
	}
	while (n > 0 && o[n - 1] == ' ')
		n--;
	o[n] = '\0';
	return (struct str){o, n};
}

static void
err(struct import_row *r, enum col c, const char *msg)
{
	if (r->nerr < IMPORT_ERRS_MAX) {
		r->err[r->nerr].column = col_title[c];
		r->err[r->nerr].message = msg;
		r->nerr++;
	}
}

/* A cell of row by column, trimmed; STR("") when absent. */
static struct str
cell(const struct sheet_row *sr, const int *map, enum col c)
{
	if (map[c] < 0 || map[c] >= sr->ncells)
		return STR("");
	return trim(unguard(trim(sr->cells[map[c]])));
}

/* The text of a task member, checked against the member's own limits. */
static struct str
text(struct actor *ac, struct import_row *r, enum col c, struct str s,
    const char *member, bool line)
{
	const struct field *f =
	    &task_record.m[record_member(&task_record, member)].in;

	if (line && (s = one_line(ac->arena, s)).p == NULL)
		return STR_NULL;
	if (!utf8_valid(s.p, s.len, line ? 0 : UTF8_MULTILINE)) {
		err(r, c,
		    "Có ký tự không được phép (ký tự điều khiển hoặc "
		    "ký tự đảo chiều văn bản).");
		return s;
	}
	if (f->max > 0 && utf8_count(s.p, s.len) > (size_t)f->max)
		err(r, c,
		    arena_printf(
		        ac->arena, "Dài quá %lld ký tự.", (long long)f->max));
	return s;
}

/* --- agencies ----------------------------------------------------------- */

static enum nv_err
agencies_load(struct actor *ac, struct agencies *ag)
{
	static const char sql[] = "SELECT code, name FROM agencies";
	enum nv_err rc;
	size_t i;
	struct str f;

	if ((rc = db_query(ac->arena, sql, NULL, 0, &ag->r)) != NV_OK)
		return rc;
	if ((ag->fold = arena_alloc(
	         ac->arena, (ag->r.nrows + 1) * sizeof(*ag->fold))) == NULL)
		return NV_ETOOBIG;
	for (i = 0; i < ag->r.nrows; i++) {
		if ((f = fold(ac->arena, db_cell(&ag->r, i, 1))).p == NULL)
			return NV_ETOOBIG;
		ag->fold[i] = (char *)f.p;
	}
	return NV_OK;
}

/* An agency by its code (any case) or its full name (any accents). */
static struct str
agency_find(struct actor *ac, const struct agencies *ag, struct str given)
{
	struct str up = vocab_upcase(ac->arena, given), f;
	size_t i;

	for (i = 0; i < ag->r.nrows; i++)
		if (same(db_cell(&ag->r, i, 0), up))
			return db_cell(&ag->r, i, 0);
	if ((f = fold(ac->arena, given)).p == NULL)
		return STR_NULL;
	for (i = 0; i < ag->r.nrows; i++)
		if (same(str_c(ag->fold[i]), f))
			return db_cell(&ag->r, i, 0);
	return STR_NULL;
}

/* --- values --------------------------------------------------------------- */

/*
 * A budget in đồng: digits, optionally grouped by thousands with '.', ','
 * or spaces ("1.500.000.000"), as a spreadsheet number ("1500000000").
 */
static bool
budget_parse(struct str s, int64_t max, int64_t *out)
{
	char digits[32];
	size_t i, n = 0, group = 0;
	char sep = 0;
	bool grouped = false;

	for (i = 0; i < s.len; i++) {
		char ch = s.p[i];
		if (ch >= '0' && ch <= '9') {
			if (n + 1 >= sizeof(digits))
				return false;
			digits[n++] = ch;
			group++;
			continue;
		}
		if (ch != '.' && ch != ',' && ch != ' ')
			return false;
		/* A separator: always the same one, then exactly 3 digits. */
		if (n == 0 || (sep != 0 && ch != sep) ||
		    (grouped && group != 3) || (!grouped && group > 3))
			return false;
		sep = ch;
		grouped = true;
		group = 0;
	}
	if (n == 0 || (grouped && group != 3))
		return false;
	/* A spreadsheet number of a whole amount may come as "1500.0". */
	/* Leading zeros are still a number ("0500000" from a text cell). */
	for (i = 0; i + 1 < n && digits[i] == '0'; i++)
		;
	return str_to_i64((struct str){digits + i, n - i}, 0, max, out) ==
	       NV_OK;
}

/* Days since 1970-01-01 to y, m, d (H. Hinnant's civil_from_days). */
static void
civil(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/*
 * A deadline: dd/mm/yyyy (as the export and Vietnamese Excel write it),
 * YYYY-MM-DD, or a spreadsheet's date number (days since 1899-12-30).
 */
static struct str
deadline_parse(struct actor *ac, struct import_row *r, struct str s)
{
	char iso[11];
	int64_t serial;
	int y, m, d;

	if (s.len == 10 && s.p[2] == '/' && s.p[5] == '/') {
		snprintf(
		    iso, sizeof(iso), "%.4s-%.2s-%.2s", s.p + 6, s.p + 3, s.p);
	} else if (s.len == 10 && s.p[4] == '-' && s.p[7] == '-') {
		memcpy(iso, s.p, 10);
		iso[10] = '\0';
	} else if (str_to_i64(s, 36526, 73415, &serial) == NV_OK) {
		civil(serial - 25569, &y, &m, &d);
		snprintf(iso, sizeof(iso), "%04d-%02d-%02d", y, m, d);
	} else {
		err(r, C_DEADLINE,
		    "Hạn hoàn thành phải là một ngày dạng ngày/tháng/năm, "
		    "ví dụ 31/12/2026.");
		return STR_NULL;
	}
	if (!clock_date_valid(str_c(iso)) || memcmp(iso, "2000", 4) < 0 ||
	    memcmp(iso, "2100", 4) > 0) {
		err(r, C_DEADLINE,
		    "Hạn hoàn thành không phải một ngày có thật trong khoảng "
		    "năm 2000–2100.");
		return STR_NULL;
	}
	return str_c(arena_strndup(ac->arena, iso, 10));
}

/* Coordinating agencies: separated by ';', ',' or line breaks. */
static enum nv_err
coords_parse(struct actor *ac, const struct agencies *ag, struct import_row *r,
    struct str s)
{
	const struct field *f =
	    &task_record.m[record_member(&task_record, "coordinating_agencies")]
	         .in;
	const char *p = s.p, *end = s.p + s.len, *q;
	struct str item, code;
	size_t k;

	if ((r->coords = arena_alloc(
	         ac->arena, ((size_t)f->max + 1) * sizeof(*r->coords))) == NULL)
		return NV_ETOOBIG;
	while (p < end) {
		for (q = p; q < end && *q != ';' && *q != ',' && *q != '\n' &&
		            *q != '\r';
		     q++)
			;
		item = trim((struct str){p, (size_t)(q - p)});
		p = q + 1;
		if (item.len == 0)
			continue;
		if (r->ncoords == (size_t)f->max) {
			err(r, C_COORDS,
			    arena_printf(ac->arena,
			        "Nhiều hơn %lld cơ quan phối hợp.",
			        (long long)f->max));
			return NV_OK;
		}
		code = agency_find(ac, ag, item);
		if (code.p == NULL) {
			err(r, C_COORDS,
			    arena_printf(ac->arena,
			        "Không có cơ quan \"%.*s\" trong danh mục.",
			        (int)(item.len > 200 ? 200 : item.len),
			        item.p));
			r->coords[r->ncoords++] = item;
			continue;
		}
		if (same(code, r->lead_agency)) {
			err(r, C_COORDS,
			    "Cơ quan chủ trì không đồng thời là cơ quan phối "
			    "hợp.");
			continue;
		}
		for (k = 0; k < r->ncoords; k++)
			if (same(r->coords[k], code))
				break;
		if (k < r->ncoords) {
			err(r, C_COORDS,
			    arena_printf(ac->arena, "Cơ quan \"%.*s\" bị lặp.",
			        (int)(item.len > 200 ? 200 : item.len),
			        item.p));
			continue;
		}
		r->coords[r->ncoords++] = code;
	}
	return NV_OK;
}

static enum nv_err
row_read(struct actor *ac, const struct agencies *ag,
    const struct sheet_row *sr, const int *map, struct import_row *r)
{
	const struct field *bf =
	    &task_record.m[record_member(&task_record, "estimated_budget")].in;
	const struct user *u = ac->user;
	struct str s, code;
	enum nv_err rc;

	memset(r, 0, sizeof(*r));
	r->row = sr->num;
	r->deadline = STR_NULL;

	s = cell(sr, map, C_NAME);
	if (!wf_has_text(s))
		err(r, C_NAME, "Thiếu tên nhiệm vụ.");
	r->name = text(ac, r, C_NAME, s, "name", true);
	r->responsible_person = text(ac, r, C_PERSON, cell(sr, map, C_PERSON),
	    "responsible_person", true);

	s = cell(sr, map, C_LEAD);
	r->lead_agency = s;
	if (!wf_has_text(s))
		err(r, C_LEAD, "Thiếu cơ quan chủ trì.");
	else if ((code = agency_find(ac, ag, s)).p == NULL)
		err(r, C_LEAD,
		    arena_printf(ac->arena,
		        "Không có cơ quan \"%.*s\" trong danh mục.",
		        (int)(s.len > 200 ? 200 : s.len), s.p));
	else {
		r->lead_agency = code;
		rc = policy_task_create(u->roles,
		    u->agency_code != NULL && str_eq(code, u->agency_code),
		    TK_BREAKTHROUGH, TS_DRAFT);
		if (rc == NV_EPERM)
			err(r, C_LEAD,
			    arena_printf(ac->arena,
			        "Bạn chỉ đăng ký được nhiệm vụ do cơ quan "
			        "mình (%s) chủ trì.",
			        u->agency_code ? u->agency_code : "—"));
	}
	if ((rc = coords_parse(ac, ag, r, cell(sr, map, C_COORDS))) != NV_OK)
		return rc;
	r->expected_product = text(ac, r, C_PRODUCT, cell(sr, map, C_PRODUCT),
	    "expected_product", false);

	s = cell(sr, map, C_BUDGET);
	if (s.len > 0) {
		if (budget_parse(s, bf->max, &r->budget))
			r->has_budget = true;
		else
			err(r, C_BUDGET,
			    "Dự kiến kinh phí phải là số đồng, không âm, "
			    "ví dụ 1500000000 hoặc 1.500.000.000.");
	}
	r->notes = text(ac, r, C_NOTES, cell(sr, map, C_NOTES), "notes", false);
	s = cell(sr, map, C_DEADLINE);
	if (s.len > 0)
		r->deadline = deadline_parse(ac, r, s);
	if (r->name.p == NULL || r->responsible_person.p == NULL)
		return NV_ETOOBIG;
	return NV_OK;
}

/* The header row: the first one with "Tên nhiệm vụ" in it. */
static bool
header_find(struct arena *a, const struct sheet *sh, size_t *at, int *map)
{
	size_t i, k;
	int c;
	struct str f;

	for (i = 0; i < sh->nrows && i < HEADER_SCAN; i++) {
		for (c = 0; c < C__MAX; c++)
			map[c] = -1;
		for (k = 0; k < sh->rows[i].ncells; k++) {
			f = fold(a, trim(sh->rows[i].cells[k]));
			if (f.p == NULL)
				return false;
			for (c = 0; c < C__MAX; c++)
				if (map[c] < 0 && str_eq(f, col_fold[c]))
					map[c] = (int)k;
			/* The template's short form of the lead's title. */
			if (map[C_LEAD] < 0 && str_eq(f, "co quan chu tri"))
				map[C_LEAD] = (int)k;
		}
		if (map[C_NAME] >= 0) {
			*at = i;
			return true;
		}
	}
	return false;
}

enum nv_err
task_import_read(struct actor *ac, const char *p, size_t len, bool is_csv,
    struct import *imp)
{
	struct sheet sh;
	struct agencies ag;
	const char *why = NULL;
	int map[C__MAX];
	size_t i, at;
	enum nv_err rc;

	memset(imp, 0, sizeof(*imp));
	rc = is_csv ? sheet_read_csv(ac->arena, p, len, &sh, &why)
	            : sheet_read_xlsx(ac->arena, p, len, &sh, &why);
	if (rc == NV_EINVAL)
		return wf_fail(ac, NV_EINVAL, "file", why);
	if (rc != NV_OK)
		return rc;
	if (!header_find(ac->arena, &sh, &at, map))
		return wf_fail(ac, NV_EINVAL, "file",
		    "Không tìm thấy dòng tiêu đề của mẫu đăng ký (cột \"Tên "
		    "nhiệm vụ\", \"Cơ quan chủ trì thực hiện\", …) trong 20 "
		    "dòng đầu.");
	if (map[C_LEAD] < 0)
		return wf_fail(ac, NV_EINVAL, "file",
		    "Mẫu đăng ký thiếu cột \"Cơ quan chủ trì thực hiện\".");
	if (sh.nrows - at - 1 == 0)
		return wf_fail(ac, NV_EINVAL, "file",
		    "Tệp không có dòng nhiệm vụ nào dưới dòng tiêu đề.");
	if (sh.nrows - at - 1 > IMPORT_ROWS_MAX)
		return wf_fail(ac, NV_EINVAL, "file",
		    "Một lần nhập được tối đa 500 nhiệm vụ; hãy chia tệp.");
	if ((rc = agencies_load(ac, &ag)) != NV_OK)
		return rc;
	imp->nrows = sh.nrows - at - 1;
	if ((imp->rows = arena_alloc(
	         ac->arena, imp->nrows * sizeof(*imp->rows))) == NULL)
		return NV_ETOOBIG;
	for (i = 0; i < imp->nrows; i++) {
		if ((rc = row_read(ac, &ag, &sh.rows[at + 1 + i], map,
		         &imp->rows[i])) != NV_OK)
			return rc;
		if (imp->rows[i].nerr > 0)
			imp->invalid++;
	}
	return NV_OK;
}

/* --- keeping and confirming ------------------------------------------- */

static struct str
coords_join(struct arena *a, const struct import_row *r)
{
	const char *s = "";
	size_t i;

	for (i = 0; i < r->ncoords; i++)
		s = arena_printf(a, "%s%s%.*s", s, i ? "," : "",
		    (int)r->coords[i].len, r->coords[i].p);
	return str_c(s);
}

struct save_op {
	struct actor *ac;
	struct import *imp;
};

static enum nv_err
do_save(void *ctx)
{
	static const char gc[] =
	    "DELETE FROM imports WHERE expires_at < UTC_TIMESTAMP(6)";
	static const char ins[] =
	    "INSERT INTO imports (created_by, created_at, expires_at, nrows, "
	    "invalid) VALUES (?, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) + "
	    "INTERVAL 1 HOUR, ?, ?)";
	static const char row[] =
	    "INSERT INTO import_rows (import_id, row_num, name, "
	    "responsible_person, lead_agency, coordinating_agencies, "
	    "expected_product, estimated_budget, notes, deadline) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	struct save_op *o = ctx;
	struct import *imp = o->imp;
	const struct import_row *r;
	uint64_t id;
	size_t i;
	enum nv_err rc;

	if ((rc = db_exec(gc, NULL, 0, NULL, NULL)) != NV_OK)
		return rc;
	struct db_param p[] = {DBP_STR(str_c(o->ac->user->username)),
	    DBP_INT((int64_t)imp->nrows), DBP_INT((int64_t)imp->invalid)};
	if ((rc = db_exec(ins, p, NELEM(p), NULL, &id)) != NV_OK)
		return rc;
	imp->id = (int64_t)id;
	if (imp->invalid > 0)
		return NV_OK;
	for (i = 0; i < imp->nrows; i++) {
		r = &imp->rows[i];
		struct db_param q[] = {DBP_INT(imp->id), DBP_INT(r->row),
		    DBP_STR(r->name), DBP_STR(r->responsible_person),
		    DBP_STR(r->lead_agency),
		    DBP_STR(coords_join(o->ac->arena, r)),
		    DBP_STR(r->expected_product),
		    r->has_budget ? DBP_INT(r->budget) : DBP_NULL,
		    DBP_STR(r->notes), DBP_STR(r->deadline)};
		if ((rc = db_exec(row, q, NELEM(q), NULL, NULL)) != NV_OK)
			return rc;
	}
	return NV_OK;
}

enum nv_err
task_import_save(struct actor *ac, struct import *imp)
{
	struct save_op o = {ac, imp};

	return db_tx(do_save, &o);
}

/* One kept row as the write path's input (struct wf_input). */
struct row_in {
	struct arena *a;
	const struct str *c; /* the import_rows columns, from name on */
};

static void
put(const struct record_desc *d, struct fval *v, const char *member,
    struct str s)
{
	int i = record_member(d, member);

	v[i].present = true;
	v[i].is_null = s.p == NULL;
	v[i].s = s;
}

static enum nv_err
row_input(void *ctx, const struct record_desc *d, unsigned op, struct fval *v)
{
	struct row_in *ri = ctx;
	const struct str *c = ri->c;
	struct str *items;
	const char *p, *end, *comma;
	size_t n = 0;
	int i;

	(void)op;
	put(d, v, "kind", STR("breakthrough"));
	put(d, v, "status", STR("draft"));
	put(d, v, "name", c[0]);
	put(d, v, "responsible_person", c[1]);
	put(d, v, "lead_agency", c[2]);
	/* At most one code per 2 bytes ("A,B"): the write path judges n. */
	if ((items = arena_alloc(ri->a, (c[3].len / 2 + 2) * sizeof(*items))) ==
	    NULL)
		return NV_ETOOBIG;
	for (p = c[3].p, end = p + c[3].len; p < end; p = comma + 1) {
		if ((comma = memchr(p, ',', (size_t)(end - p))) == NULL)
			comma = end;
		items[n++] = (struct str){p, (size_t)(comma - p)};
	}
	i = record_member(d, "coordinating_agencies");
	v[i].present = true;
	v[i].items = items;
	v[i].nitems = n;
	put(d, v, "expected_product", c[4]);
	i = record_member(d, "estimated_budget");
	v[i].present = true;
	v[i].is_null = c[5].p == NULL;
	v[i].i = c[5].p != NULL ? db_str_int(c[5]) : 0;
	put(d, v, "notes", c[6]);
	if (c[7].p != NULL)
		put(d, v, "deadline", c[7]);
	return NV_OK;
}

struct confirm_op {
	struct actor *ac;
	int64_t id;
	bool bodied;
	int64_t *ids;
	size_t n;
};

static enum nv_err
do_confirm(void *ctx)
{
	static const char head[] = "SELECT invalid, confirmed_at IS NOT NULL, "
	                           "expires_at < UTC_TIMESTAMP(6) FROM imports "
	                           "WHERE id = ? AND created_by = ? FOR UPDATE";
	static const char rows[] =
	    "SELECT row_num, name, responsible_person, lead_agency, "
	    "coordinating_agencies, expected_product, estimated_budget, "
	    "notes, deadline FROM import_rows WHERE import_id = ? "
	    "ORDER BY row_num";
	static const char done[] =
	    "UPDATE imports SET confirmed_at = UTC_TIMESTAMP(6) WHERE id = ?";
	struct confirm_op *o = ctx;
	struct actor *ac = o->ac;
	struct db_res h, r;
	struct row_in ri;
	struct wf_input in = {row_input, &ri};
	struct audit au = {0};
	size_t i;
	enum nv_err rc;

	struct db_param p[] = {
	    DBP_INT(o->id), DBP_STR(str_c(ac->user->username))};
	if ((rc = db_query(ac->arena, head, p, NELEM(p), &h)) != NV_OK)
		return rc;
	if (h.nrows == 0 || db_int(&h, 0, 2) != 0)
		return wf_fail(ac, NV_ENOENT, NULL,
		    "Không có lượt nhập này, hoặc đã quá một giờ; hãy tải "
		    "tệp lên lại.");
	if (o->bodied)
		return wf_fail(
		    ac, NV_EINVAL, NULL, "Xác nhận không cần nội dung.");
	if (db_int(&h, 0, 1) != 0)
		return wf_fail(
		    ac, NV_ESTATE, NULL, "Lượt nhập này đã được xác nhận.");
	if (db_int(&h, 0, 0) != 0)
		return wf_fail(ac, NV_ESTATE, NULL,
		    "Tệp còn dòng có lỗi; hãy sửa tệp rồi tải lên lại.");
	if ((rc = db_query(ac->arena, rows, p, 1, &r)) != NV_OK)
		return rc;
	if ((o->ids = arena_alloc(
	         ac->arena, (r.nrows + 1) * sizeof(int64_t))) == NULL)
		return NV_ETOOBIG;
	for (i = 0; i < r.nrows; i++) {
		ri.a = ac->arena;
		ri.c = &r.cells[i * r.ncols + 1];
		rc = wf_create(ac, &task_record, 0, &in, &o->ids[i]);
		if (rc != NV_OK) {
			if (ac->err_msg != NULL)
				ac->err_msg = arena_printf(ac->arena,
				    "Dòng %lld: %s",
				    (long long)db_int(&r, i, 0), ac->err_msg);
			return rc;
		}
	}
	o->n = r.nrows;
	if ((rc = db_exec(done, p, 1, NULL, NULL)) != NV_OK)
		return rc;
	au.action = "import";
	au.detail = arena_printf(ac->arena,
	    "{\"import_id\":%lld,\"created\":%zu}", (long long)o->id, o->n);
	au.detail_len = au.detail ? strlen(au.detail) : 0;
	return audit_insert(ac, &au);
}

enum nv_err
task_import_confirm(
    struct actor *ac, int64_t id, bool bodied, int64_t **ids, size_t *n)
{
	struct confirm_op o = {ac, id, bodied, NULL, 0};
	enum nv_err rc;

	if ((rc = db_tx(do_confirm, &o)) != NV_OK)
		return rc;
	*ids = o.ids;
	*n = o.n;
	return NV_OK;
}
