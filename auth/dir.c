/* SPDX-License-Identifier: ISC */
/* LDAP search-then-bind and group-to-role mapping. */
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>

#include <ldap.h>

#include "fcgi/base/clock.h"
#include "fcgi/base/log.h"
#include "fcgi/base/str.h"
#include "fcgi/base/utf8.h"
#include "auth/dir.h"
#include "auth/dir_broker.h"
#include "auth/policy.h"

#define ATTR_VALUE_MAX 256 /* bytes of a display name, title, ... */
#define GROUPS_MAX     100
#define LIST_MAX       50000 /* entries dir_list reads: a province's staff */
#define NAME_ATTR_MAX  64
/*
 * A directory that accepts connections but does not answer (paused,
 * overloaded) would hold every login for the whole timeout, in every
 * worker (issue 9: 10 s each).  Once a call has failed slowly, calls fail
 * fast for RETRY_AFTER_S; then one call probes it with a budget of PROBE_S.
 * A failure that comes at once (refused) is not remembered.
 */
#define RETRY_AFTER_S 2
#define PROBE_S       1
#define SLOW_MS       1000

static const struct conf *conf;
static LDAP *search_ld;  /* service account */
static LDAP *bind_ld;    /* rebound per login */
static int64_t deadline; /* ms, monotonic: the current call's budget */
static time_t down_at;   /* when a call last failed slowly, or 0 */

/*
 * What is left of the current call's budget, for the next operation: every
 * step of one login (connect, StartTLS, binds, searches) shares
 * ldap_timeout, so a directory that stops answering half-way still gives
 * an answer within it.  Sets the handle's timeouts when ld is not NULL.
 */
static struct timeval
left(LDAP *ld)
{
	int64_t ms = deadline - clock_mono_ms();
	struct timeval tv;

	if (ms < 10)
		ms = 10; /* 0 would mean "no limit" to some calls */
	tv.tv_sec = (time_t)(ms / 1000);
	tv.tv_usec = (suseconds_t)(ms % 1000) * 1000;
	if (ld != NULL) {
		ldap_set_option(ld, LDAP_OPT_NETWORK_TIMEOUT, &tv);
		ldap_set_option(ld, LDAP_OPT_TIMEOUT, &tv);
	}
	return tv;
}

/*
 * Starts a call: NV_EDIRDOWN at once while the directory is known not to
 * answer, else sets the budget (shorter when probing).
 */
static enum nv_err
call_begin(void)
{
	time_t now = time(NULL);

	if (down_at != 0 && now - down_at < RETRY_AFTER_S)
		return NV_EDIRDOWN;
	deadline = clock_mono_ms() +
	           1000 * (down_at != 0 ? PROBE_S : conf->ldap_timeout);
	return NV_OK;
}

/* Ends a call begun at t0 (ms) with err: remembers a slow failure. */
static void
call_end(int64_t t0, enum nv_err err)
{
	if (err != NV_EDIRDOWN)
		down_at = 0;
	else if (clock_mono_ms() - t0 >= SLOW_MS)
		down_at = time(NULL);
}

void
dir_init(const struct conf *c)
{
	conf = c;
	down_at = 0; /* a new configuration: nothing known of its server */
}

static void
drop(LDAP **ld)
{
	if (*ld != NULL)
		ldap_unbind_ext_s(*ld, NULL, NULL);
	*ld = NULL;
}

void
dir_close(void)
{
	drop(&search_ld);
	drop(&bind_ld);
}

static bool
is_down(int rc)
{
	return rc == LDAP_SERVER_DOWN || rc == LDAP_CONNECT_ERROR ||
	       rc == LDAP_TIMEOUT || rc == LDAP_UNAVAILABLE ||
	       rc == LDAP_BUSY || rc == LDAP_TIMELIMIT_EXCEEDED ||
	       rc == LDAP_ADMINLIMIT_EXCEEDED;
}

/* Logs and maps a libldap result code; the handle is dropped when down. */
static enum nv_err
map_rc(LDAP **ld, const char *what, int rc)
{
	if (rc == LDAP_INVALID_CREDENTIALS)
		return NV_EAUTH;
	if (is_down(rc)) {
		log_warnx("dir: %s: %s", what, ldap_err2string(rc));
		drop(ld);
		return NV_EDIRDOWN;
	}
	log_warnx("dir: %s: %s", what, ldap_err2string(rc));
	drop(ld);
	return NV_EINTERNAL;
}

static int
tls_level(const char *s)
{
	if (strcmp(s, "never") == 0)
		return LDAP_OPT_X_TLS_NEVER;
	if (strcmp(s, "allow") == 0)
		return LDAP_OPT_X_TLS_ALLOW;
	if (strcmp(s, "try") == 0)
		return LDAP_OPT_X_TLS_TRY;
	if (strcmp(s, "hard") == 0)
		return LDAP_OPT_X_TLS_HARD;
	return LDAP_OPT_X_TLS_DEMAND;
}

/*
 * Opens a handle with every option set, and StartTLS when configured on an
 * ldap:// URI (ldaps:// is TLS already; ldapi:// never leaves the host).  A
 * StartTLS failure is a failure: we never fall back to plaintext.
 */
static enum nv_err
open_handle(LDAP **out)
{
	struct timeval tv = left(NULL);
	LDAP *ld;
	int rc, v3 = LDAP_VERSION3, req, zero = 0;
	bool starttls = conf->ldap_starttls &&
	                strncasecmp(conf->ldap_uri, "ldap://", 7) == 0;
	bool tls = starttls || strncasecmp(conf->ldap_uri, "ldaps://", 8) == 0;

	if ((rc = ldap_initialize(&ld, conf->ldap_uri)) != LDAP_SUCCESS) {
		log_warnx("dir: ldap_initialize %s: %s", conf->ldap_uri,
		    ldap_err2string(rc));
		return NV_EDIRDOWN;
	}
	req = tls_level(conf->ldap_tls_require_cert);
	if (ldap_set_option(ld, LDAP_OPT_PROTOCOL_VERSION, &v3) != 0 ||
	    ldap_set_option(ld, LDAP_OPT_REFERRALS, LDAP_OPT_OFF) != 0 ||
	    ldap_set_option(ld, LDAP_OPT_NETWORK_TIMEOUT, &tv) != 0 ||
	    ldap_set_option(ld, LDAP_OPT_TIMEOUT, &tv) != 0 ||
	    ldap_set_option(ld, LDAP_OPT_TIMELIMIT, &conf->ldap_timeout) != 0 ||
	    (tls &&
	        ldap_set_option(ld, LDAP_OPT_X_TLS_REQUIRE_CERT, &req) != 0) ||
	    (tls && conf->ldap_tls_cacert[0] != '\0' &&
	        ldap_set_option(ld, LDAP_OPT_X_TLS_CACERTFILE,
	            conf->ldap_tls_cacert) != 0) ||
	    (tls && ldap_set_option(ld, LDAP_OPT_X_TLS_NEWCTX, &zero) != 0)) {
		log_warnx("dir: cannot set LDAP options");
		ldap_unbind_ext_s(ld, NULL, NULL);
		return NV_EINTERNAL;
	}
	if (starttls) {
		rc = ldap_start_tls_s(ld, NULL, NULL);
		if (rc != LDAP_SUCCESS) {
			log_warnx("dir: StartTLS with %s failed: %s",
			    conf->ldap_uri, ldap_err2string(rc));
			ldap_unbind_ext_s(ld, NULL, NULL);
			return NV_EDIRDOWN;
		}
	}
	*out = ld;
	return NV_OK;
}

int
dir_bind_code(int got, int msgtype, int parse_rc, int code, int ld_err)
{
	if (got == 0)
		return LDAP_TIMEOUT; /* no answer within the budget */
	if (got < 0)
		return ld_err != LDAP_SUCCESS ? ld_err : LDAP_SERVER_DOWN;
	if (msgtype != LDAP_RES_BIND)
		return LDAP_PROTOCOL_ERROR; /* not an answer to a bind */
	if (parse_rc != LDAP_SUCCESS)
		return parse_rc;
	return code;
}

/*
 * One simple bind as dn, that succeeds only on the server's own
 * BindResponse saying so.  Not ldap_sasl_bind_s(): every value that decides
 * the outcome is initialised and checked here, the wait is the call's
 * budget, and "no answer" is never read as an answer (see dir.h).
 */
static int
simple_bind(LDAP *ld, const char *dn, struct berval *cred)
{
	LDAPMessage *res = NULL;
	struct timeval tv;
	int msgid = -1, rc, got, msgtype = -1, parse_rc = LDAP_OTHER;
	int code = LDAP_OTHER, ld_err = LDAP_OTHER;

	left(ld); /* the connect, if the handle has none yet, is in it */
	rc = ldap_sasl_bind(ld, dn, LDAP_SASL_SIMPLE, cred, NULL, NULL, &msgid);
	if (rc != LDAP_SUCCESS)
		return rc;
	if (msgid < 0)
		return LDAP_OTHER;
	tv = left(ld);
	got = ldap_result(ld, msgid, LDAP_MSG_ALL, &tv, &res);
	if (got > 0 && res == NULL)
		got = -1; /* a type without a message: not an answer */
	if (got > 0) {
		msgtype = ldap_msgtype(res);
		if (msgtype == LDAP_RES_BIND)
			parse_rc = ldap_parse_result(
			    ld, res, &code, NULL, NULL, NULL, NULL, 0);
	} else if (ldap_get_option(ld, LDAP_OPT_RESULT_CODE, &ld_err) !=
	           LDAP_OPT_SUCCESS)
		ld_err = LDAP_OTHER;
	if (res != NULL)
		ldap_msgfree(res);
	/* A timeout drops the handle (map_rc): no abandon to send. */
	return dir_bind_code(got, msgtype, parse_rc, code, ld_err);
}

/* The search handle, opened and bound as the service account on demand. */
static enum nv_err
search_handle(void)
{
	struct berval cred;
	enum nv_err err;
	int rc;

	if (search_ld != NULL)
		return NV_OK;
	if ((err = open_handle(&search_ld)) != NV_OK)
		return err;
	if (conf->ldap_bind_dn[0] == '\0')
		return NV_OK; /* anonymous search, as configured */
	cred.bv_val = conf->ldap_bind_password;
	cred.bv_len = strlen(conf->ldap_bind_password);
	rc = simple_bind(search_ld, conf->ldap_bind_dn, &cred);
	if (rc == LDAP_SUCCESS)
		return NV_OK;
	if (rc == LDAP_INVALID_CREDENTIALS) {
		/* Our configuration is wrong, not the user's password. */
		log_warnx("dir: service account bind refused: check "
		          "ldap_bind_dn and ldap_bind_password_file");
		drop(&search_ld);
		return NV_EDIRDOWN;
	}
	if (rc == LDAP_CONFIDENTIALITY_REQUIRED) {
		/* A directory that refuses passwords in clear: so do we. */
		log_warnx("dir: the directory requires TLS for binds: set "
		          "ldap_starttls = yes or an ldaps:// URI");
		drop(&search_ld);
		return NV_EDIRDOWN;
	}
	return map_rc(&search_ld, "service bind", rc);
}

enum nv_err
dir_filter(struct arena *a, const char *tmpl, const char *value, size_t len,
    char **out)
{
	struct berval in, esc = {0, NULL};
	const char *pct;
	char *f;

	in.bv_val = (char *)(uintptr_t)value;
	in.bv_len = len;
	if ((pct = strstr(tmpl, "%s")) == NULL)
		return NV_EINTERNAL;
	if (ldap_bv2escaped_filter_value(&in, &esc) != 0)
		return NV_EINTERNAL;
	f = arena_printf(a, "%.*s%s%s", (int)(pct - tmpl), tmpl,
	    esc.bv_val != NULL ? esc.bv_val : "", pct + 2);
	ber_memfree(esc.bv_val);
	if (f == NULL)
		return NV_ETOOBIG;
	*out = f;
	return NV_OK;
}

/* The first value of attr, if it is valid UTF-8 of sane length. */
static const char *
first_value(struct arena *a, LDAP *ld, LDAPMessage *e, const char *attr)
{
	struct berval **vals;
	const char *v = NULL;

	if (attr == NULL || attr[0] == '\0')
		return NULL;
	if ((vals = ldap_get_values_len(ld, e, attr)) == NULL)
		return NULL;
	if (vals[0] != NULL && vals[0]->bv_len <= ATTR_VALUE_MAX &&
	    utf8_valid(vals[0]->bv_val, vals[0]->bv_len, 0))
		v = arena_strndup(a, vals[0]->bv_val, vals[0]->bv_len);
	ldap_value_free_len(vals);
	return v;
}

static void
msg_free(void *m)
{
	ldap_msgfree(m);
}

static void
mem_free(void *p)
{
	ldap_memfree(p);
}

/* Compares two DNs after libldap's normalization. */
static bool
dn_equal(const char *a, const char *b)
{
	char *na = NULL, *nb = NULL;
	bool eq = false;

	if (ldap_dn_normalize(a, LDAP_DN_FORMAT_LDAP, &na,
	        LDAP_DN_FORMAT_LDAPV3) == LDAP_SUCCESS &&
	    ldap_dn_normalize(b, LDAP_DN_FORMAT_LDAP, &nb,
	        LDAP_DN_FORMAT_LDAPV3) == LDAP_SUCCESS)
		eq = strcasecmp(na, nb) == 0;
	ldap_memfree(na);
	ldap_memfree(nb);
	return eq;
}

/*
 * Does the group (dn, cn) stand for one of the ';'-separated entries of
 * list?  An entry with '=' is a DN, otherwise a cn.
 */
static bool
group_matches(const char *list, const char *dn, const char *cn)
{
	char item[512];
	const char *p = list, *semi;
	struct str s;

	while (p != NULL && *p != '\0') {
		semi = strchr(p, ';');
		s = str_trim(
		    (struct str){p, semi ? (size_t)(semi - p) : strlen(p)});
		p = semi ? semi + 1 : NULL;
		if (s.len == 0 || s.len >= sizeof(item))
			continue;
		memcpy(item, s.p, s.len);
		item[s.len] = '\0';
		if (memchr(item, '=', s.len) != NULL) {
			if (dn_equal(item, dn))
				return true;
		} else if (cn != NULL && strcasecmp(item, cn) == 0)
			return true;
	}
	return false;
}

/*
 * Sends the search for the groups whose member attribute names dn, on
 * search_ld, without waiting for it: roles_read reads its answer.
 */
static enum nv_err
roles_send(struct arena *a, const char *dn, int *msgid)
{
	char *attrs[] = {"cn", NULL};
	struct timeval tv = left(search_ld);
	char *filter;
	enum nv_err err;
	int rc;

	*msgid = -1;
	if ((err = dir_filter(
	         a, conf->ldap_group_filter, dn, strlen(dn), &filter)) != NV_OK)
		return err;
	rc = ldap_search_ext(search_ld, conf->ldap_group_base,
	    LDAP_SCOPE_SUBTREE, filter, attrs, 0, NULL, NULL, &tv, GROUPS_MAX,
	    msgid);
	if (rc == LDAP_SUCCESS && *msgid < 0)
		rc = LDAP_OTHER;
	if (rc != LDAP_SUCCESS)
		return map_rc(&search_ld, "group search", rc);
	return NV_OK;
}

/* Roles from the answer to roles_send's search msgid. */
static enum nv_err
roles_read(struct arena *a, int msgid, unsigned *roles)
{
	struct timeval tv = left(search_ld);
	LDAPMessage *res = NULL, *e;
	char *gdn;
	const char *cn;
	int rc, r, got, code = LDAP_OTHER;

	*roles = 0;
	got = ldap_result(search_ld, msgid, LDAP_MSG_ALL, &tv, &res);
	if (got > 0 && res != NULL)
		rc = ldap_parse_result(search_ld, res, &code, NULL, NULL, NULL,
		         NULL, 0) == LDAP_SUCCESS
		         ? code
		         : LDAP_OTHER;
	else if (got == 0)
		rc = LDAP_TIMEOUT;
	else if (ldap_get_option(search_ld, LDAP_OPT_RESULT_CODE, &rc) !=
	             LDAP_OPT_SUCCESS ||
	         rc == LDAP_SUCCESS)
		rc = LDAP_OTHER; /* success without the answer: not one */
	/*
	 * Freed here, not deferred to the arena: `nhiemvu -u` calls this once
	 * per user, and the arena's defer slots (DEFER_MAX) would run out and
	 * free res while it was still read.
	 */
	if (rc == LDAP_NO_SUCH_OBJECT ||
	    (rc != LDAP_SUCCESS && rc != LDAP_SIZELIMIT_EXCEEDED)) {
		if (res != NULL)
			ldap_msgfree(res);
		if (rc == LDAP_NO_SUCH_OBJECT)
			return NV_OK; /* no group base: no roles */
		return map_rc(&search_ld, "group search", rc);
	}
	for (e = ldap_first_entry(search_ld, res); e != NULL;
	     e = ldap_next_entry(search_ld, e)) {
		if ((gdn = ldap_get_dn(search_ld, e)) == NULL)
			continue;
		cn = first_value(a, search_ld, e, "cn");
		for (r = 0; r < ROLE__MAX; r++)
			if (group_matches(conf->role_groups[r], gdn, cn))
				*roles |= ROLE_BIT(r);
		ldap_memfree(gdn);
	}
	ldap_msgfree(res);
	return NV_OK;
}

/* Roles from the groups whose member attribute names dn. */
static enum nv_err
roles_of(struct arena *a, const char *dn, unsigned *roles)
{
	enum nv_err err;
	int msgid;

	*roles = 0;
	if ((err = roles_send(a, dn, &msgid)) != NV_OK)
		return err;
	return roles_read(a, msgid, roles);
}

/*
 * One attempt of the whole search-then-bind; the caller retries once.
 * password NULL: the search alone (dir_lookup), no bind.
 */
static enum nv_err
attempt(struct arena *a, const char *username, const char *password,
    struct dir_user *out)
{
	char *attrs[5];
	struct timeval tv;
	struct berval cred;
	LDAPMessage *res = NULL, *e;
	char *filter, *dn;
	enum nv_err err;
	int rc, groups = -1;

	if ((err = search_handle()) != NV_OK)
		return err;
	if ((err = dir_filter(a, conf->ldap_user_filter, username,
	         strlen(username), &filter)) != NV_OK)
		return err;
	attrs[0] = conf->ldap_attr_display_name;
	attrs[1] = conf->ldap_attr_email;
	attrs[2] = conf->ldap_attr_title;
	attrs[3] = conf->ldap_attr_agency;
	attrs[4] = NULL;
	/* A size limit of 2 is enough to tell "one" from "several". */
	tv = left(search_ld);
	rc = ldap_search_ext_s(search_ld, conf->ldap_user_base,
	    LDAP_SCOPE_SUBTREE, filter, attrs, 0, NULL, NULL, &tv, 2, &res);
	if (res != NULL)
		arena_defer(a, msg_free, res);
	if (rc == LDAP_SUCCESS && res == NULL)
		rc = LDAP_OTHER; /* success without the answer: not one */
	if (rc == LDAP_SIZELIMIT_EXCEEDED || rc == LDAP_NO_SUCH_OBJECT)
		return NV_EAUTH;
	if (rc != LDAP_SUCCESS)
		return map_rc(&search_ld, "user search", rc);
	if (ldap_count_entries(search_ld, res) != 1)
		return NV_EAUTH;
	e = ldap_first_entry(search_ld, res);
	if ((dn = ldap_get_dn(search_ld, e)) == NULL)
		return NV_EINTERNAL;
	arena_defer(a, mem_free, dn);

	if (password != NULL) {
		if (bind_ld == NULL && (err = open_handle(&bind_ld)) != NV_OK)
			return err;
		/*
		 * Issue 8: the group search goes out on the service
		 * connection before the bind, so that slapd answers both in
		 * the time of one; its answer is read only once the bind has
		 * succeeded, and abandoned otherwise.
		 */
		if ((err = roles_send(a, dn, &groups)) != NV_OK)
			return err;
		cred.bv_val = (char *)(uintptr_t)password;
		cred.bv_len = strlen(password);
		rc = simple_bind(bind_ld, dn, &cred);
		if (rc != LDAP_SUCCESS) {
			ldap_abandon_ext(search_ld, groups, NULL, NULL);
			if (rc == LDAP_INVALID_CREDENTIALS)
				return NV_EAUTH;
			return map_rc(&bind_ld, "user bind", rc);
		}
	}

	out->display_name =
	    first_value(a, search_ld, e, conf->ldap_attr_display_name);
	out->email = first_value(a, search_ld, e, conf->ldap_attr_email);
	out->title = first_value(a, search_ld, e, conf->ldap_attr_title);
	out->agency = first_value(a, search_ld, e, conf->ldap_attr_agency);
	if (password != NULL)
		return roles_read(a, groups, &out->roles);
	return roles_of(a, dn, &out->roles);
}

enum nv_err
dir_authenticate(struct arena *a, const char *username, const char *password,
    struct dir_user *out)
{
	enum nv_err err;
	bool had_handles = search_ld != NULL || bind_ld != NULL;
	int64_t t0 = clock_mono_ms();

	memset(out, 0, sizeof(*out));
	/*
	 * RFC 4513 5.1.2: a simple bind with an empty password is an
	 * unauthenticated bind that many servers report as a success.
	 */
	if (password == NULL || password[0] == '\0')
		return NV_EAUTH;
	if (dir_broker_in_use())
		return dir_broker_ask(
		    DIR_ASK_AUTHENTICATE, a, username, password, out);
	if ((err = call_begin()) != NV_OK)
		return err;
	err = attempt(a, username, password, out);
	if (err == NV_EDIRDOWN && had_handles &&
	    clock_mono_ms() - t0 < SLOW_MS) {
		/* Maybe a handle the server had closed: one fresh try. */
		dir_close();
		err = attempt(a, username, password, out);
	}
	call_end(t0, err);
	return err;
}

enum nv_err
dir_lookup(struct arena *a, const char *username, struct dir_user *out)
{
	enum nv_err err;
	bool had_handles = search_ld != NULL;
	int64_t t0 = clock_mono_ms();

	memset(out, 0, sizeof(*out));
	if (dir_broker_in_use())
		return dir_broker_ask(DIR_ASK_LOOKUP, a, username, NULL, out);
	/* The same budget and fail-fast as a login (issue 9). */
	if ((err = call_begin()) != NV_OK)
		return err;
	err = attempt(a, username, NULL, out);
	if (err == NV_EDIRDOWN && had_handles &&
	    clock_mono_ms() - t0 < SLOW_MS) {
		dir_close();
		err = attempt(a, username, NULL, out);
	}
	call_end(t0, err);
	return err == NV_EAUTH ? NV_ENOENT : err;
}

/*
 * The attribute that holds the username: the one compared with %s in
 * ldap_user_filter, e.g. "uid" in "(&(objectClass=inetOrgPerson)(uid=%s))".
 */
static bool
name_attr(char out[NAME_ATTR_MAX + 1])
{
	const char *f = conf->ldap_user_filter, *pct, *eq, *p;

	if ((pct = strstr(f, "%s")) == NULL || pct == f || pct[-1] != '=')
		return false;
	eq = pct - 1;
	for (p = eq; p > f && p[-1] != '('; p--)
		;
	if (eq - p < 1 || eq - p > NAME_ATTR_MAX)
		return false;
	memcpy(out, p, (size_t)(eq - p));
	out[eq - p] = '\0';
	return true;
}

/* A user dir_list found: what its callback gets, and the DN for roles. */
struct listed {
	const char *name;
	char *dn;
	struct dir_user du;
};

/*
 * One page of dir_list's search (RFC 2696: at most ldap_page_size
 * entries, from *cookie, which it replaces), appended to *all (*n of
 * *cap).  Every
 * attribute is copied out before the next page or any role is looked up:
 * roles_of() searches on search_ld too, and a failed search replaces the
 * handle, which a page's entries must not outlive.
 */
static enum nv_err
list_page(struct arena *a, const char *filter, char **attrs,
    struct berval *cookie, struct listed **all, size_t *n, size_t *cap)
{
	struct timeval tv = left(search_ld);
	LDAPControl *page = NULL, *ctrls[2] = {NULL, NULL}, **rctrls = NULL;
	LDAPMessage *res = NULL, *e;
	struct listed *grown, *u;
	enum nv_err err = NV_OK;
	ber_int_t estimate;
	const char *name;
	char *dn;
	int rc, code = LDAP_OTHER;

	if (ldap_create_page_control(search_ld, conf->ldap_page_size, cookie, 0,
	        &page) != LDAP_SUCCESS)
		return NV_EINTERNAL;
	ctrls[0] = page;
	rc = ldap_search_ext_s(search_ld, conf->ldap_user_base,
	    LDAP_SCOPE_SUBTREE, filter, attrs, 0, ctrls, NULL, &tv, 0, &res);
	ldap_control_free(page);
	if (rc == LDAP_SUCCESS && res != NULL)
		rc = ldap_parse_result(
		    search_ld, res, &code, NULL, NULL, NULL, &rctrls, 0);
	if (rc == LDAP_SUCCESS)
		rc = code;
	ber_memfree(cookie->bv_val);
	cookie->bv_val = NULL;
	cookie->bv_len = 0;
	/* No answer control: a server without paging sent everything. */
	if (rc == LDAP_SUCCESS &&
	    (page = ldap_control_find(
	         LDAP_CONTROL_PAGEDRESULTS, rctrls, NULL)) != NULL &&
	    ldap_parse_pageresponse_control(
	        search_ld, page, &estimate, cookie) != LDAP_SUCCESS)
		err = NV_EINTERNAL;
	ldap_controls_free(rctrls);
	/*
	 * The page is freed here, not by the arena: its deferred frees are
	 * few (64), and a province's list has more pages than that.
	 */
	for (e = rc == LDAP_SUCCESS ? ldap_first_entry(search_ld, res) : NULL;
	     err == NV_OK && e != NULL; e = ldap_next_entry(search_ld, e)) {
		if ((name = first_value(a, search_ld, e, attrs[0])) == NULL)
			continue;
		if (*n >= LIST_MAX) {
			log_warnx("dir: more than %d users", LIST_MAX);
			err = NV_EINTERNAL;
			break;
		}
		if (*n == *cap) {
			*cap = *cap ? 2 * *cap : 256;
			if ((grown = arena_alloc(a, *cap * sizeof(*grown))) ==
			    NULL) {
				err = NV_ETOOBIG;
				break;
			}
			if (*n > 0)
				memcpy(grown, *all, *n * sizeof(*grown));
			*all = grown;
		}
		u = &(*all)[*n];
		memset(u, 0, sizeof(*u));
		u->name = name;
		if ((dn = ldap_get_dn(search_ld, e)) == NULL)
			continue;
		u->dn = arena_strndup(a, dn, strlen(dn));
		ldap_memfree(dn);
		if (u->dn == NULL) {
			err = NV_ETOOBIG;
			break;
		}
		u->du.display_name =
		    first_value(a, search_ld, e, conf->ldap_attr_display_name);
		u->du.email =
		    first_value(a, search_ld, e, conf->ldap_attr_email);
		u->du.title =
		    first_value(a, search_ld, e, conf->ldap_attr_title);
		u->du.agency =
		    first_value(a, search_ld, e, conf->ldap_attr_agency);
		(*n)++;
	}
	ldap_msgfree(res);
	if (rc != LDAP_SUCCESS)
		return map_rc(&search_ld, "user list", rc);
	return err;
}

enum nv_err
dir_list(struct arena *a, dir_list_fn fn, void *ctx)
{
	char attr[NAME_ATTR_MAX + 1], *attrs[6], *filter;
	struct berval cookie = {0, NULL};
	struct listed *all = NULL;
	const char *pct;
	size_t n = 0, cap = 0, i, pages = 0;
	int64_t t0 = clock_mono_ms();
	bool had_handle;
	enum nv_err err;

	if (dir_broker_in_use())
		return dir_broker_list(a, fn, ctx);
	/* A command's listing, not a request: a budget of its own. */
	deadline = clock_mono_ms() + 10000 * (int64_t)conf->ldap_timeout;
	if (!name_attr(attr)) {
		log_warnx("dir: cannot tell the username attribute from "
		          "ldap_user_filter");
		return NV_EINTERNAL;
	}
	had_handle = search_ld != NULL;
	if ((err = search_handle()) != NV_OK)
		return err;
	/* The user filter with %s as a presence test: every user. */
	pct = strstr(conf->ldap_user_filter, "%s");
	if ((filter = arena_printf(a, "%.*s*%s",
	         (int)(pct - conf->ldap_user_filter), conf->ldap_user_filter,
	         pct + 2)) == NULL)
		return NV_ETOOBIG;
	attrs[0] = attr;
	attrs[1] = conf->ldap_attr_display_name;
	attrs[2] = conf->ldap_attr_email;
	attrs[3] = conf->ldap_attr_title;
	attrs[4] = conf->ldap_attr_agency;
	attrs[5] = NULL;
	/*
	 * A directory caps what one search returns (slapd's sizelimit, 500
	 * by default; Active Directory's MaxPageSize, 1,000), far below a
	 * province's staff: pages of ldap_page_size until the server's cookie
	 * is empty.
	 */
	for (;;) {
		err = list_page(a, filter, attrs, &cookie, &all, &n, &cap);
		if (err == NV_EDIRDOWN && had_handle && pages == 0 &&
		    clock_mono_ms() - t0 < SLOW_MS) {
			/* A handle the server had closed: one fresh try, as
			 * dir_authenticate() does. */
			had_handle = false;
			if ((err = search_handle()) != NV_OK)
				break;
			continue;
		}
		if (err != NV_OK || cookie.bv_len == 0)
			break;
		if (++pages > (size_t)(LIST_MAX / conf->ldap_page_size + 1)) {
			log_warnx("dir: the directory keeps sending pages");
			err = NV_EINTERNAL;
			break;
		}
	}
	ber_memfree(cookie.bv_val);
	if (err != NV_OK)
		return err;
	for (i = 0; i < n; i++) {
		if ((err = roles_of(a, all[i].dn, &all[i].du.roles)) != NV_OK)
			return err;
		if ((err = fn(ctx, all[i].name, &all[i].du)) != NV_OK)
			return err;
	}
	return NV_OK;
}

enum nv_err
dir_ping(void)
{
	char *attrs[] = {LDAP_NO_ATTRS, NULL};
	struct timeval tv;
	LDAPMessage *res = NULL;
	int rc, tries;
	int64_t t0 = clock_mono_ms();

	if (dir_broker_in_use())
		return dir_broker_ask(DIR_ASK_PING, NULL, NULL, NULL, NULL);
	if (call_begin() != NV_OK)
		return NV_EDIRDOWN;
	for (tries = 0; tries < 2; tries++) {
		if (search_handle() != NV_OK)
			continue;
		tv = left(search_ld);
		rc = ldap_search_ext_s(search_ld, "", LDAP_SCOPE_BASE,
		    "(objectClass=*)", attrs, 0, NULL, NULL, &tv, 1, &res);
		if (res != NULL)
			ldap_msgfree(res);
		res = NULL;
		if (rc == LDAP_SUCCESS) {
			call_end(t0, NV_OK);
			return NV_OK;
		}
		map_rc(&search_ld, "ping", rc);
		if (clock_mono_ms() - t0 >= SLOW_MS)
			break; /* not answering: no second wait */
	}
	call_end(t0, NV_EDIRDOWN);
	return NV_EDIRDOWN;
}
