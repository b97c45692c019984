#!/bin/sh
# SPDX-License-Identifier: ISC
# make bench-logins: logins with distinct users (issue 8).  Baseline 5 is
# slapd's own search-then-bind rate (ldapbind.c: BENCH_WORKERS processes,
# StartTLS, a search as the service account and a bind as the user, as
# auth/dir.c does) against the bench stack's directory; the product is
# POST /api/v1/session through nginx under wrk (logins.lua), which does
# that, the user's group search, the throttle and the session's rows.
# The directory gets BENCH_USERS officials (bench.u1 ...; default 5,000)
# once.  BENCH_ROUNDS interleaved runs of BENCH_SECONDS each; prints the
# median of each, the ratio, and appends both rows to $BENCH_TABLE if set
# (TSV: scenario, req_s, p50_ms, p99_ms, non2xx, baseline or -).
set -eu
. "$(dirname "$0")/setup.sh"
USERS=${BENCH_USERS:-5000}
CONNS=${BENCH_CONNS:-16}
ROUNDS=${BENCH_ROUNDS:-3}
prefix=bench.u
suffix=dc=nghean,dc=gov,dc=vn
lg=$run/logins
mkdir -p "$lg"

if [ ! -f "$run/users-$USERS" ]; then
	echo "logins: adding $USERS officials to the directory"
	hash=$(slappasswd -h '{SSHA}' -s Demo@2026)
	/usr/bin/python3 - "$USERS" "$prefix" "$suffix" "$hash" > "$lg/users.ldif" <<'PY'
import sys
n, prefix, suffix, h = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
agencies = "SKHCN SNV STC SXD SCT SGDDT SYT STP".split()
for i in range(1, n + 1):
    print(f"dn: uid={prefix}{i},ou=people,{suffix}\nobjectClass: inetOrgPerson\n"
          f"uid: {prefix}{i}\ncn: Bench {i}\nsn: {i}\ndisplayName: Bench {i}\n"
          f"mail: {prefix}{i}@nghean.gov.vn\n"
          f"departmentNumber: {agencies[i % len(agencies)]}\n"
          f"userPassword: {h}\n")
print(f"dn: cn=nhiemvu-official,ou=groups,{suffix}\nchangetype: modify\n"
      "add: member")
for i in range(1, n + 1):
    print(f"member: uid={prefix}{i},ou=people,{suffix}")
PY
	# The entries, then the group's members (one modify); simple binds
	# need TLS (slapd.conf: security simple_bind=128).
	export LDAPTLS_CACERT=$run/ldap/tls/ca.crt
	ldapop() {
		"$1" -x -c -ZZ -H "ldap://127.0.0.1:$LDAP_PORT/" \
		    -D "cn=admin,$suffix" -y "$run/secrets/ldap_root_password" \
		    > /dev/null 2>> "$lg/ldapadd.log" || true
	}
	awk 'BEGIN { RS = ""; ORS = "\n\n" } !/changetype/' "$lg/users.ldif" | ldapop ldapadd
	awk 'BEGIN { RS = ""; ORS = "\n\n" } /changetype/' "$lg/users.ldif" | ldapop ldapmodify
	n=$(ldapsearch -x -LLL -ZZ -H "ldap://127.0.0.1:$LDAP_PORT/" \
	    -D "cn=admin,$suffix" -y "$run/secrets/ldap_root_password" \
	    -b "cn=nhiemvu-official,ou=groups,$suffix" member |
	    grep -c "^member: uid=$prefix")
	[ "$n" -ge "$USERS" ] || { echo "logins: only $n bench users in the directory" >&2; exit 1; }
	touch "$run/users-$USERS"
fi

# One run of each: "req_s p50_ms p99_ms non2xx".
baseline() {
	taskset -c 1 build/bench/ldapbind "ldap://127.0.0.1:$LDAP_PORT/" \
	    "$run/ldap/tls/ca.crt" "ou=people,$suffix" \
	    "cn=nhiemvu,ou=services,$suffix" "$run/secrets/ldap_service_password" \
	    Demo@2026 "$prefix" "$USERS" "$WORKERS" "$SECONDS_WRK"
}
product() {
	BENCH_LOGIN_PREFIX=$prefix BENCH_LOGIN_COUNT=$USERS \
	taskset -c 1 wrk -t1 -c"$CONNS" -d"${SECONDS_WRK}s" --latency \
	    -s tests/bench/logins.lua "$base/api/v1/session" 2>/dev/null | awk '
	    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; return v * 1000 }
	    /Requests\/sec/ { r = $2 }
	    $1 == "50%" { p50 = ms($2) }
	    $1 == "99%" { p99 = ms($2) }
	    /Non-2xx/ { bad = $NF }
	    END { printf "%s %.2f %.2f %d\n", r, p50, p99, bad }'
}
# A login works before anything is measured.
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
    -d "{\"username\":\"${prefix}1\",\"password\":\"Demo@2026\"}" "$base/api/v1/session")
[ "$code" = 200 ] || { echo "logins: ${prefix}1 cannot log in ($code)" >&2; exit 1; }
rm -f "$lg"/r-*
for r in $(seq "$ROUNDS"); do
	baseline >> "$lg/r-B"
	product >> "$lg/r-P"
done
med() { sort -n "$lg/r-$1" | sed -n "$(((ROUNDS + 1) / 2))p"; }
B=$(med B) P=$(med P)
{
echo "== $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $USERS users; $WORKERS ldapbind processes / workers; wrk -t1 -c$CONNS -d${SECONDS_WRK}s; median of $ROUNDS interleaved runs"
printf '%-42s %9s %8s %8s %7s\n' scenario req/s p50_ms p99_ms non2xx
printf '%-42s %9s %8s %8s %7s\n' "5 slapd search-then-bind (ldapbind)" $B
printf '%-42s %9s %8s %8s %7s\n' "product, POST /session (distinct users)" $P
awk -v p="${P%% *}" -v b="${B%% *}" 'BEGIN { printf "ratio logins: %.2f of slapd search-then-bind\n", p / b }'
} | tee -a "$run/logins.txt"
if [ -n "${BENCH_TABLE:-}" ]; then
	set -- $B
	printf '5 slapd search-then-bind\t%s\t%s\t%s\t%s\t-\n' "$1" "$2" "$3" "$4" >> "$BENCH_TABLE"
	set -- $P
	printf 'product, logins (distinct users)\t%s\t%s\t%s\t%s\t5 slapd search-then-bind\n' \
	    "$1" "$2" "$3" "$4" >> "$BENCH_TABLE"
fi
