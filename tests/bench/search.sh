#!/bin/sh
# SPDX-License-Identifier: ISC
# make bench-search: the list's search (q=, issue 8) on the bench stack,
# as the secretariat and as an official: BENCH_SEARCH_N (60) sequential
# requests of each query through nginx after five to warm up; prints the
# median and p99 in ms, and appends a row per query to $BENCH_TABLE if set
# (req_s is the sequential rate, 1000 / mean ms).  /health is measured the
# same way, for the floor of one request on the machine at that moment.
set -eu
. "$(dirname "$0")/setup.sh"
N=${BENCH_SEARCH_N:-60}
one() {	# one COOKIE PATH -> "req_s p50 p99 non2xx"
	for i in 1 2 3 4 5; do
		curl -s -o /dev/null -H "Cookie: nv_session=$1" "$base$2"
	done
	for i in $(seq "$N"); do
		curl -s -o /dev/null -w '%{http_code} %{time_total}\n' \
		    -H "Cookie: nv_session=$1" "$base$2"
	done | sort -k2 -n | awk '{ t[NR] = $2 * 1000; s += t[NR]; if ($1 !~ /^2/) bad++ }
	    END { printf "%.2f %.2f %.2f %d\n", 1000 * NR / s, t[int(NR / 2) + 1], t[int(NR * 0.99) + (NR * 0.99 > int(NR * 0.99))], bad }'
}
echo "== $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $(sql -e 'SELECT COUNT(*) FROM tasks') tasks; $N sequential requests each"
printf '%-46s %9s %8s %8s %7s\n' scenario req/s p50_ms p99_ms non2xx
for row in "health|-|/api/v1/health" \
    "search, no match (secretariat)|$TT|/api/v1/tasks?q=khongcodau&limit=50" \
    "search, no match (official)|$CB|/api/v1/tasks?q=khongcodau&limit=50" \
    "search, chuyen doi so (secretariat)|$TT|/api/v1/tasks?q=chuyen%20doi%20so&limit=50" \
    "search, chuyen doi so (official)|$CB|/api/v1/tasks?q=chuyen%20doi%20so&limit=50" \
    "search, doi so (secretariat)|$TT|/api/v1/tasks?q=doi%20so&limit=50" \
    "search, so (secretariat)|$TT|/api/v1/tasks?q=so&limit=50"; do
	name=${row%%|*}; rest=${row#*|}
	r=$(one "${rest%%|*}" "${rest#*|}")
	set -- $r
	printf '%-46s %9s %8s %8s %7s\n' "$name" "$1" "$2" "$3" "$4"
	[ -z "${BENCH_TABLE:-}" ] ||
	    printf '%s\t%s\t%s\t%s\t%s\t-\n' "$name" "$1" "$2" "$3" "$4" >> "$BENCH_TABLE"
done
