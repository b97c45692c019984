#!/bin/sh
# SPDX-License-Identifier: ISC
# The public progress page under a spike (issue 14), on the bench stack
# (setup.sh: run/bench/, BENCH_TASKS tasks, BENCH_HTTP_PORT...):
#
#   static file (nginx alone)      the page's own bytes, a static file
#   public page /public/           the page, from nginx's cache
#   static tasks.json (nginx alone) and public tasks.json, the same way
#   logged-in list alone           GET /api/v1/tasks?limit=50, secretariat
#   logged-in list, public under load
#                                  the same while a second wrk hammers
#                                  /public/ with BENCH_PUBLIC_CONNS (64)
#                                  connections
#
# Target: the public page at least half of nginx's static-file rate, and
# the logged-in list close to its rate alone.  Each scenario runs
# BENCH_ROUNDS times (3) for BENCH_SECONDS (10), interleaved; the median
# run (by req/s) is kept.  Prints a table, and appends TSV rows (scenario,
# req_s, p50_ms, p99_ms, non2xx, baseline scenario or -) to $BENCH_TABLE
# when it is set.
set -eu
. "$(dirname "$0")/setup.sh"

CONNS=${BENCH_CONNS:-16}
PCONNS=${BENCH_PUBLIC_CONNS:-64}
ROUNDS=${BENCH_ROUNDS:-3}
pub=$run/public-bench
mkdir -p "$pub/www"
chmod 755 "$pub" "$pub/www"

cleanup() {
	rm -f "$run/nginx/tls-public-bench.conf"
	nginx -p "$run/nginx" -c "$run/nginx/nginx.conf" -s reload 2>/dev/null || true
}
trap cleanup EXIT

# The baselines: the public answers' own bytes as static files, on the
# product's nginx and port, chosen by "Host: baselines-public".
curl -sf "$base/public/" > "$pub/www/page.html"
curl -sf "$base/public/v1/tasks.json" > "$pub/www/tasks.json"
chmod 644 "$pub/www/page.html" "$pub/www/tasks.json"
cat > "$run/nginx/tls-public-bench.conf" <<CONF
# Written by tests/bench/public.sh (removed when it ends).
server {
	listen		127.0.0.1:$HTTP_PORT;
	server_name	baselines-public;
	access_log	off;
	root		$pub/www;
	location = /page.html { }
	location = /tasks.json { }
}
CONF
nginx -p "$run/nginx" -c "$run/nginx/nginx.conf" -s reload
sleep 1
curl -sf -o /dev/null -H 'Host: baselines-public' "$base/page.html" ||
	{ echo "public.sh: the static baseline is not served" >&2; exit 1; }

# One wrk run: "req/s p50_ms p99_ms non2xx".
measure() {	# measure PATH HEADER CONNS
	taskset -c 1 wrk -t1 -c"$3" -d"${SECONDS_WRK}s" --latency -H "$2" \
	    "$base$1" 2>/dev/null | awk '
	    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; return v * 1000 }
	    /Requests\/sec/ { r = $2 }
	    $1 == "50%" { p50 = ms($2) }
	    $1 == "99%" { p99 = ms($2) }
	    /Non-2xx/ { bad = $NF }
	    END { printf "%s %.2f %.2f %d\n", r, p50, p99, bad }'
}

# The list while another wrk (core 0) keeps the public page busy.
under_load() {
	taskset -c 0 wrk -t1 -c"$PCONNS" -d"$((SECONDS_WRK + 2))s" \
	    "$base/public/" > "$pub/load.txt" 2>&1 &
	lp=$!
	sleep 1
	measure "/api/v1/tasks?limit=50" "Cookie: nv_session=$TT" "$CONNS"
	wait "$lp"
}

echo "public: $ROUNDS rounds of ${SECONDS_WRK}s, $CONNS connections ($PCONNS for the public load)"
rm -f "$pub"/r-*
for r in $(seq "$ROUNDS"); do
	measure /page.html 'Host: baselines-public' "$CONNS" >> "$pub/r-1"
	measure /public/ 'X-Bench: public' "$CONNS" >> "$pub/r-2"
	measure /tasks.json 'Host: baselines-public' "$CONNS" >> "$pub/r-3"
	measure /public/v1/tasks.json 'X-Bench: public' "$CONNS" >> "$pub/r-4"
	measure "/api/v1/tasks?limit=50" "Cookie: nv_session=$TT" "$CONNS" >> "$pub/r-5"
	under_load >> "$pub/r-6"
	awk '/Requests\/sec/ { print $2 }' "$pub/load.txt" >> "$pub/r-6load"
done

median() { sort -n -k1 "$1" | awk -v n="$ROUNDS" 'NR == int((n + 1) / 2)'; }

S1="static file (nginx alone)"
S3="static tasks.json (nginx alone)"
S5="logged-in list alone"
{
	printf '%s\t%s\t-\n' "$S1" "$(median "$pub/r-1")"
	printf '%s\t%s\t%s\n' "public page /public/" "$(median "$pub/r-2")" "$S1"
	printf '%s\t%s\t-\n' "$S3" "$(median "$pub/r-3")"
	printf '%s\t%s\t%s\n' "public tasks.json" "$(median "$pub/r-4")" "$S3"
	printf '%s\t%s\t-\n' "$S5" "$(median "$pub/r-5")"
	printf '%s\t%s\t%s\n' "logged-in list, public under load" "$(median "$pub/r-6")" "$S5"
} | awk -F'\t' '{ split($2, v, " "); printf "%s\t%s\t%s\t%s\t%s\t%s\n", $1, v[1], v[2], v[3], v[4], $3 }' > "$pub/table.tsv"

if [ -n "${BENCH_TABLE:-}" ]; then
	cat "$pub/table.tsv" >> "$BENCH_TABLE"
fi

{
echo "== $(date -u +%FT%TZ) public page: $(nproc) cores, $WORKERS workers; $TASKS tasks; page $(wc -c < "$pub/www/page.html") bytes"
awk -F'\t' '
    { name[NR] = $1; rps[NR] = $2; row[NR] = $0; by[$1] = $2 }
    END {
	printf "%-36s %10s %9s %9s %7s  %s\n", "scenario", "req/s", "p50 ms", "p99 ms", "non2xx", "of baseline"
	for (i = 1; i <= NR; i++) {
		split(row[i], f, "\t")
		ratio = f[6] == "-" ? "-" : sprintf("%.3f of %s", f[2] / by[f[6]], f[6])
		printf "%-36s %10s %9s %9s %7s  %s\n", f[1], f[2], f[3], f[4], f[5], ratio
	}
    }' "$pub/table.tsv"
echo "public page rate meanwhile (median): $(sort -n "$pub/r-6load" | awk -v n="$ROUNDS" 'NR == int((n + 1) / 2)') req/s"
} | tee -a "$out"
