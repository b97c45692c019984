# SPDX-License-Identifier: ISC
"""Least privilege (ASVS 5.0 13.2.2): the pool does not run as root, its
socket is 0660 with nginx's group, so a local user who is neither the pool
nor nginx cannot talk FastCGI to it (and forge the client address the audit
trail and the throttle rely on); started as root with no `user`, the pool
refuses to run."""

import grp
import os
import pwd
import re
import stat
import subprocess
import tempfile

from lib import RUN, TOP, Client, check, eq, pool_pid, children

SOCK = os.path.join(RUN, "nhiemvu.sock")


def uids(pid):
    """The real, effective, saved and filesystem uids of a process."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("Uid:"):
                return [int(x) for x in line.split()[1:]]
    raise AssertionError(f"no Uid line for {pid}")


def test_the_pool_runs_as_its_own_user():
    want = pwd.getpwnam("nhiemvu").pw_uid
    check(want != 0, "nhiemvu is not root")
    sup = pool_pid()
    kids = children(sup)
    check(len(kids) >= 1, "workers are running")
    for pid in [sup] + kids:
        eq(uids(pid), [want] * 4, f"uids of {pid}")
    eq(Client(SOURCE).get("health").status, 200,  # noqa: F821
       "nginx reaches the pool")


def test_the_socket_is_0660_with_nginx_group():
    st = os.stat(SOCK)
    check(stat.S_ISSOCK(st.st_mode), "a unix socket")
    eq(oct(stat.S_IMODE(st.st_mode)), "0o660", "mode")
    eq(pwd.getpwuid(st.st_uid).pw_name, "nhiemvu", "owner")
    eq(grp.getgrgid(st.st_gid).gr_name, "www-data", "group")
    with open(os.path.join(RUN, "nginx", "nginx.conf")) as f:
        check(re.search(r"^user www-data www-data;$", f.read(), flags=re.M),
              "nginx's workers run as www-data")


def connect_as(user):
    """Connects to the pool's socket as another local user; returns the
    errno name of the failure, or 'connected'."""
    code = ("import errno,socket,sys\n"
            "s=socket.socket(socket.AF_UNIX)\n"
            "try:\n s.connect(sys.argv[1]); print('connected')\n"
            "except OSError as e: print(errno.errorcode[e.errno])\n")
    p = subprocess.run(["runuser", "-u", user, "--", "/usr/bin/python3",
                        "-c", code, SOCK], capture_output=True, timeout=30)
    return p.stdout.decode().strip()


def test_other_local_users_cannot_talk_fastcgi():
    eq(connect_as("nobody"), "EACCES", "nobody connects")
    eq(connect_as("www-data"), "connected", "nginx's user connects")


def test_root_without_a_user_is_refused():
    with open(os.path.join(RUN, "nhiemvu.conf")) as f:
        text = f.read()
    with tempfile.TemporaryDirectory() as d:
        text = re.sub(r"^user = .*$", "user =", text, flags=re.M)
        text = re.sub(r"^pid_file = .*$", "pid_file =", text, flags=re.M)
        text = re.sub(r"^listen = .*$", f"listen = {d}/x.sock", text,
                      flags=re.M)
        conf = os.path.join(d, "root.conf")
        with open(conf, "w") as f:
            f.write(text)
        p = subprocess.run([os.path.join(TOP, "build", "nhiemvu"), "-f",
                            conf], capture_output=True, timeout=30)
        check(p.returncode != 0, "exits with an error")
        check(b"refusing to run as root" in p.stderr, p.stderr[-300:])
        text = re.sub(r"^user =.*$", "user = root", text, flags=re.M)
        with open(conf, "w") as f:
            f.write(text)
        p = subprocess.run([os.path.join(TOP, "build", "nhiemvu"), "-f",
                            conf], capture_output=True, timeout=30)
        check(p.returncode != 0, "user = root: exits with an error")
        check(b"refusing to run as root" in p.stderr, p.stderr[-300:])
