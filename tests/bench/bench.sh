#!/bin/sh
# SPDX-License-Identifier: ISC
# make bench: the bench stack (setup.sh: run/bench/, BENCH_TASKS tasks,
# default 100,000, and BENCH_REPORTS reports, default 1,000,000), then
# every scenario script tests/bench/scenario-*.sh (or those BENCH_SCENARIOS
# names: "compare logins"; make bench-NAME runs scenario-NAME.sh alone), each appending TSV rows to $BENCH_TABLE (lib.sh
# says the format), then one table (table.sh): scenario, req/s, p50, p99,
# non-2xx, the ratio to each baseline, and the workers' RSS before and
# after (and the directory processes').  A new scenario is a new scenario-NAME.sh; nothing here changes.
#
# BENCH_REUSE=1 measures the stack already running under BENCH_STACK
# instead of restarting it; BENCH_SMOKE=1 (make check-bench-smoke) makes
# table.sh check that every row was measured.  The machine is shared:
# compare ratios, not absolute figures.
set -eu
. "$(dirname "$0")/setup.sh"
BENCH_TABLE=${BENCH_TABLE:-$run/table.tsv}
: > "$BENCH_TABLE"
export top run base sock WORKERS SECONDS_WRK HTTP_PORT BENCH_TABLE LD TT CB
# The pool's children by name: workers are "nhiemvu", the processes that
# talk to the directory "nhiemvu-dir" (auth/dir_broker.h).
kids() { ps -o rss=,comm= --ppid "$(cat "$run/nhiemvu.pid")" | awk -v c="$1" '$2 == c { printf "%s%s", (n++ ? " " : ""), $1 }'; }
rss0=$(kids nhiemvu); dir0=$(kids nhiemvu-dir)
scenarios=${BENCH_SCENARIOS:-$(cd tests/bench && ls scenario-*.sh | sed 's/^scenario-//; s/\.sh$//')}
for s in $scenarios; do
	t0=$(date +%s)
	echo "bench: scenario $s"
	sh "tests/bench/scenario-$s.sh"
	echo "bench: scenario $s took $(($(date +%s) - t0)) s"
done
rss1=$(kids nhiemvu); dir1=$(kids nhiemvu-dir)
rc=0
{
echo "== $(date -u +%FT%TZ) $(nproc) cores ($(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)), load $(cut -d' ' -f1-3 /proc/loadavg);" \
    "$WORKERS workers; $(sql -e 'SELECT COUNT(*) FROM tasks') tasks, $(sql -e 'SELECT COUNT(*) FROM reports') reports;" \
    "wrk -t1 -d${SECONDS_WRK}s pinned to core 1, median of ${BENCH_ROUNDS:-3} interleaved runs"
if [ "${BENCH_SMOKE:-0}" = 1 ]; then
	sh tests/bench/table.sh --check "$BENCH_TABLE" "$rss0" "$rss1" "$dir0" "$dir1" || rc=$?
else
	sh tests/bench/table.sh "$BENCH_TABLE" "$rss0" "$rss1" "$dir0" "$dir1" || rc=$?
fi
} > "$run/table.txt"
cat "$run/table.txt" | tee -a "$out"
echo "bench: table appended to $out"
exit $rc
