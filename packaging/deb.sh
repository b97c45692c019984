#!/bin/sh
# SPDX-License-Identifier: ISC
# make deb: builds nhiemvu_<version>_amd64.deb with dpkg-buildpackage from
# a copy of the working tree (its tracked files, plus the vendored Chart.js
# that `make www` fetched) with packaging/debian as its debian/.  The
# package and lintian's report land in OUT (build/deb).
#
#   deb.sh OUT
#
# For the upgrade test only: DEB_VERSION replaces the changelog's version,
# DEB_DROP_MIGRATIONS=N leaves the N newest migrations out (an "older"
# package).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?usage: deb.sh OUT}
mkdir -p "$out"
out=$(cd "$out" && pwd)
version=${DEB_VERSION:-$(dpkg-parsechangelog -l "$top/packaging/debian/changelog" -S Version)}
src=$out/src/nhiemvu-$version

[ -s "$top/nginx/www/vendor/chart.umd.js" ] ||
    { echo "deb: nginx/www/vendor/chart.umd.js is missing: run make www" >&2; exit 1; }
rm -rf "$src"
mkdir -p "$src"
# The working tree, not HEAD: a package of what is being tested.
(cd "$top" && git ls-files -z --cached --others --exclude-standard |
    xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh |
    tar --null -T - -cf -) | tar -C "$src" -xf -
mkdir -p "$src/nginx/www/vendor"
cp "$top/nginx/www/vendor/chart.umd.js" "$src/nginx/www/vendor/"
cp -r "$top/packaging/debian" "$src/debian"

if [ -n "${DEB_VERSION:-}" ]; then
	sed -i "1s/([^)]*)/($DEB_VERSION)/" "$src/debian/changelog"
fi
if [ -n "${DEB_DROP_MIGRATIONS:-}" ]; then
	ls "$src"/schema/migrations/[0-9]*.sql | sort | tail -n "$DEB_DROP_MIGRATIONS" |
	    xargs rm -f
fi

(cd "$src" && dpkg-buildpackage -us -uc -b > "$out/build-$version.log" 2>&1) ||
    { tail -n 40 "$out/build-$version.log" >&2; echo "deb: dpkg-buildpackage failed (see $out/build-$version.log)" >&2; exit 1; }
mv "$out"/src/nhiemvu_"$version"_* "$out"/src/nhiemvu-dbgsym_"$version"_* "$out/" 2>/dev/null || true
deb=$out/nhiemvu_${version}_amd64.deb
[ -f "$deb" ] || { echo "deb: $deb was not built" >&2; exit 1; }

# lintian: errors fail the build; warnings are listed (packaging/README.md
# says why each one that remains is there).
lintian --display-info --show-overrides "$deb" > "$out/lintian-$version.txt" 2>&1 || true
cat "$out/lintian-$version.txt"
if grep -q '^E: ' "$out/lintian-$version.txt"; then
	echo "deb: lintian reports errors" >&2
	exit 1
fi
echo "deb: $deb"
