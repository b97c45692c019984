#!/bin/sh
# SPDX-License-Identifier: ISC
# Starts and stops a private nhiemvu stack (MariaDB, slapd, the worker pool,
# nginx) on loopback, every file under run/NAME/ of the checkout.  Each
# server is stopped by the pid in its own pid file, never by name.
#
#   stack.sh start NAME    start what is not running yet (idempotent)
#   stack.sh stop NAME     stop what start started
#   stack.sh status NAME
#   stack.sh stop-ldap|start-ldap|stop-db|start-db|stop-pool|start-pool NAME
#                                                        (for the tests)
#
# Environment: HTTP_PORT (8080), LDAP_PORT (3389), WORKERS (4), TLS_PORT
# (unset: no HTTPS server; else nginx serves HTTPS there with HSTS and a
# certificate for 127.0.0.1 from the stack's own CA, run/NAME/ldap/tls/),
# EXTRA_LDIF (more directory entries, loaded once with the demo's),
# ROLE_OFFICIAL, ROLE_SECRETARIAT (those settings), NV_CONF_EXTRA (more),
# POOL_WRAP (a command the pool runs under, e.g. valgrind: make
# check-valgrind), SMTP_PORT (HTTP_PORT + 4445: a local SMTP sink from
# python3-aiosmtpd that keeps every mail in run/NAME/mail/, a Maildir;
# the reminders of issue 12 go there: the stack sends them at start with
# `nhiemvu -R`, then every morning at 07:30 in the province (00:30 UTC), as
# the package's nhiemvu-remind.timer does, from a loop whose pid is in
# run/NAME/remind.pid and which stop ends; REMIND_DAILY=0: no loop).
#
# Started as root, the worker pool drops to the system user nhiemvu (made
# here if missing) and nginx's workers run as www-data, the socket's group:
# the socket is 0660, so no other local user can talk FastCGI to the pool.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cmd=${1:-}
name=${2:-demo}
case $name in *[!a-z0-9_-]*|'') echo "stack: bad name '$name'" >&2; exit 2 ;; esac
run=$top/run/$name
HTTP_PORT=${HTTP_PORT:-8080}
LDAP_PORT=${LDAP_PORT:-3389}
LDAPS_PORT=${LDAPS_PORT:-$((LDAP_PORT + 1))}
WORKERS=${WORKERS:-4}
SMTP_PORT=${SMTP_PORT:-$((HTTP_PORT + 4445))}
SUFFIX=dc=nghean,dc=gov,dc=vn
SERVICE_DN=cn=nhiemvu,ou=services,$SUFFIX
DEMO_PASSWORD=Demo@2026
BODY_MAX=65536
# The largest evidence file; nginx takes it and the multipart envelope.
ATTACH_MAX=${ATTACH_MAX:-20971520}
POOL_USER=nhiemvu
NGINX_GROUP=www-data

say() { printf 'stack(%s): %s\n' "$name" "$*"; }
die() { printf 'stack(%s): %s\n' "$name" "$*" >&2; exit 1; }

alive() {	# alive PIDFILE
	[ -f "$1" ] && pid=$(cat "$1" 2>/dev/null) && [ -n "$pid" ] &&
	    kill -0 "$pid" 2>/dev/null
}

# wait_for SECONDS WHAT COMMAND...: every wait is bounded.
wait_for() {
	t=$1; what=$2; shift 2
	i=0
	while ! "$@" >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -le $((t * 10)) ] || die "$what did not come up in ${t}s (see $run/log/)"
		sleep 0.1
	done
}

stop_pid() {	# stop_pid PIDFILE WHAT
	if alive "$1"; then
		pid=$(cat "$1")
		kill -TERM "$pid" 2>/dev/null || true
		i=0
		while kill -0 "$pid" 2>/dev/null && [ $i -lt 300 ]; do
			sleep 0.1; i=$((i + 1))
		done
		if kill -0 "$pid" 2>/dev/null; then
			say "$2 did not stop in 30s; killing it"
			kill -KILL "$pid" 2>/dev/null || true
		fi
		say "$2 stopped"
	fi
	rm -f "$1"
}

# The pool's own system user, when we are root: no login, no home.
ensure_pool_user() {
	[ "$(id -u)" -eq 0 ] || return 0
	id -u "$POOL_USER" > /dev/null 2>&1 ||
	    useradd --system --user-group --no-create-home \
	    --home-dir /nonexistent --shell /usr/sbin/nologin "$POOL_USER" ||
	    id -u "$POOL_USER" > /dev/null 2>&1 ||	# made meanwhile by another stack
	    die "cannot create the system user $POOL_USER"
	getent group "$NGINX_GROUP" > /dev/null ||
	    die "no group $NGINX_GROUP (nginx's): is nginx installed?"
	let_through
}

# The pool's user and nginx's workers reach files under the checkout (the
# web UI, run/NAME/): a parent folder made private (mktemp -d makes 0700
# ones, as a CI clone may live in) would lock them out.  Such folders get
# traverse only (o+x: no listing), once, and it is said.
let_through() {
	[ "$(id -u)" -eq 0 ] || return 0
	d=$top
	while [ "$d" != / ]; do
		for u in "$POOL_USER" "$NGINX_GROUP"; do
			if ! runuser -u "$u" -- test -x "$d" 2>/dev/null; then
				chmod o+x "$d" ||
				    die "cannot let $u through $d"
				say "$d: o+x, so that $u reaches the stack"
			fi
		done
		d=$(dirname "$d")
	done
}

# pool_owns FILE...: secrets the pool re-reads after dropping root (SIGHUP).
pool_owns() {
	[ "$(id -u)" -eq 0 ] || return 0
	chown root:"$POOL_USER" "$run/secrets"
	chmod 750 "$run/secrets"
	chown "$POOL_USER":"$POOL_USER" "$@"
	chmod 600 "$@"
}

secret() {	# secret FILE: a random password, made once, mode 600
	if [ ! -s "$1" ]; then
		umask 077
		head -c 24 /dev/urandom | base64 | tr -d '/+=\n' > "$1"
		umask 022
	fi
}

subst() {	# subst TEMPLATE > OUT, replacing @NAME@ from the environment
	sed -e "s|@RUN@|$run|g" -e "s|@SUFFIX@|$SUFFIX|g" \
	    -e "s|@SERVICE_DN@|$SERVICE_DN|g" -e "s|@ROOTPW@|${ROOTPW:-}|g" \
	    -e "s|@LISTEN@|127.0.0.1:$HTTP_PORT|g" \
	    -e "s|@FCGI_SOCKET@|$run/nhiemvu.sock|g" \
	    -e "s|@WWW@|$top/nginx/www|g" -e "s|@BODY_MAX@|$BODY_MAX|g" \
	    -e "s|@ATTACH_BODY_MAX@|$((ATTACH_MAX + 65536))|g" \
	    -e "s|@ACCESS_LOG@|$run/log/nginx-access.log|g" \
	    -e "s|@CACHE@|$run/nginx/cache|g" \
	    -e "s|@USER@|${NGINX_USER:-}|g" "$1"
}

start_mariadb() {
	# Its own temporary directory: stacks that share /tmp (several on one
	# machine, or a CI clone beside a developer's) never meet there.
	mkdir -p "$run/db/tmp"
	if ! alive "$run/db/mariadb.pid"; then
		if [ ! -d "$run/db/data/mysql" ]; then
			say "creating the MariaDB datadir"
			mariadb-install-db --no-defaults --datadir="$run/db/data" \
			    --tmpdir="$run/db/tmp" \
			    --auth-root-authentication-method=socket \
			    --skip-test-db --user="$(id -un)" \
			    > "$run/log/mariadb-install.log" 2>&1 ||
			    die "mariadb-install-db failed (see $run/log/mariadb-install.log)"
		fi
		mariadbd --no-defaults --datadir="$run/db/data" \
		    --socket="$run/db/mysql.sock" --pid-file="$run/db/mariadb.pid" \
		    --tmpdir="$run/db/tmp" \
		    --user="$(id -un)" --skip-networking --skip-name-resolve \
		    --character-set-server=utf8mb4 \
		    --collation-server=utf8mb4_uca1400_ai_ci \
		    --innodb-buffer-pool-size=256M --innodb-flush-log-at-trx-commit=1 \
		    --max-connections=200 --log-error="$run/log/mariadb.log" \
		    --local-infile=1 > /dev/null 2>&1 &
		wait_for 60 MariaDB mariadb-admin --protocol=socket \
		    -S "$run/db/mysql.sock" -u root ping
		say "MariaDB up (socket $run/db/mysql.sock)"
	fi
	secret "$run/secrets/db_password"
	sh "$top/schema/migrate.sh" -S "$run/db/mysql.sock" \
	    -p "$run/secrets/db_password" > "$run/log/migrate.log" 2>&1 ||
	    { cat "$run/log/migrate.log" >&2; die "migrations failed"; }
	sh "$top/schema/demo/load.sh" -S "$run/db/mysql.sock" \
	    >> "$run/log/migrate.log" 2>&1 ||
	    { cat "$run/log/migrate.log" >&2; die "demo data failed"; }
}

# A private CA and a server certificate for 127.0.0.1, so StartTLS and
# ldaps:// can be exercised for real; plus a second, unrelated CA that a
# client must refuse to trust.
make_tls() {
	d=$run/ldap/tls
	[ -f "$d/server.crt" ] && return 0
	mkdir -p "$d"
	for ca in ca other-ca; do
		openssl req -x509 -newkey rsa:2048 -nodes -days 3650 \
		    -subj "/CN=nhiemvu $name $ca" -keyout "$d/$ca.key" \
		    -out "$d/$ca.crt" -addext basicConstraints=critical,CA:TRUE \
		    -addext keyUsage=critical,keyCertSign,cRLSign \
		    > /dev/null 2>&1 || die "openssl: cannot make $ca"
	done
	printf '%s\n' "subjectAltName=IP:127.0.0.1,DNS:localhost" \
	    "basicConstraints=CA:FALSE" "keyUsage=digitalSignature,keyEncipherment" \
	    "extendedKeyUsage=serverAuth" > "$d/server.ext"
	openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" \
	    -keyout "$d/server.key" -out "$d/server.csr" > /dev/null 2>&1 &&
	openssl x509 -req -in "$d/server.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" \
	    -CAcreateserial -days 3650 -extfile "$d/server.ext" \
	    -out "$d/server.crt" > /dev/null 2>&1 || die "openssl: cannot sign"
	chmod 600 "$d"/*.key
}

start_slapd() {
	mkdir -p "$run/ldap/data"
	make_tls
	secret "$run/secrets/ldap_service_password"
	secret "$run/secrets/ldap_root_password"
	if [ ! -f "$run/ldap/slapd.conf" ]; then
		ROOTPW=$(slappasswd -h '{SSHA}' -T "$run/secrets/ldap_root_password")
		ROOTPW=$ROOTPW subst "$top/schema/ldap/slapd.conf.in" > "$run/ldap/slapd.conf"
	fi
	if [ ! -f "$run/ldap/data/data.mdb" ]; then
		say "loading the demo directory"
		sh "$top/schema/ldap/demo-ldif.sh" "$DEMO_PASSWORD" \
		    "$run/secrets/ldap_service_password" "$SUFFIX" > "$run/ldap/demo.ldif"
		if [ -n "${EXTRA_LDIF:-}" ]; then
			sed "s/@PASSWORD_HASH@/$(slappasswd -h '{SSHA}' -s "$DEMO_PASSWORD" | sed 's/[\/&]/\\&/g')/" \
			    "$EXTRA_LDIF" >> "$run/ldap/demo.ldif"
		fi
		slapadd -q -f "$run/ldap/slapd.conf" -l "$run/ldap/demo.ldif" \
		    > "$run/log/slapadd.log" 2>&1 ||
		    { cat "$run/log/slapadd.log" >&2; die "slapadd failed"; }
	fi
	if ! alive "$run/ldap/slapd.pid"; then
		slapd -f "$run/ldap/slapd.conf" \
		    -h "ldap://127.0.0.1:$LDAP_PORT/ ldaps://127.0.0.1:$LDAPS_PORT/" \
		    > "$run/log/slapd.log" 2>&1 || die "slapd failed to start"
		wait_for 30 slapd ldapsearch -x -H "ldap://127.0.0.1:$LDAP_PORT/" \
		    -s base -b "" "(objectClass=*)" 1.1
		say "slapd up (ldap://127.0.0.1:$LDAP_PORT/, ldaps://127.0.0.1:$LDAPS_PORT/)"
	fi
}

write_conf() {
	cat > "$run/nhiemvu.conf" <<CONF
# Written by packaging/stack.sh for the '$name' stack; see
# packaging/nhiemvu.conf.example for every setting and its meaning.
listen = $run/nhiemvu.sock
socket_mode = 0660
socket_group = $NGINX_GROUP
user = $POOL_USER
workers = $WORKERS
pid_file = $run/nhiemvu.pid
log_level = info
body_max = $BODY_MAX
attachment_max = $ATTACH_MAX
db_socket = $run/db/mysql.sock
db_name = nhiemvu
db_user = nhiemvu
db_password_file = $run/secrets/db_password
ldap_uri = ldap://127.0.0.1:$LDAP_PORT/
ldap_starttls = yes
ldap_tls_cacert = $run/ldap/tls/ca.crt
ldap_tls_require_cert = demand
ldap_bind_dn = $SERVICE_DN
ldap_bind_password_file = $run/secrets/ldap_service_password
ldap_user_base = ou=people,$SUFFIX
ldap_group_base = ou=groups,$SUFFIX
role_official = ${ROLE_OFFICIAL:-cn=nhiemvu-official,ou=groups,$SUFFIX}
role_head = cn=nhiemvu-head,ou=groups,$SUFFIX
role_secretariat = ${ROLE_SECRETARIAT:-cn=nhiemvu-secretariat,ou=groups,$SUFFIX}
role_leadership = cn=nhiemvu-leadership,ou=groups,$SUFFIX
role_admin = cn=nhiemvu-admin,ou=groups,$SUFFIX
# The shipped default requires a second factor of admin and secretariat;
# the demo and the general tests log in with passwords alone (the tests
# of the second factor turn it on for themselves).
totp_required_roles =
# Reminders by e-mail go to the stack's own SMTP sink (run/$name/mail/).
smtp_url = smtp://127.0.0.1:$SMTP_PORT
smtp_from = nhiemvu@nghean.gov.vn
smtp_starttls = no
smtp_timeout = 10
app_url = http://127.0.0.1:$HTTP_PORT
CONF
	if [ -n "${NV_CONF_EXTRA:-}" ]; then
		printf '%s\n' "$NV_CONF_EXTRA" >> "$run/nhiemvu.conf"
	fi
}

start_pool() {
	if ! alive "$run/nhiemvu.pid"; then
		[ -x "$top/build/nhiemvu" ] || die "build/nhiemvu is missing: run make"
		ensure_pool_user
		pool_owns "$run/secrets/db_password" \
		    "$run/secrets/ldap_service_password"
		# The pool, no longer root at exit, cannot unlink it; a stale
		# one would make the wait below return at once.
		rm -f "$run/nhiemvu.sock"
		# Written once: later starts keep the operator's edits.
		[ -f "$run/nhiemvu.conf" ] || write_conf
		"$top/build/nhiemvu" -n -f "$run/nhiemvu.conf" > /dev/null ||
		    die "the configuration is not valid"
		# shellcheck disable=SC2086 # POOL_WRAP is a command line
		${POOL_WRAP:-} "$top/build/nhiemvu" -f "$run/nhiemvu.conf" \
		    >> "$run/log/nhiemvu.log" 2>&1 &
		wait_for 60 "the worker pool" test -S "$run/nhiemvu.sock"
		say "worker pool up ($WORKERS workers, $run/nhiemvu.sock)"
	fi
}

start_nginx() {
	mkdir -p "$run/nginx/tmp"
	if ! alive "$run/nginx/nginx.pid"; then
		subst "$top/nginx/nhiemvu.conf.in" > "$run/nginx/nhiemvu.conf"
		subst "$top/nginx/nhiemvu-site.conf.in" \
		    > "$run/nginx/nhiemvu-site.conf"
		rm -f "$run/nginx"/tls-*.conf
		if [ -n "${TLS_PORT:-}" ]; then
			make_tls
			cat > "$run/nginx/tls-stack.conf" <<TLS
# Written by packaging/stack.sh: HTTPS for the '$name' stack.
server {
	listen		127.0.0.1:$TLS_PORT ssl;
	ssl_certificate		$run/ldap/tls/server.crt;
	ssl_certificate_key	$run/ldap/tls/server.key;
	ssl_protocols		TLSv1.2 TLSv1.3;
	ssl_session_tickets	off;
	include		$run/nginx/nhiemvu-site.conf;
}
TLS
		fi
		NGINX_USER=
		[ "$(id -u)" -ne 0 ] || NGINX_USER="user $NGINX_GROUP $NGINX_GROUP;"
		NGINX_USER=$NGINX_USER subst "$top/nginx/nginx-local.conf.in" \
		    > "$run/nginx/nginx.conf"
		nginx -p "$run/nginx" -e "$run/log/nginx-error.log" \
		    -c "$run/nginx/nginx.conf" || die "nginx failed to start"
		wait_for 15 nginx curl -sf -o /dev/null \
		    "http://127.0.0.1:$HTTP_PORT/api/v1/health"
		say "nginx up (http://127.0.0.1:$HTTP_PORT/${TLS_PORT:+, https://127.0.0.1:$TLS_PORT/})"
	fi
}

# The SMTP sink: every message kept in the Maildir run/NAME/mail/.
start_smtp() {
	if ! alive "$run/smtp.pid"; then
		mkdir -p "$run/mail/tmp" "$run/mail/new" "$run/mail/cur"
		/usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" \
		    -c aiosmtpd.handlers.Mailbox "$run/mail" \
		    >> "$run/log/smtp.log" 2>&1 &
		echo $! > "$run/smtp.pid"
		wait_for 15 "the SMTP sink" /usr/bin/python3 -c \
		    "import socket; socket.create_connection(('127.0.0.1', $SMTP_PORT), 1)"
		say "SMTP sink up (127.0.0.1:$SMTP_PORT, mail in $run/mail/)"
	fi
}

# The reminders of the day (issue 12), once at start: what the package's
# nhiemvu-remind.timer runs every morning.
remind() {
	"$top/build/nhiemvu" -R -f "$run/nhiemvu.conf" >> "$run/log/remind.log" 2>&1 ||
	    say "the reminders did not all go out (see $run/log/remind.log)"
}

# Seconds from now to the next 00:30 UTC (07:30 in the province, no
# daylight saving), the time of the package's timer.
until_morning() {
	now=$(date -u +%s)
	next=$(( (now - 1800) / 86400 * 86400 + 86400 + 1800 ))
	echo $((next - now))
}

# Every morning after the first run (issue 12): a loop in the background,
# its own pid in remind.pid, its sleep ended with it, its output in
# remind.log (not the caller's terminal, which it would hold open).
start_remind_loop() {
	[ "${REMIND_DAILY:-1}" != 0 ] || return 0
	alive "$run/remind.pid" && return 0
	(
		s=
		trap '[ -z "$s" ] || kill "$s" 2>/dev/null; exit 0' TERM INT
		while :; do
			wait_s=$(until_morning)
			printf '%s: next reminders in %ss (%s)\n' "$(date -u +%FT%TZ)" \
			    "$wait_s" "$(date -u -d "@$(( $(date -u +%s) + wait_s ))" +%FT%TZ)"
			sleep "$wait_s" &
			s=$!
			wait "$s" || true
			s=
			remind
		done
	) < /dev/null >> "$run/log/remind.log" 2>&1 &
	echo $! > "$run/remind.pid"
	say "reminders every morning at 07:30 (00:30 UTC; pid $(cat "$run/remind.pid"))"
}

# The demo tasks, once: through the API, as the secretariat would.
seed() {
	n=$(mariadb --protocol=socket -S "$run/db/mysql.sock" -u root \
	    --batch --skip-column-names nhiemvu -e "SELECT COUNT(*) FROM tasks")
	[ "$n" = 0 ] || return 0
	# The demo also gets the 2026 registration round and programme
	# (issue 15); the test stacks start without them.
	round=
	[ "$name" = demo ] && round=--round
	# shellcheck disable=SC2086 # $round is one word or none
	/usr/bin/python3 "$top/schema/demo/seed.py" "http://127.0.0.1:$HTTP_PORT" \
	    $round >> "$run/log/migrate.log" 2>&1 ||
	    { tail -5 "$run/log/migrate.log" >&2; die "loading the demo tasks failed"; }
	if [ -n "$round" ]; then
		mariadb --protocol=socket -S "$run/db/mysql.sock" -u root nhiemvu \
		    < "$top/schema/demo/round-2026.sql" ||
		    die "dating the demo registrations failed"
	fi
	say "demo tasks loaded"
}

case $cmd in
start)
	mkdir -p "$run/log" "$run/secrets"
	chmod 700 "$run/secrets"
	start_mariadb
	start_slapd
	start_smtp
	start_pool
	start_nginx
	seed
	remind
	start_remind_loop
	;;
stop)
	stop_pid "$run/remind.pid" "reminder loop"
	stop_pid "$run/smtp.pid" "SMTP sink"
	stop_pid "$run/nginx/nginx.pid" nginx
	stop_pid "$run/nhiemvu.pid" "worker pool"
	stop_pid "$run/ldap/slapd.pid" slapd
	stop_pid "$run/db/mariadb.pid" MariaDB
	;;
stop-ldap)
	stop_pid "$run/ldap/slapd.pid" slapd
	;;
start-ldap)
	start_slapd
	;;
stop-db)
	stop_pid "$run/db/mariadb.pid" MariaDB
	;;
start-db)
	start_mariadb
	;;
stop-pool)
	stop_pid "$run/nhiemvu.pid" "worker pool"
	;;
start-pool)
	start_pool
	;;
status)
	for p in db/mariadb.pid ldap/slapd.pid smtp.pid remind.pid nhiemvu.pid nginx/nginx.pid; do
		if alive "$run/$p"; then echo "$p: running ($(cat "$run/$p"))"
		else echo "$p: stopped"; fi
	done
	;;
*)
	echo "usage: $0 start|stop|status|stop-ldap|start-ldap|stop-db|start-db|stop-pool|start-pool NAME" >&2
	exit 2
	;;
esac
