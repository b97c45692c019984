#!/bin/sh
# SPDX-License-Identifier: ISC
# A scenario of make bench (bench.sh; make bench-public alone): the public
# progress page under a spike (issue 14), each row against its baseline:
#
#   static public page (nginx alone)     the page's own bytes, a static file
#   public page /public/                 the page, from nginx's cache
#   static tasks.json (nginx alone)      and public tasks.json, the same way
#   logged-in list alone                 GET /api/v1/tasks?limit=50, secretariat
#   logged-in list, public under load    the same while a second wrk (core 0)
#                                        hammers /public/ with
#                                        BENCH_PUBLIC_CONNS (64) connections
#
# Target: the public page at least half of nginx's static-file rate, and
# the logged-in list close to its rate alone.  BENCH_ROUNDS interleaved
# rounds of BENCH_SECONDS, BENCH_CONNS (16) connections; rows to
# $BENCH_TABLE (lib.sh).
set -eu
. "$top/tests/bench/lib.sh"
cd "$top"
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
# Written by tests/bench/scenario-public.sh (removed when it ends).
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
# Until nginx's new workers serve it (10 s at most; the old ones answer
# /page.html with the web UI's index).
served() { curl -sf -H 'Host: baselines-public' "$base/page.html" | cmp -s - "$pub/www/page.html"; }
i=0
until served; do
	i=$((i + 1))
	[ "$i" -lt 100 ] || { echo "scenario-public.sh: the static baseline is not served" >&2; exit 1; }
	sleep 0.1
done

# The list while another wrk (core 0) keeps the public page busy.
under_load() {
	taskset -c 0 wrk -t1 -c"$PCONNS" -d"$((SECONDS_WRK + 1))s" \
	    "$base/public/" > "$pub/load.txt" 2>&1 &
	lp=$!
	sleep 0.5
	measure "$CONNS" /api/v1/tasks?limit=50 "Cookie: nv_session=$TT"
	wait "$lp"
}

S1="static public page (nginx alone)"
S3="static tasks.json (nginx alone)"
S5="logged-in list alone"
echo "public: page $(wc -c < "$pub/www/page.html") bytes, tasks.json $(wc -c < "$pub/www/tasks.json") bytes"
for r in $(seq "$ROUNDS"); do
	row "$S1" - "$(measure "$CONNS" /page.html 'Host: baselines-public')"
	row "public page /public/" "$S1" "$(measure "$CONNS" /public/ 'X-Bench: public')"
	row "$S3" - "$(measure "$CONNS" /tasks.json 'Host: baselines-public')"
	row "public tasks.json" "$S3" \
	    "$(measure "$CONNS" /public/v1/tasks.json 'X-Bench: public')"
	row "$S5" - "$(measure "$CONNS" /api/v1/tasks?limit=50 "Cookie: nv_session=$TT")"
	row "logged-in list, public under load" "$S5" "$(under_load)"
	echo "public: the public page meanwhile, round $r:" \
	    "$(awk '/Requests\/sec/ { print $2 }' "$pub/load.txt") req/s"
done
