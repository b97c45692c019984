#!/bin/sh
# SPDX-License-Identifier: ISC
# Sourced by bench.sh, curve.sh, long.sh and sort.sh: starts the bench stack (run/bench/,
# or run/BENCH_STACK/; BENCH_HTTP_PORT, BENCH_LDAP_PORT, BENCH_WORKERS) and
# loads BENCH_TASKS tasks and BENCH_REPORTS reports once, on top of what it
# holds (curve.sh grows one this way); defines sql() and login(), and
# LD, TT, CB: the session tokens of leadership, secretariat and an official.
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
export HTTP_PORT=${BENCH_HTTP_PORT:-28080} LDAP_PORT=${BENCH_LDAP_PORT:-28389}
export WORKERS=${BENCH_WORKERS:-4}
TASKS=${BENCH_TASKS:-100000}
REPORTS=${BENCH_REPORTS:-1000000}
# Issue 14: communes' committees (national scale: about 3,300), each with
# three offices leading a third of the tasks; 0 keeps the province alone.
COMMUNES=${BENCH_COMMUNES:-0}
# Task names (gen_data.py): "words" (60 words) or "seeds" (the province's
# own names and the documents they carry out: a vocabulary that grows).
export BENCH_NAMES=${BENCH_NAMES:-words}
SECONDS_WRK=${BENCH_SECONDS:-10}
stack=${BENCH_STACK:-bench}
run=$top/run/$stack
loaded=$run/loaded-$TASKS-$REPORTS-$COMMUNES
[ "$BENCH_NAMES" = words ] || loaded=$loaded-$BENCH_NAMES
base=http://127.0.0.1:$HTTP_PORT
sock=$run/db/mysql.sock
out=$run/results.txt

# Restarted, so the servers run the binary just built (BENCH_REUSE=1: the
# stack already running, as make check-bench-smoke measures the check
# stack just started).
if [ "${BENCH_REUSE:-0}" != 1 ]; then
	sh packaging/stack.sh stop "$stack" > /dev/null
	sh packaging/stack.sh start "$stack"
fi
sql() { mariadb --protocol=socket -S "$sock" -u root --batch --skip-column-names nhiemvu "$@"; }

# BENCH_NO_LOAD=1 (curve.sh): the stack measured as it is.
if [ ! -f "$loaded" ] && [ "${BENCH_NO_LOAD:-0}" != 1 ]; then
	echo "bench: generating $TASKS tasks, $REPORTS reports, $COMMUNES communes"
	first=$(($(sql -e "SELECT COALESCE(MAX(id), 0) FROM tasks") + 1))
	mkdir -p "$run/data"
	/usr/bin/python3 tests/bench/gen_data.py "$run/data" "$TASKS" "$REPORTS" "$first" "$COMMUNES"
	echo "bench: loading (a minute or two)"
	sql --local-infile=1 <<SQL
LOAD DATA LOCAL INFILE '$run/data/committees.tsv' IGNORE INTO TABLE committees
  (code, name, level, parent, position);
LOAD DATA LOCAL INFILE '$run/data/commune_agencies.tsv' IGNORE INTO TABLE agencies
  (code, name, kind, committee, position);
SET foreign_key_checks = 0, unique_checks = 0;
LOAD DATA LOCAL INFILE '$run/data/tasks.tsv' INTO TABLE tasks
  (id, year, kind, fields, name, name_fold, responsible_person, lead_agency,
   expected_product, @b, notes, target, deadline, @od, status, @ca, @pp, @pc,
   @ph, version, created_by, created_at, updated_at)
  SET estimated_budget = NULLIF(@b, '\\\\N'), original_deadline = NULLIF(@od, '\\\\N'),
      completed_at = NULLIF(@ca, '\\\\N');
LOAD DATA LOCAL INFILE '$run/data/coords.tsv' INTO TABLE task_coordinators;
LOAD DATA LOCAL INFILE '$run/data/reports.tsv' INTO TABLE reports;
CREATE TEMPORARY TABLE p (id BIGINT PRIMARY KEY, period CHAR(7),
  percent TINYINT, health VARCHAR(10));
LOAD DATA LOCAL INFILE '$run/data/progress.tsv' INTO TABLE p;
UPDATE tasks t JOIN p ON p.id = t.id SET t.progress_period = p.period,
  t.progress_percent = p.percent, t.progress_health = p.health;
ANALYZE TABLE tasks, task_coordinators, reports;
SQL
	touch "$loaded"
fi
echo "bench: $(sql -e "SELECT COUNT(*) FROM tasks") tasks, $(sql -e "SELECT COUNT(*) FROM reports") reports, $(sql -e "SELECT COUNT(*) FROM tasks WHERE status NOT IN ('completed','cancelled') AND deadline < CURDATE()") overdue"

login() {	# login USER -> cookie file
	curl -sf -c "$run/cookie-$1" -H 'Content-Type: application/json' \
	    -d "{\"username\":\"$1\",\"password\":\"Demo@2026\"}" \
	    "$base/api/v1/session" > /dev/null
	sed -n 's/.*\tnv_session\t\(.*\)$/\1/p' "$run/cookie-$1"
}
LD=$(login ld.bcd); TT=$(login tt.bcd); CB=$(login cb.skhcn)

