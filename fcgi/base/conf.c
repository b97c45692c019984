/* SPDX-License-Identifier: ISC */
/* Configuration file parser, driven by the settings table below. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fcgi/base/conf.h"
#include "fcgi/base/db_hosts.h"
#include "fcgi/base/str.h"

enum ctype { C_STR, C_INT, C_BOOL, C_SECRET, C_OCTAL };

struct setting {
	const char *name;
	enum ctype type;
	size_t off; /* for C_SECRET: where the secret goes */
	long min, max;
	const char *def;
};

#define S(n, d)                                                                \
	{                                                                      \
#n, C_STR, offsetof(struct conf, n), 0, 0, d                   \
	}
#define I(n, lo, hi, d)                                                        \
	{                                                                      \
#n, C_INT, offsetof(struct conf, n), lo, hi, #d                \
	}
#define B(n, d)                                                                \
	{                                                                      \
#n, C_BOOL, offsetof(struct conf, n), 0, 1, d                  \
	}
#define SECRET(n, f)                                                           \
	{                                                                      \
#f, C_SECRET, offsetof(struct conf, n), 0, 0, ""               \
	}
#define ROLE(r, n, d)                                                          \
	{                                                                      \
		n, C_STR,                                                      \
		    offsetof(struct conf, role_groups) + (r) * sizeof(char *), \
		    0, 0, d                                                    \
	}

static const struct setting settings[] = {
    S(listen, "/run/nhiemvu/fcgi.sock"),
    {"socket_mode", C_OCTAL, offsetof(struct conf, socket_mode), 0, 0777,
        "0660"},
    I(backlog, 1, 65535, 1024),
    I(workers, 1, 256, 4),
    I(max_requests, 1, 100000000, 10000),
    I(request_timeout, 1, 3600, 30),
    I(shutdown_timeout, 1, 3600, 20),
    S(pid_file, ""),
    S(user, "nhiemvu"),
    S(socket_group, "www-data"),
    S(log_level, "info"),
    I(body_max, 1024, 1048576, 65536),
    I(login_body_max, 256, 65536, 4096),
    I(import_body_max, 65536, 67108864, 5242880),
    I(attachment_max, 65536, 268435456, 20971520),
    I(req_mem_max, 1048576, 1073741824, 67108864),
    S(db_host, ""),
    I(db_port, 1, 65535, 3306),
    S(db_socket, "/run/mysqld/mysqld.sock"),
    S(db_name, "nhiemvu"),
    S(db_user, "nhiemvu"),
    SECRET(db_password, db_password_file),
    I(db_connect_timeout, 1, 60, 3),
    I(db_timeout, 1, 600, 10),
    I(db_read_timeout, 1, 600, 4),
    S(ldap_uri, "ldap://127.0.0.1:389/"),
    B(ldap_starttls, "yes"),
    S(ldap_tls_cacert, ""),
    S(ldap_tls_require_cert, "demand"),
    S(ldap_bind_dn, ""),
    SECRET(ldap_bind_password, ldap_bind_password_file),
    S(ldap_user_base, "ou=people,dc=nghean,dc=gov,dc=vn"),
    S(ldap_user_filter, "(&(objectClass=inetOrgPerson)(uid=%s))"),
    S(ldap_group_base, "ou=groups,dc=nghean,dc=gov,dc=vn"),
    S(ldap_group_filter, "(&(objectClass=groupOfNames)(member=%s))"),
    S(ldap_attr_display_name, "displayName"),
    S(ldap_attr_email, "mail"),
    S(ldap_attr_title, "title"),
    S(ldap_attr_agency, "departmentNumber"),
    I(ldap_timeout, 1, 60, 4),
    I(ldap_processes, 0, LDAP_PROCESSES_MAX, 2),
    I(ldap_page_size, 1, 10000, 500),
    ROLE(ROLE_OFFICIAL, "role_official", "nhiemvu-official"),
    ROLE(ROLE_HEAD, "role_head", "nhiemvu-head"),
    ROLE(ROLE_SECRETARIAT, "role_secretariat", "nhiemvu-secretariat"),
    ROLE(ROLE_LEADERSHIP, "role_leadership", "nhiemvu-leadership"),
    ROLE(ROLE_ADMIN, "role_admin", "nhiemvu-admin"),
    S(session_cookie, "nv_session"),
    I(session_idle, 60, 2592000, 28800),
    I(session_max, 60, 31536000, 86400),
    I(session_recheck, 1, 86400, 600),
    S(totp_required_roles, "admin,secretariat"),
    I(login_fail_user_max, 1, 1000, 5),
    I(login_fail_addr_max, 1, 100000, 50),
    I(login_fail_window, 10, 86400, 900),
    I(login_delay_max, 1, 86400, 300),
    S(device_cookie, "nv_device"),
    I(login_device_max_age, 86400, 63072000, 15552000),
    I(audit_refusal_window, 1, 86400, 60),
    I(audit_refusals_max, 1, 1000000, 600),
    S(timezone, "Asia/Ho_Chi_Minh"),
    S(tmp_dir, "/tmp"),
    S(smtp_url, ""),
    S(smtp_from, "nhiemvu@localhost"),
    S(smtp_user, ""),
    SECRET(smtp_password, smtp_password_file),
    B(smtp_starttls, "yes"),
    I(smtp_timeout, 1, 120, 20),
    S(app_url, ""),
    /* The year's scorecard (docs/API.md, Scorecard): the weights of its
     * five parts and the day of the next month a report is due by. */
    I(score_weight_registration, 0, 100, 10),
    I(score_weight_tasks, 0, 100, 40),
    I(score_weight_reports, 0, 100, 20),
    I(score_weight_indicators, 0, 100, 20),
    I(score_weight_proposals, 0, 100, 10),
    I(report_due_day, 1, 28, 5),
    B(agencies_by_secretariat, "no"),
    /* The public progress page (issue 14): on or off (404), how many
     * seconds a copy may be served, whether budgets show, and who may
     * frame it (docs/API.md, "Public data"). */
    B(public_enabled, "yes"),
    I(public_max_age, 1, 3600, 60),
    B(public_budget, "no"),
    S(public_frame_ancestors, "'self'"),
};

#define SECRET_MAX 1024

static char **
str_slot(struct conf *c, const struct setting *s)
{
	return (char **)(void *)((char *)c + s->off);
}

static int *
int_slot(struct conf *c, const struct setting *s)
{
	return (int *)(void *)((char *)c + s->off);
}

static bool *
bool_slot(struct conf *c, const struct setting *s)
{
	return (bool *)(void *)((char *)c + s->off);
}

/* Reads a secret file: at most SECRET_MAX bytes, trailing newline cut. */
static enum nv_err
read_secret(const char *path, char **out, char *err, size_t errlen)
{
	char tmp[SECRET_MAX + 2];
	struct stat st;
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NV_EINVAL;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		close(fd);
		return NV_EINVAL;
	}
	if (st.st_mode & 0077) {
		snprintf(err, errlen,
		    "%s: readable by group or others "
		    "(chmod 600)",
		    path);
		close(fd);
		return NV_EINVAL;
	}
	n = read(fd, tmp, sizeof(tmp) - 1);
	close(fd);
	if (n < 0 || n > SECRET_MAX) {
		snprintf(err, errlen, "%s: unreadable or over %d bytes", path,
		    SECRET_MAX);
		return NV_EINVAL;
	}
	while (n > 0 && (tmp[n - 1] == '\n' || tmp[n - 1] == '\r'))
		n--;
	tmp[n] = '\0';
	free(*out);
	*out = strdup(tmp);
	explicit_bzero(tmp, sizeof(tmp));
	return *out == NULL ? NV_EINTERNAL : NV_OK;
}

static enum nv_err
set(struct conf *c, const struct setting *s, const char *v, char *err,
    size_t errlen)
{
	char *end;
	long n;

	switch (s->type) {
	case C_STR:
		free(*str_slot(c, s));
		if ((*str_slot(c, s) = strdup(v)) == NULL)
			return NV_EINTERNAL;
		return NV_OK;
	case C_SECRET:
		if (*v == '\0')
			return NV_OK;
		return read_secret(v, str_slot(c, s), err, errlen);
	case C_BOOL:
		if (strcmp(v, "yes") == 0 || strcmp(v, "true") == 0 ||
		    strcmp(v, "1") == 0)
			*bool_slot(c, s) = true;
		else if (strcmp(v, "no") == 0 || strcmp(v, "false") == 0 ||
		         strcmp(v, "0") == 0)
			*bool_slot(c, s) = false;
		else {
			snprintf(
			    err, errlen, "%s: expected yes or no", s->name);
			return NV_EINVAL;
		}
		return NV_OK;
	case C_INT:
	case C_OCTAL:
		errno = 0;
		n = strtol(v, &end, s->type == C_OCTAL ? 8 : 10);
		if (*v == '\0' || *end != '\0' || errno != 0 || n < s->min ||
		    n > s->max) {
			snprintf(err, errlen,
			    "%s: expected a number from %ld "
			    "to %ld",
			    s->name, s->min, s->max);
			return NV_EINVAL;
		}
		*int_slot(c, s) = (int)n;
		return NV_OK;
	}
	return NV_EINTERNAL;
}

/*
 * A CSP source list goes into a response header as it is: letters, digits
 * and the characters of a host source or a quoted keyword only, so that no
 * ';' or ',' can start another directive and no CR or LF another header.
 */
static bool
frame_ancestors_ok(const char *v)
{
	const char *p;

	if (*v == '\0' || strlen(v) > 512)
		return false;
	for (p = v; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) &&
		    strchr(" '*:/.-_", *p) == NULL)
			return false;
	return true;
}

/* Cross-setting checks the table cannot express. */
static enum nv_err
check(const struct conf *c, char *err, size_t errlen)
{
	static const char *tls[] = {"never", "allow", "try", "demand", "hard"};
	static const char *lvl[] = {"error", "warn", "info", "debug"};
	const char *f[2] = {c->ldap_user_filter, c->ldap_group_filter};
	const char *p;
	size_t i;
	bool ok;

	for (i = 0; i < 2; i++) {
		p = strstr(f[i], "%s");
		if (p == NULL || strstr(p + 2, "%s") != NULL ||
		    strchr(f[i], '%') != p || strchr(p + 1, '%') != NULL) {
			snprintf(err, errlen,
			    "%s: needs exactly one %%s and "
			    "no other %%",
			    i == 0 ? "ldap_user_filter" : "ldap_group_filter");
			return NV_EINVAL;
		}
	}
	for (ok = false, i = 0; i < NELEM(tls); i++)
		ok |= strcmp(c->ldap_tls_require_cert, tls[i]) == 0;
	if (!ok) {
		snprintf(err, errlen,
		    "ldap_tls_require_cert: expected never, "
		    "allow, try or demand");
		return NV_EINVAL;
	}
	for (ok = false, i = 0; i < NELEM(lvl); i++)
		ok |= strcmp(c->log_level, lvl[i]) == 0;
	if (!ok) {
		snprintf(err, errlen,
		    "log_level: expected error, warn, info "
		    "or debug");
		return NV_EINVAL;
	}
	if (c->ldap_bind_dn[0] != '\0' &&
	    (c->ldap_bind_password == NULL ||
	        c->ldap_bind_password[0] == '\0')) {
		snprintf(err, errlen,
		    "ldap_bind_dn is set: "
		    "ldap_bind_password_file must name a non-empty file");
		return NV_EINVAL;
	}
	{
		struct db_host h[DB_HOSTS_MAX];
		size_t nh;
		if (db_hosts_parse(c->db_host, c->db_port, h, DB_HOSTS_MAX, &nh,
		        err, errlen) != NV_OK)
			return NV_EINVAL;
	}
	if (c->listen[0] == '\0') {
		snprintf(err, errlen, "listen: must not be empty");
		return NV_EINVAL;
	}
	if (!frame_ancestors_ok(c->public_frame_ancestors)) {
		snprintf(err, errlen,
		    "public_frame_ancestors: expected sources such as 'self', "
		    "'none' or https://cong.nghean.gov.vn, separated by "
		    "spaces");
		return NV_EINVAL;
	}
	if (c->session_max < c->session_idle) {
		snprintf(err, errlen,
		    "session_max must be at least "
		    "session_idle");
		return NV_EINVAL;
	}
	return NV_OK;
}

enum nv_err
conf_load(const char *path, struct conf **out, char *err, size_t errlen)
{
	FILE *fp = NULL;
	struct conf *c;
	char line[2048], msg[512], seen[NELEM(settings)] = {0};
	char *k, *v, *eq;
	size_t i, lineno = 0, n;
	enum nv_err rc = NV_EINVAL;

	*out = NULL;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NV_EINTERNAL;
	for (i = 0; i < NELEM(settings); i++)
		if ((rc = set(c, &settings[i], settings[i].def, err, errlen)) !=
		    NV_OK)
			goto out;
	rc = NV_EINVAL;
	if ((fp = fopen(path, "re")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto out;
	}
	while (fgets(line, sizeof(line), fp) != NULL) {
		lineno++;
		n = strlen(line);
		if (n > 0 && line[n - 1] != '\n' && !feof(fp)) {
			snprintf(
			    err, errlen, "%s:%zu: line too long", path, lineno);
			goto out;
		}
		while (n > 0 && isspace((unsigned char)line[n - 1]))
			line[--n] = '\0';
		k = line;
		while (isspace((unsigned char)*k))
			k++;
		if (*k == '\0' || *k == '#')
			continue;
		if ((eq = strchr(k, '=')) == NULL) {
			snprintf(err, errlen, "%s:%zu: expected key = value",
			    path, lineno);
			goto out;
		}
		v = eq + 1;
		while (eq > k && isspace((unsigned char)eq[-1]))
			eq--;
		*eq = '\0';
		while (isspace((unsigned char)*v))
			v++;
		for (i = 0; i < NELEM(settings); i++)
			if (strcmp(settings[i].name, k) == 0)
				break;
		if (i == NELEM(settings)) {
			snprintf(err, errlen, "%s:%zu: unknown setting '%s'",
			    path, lineno, k);
			goto out;
		}
		if (seen[i]) {
			snprintf(err, errlen, "%s:%zu: '%s' set twice", path,
			    lineno, k);
			goto out;
		}
		seen[i] = 1;
		/* Its own buffer: v points into line. */
		if (set(c, &settings[i], v, msg, sizeof(msg)) != NV_OK) {
			snprintf(err, errlen, "%s:%zu: %s", path, lineno, msg);
			goto out;
		}
	}
	if (ferror(fp)) {
		snprintf(err, errlen, "%s: read error", path);
		goto out;
	}
	if ((rc = check(c, err, errlen)) != NV_OK)
		goto out;
	*out = c;
	c = NULL;
	rc = NV_OK;
out:
	if (fp != NULL)
		fclose(fp);
	conf_free(c);
	return rc;
}

void
conf_free(struct conf *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < NELEM(settings); i++) {
		if (settings[i].type != C_STR && settings[i].type != C_SECRET)
			continue;
		char **p = str_slot(c, &settings[i]);
		if (*p != NULL && settings[i].type == C_SECRET)
			explicit_bzero(*p, strlen(*p));
		free(*p);
	}
	free(c);
}

/* Read once by the supervisor before it opens the socket and drops root. */
static bool
needs_restart(const char *name)
{
	static const char *const keys[] = {"listen", "socket_mode", "backlog",
	    "pid_file", "user", "socket_group"};
	size_t i;

	for (i = 0; i < NELEM(keys); i++)
		if (strcmp(name, keys[i]) == 0)
			return true;
	return false;
}

void
conf_each(const struct conf *cc, conf_each_fn *fn, void *ctx)
{
	struct conf *c = (struct conf *)(uintptr_t)cc;
	const struct setting *s;
	char num[32];
	const char *v;
	size_t i;

	for (i = 0; i < NELEM(settings); i++) {
		s = &settings[i];
		v = num;
		switch (s->type) {
		case C_STR:
			v = *str_slot(c, s) != NULL ? *str_slot(c, s) : "";
			break;
		case C_SECRET:
			v = *str_slot(c, s) != NULL ? "(set)" : "(unset)";
			break;
		case C_BOOL:
			v = *bool_slot(c, s) ? "yes" : "no";
			break;
		case C_INT:
			snprintf(num, sizeof(num), "%d", *int_slot(c, s));
			break;
		case C_OCTAL:
			snprintf(num, sizeof(num), "%04o", *int_slot(c, s));
			break;
		}
		fn(ctx, s->name, v, s->type == C_SECRET,
		    needs_restart(s->name));
	}
}

void
conf_dump(const struct conf *cc, int fd)
{
	struct conf *c = (struct conf *)(uintptr_t)cc;
	const struct setting *s;
	size_t i;

	for (i = 0; i < NELEM(settings); i++) {
		s = &settings[i];
		switch (s->type) {
		case C_STR:
			dprintf(fd, "%s = %s\n", s->name, *str_slot(c, s));
			break;
		case C_SECRET:
			dprintf(fd, "%s = %s\n", s->name,
			    *str_slot(c, s) != NULL ? "(set)" : "(unset)");
			break;
		case C_BOOL:
			dprintf(fd, "%s = %s\n", s->name,
			    *bool_slot(c, s) ? "yes" : "no");
			break;
		case C_INT:
			dprintf(fd, "%s = %d\n", s->name, *int_slot(c, s));
			break;
		case C_OCTAL:
			dprintf(fd, "%s = %04o\n", s->name, *int_slot(c, s));
			break;
		}
	}
}
