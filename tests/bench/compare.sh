#!/bin/sh
# SPDX-License-Identifier: ISC
# make bench-compare: the product's logged-in GET /api/v1/tasks?limit=50
# side by side with the baselines a province would otherwise run, all in
# one run, through the same nginx, on the same data (the bench stack of
# setup.sh, BENCH_TASKS tasks), each scenario in turn under wrk pinned to
# core 1 (-t1 -c BENCH_CONNS, BENCH_SECONDS):
#   static	nginx alone: a static file of the product's response (its size)
#   bare	a bare libfcgi responder, pre-forked like ours, that fixed body
#   naive	libfcgi + one MariaDB prepared statement + cJSON (naive.c)
#   php		PHP-FPM, persistent PDO, native prepares, json_encode (naive.php)
# The baselines run the product's 50-row visible-tasks query as the
# secretariat (no session check) and print the same item fields; the
# script checks that their documents and the product's agree before it
# measures.  Prints one table: req/s, p50, p99, non-2xx, and the ratio of
# each product row to each baseline, each the median of BENCH_ROUNDS
# interleaved runs.  Compare ratios: the machine is shared.
set -eu
. "$(dirname "$0")/setup.sh"
CONNS=${BENCH_CONNS:-16}	# nginx allows 16 connections per session
cmp=$run/cmp
mkdir -p "$cmp/www"
chmod 755 "$cmp" "$cmp/www"

pids=
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	rm -f "$run/nginx/tls-compare.conf"
	nginx -p "$run/nginx" -c "$run/nginx/nginx.conf" -s reload 2>/dev/null || true
}
trap cleanup EXIT

curl -sf -H "Cookie: nv_session=$TT" "$base/api/v1/tasks?limit=50" > "$cmp/www/list.json"
chmod 644 "$cmp/www/list.json"
pw=$(cat "$run/secrets/db_password")
export NAIVE_DB_SOCKET=$sock NAIVE_DB_USER=nhiemvu NAIVE_DB_PASSWORD=$pw \
    NAIVE_DB_NAME=nhiemvu
rm -f "$cmp"/*.sock
build/bench/bare "$cmp/bare.sock" "$WORKERS" "$cmp/www/list.json" &
pids="$pids $!"
build/bench/naive "$cmp/naive.sock" "$WORKERS" &
pids="$pids $!"
cat > "$cmp/php-fpm.conf" <<CONF
[global]
pid = $cmp/php-fpm.pid
error_log = $run/log/php-fpm.log
daemonize = no
[bench]
user = www-data
group = www-data
listen = $cmp/php.sock
listen.mode = 0666
pm = static
pm.max_children = $WORKERS
clear_env = no
CONF
php-fpm8.2 -y "$cmp/php-fpm.conf" -R &
pids="$pids $!"
cat > "$run/nginx/tls-compare.conf" <<CONF
# Written by tests/bench/compare.sh (removed when it ends): the baselines,
# on the product's own nginx and port, chosen by "Host: baselines".
server {
	listen		127.0.0.1:$HTTP_PORT;
	server_name	baselines;
	access_log	off;
	location = /static.json { root $cmp/www; try_files /list.json =404; }
	location = /bare { include /etc/nginx/fastcgi_params; fastcgi_pass unix:$cmp/bare.sock; }
	location = /naive { include /etc/nginx/fastcgi_params; fastcgi_pass unix:$cmp/naive.sock; }
	location = /php {
		include /etc/nginx/fastcgi_params;
		fastcgi_param SCRIPT_FILENAME $top/tests/bench/naive.php;
		fastcgi_pass unix:$cmp/php.sock;
	}
}
CONF
for i in $(seq 50); do
	[ -S "$cmp/bare.sock" ] && [ -S "$cmp/naive.sock" ] && [ -S "$cmp/php.sock" ] && break
	sleep 0.2
done
nginx -p "$run/nginx" -c "$run/nginx/nginx.conf" -s reload
sleep 1

# The documents agree: the same rows, the same values in every field the
# baselines print (they leave out total, outcome and allowed_actions).
bl() { curl -sf -H 'Host: baselines' "$base$1"; }
bl "/naive?all=1" > "$cmp/naive.json"
bl "/php?all=1" > "$cmp/php.json"
curl -sf -H "Cookie: nv_session=$CB" "$base/api/v1/tasks?limit=50" > "$cmp/list-cb.json"
bl "/naive?agency=SKHCN&all=0" > "$cmp/naive-cb.json"
bl "/php?agency=SKHCN&all=0" > "$cmp/php-cb.json"
/usr/bin/python3 - "$cmp" <<'PY'
import json, sys
d = sys.argv[1]
def load(n): return json.load(open("%s/%s.json" % (d, n)))
for prod, others in (("www/list", ("naive", "php")), ("list-cb", ("naive-cb", "php-cb"))):
    p = load(prod)["items"]
    assert len(p) == 50, (prod, len(p))
    for o in others:
        b = load(o)["items"]
        assert len(b) == len(p), (o, len(b))
        for x, y in zip(p, b):
            for k, v in y.items():
                assert x[k] == v, (o, x["id"], k, x[k], v)
            assert set(x) - set(y) == {"outcome", "allowed_actions"}, (o, set(x) ^ set(y))
print("compare: the product's, naive.c's and naive.php's documents agree (2 users, 50 rows)")
PY

# Cursors below random task ids, for the product's pages as they are
# built (uncached.lua): a kept page (api_task_cache.c) rarely matches.
/usr/bin/python3 - "$(sql -e 'SELECT MAX(id) FROM tasks')" > "$cmp/cursors" <<'PY'
import base64, random, sys
top = int(sys.argv[1])
for i in range(5000):
    c = "t1:%d" % random.randint(100, top)
    print(base64.urlsafe_b64encode(c.encode()).decode().rstrip("="))
PY
export BENCH_CURSORS=$cmp/cursors

# One wrk run: prints "req/s p50_ms p99_ms non2xx".
measure() {	# measure PATH HEADER [wrk options]
	taskset -c 1 wrk -t1 -c"$CONNS" -d"${SECONDS_WRK}s" --latency -H "$2" ${3:-} \
	    "$base$1" 2>/dev/null | awk '
	    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; return v * 1000 }
	    /Requests\/sec/ { r = $2 }
	    $1 == "50%" { p50 = ms($2) }
	    $1 == "99%" { p99 = ms($2) }
	    /Non-2xx/ { bad = $NF }
	    END { printf "%s %.2f %.2f %d\n", r, p50, p99, bad }'
}
# The load of a shared machine drifts: each scenario runs ROUNDS times,
# interleaved, and the table shows its median run (by req/s).
ROUNDS=${BENCH_ROUNDS:-3}
rm -f "$cmp"/r-*
rss0=$(ps -o rss= --ppid "$(cat "$run/nhiemvu.pid")" | tr "\n" " ")
for r in $(seq "$ROUNDS"); do
	measure /static.json 'Host: baselines' >> "$cmp/r-S"
	measure /bare 'Host: baselines' >> "$cmp/r-B"
	measure '/naive?all=1' 'Host: baselines' >> "$cmp/r-N"
	measure '/php?all=1' 'Host: baselines' >> "$cmp/r-P"
	measure '/naive?agency=SKHCN&all=0' 'Host: baselines' >> "$cmp/r-n"
	measure '/php?agency=SKHCN&all=0' 'Host: baselines' >> "$cmp/r-p"
	measure '/api/v1/tasks?limit=50' "Cookie: nv_session=$TT" >> "$cmp/r-L"
	measure '/api/v1/tasks?limit=50' "Cookie: nv_session=$CB" >> "$cmp/r-O"
	measure '/api/v1/tasks?limit=50' "Cookie: nv_session=$TT" \
	    "-s tests/bench/uncached.lua" >> "$cmp/r-U"
	measure '/api/v1/tasks?limit=50' "Cookie: nv_session=$CB" \
	    "-s tests/bench/uncached.lua" >> "$cmp/r-u"
done
med() { sort -n "$cmp/r-$1" | sed -n "$(((ROUNDS + 1) / 2))p"; }
S=$(med S) B=$(med B) N=$(med N) P=$(med P) L=$(med L) O=$(med O)
n=$(med n) p=$(med p) U=$(med U) u=$(med u)
{
echo "== $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $WORKERS workers each;" \
    "$(sql -e 'SELECT COUNT(*) FROM tasks') tasks; wrk -t1 -c$CONNS -d${SECONDS_WRK}s pinned to core 1, median of $ROUNDS interleaved runs;" \
    "body $(wc -c < "$cmp/www/list.json") bytes (product), $(wc -c < "$cmp/naive.json") (naive), $(wc -c < "$cmp/php.json") (php)"
printf '%-42s %9s %8s %8s %7s\n' scenario req/s p50_ms p99_ms non2xx
for row in "1 static file (nginx alone)|$S" "2 bare libfcgi, fixed body|$B" \
    "3 naive C (libfcgi+MariaDB+cJSON)|$N" "4 PHP-FPM (PDO, json_encode)|$P" \
    "3 naive C, as the official (SKHCN)|$n" "4 PHP-FPM, as the official (SKHCN)|$p" \
    "product, secretariat (tt.bcd)|$L" "product, official (cb.skhcn)|$O" \
    "product, secretariat, pages not kept|$U" \
    "product, official, pages not kept|$u"; do
	name=${row%%|*}; set -- ${row#*|}
	printf '%-42s %9s %8s %8s %7s\n' "$name" "$1" "$2" "$3" "$4"
done
for row in "secretariat|$L|$N|$P" "official|$O|$n|$p" \
    "secretariat, not kept|$U|$N|$P" "official, not kept|$u|$n|$p"; do
	name=${row%%|*}; row=${row#*|}
	set -- "${row%%|*}"; row=${row#*|}
	awk -v n="$name" -v l="${1%% *}" -v s="${S%% *}" -v b="${B%% *}" \
	    -v c="${row%%|*}" -v p="${row#*|}" 'BEGIN { split(c, C, " "); split(p, P, " ")
	    printf "ratio product (%s): %.3f of static, %.3f of bare, %.2f of naive C, %.2f of PHP-FPM (same user)\n", n, l/s, l/b, l/C[1], l/P[1] }'
done
echo "worker RSS (KB): $rss0 before the runs, $(ps -o rss= --ppid "$(cat "$run/nhiemvu.pid")" | tr "\n" " ") after"
} | tee -a "$run/compare.txt"
# The rows for the unified table (TSV: scenario, req_s, p50_ms, p99_ms,
# non2xx, the baseline a product row is compared with, or -).
if [ -n "${BENCH_TABLE:-}" ]; then
	for row in "1 static file (nginx alone)|$S|-" "2 bare libfcgi, fixed body|$B|-" \
	    "3 naive C|$N|-" "4 PHP-FPM|$P|-" \
	    "3 naive C, as the official (SKHCN)|$n|-" "4 PHP-FPM, as the official (SKHCN)|$p|-" \
	    "product, list, secretariat (kept page)|$L|3 naive C" \
	    "product, list, official (kept page)|$O|3 naive C, as the official (SKHCN)" \
	    "product, list, secretariat, built page|$U|3 naive C" \
	    "product, list, official, built page|$u|3 naive C, as the official (SKHCN)"; do
		name=${row%%|*}; rest=${row#*|}
		set -- ${rest%%|*}
		printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$1" "$2" "$3" "$4" "${rest#*|}" >> "$BENCH_TABLE"
	done
fi
