# SPDX-License-Identifier: ISC
"""A three-node MariaDB Galera cluster on loopback, for make check-cluster.

Every node lives in run/cluster/nN/ (its my.cnf, datadir, socket, logs)
and listens on 127.0.0.1 only: client port DB_PORT + i, Galera
(group communication) GALERA_PORT + i, IST GALERA_PORT + 10 + i, SST
GALERA_PORT + 20 + i.  The nodes run as the user Debian's MariaDB runs as
(`mysql`) when started by root, and their directories are that user's:
the rsync SST script runs its rsync daemon as the server's user, so it
can write the joiner's datadir (as root it would drop to `nobody`).  SST
logs go to the node's error log ([sst] sst-syslog = -1), not syslog.

    python3 tests/cluster/galera.py start|stop   (by hand; NV_RUN as usual)
"""

import os
import pwd
import shutil
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
DB_PORT = int(os.environ.get("NV_GALERA_DB_PORT", "23306"))
GALERA_PORT = int(os.environ.get("NV_GALERA_PORT", "24567"))
NODES = 3
PROVIDER = "/usr/lib/galera/libgalera_smm.so"


def server_user():
    """The user mariadbd runs as: mysql when we are root, else ourselves."""
    if os.getuid() == 0:
        try:
            pwd.getpwnam("mysql")
            return "mysql"
        except KeyError:
            raise SystemExit("galera: no 'mysql' user (is mariadb-server "
                             "installed?)")
    return pwd.getpwuid(os.getuid()).pw_name


class Node:
    def __init__(self, work, i):
        self.i = i
        self.name = "n%d" % (i + 1)
        self.dir = os.path.join(work, self.name)
        self.datadir = os.path.join(self.dir, "data")
        self.sock = os.path.join(self.dir, "mysql.sock")
        self.pidfile = os.path.join(self.dir, "mariadb.pid")
        self.log = os.path.join(self.dir, "mariadb.log")
        self.cnf = os.path.join(self.dir, "my.cnf")
        self.port = DB_PORT + i
        self.gport = GALERA_PORT + i
        self.proc = None

    def write_cnf(self, user):
        peers = ",".join("127.0.0.1:%d" % (GALERA_PORT + k)
                         for k in range(NODES))
        with open(self.cnf, "w") as f:
            f.write(f"""# A Galera node of make check-cluster (tests/cluster/galera.py).
[mariadbd]
datadir = {self.datadir}
socket = {self.sock}
pid-file = {self.pidfile}
log-error = {self.log}
tmpdir = {self.dir}/tmp
port = {self.port}
bind-address = 127.0.0.1
user = {user}
skip-name-resolve
character-set-server = utf8mb4
collation-server = utf8mb4_uca1400_ai_ci
innodb-buffer-pool-size = 64M
innodb-log-file-size = 32M
innodb-flush-log-at-trx-commit = 1
max-connections = 100
# What Galera needs: row-based replication, interleaved auto-increment locks.
binlog-format = ROW
innodb-autoinc-lock-mode = 2
wsrep-on = ON
wsrep-provider = {PROVIDER}
wsrep-cluster-name = nhiemvu-check
wsrep-cluster-address = gcomm://{peers}
wsrep-node-name = {self.name}
wsrep-node-address = 127.0.0.1:{self.gport}
# evs.suspect_timeout: how long the others wait for a silent node before
# they drop it and commit again (5 s by default); kept below the pool's
# db_read_timeout (4 s), or statements waiting on it time out (503).
wsrep-provider-options = "gmcast.listen_addr=tcp://127.0.0.1:{self.gport};ist.recv_addr=127.0.0.1:{self.gport + 10};gcache.size=64M;evs.suspect_timeout=PT3S"
wsrep-sst-method = rsync
wsrep-sst-receive-address = 127.0.0.1:{self.gport + 20}
# Causal reads: a read waits until this node has applied every write the
# cluster committed before it (a client's next request may reach another
# node through another pool).
wsrep-sync-wait = 1

[sst]
sst-syslog = -1
""")

    def prepare(self, user, install):
        for d in (self.datadir, os.path.join(self.dir, "tmp")):
            os.makedirs(d, exist_ok=True)
        if os.getuid() == 0 and subprocess.run(
                ["runuser", "-u", user, "--", "test", "-x", self.dir]
        ).returncode != 0:
            raise SystemExit("galera: user %s cannot reach %s: every folder "
                             "above the checkout must be searchable by it "
                             "(chmod o+x)" % (user, self.dir))
        self.write_cnf(user)
        if install:
            with open(os.path.join(self.dir, "install.log"), "w") as f:
                subprocess.run(
                    ["mariadb-install-db", "--no-defaults",
                     "--datadir=" + self.datadir, "--user=" + user,
                     "--auth-root-authentication-method=socket",
                     "--skip-test-db"], stdout=f, stderr=f, check=True)
        if os.getuid() == 0:
            pw = pwd.getpwnam(user)
            for root, dirs, files in os.walk(self.dir):
                for n in [root] + [os.path.join(root, x) for x in dirs + files]:
                    os.lchown(n, pw.pw_uid, pw.pw_gid)

    def start(self, new_cluster=False):
        args = ["mariadbd", "--defaults-file=" + self.cnf]
        if new_cluster:
            args.append("--wsrep-new-cluster")
        out = open(os.path.join(self.dir, "stdout.log"), "a")
        self.proc = subprocess.Popen(args, stdout=out, stderr=out,
                                     start_new_session=True)

    def sql(self, query, db=None, timeout=30):
        """(returncode, stdout, stderr) of query as root over the socket."""
        args = ["mariadb", "--protocol=socket", "-S", self.sock, "-u",
                "root", "--batch", "--skip-column-names"]
        if db:
            args.append(db)
        try:
            p = subprocess.run(args + ["-e", query], capture_output=True,
                               text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return 124, "", "timeout"
        return p.returncode, p.stdout, p.stderr

    def status(self, var):
        rc, out, _ = self.sql("SHOW STATUS LIKE '%s'" % var, timeout=5)
        if rc != 0 or "\t" not in out:
            return None
        return out.strip().split("\t", 1)[1]

    def wait_synced(self, size, seconds=120):
        """Until this node is Synced in a primary component of size nodes."""
        t0 = time.monotonic()
        while time.monotonic() - t0 < seconds:
            if self.proc is not None and self.proc.poll() is not None:
                raise SystemExit("galera: %s exited (see %s)" %
                                 (self.name, self.log))
            if (self.status("wsrep_local_state_comment") == "Synced" and
                    self.status("wsrep_cluster_status") == "Primary" and
                    self.status("wsrep_cluster_size") == str(size)):
                return time.monotonic() - t0
            time.sleep(0.2)
        raise SystemExit("galera: %s not synced in a cluster of %d after "
                         "%d s (see %s)" % (self.name, size, seconds,
                                            self.log))

    def pid(self):
        try:
            with open(self.pidfile) as f:
                return int(f.read().strip())
        except (OSError, ValueError):
            return None

    def kill(self, sig=signal.SIGKILL):
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, sig)
            self.proc.wait(timeout=120)

    def stop(self):
        """SIGTERM (a clean shutdown) and wait; a pid from an earlier run
        (its pid file) is stopped the same way."""
        if self.proc is not None:
            self.kill(signal.SIGTERM)
            return
        pid = self.pid()
        if pid is None or not is_mariadbd(pid, self.cnf):
            return
        os.kill(pid, signal.SIGTERM)
        for _ in range(1200):
            if not is_mariadbd(pid, self.cnf):
                return
            time.sleep(0.1)


def is_mariadbd(pid, cnf):
    """Whether pid is still a mariadbd of this configuration file."""
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            return cnf.encode() in f.read()
    except OSError:
        return False


class Cluster:
    def __init__(self, work):
        self.work = work
        self.nodes = [Node(work, i) for i in range(NODES)]

    def start(self):
        """From nothing: node 1 bootstraps, 2 and 3 join it by SST."""
        self.stop()
        shutil.rmtree(self.work, ignore_errors=True)
        os.makedirs(self.work)
        user = server_user()
        took = []
        for n in self.nodes:
            n.prepare(user, install=n.i == 0)
        for n in self.nodes:
            n.start(new_cluster=n.i == 0)
            took.append(n.wait_synced(n.i + 1))
        return took

    def stop(self):
        for n in reversed(self.nodes):
            n.stop()


def main():
    run = os.environ.get("NV_RUN", os.path.join(TOP, "run", "check"))
    c = Cluster(os.path.join(os.path.dirname(run), "cluster"))
    if sys.argv[1:] == ["start"]:
        took = c.start()
        for n, t in zip(c.nodes, took):
            print("galera: %s synced in %.1f s (port %d, socket %s)" %
                  (n.name, t, n.port, n.sock))
        # Left running by hand: detach from the servers.
        return 0
    if sys.argv[1:] == ["stop"]:
        c.stop()
        return 0
    print("usage: galera.py start|stop", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
