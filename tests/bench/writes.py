# SPDX-License-Identifier: ISC
"""Writes under load (issue 8): THREADS connections of wrk (8 per
official's session: nginx allows 16; tests/bench/writes.lua) each create a
task with a coordinator, rename it and submit it, for SECONDS; prints the
rate and p50/p99 over every write, then checks that every acknowledged
write is in the database as acknowledged (or one write further: wrk stops
with a write in flight on each connection) and that task_visibility and
list_version's triggers kept up (task_visibility = the leads plus the
coordinators), the dashboard's summary (migration 0035) with them, and in
both modes that task_totals' rows sum to the count of tasks and of drafts.

With MODE "reports" (the issue's "create a report, submit it, approve
it"): each connection writes a monthly report for one of its agency's
tasks in the programme (a task and month without one, chosen from the
database beforehand), submits it as the official, and the agency's head
approves it; afterwards every acknowledged report is in the database with
the status acknowledged, and every approved one's month and percent are at
most its task's progress.

If $BENCH_TABLE names a file, appends one TSV row per mode: scenario,
writes/s, p50_ms, p99_ms (over every write), refused or failed writes, -.

    writes.py BASE_URL MYSQL_SOCKET [SECONDS] [THREADS] [tasks|reports]
"""

import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse

base, sock = sys.argv[1], sys.argv[2]
seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 10
threads = int(sys.argv[4]) if len(sys.argv) > 4 else 32
mode = sys.argv[5] if len(sys.argv) > 5 else "tasks"
assert mode in ("tasks", "reports"), mode
users = [("cb.skhcn", "SNV"), ("cb.snv", "SKHCN"), ("cb.cat", "SYT"),
         ("cb.syt", "CAT")]
u = urllib.parse.urlsplit(base)


def conn():
    return http.client.HTTPConnection(u.hostname, u.port, timeout=30)


def call(c, method, path, body=None, sess=None):
    h = {"Content-Type": "application/json"}
    if sess:
        h["Cookie"] = "nv_session=" + sess[0]
        h["X-CSRF-Token"] = sess[1]
    c.request(method, "/api/v1/" + path,
              json.dumps(body) if body is not None else None, h)
    r = c.getresponse()
    data = r.read()
    return r.status, (json.loads(data) if data else None), r


def login(user):
    c = conn()
    st, js, r = call(c, "POST", "session",
                     {"username": user, "password": "Demo@2026"})
    assert st == 200, (user, st, js)
    cookie = [v for k, v in r.getheaders() if k.lower() == "set-cookie"]
    tok = [p.split("=", 1)[1] for h in cookie for p in h.split(";")
           if p.strip().startswith("nv_session=")][0]
    return tok, js["csrf_token"]


def sql(q):
    p = subprocess.run(["mariadb", "--protocol=socket", "-S", sock, "-u",
                        "root", "--batch", "--skip-column-names", "nhiemvu",
                        "-e", q], capture_output=True, text=True, check=True)
    return p.stdout


sessions = [login(name) for name, _ in users]
heads = [login("gd." + name.split(".", 1)[1]) for name, _ in users]
deadline = time.strftime("%Y-12-28")


def free_pairs(agency):
    """(task, month) pairs of the agency's tasks in the programme that
    have no report yet, months of the task's year up to this one."""
    now = time.strftime("%Y-%m")
    tasks = [line.split("\t") for line in sql(
        f"SELECT id, year FROM tasks WHERE lead_agency = '{agency}' AND "
        f"status = 'in_program' AND (accepted_at IS NULL OR accepted_at < "
        f"CONCAT(year, '-01-02')) ORDER BY id DESC LIMIT 3000").splitlines()]
    have = set()
    for i in range(0, len(tasks), 500):
        chunk = ",".join(t for t, _ in tasks[i:i + 500])
        for line in sql(f"SELECT task_id, period FROM reports WHERE task_id "
                        f"IN ({chunk})").splitlines():
            tid, period = line.split("\t")
            have.add((tid, period))
    out = []
    for m in range(1, 13):
        for tid, year in tasks:
            period = f"{year}-{m:02d}"
            if period <= now and (tid, period) not in have:
                out.append((int(tid), period))
    return out


# The plan writes.lua reads (its header says the format).
plan = [f"mode {mode}", f"deadline {deadline}"]
for i, ((name, coord), s, h) in enumerate(zip(users, sessions, heads), 1):
    plan.append(f"user {i} {s[0]} {s[1]} {h[0]} {h[1]} "
                f"{name.split('.', 1)[1].upper()} {coord}")
if mode == "reports":
    # The reports of earlier runs (work_done "Tải ghi <period>") go first,
    # so a stack reused run after run keeps its free (task, month) pairs
    # (make bench stopped at "cb.snv, 23" after a dozen runs).
    sql("DELETE FROM reports WHERE work_done LIKE 'Tải ghi %'")
    for i, (name, _) in enumerate(users, 1):
        free = free_pairs(name.split(".", 1)[1].upper())
        assert len(free) > threads, (name, len(free))
        # pop() takes from the end: the newest tasks' months first.
        plan += [f"pair {i} {tid} {period} {1 + tid % 99}"
                 for tid, period in reversed(free)]

# wrk, pinned to core 1 as every other scenario's (lib.sh measure()): a
# client in C with one event loop, where 32 Python threads sharing one
# interpreter lock took a quarter of a core and counted their own waits
# for the lock in the latencies.
tmp = tempfile.mkdtemp(prefix="nv-writes.")
with open(os.path.join(tmp, "plan"), "w") as f:
    f.write("\n".join(plan) + "\n")
env = dict(os.environ, BENCH_WRITES_PLAN=os.path.join(tmp, "plan"),
           BENCH_WRITES_ACKED=os.path.join(tmp, "acked"))
out = subprocess.run(
    ["taskset", "-c", "1", "wrk", "-t1", f"-c{threads}",
     f"-d{max(1, round(seconds))}s", "--timeout", "30s", "-s",
     os.path.join(os.path.dirname(os.path.abspath(__file__)), "writes.lua"),
     base], env=env, capture_output=True, text=True, check=True).stdout
line = [x for x in out.splitlines() if x.startswith("writes-lua: ")][0]
n, dur_us, p50_us, p99_us, non2xx, sockerr = map(int, line.split()[1:])
elapsed = dur_us / 1e6
# The last line of an id is its state: id -> (status, name or task,
# period, percent).
acked = {}
with open(os.path.join(tmp, "acked")) as f:
    for x in f:
        rid, status, what, period, pc = x.split()
        acked[int(rid)] = (status, what.replace("_", " "), period, pc)
shutil.rmtree(tmp)
print(f"writes: {threads} connections, {elapsed:.1f} s: {n / elapsed:.1f} "
      f"writes/s, p50 {p50_us / 1000:.1f} ms, p99 {p99_us / 1000:.1f} ms, "
      f"{non2xx} refused, {sockerr} socket errors")
errors = non2xx + sockerr

# wrk stops with a write in flight on each connection, which the database
# may hold without its answer having been read: a record may be one write
# ahead of what was acknowledged, never behind.
NEXT = {"draft": ("draft", "submitted"), "submitted": ("submitted",
                                                       "approved"),
        "approved": ("approved",)}
if mode == "reports":
    rows = {}
    ids = list(acked)
    for i in range(0, len(ids), 500):
        chunk = ",".join(str(x) for x in ids[i:i + 500])
        for line in sql(f"SELECT r.id, r.task_id, r.period, r.percent, "
                        f"r.status, t.progress_period, t.progress_percent "
                        f"FROM reports r JOIN tasks t ON t.id = r.task_id "
                        f"WHERE r.id IN ({chunk})").splitlines():
            rid, tid, period, pc, status, pp, ppc = line.split("\t")
            rows[int(rid)] = (tid, period, pc, status, pp)
    bad = [r for r, (status, tid, period, pc) in acked.items()
           if r not in rows or rows[r][:3] != (tid, period, pc) or
           rows[r][3] not in NEXT[status] or
           (rows[r][3] == "approved" and (rows[r][4] == "NULL" or
                                         rows[r][4] < period))]
    print(f"writes: {len(acked)} reports acknowledged, {len(bad)} not in "
          f"the database as acknowledged {bad[:5]}")
    vis = "0"
else:
    rows = {}
    ids = list(acked)
    for i in range(0, len(ids), 500):
        chunk = ",".join(str(x) for x in ids[i:i + 500])
        for line in sql(f"SELECT id, name, status FROM tasks WHERE id IN "
                        f"({chunk})").splitlines():
            tid, name, status = line.split("\t")
            rows[int(tid)] = (name, status)
    bad = [t for t, (status, name, _, _) in acked.items()
           if t not in rows or rows[t][1] not in NEXT[status] or
           not (rows[t][0] == name or (rows[t][1] == "draft" and rows[t][0]
                == name.replace("Tải ghi ", "Tải ghi đã sửa ", 1)))]
    vis = sql(
        "SELECT (SELECT COUNT(*) FROM task_visibility v WHERE v.n <> "
        "(SELECT COUNT(*) FROM tasks t WHERE t.id = v.task_id AND "
        "t.lead_agency = v.agency_code) + (SELECT COUNT(*) FROM "
        "task_coordinators c WHERE c.task_id = v.task_id AND "
        "c.agency_code = v.agency_code)) + (SELECT COUNT(*) FROM tasks t WHERE "
        "NOT EXISTS (SELECT 1 FROM task_visibility v WHERE v.task_id = t.id AND "
        "v.agency_code = t.lead_agency))").strip()
    # Migration 0032's columns and words kept up as well.
    coords = sql(
        "SELECT COUNT(*) FROM tasks t WHERE NOT (t.coordinators <=> (SELECT "
        "GROUP_CONCAT(c.agency_code ORDER BY ca.position, c.agency_code "
        "SEPARATOR ',') FROM task_coordinators c JOIN agencies ca ON "
        "ca.code = c.agency_code WHERE c.task_id = t.id))").strip()
    words = sql(
        "SELECT COUNT(*) FROM tasks t WHERE t.name LIKE 'Tải ghi đã sửa %' "
        "AND NOT EXISTS (SELECT 1 FROM task_words w WHERE w.task_id = t.id "
        "AND w.word = 'sua')").strip()
    print(f"writes: {len(acked)} tasks acknowledged, {len(bad)} not in the "
          f"database as acknowledged; task_visibility mismatches: {vis}; "
          f"coordinators column mismatches: {coords}; edited tasks "
          f"without their words: {words}")
    if coords != "0" or words != "0":
        vis = vis + "+" + coords + "+" + words


def kept(what, query, good="0"):
    """A trigger-kept table against a recount: prints what query finds
    and returns it, for vis, unless it is good."""
    got = sql(query).strip()
    print(f"writes: {what}: {got}")
    return "" if got == good else f"+{what} {got}"


# Migration 0035's dashboard summary kept up (both modes): tasks per
# agency and state, and in-programme tasks reported per agency and month.
vis += kept(
    "dashboard summary mismatches",
    "SELECT (SELECT COUNT(*) FROM (SELECT lead_agency a, status s, "
    "COUNT(*) c FROM tasks GROUP BY 1, 2) x LEFT JOIN (SELECT agency_code "
    "a, status s, SUM(n) c FROM dash_tally WHERE field = '' GROUP BY 1, 2) "
    "y USING (a, s) "
    "WHERE NOT (x.c <=> y.c)) + (SELECT COUNT(*) FROM (SELECT "
    "t.lead_agency a, r.period p, COUNT(*) c FROM reports r JOIN tasks t "
    "ON t.id = r.task_id WHERE t.status = 'in_program' AND r.status IN "
    "('submitted', 'approved') GROUP BY 1, 2) x LEFT JOIN (SELECT "
    "agency_code a, period p, SUM(n) c FROM dash_reported WHERE field = '' "
    "GROUP BY 1, 2) "
    "y USING (a, p) WHERE NOT (x.c <=> y.c))")
# Migration 0037's task_totals (a row per slot) still sums to the counts.
vis += kept(
    "task_totals less the counts (tasks, drafts)",
    "SELECT CONCAT((SELECT SUM(tasks) FROM task_totals) - (SELECT COUNT(*) "
    "FROM tasks), ',', (SELECT SUM(drafts) FROM task_totals) - (SELECT "
    "COUNT(*) FROM tasks WHERE status = 'draft'))", "0,0")
# Migration 0049's visibility_tally: the groups of task_visibility's rows;
# 0050's task_fields: each task's fields.  Recount less rows, group by group.
vis += kept(
    "visibility_tally mismatches",
    "SELECT COUNT(*) FROM (SELECT 1 FROM (SELECT agency_code, status, year, "
    "kind, 1 + task_id % 16 k, 1 n FROM task_visibility UNION ALL SELECT "
    "agency_code, status, year, kind, k, -n FROM visibility_tally) d "
    "GROUP BY agency_code, status, year, kind, k HAVING SUM(n) <> 0) x")
vis += kept(
    "task_fields mismatches",
    "SELECT COUNT(*) FROM (SELECT 1 FROM (SELECT f.field, t.id, 1 n FROM "
    "tasks t JOIN dash_fields f ON f.field <> '' AND FIND_IN_SET(f.field, "
    "t.fields) > 0 UNION ALL SELECT field, task_id, -1 FROM task_fields) d "
    "GROUP BY field, id HAVING SUM(n) <> 0) x")

if os.environ.get("BENCH_TABLE"):
    what = ("report created, submitted, approved" if mode == "reports"
            else "task created, edited, submitted")
    with open(os.environ["BENCH_TABLE"], "a") as f:
        f.write(f"writes: {what} ({threads} conns)\t{n / elapsed:.2f}\t"
                f"{p50_us / 1000:.2f}\t{p99_us / 1000:.2f}\t"
                f"{errors}\t-\n")
sys.exit(1 if bad or vis != "0" else 0)
