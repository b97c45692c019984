#!/bin/sh
# SPDX-License-Identifier: ISC
# A scenario of make bench (bench.sh; make bench-search alone): the list's
# search (q=, issue 8) as the secretariat and as an official, and GET
# /health the same way (the floor of one request on the machine at that
# moment, the baseline of the searches): BENCH_SEARCH_N (60) sequential
# requests of each through nginx after five to warm up.  req_s is the
# sequential rate, 1000 / mean ms.  Rows to $BENCH_TABLE (lib.sh).
set -eu
. "$top/tests/bench/lib.sh"
cd "$top"
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
H="GET /health, sequential"
row "$H" - "$(one - /api/v1/health)"
for q in "no match (secretariat)|$TT|khongcodau" \
    "no match (official)|$CB|khongcodau" \
    "chuyen doi so (secretariat)|$TT|chuyen%20doi%20so" \
    "chuyen doi so (official)|$CB|chuyen%20doi%20so" \
    "doi so (secretariat)|$TT|doi%20so" \
    "so (secretariat)|$TT|so"; do
	name=${q%%|*}; rest=${q#*|}
	row "search, $name, sequential" "$H" \
	    "$(one "${rest%%|*}" "/api/v1/tasks?q=${rest#*|}&limit=50")"
done
