#!/bin/sh
# SPDX-License-Identifier: ISC
# A scenario of make bench (bench.sh): the heavy reads under wrk pinned to
# core 1 (-t1 -c8, BENCH_SECONDS), against GET /health (one FastCGI round
# trip with a session check) and nginx alone; and the dashboard as it is
# built, sequential requests with dash_version bumped before each (what
# the first request after any write costs; req/s there is 1000 / mean ms).
# The dashboard is asked with Accept-Encoding: gzip, as a browser asks.
# Rows to $BENCH_TABLE (lib.sh).
set -eu
. "$top/tests/bench/lib.sh"
cd "$top"
H="GET /health"
S="static file (nginx alone)"
ROUNDS=${BENCH_ROUNDS:-3}
last=$(( $(date +%Y) - 1 ))
# Every worker builds a dashboard once before it keeps it (and again after
# it is recycled, every max_requests): ask each path of a scenario a few
# times at once first, so that the rows measure the steady state.
warm() {	# warm COOKIE PATH
	for i in 1 2 3 4 5 6 7 8; do
		curl -s --compressed -o /dev/null -H "Cookie: nv_session=$1" "$base$2" &
	done
	wait
}
for r in $(seq "$ROUNDS"); do
	warm "$LD" /api/v1/dashboard
	warm "$LD" "/api/v1/dashboard?year=$last"
	row "$H" "$S" "$(measure 8 /api/v1/health 'X-Bench: 1')"
	row "dashboard (leadership), kept" "$H" \
	    "$(BENCH_HEADER='Accept-Encoding: gzip' \
	    measure 8 /api/v1/dashboard "Cookie: nv_session=$LD")"
	row "dashboard $last (leadership), kept" "$H" \
	    "$(BENCH_HEADER='Accept-Encoding: gzip' \
	    measure 8 "/api/v1/dashboard?year=$last" "Cookie: nv_session=$LD")"
done
# The searches after the rest: at 100,000 tasks a request outlasts wrk's
# run by seconds, and would hold the workers through the next row's.
for r in $(seq "$ROUNDS"); do
	row "list q=chuyen doi so (secretariat)" "$H" \
	    "$(measure 8 '/api/v1/tasks?q=chuyen%20doi%20so&limit=50' "Cookie: nv_session=$TT")"
	row "list q=<no match> (secretariat)" "$H" \
	    "$(measure 8 '/api/v1/tasks?q=khongcodau&limit=50' "Cookie: nv_session=$TT")"
	row "list agency&status&overdue (secretariat)" "$H" \
	    "$(measure 8 '/api/v1/tasks?agency=SKHCN&status=in_program&overdue=false&limit=50' "Cookie: nv_session=$TT")"
done
# Until the pool has answered what wrk left behind.
for i in $(seq 30); do
	t=$(curl -s -o /dev/null -w '%{time_total}' "$base/api/v1/health")
	awk -v t="$t" 'BEGIN { exit !(t < 0.05) }' && break
	sleep 1
done
# Built: sequential, each request after a bump of dash_version: what a
# report written costs the next request (the overdue list and the
# summary's sums, kept under list_version, are reused); then after a task
# written (one overdue task's notes, whose triggers bump both): the sums
# and the list's keys read again, the piece holding that task rewritten.
n=${BENCH_BUILT_N:-20}
built() {	# built NAME SQL
	for i in $(seq "$n"); do
		sql -e "$2"
		curl -s --compressed -o /dev/null -w '%{time_total} %{http_code}\n' \
		    -H "Cookie: nv_session=$LD" "$base/api/v1/dashboard"
	done | sort -n | awk -v n="$n" '
	    { t[NR] = $1 * 1000; sum += $1 * 1000; if ($2 !~ /^2/) bad++ }
	    END { q = int(NR * 0.99); if (q < 1) q = 1
	          printf "%.2f %.2f %.2f %d\n", 1000 * NR / sum, t[int((NR + 1) / 2)], t[q], bad }' |
	    { read -r res; row "$1" "$H" "$res"; }
}
built "dashboard (leadership), built, c1" \
    "UPDATE dash_version SET v = v + 1 WHERE agency_code = ''"
edited=$(sql -e "SELECT COALESCE((SELECT MIN(id) FROM tasks WHERE status = 'in_program' AND deadline < CURDATE()), (SELECT MIN(id) FROM tasks))")
built "dashboard (leadership), built after a task write, c1" \
    "UPDATE tasks SET notes = CONCAT('bench ', RAND()) WHERE id = $edited"
