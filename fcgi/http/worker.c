/* SPDX-License-Identifier: ISC */
/*
 * A worker: one single-threaded process that accepts FastCGI requests and
 * runs each through the one request lifecycle: read the parameters and the
 * body within hard limits, dispatch, write one response, reset the arena.
 * Its MariaDB and LDAP connections live across requests.  A request that
 * overruns request_timeout kills the worker (the supervisor starts another),
 * so no request can hold a worker forever.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>
#include <sodium.h>

#include "auth/dir.h"
#include "auth/sess.h"
#include "fcgi/base/db.h"
#include "fcgi/base/footprint.h"
#include "fcgi/base/log.h"
#include "fcgi/http/req.h"
#include "fcgi/http/resp.h"
#include "fcgi/http/route.h"
#include "fcgi/base/str.h"
#include "fcgi/http/worker.h"

#define DRAIN_MAX (1024 * 1024) /* unread body we still swallow */

static volatile sig_atomic_t stopping;
static char alarm_msg[128];
static size_t alarm_len;

static void
on_term(int sig)
{
	(void)sig;
	stopping = 1;
	FCGX_ShutdownPending();
}

static void
on_alarm(int sig)
{
	(void)sig;
	(void)!write(STDERR_FILENO, alarm_msg, alarm_len);
	_exit(3);
}

static enum nv_err
sink(void *ctx, const char *p, size_t n)
{
	FCGX_Stream *out = ctx;
	size_t chunk;

	while (n > 0) {
		chunk = n > 65536 ? 65536 : n;
		if (FCGX_PutStr(p, (int)chunk, out) != (int)chunk)
			return NV_EINTERNAL;
		p += chunk;
		n -= chunk;
	}
	return NV_OK;
}

static struct str
param(FCGX_Request *fr, const char *name)
{
	return str_c(FCGX_GetParam(name, fr->envp));
}

/* nginx's $request_id, or our own when absent or odd. */
static void
set_reqid(struct req *rq, struct str id)
{
	unsigned char raw[8];
	size_t i;
	bool ok = id.p != NULL && id.len > 0 && id.len <= REQID_MAX;

	for (i = 0; ok && i < id.len; i++)
		ok = (id.p[i] >= '0' && id.p[i] <= '9') ||
		     (id.p[i] >= 'a' && id.p[i] <= 'f');
	if (ok) {
		memcpy(rq->id, id.p, id.len);
		rq->id[id.len] = '\0';
		return;
	}
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(rq->id, sizeof(rq->id), raw, sizeof(raw));
}

/*
 * Reads the body: NV_ETOOBIG over the limit (after swallowing a bounded
 * amount so nginx is not cut off mid-write), NV_EINVAL when it ends early.
 */
static enum nv_err
read_body(FCGX_Request *fr, struct req *rq, size_t limit)
{
	struct str cl = param(fr, "CONTENT_LENGTH");
	int64_t n = 0;
	char *b, junk[4096];
	size_t got = 0, left;
	int r;

	if (cl.p == NULL || cl.len == 0)
		return NV_OK;
	if (str_to_i64(cl, 0, INT64_MAX, &n) != NV_OK)
		return NV_EINVAL;
	if (n == 0)
		return NV_OK;
	if ((uint64_t)n > limit) {
		left = (uint64_t)n > DRAIN_MAX ? DRAIN_MAX : (size_t)n;
		while (left > 0 &&
		       (r = FCGX_GetStr(junk,
		            (int)(left < sizeof(junk) ? left : sizeof(junk)),
		            fr->in)) > 0)
			left -= (size_t)r;
		return NV_ETOOBIG;
	}
	if ((b = arena_alloc(rq->arena, (size_t)n + 1)) == NULL)
		return NV_ETOOBIG;
	while (got < (size_t)n) {
		r = FCGX_GetStr(b + got, (int)((size_t)n - got), fr->in);
		if (r <= 0)
			return NV_EINVAL;
		got += (size_t)r;
	}
	b[got] = '\0';
	rq->body = b;
	rq->body_len = got;
	return NV_OK;
}

/* A streamed body (RB_STREAM): what is left of CONTENT_LENGTH. */
struct stream_in {
	FCGX_Stream *in;
	int64_t left;
};

static enum nv_err
stream_read(void *ctx, char *buf, size_t cap, size_t *got)
{
	struct stream_in *si = ctx;
	int r;

	*got = 0;
	if (si->left <= 0)
		return NV_OK;
	if ((int64_t)cap > si->left)
		cap = (size_t)si->left;
	if (cap > INT32_MAX)
		cap = INT32_MAX;
	/* Short or 0 only at the end of the stream: the client went away
	 * (or nginx did), and the handler sees the body end early. */
	if ((r = FCGX_GetStr(buf, (int)cap, si->in)) <= 0) {
		si->left = 0;
		return NV_OK;
	}
	si->left -= r;
	*got = (size_t)r;
	return NV_OK;
}

/* Not inlined: make bench-callgrind counts from here (--toggle-collect). */
static __attribute__((noinline)) void
handle(FCGX_Request *fr, const struct conf *conf, struct arena *arena,
    struct resp *rs)
{
	struct req rq;
	struct stream_in sin;
	struct str uri;
	struct timespec t0, t1;
	enum nv_err rc;
	long ms;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	memset(&rq, 0, sizeof(rq));
	rq.arena = arena;
	rq.conf = conf;
	set_reqid(&rq, param(fr, "REQUEST_ID"));
	log_set_reqid(rq.id);
	alarm_len = (size_t)snprintf(alarm_msg, sizeof(alarm_msg),
	    "nhiemvu[%ld]: fatal req=%s request over %d s, worker exits\n",
	    (long)getpid(), rq.id, conf->request_timeout);
	if (alarm_len >= sizeof(alarm_msg))
		alarm_len = sizeof(alarm_msg) - 1;
	alarm((unsigned)conf->request_timeout);

	rq.method = param(fr, "REQUEST_METHOD");
	rq.query = param(fr, "QUERY_STRING");
	rq.content_type = param(fr, "CONTENT_TYPE");
	rq.cookie = param(fr, "HTTP_COOKIE");
	rq.csrf = param(fr, "HTTP_X_CSRF_TOKEN");
	rq.idem_key = param(fr, "HTTP_IDEMPOTENCY_KEY");
	rq.accept_encoding = param(fr, "HTTP_ACCEPT_ENCODING");
	rq.remote_addr = param(fr, "REMOTE_ADDR");
	rq.https = str_eq(param(fr, "HTTPS"), "on");
	if (rq.remote_addr.p == NULL)
		rq.remote_addr = STR("");
	resp_reset(rs, sink, fr->out, rq.id);

	/* nginx has decoded and normalized $document_uri for us. */
	uri = param(fr, "DOCUMENT_URI");
	if (!str_has_prefix(uri, "/api/v1/"))
		rc = NV_ENOENT;
	else {
		rq.path = (struct str){uri.p + 7, uri.len - 7};
		/* An upload route reads more; every other stops at body_max;
		 * a streamed one reads its own, in pieces. */
		if (route_streams(&rq)) {
			struct str cl = param(fr, "CONTENT_LENGTH");

			if (str_to_i64(cl, 0, INT64_MAX, &rq.in_length) !=
			    NV_OK)
				rq.in_length = -1;
			sin.in = fr->in;
			sin.left = rq.in_length < 0 ? 0 : rq.in_length;
			rq.in_read = stream_read;
			rq.in_ctx = &sin;
			rc = route_dispatch(&rq, rs);
		} else if ((rc = read_body(fr, &rq, route_body_max(&rq))) ==
		           NV_OK)
			rc = route_dispatch(&rq, rs);
	}
	if (db_in_tx())
		db_rollback(); /* a handler's error path left it open */
	if (rc != NV_OK) {
		if (rs->streaming)
			log_warnx("error after streaming began: %s",
			    errmap[rc < NV_ERR__MAX ? rc : NV_EINTERNAL].code);
		else
			resp_error_fields(
			    rs, rc, rq.err_msg, rq.err_field, rq.err_fields);
	}
	if (resp_finish(rs) != NV_OK)
		log_info("client went away before the response was sent");
	/* Where the lifecycle ends, so that no handler can forget it. */
	worker_refused(&rq, rc);

	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 +
	     (t1.tv_nsec - t0.tv_nsec) / 1000000;
	log_info("%.*s %.*s%s%.*s %d %ldms user=%s", (int)rq.method.len,
	    rq.method.p ? rq.method.p : "",
	    (int)(uri.len > 200 ? 200 : uri.len), uri.p ? uri.p : "",
	    rq.query.len ? "?" : "",
	    (int)(rq.query.len > 200 ? 200 : rq.query.len),
	    rq.query.p ? rq.query.p : "", rs->status, ms,
	    rq.sess ? rq.sess->user.username : "-");
}

void
worker_run(const struct conf *conf, int listen_fd)
{
	struct sigaction sa;
	sigset_t term, none;
	FCGX_Request fr;
	struct arena *arena;
	struct resp rs;
	long served = 0, limit;
	bool big;
	int rc;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_term; /* no SA_RESTART: accept() returns */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGPIPE, &sa, NULL);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGCHLD, &sa, NULL);
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	sigaddset(&term, SIGINT);
	/* Blocked since fork(): a SIGTERM sent meanwhile reaches on_term now.
	 */
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);

	setenv("TZ", conf->timezone, 1);
	tzset();
	if (sess_init() != NV_OK)
		fatalx("no source of randomness");
	footprint_worker_init(); /* issue 8: before the first handle */
	db_init(conf);
	dir_init(conf);
	if ((arena = arena_new((size_t)conf->req_mem_max)) == NULL)
		fatal("arena_new");
	resp_init(&rs, RESP_MAX);
	if (FCGX_InitRequest(&fr, listen_fd, FCGI_FAIL_ACCEPT_ON_INTR) != 0)
		fatalx("FCGX_InitRequest failed");
	/* Spread recycling so that workers do not all restart at once. */
	limit =
	    conf->max_requests +
	    (long)randombytes_uniform((uint32_t)(conf->max_requests / 10 + 1));

	while (!stopping && served < limit) {
		/*
		 * SIGTERM may interrupt only the wait for a connection; while a
		 * request runs it stays pending, so the request finishes.
		 */
		sigprocmask(SIG_UNBLOCK, &term, NULL);
		rc = FCGX_Accept_r(&fr);
		sigprocmask(SIG_BLOCK, &term, NULL);
		if (rc < 0) {
			if (stopping)
				break;
			if (rc == -EINTR)
				continue;
			log_warnx("FCGX_Accept_r: %d", rc);
			break;
		}
		served++;
		handle(&fr, conf, arena, &rs);
		FCGX_Finish_r(&fr);
		alarm(0);
		big = arena_used(arena) > RESP_KEEP;
		arena_reset(arena);
		/* issue 8: a large request's memory goes back */
		footprint_between_requests(resp_trim(&rs, RESP_KEEP) || big);
		log_set_reqid(NULL);
	}
	FCGX_Free(&fr, 1);
	db_close();
	dir_close();
	resp_free(&rs);
	arena_free(arena);
	log_debug("worker exits after %ld requests", served);
	exit(0);
}
