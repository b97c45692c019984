#!/bin/sh
# SPDX-License-Identifier: ISC
# make bench-curve: the heavy reads as the data grows (issue 8).  A stack
# of its own (run/curve/, or run/BENCH_CURVE_STACK/; BENCH_CURVE_HTTP_PORT,
# BENCH_CURVE_LDAP_PORT)
# grown to each size of BENCH_CURVE (default "1000 10000 100000" tasks,
# BENCH_CURVE_REPORTS reports per task, default 10), and at each size the
# median and p90 of 30 sequential requests through nginx of: the
# dashboard, a search that matches nothing, a search of common words, and
# a list page below a cursor (built, not a kept page), and GET /health (a
# session check and nothing else: the machine's noise at that moment,
# against which to read the others' ratios); each with
# Accept-Encoding: gzip, as a browser asks (curl --compressed).  Prints one table
# with each median's ratio to the smallest size's: flat is near 1.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
sizes=${BENCH_CURVE:-1000 10000 100000}
per=${BENCH_CURVE_REPORTS:-10}
export BENCH_STACK=${BENCH_CURVE_STACK:-curve} BENCH_HTTP_PORT=${BENCH_CURVE_HTTP_PORT:-28180} \
    BENCH_LDAP_PORT=${BENCH_CURVE_LDAP_PORT:-28480}
res=$top/run/curve-results.txt
: > "$res"

med() {	# med COOKIE PATH -> "median p90" in ms
	for i in 1 2 3 4 5; do
		curl -s --compressed -o /dev/null -H "Cookie: nv_session=$1" "$base$2"
	done
	for i in $(seq 30); do
		curl -s --compressed -o /dev/null -w '%{time_total}\n' -H "Cookie: nv_session=$1" "$base$2"
	done | sort -n | awk '{ t[NR] = $1 * 1000 } END { printf "%.1f %.1f\n", t[15], t[27] }'
}

# The same with dash_version bumped before each request: the dashboard as
# it is built, which is what the first request after any write costs.
cold() {	# cold COOKIE PATH -> "median p90" in ms
	for i in $(seq 15); do
		sql -e "UPDATE dash_version SET v = v + 1 WHERE agency_code = ''"
		curl -s --compressed -o /dev/null -w '%{time_total}\n' -H "Cookie: nv_session=$1" "$base$2"
	done | sort -n | awk '{ t[NR] = $1 * 1000 } END { printf "%.1f %.1f\n", t[8], t[14] }'
}

# The same after a task written: the notes of one overdue task changed
# before each request (its triggers bump dash_version and list_version),
# what the first request after an official's edit costs: the summary's
# sums and the overdue list's keys read again, the piece holding that
# task read and written again (api_dashboard_overdue.c).
cold_tasks() {	# cold_tasks COOKIE PATH -> "median p90" in ms
	id=$(sql -e "SELECT id FROM tasks WHERE status = 'in_program' AND deadline < CURDATE() ORDER BY id LIMIT 1")
	for i in $(seq 15); do
		sql -e "UPDATE tasks SET notes = 'curve $i' WHERE id = $id"
		curl -s --compressed -o /dev/null -w '%{time_total}\n' -H "Cookie: nv_session=$1" "$base$2"
	done | sort -n | awk '{ t[NR] = $1 * 1000 } END { printf "%.1f %.1f\n", t[8], t[14] }'
}

have=0
for n in $sizes; do
	add=$((n - have))
	[ "$add" -gt 0 ] || continue
	BENCH_TASKS=$add BENCH_REPORTS=$((add * per))
	export BENCH_TASKS BENCH_REPORTS
	. tests/bench/setup.sh
	have=$n
	cur=$(/usr/bin/python3 -c 'import base64,sys; print(base64.urlsafe_b64encode(("t1:%d" % (int(sys.argv[1]) // 2)).encode()).decode().rstrip("="))' \
	    "$(sql -e 'SELECT MAX(id) FROM tasks')")
	echo "$(sql -e 'SELECT COUNT(*) FROM tasks') $(sql -e 'SELECT COUNT(*) FROM reports')" \
	    "$(med "$LD" /api/v1/dashboard)" \
	    "$(cold "$LD" /api/v1/dashboard)" \
	    "$(cold_tasks "$LD" /api/v1/dashboard)" \
	    "$(med "$TT" '/api/v1/tasks?q=khongcodau&limit=50')" \
	    "$(med "$TT" '/api/v1/tasks?q=chuyen%20doi%20so&limit=50')" \
	    "$(med "$TT" "/api/v1/tasks?limit=50&cursor=$cur")" \
	    "$(med "$CB" "/api/v1/tasks?limit=50&cursor=$cur")" \
	    "$(med "$LD" /api/v1/health)" >> "$res"
done
sh packaging/stack.sh stop "$BENCH_STACK" > /dev/null
{
echo "== $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); median (p90) of 30 sequential requests, ms; x: median / the smallest size's"
printf '%8s %9s | %-16s | %-16s | %-16s | %-16s | %-16s | %-16s | %-16s | %-16s\n' tasks reports \
    dashboard "dashboard, built" "built, task edit" "q=<no match>" "q=chuyen doi so" "list (secr.)" "list (official)" \
    "/health (the floor)"
awk 'NR == 1 { for (i = 3; i <= NF; i += 2) b[i] = $i }
    { printf "%8d %9d", $1, $2
      for (i = 3; i <= NF; i += 2) printf " | %5.1f (%5.1f) %4.1fx", $i, $(i + 1), $i / b[i]
      printf "\n" }' "$res"
} | tee -a "$top/run/curve.txt"
