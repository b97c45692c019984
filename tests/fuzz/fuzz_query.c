/* SPDX-License-Identifier: ISC */
/* libFuzzer harness: req_parse_query(), req_query(), req_query_unused(). */
#include <stdlib.h>
#include <string.h>

#include "fcgi/http/req.h"
#include "fcgi/base/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct arena *a;
	struct req rq;
	struct str v;
	size_t i, j;
	enum nv_err rc;

	if (a == NULL && (a = arena_new(1 << 20)) == NULL)
		abort();
	memset(&rq, 0, sizeof(rq));
	rq.arena = a;
	rq.query = (struct str){(const char *)data, size};
	rc = req_parse_query(&rq);
	if (rc != NV_OK) {
		if (rc != NV_EINVAL || rq.err_msg == NULL)
			abort();
		arena_reset(a);
		return 0;
	}
	if (size > QUERY_MAX || rq.nq > QUERY_PAIRS_MAX)
		abort();
	for (i = 0; i < rq.nq; i++) {
		const struct qpair *q = &rq.q[i];

		if (q->k.len == 0 || q->k.p[q->k.len] != '\0' ||
		    q->v.p == NULL || q->v.p[q->v.len] != '\0')
			abort();
		if (!utf8_valid(q->k.p, q->k.len, 0) ||
		    !utf8_valid(q->v.p, q->v.len, 0))
			abort();
		/* Decoding never grows a string. */
		if (q->k.len + q->v.len > size)
			abort();
		for (j = 0; j < i; j++)
			if (strcmp(rq.q[j].k.p, q->k.p) == 0)
				abort();
	}
	if (rq.nq > 0 && req_query_unused(&rq) != NV_EINVAL)
		abort();
	for (i = 0; i < rq.nq; i++) {
		v = req_query(&rq, rq.q[i].k.p);
		if (v.p != rq.q[i].v.p || v.len != rq.q[i].v.len)
			abort();
	}
	if (req_query_unused(&rq) != NV_OK)
		abort();
	arena_reset(a);
	return 0;
}
