#!/bin/sh
# SPDX-License-Identifier: ISC
# Installs every Debian package nhiemvu needs to build, run and test, and
# nothing when they are all there already (safe to run again).  Not root:
# prints what is missing and fails.
set -eu

PKGS="
build-essential pkg-config clang libclang-rt-14-dev clang-format
libfcgi-dev libcjson-dev libmariadb-dev libldap2-dev libsodium-dev
libcmocka-dev libxlsxwriter-dev liboath-dev libqrencode-dev
libzip-dev libexpat1-dev libcurl4-openssl-dev libmagic-dev python3-aiosmtpd zlib1g-dev libssl-dev
mariadb-server mariadb-client slapd ldap-utils nginx-light
curl jq openssl python3 python3-openpyxl wrk php-fpm php-mysql
chromium fonts-dejavu-core fonts-liberation2 libreoffice-calc-nogui nodejs poppler-utils
"

# PHP-FPM and php-mysql: the baseline of make bench (scenario-compare.sh),
# which make check's smoke run starts too (check-bench-smoke).
# `install-deps.sh cluster`: what make check-cluster's three Galera nodes
# need (Debian's galera-4 provider, rsync for the state transfer and ss,
# from iproute2, which the SST script uses to see its listener).
[ "${1:-}" != cluster ] || PKGS="$PKGS galera-4 rsync iproute2"

missing=
# npm comes with NodeSource's nodejs; Debian ships it apart.
command -v npm >/dev/null 2>&1 || PKGS="$PKGS npm"
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
		missing="$missing $p"
	fi
done
[ -n "$missing" ] || exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: these Debian packages are missing:$missing" >&2
	echo "install-deps: run as root: apt-get install$missing" >&2
	exit 1
fi
echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
# The daemons we install must not start system-wide instances: ours run
# privately under run/.  policy-rc.d answers "do not start" to invoke-rc.d.
created_policy=
if [ ! -e /usr/sbin/policy-rc.d ]; then
	printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
	chmod 755 /usr/sbin/policy-rc.d
	created_policy=1
fi
trap '[ -z "$created_policy" ] || rm -f /usr/sbin/policy-rc.d' EXIT
apt-get update -qq || echo "install-deps: apt-get update failed; trying the cached lists" >&2
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
echo "install-deps: done"
