# SPDX-License-Identifier: ISC
"""make check-deb: the Debian package installed, upgraded, run, removed
and purged in a throw-away root, never on this host.

The root is a copy of a Debian 12 minbase (debootstrap, cached in
run/deb-base) under run/deb/root; dpkg runs in it through chroot.  systemd
does not run there, so what systemd would do is done by hand: the units are
checked with `systemd-analyze verify`, and this script holds the listening
socket, as nhiemvu.socket would, and hands it to the installed binary
(LISTEN_FDS), running as the package's user.  The database is a private
MariaDB whose socket is the root's /run/mysqld/mysqld.sock (the packaged
configuration's default); the directory is the test stack's slapd
(`make stack-check` first), reached over StartTLS with the stack's CA.

Environment: NV_RUN (the test stack's run/check), NV_LDAP_PORT,
DEB_OLD and DEB_NEW (the two packages: the older one lacks the newest
migration), DEB_BASE (the cached root), DEB_WORK (run/deb).
"""

import grp
import json
import os
import pwd
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
import fcgi  # noqa: E402

TOP = os.path.abspath(os.path.join(HERE, "..", ".."))
RUN = os.environ["NV_RUN"]
LDAP_PORT = int(os.environ["NV_LDAP_PORT"])
DEB_OLD = os.environ["DEB_OLD"]
DEB_NEW = os.environ["DEB_NEW"]
BASE = os.environ["DEB_BASE"]
WORK = os.environ["DEB_WORK"]
ROOT = os.path.join(WORK, "root")
DB = os.path.join(WORK, "db")
SOCK = os.path.join(ROOT, "run/mysqld/mysqld.sock")
FCGI_SOCK = os.path.join(ROOT, "run/nhiemvu/fcgi.sock")
SUFFIX = "dc=nghean,dc=gov,dc=vn"

passed = failed = 0
T0 = time.monotonic()


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
        print("ok   %5.1fs %s" % (time.monotonic() - T0, what))
    else:
        failed += 1
        print("FAIL %5.1fs %s" % (time.monotonic() - T0, what))


def eq(got, want, what):
    check(got == want, "%s (got %r, want %r)" % (what, got, want))


def run(*cmd, **kw):
    kw.setdefault("check", True)
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300,
                          **kw)


def chroot(*cmd, **kw):
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8",
           "DEBIAN_FRONTEND": "noninteractive"}
    return run("chroot", ROOT, *cmd, env=env, **kw)


def dpkg(*args):
    r = chroot("dpkg", "--force-confold", *args, check=False)
    if r.returncode != 0:
        print(r.stdout, r.stderr)
    return r


def sql(q, db="nhiemvu"):
    return run("mariadb", "--protocol=socket", "-S", SOCK, "-u", "root",
               "--batch", "--skip-column-names", db, "-e", q).stdout.strip()


def row_counts():
    """Each table of the database and its exact row count."""
    tables = sql("SELECT table_name FROM information_schema.tables "
                 "WHERE table_schema = 'nhiemvu' ORDER BY 1").split()
    return {t: int(sql("SELECT COUNT(*) FROM `%s`" % t)) for t in tables}


def in_root(path):
    return os.path.join(ROOT, path.lstrip("/"))


def passwd(name):
    """The root's passwd and group entries for name (not this host's)."""
    u = g = None
    with open(in_root("/etc/passwd")) as f:
        for line in f:
            p = line.rstrip("\n").split(":")
            if p[0] == name:
                u = p
    with open(in_root("/etc/group")) as f:
        for line in f:
            p = line.rstrip("\n").split(":")
            if p[0] == name:
                g = p
    return u, g


def mode_owner(path, uid, gid):
    st = os.stat(in_root(path))
    return (oct(stat.S_IMODE(st.st_mode)), st.st_uid == uid,
            st.st_gid == gid)


def root_copy():
    if os.path.exists(ROOT):
        shutil.rmtree(ROOT)
    run("cp", "-a", BASE, ROOT)
    os.makedirs(in_root("/run/mysqld"), exist_ok=True)
    os.makedirs(in_root("/run/nhiemvu"), exist_ok=True)


def mariadb_start():
    if os.path.exists(DB):
        shutil.rmtree(DB)
    os.makedirs(DB)
    run("mariadb-install-db", "--no-defaults", "--datadir=" + DB + "/data",
        "--auth-root-authentication-method=socket", "--skip-test-db",
        "--user=root")
    log = open(os.path.join(WORK, "mariadb.log"), "w")
    p = subprocess.Popen(
        ["mariadbd", "--no-defaults", "--datadir=" + DB + "/data",
         "--socket=" + SOCK, "--pid-file=" + DB + "/mariadb.pid",
         "--user=root", "--skip-networking", "--skip-name-resolve",
         "--character-set-server=utf8mb4",
         "--collation-server=utf8mb4_uca1400_ai_ci",
         "--innodb-buffer-pool-size=64M"], stdout=log, stderr=log)
    for _ in range(600):
        if run("mariadb-admin", "--protocol=socket", "-S", SOCK, "-u",
               "root", "ping", check=False).returncode == 0:
            return p
        time.sleep(0.1)
    raise SystemExit("the private MariaDB did not start")


def applied_migrations():
    """The versions schema_migrations records, in the order migrations_in
    gives: Python's, not the column's collation's (which puts
    0038_tasks_overdue_index before 0038_task_counts)."""
    return sorted(sql("SELECT version FROM schema_migrations").split("\n"))


def migrations_in(deb):
    names = run("dpkg-deb", "-c", deb).stdout
    return sorted(re.findall(r"schema/migrations/(\d{4}_\w+)\.sql", names))


def configure_directory():
    """What an administrator does after installing: point the packaged
    configuration at the directory (the test stack's slapd)."""
    shutil.copy(os.path.join(RUN, "ldap/tls/ca.crt"),
                in_root("/etc/nhiemvu/ldap-ca.crt"))
    shutil.copy(os.path.join(RUN, "secrets/ldap_service_password"),
                in_root("/etc/nhiemvu/ldap.secret"))
    chroot("chown", "nhiemvu:nhiemvu", "/etc/nhiemvu/ldap.secret")
    chroot("chmod", "0600", "/etc/nhiemvu/ldap.secret")
    conf = in_root("/etc/nhiemvu/nhiemvu.conf")
    with open(conf) as f:
        text = f.read()
    edits = {
        "ldap_uri": "ldap://127.0.0.1:%d/" % LDAP_PORT,
        "ldap_starttls": "yes",
        "ldap_tls_cacert": "/etc/nhiemvu/ldap-ca.crt",
        "ldap_bind_dn": "cn=nhiemvu,ou=services," + SUFFIX,
        "ldap_bind_password_file": "/etc/nhiemvu/ldap.secret",
        "workers": "2",
    }
    for k, v in edits.items():
        text, n = re.subn(r"^%s =.*$" % k, "%s = %s" % (k, v), text,
                          flags=re.M)
        assert n == 1, k
    with open(conf, "w") as f:
        f.write(text)


class Pool:
    """The installed binary as systemd would run it: as the user nhiemvu,
    on a socket held by someone else (here, this script) and handed over
    as fd 3 with LISTEN_FDS=1 and LISTEN_PID set to the pool's own pid."""

    def __init__(self, listener):
        u, g = passwd("nhiemvu")
        spec = "%s:%s" % (u[2], g[2])   # numeric: the root's, not ours
        self.log = open(os.path.join(WORK, "pool.log"), "a")
        fd = listener.fileno()

        def child():
            os.dup2(fd, 3)
            os.set_inheritable(3, True)

        # LISTEN_PID is the pid of the process that reads it: sh execs
        # chroot, which execs nhiemvu, all under the one pid.
        self.p = subprocess.Popen(
            ["sh", "-c", "LISTEN_PID=$$ LISTEN_FDS=1 exec chroot "
             "--userspec=" + spec + " --groups=" + g[2] + " " + ROOT +
             " /usr/sbin/nhiemvu -f /etc/nhiemvu/nhiemvu.conf"],
            preexec_fn=child, pass_fds=(fd,), stdout=self.log,
            stderr=self.log, env={"PATH": "/usr/sbin:/usr/bin:/sbin:/bin"})

    def stop(self):
        self.p.send_signal(signal.SIGTERM)
        return self.p.wait(timeout=60)


HEALTH = {"REQUEST_METHOD": "GET", "DOCUMENT_URI": "/api/v1/health",
          "QUERY_STRING": "", "REMOTE_ADDR": "127.0.0.1"}


def health(timeout=10):
    st, _, body = fcgi.request(FCGI_SOCK, HEALTH, timeout=timeout)
    return st, json.loads(body) if body else None


def wait_health(pool, what):
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and pool.p.poll() is None:
        try:
            if health(timeout=2)[0] == "200 OK":
                return True
        except OSError:
            pass
        time.sleep(0.1)
    print(open(os.path.join(WORK, "pool.log")).read()[-2000:])
    check(False, what)
    return False


def login(user):
    body = json.dumps({"username": user, "password": "Demo@2026"}).encode()
    p = {"REQUEST_METHOD": "POST", "DOCUMENT_URI": "/api/v1/session",
         "QUERY_STRING": "", "REMOTE_ADDR": "127.0.0.1",
         "CONTENT_TYPE": "application/json",
         "CONTENT_LENGTH": str(len(body))}
    st, _, out = fcgi.request(FCGI_SOCK, p, body)
    return st, json.loads(out)


def upgrade_under_load(listener, pool):
    """Requests sent all through the upgrade: each must get 200.  The
    socket stays open here (as nhiemvu.socket keeps it), the old pool ends
    on SIGTERM after its requests in flight, the new one takes the queue.
    Bounded: four clients, a request every 5 ms each, for at most 60 s."""
    results, stop = [], threading.Event()
    hard_stop = time.monotonic() + 60

    def client():
        while not stop.is_set() and time.monotonic() < hard_stop:
            t = time.monotonic()
            try:
                st = health(timeout=30)[0]
            except OSError as e:
                st = "error: %s" % e
            results.append((t, st))
            time.sleep(0.005)

    threads = [threading.Thread(target=client) for _ in range(4)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    r = dpkg("-i", "/tmp/new.deb")
    eq(r.returncode, 0, "dpkg -i of the newer package over the older")
    # postinst's try-restart, as systemd would do it: stop, then start.
    t_term = time.monotonic()
    eq(pool.stop(), 0, "the old pool exits 0 on SIGTERM")
    t_gone = time.monotonic()
    time.sleep(0.3)     # no pool at all: requests wait in the queue
    pool = Pool(listener)
    t_new = time.monotonic()
    time.sleep(1.0)
    stop.set()
    for t in threads:
        t.join(timeout=60)
    bad = [st for _, st in results if st != "200 OK"]
    # Sent between SIGTERM to the old pool and the new pool's start:
    # answered by the old pool before it closed, or queued for the new.
    queued = [st for t, st in results if t_term <= t < t_new]
    print("     upgrade: %d requests, %d sent while the pool was replaced "
          "(%.2f s, %.2f s with no pool), %d not 200" %
          (len(results), len(queued), t_new - t_term, t_new - t_gone,
           len(bad)))
    check(len(queued) > 0, "requests were sent while the pool was replaced")
    eq(bad[:3], [], "no request lost or failed across the upgrade")
    return pool


def main():
    os.makedirs(WORK, exist_ok=True)
    root_copy()
    shutil.copy(DEB_OLD, in_root("/tmp/old.deb"))
    shutil.copy(DEB_NEW, in_root("/tmp/new.deb"))
    old_m, new_m = migrations_in(DEB_OLD), migrations_in(DEB_NEW)
    check(len(new_m) == len(old_m) + 1, "the newer package has one "
          "migration more (%d, %d)" % (len(old_m), len(new_m)))
    db = mariadb_start()
    listener = pool = None
    try:
        # 1. Installation.
        r = dpkg("-i", "/tmp/old.deb")
        eq(r.returncode, 0, "dpkg -i of the older package")
        u, g = passwd("nhiemvu")
        check(u is not None and g is not None, "user and group nhiemvu")
        uid, gid = int(u[2]), int(g[2])
        check(uid < 1000 and u[6] == "/usr/sbin/nologin" and
              u[5] == "/nonexistent", "nhiemvu is a system user, no "
              "login, no home (%s)" % ":".join(u))
        eq(mode_owner("/etc/nhiemvu", 0, gid), ("0o750", True, True),
           "/etc/nhiemvu 0750 root:nhiemvu")
        eq(mode_owner("/etc/nhiemvu/nhiemvu.conf", 0, gid),
           ("0o640", True, True), "nhiemvu.conf 0640 root:nhiemvu")
        eq(mode_owner("/etc/nhiemvu/db.secret", uid, gid),
           ("0o600", True, True), "db.secret 0600 nhiemvu:nhiemvu")
        with open(in_root("/etc/nhiemvu/db.secret")) as f:
            secret = f.read()
        check(re.fullmatch(r"[A-Za-z0-9]{32}", secret) is not None,
              "db.secret holds 32 random characters")
        for path, mode in (("/usr/sbin/nhiemvu", "0o755"),
                           ("/usr/sbin/nhiemvu-migrate", "0o755"),
                           ("/lib/systemd/system/nhiemvu.service", "0o644"),
                           ("/lib/systemd/system/nhiemvu.socket", "0o644"),
                           ("/etc/nginx/sites-available/nhiemvu", "0o644"),
                           ("/etc/nginx/nhiemvu-site.conf", "0o644"),
                           ("/usr/share/nhiemvu/www/index.html", "0o644"),
                           ("/usr/share/man/man5/nhiemvu.conf.5.gz",
                            "0o644")):
            eq(mode_owner(path, 0, 0), (mode, True, True),
               "%s %s root:root" % (path, mode[2:]))
        check(os.path.islink(in_root(
            "/etc/systemd/system/sockets.target.wants/nhiemvu.socket")),
            "nhiemvu.socket enabled")
        check(os.path.islink(in_root(
            "/etc/systemd/system/multi-user.target.wants/nhiemvu.service")),
            "nhiemvu.service enabled")
        eq(applied_migrations(), old_m,
           "postinst applied the older package's migrations")
        r = run("mariadb", "--protocol=socket", "-S", SOCK, "-u", "nhiemvu",
                "-p" + secret, "nhiemvu", "-e", "SELECT 1", check=False)
        eq(r.returncode, 0, "the account nhiemvu logs in with db.secret")

        # 2. The units, as systemd would read them in this root.
        r = chroot("systemd-analyze", "verify", "--man=no",
                   "/lib/systemd/system/nhiemvu.socket",
                   "/lib/systemd/system/nhiemvu.service", check=False)
        out = (r.stdout + r.stderr).strip()
        print("     systemd-analyze verify: rc %d %s" % (r.returncode, out))
        eq(r.returncode, 0, "systemd-analyze verify accepts both units")
        r = chroot("sh", "-c", "systemd-analyze security --offline=yes "
                   "--root=/ /lib/systemd/system/nhiemvu.service | tail -n 1",
                   check=False)
        print("     systemd-analyze security: " + (r.stdout + r.stderr)
              .strip())

        # 3. nginx takes the site.
        os.symlink("../sites-available/nhiemvu",
                   in_root("/etc/nginx/sites-enabled/nhiemvu"))
        os.unlink(in_root("/etc/nginx/sites-enabled/default"))
        r = chroot("nginx", "-t", check=False)
        eq(r.returncode, 0, "nginx -t with the site enabled: " +
           r.stderr.strip().replace("\n", " | "))

        # 4. The installed binary, as systemd runs it, against the stack's
        # directory and the package's database.
        configure_directory()
        r = chroot("nhiemvu", "-n", "-f", "/etc/nhiemvu/nhiemvu.conf",
                   check=False)
        eq(r.returncode, 0, "nhiemvu -n accepts the configured file " +
           r.stderr.strip()[-300:])
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(FCGI_SOCK)
        listener.listen(1024)
        pool = Pool(listener)
        if wait_health(pool, "the installed pool answers /health"):
            st, body = health()
            eq((st, body["database"], body["directory"]),
               ("200 OK", "ok", "ok"), "health: database and directory")
            st, body = login("admin")
            eq(st, "200 OK", "admin logs in through the installed pool")
            check("csrf_token" in body, "the login returns a CSRF token")

        # 5. Upgrade under load: the newest migration, the same secret, the
        # administrator's edits kept, no request lost.
        pool = upgrade_under_load(listener, pool)
        eq(applied_migrations(), new_m,
           "the upgrade applied the newest migration")
        with open(in_root("/etc/nhiemvu/db.secret")) as f:
            eq(f.read(), secret, "db.secret kept across the upgrade")
        with open(in_root("/etc/nhiemvu/nhiemvu.conf")) as f:
            check("\nworkers = 2\n" in f.read(),
                  "the administrator's edit kept across the upgrade")
        eq(chroot("dpkg-query", "-W", "-f=${Version}", "nhiemvu").stdout,
           re.search(r"_([^_]+)_amd64", DEB_NEW).group(1),
           "the newer version is installed")
        if wait_health(pool, "the new pool answers"):
            eq(login("admin")[0], "200 OK", "login after the upgrade")
        eq(pool.stop(), 0, "the new pool exits 0 on SIGTERM")
        pool = None

        # 6. The installed backup and restore, on a new server's database.
        counts = row_counts()
        r = chroot("nhiemvu-backup", check=False)
        eq(r.returncode, 0, "nhiemvu-backup " + r.stderr.strip())
        dest = r.stdout.strip()
        check(dest.startswith("/var/backups/nhiemvu/nhiemvu-"),
              "the backup is in /var/backups/nhiemvu: " + dest)
        sql("DROP DATABASE nhiemvu; DROP USER 'nhiemvu'@'localhost'",
            db="mysql")
        r = chroot("nhiemvu-restore", "--yes", dest, check=False)
        eq(r.returncode, 0, "nhiemvu-restore " + r.stderr.strip())
        eq(row_counts(), counts, "every table is back, with its rows")
        eq(applied_migrations(), new_m, "and the migrations")
        pool = Pool(listener)
        if wait_health(pool, "the pool answers after the restore"):
            eq(login("admin")[0], "200 OK", "login after the restore")
        eq(pool.stop(), 0, "the pool exits 0 on SIGTERM")
        pool = None

        # 7. remove keeps the configuration, the user and the data.
        n_tables = sql("SELECT COUNT(*) FROM information_schema.tables "
                       "WHERE table_schema = 'nhiemvu'")
        r = dpkg("-r", "nhiemvu")
        eq(r.returncode, 0, "dpkg -r")
        check(not os.path.exists(in_root("/usr/sbin/nhiemvu")),
              "remove: the binary is gone")
        check(os.path.exists(in_root("/etc/nhiemvu/nhiemvu.conf")) and
              os.path.exists(in_root("/etc/nhiemvu/db.secret")),
              "remove: configuration and secret kept")
        check(passwd("nhiemvu")[0] is not None, "remove: user kept")
        eq(sql("SELECT COUNT(*) FROM information_schema.tables "
               "WHERE table_schema = 'nhiemvu'"), n_tables,
           "remove: the database kept")

        # 8. purge says what it removes and removes /etc/nhiemvu only.
        r = dpkg("-P", "nhiemvu")
        eq(r.returncode, 0, "dpkg -P")
        check("purge removes /etc/nhiemvu" in r.stdout and
              "keeps the system user nhiemvu and the MariaDB database"
              in r.stdout, "purge says what it removes and keeps")
        check(not os.path.exists(in_root("/etc/nhiemvu")),
              "purge: /etc/nhiemvu is gone")
        check(passwd("nhiemvu")[0] is not None, "purge: user kept")
        eq(sql("SELECT COUNT(*) FROM information_schema.tables "
               "WHERE table_schema = 'nhiemvu'"), n_tables,
           "purge: the database kept")
    finally:
        if pool is not None:
            pool.stop()
        if listener is not None:
            listener.close()
        db.terminate()
        db.wait(timeout=60)
    print("check-deb: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
