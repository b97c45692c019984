#!/bin/sh
# SPDX-License-Identifier: ISC
# A scenario of make bench (bench.sh; make bench-filters alone): the list
# filtered and sorted (issue 8, filters), each combination a first page
# (limit=50, so its total too) as the secretariat, an official of SKHCN and
# a commune's secretariat (tk.tvinh), against GET /health asked the same
# way: sequential requests of each through nginx for BENCH_SEQ_SECONDS
# after three to warm up (lib.sh sequential); req_s is the sequential
# rate, 1000 / mean ms (a slow combination under wrk -c32 would hold every
# worker past the run).  The rows
# are the combinations that read every task before
# (fcgi/api/api_task.c filter_source, sorted_list; api_task_total.c
# kept_total; migration 0038), and those still slow.  Rows to
# $BENCH_TABLE (lib.sh).
set -eu
. "$top/tests/bench/lib.sh"
cd "$top"
y=$(date +%Y)
one() { sequential 3 "$1" "$2"; }	# one COOKIE PATH
# The commune's secretariat (the demo directory's Thành Vinh).
jar=$(mktemp)
curl -sf -c "$jar" -H 'Content-Type: application/json' \
    -d '{"username":"tk.tvinh","password":"Demo@2026"}' \
    "$base/api/v1/session" > /dev/null || echo "bench: tk.tvinh did not log in" >&2
TK=$(sed -n 's/.*\tnv_session\t\(.*\)$/\1/p' "$jar")
rm -f "$jar"
H="GET /health, sequential"
row "$H" - "$(one - /api/v1/health)"
L=/api/v1/tasks?limit=50
while IFS='|' read -r name who q; do
	eval ck=\$$who
	row "filter $name" "$H" "$(one "$ck" "$L&$q")"
done <<EOF2
year (secretariat)|TT|year=$y
status (secretariat)|TT|status=in_program
field (secretariat)|TT|field=project06
scope (secretariat)|TT|scope=$y
agency (secretariat)|TT|agency=SKHCN
overdue=true (secretariat)|TT|overdue=true
overdue=false (secretariat)|TT|overdue=false
missing_report (secretariat)|TT|missing_report=$y-10
committee of a commune (secretariat)|TT|committee=TVINH
committee of the province (secretariat)|TT|committee=TINH
agency&status&overdue (secretariat)|TT|agency=SKHCN&status=in_program&overdue=false
sort=deadline (secretariat)|TT|sort=deadline
sort=name (secretariat)|TT|sort=name
sort=lead_agency (secretariat)|TT|sort=lead_agency
sort=deadline, year&status (secretariat)|TT|sort=deadline&year=$y&status=in_program
year (official)|CB|year=$y
overdue=true (official)|CB|overdue=true
sort=deadline (official)|CB|sort=deadline
sort=name (official)|CB|sort=name
sort=-updated (official)|CB|sort=-updated
status=draft (official)|CB|status=draft
agency&status=draft (secretariat)|TT|agency=SKHCN&status=draft
sort=deadline (commune)|TK|sort=deadline
overdue=true (commune)|TK|overdue=true
EOF2
