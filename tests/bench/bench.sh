#!/bin/sh
# SPDX-License-Identifier: ISC
# make bench: a stack of its own (run/bench/) loaded with BENCH_TASKS tasks
# (default 100,000) and BENCH_REPORTS monthly reports (default 1,000,000),
# then latency of the heavy reads (sequential, through nginx) and
# throughput under wrk, each reported with a baseline measured in the
# same run: nginx serving a static file (nginx alone) and GET /health (one
# FastCGI round trip with a MariaDB and an LDAP query).  These machines are
# noisy: compare ratios, not absolute figures.
set -eu
. "$(dirname "$0")/setup.sh"

# Median and 90th percentile of N sequential requests, in milliseconds.
latency() {	# latency NAME COOKIE PATH
	n=30
	for i in 1 2 3 4 5; do	# warm the caches first
		curl -s -o /dev/null -H "Cookie: nv_session=$2" "$base$3"
	done
	for i in $(seq $n); do
		curl -s -o /dev/null -w '%{time_total}\n' -H "Cookie: nv_session=$2" "$base$3"
	done | sort -n | awk -v name="$1" -v n=$n '
	    { t[NR] = $1 * 1000 }
	    END { printf "%-34s median %7.1f ms   p90 %7.1f ms\n", name, t[int(n/2)], t[int(n*0.9)] }'
}

# Requests per second under wrk (pinned to one core, as SERVERS.md says).
rps() {	# rps COOKIE PATH
	taskset -c 1 wrk -t1 -c8 -d"${SECONDS_WRK}s" -H "Cookie: nv_session=$1" \
	    "$base$2" 2>/dev/null | awk '/Requests\/sec/ { print $2 }'
}

{
echo "== $(date -u +%FT%TZ) $(nproc) cores, $WORKERS workers; $TASKS tasks, $REPORTS reports"
echo "-- latency, 30 sequential requests through nginx"
latency "static file (nginx alone)" "" /index.html
latency "GET /health" "" /api/v1/health
latency "GET /dashboard (leadership)" "$LD" /api/v1/dashboard
latency "GET /dashboard?year=$(date +%Y -d '1 year ago')" "$LD" "/api/v1/dashboard?year=$(date +%Y -d '1 year ago')"
latency "GET /tasks?limit=50 (secretariat)" "$TT" "/api/v1/tasks?limit=50"
latency "GET /tasks?limit=50 (official)" "$CB" "/api/v1/tasks?limit=50"
latency "GET /tasks?q=chuyen doi so" "$TT" "/api/v1/tasks?q=chuyen%20doi%20so&limit=50"
latency "GET /tasks?q=<no match>" "$TT" "/api/v1/tasks?q=khongcodau&limit=50"
latency "GET /tasks?agency&status&overdue" "$TT" "/api/v1/tasks?agency=SKHCN&status=in_program&overdue=false&limit=50"
echo "-- throughput, wrk -t1 -c8 -d${SECONDS_WRK}s pinned to core 1"
s=$(rps "" /index.html); h=$(rps "" /api/v1/health)
l=$(rps "$TT" "/api/v1/tasks?limit=50"); d=$(rps "$LD" /api/v1/dashboard)
printf '%-34s %9s req/s\n' "static file (nginx alone)" "$s" "GET /health" "$h" \
    "GET /tasks?limit=50" "$l" "GET /dashboard" "$d"
awk -v s="$s" -v h="$h" -v l="$l" -v d="$d" 'BEGIN {
    printf "ratios: /health = %.3f of static; /tasks = %.3f of /health; /dashboard = %.4f of /health\n", h/s, l/h, d/h }'
} | tee -a "$out"
echo "bench: results appended to $out; 'sh packaging/stack.sh stop bench' stops the stack"
