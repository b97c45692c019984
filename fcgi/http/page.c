/* SPDX-License-Identifier: ISC */
/* Keyset pages: limit, cursor, next_cursor. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "fcgi/http/page.h"
#include "fcgi/base/str.h"

#define CURSOR_PREFIX "t1:"

void
page_cursor(int64_t id, char out[64])
{
	char raw[32];
	int n = snprintf(raw, sizeof(raw), CURSOR_PREFIX "%lld", (long long)id);

	sodium_bin2base64(out, 64, (unsigned char *)raw, (size_t)n,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/* NV_EINVAL for anything page_cursor() did not write. */
static enum nv_err
cursor_decode(struct str s, int64_t *id)
{
	unsigned char raw[32];
	size_t n;

	if (s.len == 0 || s.len > 40 ||
	    sodium_base642bin(raw, sizeof(raw) - 1, s.p, s.len, NULL, &n, NULL,
	        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    n <= strlen(CURSOR_PREFIX) ||
	    memcmp(raw, CURSOR_PREFIX, strlen(CURSOR_PREFIX)) != 0)
		return NV_EINVAL;
	return str_to_i64((struct str){(char *)raw + strlen(CURSOR_PREFIX),
	                      n - strlen(CURSOR_PREFIX)},
	    1, INT64_MAX, id);
}

enum nv_err
page_params(struct req *rq, struct page *pg)
{
	struct str s;

	memset(pg, 0, sizeof(*pg));
	pg->limit = PAGE_LIMIT_DEFAULT;
	pg->after = INT64_MAX;
	if ((s = req_query(rq, "limit")).p != NULL &&
	    str_to_i64(s, 1, PAGE_LIMIT_MAX, &pg->limit) != NV_OK)
		return req_fail(
		    rq, NV_EINVAL, "limit", "limit phải từ 1 đến 200.");
	if ((s = req_query(rq, "cursor")).p != NULL &&
	    cursor_decode(s, &pg->after) != NV_OK)
		return req_fail(rq, NV_EINVAL, "cursor",
		    "Vị trí trang (cursor) không hợp lệ: hãy tải lại danh sách "
		    "từ trang đầu.");
	return NV_OK;
}

bool
page_take(struct page *pg, int64_t id)
{
	if (pg->n == pg->limit) {
		pg->more = true;
		return false;
	}
	pg->n++;
	pg->last_id = id;
	return true;
}

void
page_end(struct jw *w, const struct page *pg)
{
	char cur[64];

	jw_arr_close(w);
	jw_key(w, "next_cursor");
	if (pg->more) {
		page_cursor(pg->last_id, cur);
		jw_strz(w, cur);
	} else
		jw_null(w);
	jw_obj_close(w);
}
