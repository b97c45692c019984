/* SPDX-License-Identifier: ISC */
/* Unit tests for fcgi/conf.c: conf_load() on temporary files. */
#include "unit.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fcgi/base/conf.h"

struct fx {
	char dir[64];
	char path[128]; /* the configuration file */
	char err[512];
	struct conf *c;
};

static int
setup(void **state)
{
	struct fx *f;
	const char *tmp = getenv("TMPDIR");

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "%s/nvconf.XXXXXX",
	    tmp != NULL && strlen(tmp) < 40 ? tmp : "/tmp");
	if (mkdtemp(f->dir) == NULL) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof(f->path), "%s/nhiemvu.conf", f->dir);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	struct dirent *de;
	DIR *d;
	char p[512];

	conf_free(f->c);
	if ((d = opendir(f->dir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			snprintf(p, sizeof(p), "%s/%s", f->dir, de->d_name);
			unlink(p);
		}
		closedir(d);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

/* Writes a file in the fixture's directory; returns its path (static). */
static const char *
put(struct fx *f, const char *name, const char *text, mode_t mode)
{
	static char p[4][256];
	static int k;
	char *path = p[k++ % 4];
	int fd;
	size_t n = strlen(text);

	snprintf(path, 256, "%s/%s", f->dir, name);
	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, n), (ssize_t)n);
	close(fd);
	assert_int_equal(chmod(path, mode), 0);
	return path;
}

/* Writes the configuration file and loads it. */
static enum nv_err
load(struct fx *f, const char *text)
{
	conf_free(f->c);
	f->c = NULL;
	f->err[0] = '\0';
	put(f, "nhiemvu.conf", text, 0644);
	return conf_load(f->path, &f->c, f->err, sizeof(f->err));
}

/* Expects text to be refused with an error holding frag1 and frag2. */
static void
refused(struct fx *f, const char *text, const char *frag1, const char *frag2)
{
	if (load(f, text) != NV_EINVAL)
		fail_msg("accepted: %s", text);
	assert_null(f->c);
	if (frag1 != NULL && strstr(f->err, frag1) == NULL)
		fail_msg("error \"%s\" lacks \"%s\"", f->err, frag1);
	if (frag2 != NULL && strstr(f->err, frag2) == NULL)
		fail_msg("error \"%s\" lacks \"%s\"", f->err, frag2);
}

static void
test_defaults(void **state)
{
	struct fx *f = *state;
	struct conf *c;

	assert_int_equal(
	    load(f, "# nothing but comments\n\n   \n  # x\n"), NV_OK);
	c = f->c;
	assert_non_null(c);
	assert_string_equal(c->listen, "/run/nhiemvu/fcgi.sock");
	assert_int_equal(c->socket_mode, 0660);
	assert_int_equal(c->backlog, 1024);
	assert_int_equal(c->workers, 4);
	assert_int_equal(c->max_requests, 10000);
	assert_int_equal(c->request_timeout, 30);
	/* A server that does not answer gives 503 within 5 s (issue 9). */
	assert_int_equal(c->db_read_timeout, 4);
	assert_int_equal(c->ldap_timeout, 4);
	assert_string_equal(c->log_level, "info");
	assert_int_equal(c->body_max, 65536);
	assert_int_equal(c->login_body_max, 4096);
	assert_int_equal(c->req_mem_max, 67108864);
	assert_int_equal(c->db_port, 3306);
	assert_string_equal(c->db_name, "nhiemvu");
	assert_null(c->db_password);
	assert_string_equal(c->ldap_uri, "ldap://127.0.0.1:389/");
	/* ASVS 5.0 12.3.1: the directory is never reached in clear by
	 * default. */
	assert_true(c->ldap_starttls);
	assert_string_equal(c->user, "nhiemvu");
	assert_string_equal(c->socket_group, "www-data");
	assert_string_equal(c->ldap_tls_require_cert, "demand");
	assert_string_equal(c->ldap_bind_dn, "");
	assert_null(c->ldap_bind_password);
	assert_string_equal(
	    c->ldap_user_filter, "(&(objectClass=inetOrgPerson)(uid=%s))");
	assert_string_equal(c->role_groups[ROLE_OFFICIAL], "nhiemvu-official");
	assert_string_equal(c->role_groups[ROLE_ADMIN], "nhiemvu-admin");
	assert_string_equal(c->session_cookie, "nv_session");
	assert_int_equal(c->session_idle, 28800);
	assert_int_equal(c->session_max, 86400);
	assert_int_equal(c->login_fail_user_max, 5);
	assert_string_equal(c->timezone, "Asia/Ho_Chi_Minh");
	/* An empty file is the same as defaults. */
	assert_int_equal(load(f, ""), NV_OK);
	assert_int_equal(f->c->workers, 4);
}

static void
test_full_file(void **state)
{
	struct fx *f = *state;
	const char *dbpw, *ldpw;
	char text[2048];
	struct conf *c;

	dbpw = put(f, "db.pw", "db s3cret\n", 0600);
	ldpw = put(f, "ldap.pw", "ldap-pass\r\n", 0400);
	snprintf(text, sizeof(text),
	    "# nhiemvu test configuration\n"
	    "listen = 127.0.0.1:9000\n"
	    "socket_mode = 0600\n"
	    "  workers=8  \n"
	    "max_requests =\t500\n"
	    "log_level = debug\n"
	    "body_max = 1048576\n"
	    "db_host = db.example\n"
	    "db_port = 3307\n"
	    "db_password_file = %s\n"
	    "ldap_uri = ldaps://ldap.nghean.gov.vn/\n"
	    "ldap_starttls = yes\n"
	    "ldap_tls_require_cert = hard\n"
	    "ldap_bind_dn = cn=nhiemvu,ou=services,dc=nghean,dc=gov,dc=vn\n"
	    "ldap_bind_password_file = %s\n"
	    "ldap_user_filter = (&(objectClass=person)(sAMAccountName=%%s))\n"
	    "ldap_group_filter = (member=%%s)\n"
	    "role_admin = cn=Quản trị,ou=groups\n"
	    "session_cookie = __Host-nv\n"
	    "session_idle = 600\n"
	    "session_max = 3600\n"
	    "timezone = UTC\n",
	    dbpw, ldpw);
	assert_int_equal(load(f, text), NV_OK);
	c = f->c;
	assert_string_equal(c->listen, "127.0.0.1:9000");
	assert_int_equal(c->socket_mode, 0600);
	assert_int_equal(c->workers, 8);
	assert_int_equal(c->max_requests, 500);
	assert_string_equal(c->log_level, "debug");
	assert_int_equal(c->body_max, 1048576);
	assert_string_equal(c->db_host, "db.example");
	assert_int_equal(c->db_port, 3307);
	assert_string_equal(c->db_password, "db s3cret");
	assert_string_equal(c->ldap_uri, "ldaps://ldap.nghean.gov.vn/");
	assert_true(c->ldap_starttls);
	assert_string_equal(c->ldap_tls_require_cert, "hard");
	assert_string_equal(c->ldap_bind_password, "ldap-pass");
	assert_string_equal(
	    c->ldap_user_filter, "(&(objectClass=person)(sAMAccountName=%s))");
	assert_string_equal(c->ldap_group_filter, "(member=%s)");
	assert_string_equal(
	    c->role_groups[ROLE_ADMIN], "cn=Quản trị,ou=groups");
	assert_string_equal(c->role_groups[ROLE_HEAD], "nhiemvu-head");
	assert_string_equal(c->session_cookie, "__Host-nv");
	assert_int_equal(c->session_idle, 600);
	assert_int_equal(c->session_max, 3600);
	assert_string_equal(c->timezone, "UTC");
	/* Settings not in the file keep their defaults. */
	assert_int_equal(c->backlog, 1024);
}

static void
test_missing_file(void **state)
{
	struct fx *f = *state;

	assert_int_equal(conf_load("/nonexistent/nhiemvu.conf", &f->c, f->err,
	                     sizeof(f->err)),
	    NV_EINVAL);
	assert_null(f->c);
	assert_non_null(strstr(f->err, "/nonexistent/nhiemvu.conf"));
}

static void
test_unknown_key(void **state)
{
	struct fx *f = *state;

	refused(f, "workers = 2\n# comment\nwrokers = 3\n", ":3:", "wrokers");
	assert_non_null(strstr(f->err, f->path));
	refused(f, "db_password = x\n", ":1:", "db_password");
	refused(f, "Workers = 2\n", ":1:", "Workers");
}

static void
test_syntax(void **state)
{
	struct fx *f = *state;

	refused(f, "workers 2\n", ":1:", NULL);
	refused(f, "\n\njust some words\n", ":3:", NULL);
	refused(f, "= 4\n", ":1:", NULL);
}

static void
test_set_twice(void **state)
{
	struct fx *f = *state;

	refused(f, "workers = 2\nbacklog = 5\nworkers = 2\n", ":3:", "workers");
	assert_non_null(strstr(f->err, "twice"));
}

static void
test_int_range(void **state)
{
	struct fx *f = *state;

	assert_int_equal(load(f, "workers = 1\n"), NV_OK);
	assert_int_equal(f->c->workers, 1);
	assert_int_equal(load(f, "workers = 256\n"), NV_OK);
	assert_int_equal(f->c->workers, 256);
	refused(f, "workers = 0\n", ":1:", "workers");
	refused(f, "workers = 257\n", ":1:", "workers");
	refused(f, "# x\nworkers = -4\n", ":2:", "workers");
	refused(f, "workers = abc\n", ":1:", "workers");
	refused(f, "workers = 4x\n", ":1:", "workers");
	refused(f, "workers = 4 # four\n", ":1:", "workers");
	refused(f, "workers =\n", ":1:", "workers");
	refused(f, "workers = 99999999999999999999\n", ":1:", "workers");
	refused(f, "db_port = 65536\n", ":1:", "db_port");
	refused(f, "body_max = 1023\n", ":1:", "body_max");
	refused(f, "socket_mode = 0999\n", ":1:", "socket_mode");
	refused(f, "socket_mode = 01000\n", ":1:", "socket_mode");
	assert_int_equal(load(f, "socket_mode = 0640\n"), NV_OK);
	assert_int_equal(f->c->socket_mode, 0640);
}

static void
test_bool(void **state)
{
	static const char *yes[] = {"yes", "true", "1"};
	static const char *no[] = {"no", "false", "0"};
	struct fx *f = *state;
	char text[64];
	size_t i;

	for (i = 0; i < NELEM(yes); i++) {
		snprintf(text, sizeof(text), "ldap_starttls = %s\n", yes[i]);
		assert_int_equal(load(f, text), NV_OK);
		assert_true(f->c->ldap_starttls);
	}
	for (i = 0; i < NELEM(no); i++) {
		snprintf(text, sizeof(text), "ldap_starttls = %s\n", no[i]);
		assert_int_equal(load(f, text), NV_OK);
		assert_false(f->c->ldap_starttls);
	}
	refused(f, "ldap_starttls = maybe\n", ":1:", "ldap_starttls");
	refused(f, "ldap_starttls = on\n", ":1:", "ldap_starttls");
	refused(f, "ldap_starttls = 2\n", ":1:", "ldap_starttls");
	refused(f, "ldap_starttls =\n", ":1:", "ldap_starttls");
}

static void
test_filters(void **state)
{
	struct fx *f = *state;

	refused(f, "ldap_user_filter = (uid=x)\n", "ldap_user_filter", NULL);
	refused(f, "ldap_user_filter = (|(uid=%s)(mail=%s))\n",
	    "ldap_user_filter", NULL);
	refused(f, "ldap_user_filter = (uid=%d)\n", "ldap_user_filter", NULL);
	refused(f, "ldap_user_filter = (uid=%s%)\n", "ldap_user_filter", NULL);
	refused(f, "ldap_user_filter = (uid=%%%s)\n", "ldap_user_filter", NULL);
	refused(
	    f, "ldap_group_filter = (member=*)\n", "ldap_group_filter", NULL);
	refused(f, "ldap_group_filter = (member=%s)(x=%s)\n",
	    "ldap_group_filter", NULL);
	assert_int_equal(load(f, "ldap_user_filter = %s\n"), NV_OK);
	assert_string_equal(f->c->ldap_user_filter, "%s");
}

static void
test_secret_mode(void **state)
{
	struct fx *f = *state;
	const char *pw;
	char text[512];

	pw = put(f, "db.pw", "hunter2\n", 0644);
	snprintf(text, sizeof(text), "\ndb_password_file = %s\n", pw);
	refused(f, text, ":2:", pw);
	assert_non_null(strstr(f->err, "600"));
	pw = put(f, "db.pw", "hunter2\n", 0640);
	snprintf(text, sizeof(text), "db_password_file = %s\n", pw);
	refused(f, text, ":1:", pw);
	pw = put(f, "db.pw", "hunter2\n", 0604);
	snprintf(text, sizeof(text), "db_password_file = %s\n", pw);
	refused(f, text, ":1:", pw);
	pw = put(f, "db.pw", "hunter2\n", 0600);
	snprintf(text, sizeof(text), "db_password_file = %s\n", pw);
	assert_int_equal(load(f, text), NV_OK);
	assert_string_equal(f->c->db_password, "hunter2");
}

static void
test_secret_content(void **state)
{
	struct fx *f = *state;
	const char *pw;
	char text[512], big[1100];

	/* Only trailing line ends are cut; inner and leading bytes stay. */
	pw = put(f, "db.pw", " two words\n\n", 0600);
	snprintf(text, sizeof(text), "db_password_file = %s\n", pw);
	assert_int_equal(load(f, text), NV_OK);
	assert_string_equal(f->c->db_password, " two words");
	pw = put(f, "db.pw", "no-newline", 0600);
	assert_int_equal(load(f, text), NV_OK);
	assert_string_equal(f->c->db_password, "no-newline");
	/* Missing and oversized files are refused. */
	snprintf(text, sizeof(text), "db_password_file = %s/absent\n", f->dir);
	refused(f, text, ":1:", "absent");
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	pw = put(f, "db.pw", big, 0600);
	snprintf(text, sizeof(text), "db_password_file = %s\n", pw);
	refused(f, text, ":1:", NULL);
	/* A directory is not a secret file. */
	snprintf(text, sizeof(text), "db_password_file = %s\n", f->dir);
	refused(f, text, ":1:", NULL);
}

static void
test_bind_dn_needs_password(void **state)
{
	struct fx *f = *state;
	const char *pw;
	char text[512];

	refused(f, "ldap_bind_dn = cn=svc,dc=example\n", "ldap_bind_dn", NULL);
	pw = put(f, "ldap.pw", "\n", 0600);
	snprintf(text, sizeof(text),
	    "ldap_bind_dn = cn=svc,dc=example\n"
	    "ldap_bind_password_file = %s\n",
	    pw);
	refused(f, text, "ldap_bind", NULL);
	pw = put(f, "ldap.pw", "pw\n", 0600);
	assert_int_equal(load(f, text), NV_OK);
	assert_string_equal(f->c->ldap_bind_dn, "cn=svc,dc=example");
	assert_string_equal(f->c->ldap_bind_password, "pw");
}

static void
test_cross_checks(void **state)
{
	struct fx *f = *state;

	refused(f, "log_level = verbose\n", "log_level", NULL);
	refused(f, "ldap_tls_require_cert = sometimes\n",
	    "ldap_tls_require_cert", NULL);
	refused(f, "listen =\n", "listen", NULL);
	refused(f, "session_idle = 7200\nsession_max = 3600\n", "session_max",
	    NULL);
	assert_int_equal(
	    load(f, "session_idle = 3600\nsession_max = 3600\n"), NV_OK);
	/* db_host: a list of host[:port] (docs/CLUSTER.md). */
	refused(f, "db_host = db1:3306 db2:99999\n", "db_host", NULL);
	refused(f, "db_host = db1;drop\n", "db_host", NULL);
	assert_int_equal(
	    load(f, "db_host = 10.0.0.1:3306 10.0.0.2, db3.nghean.gov.vn\n"),
	    NV_OK);
}

/* The public page (issue 14): its settings and their defaults. */
static void
test_public_page(void **state)
{
	struct fx *f = *state;

	assert_int_equal(load(f, ""), NV_OK);
	assert_true(f->c->public_enabled);
	assert_int_equal(f->c->public_max_age, 60);
	assert_false(f->c->public_budget);
	assert_string_equal(f->c->public_frame_ancestors, "'self'");
	assert_int_equal(
	    load(f, "public_enabled = no\npublic_max_age = 5\n"
	            "public_frame_ancestors = https://nghean.gov.vn "
	            "https://*.nghean.gov.vn 'self'\n"),
	    NV_OK);
	assert_false(f->c->public_enabled);
	assert_int_equal(f->c->public_max_age, 5);
	refused(f, "public_max_age = 0\n", "public_max_age", NULL);
	refused(f, "public_max_age = 3601\n", "public_max_age", NULL);
	/* A source list goes into a header: no other directive, no header. */
	refused(f, "public_frame_ancestors = 'self'; script-src *\n",
	    "public_frame_ancestors", NULL);
	refused(f, "public_frame_ancestors = https://a.vn, https://b.vn\n",
	    "public_frame_ancestors", NULL);
	refused(
	    f, "public_frame_ancestors =\n", "public_frame_ancestors", NULL);
}

static void
test_dump_masks_secrets(void **state)
{
	struct fx *f = *state;
	const char *pw;
	char text[512], out[8192];
	FILE *fp;
	size_t n;

	pw = put(f, "db.pw", "TopSecretValue\n", 0600);
	snprintf(
	    text, sizeof(text), "db_password_file = %s\nworkers = 9\n", pw);
	assert_int_equal(load(f, text), NV_OK);
	assert_non_null(fp = tmpfile());
	conf_dump(f->c, fileno(fp));
	rewind(fp);
	n = fread(out, 1, sizeof(out) - 1, fp);
	fclose(fp);
	out[n] = '\0';
	assert_null(strstr(out, "TopSecretValue"));
	assert_non_null(strstr(out, "db_password_file = (set)\n"));
	assert_non_null(strstr(out, "ldap_bind_password_file = (unset)\n"));
	assert_non_null(strstr(out, "workers = 9\n"));
	assert_non_null(strstr(out, "socket_mode = 0660\n"));
	assert_non_null(strstr(out, "ldap_starttls = yes\n"));
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(test_defaults),
	    T(test_full_file),
	    T(test_missing_file),
	    T(test_unknown_key),
	    T(test_syntax),
	    T(test_set_twice),
	    T(test_int_range),
	    T(test_bool),
	    T(test_filters),
	    T(test_secret_mode),
	    T(test_secret_content),
	    T(test_bind_dn_needs_password),
	    T(test_cross_checks),
	    T(test_public_page),
	    T(test_dump_masks_secrets),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
