#!/bin/sh
# SPDX-License-Identifier: ISC
# The throw-away root's base for make check-deb: a Debian 12 minbase made
# by debootstrap from Debian's archive, with what the package depends on
# (so dpkg -i needs no network) plus nginx-light and systemd (to check the
# site and the units).  Made once into DIR and reused; the test copies it.
#
#   base.sh DIR
set -eu

dir=${1:?usage: base.sh DIR}
# The libraries the package links (its shlibs Depends: keep this list in
# step with the Makefile's PKG_LIBS; a base made with another list is made
# again, since dpkg -i in it must need no network).
include=adduser,procps,mariadb-client,nginx-light,systemd,libfcgi0ldbl,libcjson1,libmariadb3,libldap-2.5-0,libsodium23,libxlsxwriter4,liboath0,libqrencode4,libzip4,libexpat1,libcurl4,libmagic1,zlib1g
[ -x "$dir/usr/bin/dpkg" ] && [ "$(cat "$dir/.nv-include" 2>/dev/null)" = "$include" ] && exit 0
rm -rf "$dir"
mirror=${DEB_MIRROR:-http://deb.debian.org/debian}
rm -rf "$dir.tmp"
echo "check-deb: debootstrap bookworm into $dir (once; a few minutes)"
debootstrap --variant=minbase --include="$include" \
    bookworm "$dir.tmp" "$mirror" > "$dir.log" 2>&1 ||
    { tail -n 20 "$dir.log" >&2; echo "check-deb: debootstrap failed (see $dir.log)" >&2; exit 1; }
echo "$include" > "$dir.tmp/.nv-include"
mv "$dir.tmp" "$dir"
