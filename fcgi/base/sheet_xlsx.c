/* SPDX-License-Identifier: ISC */
/*
 * The .xlsx reader (sheet.h): the only file that calls libzip and expat
 * (opened on first use, lazy_sheet.h).  The archive is opened in memory with
 * libzip; each XML part it needs (the workbook, its relationships, the shared
 * strings, the first worksheet) is inflated in 64 KiB pieces straight into an
 * expat parser, so no part is ever held whole, and a piece past a part's limit,
 * the total limit or the compression ratio stops the read.  Any DOCTYPE or
 * entity declaration stops expat: a spreadsheet needs neither, and that
 * rules out every entity trick (billion laughs, external entities).
 */
#include <string.h>

#include "fcgi/base/arena.h"
#include "fcgi/base/lazy_sheet.h"
#include "fcgi/base/log.h"
#include "fcgi/base/sheet.h"
#include "fcgi/base/str.h"

#define NS_SEP '|'
#define PIECE  (64 * 1024)

#define WHY_ZIP                                                                \
	"Tệp không phải bảng tính .xlsx hợp lệ (không đọc được tệp nén)."
#define WHY_XML  "Tệp .xlsx bị hỏng (nội dung XML không hợp lệ)."
#define WHY_DTD  "Tệp .xlsx chứa khai báo DOCTYPE hoặc thực thể XML; không nhận."
#define WHY_BOMB "Tệp .xlsx giải nén ra quá lớn; không nhận."
#define WHY_CELL "Một ô có nội dung quá dài (tối đa 8192 byte)."

enum part { P_WORKBOOK, P_RELS, P_SST, P_SHEET };

struct xr {
	struct arena *a;
	XML_Parser xp;
	enum part part;
	const char *why;
	enum nv_err err;
	uint64_t total; /* bytes inflated so far, every part */

	/* Character data of the element being captured. */
	char *text;
	size_t tlen;
	bool capture;
	int in_rph; /* inside a phonetic run: not part of the text */

	/* Workbook and relationships: the first sheet's part name. */
	char rid[64];
	char target[256];

	/* Shared strings. */
	struct str *sst;
	size_t nsst, capsst, sst_bytes;
	bool in_si;

	/* Worksheet. */
	struct sheet_build b;
	bool in_row, in_c, in_is;
	uint32_t row_num, col;
	char ctype[16];
};

static const char *
local(const char *name)
{
	const char *s = strrchr(name, NS_SEP);

	return s != NULL ? s + 1 : name;
}

static void
stop(struct xr *x, enum nv_err e, const char *why)
{
	if (x->err == NV_OK) {
		x->err = e;
		x->why = why;
	}
	XML_StopParser(x->xp, XML_FALSE);
}

static void XMLCALL
on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
    const XML_Char *pubid, int has_internal)
{
	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal;
	stop(ud, NV_EINVAL, WHY_DTD);
}

static void XMLCALL
on_entity(void *ud, const XML_Char *name, int is_param, const XML_Char *value,
    int value_len, const XML_Char *base, const XML_Char *sysid,
    const XML_Char *pubid, const XML_Char *notation)
{
	(void)name;
	(void)is_param;
	(void)value;
	(void)value_len;
	(void)base;
	(void)sysid;
	(void)pubid;
	(void)notation;
	stop(ud, NV_EINVAL, WHY_DTD);
}

static void XMLCALL
on_text(void *ud, const XML_Char *s, int len)
{
	struct xr *x = ud;

	if (!x->capture || x->in_rph > 0 || len <= 0)
		return;
	if (x->tlen + (size_t)len > SHEET_CELL_MAX) {
		stop(x, NV_EINVAL, WHY_CELL);
		return;
	}
	memcpy(x->text + x->tlen, s, (size_t)len);
	x->tlen += (size_t)len;
}

static const char *
attr(const XML_Char **atts, const char *name)
{
	size_t i;

	for (i = 0; atts[i] != NULL; i += 2)
		if (strcmp(local(atts[i]), name) == 0)
			return atts[i + 1];
	return NULL;
}

/* "BC12" -> column 54 (0-based); UINT32_MAX when malformed. */
static uint32_t
ref_col(const char *r)
{
	uint32_t c = 0;
	size_t n = 0;

	while (*r >= 'A' && *r <= 'Z') {
		if (++n > 3)
			return UINT32_MAX;
		c = c * 26 + (uint32_t)(*r++ - 'A' + 1);
	}
	if (n == 0 || c > 16384)
		return UINT32_MAX;
	return c - 1;
}

static bool
to_u32(const char *s, uint32_t max, uint32_t *out)
{
	int64_t v;

	if (s == NULL || str_to_i64(str_c(s), 0, (int64_t)max, &v) != NV_OK)
		return false;
	*out = (uint32_t)v;
	return true;
}

static void XMLCALL
on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xr *x = ud;
	const char *n = local(name), *v;
	uint32_t u;

	switch (x->part) {
	case P_WORKBOOK:
		if (strcmp(n, "sheet") == 0 && x->rid[0] == '\0' &&
		    (v = attr(atts, "id")) != NULL &&
		    strlen(v) < sizeof(x->rid))
			memcpy(x->rid, v, strlen(v) + 1);
		return;
	case P_RELS:
		if (strcmp(n, "Relationship") == 0 && x->target[0] == '\0' &&
		    (v = attr(atts, "Id")) != NULL && strcmp(v, x->rid) == 0 &&
		    (v = attr(atts, "Target")) != NULL &&
		    strlen(v) < sizeof(x->target))
			memcpy(x->target, v, strlen(v) + 1);
		return;
	case P_SST:
		if (strcmp(n, "si") == 0) {
			x->in_si = true;
			x->tlen = 0;
		} else if (strcmp(n, "rPh") == 0) {
			x->in_rph++;
		} else if (strcmp(n, "t") == 0 && x->in_si) {
			x->capture = true;
		}
		return;
	case P_SHEET:
		if (strcmp(n, "row") == 0) {
			if ((v = attr(atts, "r")) != NULL) {
				if (!to_u32(v, 1048576, &u) || u == 0 ||
				    u <= x->row_num) {
					stop(x, NV_EINVAL, WHY_XML);
					return;
				}
				x->row_num = u;
			} else {
				x->row_num++;
			}
			x->in_row = true;
			x->col = 0;
			x->b.num = x->row_num;
		} else if (strcmp(n, "c") == 0 && x->in_row) {
			if ((v = attr(atts, "r")) != NULL) {
				if ((u = ref_col(v)) == UINT32_MAX) {
					stop(x, NV_EINVAL, WHY_XML);
					return;
				}
				x->col = u;
			}
			v = attr(atts, "t");
			if (v == NULL)
				v = "n";
			if (strlen(v) >= sizeof(x->ctype)) {
				stop(x, NV_EINVAL, WHY_XML);
				return;
			}
			memcpy(x->ctype, v, strlen(v) + 1);
			x->in_c = true;
			x->tlen = 0;
		} else if (strcmp(n, "is") == 0 && x->in_c) {
			x->in_is = true;
		} else if (strcmp(n, "rPh") == 0) {
			x->in_rph++;
		} else if (x->in_c && ((strcmp(n, "v") == 0 && !x->in_is) ||
		                          (strcmp(n, "t") == 0 && x->in_is))) {
			x->capture = true;
		}
		return;
	}
}

static void
sst_add(struct xr *x)
{
	struct str *grown;

	if (x->nsst == SHEET_SST_MAX) {
		stop(x, NV_EINVAL,
		    "Bảng chuỗi dùng chung của tệp .xlsx quá lớn; không nhận.");
		return;
	}
	x->sst_bytes += x->tlen;
	if (x->sst_bytes > SHEET_SST_BYTES) {
		stop(x, NV_EINVAL,
		    "Bảng chuỗi dùng chung của tệp .xlsx quá lớn; không nhận.");
		return;
	}
	if (x->nsst == x->capsst) {
		/* The arena has no realloc: doubling wastes at most as much. */
		x->capsst = x->capsst ? x->capsst * 2 : 256;
		if ((grown = arena_alloc(x->a, x->capsst * sizeof(*grown))) ==
		    NULL) {
			stop(x, NV_ETOOBIG, NULL);
			return;
		}
		if (x->nsst > 0)
			memcpy(grown, x->sst, x->nsst * sizeof(*grown));
		x->sst = grown;
	}
	x->sst[x->nsst].p = arena_strndup(x->a, x->text, x->tlen);
	x->sst[x->nsst].len = x->tlen;
	if (x->sst[x->nsst].p == NULL) {
		stop(x, NV_ETOOBIG, NULL);
		return;
	}
	x->nsst++;
}

static void
cell_end(struct xr *x)
{
	struct str s = {x->text, x->tlen};
	uint32_t i;
	enum nv_err rc;

	if (strcmp(x->ctype, "s") == 0) {
		if (x->tlen == 0) {
			s = STR("");
		} else {
			x->text[x->tlen] = '\0';
			if (!to_u32(x->text, UINT32_MAX - 1, &i) ||
			    i >= x->nsst) {
				stop(x, NV_EINVAL, WHY_XML);
				return;
			}
			s = x->sst[i];
		}
	}
	if ((rc = sheet_cell(&x->b, x->col, s.p, s.len)) != NV_OK)
		stop(x, rc, x->b.why);
	x->col++;
}

static void XMLCALL
on_end(void *ud, const XML_Char *name)
{
	struct xr *x = ud;
	const char *n = local(name);
	enum nv_err rc;

	if (strcmp(n, "rPh") == 0 && x->in_rph > 0) {
		x->in_rph--;
		return;
	}
	if (x->part == P_SST) {
		if (strcmp(n, "t") == 0)
			x->capture = false;
		else if (strcmp(n, "si") == 0 && x->in_si) {
			x->in_si = false;
			sst_add(x);
		}
		return;
	}
	if (x->part != P_SHEET)
		return;
	if (strcmp(n, "v") == 0 || strcmp(n, "t") == 0) {
		x->capture = false;
	} else if (strcmp(n, "is") == 0) {
		x->in_is = false;
	} else if (strcmp(n, "c") == 0 && x->in_c) {
		x->in_c = false;
		cell_end(x);
	} else if (strcmp(n, "row") == 0 && x->in_row) {
		x->in_row = false;
		if ((rc = sheet_row_end(&x->b)) != NV_OK)
			stop(x, rc, x->b.why);
	}
}

/*
 * Inflates the member called name through a new expat parser for part.
 * A missing member: NV_ENOENT (the caller decides), nothing set.
 */
static enum nv_err
read_part(struct xr *x, zip_t *z, const char *name, enum part part)
{
	zip_stat_t st;
	zip_file_t *zf = NULL;
	zip_int64_t idx, n;
	uint64_t got = 0, cap;
	char *piece;
	enum nv_err rc = NV_EINVAL;

	if ((idx = zip_name_locate(z, name, 0)) < 0)
		return NV_ENOENT;
	if (zip_stat_index(z, (zip_uint64_t)idx, 0, &st) != 0) {
		x->why = WHY_ZIP;
		return NV_EINVAL;
	}
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
	    st.encryption_method != ZIP_EM_NONE) {
		x->why = "Tệp .xlsx có mật khẩu; hãy bỏ mật khẩu rồi tải lên "
		         "lại.";
		return NV_EINVAL;
	}
	/*
	 * The sizes in the directory are the sender's claim: judge them
	 * first, then count what really comes out.
	 */
	cap = SHEET_PART_MAX;
	if (st.valid & ZIP_STAT_COMP_SIZE) {
		uint64_t by_ratio =
		    (uint64_t)st.comp_size * SHEET_RATIO_MAX + PIECE;
		if (by_ratio < cap)
			cap = by_ratio;
	}
	if ((st.valid & ZIP_STAT_SIZE) && st.size > cap) {
		x->why = WHY_BOMB;
		return NV_EINVAL;
	}
	if ((piece = arena_alloc(x->a, PIECE)) == NULL)
		return NV_ETOOBIG;
	if ((x->xp = XML_ParserCreateNS(NULL, NS_SEP)) == NULL) {
		log_warnx("XML_ParserCreateNS failed");
		return NV_EINTERNAL;
	}
	XML_SetUserData(x->xp, x);
	XML_SetStartDoctypeDeclHandler(x->xp, on_doctype);
	XML_SetEntityDeclHandler(x->xp, on_entity);
	XML_SetParamEntityParsing(x->xp, XML_PARAM_ENTITY_PARSING_NEVER);
	XML_SetElementHandler(x->xp, on_start, on_end);
	XML_SetCharacterDataHandler(x->xp, on_text);
	x->part = part;
	x->capture = false;
	x->in_rph = 0;
	if ((zf = zip_fopen_index(z, (zip_uint64_t)idx, 0)) == NULL) {
		x->why = WHY_ZIP;
		goto out;
	}
	for (;;) {
		n = zip_fread(zf, piece, PIECE);
		if (n < 0) {
			x->why = WHY_ZIP;
			goto out;
		}
		got += (uint64_t)n;
		x->total += (uint64_t)n;
		if (got > cap || x->total > SHEET_TOTAL_MAX) {
			x->why = WHY_BOMB;
			goto out;
		}
		if (XML_Parse(x->xp, piece, (int)n, n == 0) != XML_STATUS_OK) {
			if (x->err != NV_OK)
				rc = x->err;
			else
				x->why = WHY_XML;
			goto out;
		}
		if (n == 0)
			break;
	}
	rc = x->err != NV_OK ? x->err : NV_OK;
out:
	if (zf != NULL)
		zip_fclose(zf);
	XML_ParserFree(x->xp);
	x->xp = NULL;
	return rc;
}

enum nv_err
sheet_read_xlsx(struct arena *a, const char *p, size_t len, struct sheet *out,
    const char **why)
{
	struct xr *x;
	zip_error_t ze;
	zip_source_t *src;
	zip_t *z = NULL;
	char path[300];
	const char *t;
	enum nv_err rc;

	*why = NULL;
	memset(out, 0, sizeof(*out));
	if (len > SHEET_FILE_MAX) {
		*why = "Tệp quá lớn (tối đa 5 MiB).";
		return NV_EINVAL;
	}
	if (!sheet_is_zip(p, len)) {
		*why = WHY_ZIP;
		return NV_EINVAL;
	}
	if (!lazy_zip_open() || !lazy_expat_open())
		return NV_EINTERNAL;
	if ((x = arena_alloc(a, sizeof(*x))) == NULL ||
	    (x->text = arena_alloc(a, SHEET_CELL_MAX + 1)) == NULL)
		return NV_ETOOBIG;
	x->a = a;
	sheet_begin(&x->b, a, out);
	zip_error_init(&ze);
	if ((src = zip_source_buffer_create(p, len, 0, &ze)) == NULL) {
		zip_error_fini(&ze);
		log_warnx("zip_source_buffer_create failed");
		return NV_EINTERNAL;
	}
	if ((z = zip_open_from_source(src, ZIP_RDONLY, &ze)) == NULL) {
		zip_source_free(src);
		zip_error_fini(&ze);
		*why = WHY_ZIP;
		return NV_EINVAL;
	}
	zip_error_fini(&ze);
	rc = NV_EINVAL;
	if (zip_get_num_entries(z, 0) > SHEET_ENTRIES_MAX) {
		x->why = "Tệp .xlsx có quá nhiều thành phần; không nhận.";
		goto out;
	}
	/* The first sheet, as the workbook names it; else sheet1.xml. */
	snprintf(path, sizeof(path), "xl/worksheets/sheet1.xml");
	rc = read_part(x, z, "xl/workbook.xml", P_WORKBOOK);
	if (rc == NV_OK && x->rid[0] != '\0')
		rc = read_part(x, z, "xl/_rels/workbook.xml.rels", P_RELS);
	if (rc != NV_OK && rc != NV_ENOENT)
		goto out;
	if (x->target[0] != '\0') {
		t = x->target;
		if (t[0] == '/')
			snprintf(path, sizeof(path), "%s", t + 1);
		else
			snprintf(path, sizeof(path), "xl/%s", t);
	}
	rc = read_part(x, z, "xl/sharedStrings.xml", P_SST);
	if (rc != NV_OK && rc != NV_ENOENT)
		goto out;
	rc = read_part(x, z, path, P_SHEET);
	if (rc == NV_ENOENT) {
		x->why = "Tệp .xlsx không có trang tính nào.";
		rc = NV_EINVAL;
	}
out:
	zip_discard(z);
	if (rc != NV_OK) {
		memset(out, 0, sizeof(*out));
		*why = x->why;
		if (rc == NV_EINVAL && *why == NULL)
			*why = WHY_XML;
	}
	return rc;
}
