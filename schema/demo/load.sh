#!/bin/sh
# SPDX-License-Identifier: ISC
# Loads the demo reference data (the province's agencies) into a migrated
# database.  Idempotent: rows already there are kept.
#   load.sh -S SOCKET [-d DB]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
db=nhiemvu sock=
while getopts S:d: o; do
	case $o in S) sock=$OPTARG ;; d) db=$OPTARG ;; *) exit 2 ;; esac
done
[ -n "$sock" ] || { echo "usage: $0 -S socket [-d db]" >&2; exit 2; }

mariadb --protocol=socket -S "$sock" -u root --local-infile=1 "$db" <<SQL
SET @pos = 0;
LOAD DATA LOCAL INFILE '$here/agencies.csv' IGNORE INTO TABLE agencies
	CHARACTER SET utf8mb4
	FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '"'
	LINES TERMINATED BY '\n' IGNORE 1 LINES
	(code, name, kind) SET position = (@pos := @pos + 1);
-- Committees at two levels (issue 14): three communes of Nghệ An, each
-- with its own offices, after the province's agencies.
LOAD DATA LOCAL INFILE '$here/committees.csv' IGNORE INTO TABLE committees
	CHARACTER SET utf8mb4
	FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '"'
	LINES TERMINATED BY '\n' IGNORE 1 LINES
	(code, name, level, parent, agency) SET position = (@pos := @pos + 1);
LOAD DATA LOCAL INFILE '$here/commune-agencies.csv' IGNORE INTO TABLE agencies
	CHARACTER SET utf8mb4
	FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '"'
	LINES TERMINATED BY '\n' IGNORE 1 LINES
	(code, name, kind, committee) SET position = (@pos := @pos + 1);
SQL
echo "demo: agencies loaded"
