#!/bin/sh
# SPDX-License-Identifier: ISC
# A scenario of make bench (bench.sh; also make bench-compare alone): the
# product's logged-in GET /api/v1/tasks?limit=50 side by side with the
# baselines a province would otherwise run, all in one run, through the
# same nginx, on the same data, each scenario in turn under wrk pinned to
# core 1 (-t1 -c BENCH_CONNS, BENCH_SECONDS):
#   static	nginx alone: a static file of the product's response (its size)
#   bare	a bare libfcgi responder, pre-forked like ours, that fixed body
#   naive	libfcgi + one MariaDB prepared statement + cJSON (naive.c)
#   php		PHP-FPM, persistent PDO, native prepares, json_encode (naive.php)
# The baselines run the product's 50-row visible-tasks query as the
# secretariat (no session check) and print the same item fields; the
# script checks that their documents and the product's agree before it
# measures.  Each runs BENCH_ROUNDS times, interleaved; rows go to
# $BENCH_TABLE (lib.sh) and table.sh prints the median run of each with
# the product's ratio to each baseline.  The baselines are stopped when it
# ends.  Compare ratios: the machine is shared.
set -eu
. "$top/tests/bench/lib.sh"
cd "$top"
CONNS=${BENCH_CONNS:-16}	# nginx allows 16 connections per session
cmp=$run/cmp
mkdir -p "$cmp/www"
chmod 755 "$cmp" "$cmp/www"

pids=
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	rm -f "$run/nginx/tls-compare.conf"
	nginx -p "$run/nginx" -c "$run/nginx/nginx.conf" -s reload 2>/dev/null || true
	# The reload is a signal: wait (up to 5 s) until nginx answers again,
	# or the next scenario's first request may find it between configs.
	for i in $(seq 50); do
		curl -sf -o /dev/null "$base/api/v1/health" && break
		sleep 0.1
	done
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

# The load of a shared machine drifts: each scenario runs ROUNDS times,
# interleaved; table.sh shows its median run (by req/s).
ROUNDS=${BENCH_ROUNDS:-3}
S="static file (nginx alone)" B="bare libfcgi, fixed body"
N="naive C, secretariat" P="PHP-FPM, secretariat"
n="naive C, official (SKHCN)" p="PHP-FPM, official (SKHCN)"
for r in $(seq "$ROUNDS"); do
	row "$S" - "$(measure "$CONNS" /static.json 'Host: baselines')"
	row "$B" "$S" "$(measure "$CONNS" /bare 'Host: baselines')"
	row "$N" "$S|$B" "$(measure "$CONNS" '/naive?all=1' 'Host: baselines')"
	row "$P" "$S|$B|$N" "$(measure "$CONNS" '/php?all=1' 'Host: baselines')"
	row "$n" "$S|$B" "$(measure "$CONNS" '/naive?agency=SKHCN&all=0' 'Host: baselines')"
	row "$p" "$S|$B|$n" "$(measure "$CONNS" '/php?agency=SKHCN&all=0' 'Host: baselines')"
	row "product list, secretariat (tt.bcd)" "$S|$B|$N|$P" \
	    "$(measure "$CONNS" '/api/v1/tasks?limit=50' "Cookie: nv_session=$TT")"
	row "product list, official (cb.skhcn)" "$S|$B|$n|$p" \
	    "$(measure "$CONNS" '/api/v1/tasks?limit=50' "Cookie: nv_session=$CB")"
	row "product list, secretariat, pages not kept" "$S|$B|$N|$P" \
	    "$(measure "$CONNS" '/api/v1/tasks?limit=50' "Cookie: nv_session=$TT" \
	    "-s tests/bench/uncached.lua")"
	row "product list, official, pages not kept" "$S|$B|$n|$p" \
	    "$(measure "$CONNS" '/api/v1/tasks?limit=50' "Cookie: nv_session=$CB" \
	    "-s tests/bench/uncached.lua")"
done
