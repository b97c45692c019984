#!/bin/sh
# SPDX-License-Identifier: ISC
# make bench-writes: writes under load (issue 8) on the bench stack,
# writes.py in both modes, BENCH_WRITE_CONNS connections (32) for
# BENCH_SECONDS each: tasks created, edited and submitted; reports
# created, submitted and approved.  Exits non-zero if an acknowledged
# write is missing or a trigger-kept table disagrees with its rows.
set -eu
. "$(dirname "$0")/setup.sh"
conns=${BENCH_WRITE_CONNS:-32}
rc=0
for mode in tasks reports; do
	/usr/bin/python3 tests/bench/writes.py "$base" "$sock" "$SECONDS_WRK" \
	    "$conns" "$mode" || rc=1
done
exit $rc
