#!/bin/sh
# SPDX-License-Identifier: ISC
# Writes the files the Debian package installs that are made from the
# project's templates, under DIR (debian/rules: build/pkg):
#   etc/nhiemvu/nhiemvu.conf          packaging/nhiemvu.conf.example
#   etc/nginx/sites-available/nhiemvu the site: http-level maps, a plain
#                                     server and a commented HTTPS one
#   etc/nginx/nhiemvu-site.conf       the server body both include
#   man/nhiemvu.conf.5                the settings of the example, as a man page
# The site is cut out of nginx/nhiemvu.conf.in (what packaging/stack.sh
# runs), so the package serves the same locations the tests exercise.
#
#   deb-files.sh DIR
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?usage: deb-files.sh DIR}
tmpl=$top/nginx/nhiemvu.conf.in
sock=/run/nhiemvu/fcgi.sock
www=/usr/share/nhiemvu/www
body_max=$(sed -n 's/^body_max *= *//p' "$top/packaging/nhiemvu.conf.example")
attach_max=$(sed -n 's/^attachment_max *= *//p' "$top/packaging/nhiemvu.conf.example")

mkdir -p "$out/etc/nhiemvu" "$out/etc/nginx/sites-available"
{
	echo "# Installed by the nhiemvu package; see nhiemvu.conf(5)."
	echo "# Under systemd the socket comes from nhiemvu.socket: listen,"
	echo "# socket_mode and user below are then not used."
	cat "$top/packaging/nhiemvu.conf.example"
} > "$out/etc/nhiemvu/nhiemvu.conf"

fill() {
	sed -e "s|@FCGI_SOCKET@|$sock|g" -e "s|@WWW@|$www|g" \
	    -e "s|@BODY_MAX@|$body_max|g" \
	    -e "s|@ATTACH_BODY_MAX@|$((attach_max + 65536))|g" \
	    -e "s|@ACCESS_LOG@|/var/log/nginx/nhiemvu-access.log|g" \
	    -e "s|@CACHE@|/var/cache/nginx/nhiemvu|g"
}

# The template is: http-level maps and zones, then one `server {` block
# closed by a `}` in column 1.  Anything else is a template we do not know.
n=$(grep -c '^server {$' "$tmpl")
[ "$n" = 1 ] || { echo "deb-files: $tmpl: expected one 'server {', found $n" >&2; exit 1; }

# Two layouts: the server body inside nhiemvu.conf.in, or (once the site
# is split for HTTPS) in nhiemvu-site.conf.in, which then carries HSTS and
# nhiemvu.conf.in the $nv_hsts map.  Either way the package gets the same
# two files.
body_tmpl=$top/nginx/nhiemvu-site.conf.in
if [ -f "$body_tmpl" ]; then
	split=1
else
	split=
fi

hsts_map() {
	[ -z "$split" ] || return 0
	cat <<'MAP'
# Strict-Transport-Security only on HTTPS responses: two years.  Add
# "; includeSubDomains" or "; preload" only when the whole domain is HTTPS.
map $https $nv_hsts {
	on	"max-age=63072000";
	default	"";
}

MAP
}

{
	echo "# SPDX-License-Identifier: ISC"
	echo "# nhiemvu's nginx site, installed by its Debian package.  Enable it with"
	echo "#   ln -s ../sites-available/nhiemvu /etc/nginx/sites-enabled/"
	echo "# (and remove sites-enabled/default, which also listens on port 80)."
	echo "# The body of each server block is /etc/nginx/nhiemvu-site.conf."
	echo
	# The template's own header comment (up to its first blank line)
	# speaks of stack.sh: left out.
	sed -n '/^server {$/q;p' "$tmpl" | sed '1,/^$/d' | fill
	hsts_map
	cat <<'SITE'
server {
	listen		80;
	listen		[::]:80;
	server_name	_;
	include		/etc/nginx/nhiemvu-site.conf;
}

# Production: HTTPS only.  Uncomment, set the name and the certificate
# paths, and replace the plain server above by the redirect below.
#
# server {
#	listen		443 ssl http2;
#	listen		[::]:443 ssl http2;
#	server_name	nhiemvu.nghean.gov.vn;
#	ssl_certificate		/etc/ssl/certs/nhiemvu.pem;
#	ssl_certificate_key	/etc/ssl/private/nhiemvu.key;
#	ssl_protocols		TLSv1.2 TLSv1.3;
#	ssl_prefer_server_ciphers off;
#	ssl_session_tickets	off;
#	include		/etc/nginx/nhiemvu-site.conf;
# }
# server {
#	listen		80;
#	listen		[::]:80;
#	server_name	nhiemvu.nghean.gov.vn;
#	return		301 https://$host$request_uri;
# }
SITE
} > "$out/etc/nginx/sites-available/nhiemvu"

{
	echo "# SPDX-License-Identifier: ISC"
	echo "# The body of nhiemvu's server blocks (sites-available/nhiemvu)."
	if [ -n "$split" ]; then
		# Its header comment speaks of stack.sh: left out.
		awk 'kept || !/^#/ { kept = 1; print }' "$body_tmpl"
	else
		echo "# HSTS is sent over HTTPS only (\$nv_hsts is empty over plain HTTP)."
		echo "add_header Strict-Transport-Security \$nv_hsts always;"
		sed -n '/^server {$/,/^}$/p' "$tmpl" | sed -e '1d' -e '$d' |
		    sed 's/^\t//'
	fi | grep -v -e '^[[:space:]]*listen[[:space:]]' \
	    -e '^[[:space:]]*server_name[[:space:]]' | fill
} > "$out/etc/nginx/nhiemvu-site.conf"

if grep -q '@[A-Z_]*@' "$out/etc/nginx/sites-available/nhiemvu" \
    "$out/etc/nginx/nhiemvu-site.conf"; then
	echo "deb-files: a template name was left unfilled" >&2
	exit 1
fi

mkdir -p "$out/man"
awk -f "$top/packaging/conf-man.awk" "$top/packaging/nhiemvu.conf.example" \
    > "$out/man/nhiemvu.conf.5"
