#!/bin/sh
# SPDX-License-Identifier: ISC
# Writes the demo directory as LDIF on stdout, from schema/demo/demo-users.csv
# (uid,display_name,agency,roles,title).  Every demo user's password is the
# first argument; the service account's is read from the file in the second.
#   demo-ldif.sh PASSWORD SERVICE_PASSWORD_FILE [SUFFIX]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
pw=$1
svcpw=$(cat "$2")
suffix=${3:-dc=nghean,dc=gov,dc=vn}
csv=$here/../demo/demo-users.csv

hash() { slappasswd -h '{SSHA}' -s "$1"; }

# One attribute line; values outside printable ASCII are base64 (RFC 2849).
attr() {
	if printf '%s' "$2" | LC_ALL=C grep -q '[^ -~]'; then
		printf '%s:: %s\n' "$1" "$(printf '%s' "$2" | base64 -w0)"
	else
		printf '%s: %s\n' "$1" "$2"
	fi
}

cat <<LDIF
dn: $suffix
objectClass: top
objectClass: dcObject
objectClass: organization
dc: $(echo "$suffix" | sed 's/^dc=\([^,]*\).*/\1/')
$(attr o 'Tỉnh Nghệ An')

dn: ou=people,$suffix
objectClass: organizationalUnit
ou: people

dn: ou=groups,$suffix
objectClass: organizationalUnit
ou: groups

dn: ou=services,$suffix
objectClass: organizationalUnit
ou: services

dn: cn=nhiemvu,ou=services,$suffix
objectClass: applicationProcess
objectClass: simpleSecurityObject
cn: nhiemvu
$(attr description 'Tài khoản dịch vụ của nhiemvu (chỉ đọc)')
userPassword: $(hash "$svcpw")

LDIF

# People.
tail -n +2 "$csv" | while IFS=, read -r uid name agency roles title; do
	sn=${name##* }
	printf 'dn: uid=%s,ou=people,%s\n' "$uid" "$suffix"
	printf 'objectClass: inetOrgPerson\n'
	attr uid "$uid"
	attr cn "$name"
	attr sn "$sn"
	attr displayName "$name"
	attr mail "$uid@nghean.gov.vn"
	[ -z "$title" ] || attr title "$title"
	[ -z "$agency" ] || attr departmentNumber "$agency"
	printf 'userPassword: %s\n\n' "$(hash "$pw")"
done

# One group per role, its members from the roles column.
for role in official head secretariat leadership admin; do
	members=$(tail -n +2 "$csv" | awk -F, -v r="$role" '
	    { n = split($4, rs, ";"); for (i = 1; i <= n; i++) if (rs[i] == r) print $1 }')
	[ -n "$members" ] || continue
	printf 'dn: cn=nhiemvu-%s,ou=groups,%s\n' "$role" "$suffix"
	printf 'objectClass: groupOfNames\ncn: nhiemvu-%s\n' "$role"
	for m in $members; do
		printf 'member: uid=%s,ou=people,%s\n' "$m" "$suffix"
	done
	printf '\n'
done
