# SPDX-License-Identifier: ISC
"""Faults under load, with a ledger (issue 9).  `make check-faults` starts
a fresh stack and runs this against it.

Writers on loopback keep writing through nginx (an official creates a task,
edits it, submits it; the secretariat creates a programme task, writes its
monthly report, edits the report), and every acknowledged write (a 2xx
with its id and version) goes into a ledger.  Meanwhile one fault happens.
Afterwards every acknowledged write is looked up in MariaDB (as root, not
through the API): a create must exist, and each task or report must be at
the acknowledged version or later, with the acknowledged content when at
it.  For each fault: acknowledged writes, lost ones (must be 0), requests
that failed and how, and the time from the end of the fault to the first
acknowledged write after it.  Prints a Markdown table (README.md carries
one); exits 1 when a write was lost, when a request got 502, or when the
service did not come back.

NV_FAULTS=name,name runs some faults only."""

import datetime
import http.client
import json
import os
import random
import signal
import socket
import sys
import threading
import time
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..",
                                "integration"))
import lib  # noqa: E402
from lib import Client, children, pool_pid, sql_root, stack  # noqa: E402

RUN = lib.RUN
RECOVER_MAX = 30.0  # seconds after a fault for the first acknowledged write


class Ledger:
    """Acknowledged writes, and the failures, of one fault's window."""

    def __init__(self):
        self.lock = threading.Lock()
        self.tasks = {}    # id -> (version, status, notes) last acknowledged
        self.reports = {}  # id -> (version, percent)
        self.acked = 0
        self.failed = {}   # "502 internal" -> count
        self.last_ok = 0.0
        self.oks = []      # monotonic times of acknowledged writes

    def ok(self, kind, rid, state):
        with self.lock:
            (self.tasks if kind == "task" else self.reports)[rid] = state
            self.acked += 1
            self.oks.append(time.monotonic())

    def fail(self, r):
        if r is None:
            key = "no answer"
        else:
            try:
                key = f"{r.status} {r.json['error']['code']}"
            except Exception:
                key = f"{r.status} (not JSON)"
        with self.lock:
            self.failed[key] = self.failed.get(key, 0) + 1


def call(c, method, path, body=None):
    """One request; None when no HTTP answer came (reset, timeout)."""
    try:
        return c.request(method, path, body=body, timeout=20)
    except (OSError, http.client.HTTPException):
        return None


def last_month():
    d = datetime.date.today().replace(day=1) - datetime.timedelta(days=1)
    return f"{d.year:04d}-{d.month:02d}"


def keep_going(step):
    """Runs step until it returns False; a surprise is a failure, not the
    end of the writer."""
    def run(source, ledger, stop):
        state = {}
        while not stop.is_set():
            try:
                step(source, ledger, state)
            except Exception as e:  # noqa: BLE001
                ledger.fail(None)
                print(f"  writer: {e!r}", flush=True)
                time.sleep(0.1)
    return run


def official_step(source, ledger, state):
    if "c" not in state:
        c = Client(source)
        c.login("cb.skhcn")  # raises when refused: tried again next time
        state["c"] = c
    c = state["c"]
    name = f"Sổ cái {uuid.uuid4().hex[:12]}"
    # Everything a registration must state before it is sent (issue 17).
    r = call(c, "POST", "tasks", {
        "name": name, "notes": "tạo", "fields": ["digital_transformation"],
        "responsible_person": "Giám đốc Sở", "expected_product": "Phần mềm",
        "target": "100% hồ sơ trực tuyến", "deadline": "2030-12-31"})
    if r is None or r.status != 201:
        ledger.fail(r)
        if r is not None and r.status == 401:
            relogin(c, "cb.skhcn")
        time.sleep(0.05)
        return
    t = r.json
    ledger.ok("task", t["id"], (t["version"], t["status"], t["notes"]))
    notes = f"sửa {uuid.uuid4().hex[:8]}"
    r = call(c, "PATCH", f"tasks/{t['id']}",
             {"notes": notes, "version": t["version"]})
    if r is None or r.status != 200:
        ledger.fail(r)
        return
    t = r.json
    ledger.ok("task", t["id"], (t["version"], t["status"], t["notes"]))
    r = call(c, "POST", f"tasks/{t['id']}/transitions",
             {"action": "submit", "version": t["version"]})
    if r is None or r.status != 200:
        ledger.fail(r)
        return
    t = r.json
    ledger.ok("task", t["id"], (t["version"], t["status"], t["notes"]))


def report_step(source, ledger, state):
    if "sec" not in state:
        sec, off = Client(source), Client(source)
        sec.login("tk.bcd")  # raises when refused: tried again next time
        off.login("cb.skhcn")
        state["sec"], state["off"] = sec, off
    sec, off = state["sec"], state["off"]
    r = call(sec, "POST", "tasks", {
        "kind": "directive", "name": f"Sổ cái CT {uuid.uuid4().hex[:12]}",
        "lead_agency": "SKHCN", "deadline": "2030-12-31",
        "status": "in_program"})
    if r is None or r.status != 201:
        ledger.fail(r)
        time.sleep(0.05)
        return
    t = r.json
    ledger.ok("task", t["id"], (t["version"], t["status"], t["notes"]))
    r = call(off, "POST", f"tasks/{t['id']}/reports", {
        "period": last_month(), "percent": 10, "health": "on_track",
        "work_done": "Đã làm", "results": "Kết quả đo được"})
    if r is None or r.status != 201:
        ledger.fail(r)
        return
    rep = r.json
    ledger.ok("report", rep["id"], (rep["version"], rep["percent"]))
    r = call(off, "PATCH", f"reports/{rep['id']}",
             {"percent": 20, "version": rep["version"]})
    if r is None or r.status != 200:
        ledger.fail(r)
        return
    rep = r.json
    ledger.ok("report", rep["id"], (rep["version"], rep["percent"]))


def relogin(c, user):
    try:
        c.login(user)
    except Exception:
        pass


def verify(ledger):
    """Acknowledged writes missing or behind in MariaDB: (lost, applied
    but not acknowledged)."""
    lost, extra = [], 0
    if ledger.tasks:
        ids = ",".join(str(i) for i in ledger.tasks)
        rc, out, err = sql_root(
            f"SELECT id, version, status, notes FROM tasks WHERE id IN ({ids})")
        if rc != 0:
            raise RuntimeError(f"sql: {err}")
        rows = {int(l.split("\t")[0]): l.split("\t")[1:]
                for l in out.splitlines()}
        for tid, (v, st, notes) in ledger.tasks.items():
            row = rows.get(tid)
            if row is None or int(row[0]) < v:
                lost.append(("task", tid, v, row))
            elif int(row[0]) == v and (row[1], row[2]) != (st, notes):
                lost.append(("task", tid, v, row))
            elif int(row[0]) > v:
                extra += 1
    if ledger.reports:
        ids = ",".join(str(i) for i in ledger.reports)
        rc, out, err = sql_root(
            f"SELECT id, version, percent FROM reports WHERE id IN ({ids})")
        if rc != 0:
            raise RuntimeError(f"sql: {err}")
        rows = {int(l.split("\t")[0]): l.split("\t")[1:]
                for l in out.splitlines()}
        for rid, (v, pct) in ledger.reports.items():
            row = rows.get(rid)
            if row is None or int(row[0]) < v or (
                    int(row[0]) == v and int(row[1]) != pct):
                lost.append(("report", rid, v, row))
            elif int(row[0]) > v:
                extra += 1
    return lost, extra


# --- The faults: each runs while the writers write; returns a note.

def pid_of(rel):
    with open(os.path.join(RUN, rel)) as f:
        return int(f.read().strip())


def fault_worker_kill():
    for _ in range(5):
        kids = children(pool_pid())
        if kids:
            os.kill(random.choice(kids), signal.SIGKILL)
        time.sleep(0.4)
    return "5 workers SIGKILLed, 0.4 s apart"


def fault_pool_sighup():
    for _ in range(3):
        os.kill(pool_pid(), signal.SIGHUP)
        time.sleep(0.7)
    return "SIGHUP 3 times"


def fault_pool_sigterm():
    stack("stop-pool")
    time.sleep(0.5)
    stack("start-pool")
    return "SIGTERM, then started again"


def fault_db_restart():
    stack("stop-db")
    time.sleep(0.5)
    stack("start-db")
    return "stopped and started"


def paused(rel, seconds):
    pid = pid_of(rel)
    os.kill(pid, signal.SIGSTOP)
    try:
        time.sleep(seconds)
    finally:
        os.kill(pid, signal.SIGCONT)


def fault_db_pause():
    paused("db/mariadb.pid", 6)
    return "SIGSTOP for 6 s"


def fault_ldap_pause():
    # Writers hold sessions (kept in MariaDB); logins go on beside them.
    stop = threading.Event()
    codes = {}

    def logins():
        while not stop.is_set():
            r = call(Client("127.0.90.9"), "POST", "session",
                     {"username": "cb.skhcn", "password": lib.DEMO_PASSWORD})
            k = "none" if r is None else r.status
            codes[k] = codes.get(k, 0) + 1

    t = threading.Thread(target=logins)
    t.start()
    paused("ldap/slapd.pid", 6)
    stop.set()
    t.join()
    return f"SIGSTOP for 6 s; logins meanwhile: {codes}"


def fault_db_read_only():
    rc, _, err = sql_root("SET GLOBAL read_only = ON")
    if rc != 0:
        raise RuntimeError(err)
    try:
        time.sleep(4)
    finally:
        sql_root("SET GLOBAL read_only = OFF")
    return "read_only for 4 s (disk full: not simulated)"


def fault_slowloris_and_big_bodies():
    socks = []
    for i in range(300):
        try:
            s = socket.create_connection((lib.HOST, lib.PORT), timeout=5,
                                         source_address=("127.0.91.1", 0))
            s.sendall(b"POST /api/v1/tasks HTTP/1.1\r\nHost: x\r\n")
            socks.append(s)
        except OSError:
            break
    big = json.dumps({"name": "x" * (2 << 20)}).encode()
    codes = {}

    def flood(k):
        c = Client(f"127.0.92.{k}")
        for _ in range(5):
            try:
                r = c.request("POST", "tasks", raw=big, timeout=20)
                codes[r.status] = codes.get(r.status, 0) + 1
            except Exception:
                codes["reset"] = codes.get("reset", 0) + 1

    ts = [threading.Thread(target=flood, args=(k,)) for k in range(1, 21)]
    for t in ts:
        t.start()
    for _ in range(5):  # slowloris: one more header line a second
        for s in socks:
            try:
                s.sendall(b"X-Slow: 1\r\n")
            except OSError:
                pass
        time.sleep(1)
    for t in ts:
        t.join()
    for s in socks:
        s.close()
    return (f"{len(socks)} slow connections for 5 s; 100 bodies of 2 MiB: "
            f"{codes}")


def fault_burst():
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..",
                                    "integration"))
    import test_057_overload as ov
    c = Client("127.0.93.1")
    c.login("gd.skhcn")
    res = ov.burst([(c.source, ov.cookie_of(c), "/api/v1/tasks?limit=200")]
                   * 300)
    codes = {}
    for st, _, _ in res:
        codes[st] = codes.get(st, 0) + 1
    return f"300 concurrent GET /tasks?limit=200 from one client: {codes}"


# (title, key, fault, may a request get 502): a worker killed mid-request
# or a pool that is not running has no one to answer; nothing else may.
FAULTS = [
    ("worker SIGKILLed mid-request", "worker_kill", fault_worker_kill, True),
    ("pool reloaded (SIGHUP)", "pool_sighup", fault_pool_sighup, False),
    ("pool restarted (SIGTERM)", "pool_sigterm", fault_pool_sigterm, True),
    ("MariaDB restarted", "db_restart", fault_db_restart, False),
    ("MariaDB paused 6 s", "db_pause", fault_db_pause, False),
    ("slapd paused 6 s", "ldap_pause", fault_ldap_pause, False),
    ("MariaDB read-only 4 s", "db_read_only", fault_db_read_only, False),
    ("slowloris and 2 MiB bodies", "slowloris",
     fault_slowloris_and_big_bodies, False),
    ("burst above the pool", "burst", fault_burst, False),
]


def run_fault(title, fn):
    ledger, stop = Ledger(), threading.Event()
    writers = [threading.Thread(target=keep_going(official_step),
                                args=(f"127.0.80.{k}", ledger, stop))
               for k in (1, 2)]
    writers.append(threading.Thread(target=keep_going(report_step),
                                    args=("127.0.80.3", ledger, stop)))
    for w in writers:
        w.start()
    time.sleep(1.5)
    start = time.monotonic()
    note = fn()
    end = time.monotonic()
    # Keep writing until the first acknowledged write after the fault,
    # then 2 s more to see that it holds.
    deadline = end + RECOVER_MAX
    recovered = None
    while time.monotonic() < deadline:
        with ledger.lock:
            after = [t for t in ledger.oks if t > end]
        if after:
            recovered = after[0] - end
            break
        time.sleep(0.05)
    time.sleep(2)
    stop.set()
    for w in writers:
        w.join()
    lost, extra = verify(ledger)
    # The longest time without any acknowledged write, from the fault's
    # start to the first write after its end: what a user would feel.
    oks = sorted(t for t in ledger.oks if t >= start)
    marks = [start] + oks
    gap = max((b - a for a, b in zip(marks, marks[1:])), default=None)
    return {"fault": title, "note": note, "acked": ledger.acked,
            "lost": lost, "extra": extra, "failed": ledger.failed,
            "recovered": recovered, "gap": gap}


def main():
    only = set(filter(None, os.environ.get("NV_FAULTS", "").split(",")))
    rows, bad = [], False
    for title, key, fn, may_502 in FAULTS:
        if only and key not in only:
            continue
        r = run_fault(title, fn)
        rows.append(r)
        print(f"{title}: {r['note']}; acked {r['acked']}, lost "
              f"{len(r['lost'])}, applied but not acknowledged "
              f"{r['extra']}, failed {r['failed']}, recovered "
              f"{r['recovered']}, longest gap {r['gap']}", flush=True)
        for item in r["lost"]:
            print(f"  LOST {item}", flush=True)
        if r["lost"] or r["recovered"] is None or (not may_502 and any(
                k.startswith("502") for k in r["failed"])):
            print("  FAILED", flush=True)
            bad = True
    print()
    print("| fault | acknowledged writes | lost | failed requests | "
          "longest time without a write | first write after the fault |")
    print("|---|---:|---:|---|---:|---:|")
    for r in rows:
        failed = ", ".join(f"{k}: {v}" for k, v in sorted(r["failed"].items()))
        rec = ("never" if r["recovered"] is None
               else f"{r['recovered']:.2f} s")
        gap = "" if r["gap"] is None else f"{r['gap']:.2f} s"
        print(f"| {r['fault']} | {r['acked']} | {len(r['lost'])} | "
              f"{failed or 'none'} | {gap} | {rec} |")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
