#!/bin/sh
# SPDX-License-Identifier: ISC
# Sourced by every scenario script (scenario-*.sh) that bench.sh runs, with
# the bench stack up and these in the environment: top, run, base, sock,
# WORKERS, SECONDS_WRK, BENCH_TABLE, and LD, TT, CB (session tokens of
# leadership, the secretariat and an official of SKHCN).
#
# A scenario appends one TSV row per run to $BENCH_TABLE:
#   scenario  req_s  p50_ms  p99_ms  non2xx  baselines
# baselines: the names of the rows it is compared with, separated by "|",
# or "-".  A scenario run several times (interleaved rounds) writes a row
# each time; table.sh prints the median run by req/s.  Names may not hold
# a tab or "|".
sql() { mariadb --protocol=socket -S "$sock" -u root --batch --skip-column-names nhiemvu "$@"; }

# One wrk run, pinned to core 1: prints "req_s p50_ms p99_ms non2xx".
# BENCH_HEADER, if set, is sent as a second header (Accept-Encoding, as
# a browser asks: scenario-reads.sh, curve.sh).  wrk sends a header only
# if ": " parts its name from its value: "-H Accept-Encoding:gzip" was
# not sent at all, and until issue 8's eleventh pass the kept dashboard's
# rows measured the plain body, inflated for each request.
measure() {	# measure CONNS PATH HEADER [wrk options]
	taskset -c 1 wrk -t1 -c"$1" -d"${SECONDS_WRK}s" --latency -H "$3" ${4:-} \
	    ${BENCH_HEADER:+-H "$BENCH_HEADER"} \
	    "$base$2" 2>/dev/null | awk '
	    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; return v * 1000 }
	    /Requests\/sec/ { r = $2 }
	    $1 == "50%" { p50 = ms($2) }
	    $1 == "99%" { p99 = ms($2) }
	    /Non-2xx/ { bad = $NF }
	    END { printf "%s %.2f %.2f %d\n", r, p50, p99, bad }'
}

# Appends a row: row NAME BASELINES "req_s p50 p99 non2xx".
row() {
	set -- "$1" "$2" $3
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "${3:-}" "${4:-}" "${5:-}" \
	    "${6:-}" "$2" >> "$BENCH_TABLE"
}

# Sequential requests, one at a time, as a user sees them: WARM unmeasured
# requests, then wrk with one connection kept alive (as a browser keeps
# it) for BENCH_SEQ_SECONDS (2); prints "req_s p50_ms p99_ms non2xx" as
# measure does, req/s being 1000 / the mean ms (scenario-search.sh,
# -filters.sh).  Until issue 8's tenth pass a curl process per request,
# whose start and connect added about 1 ms to every row (GET /health
# 1.35 ms against 0.4 ms the same minute, tests/bench/README.md).
sequential() {	# sequential WARM COOKIE PATH
	# A request that fails is counted (wrk's non-2xx), not fatal.
	for i in $(seq "$1"); do
		curl -s -o /dev/null -H "Cookie: nv_session=$2" "$base$3" || :
	done
	# wrk takes the last -d.
	measure 1 "$3" "Cookie: nv_session=$2" "-d${BENCH_SEQ_SECONDS:-2}s"
}
