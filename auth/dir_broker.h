/* SPDX-License-Identifier: ISC */
/*
 * The directory's own processes (issue 8).  With ldap_processes > 0 the
 * supervisor forks that many, and only they hold LDAP handles, TLS
 * sessions and the service account's password; a FastCGI worker asks
 * one of them for dir_authenticate(), dir_lookup() and dir_ping() over a
 * Unix socket of the pool's own.  So the workers, which parse untrusted
 * input, never map the TLS stack's code nor hold a directory credential,
 * and the directory sees ldap_processes x 2 connections per host, not
 * workers x 2.
 *
 * The socket is SOCK_SEQPACKET in Linux's abstract namespace, named by the
 * kernel (autobind, unix(7)), so there is no path to clean up or to race
 * for; a process that connects must run as the pool's user (SO_PEERCRED).
 * One connection carries one question and one answer, each one packet; a
 * question carries its worker's deadline and is dropped once past it.
 */
#ifndef DIR_BROKER_H
#define DIR_BROKER_H

#include <stdbool.h>

#include "auth/dir.h"
#include "fcgi/base/conf.h"

/* The supervisor's listening socket, before the fork; -1 (logged) on error. */
int dir_broker_listen(void);

/*
 * A directory process's loop: answers questions on listen_fd until
 * SIGTERM (the question in hand is answered first); never returns.
 */
void dir_broker_run(const struct conf *, int listen_fd)
    __attribute__((noreturn));

/*
 * In a worker: from now on dir_authenticate(), dir_lookup() and
 * dir_ping() ask the process listening on listen_fd's address, once its
 * uid is the pool's, waiting at most 2 x ldap_timeout + 1 s for an answer,
 * and less than request_timeout.  The caller may close listen_fd
 * afterwards.
 */
void dir_broker_use(const struct conf *, int listen_fd);

/* Whether dir_broker_use() was called in this process. */
bool dir_broker_in_use(void);

/* The questions, as dir.h describes them. */
enum dir_question {
	DIR_ASK_AUTHENTICATE = 1,
	DIR_ASK_LOOKUP,
	DIR_ASK_PING,
	DIR_ASK_LIST
};

/*
 * Asks a directory process one question; username and password may be
 * NULL where the question has none.  Errors as dir.h's functions, and
 * NV_EDIRDOWN when no answer came in time.  Strings in *out live in a.
 */
enum nv_err dir_broker_ask(enum dir_question, struct arena *a,
    const char *username, const char *password, struct dir_user *out);

/*
 * dir_list() asked of a directory process: every user is read first, then
 * fn is called for each (it may take long: the process is not kept).  At
 * most 10 x ldap_timeout + 1 s, and less than request_timeout.
 */
enum nv_err dir_broker_list(struct arena *a, dir_list_fn fn, void *ctx);

#endif
