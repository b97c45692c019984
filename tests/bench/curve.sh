#!/bin/sh
# SPDX-License-Identifier: ISC
# make bench-curve: the heavy reads as the data grows (issue 8).  A stack
# of its own (run/curve/, or run/BENCH_CURVE_STACK/; BENCH_CURVE_HTTP_PORT,
# BENCH_CURVE_LDAP_PORT)
# grown to each size of BENCH_CURVE (default "1000 10000 100000" tasks,
# BENCH_CURVE_REPORTS reports per task, default 10), and at each size,
# through nginx, with Accept-Encoding: gzip as a browser asks: the median
# and p99 of one connection kept alive for BENCH_SEQ_SECONDS (2) under wrk
# (lib.sh's sequential) of the dashboard, a search that matches nothing, a
# search of common words, a list page below a cursor (built, not a kept
# page), and GET /health (a session check and nothing else: the machine's
# noise at that moment, against which to read the others' ratios); and
# the median and p90 of 15 dashboards built after a write, each timed by
# curl (a fresh connection, the floor's ~1 ms in it).  Prints one table
# with each median's ratio to the smallest size's: flat is near 1.
#
# Until issue 8's eleventh pass every row was a curl --compressed per
# request: its connect and its inflating the body were in the figures,
# about 1.5 ms more at 1k tasks and 2.0 ms more at 100k for the kept
# dashboard (tests/bench/README.md, "As the data grows").  A request that
# fails makes the whole run fail.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
sizes=${BENCH_CURVE:-1000 10000 100000}
per=${BENCH_CURVE_REPORTS:-10}
export BENCH_STACK=${BENCH_CURVE_STACK:-curve} BENCH_HTTP_PORT=${BENCH_CURVE_HTTP_PORT:-28180} \
    BENCH_LDAP_PORT=${BENCH_CURVE_LDAP_PORT:-28480}
res=$top/run/curve-results.txt
: > "$res"

med() {	# med COOKIE PATH -> "median p99" in ms
	set -- "$1" "$2" "$(BENCH_HEADER='Accept-Encoding: gzip' \
	    sequential 5 "$1" "$2")"
	set -- $3
	[ "$4" = 0 ] || { echo "curve: $4 requests failed" >&2; exit 1; }
	echo "$2 $3"
}

# One request on a fresh connection, its body kept compressed as it came
# (a browser inflates it after the last byte): prints its seconds.
once() {	# once COOKIE PATH
	curl -sf -o /dev/null -w '%{time_total}\n' -H 'Accept-Encoding: gzip' \
	    -H "Cookie: nv_session=$1" "$base$2"
}

# 15 requests, each on a fresh connection after SQL (none if empty): the
# dashboard as it is built, which is what the first request after a write
# costs, or the floor (GET /health).
built() {	# built SQL COOKIE PATH -> "median p90" in ms
	t=
	for i in $(seq 15); do
		[ -z "$1" ] || sql -e "$1"
		t="$t $(once "$2" "$3")"
	done
	printf '%s\n' $t | sort -n |
	    awk '{ t[NR] = $1 * 1000 } END { printf "%.2f %.2f\n", t[8], t[14] }'
}

# BENCH_CURVE_HAVE: the tasks the stack already holds (an earlier run's,
# BENCH_CURVE_KEEP=1); a size it reaches is measured without loading.
have=${BENCH_CURVE_HAVE:-0}
for n in $sizes; do
	add=$((n - have))
	BENCH_NO_LOAD=0
	[ "$add" -gt 0 ] || BENCH_NO_LOAD=1
	BENCH_TASKS=$add BENCH_REPORTS=$((add * per))
	export BENCH_TASKS BENCH_REPORTS BENCH_NO_LOAD
	. tests/bench/setup.sh
	. tests/bench/lib.sh
	[ "$add" -le 0 ] || have=$n
	cur=$(/usr/bin/python3 -c 'import base64,sys; print(base64.urlsafe_b64encode(("t1:%d" % (int(sys.argv[1]) // 2)).encode()).decode().rstrip("="))' \
	    "$(sql -e 'SELECT MAX(id) FROM tasks')")
	# Each row on its own line, so that one that fails stops the run.
	row=$(sql -e 'SELECT COUNT(*) FROM tasks')
	row="$row $(sql -e 'SELECT COUNT(*) FROM reports')"
	r=$(med "$LD" /api/v1/dashboard); row="$row $r"
	# After a report written: dash_version bumped.
	r=$(built "UPDATE dash_version SET v = v + 1 WHERE agency_code = ''" \
	    "$LD" /api/v1/dashboard); row="$row $r"
	# After a task written: one overdue task's notes changed (its
	# triggers bump dash_version and list_version), so the summary's
	# sums and the overdue list's keys are read again and the piece
	# holding that task read and written again (api_dashboard_overdue.c).
	id=$(sql -e "SELECT id FROM tasks WHERE status = 'in_program' AND deadline < CURDATE() ORDER BY id LIMIT 1")
	r=$(built "UPDATE tasks SET notes = CONCAT('curve ', RAND()) WHERE id = $id" \
	    "$LD" /api/v1/dashboard); row="$row $r"
	r=$(med "$TT" '/api/v1/tasks?q=khongcodau&limit=50'); row="$row $r"
	r=$(med "$TT" '/api/v1/tasks?q=chuyen%20doi%20so&limit=50'); row="$row $r"
	r=$(med "$TT" "/api/v1/tasks?limit=50&cursor=$cur"); row="$row $r"
	r=$(med "$CB" "/api/v1/tasks?limit=50&cursor=$cur"); row="$row $r"
	r=$(med "$LD" /api/v1/health); row="$row $r"
	r=$(built "" "$LD" /api/v1/health); row="$row $r"
	echo "$row" >> "$res"
done
# BENCH_CURVE_KEEP=1: the stack left running, loaded, to measure again.
[ "${BENCH_CURVE_KEEP:-0}" = 1 ] ||
	sh packaging/stack.sh stop "$BENCH_STACK" > /dev/null
{
echo "== $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); ms; x: median / the smallest size's"
echo "   median (p99) of ${BENCH_SEQ_SECONDS:-2} s on one connection under wrk; the built ones: median (p90) of 15 by curl"
printf '%8s %9s | %-16s | %-16s | %-16s | %-16s | %-16s | %-16s | %-16s | %-16s | %-16s\n' tasks reports \
    dashboard "dashboard, built" "built, task edit" "q=<no match>" "q=chuyen doi so" "list (secr.)" "list (official)" \
    "/health (the floor)" "/health by curl"
awk 'NR == 1 { for (i = 3; i <= NF; i += 2) b[i] = $i }
    { printf "%8d %9d", $1, $2
      for (i = 3; i <= NF; i += 2) printf " | %5.2f (%5.2f) %4.2fx", $i, $(i + 1), $i / b[i]
      printf "\n" }' "$res"
} | tee -a "$top/run/curve.txt"
