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

	return ldap_sasl_bind_s(ld, dn, LDAP_SASL_SIMPLE, &cred, NULL, NULL,
	    NULL);
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
	char svcpw[256], filter[128];
	char *attrs[] = {"displayName", "mail", "title", "departmentNumber",
	    NULL};
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

		if (s == NULL || b == NULL || bind_as(s, svc, svcpw) != 0) {
			fprintf(stderr, "ldapbind: cannot connect or bind\n");
			_exit(1);
		}
		for (k = 0; (t0 = now_ms()) < end; k++) {
			LDAPMessage *res = NULL, *e;
			char *dn = NULL;
			int ok = 0;

			snprintf(filter, sizeof(filter), "(uid=%s%ld)", prefix,
			    (p + k * procs) % count + 1);
			if (ldap_search_ext_s(s, base, LDAP_SCOPE_SUBTREE,
			        filter, attrs, 0, NULL, NULL, NULL, 2,
			        &res) == LDAP_SUCCESS &&
			    ldap_count_entries(s, res) == 1 &&
			    (e = ldap_first_entry(s, res)) != NULL &&
			    (dn = ldap_get_dn(s, e)) != NULL &&
			    bind_as(b, dn, pw) == LDAP_SUCCESS)
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
	printf("%.2f %.2f %.2f %ld\n", sh->n / (double)seconds,
	    sh->lat[i / 2], sh->lat[(long)(i * 0.99)], sh->errors);
	return 0;
}
