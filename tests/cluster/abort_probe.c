/* SPDX-License-Identifier: ISC */
/*
 * Does a Galera node ever roll a transaction back without telling its
 * client?  (docs/CLUSTER.md, "An abort the server does not report".)  Not
 * built by make: against a running cluster (tests/cluster/galera.py start),
 * as root over the nodes' sockets,
 *
 *   cc -o abort_probe tests/cluster/abort_probe.c \
 *       $(mariadb_config --cflags --libs) -lpthread
 *   ./abort_probe run/cluster/n2/mysql.sock run/cluster/n3/mysql.sock 2000
 *
 * In database bfr (dropped and made again), node A runs START
 * TRANSACTION; an INSERT whose triggers update two hot rows and call a
 * procedure (like migration 0025's); a read of the row it inserted; COMMIT,
 * while two threads update one of the hot rows through node B in a loop,
 * so that B's write sets abort A's transactions.  It counts, for each
 * statement, an error, and an answer without SERVER_STATUS_IN_TRANS (the
 * transaction gone unreported), and a read that misses the row.  2,000
 * rounds on this machine: INSERT error 20, SELECT error 84, COMMIT error
 * 124, committed 1,772; no answer without the flag, no read that missed.
 */
#include <mysql.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile int done;
static const char *bsock;

static MYSQL *
conn(const char *sock, const char *db)
{
	MYSQL *m = mysql_init(NULL);

	if (!mysql_real_connect(m, NULL, "root", NULL, db, 0, sock, 0)) {
		fprintf(stderr, "connect %s: %s\n", sock, mysql_error(m));
		exit(1);
	}
	return m;
}

static int
q(MYSQL *m, const char *s)
{
	MYSQL_RES *r;

	if (mysql_query(m, s) != 0)
		return (int)mysql_errno(m);
	if ((r = mysql_store_result(m)) != NULL)
		mysql_free_result(r);
	return 0;
}

static int
gone(MYSQL *m)
{
	return !(m->server_status & SERVER_STATUS_IN_TRANS);
}

static void *
hammer(void *x)
{
	MYSQL *b;

	(void)x;
	mysql_thread_init();
	b = conn(bsock, "bfr");
	while (!done)
		q(b, "UPDATE hot SET v = v + 1 WHERE k = 1");
	mysql_close(b);
	mysql_thread_end();
	return NULL;
}

int
main(int argc, char **argv)
{
	static const char *setup[] = {
	    "DROP TABLE IF EXISTS vis, t, hot, hot2",
	    "CREATE TABLE t (id BIGINT AUTO_INCREMENT PRIMARY KEY, x INT) "
	    "ENGINE=InnoDB",
	    "CREATE TABLE hot (k INT PRIMARY KEY, v BIGINT) ENGINE=InnoDB",
	    "CREATE TABLE hot2 (k INT PRIMARY KEY, v BIGINT) ENGINE=InnoDB",
	    "CREATE TABLE vis (id BIGINT PRIMARY KEY, n INT) ENGINE=InnoDB",
	    "INSERT INTO hot VALUES (1, 0)",
	    "INSERT INTO hot2 VALUES (1, 0)",
	    "CREATE OR REPLACE PROCEDURE vis_add(IN tid BIGINT) "
	    "INSERT INTO vis (id, n) SELECT tid, 1 FROM t WHERE id = tid "
	    "ON DUPLICATE KEY UPDATE n = n + 1",
	    "CREATE OR REPLACE TRIGGER t_hot AFTER INSERT ON t FOR EACH ROW "
	    "UPDATE hot SET v = v + 1 WHERE k = 1",
	    "CREATE OR REPLACE TRIGGER t_hot2 AFTER INSERT ON t FOR EACH ROW "
	    "UPDATE hot2 SET v = v + 1 WHERE k = 1",
	    "CREATE OR REPLACE TRIGGER t_vis AFTER INSERT ON t FOR EACH ROW "
	    "CALL vis_add(NEW.id)",
	    "SET SESSION wsrep_sync_wait = 1",
	};
	MYSQL *a, *m;
	MYSQL_RES *r;
	pthread_t th[2];
	char s[256];
	int n, i, ins_err = 0, ins_gone = 0, sel_err = 0, sel_gone = 0,
	          missed = 0, commit_err = 0, committed = 0;
	size_t k;

	if (argc != 4) {
		fprintf(stderr, "usage: abort_probe sock_a sock_b rounds\n");
		return 2;
	}
	n = atoi(argv[3]);
	mysql_library_init(0, NULL, NULL);
	m = conn(argv[1], NULL);
	q(m, "CREATE DATABASE IF NOT EXISTS bfr");
	mysql_close(m);
	a = conn(argv[1], "bfr");
	for (k = 0; k < sizeof(setup) / sizeof(setup[0]); k++)
		if (q(a, setup[k]) != 0) {
			fprintf(stderr, "%s: %s\n", setup[k], mysql_error(a));
			return 1;
		}
	bsock = argv[2];
	for (i = 0; i < 2; i++)
		pthread_create(&th[i], NULL, hammer, NULL);
	for (i = 0; i < n; i++) {
		q(a, "START TRANSACTION");
		snprintf(s, sizeof(s), "INSERT INTO t (x) VALUES (%d)", i);
		if (q(a, s) != 0) {
			ins_err++;
			q(a, "ROLLBACK");
			continue;
		}
		ins_gone += gone(a);
		snprintf(s, sizeof(s), "SELECT id FROM t WHERE id = %llu",
		    (unsigned long long)mysql_insert_id(a));
		if (mysql_query(a, s) != 0 ||
		    (r = mysql_store_result(a)) == NULL) {
			sel_err++;
			q(a, "ROLLBACK");
			continue;
		}
		sel_gone += gone(a);
		missed += mysql_num_rows(r) == 0;
		mysql_free_result(r);
		if (q(a, "COMMIT") != 0)
			commit_err++;
		else
			committed++;
	}
	done = 1;
	for (i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	printf("%d rounds: INSERT error %d, answered without the transaction "
	       "%d; SELECT error %d, answered without it %d, missed the row "
	       "%d; COMMIT error %d, committed %d\n",
	    n, ins_err, ins_gone, sel_err, sel_gone, missed, commit_err,
	    committed);
	return 0;
}
