# SPDX-License-Identifier: ISC
"""make check-pools: two worker pools on two sockets behind one nginx
upstream, one of them killed (SIGKILL, supervisor and workers) in the
middle of a write load; nothing acknowledged is lost and nothing is
written twice.

The workers keep no state of their own (sessions, throttle counters and
idempotency keys are in MariaDB), so a second pool, here or on another
host, is only a second `server` line in nginx's upstream.  nginx passes a
request to the next pool when it cannot connect (`fastcgi_next_upstream
error timeout`, its default); a POST already sent to the pool that dies is
not passed on (nginx never repeats a non-idempotent request by itself) and
the client gets 502.  Clients therefore send every create with an
`Idempotency-Key` and repeat it on 502/503/504 until it is acknowledged:
the server answers a repeat of a write that landed with the first answer
(docs/API.md).

Needs the test stack (`make stack-check`): its MariaDB and slapd, and its
nginx site template.  Environment: NV_RUN, NV_POOLS_PORT (the nginx of
this test), NV_LDAP_PORT.  Bounded: 4 writers x 40 tasks, each write
repeated at most 50 times, every request with a 30 s timeout.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
PORT = int(os.environ["NV_POOLS_PORT"])
os.environ["NV_BASE"] = "http://127.0.0.1:%d" % PORT
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
from lib import RUN, TOP, Client, sql_root  # noqa: E402

WORK = os.path.join(os.path.dirname(RUN), "pools")
WRITERS, PER_WRITER, KILL_AFTER, TRIES = 4, 40, 50, 50

passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
        print("ok   " + what)
    else:
        failed += 1
        print("FAIL " + what)


def pool_conf(name):
    """The test stack's configuration on a socket of this pool's own."""
    with open(os.path.join(RUN, "nhiemvu.conf")) as f:
        text = f.read()
    for k, v in (("listen", os.path.join(WORK, name + ".sock")),
                 ("pid_file", ""), ("workers", "2")):
        text, n = re.subn(r"^%s =.*$" % k, "%s = %s" % (k, v), text,
                          flags=re.M)
        assert n == 1, k
    path = os.path.join(WORK, name + ".conf")
    with open(path, "w") as f:
        f.write(text)
    return path


def start_pool(name):
    log = open(os.path.join(WORK, name + ".log"), "w")
    p = subprocess.Popen([os.path.join(TOP, "build", "nhiemvu"), "-f",
                          pool_conf(name)], stdout=log, stderr=log,
                         start_new_session=True)
    sock = os.path.join(WORK, name + ".sock")
    for _ in range(150):
        if os.path.exists(sock):
            return p
        time.sleep(0.1)
    raise SystemExit("pool %s did not start" % name)


def start_nginx():
    """The product's own site (nginx/nhiemvu.conf.in and its body,
    nhiemvu-site.conf.in), its one fastcgi_pass pointed at an upstream of
    the two pools."""
    ngx = os.path.join(WORK, "nginx")
    os.makedirs(os.path.join(ngx, "tmp"), exist_ok=True)
    os.makedirs(os.path.join(WORK, "log"), exist_ok=True)

    def subst(text):
        for k, v in (("@LISTEN@", "127.0.0.1:%d" % PORT), ("@RUN@", WORK),
                     ("@WWW@", os.path.join(TOP, "nginx", "www")),
                     ("@BODY_MAX@", "65536"),
                     ("@ATTACH_BODY_MAX@", "21037056"),
                     ("@CACHE@", os.path.join(WORK, "nginx-cache")),
                     ("@ACCESS_LOG@", os.path.join(WORK, "log",
                                                   "access.log")),
                     ("unix:@FCGI_SOCKET@", "nhiemvu_pools")):
            text = text.replace(k, v)
        return text

    with open(os.path.join(TOP, "nginx", "nhiemvu-site.conf.in")) as f:
        site = f.read()
    check(site.count("fastcgi_pass\t\tunix:@FCGI_SOCKET@;") >= 1 and
          site.count("fastcgi_pass") == site.count("unix:@FCGI_SOCKET@"),
          "every fastcgi_pass of the site can be replaced")
    with open(os.path.join(ngx, "nhiemvu-site.conf"), "w") as f:
        f.write(subst(site))
    upstream = ("upstream nhiemvu_pools {\n"
                "\tserver unix:%s max_fails=1 fail_timeout=30s;\n"
                "\tserver unix:%s max_fails=1 fail_timeout=30s;\n}\n" %
                (os.path.join(WORK, "a.sock"), os.path.join(WORK, "b.sock")))
    with open(os.path.join(TOP, "nginx", "nhiemvu.conf.in")) as f:
        main = subst(f.read())
    with open(os.path.join(ngx, "nhiemvu.conf"), "w") as f:
        f.write(upstream + main)
    with open(os.path.join(TOP, "nginx", "nginx-local.conf.in")) as f:
        top = f.read()
    top = top.replace("@RUN@", WORK).replace(
        "@USER@", "user root;" if os.getuid() == 0 else "")
    with open(os.path.join(ngx, "nginx.conf"), "w") as f:
        f.write(top)
    subprocess.run(["nginx", "-p", ngx, "-e",
                    os.path.join(WORK, "log", "nginx-error.log"), "-c",
                    os.path.join(ngx, "nginx.conf")], check=True)


def stop_nginx():
    pidf = os.path.join(WORK, "nginx", "nginx.pid")
    if os.path.exists(pidf):
        with open(pidf) as f:
            pid = int(f.read().strip())
        os.kill(pid, signal.SIGTERM)
        for _ in range(100):
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)


def main():
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    run_id = uuid.uuid4().hex[:8]
    a = start_pool("a")
    b = start_pool("b")
    start_nginx()
    acked, lock = [], threading.Lock()
    retried = []
    kill_at = {}
    errors = []

    def writer(w):
        c = Client("127.0.0.1")
        r = c.login("cb.skhcn")
        if r.status != 200:
            errors.append("login %d" % r.status)
            return
        for i in range(PER_WRITER):
            name = "Cụm %s: người ghi %d, nhiệm vụ %d" % (run_id, w, i)
            key = str(uuid.uuid4())
            body = {"name": name, "responsible_person": "Trần Thị Bình",
                    "expected_product": "Báo cáo", "estimated_budget": 1000,
                    "deadline": "2026-12-31", "target": "Hoàn thành",
                    "fields": ["digital_transformation"]}
            for t in range(TRIES):
                try:
                    r = c.post("tasks", body,
                               headers={"Idempotency-Key": key})
                    st = r.status
                except OSError:
                    st = 0
                if st == 201:
                    with lock:
                        acked.append((r.json["id"], name, time.monotonic(),
                                      t))
                    break
                if st not in (0, 502, 503, 504):
                    errors.append("%s: %s" % (name, r))
                    return
                with lock:
                    retried.append((time.monotonic(), st))
                time.sleep(0.1)
            else:
                errors.append("%s: never acknowledged" % name)

    threads = [threading.Thread(target=writer, args=(w,))
               for w in range(WRITERS)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    try:
        while len(acked) < KILL_AFTER and time.monotonic() - t0 < 60:
            time.sleep(0.01)
        kill_at["t"] = time.monotonic()
        kill_at["acked"] = len(acked)
        os.killpg(a.pid, signal.SIGKILL)
        a.wait(timeout=10)
        for t in threads:
            t.join(timeout=300)
    finally:
        stop_nginx()
        for p in (a, b):
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
                p.wait(timeout=60)
    total = time.monotonic() - t0

    check(errors == [], "no write refused or given up: %s" % errors[:3])
    check(kill_at["acked"] >= KILL_AFTER, "pool a was killed mid-load, "
          "after %d acknowledged writes" % kill_at["acked"])
    check(len(acked) == WRITERS * PER_WRITER, "every write acknowledged "
          "(%d of %d)" % (len(acked), WRITERS * PER_WRITER))
    after = [x for x in acked if x[2] > kill_at["t"]]
    check(len(after) > 0, "writes acknowledged after the kill: %d" %
          len(after))
    failing = [t for t, _ in retried if t >= kill_at["t"]]
    window = max(failing) - kill_at["t"] if failing else 0.0
    rc, out, err = sql_root(
        "SELECT id, name FROM tasks WHERE name LIKE 'Cụm %s:%%'" % run_id)
    rows = [line.split("\t", 1) for line in out.splitlines()]
    in_db = {int(i): n for i, n in rows}
    names = [n for _, n in rows]
    check(rc == 0 and all(in_db.get(i) == n for i, n, _, _ in acked),
          "every acknowledged write is in the database")
    check(len(names) == len(set(names)) == WRITERS * PER_WRITER,
          "nothing written twice: %d rows, %d names" %
          (len(names), len(set(names))))
    served = {}
    for n in ("a", "b"):
        with open(os.path.join(WORK, n + ".log")) as f:
            served[n] = f.read().count("/api/v1/tasks")
    check(served["a"] > 0 and served["b"] > 0,
          "both pools served writes (a %d, b %d log lines)" %
          (served["a"], served["b"]))
    print("     %d writes by %d writers in %.1f s; pool a killed after %d; "
          "%d answers were 502/503/504 or no answer and were repeated "
          "with their key, the last %.3f s after the kill" %
          (len(acked), WRITERS, total, kill_at["acked"], len(retried),
           window))
    print("check-pools: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
