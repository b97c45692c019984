#!/bin/sh
# SPDX-License-Identifier: ISC
# make bench-long: worker RSS at the start and the end of a long run
# (issue 8: no growth over 1,000,000 requests).  On the bench stack
# (setup.sh), wrk (-t1 -c8, pinned to core 1) asks for a mix of the reads
# (mix.lua) as the secretariat, in runs of BENCH_LONG_CHUNK seconds (30)
# until BENCH_LONG_REQUESTS (1,000,000) are answered; prints each worker's
# RSS before, after each run and at the end.  Fails (exit 1) when a worker
# ends more than BENCH_LONG_SLACK KB (512) above its RSS after the first
# run (the first run fills the kept pages and MariaDB's buffers: that is
# the working set, not a leak) or above 8 MB.
#
# The workers are started with max_requests = 100,000,000 (the product
# recycles a worker after 10,000 requests by default, which would hide a
# leak): each worker serves its share of the whole run.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
conf=$top/run/${BENCH_STACK:-bench}/nhiemvu.conf
# A new stack's configuration is written with NV_CONF_EXTRA, an existing
# one's is edited (and put back when the run ends); setup.sh restarts it.
export NV_CONF_EXTRA="${NV_CONF_EXTRA:+$NV_CONF_EXTRA
}max_requests = 100000000"
if [ -f "$conf" ]; then
	sed -i '/^max_requests = 100000000$/d' "$conf"
	echo "max_requests = 100000000" >> "$conf"
fi
trap 'sed -i "/^max_requests = 100000000\$/d" "$conf" 2>/dev/null || true' EXIT
BENCH_REUSE=0
. "$(dirname "$0")/setup.sh"
want=${BENCH_LONG_REQUESTS:-1000000}
chunk=${BENCH_LONG_CHUNK:-30}
slack=${BENCH_LONG_SLACK:-512}
pool=$(cat "$run/nhiemvu.pid")
# Workers only: the directory processes (comm nhiemvu-dir) are not asked
# by the mix but for /health, and their RSS is printed apart at the end.
rss() { ps -o pid=,rss=,comm= --ppid "$pool" | sort -n | awk '$3 == "nhiemvu" { printf "%s%s", (n++ ? " " : ""), $2 }'; }
dirs() { ps -o rss=,comm= --ppid "$pool" | awk '$2 == "nhiemvu-dir" { printf "%s%s", (n++ ? " " : ""), $1 }'; }
pids() { ps -o pid=,comm= --ppid "$pool" | sort -n | awk '$2 == "nhiemvu" { printf "%s ", $1 }'; }
start=$(rss); p0=$(pids)
echo "long: workers $p0; RSS (KB) at the start: $start"
done_n=0 runs=0 first=
while [ "$done_n" -lt "$want" ]; do
	n=$(taskset -c 1 wrk -t1 -c8 -d"${chunk}s" -s tests/bench/mix.lua \
	    -H "Cookie: nv_session=$TT" -H "Accept-Encoding: gzip" \
	    "$base/" 2>/dev/null | awk '
	    /requests in/ { n = $1 } /Non-2xx/ { bad = $NF }
	    END { if (bad > 0) print "bad", bad; else print n + 0 }')
	case $n in bad*) echo "long: ${n#bad } answers not 2xx" >&2; exit 1 ;; esac
	done_n=$((done_n + ${n:-0})); runs=$((runs + 1))
	[ -n "$first" ] || first=$(rss)
	echo "long: $done_n requests; RSS (KB): $(rss)"
	[ "${n:-0}" -gt 0 ] || { echo "long: wrk answered nothing" >&2; exit 1; }
done
end=$(rss)
[ "$(pids)" = "$p0" ] || { echo "long: the workers changed ($p0 -> $(pids)): one died or was replaced" >&2; exit 1; }
echo "== $(date -u +%FT%TZ) long run: $done_n requests in $runs runs of ${chunk}s; RSS (KB) start: $start; after the first run: $first; end: $end; directory processes at the end: $(dirs)" | tee -a "$out"
echo "$first" "$end" | awk -v slack="$slack" '{ n = NF / 2; bad = 0
    for (i = 1; i <= n; i++) if ($(n + i) > $i + slack || $(n + i) > 8192) bad = 1
    exit bad }' || { echo "long: a worker grew by more than ${slack} KB or passed 8 MB" >&2; exit 1; }
echo "long: no worker grew by more than ${slack} KB after the first run"
