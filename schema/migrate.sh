#!/bin/sh
# SPDX-License-Identifier: ISC
# Applies schema/migrations/NNNN_*.sql in order, once each, recording what
# it applied (and a checksum, so an edited migration is caught) in
# schema_migrations.  Safe to rerun.  Connects as MariaDB's root over the
# unix socket; creates the database and the application account, whose
# password comes from a file.
#
#   migrate.sh -S SOCKET -p APP_PASSWORD_FILE [-d DB] [-u APP_USER] [-H APP_HOST]
set -eu

here=$(cd "$(dirname "$0")" && pwd)
db=nhiemvu user=nhiemvu host=localhost sock= pwfile=
while getopts S:p:d:u:H: o; do
	case $o in
	S) sock=$OPTARG ;;
	p) pwfile=$OPTARG ;;
	d) db=$OPTARG ;;
	u) user=$OPTARG ;;
	H) host=$OPTARG ;;
	*) echo "usage: $0 -S socket -p password_file [-d db] [-u user] [-H host]" >&2; exit 2 ;;
	esac
done
[ -n "$sock" ] && [ -n "$pwfile" ] || { echo "$0: -S and -p are required" >&2; exit 2; }

# Names and the password go into SQL text: allow only safe characters.
for v in "$db" "$user"; do
	case $v in *[!A-Za-z0-9_]*|'') echo "$0: bad name '$v'" >&2; exit 2 ;; esac
done
case $host in *[!A-Za-z0-9_.%-]*|'') echo "$0: bad host '$host'" >&2; exit 2 ;; esac
pw=$(cat "$pwfile")
case $pw in *[!A-Za-z0-9_-]*|'') echo "$0: the password file must hold [A-Za-z0-9_-]+" >&2; exit 2 ;; esac

sql() { mariadb --protocol=socket -S "$sock" -u root --batch --skip-column-names "$@"; }

sql <<SQL
CREATE DATABASE IF NOT EXISTS \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_uca1400_ai_ci;
CREATE USER IF NOT EXISTS '$user'@'$host' IDENTIFIED BY '$pw';
ALTER USER '$user'@'$host' IDENTIFIED BY '$pw';
CREATE TABLE IF NOT EXISTS \`$db\`.schema_migrations (
	version		VARCHAR(64) NOT NULL PRIMARY KEY,
	sha256		CHAR(64) NOT NULL,
	applied_at	DATETIME NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
SQL

applied=0
for f in "$here"/migrations/[0-9][0-9][0-9][0-9]_*.sql; do
	v=$(basename "$f" .sql)
	sum=$(sha256sum "$f" | cut -d' ' -f1)
	rec=$(sql "$db" -e "SELECT sha256 FROM schema_migrations WHERE version = '$v'")
	if [ -n "$rec" ]; then
		[ "$rec" = "$sum" ] && continue
		echo "$0: $v was applied with other content; write a new migration instead of editing it" >&2
		exit 1
	fi
	echo "migrate: applying $v"
	{ echo "SET @nv_app_user = '$user', @nv_app_host = '$host';"; cat "$f"; } | sql "$db"
	sql "$db" -e "INSERT INTO schema_migrations VALUES ('$v', '$sum', UTC_TIMESTAMP())"
	applied=$((applied + 1))
done
sql -e "FLUSH PRIVILEGES"
echo "migrate: $applied applied, database $db is current"
