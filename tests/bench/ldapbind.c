/* SPDX-License-Identifier: ISC */
/*
 * Baseline 5 of make bench (issue 8): slapd's own search-then-bind rate,
 * what any login against the directory costs at least.  PROCS processes,
 * pre-forked as the product's workers are, each with two connections kept
 * open and secured by StartTLS as the product's (auth/dir.c): one bound as
 * the service account that searches (uid=USER) under the people base, one
 * that binds as the DN found with the password.  Distinct users: process
 * p logs in PREFIX(p + k * PROCS) for k = 0, 1, ... (COUNT users, wrapped).
 * No group search, no session, no database: the directory alone.
 *
 * Baseline 5b: with LDAPBIND_DB_SOCKET (and LDAPBIND_DB_USER,
 * LDAPBIND_DB_PASSWORD, LDAPBIND_DB_NAME) set, each process also keeps a
 * MariaDB connection and, after each good bind, writes the session's row
 * (a random token's SHA-256 length of bytes, the user, a CSRF token) with
 * one prepared INSERT committed on its own: the least a login that makes a
 * session must do (no throttle, no audit row, no device cookie).
 *
 * Usage: ldapbind URI CACERT BASE SERVICE_DN SERVICE_PW_FILE PASSWORD
 *            PREFIX COUNT PROCS SECONDS
 * Prints "req_s p50_ms p99_ms errors" for all processes together.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <ldap.h>
#include <mysql.h>
#include <sys/random.h>

#define MAXLAT 2000000

struct shared {
	long n, errors;
	float lat[MAXLAT]; /* ms, in completion order */
};

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static LDAP *
open_ld(const char *uri, const char *ca)
{
	LDAP *ld;
	int v = LDAP_VERSION3, demand = LDAP_OPT_X_TLS_DEMAND, zero = 0;

	if (ldap_initialize(&ld, uri) != LDAP_SUCCESS)
		return NULL;
	ldap_set_option(ld, LDAP_OPT_PROTOCOL_VERSION, &v);
	ldap_set_option(ld, LDAP_OPT_REFERRALS, LDAP_OPT_OFF);
	ldap_set_option(ld, LDAP_OPT_X_TLS_CACERTFILE, ca);
	ldap_set_option(ld, LDAP_OPT_X_TLS_REQUIRE_CERT, &demand);
	ldap_set_option(ld, LDAP_OPT_X_TLS_NEWCTX, &zero);
	if (ldap_start_tls_s(ld, NULL, NULL) != LDAP_SUCCESS) {
		ldap_unbind_ext_s(ld, NULL, NULL);
		return NULL;
	}
	return ld;
}

static int
bind_as(LDAP *ld, const char *dn, const char *pw)
{
	struct berval cred = {strlen(pw), (char *)pw};

	return ldap_sasl_bind_s(
	    ld, dn, LDAP_SASL_SIMPLE, &cred, NULL, NULL, NULL);
}

/* Baseline 5b: the session's row, as auth/sess.c writes it. */
static const char ins_sql[] =
    "INSERT INTO sessions (token_hash, username, display_name, email, "
    "title, agency_code, roles, csrf_token, client_addr, created_at, "
    "last_seen, totp_pending) VALUES (?, ?, ?, NULL, NULL, NULL, 1, ?, "
    "'127.0.0.1', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 0)";

static MYSQL_STMT *
open_db(void)
{
	MYSQL *db;
	MYSQL_STMT *st;

	if ((db = mysql_init(NULL)) == NULL ||
	    mysql_real_connect(db, NULL, getenv("LDAPBIND_DB_USER"),
	        getenv("LDAPBIND_DB_PASSWORD"), getenv("LDAPBIND_DB_NAME"), 0,
	        getenv("LDAPBIND_DB_SOCKET"), 0) == NULL ||
	    mysql_set_character_set(db, "utf8mb4") != 0 ||
	    (st = mysql_stmt_init(db)) == NULL ||
	    mysql_stmt_prepare(st, ins_sql, sizeof(ins_sql) - 1) != 0)
		return NULL;
	return st;
}

static int
write_session(MYSQL_STMT *st, const char *user)
{
	unsigned char hash[32];
	char csrf[44];
	MYSQL_BIND b[4];
	size_t i;

	if (getrandom(hash, sizeof(hash), 0) != (ssize_t)sizeof(hash))
		return -1;
	for (i = 0; i < sizeof(csrf) - 1; i++)
		csrf[i] =
		    "abcdefghijklmnop"[hash[i % 32] >> (i & 1 ? 4 : 0) & 15];
	csrf[sizeof(csrf) - 1] = '\0';
	memset(b, 0, sizeof(b));
	b[0].buffer_type = MYSQL_TYPE_BLOB;
	b[0].buffer = hash;
	b[0].buffer_length = sizeof(hash);
	b[1].buffer_type = b[2].buffer_type = MYSQL_TYPE_STRING;
	b[1].buffer = b[2].buffer = (char *)user;
	b[1].buffer_length = b[2].buffer_length = strlen(user);
	b[3].buffer_type = MYSQL_TYPE_STRING;
	b[3].buffer = csrf;
	b[3].buffer_length = strlen(csrf);
	if (mysql_stmt_bind_param(st, b) != 0 || mysql_stmt_execute(st) != 0)
		return -1;
	return 0;
}

static int
cmp(const void *a, const void *b)
{
	float x = *(const float *)a, y = *(const float *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	const char *uri, *ca, *base, *svc, *pw, *prefix;
	char svcpw[256], filter[160];
	char *attrs[] = {
	    "displayName", "mail", "title", "departmentNumber", NULL};
	long count, procs, seconds, p, k, i;
	struct shared *sh;
	FILE *f;
	double t0, t, end;

	if (argc != 11) {
		fprintf(stderr, "usage: ldapbind URI CACERT BASE SERVICE_DN "
		                "SERVICE_PW_FILE PASSWORD PREFIX COUNT PROCS "
		                "SECONDS\n");
		return 2;
	}
	uri = argv[1], ca = argv[2], base = argv[3], svc = argv[4];
	pw = argv[6], prefix = argv[7];
	count = atol(argv[8]), procs = atol(argv[9]), seconds = atol(argv[10]);
	if ((f = fopen(argv[5], "r")) == NULL ||
	    fgets(svcpw, sizeof(svcpw), f) == NULL)
		return perror(argv[5]), 1;
	fclose(f);
	svcpw[strcspn(svcpw, "\r\n")] = '\0';
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED || count < 1 || procs < 1 || seconds < 1)
		return 2;
	sh->n = sh->errors = 0;
	end = now_ms() + seconds * 1e3;
	for (p = 0; p < procs; p++) {
		if (fork() != 0)
			continue;
		LDAP *s = open_ld(uri, ca), *b = open_ld(uri, ca);
		MYSQL_STMT *st = NULL;
		char user[128];

		if (s == NULL || b == NULL || bind_as(s, svc, svcpw) != 0) {
			fprintf(stderr, "ldapbind: cannot connect or bind\n");
			_exit(1);
		}
		if (getenv("LDAPBIND_DB_SOCKET") != NULL &&
		    (st = open_db()) == NULL) {
			fprintf(
			    stderr, "ldapbind: cannot connect to MariaDB\n");
			_exit(1);
		}
		for (k = 0; (t0 = now_ms()) < end; k++) {
			LDAPMessage *res = NULL, *e;
			char *dn = NULL;
			int ok = 0;

			snprintf(user, sizeof(user), "%s%ld", prefix,
			    (p + k * procs) % count + 1);
			snprintf(filter, sizeof(filter), "(uid=%s)", user);
			if (ldap_search_ext_s(s, base, LDAP_SCOPE_SUBTREE,
			        filter, attrs, 0, NULL, NULL, NULL, 2,
			        &res) == LDAP_SUCCESS &&
			    ldap_count_entries(s, res) == 1 &&
			    (e = ldap_first_entry(s, res)) != NULL &&
			    (dn = ldap_get_dn(s, e)) != NULL &&
			    bind_as(b, dn, pw) == LDAP_SUCCESS &&
			    (st == NULL || write_session(st, user) == 0))
				ok = 1;
			ldap_memfree(dn);
			ldap_msgfree(res);
			t = now_ms();
			i = __atomic_fetch_add(&sh->n, 1, __ATOMIC_RELAXED);
			if (i < MAXLAT)
				sh->lat[i] = (float)(t - t0);
			if (!ok)
				__atomic_fetch_add(
				    &sh->errors, 1, __ATOMIC_RELAXED);
		}
		_exit(0);
	}
	while (wait(NULL) > 0)
		;
	i = sh->n < MAXLAT ? sh->n : MAXLAT;
	if (i == 0)
		return 1;
	qsort(sh->lat, (size_t)i, sizeof(float), cmp);
	printf("%.2f %.2f %.2f %ld\n", sh->n / (double)seconds, sh->lat[i / 2],
	    sh->lat[(long)(i * 0.99)], sh->errors);
	return 0;
}
