/* SPDX-License-Identifier: ISC */
/*
 * The directory (OpenLDAP libldap) adapter, the only code that includes
 * <ldap.h>.  Search-then-bind: a search handle (bound as the service
 * account, or anonymous when configured so) finds the one entry for a
 * username; a second handle binds as that entry's DN with the password.
 * Both handles live as long as the process that holds them and are
 * reopened once when the server dropped them.  In the pool that process is
 * a directory process (dir_broker.h): a worker's dir_authenticate(),
 * dir_lookup() and dir_ping() ask one; with ldap_processes = 0, and in the
 * commands (`nhiemvu -u`, `-R`), the calls below run in the caller.
 */
#ifndef DIR_H
#define DIR_H

#include "fcgi/base/arena.h"
#include "fcgi/base/conf.h"
#include "fcgi/base/nv.h"

struct dir_user {
	const char *display_name;
	const char *email;
	const char *title;
	const char *agency; /* the agency attribute, NULL if absent */
	unsigned roles;     /* ROLE_BIT()s from group membership */
};

void dir_init(const struct conf *);
void dir_close(void);

/*
 * Authenticates username (already canonical and checked against the
 * allow-list by the caller) with password, which must not be empty.
 * NV_EAUTH when no entry, several entries, or a wrong password;
 * NV_EDIRDOWN when the server is unreachable, times out or TLS fails;
 * NV_EINTERNAL otherwise (logged here).  Strings in *out live in a.
 */
enum nv_err dir_authenticate(struct arena *a, const char *username,
    const char *password, struct dir_user *out);

/*
 * Reads username's entry and roles now, without a password (the session
 * re-check).  NV_ENOENT when no entry or several match; NV_EDIRDOWN;
 * NV_EINTERNAL.  Strings in *out live in a.
 */
enum nv_err dir_lookup(
    struct arena *a, const char *username, struct dir_user *out);
/* Called by dir_list for each user; an error stops the list. */
typedef enum nv_err (*dir_list_fn)(
    void *ctx, const char *username, const struct dir_user *);
/*
 * Every entry that ldap_user_filter matches (its %s as a wildcard), with
 * its roles, for the `nhiemvu -u` listing.  Strings live in a.
 * NV_EDIRDOWN; NV_EINTERNAL (also when the filter does not show which
 * attribute holds the username, or over LIST_MAX entries).
 */
enum nv_err dir_list(struct arena *a, dir_list_fn fn, void *ctx);
/* A cheap round trip on the search handle: NV_OK or NV_EDIRDOWN. */
enum nv_err dir_ping(void);

/*
 * The result code of one simple bind from what libldap reported: got is
 * ldap_result()'s return (0: no answer in time, -1: failed, else the
 * message type), msgtype the answer's type, parse_rc ldap_parse_result()'s
 * return, code the server's resultCode, ld_err the handle's error number
 * (read only when got is -1).  LDAP_SUCCESS only for a BindResponse that
 * parsed and says success; never for a timeout or a failure that left the
 * handle's error number at LDAP_SUCCESS.  Exposed for the unit tests.
 */
int dir_bind_code(int got, int msgtype, int parse_rc, int code, int ld_err);

/*
 * Builds a filter from tmpl (one %s) and value escaped per RFC 4515.  On
 * NV_OK *out is in a.  Exposed for the unit tests.
 */
enum nv_err dir_filter(struct arena *a, const char *tmpl, const char *value,
    size_t len, char **out);

#endif
