#!/bin/sh
# SPDX-License-Identifier: ISC
# A scenario of make bench (bench.sh; make bench-writes alone): writes
# under load (issue 8), writes.py in both modes with BENCH_WRITE_CONNS
# connections (32) for BENCH_SECONDS each: tasks created, edited and
# submitted; reports created, submitted and approved.  writes.py appends a
# row per mode to $BENCH_TABLE (writes/s, p50 and p99 over every write,
# refused or failed writes; no baseline) and exits non-zero, failing the
# run, if an acknowledged write is missing or a trigger-kept table
# disagrees with its rows.
set -eu
cd "$top"
conns=${BENCH_WRITE_CONNS:-32}
rc=0
for mode in tasks reports; do
	/usr/bin/python3 tests/bench/writes.py "$base" "$sock" "$SECONDS_WRK" \
	    "$conns" "$mode" || rc=1
done
exit $rc
