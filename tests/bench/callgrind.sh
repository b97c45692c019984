#!/bin/sh
# SPDX-License-Identifier: ISC
# Instruction counts per request, repeatable on a loaded machine: one
# worker of build/nhiemvu under valgrind --tool=callgrind, on its own
# socket against the running bench stack (run/bench/, make bench or
# compare.sh first), serves N requests of PATH (default
# /api/v1/tasks?limit=50) as USER (default tt.bcd, the secretariat);
# prints the instructions counted inside the request handler per request
# (startup and the connection setup excluded).  Usage:
#   sh tests/bench/callgrind.sh [PATH] [USER] [N] [METHOD BODY]
# With METHOD POST, each request sends BODY as JSON, "{i}" in it replaced
# by the request's number (1..N): logins of distinct users are
#   sh tests/bench/callgrind.sh /api/v1/session - 50 POST \
#       '{"username":"bench.u{i}","password":"Demo@2026"}'
# (make bench-logins first: it adds the bench.u users).  CG_BIN: another
# binary than build/nhiemvu (an older build, to compare).
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
run=$top/run/bench
path=${1:-/api/v1/tasks?limit=50}
user=${2:-tt.bcd}
n=${3:-50}
method=${4:-GET}
body=${5:-}
out=$run/callgrind
[ -f "$run/nhiemvu.conf" ] || { echo "callgrind: no bench stack in $run" >&2; exit 1; }
mkdir -p "$out" && chmod 777 "$out"
rm -f "$out"/cg.* "$out/w.sock"
sed -e "s|^listen = .*|listen = $out/w.sock|" -e 's|^workers = .*|workers = 1|' \
    -e "s|^pid_file = .*|pid_file = $out/w.pid|" -e 's|^log_level = .*|log_level = warn|' \
    "$run/nhiemvu.conf" > "$out/w.conf"
valgrind -q --tool=callgrind --trace-children=yes --toggle-collect=handle \
    --callgrind-out-file="$out/cg.%p" "${CG_BIN:-$top/build/nhiemvu}" -f "$out/w.conf" \
    > "$out/valgrind.log" 2>&1 &
vg=$!
# A failed request must not leave the profiled pool behind.
trap 'kill -TERM $vg 2>/dev/null || true' EXIT
for i in $(seq 100); do [ -S "$out/w.sock" ] && break; sleep 0.2; done
# The login goes through the stack's own nginx and pool (sessions live in
# MariaDB), so that only the measured requests reach this worker.
port=$(sed -n 's/^[[:space:]]*listen[[:space:]]*127.0.0.1:\([0-9]*\);/\1/p' \
    "$run/nginx/nhiemvu.conf" | head -1)
tok=
if [ "$user" != - ]; then
	tok=$(curl -sf -c - -H 'Content-Type: application/json' \
	    -d "{\"username\":\"$user\",\"password\":\"Demo@2026\"}" \
	    "http://127.0.0.1:$port/api/v1/session" | sed -n 's/.*\tnv_session\t\(.*\)$/\1/p')
fi
PYTHONPATH=$top/tests/integration /usr/bin/python3 - "$out/w.sock" "$path" "nv_session=$tok" "$n" "$method" "$body" <<'PY'
import sys, fcgi
sock, path, cookie, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
method, body = sys.argv[5], sys.argv[6]
uri, _, q = path.partition("?")
p = {"REMOTE_ADDR": "127.0.0.1", "SERVER_PROTOCOL": "HTTP/1.1",
     "REQUEST_METHOD": method, "DOCUMENT_URI": uri, "QUERY_STRING": q,
     "HTTP_COOKIE": cookie}
if cookie == "nv_session=":
    del p["HTTP_COOKIE"]  # USER "-": no session
for i in range(n):
    data = body.replace("{i}", str(i + 1)).encode()
    if method != "GET":
        p["CONTENT_TYPE"] = "application/json"
        p["CONTENT_LENGTH"] = str(len(data))
    st, _, b = fcgi.request(sock, p, data if method != "GET" else b"",
                            timeout=60)
    assert st.startswith("200"), (st, b[:200])
print("callgrind: %d requests of %s, %d bytes each" % (n, path, len(b)))
PY
kill -TERM $vg; wait $vg || true
# The worker writes its profile as it exits, after the supervisor.
for i in $(seq 50); do pgrep -u nhiemvu -f "$out/w.conf" > /dev/null || break; sleep 0.2; done
# The worker's file is the largest; the supervisor's counts nothing.
f=$(ls -S "$out"/cg.* | head -1)
tot=$(callgrind_annotate "$f" | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1; exit }')
echo "callgrind: $tot instructions in handle(), $((tot / n)) per request ($f)"
callgrind_annotate "$f" | sed -n '1,70p' > "$out/self.txt"
callgrind_annotate --inclusive=yes "$f" 2>/dev/null | sed -n '1,90p' > "$out/inclusive.txt"
