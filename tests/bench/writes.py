# SPDX-License-Identifier: ISC
"""Writes under load (issue 8): THREADS connections (8 per official's
session: nginx allows 16) each create a task with a coordinator, edit it
and submit it, for SECONDS; prints the rate and p50/p99 of each kind of
write, then checks that every acknowledged write is in the database as
acknowledged and that task_visibility and list_version's triggers kept
up (task_visibility = the leads plus the coordinators).

    writes.py BASE_URL MYSQL_SOCKET [SECONDS] [THREADS]
"""

import http.client
import json
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid

base, sock = sys.argv[1], sys.argv[2]
seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 10
threads = int(sys.argv[4]) if len(sys.argv) > 4 else 32
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


sessions = [login(name) for name, _ in users]
lat = {"create": [], "edit": [], "submit": []}
acked, errors = {}, []
lock = threading.Lock()
stop = time.monotonic() + seconds


def worker(i):
    sess, coord = sessions[i % len(users)], users[i % len(users)][1]
    c = conn()
    while time.monotonic() < stop:
        tag = uuid.uuid4().hex[:10]
        steps = []
        t0 = time.monotonic()
        st, t, _ = call(c, "POST", "tasks", {
            "name": f"Tải ghi {tag}", "coordinating_agencies": [coord]},
            sess)
        steps.append(("create", t0, st, 201))
        if st == 201:
            t0 = time.monotonic()
            st, t2, _ = call(c, "PATCH", f"tasks/{t['id']}", {
                "name": f"Tải ghi đã sửa {tag}", "version": t["version"]},
                sess)
            steps.append(("edit", t0, st, 200))
            if st == 200:
                t0 = time.monotonic()
                st, t3, _ = call(c, "POST", f"tasks/{t['id']}/transitions",
                                 {"action": "submit",
                                  "version": t2["version"]}, sess)
                steps.append(("submit", t0, st, 200))
        now = time.monotonic()
        with lock:
            for k, (name, t0, got, want) in enumerate(steps):
                end = steps[k + 1][1] if k + 1 < len(steps) else now
                lat[name].append(end - t0)
                if got != want:
                    errors.append((name, got))
            if len(steps) == 3 and steps[2][2] == 200:
                acked[t["id"]] = (f"Tải ghi đã sửa {tag}", "submitted")
            elif len(steps) >= 2 and steps[1][2] == 200:
                acked[t["id"]] = (f"Tải ghi đã sửa {tag}", None)
            elif steps[0][2] == 201:
                acked[t["id"]] = (f"Tải ghi {tag}", None)


ts = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
t_start = time.monotonic()
for t in ts:
    t.start()
for t in ts:
    t.join()
elapsed = time.monotonic() - t_start


def pct(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(len(v) * p))] * 1000 if v else 0


n = sum(len(v) for v in lat.values())
print(f"writes: {threads} connections, {elapsed:.1f} s: {n / elapsed:.1f} "
      f"writes/s, {len(errors)} refused or failed "
      f"{sorted(set(errors))[:5]}")
for k, v in lat.items():
    print(f"  {k:7s} {len(v):6d}  p50 {pct(v, .5):7.1f} ms  "
          f"p99 {pct(v, .99):7.1f} ms")


def sql(q):
    p = subprocess.run(["mariadb", "--protocol=socket", "-S", sock, "-u",
                        "root", "--batch", "--skip-column-names", "nhiemvu",
                        "-e", q], capture_output=True, text=True, check=True)
    return p.stdout


rows = {}
ids = list(acked)
for i in range(0, len(ids), 500):
    chunk = ",".join(str(x) for x in ids[i:i + 500])
    for line in sql(f"SELECT id, name, status FROM tasks WHERE id IN "
                    f"({chunk})").splitlines():
        tid, name, status = line.split("\t")
        rows[int(tid)] = (name, status)
bad = [t for t, (name, status) in acked.items()
       if t not in rows or rows[t][0] != name or
       (status is not None and rows[t][1] != status)]
vis = sql(
    "SELECT (SELECT COUNT(*) FROM task_visibility v WHERE v.n <> "
    "(SELECT COUNT(*) FROM tasks t WHERE t.id = v.task_id AND "
    "t.lead_agency = v.agency_code) + (SELECT COUNT(*) FROM "
    "task_coordinators c WHERE c.task_id = v.task_id AND "
    "c.agency_code = v.agency_code)) + (SELECT COUNT(*) FROM tasks t WHERE "
    "NOT EXISTS (SELECT 1 FROM task_visibility v WHERE v.task_id = t.id AND "
    "v.agency_code = t.lead_agency))").strip()
print(f"writes: {len(acked)} tasks acknowledged, {len(bad)} not in the "
      f"database as acknowledged; task_visibility mismatches: {vis}")
sys.exit(1 if bad or vis != "0" else 0)
