#!/bin/sh
# SPDX-License-Identifier: ISC
# The task list sorted by each column (issue 17) against the default order,
# on the bench stack (tests/bench/setup.sh): sh tests/bench/sort.sh
. tests/bench/setup.sh
lat() {	# NAME COOKIE PATH
	for i in 1 2 3; do curl -s -o /dev/null -H "Cookie: nv_session=$2" "$base$3"; done
	for i in $(seq 15); do
		curl -s -o /dev/null -w '%{time_total} %{http_code}\n' -H "Cookie: nv_session=$2" "$base$3"
	done | sort -n | awk -v name="$1" '{ t[NR] = $1 * 1000; c=$2 } END { printf "%-44s median %7.1f ms  p90 %7.1f ms  (%s)\n", name, t[8], t[14], c }'
}
for who in TT CB; do
	eval ck=\$$who
	lat "$who default" "$ck" "/api/v1/tasks?limit=50"
	for s in deadline -deadline name progress -updated lead_agency status; do
		lat "$who sort=$s" "$ck" "/api/v1/tasks?limit=50&sort=$s"
	done
	cur=$(curl -s -H "Cookie: nv_session=$ck" "$base/api/v1/tasks?limit=50&sort=deadline" | jq -r .next_cursor)
	lat "$who sort=deadline page 2" "$ck" "/api/v1/tasks?limit=50&sort=deadline&cursor=$cur"
	lat "$who sort=-updated&status=in_program" "$ck" "/api/v1/tasks?limit=50&sort=-updated&status=in_program"
done
