#define _GNU_SOURCE /* struct ucred, accept4 */
/* SPDX-License-Identifier: ISC */
/*
 * The directory's processes and how a worker asks them (dir_broker.h).
 *
 * A question: u8 question, u8 username length, u16 password length, i64
 * the asker's deadline (CLOCK_MONOTONIC ms, one clock for the whole host),
 * the username, the password.  An answer: u32 enum nv_err, u32 roles, then
 * display name, email, title and agency, each a u16 length (DIR_NONE for
 * NULL) and its bytes.  A list is answered by one packet per user first,
 * each LIST_ENTRY in place of the error, then the user as above, then the
 * username the same way.  Both ends are this binary on this host, so the
 * integers are in the host's order.  Each end checks the other's uid.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "auth/dir_broker.h"
#include "fcgi/base/bounds.h"
#include "fcgi/base/clock.h"
#include "fcgi/base/log.h"

#define HEAD 12
/* PASSWORD_MAX counts characters (api_session.c); UTF-8 takes up to 4. */
#define PASSWORD_BYTES_MAX (4 * PASSWORD_MAX)
#define QUESTION_MAX       (HEAD + USERNAME_MAX + PASSWORD_BYTES_MAX)
#define VALUE_MAX          300  /* dir.c's values are at most 256 bytes */
#define ANSWER_MAX         2048 /* 8 + 5 x (2 + VALUE_MAX) */
#define LIST_ENTRY         0xffffffffu
#define DIR_NONE           0xffff
#define READ_MS            1000 /* a worker's question once accepted */

static struct sockaddr_un addr; /* sun_path[0] == '\0': abstract */
static socklen_t addr_len;      /* 0: workers bind themselves */
static int wait_ms, list_ms;
static volatile sig_atomic_t stopping;

int
dir_broker_listen(void)
{
	sa_family_t family = AF_UNIX;
	int fd;

	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1) {
		log_warn("dir_broker: socket");
		return -1;
	}
	/* An address of the family alone: the kernel picks a free name. */
	if (bind(fd, (struct sockaddr *)&family, sizeof(family)) == -1 ||
	    listen(fd, SOMAXCONN) == -1) {
		log_warn("dir_broker: bind");
		close(fd);
		return -1;
	}
	return fd;
}

void
dir_broker_use(const struct conf *c, int listen_fd)
{
	addr_len = sizeof(addr);
	if (getsockname(listen_fd, (struct sockaddr *)&addr, &addr_len) == -1 ||
	    addr_len <= sizeof(sa_family_t))
		fatal("dir_broker: getsockname");
	/* Within request_timeout, whose alarm would end the worker. */
	wait_ms = 2000 * c->ldap_timeout + 1000;
	if (wait_ms > 1000 * c->request_timeout - 500)
		wait_ms = 1000 * c->request_timeout - 500;
	/* dir_list()'s own budget: 10 x ldap_timeout. */
	list_ms = 10000 * c->ldap_timeout + 1000;
	if (list_ms > 1000 * c->request_timeout - 500)
		list_ms = 1000 * c->request_timeout - 500;
}

/* Whether fd's peer runs as this process's user (SO_PEERCRED). */
static bool
same_user(int fd, const char *who)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == -1) {
		log_warn("dir_broker: SO_PEERCRED");
		return false;
	}
	if (cred.uid == geteuid())
		return true;
	log_warnx("dir_broker: %s runs as uid %ld (pid %ld), not ours: "
	          "refused",
	    who, (long)cred.uid, (long)cred.pid);
	return false;
}

bool
dir_broker_in_use(void)
{
	return addr_len != 0;
}

/* Waits (bounded by until, ms) for fd to be ready for events. */
static bool
ready(int fd, short events, int64_t until)
{
	struct pollfd p = {.fd = fd, .events = events};
	int64_t ms;
	int n;

	for (;;) {
		if ((ms = until - clock_mono_ms()) <= 0)
			return false;
		n = poll(&p, 1, (int)ms);
		if (n > 0)
			return true;
		if (n == 0 || errno != EINTR)
			return false;
	}
}

static const char *
take_str(struct arena *a, const unsigned char **p, const unsigned char *end,
    bool *bad)
{
	uint16_t len;
	const char *s;

	if (end - *p < 2) {
		*bad = true;
		return NULL;
	}
	memcpy(&len, *p, 2);
	*p += 2;
	if (len == DIR_NONE)
		return NULL;
	if (a == NULL || len > end - *p ||
	    (s = arena_strndup(a, (const char *)*p, len)) == NULL) {
		*bad = true;
		return NULL;
	}
	*p += len;
	return s;
}

static enum nv_err
known_err(uint32_t e)
{
	switch (e) {
	case NV_OK:
	case NV_EAUTH:
	case NV_ENOENT:
	case NV_EDIRDOWN:
	case NV_EINTERNAL:
		return (enum nv_err)e;
	default:
		return NV_EINTERNAL;
	}
}

/* The user's roles and four strings at *p; false when malformed. */
static bool
take_user(struct arena *a, const unsigned char **p, const unsigned char *end,
    struct dir_user *out)
{
	bool bad = false;

	if (end - *p < 4)
		return false;
	memcpy(&out->roles, *p, 4);
	*p += 4;
	out->display_name = take_str(a, p, end, &bad);
	out->email = take_str(a, p, end, &bad);
	out->title = take_str(a, p, end, &bad);
	out->agency = take_str(a, p, end, &bad);
	return !bad;
}

/*
 * Connects to a directory process of this pool and sends question q; the
 * socket, or -1 (logged).  The question's copy of the password is wiped.
 */
static int
ask_open(enum dir_question q, const char *username, const char *password,
    int64_t until)
{
	unsigned char buf[QUESTION_MAX];
	size_t ulen = username != NULL ? strlen(username) : 0;
	size_t plen = password != NULL ? strlen(password) : 0;
	uint16_t pl = (uint16_t)plen;
	ssize_t n;
	int fd;

	buf[0] = (unsigned char)q;
	buf[1] = (unsigned char)ulen;
	memcpy(buf + 2, &pl, 2);
	memcpy(buf + 4, &until, 8);
	memcpy(buf + HEAD, username != NULL ? username : "", ulen);
	memcpy(buf + HEAD + ulen, password != NULL ? password : "", plen);
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1) {
		log_warn("dir_broker: socket");
		goto fail;
	}
	/*
	 * A Unix socket connects at once, or queues: no wait here.  The
	 * name is the kernel's, not a file's: once the pool is gone another
	 * user could take it, so the listener's uid is checked before the
	 * password goes out.
	 */
	if (connect(fd, (struct sockaddr *)&addr, addr_len) == -1) {
		log_warn("dir_broker: connect");
		goto fail;
	}
	if (!same_user(fd, "the directory processes' socket"))
		goto fail;
	n = send(fd, buf, HEAD + ulen + plen, MSG_NOSIGNAL);
	if (n != (ssize_t)(HEAD + ulen + plen)) {
		log_warn("dir_broker: send");
		goto fail;
	}
	explicit_bzero(buf, sizeof(buf));
	return fd;
fail:
	explicit_bzero(buf, sizeof(buf));
	if (fd != -1)
		close(fd);
	return -1;
}

/* The next packet of an answer into buf: its length, or -1 (logged). */
static ssize_t
ask_read(int fd, int64_t until, unsigned char *buf, size_t cap)
{
	ssize_t n;

	if (!ready(fd, POLLIN, until)) {
		log_warnx("dir_broker: no answer in time");
		return -1;
	}
	if ((n = recv(fd, buf, cap, 0)) < 8) {
		log_warnx("dir_broker: a short answer (%zd)", n);
		return -1;
	}
	return n;
}

enum nv_err
dir_broker_ask(enum dir_question q, struct arena *a, const char *username,
    const char *password, struct dir_user *out)
{
	unsigned char buf[ANSWER_MAX];
	const unsigned char *p;
	struct dir_user du = {0};
	int64_t until = clock_mono_ms() + wait_ms;
	enum nv_err err = NV_EDIRDOWN;
	uint32_t e;
	ssize_t n;
	int fd;

	if ((username != NULL && strlen(username) > USERNAME_MAX) ||
	    (password != NULL && strlen(password) > PASSWORD_BYTES_MAX))
		return q == DIR_ASK_LOOKUP ? NV_ENOENT : NV_EAUTH;
	if ((fd = ask_open(q, username, password, until)) == -1)
		return NV_EDIRDOWN; /* no directory to be trusted */
	if ((n = ask_read(fd, until, buf, sizeof(buf))) != -1) {
		memcpy(&e, buf, 4);
		err = known_err(e);
		p = buf + 4;
		if (!take_user(a, &p, buf + n, &du)) {
			log_warnx("dir_broker: a malformed answer");
			memset(&du, 0, sizeof(du));
			err = NV_EINTERNAL;
		}
		if (out != NULL)
			*out = du;
	}
	close(fd);
	return err;
}

enum nv_err
dir_broker_list(struct arena *a, dir_list_fn fn, void *ctx)
{
	unsigned char buf[ANSWER_MAX];
	const unsigned char *p;
	struct entry {
		const char *name;
		struct dir_user du;
	} *v = NULL, *w;
	size_t n = 0, cap = 0, i;
	int64_t until = clock_mono_ms() + list_ms;
	enum nv_err err = NV_EDIRDOWN;
	uint32_t e;
	ssize_t len;
	bool bad = false;
	int fd;

	if ((fd = ask_open(DIR_ASK_LIST, NULL, NULL, until)) == -1)
		return NV_EDIRDOWN;
	/*
	 * Every user is read before fn() sees the first: fn may take long
	 * (a mail each), and the directory process is not kept waiting.
	 */
	while ((len = ask_read(fd, until, buf, sizeof(buf))) != -1) {
		memcpy(&e, buf, 4);
		if (e != LIST_ENTRY) {
			err = known_err(e);
			break;
		}
		if (n == cap) {
			cap = cap ? 2 * cap : 256;
			if ((w = arena_alloc(a, cap * sizeof(*w))) == NULL) {
				err = NV_ETOOBIG;
				break;
			}
			if (n > 0)
				memcpy(w, v, n * sizeof(*w));
			v = w;
		}
		p = buf + 4;
		if (!take_user(a, &p, buf + len, &v[n].du) ||
		    (v[n].name = take_str(a, &p, buf + len, &bad)) == NULL ||
		    bad) {
			log_warnx("dir_broker: a malformed list entry");
			err = NV_EINTERNAL;
			break;
		}
		n++;
	}
	close(fd);
	for (i = 0; err == NV_OK && i < n; i++)
		err = fn(ctx, v[i].name, &v[i].du);
	return err;
}

/* --- the directory process --- */

static void
on_term(int sig)
{
	(void)sig;
	stopping = 1;
}

static size_t
put_str(unsigned char *p, const char *s)
{
	uint16_t len = DIR_NONE;
	size_t n = s != NULL ? strlen(s) : 0;

	if (s != NULL && n <= VALUE_MAX) /* dir.c's values are shorter */
		len = (uint16_t)n;
	memcpy(p, &len, 2);
	if (len != DIR_NONE)
		memcpy(p + 2, s, len);
	return 2 + (len != DIR_NONE ? len : 0);
}

/* Writes head, then du as take_user() reads it, and name if not NULL. */
static size_t
put_answer(unsigned char *r, uint32_t head, const struct dir_user *du,
    const char *name)
{
	size_t at = 8;

	memcpy(r, &head, 4);
	memcpy(r + 4, &du->roles, 4);
	at += put_str(r + at, du->display_name);
	at += put_str(r + at, du->email);
	at += put_str(r + at, du->title);
	at += put_str(r + at, du->agency);
	if (name != NULL)
		at += put_str(r + at, name);
	return at;
}

/* dir_list()'s callback in a directory process: one packet a user. */
static enum nv_err
send_entry(void *ctx, const char *name, const struct dir_user *du)
{
	unsigned char r[ANSWER_MAX];
	size_t n = put_answer(r, LIST_ENTRY, du, name);

	/* The worker reads on (SO_SNDTIMEO bounds it); gone, EPIPE. */
	if (send(*(int *)ctx, r, n, MSG_NOSIGNAL) != (ssize_t)n) {
		log_warn("dir_broker: a list entry");
		return NV_EDIRDOWN;
	}
	return NV_OK;
}

/* Reads one question on fd, answers it. */
static void
answer(struct arena *a, int fd)
{
	unsigned char q[QUESTION_MAX + 1], r[ANSWER_MAX];
	char user[USERNAME_MAX + 1], pass[PASSWORD_BYTES_MAX + 1];
	struct pollfd hup = {.fd = fd, .events = POLLRDHUP};
	struct dir_user du = {0};
	enum dir_question what;
	enum nv_err err;
	int64_t until;
	uint16_t plen;
	size_t at;
	ssize_t n;

	if (!same_user(fd, "a process asking"))
		return;
	if (!ready(fd, POLLIN, clock_mono_ms() + READ_MS))
		return;
	if ((n = recv(fd, q, sizeof(q), 0)) < HEAD) {
		log_warnx("dir_broker: a question of %zd bytes dropped", n);
		return;
	}
	what = (enum dir_question)q[0];
	memcpy(&plen, q + 2, 2);
	memcpy(&until, q + 4, 8);
	if (q[1] > USERNAME_MAX || plen > PASSWORD_BYTES_MAX ||
	    (size_t)n != (size_t)HEAD + q[1] + plen ||
	    memchr(q + HEAD, '\0', (size_t)n - HEAD) != NULL) {
		log_warnx("dir_broker: a malformed question dropped");
		explicit_bzero(q, sizeof(q));
		return;
	}
	/*
	 * A worker that stopped waiting closed its end; a question queued
	 * behind a slow directory is worth nothing then, and doing it would
	 * make every later one late too.
	 */
	if (clock_mono_ms() >= until ||
	    (poll(&hup, 1, 0) == 1 && (hup.revents & (POLLRDHUP | POLLHUP)))) {
		log_warnx(
		    "dir_broker: a question its worker gave up on dropped");
		explicit_bzero(q, sizeof(q));
		return;
	}
	memcpy(user, q + HEAD, q[1]);
	user[q[1]] = '\0';
	memcpy(pass, q + HEAD + q[1], plen);
	pass[plen] = '\0';
	explicit_bzero(q, sizeof(q));
	switch (what) {
	case DIR_ASK_AUTHENTICATE:
		err = dir_authenticate(a, user, pass, &du);
		break;
	case DIR_ASK_LOOKUP:
		err = dir_lookup(a, user, &du);
		break;
	case DIR_ASK_PING:
		err = dir_ping();
		break;
	case DIR_ASK_LIST:
		err = dir_list(a, send_entry, &fd);
		break;
	default:
		log_warnx("dir_broker: an unknown question %d", (int)what);
		err = NV_EINTERNAL;
		break;
	}
	explicit_bzero(pass, sizeof(pass));
	at = put_answer(r, (uint32_t)err, &du, NULL);
	/* A worker that stopped waiting has closed: nothing to do then. */
	(void)send(fd, r, at, MSG_NOSIGNAL);
}

void
dir_broker_run(const struct conf *c, int listen_fd)
{
	struct sigaction sa;
	struct pollfd p = {.fd = listen_fd, .events = POLLIN};
	sigset_t none, pending;
	struct timeval send_tv = {c->request_timeout, 0};
	struct arena *a;
	int fd;

	/* `ps -o comm` tells them from the workers (tests/bench/bench.sh). */
	prctl(PR_SET_NAME, "nhiemvu-dir");
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_term; /* no SA_RESTART: ppoll() returns */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGPIPE, &sa, NULL);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGCHLD, &sa, NULL);
	sigemptyset(&none);
	dir_init(c);
	/* A list of the province's staff is read whole (dir_list). */
	if ((a = arena_new((size_t)c->req_mem_max)) == NULL)
		fatal("arena_new");
	/*
	 * Signals stay blocked as fork() left them, except inside ppoll():
	 * a SIGTERM ends the wait for a question, never a question begun.
	 */
	while (!stopping) {
		/* ppoll() that finds a question ready delivers no signal. */
		if (sigpending(&pending) == 0 &&
		    (sigismember(&pending, SIGTERM) ||
		        sigismember(&pending, SIGINT)))
			break;
		if (ppoll(&p, 1, NULL, &none) == -1) {
			if (errno != EINTR)
				fatal("dir_broker: ppoll");
			continue;
		}
		/* Another directory process may have taken it: EAGAIN. */
		if ((fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC)) == -1) {
			if (errno != EAGAIN && errno != EINTR &&
			    errno != ECONNABORTED) {
				struct timespec ts = {0, 100 * 1000 * 1000};

				log_warn("dir_broker: accept");
				nanosleep(&ts, NULL); /* EMFILE: not a spin */
			}
			continue;
		}
		setsockopt(
		    fd, SOL_SOCKET, SO_SNDTIMEO, &send_tv, sizeof(send_tv));
		answer(a, fd);
		close(fd);
		arena_reset(a);
	}
	dir_close();
	arena_free(a);
	exit(0);
}
