#!/bin/sh
# SPDX-License-Identifier: ISC
# The dashboard kept, built after a report written (dash_version bumped),
# after both versions bumped with nothing changed, and after a task
# written (one overdue task's notes: its triggers bump both),
# with two binaries swapped on one running bench stack, interleaved:
#   BENCH_STACK=curve BENCH_TASKS=N BENCH_REPORTS=M BENCH_REUSE=1 \
#   sh tests/bench/dash_built.sh ROUNDS REQUESTS BIN1 BIN2 ...
# (the stack already loaded with N tasks and M reports, e.g. by make
# bench-curve's setup; BENCH_HTTP_PORT and BENCH_LDAP_PORT its ports).
# Per row: the median wall time of REQUESTS sequential requests through
# nginx (curl --compressed, as a browser) and the CPU each took, in ms per
# request, of MariaDB (less the bumps' own statements), the workers and
# nginx, from /proc/PID/stat: on a shared machine the CPU is the figure to
# compare, the wall time moves with everyone else's load.  Each binary is
# started as the stack's worker pool (its pid file), and the stack is
# left running the last one.
set -eu
rounds=$1 n=$2
shift 2
. "$(dirname "$0")/setup.sh" > /dev/null
tck=$(getconf CLK_TCK)
ticks() {	# ticks PID... -> utime + stime of each, summed
	t=0
	for p in "$@"; do
		f=$(cut -d')' -f2 "/proc/$p/stat" 2>/dev/null) || continue
		set -- $f
		t=$((t + ${12} + ${13}))
	done
	echo "$t"
}
pool() {	# pool BINARY: the stack's worker pool restarted on BINARY
	pid=$(cat "$run/nhiemvu.pid")
	kill "$pid"
	while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
	rm -f "$run/nhiemvu.sock"
	"$1" -f "$run/nhiemvu.conf" >> "$run/log/nhiemvu.log" 2>&1 &
	for i in $(seq 100); do [ -S "$run/nhiemvu.sock" ] && break; sleep 0.1; done
	sleep 0.5
}
ms() { echo "($1) * 1000 / $tck / $n" | bc -l; }
one() {	# one NAME SQL (empty: nothing bumped, the kept dashboard)
	db=$(cat "$run/db/mariadb.pid")
	ng=$(pgrep -P "$(cat "$run/nginx/nginx.pid")" | tr '\n' ' ')
	wk=$(pgrep -P "$(cat "$run/nhiemvu.pid")" | tr '\n' ' ')
	a=$(ticks $db) b=$(ticks $wk) c=$(ticks $ng) sq=0
	for i in $(seq "$n"); do
		if [ -n "$2" ]; then
			s0=$(ticks $db); sql -e "$2"; s1=$(ticks $db)
			sq=$((sq + s1 - s0))
		fi
		echo "$sq" > "$run/dash_built.sq"
		curl -s --compressed -o /dev/null -w '%{time_total}\n' \
		    -H "Cookie: nv_session=$LD" "$base/api/v1/dashboard"
	done | sort -n | awk '{ t[NR] = $1 * 1000 } END { printf "%.1f", t[int((NR + 1) / 2)] }' > "$run/dash_built.wall"
	a2=$(ticks $db) b2=$(ticks $wk) c2=$(ticks $ng)
	printf ' | %s %s ms, CPU db %.1f wk %.1f nginx %.1f' "$1" \
	    "$(cat "$run/dash_built.wall")" \
	    "$(ms "$a2 - $a - $(cat "$run/dash_built.sq")")" "$(ms "$b2 - $b")" \
	    "$(ms "$c2 - $c")"
}
D="UPDATE dash_version SET v = v + 1 WHERE agency_code = ''"
L="UPDATE list_version SET v = v + 1 WHERE k = 1"
edited=$(sql -e "SELECT COALESCE((SELECT MIN(id) FROM tasks WHERE status = 'in_program' AND deadline < CURDATE()), (SELECT MIN(id) FROM tasks))")
T="UPDATE tasks SET notes = CONCAT('bench ', RAND()) WHERE id = $edited"
for r in $(seq "$rounds"); do
	for bin in "$@"; do
		pool "$bin"
		for i in 1 2 3 4 5 6 7 8; do
			curl -s --compressed -o /dev/null \
			    -H "Cookie: nv_session=$LD" "$base/api/v1/dashboard"
		done
		echo "$(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)," \
		    "$(sql -e 'SELECT COUNT(*) FROM tasks') tasks, round $r, $bin$(one kept '')$(one built "$D")$(one 'built, tasks' "$D; $L")$(one 'built, a task edited' "$T")"
	done
done
