#define _GNU_SOURCE /* setresuid, setresgid */
/* SPDX-License-Identifier: ISC */
/*
 * The supervisor: reads the configuration, opens (or inherits) the FastCGI
 * socket, drops privileges, pre-forks the workers and keeps their number
 * up.  SIGTERM: workers finish their request in flight and exit, and any
 * still busy after shutdown_timeout are killed.  SIGHUP: the configuration
 * is read again and a new generation of workers replaces the old one, each
 * old worker leaving after its current request.
 *
 *	nhiemvu [-d] -f file	run
 *	nhiemvu -n -f file	check the configuration and print it
 *	nhiemvu -u -f file	list the directory's users, their roles and
 *				agency as nhiemvu derives them
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "auth/dir.h"
#include "auth/dir_broker.h"
#include "auth/login.h"
#include "auth/policy.h"
#include "fcgi/base/conf.h"
#include "fcgi/base/db.h"
#include "fcgi/base/footprint.h"
#include "fcgi/base/log.h"
#include "fcgi/http/worker.h"
#include "fcgi/api/remind.h"

#define SD_LISTEN_FDS_START 3
#define WORKERS_MAX         256
#define CRASH_WINDOW_S      10 /* this many deaths per window ... */
#define CRASH_MAX           20 /* ... and we slow down respawning */

enum kind { WORKER, DIRECTORY }; /* directory: dir_broker.h */
static const char *const kind_name[] = {"worker", "directory process"};
static const char *const kind_names[] = {"workers", "directory processes"};

struct child {
	pid_t pid;
	unsigned gen;
	enum kind kind;
};

static volatile sig_atomic_t got_chld, got_term, got_hup;
static struct child kids[(WORKERS_MAX + LDAP_PROCESSES_MAX) * 2];
static unsigned gen;
static const char *conf_path;
static char *sock_path; /* ours to unlink at exit */

static void
on_signal(int sig)
{
	switch (sig) {
	case SIGCHLD:
		got_chld = 1;
		break;
	case SIGHUP:
		got_hup = 1;
		break;
	default:
		got_term = 1;
		break;
	}
}

static enum log_level
level_of(const char *s)
{
	if (strcmp(s, "error") == 0)
		return LOG_LVL_ERR;
	if (strcmp(s, "warn") == 0)
		return LOG_LVL_WARN;
	if (strcmp(s, "debug") == 0)
		return LOG_LVL_DEBUG;
	return LOG_LVL_INFO;
}

static bool
is_listening_socket(int fd)
{
	int on = 0;
	socklen_t len = sizeof(on);

	return getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &on, &len) == 0 &&
	       on != 0;
}

/*
 * The socket: handed over by systemd (LISTEN_FDS), by spawn-fcgi (fd 0),
 * or opened here from `listen`.
 */
static int
open_listener(const struct conf *c)
{
	const char *pid = getenv("LISTEN_PID"), *fds = getenv("LISTEN_FDS");
	struct stat st;
	int fd;

	if (pid != NULL && fds != NULL && atol(pid) == (long)getpid() &&
	    atol(fds) >= 1 && is_listening_socket(SD_LISTEN_FDS_START)) {
		log_info("using the socket passed by systemd");
		return SD_LISTEN_FDS_START;
	}
	if (is_listening_socket(STDIN_FILENO)) {
		log_info("using the socket on standard input");
		return STDIN_FILENO;
	}
	if (c->listen[0] == '/') {
		/* A stale socket from a crash; never remove anything else. */
		if (lstat(c->listen, &st) == 0 && S_ISSOCK(st.st_mode))
			unlink(c->listen);
	}
	if ((fd = FCGX_OpenSocket(c->listen, c->backlog)) < 0)
		fatal("cannot listen on %s", c->listen);
	if (c->listen[0] == '/') {
		if (chmod(c->listen, (mode_t)c->socket_mode) == -1)
			fatal("chmod %s", c->listen);
		if ((sock_path = strdup(c->listen)) == NULL)
			fatal("strdup");
	}
	fcntl(fd, F_SETFD, 0);
	log_info("listening on %s", c->listen);
	return fd;
}

/*
 * Least privilege (ASVS 5.0 13.2.2): a worker that parses untrusted input
 * never runs as root.  Started as root, the supervisor opens the socket,
 * gives it to `user` and nginx's `socket_group` (so mode 0660 lets nginx in
 * and nobody else), then drops for good; with no `user` it refuses to run.
 * Started as another user, it runs as that user.
 */
static void
drop_privileges(const struct conf *c)
{
	struct passwd *pw;
	struct group *gr;
	gid_t sock_gid;

	if (geteuid() != 0)
		return;
	if (c->user[0] == '\0')
		fatalx("refusing to run as root: set `user` (e.g. nhiemvu)");
	if ((pw = getpwnam(c->user)) == NULL)
		fatalx("no such user: %s", c->user);
	if (pw->pw_uid == 0)
		fatalx("refusing to run as root: `user` %s has uid 0", c->user);
	sock_gid = pw->pw_gid;
	if (c->socket_group[0] != '\0') {
		if ((gr = getgrnam(c->socket_group)) == NULL)
			fatalx("no such group: %s", c->socket_group);
		sock_gid = gr->gr_gid;
	}
	if (sock_path != NULL && chown(sock_path, pw->pw_uid, sock_gid) == -1)
		fatal("chown %s", sock_path);
	if (setgroups(1, &pw->pw_gid) == -1 ||
	    setresgid(pw->pw_gid, pw->pw_gid, pw->pw_gid) == -1 ||
	    setresuid(pw->pw_uid, pw->pw_uid, pw->pw_uid) == -1)
		fatal("cannot drop privileges to %s", c->user);
	if (setuid(0) != -1 || setgid(0) != -1)
		fatalx("could regain root after dropping privileges");
	log_info("running as %s", c->user);
}

static void
write_pidfile(const char *path)
{
	char buf[32];
	int fd, n;

	if (path[0] == '\0')
		return;
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) ==
	    -1)
		fatal("%s", path);
	n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	if (write(fd, buf, (size_t)n) != n)
		fatal("%s", path);
	close(fd);
}

static size_t
count_gen(unsigned g, enum kind k)
{
	size_t i, n = 0;

	for (i = 0; i < NELEM(kids); i++)
		if (kids[i].pid > 0 && kids[i].gen == g && kids[i].kind == k)
			n++;
	return n;
}

static size_t
live_children(enum kind k)
{
	size_t i, n = 0;

	for (i = 0; i < NELEM(kids); i++)
		n += kids[i].pid > 0 && kids[i].kind == k;
	return n;
}

/*
 * Forks a worker on the FastCGI socket fd, or a directory process on
 * dir_fd (-1: none open); a worker asks the directory processes when
 * c->ldap_processes > 0.
 */
static void
spawn(struct conf *c, int fd, int dir_fd, enum kind k)
{
	size_t i;
	pid_t pid;

	for (i = 0; i < NELEM(kids); i++)
		if (kids[i].pid == 0)
			break;
	if (i == NELEM(kids)) {
		log_warnx("worker table full");
		return;
	}
	if ((pid = fork()) == -1) {
		log_warn("fork");
		return;
	}
	if (pid == 0) {
		/*
		 * Signals stay blocked as in the supervisor: worker_run()
		 * unblocks them once its own handlers are in place.  A
		 * SIGTERM that arrived in between ran the supervisor's
		 * handler, which a worker never reads, and that worker
		 * outlived every later reload.
		 */
		if (k == DIRECTORY) {
			close(fd);
			dir_broker_run(c, dir_fd);
		}
		if (dir_fd != -1 && c->ldap_processes > 0) {
			dir_broker_use(c, dir_fd);
			/* Only the directory processes need it (NULL:
			 * anonymous searches). */
			if (c->ldap_bind_password != NULL)
				explicit_bzero(c->ldap_bind_password,
				    strlen(c->ldap_bind_password));
		}
		if (dir_fd != -1)
			close(dir_fd);
		worker_run(c, fd);
	}
	kids[i].pid = pid;
	kids[i].gen = gen;
	kids[i].kind = k;
}

/* Signals every worker of a generation older than g. */
static void
signal_older(unsigned g, int sig)
{
	size_t i;

	for (i = 0; i < NELEM(kids); i++)
		if (kids[i].pid > 0 && kids[i].gen < g)
			kill(kids[i].pid, sig);
}

static void
signal_kind(enum kind k, int sig)
{
	size_t i;

	for (i = 0; i < NELEM(kids); i++)
		if (kids[i].pid > 0 && kids[i].kind == k)
			kill(kids[i].pid, sig);
}

/* Reaps dead children; returns how many of the current generation died. */
static size_t
reap(void)
{
	size_t i, died = 0;
	pid_t pid;
	int st;

	while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
		for (i = 0; i < NELEM(kids); i++)
			if (kids[i].pid == pid)
				break;
		if (i == NELEM(kids))
			continue;
		if (WIFSIGNALED(st))
			log_warnx("%s %ld killed by signal %d",
			    kind_name[kids[i].kind], (long)pid, WTERMSIG(st));
		else if (WEXITSTATUS(st) != 0)
			log_warnx("%s %ld exited with status %d",
			    kind_name[kids[i].kind], (long)pid,
			    WEXITSTATUS(st));
		if (kids[i].gen == gen)
			died++;
		kids[i].pid = 0;
	}
	return died;
}

/* SIGTERM to every child of kind k, SIGKILL to those left after wait_s. */
static void
stop_kind(enum kind k, int wait_s)
{
	time_t deadline = time(NULL) + wait_s;

	signal_kind(k, SIGTERM);
	for (;;) {
		struct timespec ts = {0, 50 * 1000 * 1000};

		reap();
		if (live_children(k) == 0)
			break;
		if (time(NULL) >= deadline) {
			log_warnx("killing %s still busy", kind_names[k]);
			signal_kind(k, SIGKILL);
			deadline = time(NULL) + 5;
		}
		nanosleep(&ts, NULL);
	}
}

static void
usage(void)
{
	fprintf(stderr, "usage: nhiemvu [-dnu] [-R [-t YYYY-MM-DD]] -f file\n");
	exit(2);
}

/* One line of `nhiemvu -u`: tab-separated, as login would see the user. */
static enum nv_err
print_user(void *ctx, const char *name, const struct dir_user *du)
{
	struct arena *a = ctx;
	struct user u = {0};
	enum nv_err rc;
	int r, n = 0;

	rc = login_user_of(a, name, du, &u);
	if (rc != NV_OK && rc != NV_ENOACCESS)
		return rc;
	printf("%s\t%s\t%s\t", name, u.display_name,
	    u.agency_code != NULL ? u.agency_code
	    : du->agency != NULL  ? "?"
	                          : "-");
	for (r = 0; r < ROLE__MAX; r++)
		if (u.roles & ROLE_BIT(r))
			printf("%s%s", n++ ? "," : "",
			    policy_role_name((enum role)r));
	printf("%s\t%s\n", n ? "" : "-", rc == NV_OK ? "ok" : "no_access");
	return NV_OK;
}

/*
 * `nhiemvu -u`: every user the directory has for ldap_user_filter, with
 * the roles and agency a login would derive now ("?": an agency attribute
 * that matches no agency; "-": none) and whether they may log in.
 */
static int
list_users(const struct conf *c)
{
	struct arena *a;
	enum nv_err rc;

	if ((a = arena_new((size_t)c->req_mem_max)) == NULL)
		fatal("arena_new");
	db_init(c);
	dir_init(c);
	printf("username\tdisplay_name\tagency\troles\taccess\n");
	rc = dir_list(a, print_user, a);
	dir_close();
	db_close();
	arena_free(a);
	if (rc != NV_OK) {
		fprintf(stderr, "nhiemvu: cannot list the directory's users "
		                "(see the log above)\n");
		return 1;
	}
	return fflush(stdout) == 0 ? 0 : 1;
}

int
main(int argc, char *argv[])
{
	struct sigaction sa;
	struct conf *conf, *next;
	sigset_t block, old;
	char err[512];
	time_t window = 0;
	size_t deaths = 0;
	bool check_only = false, users = false, remind = false;
	const char *remind_day = NULL;
	int ch, fd, dir_fd = -1;

	while ((ch = getopt(argc, argv, "dnuRt:f:")) != -1) {
		switch (ch) {
		case 'd':
			break; /* we never daemonize; kept for habit */
		case 'n':
			check_only = true;
			break;
		case 'u':
			users = true;
			break;
		case 'R':
			remind = true;
			break;
		case 't':
			remind_day = optarg;
			break;
		case 'f':
			conf_path = optarg;
			break;
		default:
			usage();
		}
	}
	if (conf_path == NULL || optind != argc)
		usage();
	log_init("nhiemvu", LOG_LVL_INFO);
	if (conf_load(conf_path, &conf, err, sizeof(err)) != NV_OK)
		fatalx("%s", err);
	if (check_only) {
		conf_dump(conf, STDOUT_FILENO);
		fprintf(stderr, "configuration OK\n");
		conf_free(conf);
		return 0;
	}
	log_set_level(level_of(conf->log_level));
	if (users) {
		ch = list_users(conf);
		conf_free(conf);
		return ch;
	}
	if (remind) {
		/* The reminder job (issue 12): one run, then exit. */
		ch = remind_run(conf, remind_day);
		conf_free(conf);
		return ch;
	}

	FCGX_Init();
	fd = open_listener(conf);
	write_pidfile(conf->pid_file);
	drop_privileges(conf);

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_signal;
	sigaction(SIGCHLD, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, &old);

	footprint_pool_init(); /* issue 8: once here, not in each worker */
	log_info("starting %d workers and %d directory processes",
	    conf->workers, conf->ldap_processes);
	while (!got_term) {
		if (got_hup) {
			got_hup = 0;
			if (conf_load(conf_path, &next, err, sizeof(err)) !=
			    NV_OK)
				log_warnx("reload refused, keeping the old "
				          "configuration: %s",
				    err);
			else {
				/* Old workers still read the old conf: each
				 * has its own copy from fork(). */
				conf_free(conf);
				conf = next;
				log_set_level(level_of(conf->log_level));
				gen++;
				log_info("reloaded; replacing workers");
				/* Older ones still busy are told again. */
				signal_older(gen, SIGTERM);
				/* Turned off: workers from now on bind
				 * themselves, and the old directory
				 * processes keep the socket until they go. */
				if (conf->ldap_processes == 0 && dir_fd != -1) {
					close(dir_fd);
					dir_fd = -1;
				}
			}
		}
		if (got_chld) {
			got_chld = 0;
			deaths += reap();
		}
		if (time(NULL) - window > CRASH_WINDOW_S) {
			window = time(NULL);
			deaths = 0;
		}
		if (deaths > CRASH_MAX) {
			log_warnx("workers keep dying; waiting before "
			          "starting more");
			sleep(1);
		}
		/* First opened here, so that a reload can turn it on. */
		if (conf->ldap_processes > 0 && dir_fd == -1 &&
		    (dir_fd = dir_broker_listen()) == -1)
			fatalx("cannot open the directory processes' socket");
		while (count_gen(gen, DIRECTORY) < (size_t)conf->ldap_processes)
			spawn(conf, fd, dir_fd, DIRECTORY);
		while (count_gen(gen, WORKER) < (size_t)conf->workers)
			spawn(conf, fd, dir_fd, WORKER);
		sigsuspend(&old);
	}

	log_info("stopping: waiting up to %d s for requests in flight",
	    conf->shutdown_timeout);
	/* The workers first: a request in flight may still ask the
	 * directory processes. */
	stop_kind(WORKER, conf->shutdown_timeout);
	stop_kind(DIRECTORY, conf->shutdown_timeout);
	if (sock_path != NULL)
		unlink(sock_path);
	if (conf->pid_file[0] != '\0')
		unlink(conf->pid_file);
	log_info("stopped");
	conf_free(conf);
	return 0;
}
