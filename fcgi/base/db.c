/* SPDX-License-Identifier: ISC */
/* MariaDB Connector/C adapter: connection, statement cache, typed binds. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mysql.h>
#include <errmsg.h>
#include <mysqld_error.h>

#include "fcgi/base/db.h"
#include "fcgi/base/db_hosts.h"
#include "fcgi/base/clock.h"
#include "fcgi/base/log.h"
#include "fcgi/base/str.h"

/*
 * Every distinct statement literal a worker may run (some 210 in the
 * code, plus the record and sort templates expanded once each): a full
 * cache fails the request, so the bound stays well above that.
 */
#define CACHE_MAX   512
#define COLS_MAX    64
#define COL_BUF_MAX (64 * 1024) /* longer values are fetched apart */
/*
 * Issue 8: a column's buffer starts at most this large and grows to the
 * longest value the statement has fetched (up to COL_BUF_MAX), instead of
 * the column's declared length: a TEXT column took 64 KB per statement
 * and a VARCHAR(500) 2 KB whatever it held.
 */
#define COL_BUF_START 256
/*
 * After a connect or a statement that failed slowly (a server that accepts
 * connections but does not answer: paused, swapping, a dead host), fail
 * fast for RETRY_AFTER_S instead of making every request wait out the
 * timeouts, then let one request probe it with a connect of PROBE_S.  A
 * failure that comes at once (refused, restarted) is simply tried again,
 * so a restarted server is used as soon as it is back (issue 9: a paused
 * MariaDB held every request 15 s; now the first waits db_read_timeout).
 */
#define RETRY_AFTER_S  2
#define SLOW_CONNECT_S 1
#define PROBE_S        1

struct cached {
	const char *sql; /* identity: the literal's address */
	MYSQL_STMT *st;
	MYSQL_RES *meta; /* NULL for statements without rows */
	unsigned ncols;
	char *bufs[COLS_MAX];
	unsigned long bufsz[COLS_MAX];
};

/*
 * The servers, in the order they are tried (db_host as a list, db_hosts.h;
 * one entry with an empty name: the socket).  Each remembers its own slow
 * failure; `cur` is the one the open connection goes to.
 */
struct server {
	struct db_host h;
	time_t last_fail;
};
static struct server servers[DB_HOSTS_MAX];
static size_t nservers, cur;

static const struct conf *conf;
static MYSQL *conn;
static struct cached cache[CACHE_MAX];
static size_t ncache;
static bool in_tx;
static bool broken;   /* lost inside a transaction */
static bool ending;   /* the COMMIT or ROLLBACK of in_tx is running */
static char *scratch; /* for values over COL_BUF_MAX */

static size_t scratchsz;

static void
cache_clear(void)
{
	size_t i;
	unsigned c;

	for (i = 0; i < ncache; i++) {
		if (cache[i].meta != NULL)
			mysql_free_result(cache[i].meta);
		if (cache[i].st != NULL)
			mysql_stmt_close(cache[i].st);
		for (c = 0; c < cache[i].ncols; c++)
			free(cache[i].bufs[c]);
		memset(&cache[i], 0, sizeof(cache[i]));
	}
	ncache = 0;
}

void
db_init(const struct conf *c)
{
	struct db_host h[DB_HOSTS_MAX];
	char err[160];
	size_t i, n;

	conf = c;
	memset(servers, 0, sizeof(servers));
	/* conf_load() checked the list already. */
	if (db_hosts_parse(c->db_host, c->db_port, h, DB_HOSTS_MAX, &n, err,
	        sizeof(err)) != NV_OK) {
		log_warnx("%s", err);
		n = 0;
	}
	for (i = 0; i < n; i++)
		servers[i].h = h[i];
	nservers = n > 0 ? n : 1; /* none: the socket, servers[0] */
	cur = 0;
}

void
db_close(void)
{
	cache_clear();
	if (conn != NULL)
		mysql_close(conn);
	conn = NULL;
	in_tx = false;
	broken = false;
}

/*
 * A Galera node that is not part of the primary component (cut off from
 * the majority, or still joining) answers every statement with 1047
 * ER_UNKNOWN_COM_ERROR ("WSREP has not yet prepared node for application
 * use"): as good as lost, and another server may take the statement.
 */
static bool
is_node_unready(unsigned e)
{
	return e == ER_UNKNOWN_COM_ERROR;
}

static bool
is_conn_lost(unsigned e)
{
	return e == CR_SERVER_GONE_ERROR || e == CR_SERVER_LOST ||
	       e == CR_CONNECTION_ERROR || e == CR_CONN_HOST_ERROR ||
	       e == ER_CONNECTION_KILLED || e == CR_SERVER_LOST_EXTENDED ||
	       e == ER_SERVER_SHUTDOWN || is_node_unready(e);
}

/* One connect to servers[i]; NV_OK with conn open, else conn is NULL. */
static enum nv_err
connect_one(size_t i, const char *initcmd)
{
	struct server *s = &servers[i];
	unsigned int ct, rt;
	time_t now = time(NULL);
	int64_t t0 = clock_mono_ms();
	bool sock = s->h.name[0] == '\0';

	if ((conn = mysql_init(NULL)) == NULL) {
		log_warnx("%s: mysql_init failed", __func__);
		return NV_EINTERNAL;
	}
	/* Known down: this connect is the probe, kept short. */
	ct = (unsigned)(s->last_fail != 0 ? PROBE_S : conf->db_connect_timeout);
	rt = (unsigned)conf->db_read_timeout;
	mysql_options(conn, MYSQL_OPT_CONNECT_TIMEOUT, &ct);
	mysql_options(conn, MYSQL_OPT_READ_TIMEOUT, &rt);
	mysql_options(conn, MYSQL_OPT_WRITE_TIMEOUT, &rt);
	mysql_options(conn, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	mysql_options(conn, MYSQL_INIT_COMMAND, initcmd);
	if (mysql_real_connect(conn, sock ? "localhost" : s->h.name,
	        conf->db_user, conf->db_password, conf->db_name,
	        (unsigned)s->h.port, sock ? conf->db_socket : NULL,
	        0) == NULL) {
		log_warnx("%s: %s", __func__, mysql_error(conn));
		mysql_close(conn);
		conn = NULL;
		if (clock_mono_ms() - t0 >= SLOW_CONNECT_S * 1000)
			s->last_fail = now;
		return NV_EDBDOWN;
	}
	s->last_fail = 0;
	cur = i;
	/* Not the first of db_host: the operator wants to see the failover. */
	if (i > 0)
		log_info("db: connected to %s:%d, the first of db_host is down",
		    s->h.name, s->h.port);
	else
		log_debug("%s: connected", __func__);
	return NV_OK;
}

/*
 * Opens a connection to the first server of the list that is not known to
 * be down (a slow failure less than RETRY_AFTER_S ago), so a pool goes back
 * to its first server whenever it reconnects and that one is up.
 */
static enum nv_err
connect_db(void)
{
	/* @nv_utc_offset: the province's offset from UTC in seconds (conf's
	 * timezone, as the worker's TZ), for the dates SQL derives from a UTC
	 * time (task.c's waiting_days); read at connect, which is exact for
	 * a zone without summer time such as Asia/Ho_Chi_Minh. */
	static const char init[] =
	    "SET time_zone = '+00:00', "
	    "sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE,"
	    "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION', "
	    "innodb_lock_wait_timeout = %d, max_statement_time = %d, "
	    "@nv_utc_offset = %ld";
	char initcmd[sizeof(init) + 64];
	time_t now = time(NULL);
	struct tm tm;
	enum nv_err rc = NV_EDBDOWN;
	size_t i;

	if (conn != NULL && !broken)
		return NV_OK;
	if (conn != NULL)
		db_close();
	localtime_r(&now, &tm);
	snprintf(initcmd, sizeof(initcmd), init, conf->db_timeout,
	    conf->db_timeout, (long)tm.tm_gmtoff);
	for (i = 0; i < nservers; i++) {
		if (servers[i].last_fail != 0 &&
		    now - servers[i].last_fail < RETRY_AFTER_S)
			continue;
		if ((rc = connect_one(i, initcmd)) != NV_EDBDOWN)
			return rc;
	}
	return rc;
}

/*
 * Whether the last failure undid the whole transaction in a way that a
 * second run may not meet: a deadlock (MariaDB rolled it back) or a lost
 * connection (the server did).  db_tx() runs the transaction again.
 */
static bool retryable;
static unsigned last_err; /* MariaDB's number for the last failure */
/* Issue 8: the failure db_exec_or_refuse's statement refuses with. */
static unsigned refusal_err;

bool
db_retryable(void)
{
	return retryable;
}

/* Logs once, here, and maps a MariaDB error to ours. */
static enum nv_err
map_err(const char *sql, unsigned e, const char *msg)
{
	last_err = e;
	retryable = e == ER_LOCK_DEADLOCK || is_conn_lost(e);
	if (refusal_err != 0 && e == refusal_err)
		return NV_ELIMIT; /* the statement's own answer: not logged */
	switch (e) {
	case ER_DUP_ENTRY:
		return NV_EDUP;
	case ER_NO_REFERENCED_ROW_2:
	case ER_NO_REFERENCED_ROW:
	case ER_ROW_IS_REFERENCED_2: /* a DELETE of a row still referred to */
	case ER_ROW_IS_REFERENCED:
		log_info("db: %.60s: %s", sql, msg);
		return NV_EINVAL;
	case ER_LOCK_DEADLOCK:
	case ER_LOCK_WAIT_TIMEOUT:
	case ER_STATEMENT_TIMEOUT:
	case ER_QUERY_INTERRUPTED:
	/* The server cannot take writes for now: not our bug, 503. */
	case ER_OPTION_PREVENTS_STATEMENT: /* read_only */
	case ER_READ_ONLY_MODE:
	case ER_DISK_FULL:
	case ER_RECORD_FILE_FULL:
		log_warnx("db: %.60s: %u %s", sql, e, msg);
		return NV_EDBDOWN;
	default:
		if (is_conn_lost(e)) {
			log_warnx("db: connection lost: %u %s", e, msg);
			return NV_EDBDOWN;
		}
		log_warnx("db: %.60s: %u %s", sql, e, msg);
		return NV_EINTERNAL;
	}
}

/*
 * The statement's error, or its connection's when the statement has none:
 * Connector/C leaves some failures (a connection lost under the statement
 * among them) on the MYSQL handle only.
 */
static unsigned
stmt_err(MYSQL_STMT *st, const char **msg)
{
	unsigned e = mysql_stmt_errno(st);

	*msg = mysql_stmt_error(st);
	if (e == 0 && conn != NULL && mysql_errno(conn) != 0) {
		e = mysql_errno(conn);
		*msg = mysql_error(conn);
	}
	return e;
}

static struct cached *
lookup(const char *sql, unsigned *err, const char **msg)
{
	struct cached *c;
	MYSQL_STMT *st;
	MYSQL_FIELD *f;
	size_t i;
	unsigned k;

	for (i = 0; i < ncache; i++)
		if (cache[i].sql == sql)
			return &cache[i];
	if (ncache == CACHE_MAX) {
		/* A programmer error: more distinct statements than slots. */
		log_warnx("db: statement cache full");
		*err = 0;
		*msg = "statement cache full";
		return NULL;
	}
	if ((st = mysql_stmt_init(conn)) == NULL) {
		*err = mysql_errno(conn);
		*msg = mysql_error(conn);
		return NULL;
	}
	if (mysql_stmt_prepare(st, sql, strlen(sql)) != 0) {
		*err = mysql_stmt_errno(st);
		/* The message lives in st: copy before closing it. */
		static char m[256];
		snprintf(m, sizeof(m), "%s", mysql_stmt_error(st));
		*msg = m;
		mysql_stmt_close(st);
		return NULL;
	}
	c = &cache[ncache];
	memset(c, 0, sizeof(*c));
	c->sql = sql;
	c->st = st;
	c->meta = mysql_stmt_result_metadata(st);
	if (c->meta != NULL) {
		c->ncols = mysql_num_fields(c->meta);
		assert(c->ncols <= COLS_MAX);
		f = mysql_fetch_fields(c->meta);
		for (k = 0; k < c->ncols; k++) {
			unsigned long sz = f[k].length + 1;
			if (sz < 32)
				sz = 32;
			if (sz > COL_BUF_START)
				sz = COL_BUF_START;
			if ((c->bufs[k] = malloc(sz)) == NULL) {
				*err = 0;
				*msg = "out of memory";
				while (k-- > 0)
					free(c->bufs[k]);
				mysql_free_result(c->meta);
				mysql_stmt_close(st);
				return NULL;
			}
			c->bufsz[k] = sz;
		}
	}
	ncache++;
	return c;
}

/*
 * Whether the server has ended the transaction the pool thinks is open.
 * Every answer carries the server's SERVER_STATUS_IN_TRANS; without it,
 * this statement ran on its own (autocommit) and what the transaction did
 * before it is gone.  On a Galera node a transaction that another node's
 * write set aborts (a "brute force" abort) is rolled back at once, and
 * the abort is meant to reach its next statement as 1213; when it does
 * not (Galera's own tests found it lost in procedures, and every task
 * write runs migration 0025's triggers and procedures), the statements
 * after it each commit alone and a read of a row it wrote finds nothing:
 * a 404 for the task just created, under make check-cluster.  Counted as
 * a lost conflict: db_tx() runs the whole transaction again.
 */
static bool
tx_gone(struct cached *c)
{
	if (conn->server_status & SERVER_STATUS_IN_TRANS)
		return false;
	if (c->ncols > 0)
		mysql_stmt_free_result(c->st);
	log_warnx("db: %.60s: the server ended the transaction (an abort "
	          "it did not report)",
	    c->sql);
	last_err = ER_LOCK_DEADLOCK;
	retryable = true;
	return true;
}

/*
 * Prepares (or finds), binds and executes; on NV_OK the statement is ready
 * to fetch.  Retries once on a fresh connection when the old one was lost
 * outside a transaction.
 */
static enum nv_err
run(const char *sql, const struct db_param *p, size_t n, struct cached **out)
{
	MYSQL_BIND b[DB_PARAMS_MAX];
	unsigned long lens[DB_PARAMS_MAX];
	struct cached *c;
	const char *msg = "";
	unsigned e = 0;
	size_t i;
	int attempt, deadlocks = 0;
	int64_t t0 = 0;
	bool slow = false;
	enum nv_err rc;

	assert(n <= DB_PARAMS_MAX);
	if (broken && in_tx) {
		retryable = true;
		return NV_EDBDOWN; /* the transaction is gone already */
	}
	for (attempt = 0; attempt < 2; attempt++) { /* reconnects */
		if ((rc = connect_db()) != NV_OK)
			return rc;
		t0 = clock_mono_ms();
		if ((c = lookup(sql, &e, &msg)) == NULL)
			goto fail;
		memset(b, 0, sizeof(b[0]) * (n ? n : 1));
		for (i = 0; i < n; i++) {
			switch (p[i].type) {
			case DB_T_NULL:
				b[i].buffer_type = MYSQL_TYPE_NULL;
				break;
			case DB_T_INT:
				b[i].buffer_type = MYSQL_TYPE_LONGLONG;
				b[i].buffer = (void *)(uintptr_t)&p[i].i;
				break;
			case DB_T_STR:
				lens[i] = p[i].len;
				b[i].buffer_type = MYSQL_TYPE_STRING;
				b[i].buffer = (void *)(uintptr_t)p[i].p;
				b[i].buffer_length = p[i].len;
				b[i].length = &lens[i];
				break;
			}
		}
		if (mysql_stmt_param_count(c->st) != n) {
			log_warnx("db: %.60s: %lu parameters, %zu given", sql,
			    mysql_stmt_param_count(c->st), n);
			return NV_EINTERNAL;
		}
		if (n > 0 && mysql_stmt_bind_param(c->st, b) != 0) {
			e = stmt_err(c->st, &msg);
			goto fail;
		}
		if (mysql_stmt_execute(c->st) != 0) {
			e = stmt_err(c->st, &msg);
			goto fail;
		}
		if (in_tx && !ending && tx_gone(c))
			return NV_EDBDOWN;
		*out = c;
		return NV_OK;
	fail:
		/* Lost after a long wait: not answering, so no second wait. */
		slow = clock_mono_ms() - t0 >= SLOW_CONNECT_S * 1000;
		if (in_tx || slow)
			break;
		/*
		 * A statement on its own (autocommit) that lost a deadlock
		 * was rolled back by the server: running it again is safe
		 * (concurrent logins' throttle rows met this way, and on a
		 * Galera cluster through two nodes, more than once).  Inside
		 * a transaction the whole of it is run again, by db_tx().
		 */
		if (e == ER_LOCK_DEADLOCK && deadlocks < DB_TX_RETRIES) {
			log_info("db: deadlock outside a transaction; again");
			db_backoff(deadlocks++);
			attempt--;
			continue;
		}
		if (attempt == 1 || !is_conn_lost(e))
			break;
		log_info("db: connection lost (%u), reconnecting", e);
		db_close();
		/* Not ready (Galera): the next connect takes another. */
		servers[cur].last_fail = is_node_unready(e) ? time(NULL) : 0;
	}
	if (is_conn_lost(e) && in_tx)
		broken = true;
	if (is_conn_lost(e) && !in_tx)
		db_close();
	if (is_conn_lost(e) && (slow || is_node_unready(e)))
		servers[cur].last_fail = time(NULL);
	return map_err(sql, e, msg);
}

/* Streams the result of an executed statement to fn. */
/*
 * Column k of the current row did not fit: its buffer grows to hold len
 * bytes and a NUL (at least doubling, at most COL_BUF_MAX) and the value
 * is fetched into it.  The caller binds b again once the row is read:
 * binding resets what mysql_stmt_fetch_column() reads the row's other
 * columns from.
 */
static enum nv_err
grow(struct cached *c, MYSQL_BIND *b, unsigned k, unsigned long len)
{
	unsigned long sz = c->bufsz[k] * 2;
	const char *msg;
	MYSQL_BIND one;
	unsigned e;
	char *nb;

	if (sz < len + 1)
		sz = len + 1;
	if (sz > COL_BUF_MAX)
		sz = COL_BUF_MAX;
	if ((nb = realloc(c->bufs[k], sz)) == NULL)
		return NV_EINTERNAL;
	c->bufs[k] = nb;
	c->bufsz[k] = sz;
	memset(&one, 0, sizeof(one));
	one.buffer_type = MYSQL_TYPE_STRING;
	one.buffer = nb;
	one.buffer_length = len;
	if (mysql_stmt_fetch_column(c->st, &one, k, 0) != 0) {
		e = stmt_err(c->st, &msg);
		return map_err(c->sql, e, msg);
	}
	nb[len] = '\0';
	b[k].buffer = nb;
	b[k].buffer_length = sz - 1;
	return NV_OK;
}

static enum nv_err
fetch(struct cached *c, db_row_fn fn, void *ctx)
{
	MYSQL_BIND b[COLS_MAX];
	unsigned long lens[COLS_MAX];
	my_bool nulls[COLS_MAX], errs[COLS_MAX];
	struct str cells[COLS_MAX];
	const char *msg;
	unsigned k, e;
	int r;
	bool rebind = false;
	enum nv_err rc = NV_OK;

	memset(b, 0, sizeof(b[0]) * c->ncols);
	for (k = 0; k < c->ncols; k++) {
		b[k].buffer_type = MYSQL_TYPE_STRING;
		b[k].buffer = c->bufs[k];
		b[k].buffer_length = c->bufsz[k] - 1;
		b[k].length = &lens[k];
		b[k].is_null = &nulls[k];
		b[k].error = &errs[k];
	}
	if (mysql_stmt_bind_result(c->st, b) != 0) {
		e = stmt_err(c->st, &msg);
		return map_err(c->sql, e, msg);
	}
	for (;;) {
		r = mysql_stmt_fetch(c->st);
		if (r == MYSQL_NO_DATA)
			break;
		if (r == 1) {
			e = stmt_err(c->st, &msg);
			rc = map_err(c->sql, e, msg);
			if (is_conn_lost(e)) {
				if (in_tx)
					broken = true;
				else
					db_close();
				return rc;
			}
			break;
		}
		for (k = 0; k < c->ncols; k++) {
			if (nulls[k]) {
				cells[k] = STR_NULL;
				continue;
			}
			if (lens[k] <= c->bufsz[k] - 1) {
				c->bufs[k][lens[k]] = '\0';
				cells[k] = (struct str){c->bufs[k], lens[k]};
				continue;
			}
			/* Truncated: the column's buffer grows to hold it. */
			if (lens[k] < COL_BUF_MAX) {
				if ((rc = grow(c, b, k, lens[k])) != NV_OK)
					goto out;
				cells[k] = (struct str){c->bufs[k], lens[k]};
				rebind = true;
				continue;
			}
			/* Longer: fetch this value whole into scratch. */
			if (scratchsz < lens[k] + 1) {
				char *ns = realloc(scratch, lens[k] + 1);
				if (ns == NULL) {
					rc = NV_EINTERNAL;
					goto out;
				}
				scratch = ns;
				scratchsz = lens[k] + 1;
			}
			MYSQL_BIND one;
			memset(&one, 0, sizeof(one));
			one.buffer_type = MYSQL_TYPE_STRING;
			one.buffer = scratch;
			one.buffer_length = lens[k];
			if (mysql_stmt_fetch_column(c->st, &one, k, 0) != 0) {
				e = stmt_err(c->st, &msg);
				rc = map_err(c->sql, e, msg);
				goto out;
			}
			scratch[lens[k]] = '\0';
			cells[k] = (struct str){scratch, lens[k]};
		}
		if (rebind) {
			rebind = false;
			if (mysql_stmt_bind_result(c->st, b) != 0) {
				e = stmt_err(c->st, &msg);
				rc = map_err(c->sql, e, msg);
				break;
			}
		}
		if ((rc = fn(ctx, cells, c->ncols)) != NV_OK)
			break;
	}
out:
	mysql_stmt_free_result(c->st);
	if (rc != NV_OK)
		mysql_stmt_reset(c->st);
	else if (in_tx && !ending && tx_gone(c))
		rc = NV_EDBDOWN; /* the rows were read outside it */
	return rc;
}

struct collect {
	struct arena *a;
	struct db_res *res;
	size_t cap;
};

static enum nv_err
collect_row(void *ctx, const struct str *cells, size_t ncols)
{
	struct collect *cc = ctx;
	struct db_res *r = cc->res;
	struct str *nc;
	size_t k;
	char *p;

	if (r->nrows == cc->cap) {
		size_t ncap = cc->cap ? cc->cap * 2 : 16;
		if ((nc = arena_alloc(cc->a, ncap * ncols * sizeof(*nc))) ==
		    NULL)
			return NV_ETOOBIG;
		if (r->nrows > 0)
			memcpy(nc, r->cells, r->nrows * ncols * sizeof(*nc));
		r->cells = nc;
		cc->cap = ncap;
	}
	for (k = 0; k < ncols; k++) {
		struct str *dst = &r->cells[r->nrows * ncols + k];
		if (cells[k].p == NULL) {
			*dst = STR_NULL;
			continue;
		}
		if ((p = arena_strndup(cc->a, cells[k].p, cells[k].len)) ==
		    NULL)
			return NV_ETOOBIG;
		*dst = (struct str){p, cells[k].len};
	}
	r->nrows++;
	return NV_OK;
}

enum nv_err
db_query(struct arena *a, const char *sql, const struct db_param *p, size_t n,
    struct db_res *out)
{
	struct cached *c;
	struct collect cc = {a, out, 0};
	enum nv_err rc;

	memset(out, 0, sizeof(*out));
	if ((rc = run(sql, p, n, &c)) != NV_OK)
		return rc;
	out->ncols = c->ncols;
	if (c->ncols == 0)
		return NV_OK;
	return fetch(c, collect_row, &cc);
}

enum nv_err
db_each(const char *sql, const struct db_param *p, size_t n, db_row_fn fn,
    void *ctx)
{
	struct cached *c;
	enum nv_err rc;

	if ((rc = run(sql, p, n, &c)) != NV_OK)
		return rc;
	if (c->ncols == 0)
		return NV_OK;
	return fetch(c, fn, ctx);
}

enum nv_err
db_each_bounded(const char *sql, const struct db_param *p, size_t n,
    db_row_fn fn, void *ctx)
{
	enum nv_err rc;

	refusal_err = ER_FILSORT_ABORT;
	rc = db_each(sql, p, n, fn, ctx);
	refusal_err = 0;
	return rc;
}

enum nv_err
db_exec(const char *sql, const struct db_param *p, size_t n, uint64_t *affected,
    uint64_t *insert_id)
{
	struct cached *c;
	enum nv_err rc;

	if ((rc = run(sql, p, n, &c)) != NV_OK)
		return rc;
	if (affected != NULL)
		*affected = mysql_stmt_affected_rows(c->st);
	if (insert_id != NULL)
		*insert_id = mysql_stmt_insert_id(c->st);
	if (c->ncols > 0)
		mysql_stmt_free_result(c->st);
	return NV_OK;
}

enum nv_err
db_exec_or_refuse(
    const char *sql, const struct db_param *p, size_t n, uint64_t *affected)
{
	enum nv_err rc;

	refusal_err = ER_BAD_NULL_ERROR;
	rc = db_exec(sql, p, n, affected, NULL);
	refusal_err = 0;
	return rc;
}

enum nv_err
db_begin(void)
{
	static const char sql[] = "START TRANSACTION";
	enum nv_err rc;

	assert(!in_tx);
	retryable = false;
	if ((rc = db_exec(sql, NULL, 0, NULL, NULL)) != NV_OK)
		return rc;
	in_tx = true;
	return NV_OK;
}

enum nv_err
db_commit(void)
{
	static const char sql[] = "COMMIT";
	enum nv_err rc;

	assert(in_tx);
	last_err = 0;
	ending = true;
	rc = db_exec(sql, NULL, 0, NULL, NULL);
	ending = false;
	in_tx = false;
	if (rc == NV_OK)
		return NV_OK;
	/*
	 * A deadlock at COMMIT is Galera's certification failure: another
	 * node's write set won and this transaction was rolled back, so
	 * running it again is safe.  Any other failure: outcome unknown.
	 */
	retryable = last_err == ER_LOCK_DEADLOCK;
	if (!retryable && conn != NULL)
		broken = true; /* outcome unknown: start afresh */
	return rc;
}

void
db_rollback(void)
{
	static const char sql[] = "ROLLBACK";

	if (!in_tx)
		return;
	ending = true;
	if (!broken && db_exec(sql, NULL, 0, NULL, NULL) != NV_OK)
		broken = true;
	ending = false;
	in_tx = false;
	if (broken)
		db_close();
}

bool
db_in_tx(void)
{
	return in_tx;
}

enum nv_err
db_ping(void)
{
	static const char sql[] = "SELECT 1";
	struct arena *a;
	struct db_res r;
	enum nv_err rc;

	if ((a = arena_new(4096)) == NULL)
		return NV_EINTERNAL;
	rc = db_query(a, sql, NULL, 0, &r);
	arena_free(a);
	return rc == NV_OK ? NV_OK : NV_EDBDOWN;
}

struct str
db_cell(const struct db_res *r, size_t row, size_t col)
{
	assert(row < r->nrows && col < r->ncols);
	return r->cells[row * r->ncols + col];
}

int64_t
db_str_int(struct str s)
{
	int64_t v;

	if (s.p == NULL || str_to_i64(s, INT64_MIN, INT64_MAX, &v) != NV_OK)
		return 0;
	return v;
}

int64_t
db_int(const struct db_res *r, size_t row, size_t col)
{
	return db_str_int(db_cell(r, row, col));
}
