#!/bin/sh
# SPDX-License-Identifier: ISC
# The statements a login sends MariaDB, from the general log of the
# running bench stack (run/bench/, make bench-logins first): N logins
# (default 3) of bench directory users not logged in before
# (bench.uK..., scenario-logins.sh adds them), one after another through
# nginx; prints each statement of the last one (parameters elided) and
# the count per login.  Usage: sh tests/bench/login_statements.sh [N] [K]
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
run=$top/run/bench
n=${1:-3}
k=${2:-4000}
sock=$run/db/mysql.sock
log=$run/db/general.log
sql() { mariadb --protocol=socket -S "$sock" -u root --batch --skip-column-names "$@"; }
port=$(sed -n 's/^[[:space:]]*listen[[:space:]]*127.0.0.1:\([0-9]*\);/\1/p' \
    "$run/nginx/nhiemvu.conf" | head -1)
login() {
	curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
	    -d "{\"username\":\"bench.u$1\",\"password\":\"Demo@2026\"}" \
	    "http://127.0.0.1:$port/api/v1/session"
}
# Each worker's connection (and its prepared statements) made first.
for i in 1 2 3 4 5 6 7 8; do login $((k + 100 + i)) > /dev/null; done
sql -e "SET GLOBAL general_log_file = '$log', general_log = ON"
: > "$log" 2>/dev/null || sql -e "FLUSH GENERAL LOGS"
sql -e "SELECT 'bench: logins start'" > /dev/null
i=0
while [ "$i" -lt "$n" ]; do
	i=$((i + 1))
	code=$(login $((k + i)))
	[ "$code" = 200 ] || { echo "login_statements: bench.u$((k + i)): $code" >&2; exit 1; }
	sql -e "SELECT 'bench: login $i done'" > /dev/null
done
sql -e "SET GLOBAL general_log = OFF"
# Execute: a prepared statement run; Query: a plain one (START
# TRANSACTION, COMMIT, ...).  Prepare/Close and our own markers are not
# counted.
awk -v n="$n" '
	/bench: logins start/ { on = 1; next }
	/bench: login [0-9]+ done/ { if (on) { per[++k] = c; c = 0; last = buf; buf = "" } next }
	!on { next }
	/\tExecute\t|\tQuery\t|[0-9] Execute\t|[0-9] Query\t/ {
		if ($0 ~ /SELECT .bench: |general_log|root@localhost/) next
		c++
		s = $0; sub(/.*(Execute|Query)\t/, "", s)
		buf = buf "  " substr(s, 1, 110) "\n"
	}
	END {
		printf "statements of the last login:\n%s", last
		for (i = 1; i <= k; i++) printf "login %d: %d statements\n", i, per[i]
	}' "$log"
