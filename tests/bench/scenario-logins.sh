#!/bin/sh
# SPDX-License-Identifier: ISC
# A scenario of make bench (bench.sh; make bench-logins alone): logins with
# distinct users (issue 8) against baseline 5, slapd's own search-then-bind
# rate (ldapbind.c: WORKERS processes, StartTLS, a search as the service
# account and a bind as the user, as auth/dir.c does) against the stack's
# directory.  The product is POST /api/v1/session through nginx under wrk
# (logins.lua), which does that, the user's group search, the throttle and
# the session's rows.  The directory gets BENCH_USERS officials (bench.u1
# ...; default 5,000) once.  BENCH_ROUNDS interleaved runs of
# BENCH_SECONDS each; rows to $BENCH_TABLE (lib.sh).
set -eu
. "$top/tests/bench/lib.sh"
cd "$top"
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
	# need TLS (slapd.conf: security simple_bind=128).  Entries already
	# there (a smaller BENCH_USERS earlier) are skipped (-c).
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

# A login works before anything is measured.
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
    -d "{\"username\":\"${prefix}1\",\"password\":\"Demo@2026\"}" "$base/api/v1/session")
[ "$code" = 200 ] || { echo "logins: ${prefix}1 cannot log in ($code)" >&2; exit 1; }

# Baseline 5 prints "req_s p50_ms p99_ms non2xx" (failed binds) as measure
# does; 5b is the same client writing each login's session row too
# (ldapbind.c, LDAPBIND_DB_*): the least a login that makes a session does.
B="5 slapd search+bind"
B5b="5b slapd search+bind + session INSERT+COMMIT"
export BENCH_LOGIN_PREFIX=$prefix BENCH_LOGIN_COUNT=$USERS
ldapbind() {
	taskset -c 1 build/bench/ldapbind "ldap://127.0.0.1:$LDAP_PORT/" \
	    "$run/ldap/tls/ca.crt" "ou=people,$suffix" \
	    "cn=nhiemvu,ou=services,$suffix" "$run/secrets/ldap_service_password" \
	    Demo@2026 "$prefix" "$USERS" "$WORKERS" "$SECONDS_WRK"
}
for r in $(seq "$ROUNDS"); do
	row "$B" - "$(ldapbind)"
	row "$B5b" "$B" "$(LDAPBIND_DB_SOCKET=$sock LDAPBIND_DB_USER=nhiemvu \
	    LDAPBIND_DB_PASSWORD=$(cat "$run/secrets/db_password") \
	    LDAPBIND_DB_NAME=nhiemvu ldapbind)"
	row "product logins, POST /session (distinct users)" "$B|$B5b" \
	    "$(measure "$CONNS" /api/v1/session 'X-Bench: logins' \
	    '-s tests/bench/logins.lua')"
done
# Baseline 5b's rows are not sessions anyone holds.
sql -e "DELETE FROM sessions WHERE client_addr = '127.0.0.1' AND roles = 1 AND title IS NULL AND username LIKE '$prefix%' AND display_name = username"
