# SPDX-License-Identifier: ISC
"""Two directory servers: `ldap_uri` holds a space-separated list, which
libldap's ldap_initialize tries in order.  With the first one stopped in
the middle of a run, logins go on through the second; the time from the
stop to the first login that succeeds is printed."""

import json
import os
import signal
import subprocess
import tempfile
import time

import fcgi
from lib import RUN, TOP, check, eq, stack, wait_until

LDAP_PORT = int(os.environ.get("NV_LDAP_PORT", "13389"))
PORT2 = LDAP_PORT + 2   # + 1 is the stack's ldaps://


def second_slapd(d):
    """A copy of the stack's directory (slapcat, slapadd) on PORT2."""
    ldap = os.path.join(RUN, "ldap")
    with open(os.path.join(ldap, "slapd.conf")) as f:
        conf = f.read()
    for name in ("data", "slapd.pid", "slapd.args"):
        conf = conf.replace(os.path.join(ldap, name), os.path.join(d, name))
    path = os.path.join(d, "slapd.conf")
    with open(path, "w") as f:
        f.write(conf)
    os.makedirs(os.path.join(d, "data"))
    ldif = subprocess.run(["slapcat", "-f", os.path.join(ldap, "slapd.conf")],
                          capture_output=True, check=True).stdout
    subprocess.run(["slapadd", "-q", "-f", path], input=ldif, check=True,
                   capture_output=True)
    subprocess.run(["slapd", "-f", path, "-h",
                    "ldap://127.0.0.1:%d/" % PORT2], check=True)
    wait_until(lambda: subprocess.run(
        ["ldapsearch", "-x", "-H", "ldap://127.0.0.1:%d/" % PORT2, "-s",
         "base", "-b", "", "1.1"], capture_output=True).returncode == 0,
        10, "the second slapd")


def stop_pidfile(path):
    with open(path) as f:
        pid = int(f.read().strip())
    os.kill(pid, signal.SIGTERM)
    wait_until(lambda: not os.path.exists("/proc/%d" % pid), 30,
               "slapd %d to stop" % pid)


def pool(d):
    with open(os.path.join(RUN, "nhiemvu.conf")) as f:
        lines = f.read().splitlines()
    out = []
    for line in lines:
        k = line.split(" = ", 1)[0]
        if k == "ldap_uri":
            line = "ldap_uri = ldap://127.0.0.1:%d/ ldap://127.0.0.1:%d/" % (
                LDAP_PORT, PORT2)
        elif k == "listen":
            line = "listen = " + os.path.join(d, "pool.sock")
        elif k == "pid_file":
            line = "pid_file ="
        elif k == "workers":
            line = "workers = 2"
        out.append(line)
    conf = os.path.join(d, "pool.conf")
    with open(conf, "w") as f:
        f.write("\n".join(out) + "\n")
    p = subprocess.Popen([os.path.join(TOP, "build", "nhiemvu"), "-f", conf],
                         stderr=subprocess.DEVNULL)
    wait_until(lambda: os.path.exists(os.path.join(d, "pool.sock")), 10,
               "the pool's socket")
    return p


def login(sock):
    body = json.dumps({"username": "cb.skhcn",
                       "password": "Demo@2026"}).encode()
    params = {"REQUEST_METHOD": "POST", "DOCUMENT_URI": "/api/v1/session",
              "QUERY_STRING": "", "REMOTE_ADDR": "127.0.9.72",
              "CONTENT_TYPE": "application/json",
              "CONTENT_LENGTH": str(len(body))}
    try:
        return fcgi.request(sock, params, body, timeout=15)[0]
    except OSError as e:
        return "error: %s" % e


def test_second_directory_takes_over():
    with tempfile.TemporaryDirectory() as d:
        os.makedirs(os.path.join(d, "ldap2"))
        second_slapd(os.path.join(d, "ldap2"))
        p = pool(d)
        sock = os.path.join(d, "pool.sock")
        try:
            eq(login(sock), "200 OK", "login with both directories up")
            stack("stop-ldap")
            t0 = time.monotonic()
            try:
                first = None
                while time.monotonic() - t0 < 20:
                    if login(sock) == "200 OK":
                        first = time.monotonic() - t0
                        break
                    time.sleep(0.05)
                check(first is not None, "a login through the second "
                      "directory within 20 s")
                codes = [login(sock) for _ in range(10)]
                eq(set(codes), {"200 OK"}, "every login after it: %s" % codes)
                print("    first directory stopped: the first login "
                      "succeeded %.3f s later" % first)
            finally:
                stack("start-ldap")
        finally:
            p.send_signal(signal.SIGTERM)
            p.wait(timeout=30)
            stop_pidfile(os.path.join(d, "ldap2", "slapd.pid"))
