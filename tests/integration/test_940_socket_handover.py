# SPDX-License-Identifier: ISC
"""The pool runs on a socket handed over by systemd (LISTEN_FDS, fd 3) or
by spawn-fcgi (standard input), and answers FastCGI directly."""

import json
import os
import re
import signal
import socket
import subprocess
import tempfile

import fcgi
from lib import RUN, TOP, check, eq, wait_until

PARAMS = {"REQUEST_METHOD": "GET", "DOCUMENT_URI": "/api/v1/health",
          "QUERY_STRING": "", "REMOTE_ADDR": "127.0.0.1",
          "REQUEST_ID": "0123456789abcdef"}


def conf_copy(d):
    """The test stack's configuration, with no pid file of its own."""
    with open(os.path.join(RUN, "nhiemvu.conf")) as f:
        text = f.read()
    text = re.sub(r"^pid_file = .*$", "pid_file =", text, flags=re.M)
    text = re.sub(r"^workers = .*$", "workers = 2", text, flags=re.M)
    path = os.path.join(d, "nhiemvu.conf")
    with open(path, "w") as f:
        f.write(text)
    return path


def listening(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(path)
    s.listen(16)
    return s


def serve_and_check(proc, path):
    try:
        def up():
            try:
                return fcgi.request(path, PARAMS, timeout=2)[0]
            except OSError:
                return None
        wait_until(lambda: up() is not None, 10, "the pool answers")
        status, headers, body = fcgi.request(path, PARAMS)
        eq(status, "200 OK", "status line")
        eq(headers.get("X-Request-Id"), "0123456789abcdef", "request id")
        eq(json.loads(body)["status"], "ok", "health")
        # Forged ids are not trusted into the logs.
        p = dict(PARAMS, REQUEST_ID="bad id\nINJECT")
        eq(len(fcgi.request(path, p)[1]["X-Request-Id"]), 16, "own id")
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    eq(proc.returncode, 0, "clean exit on SIGTERM")


def test_systemd_socket():
    with tempfile.TemporaryDirectory() as d:
        conf = conf_copy(d)
        path = os.path.join(d, "sd.sock")
        s = listening(path)

        def child():
            os.dup2(s.fileno(), 3)
            os.environ["LISTEN_FDS"] = "1"
            os.environ["LISTEN_PID"] = str(os.getpid())

        proc = subprocess.Popen([os.path.join(TOP, "build", "nhiemvu"), "-f",
                                 conf], preexec_fn=child, pass_fds=(3,),
                                stderr=subprocess.PIPE)
        s.close()
        serve_and_check(proc, path)
        log = proc.stderr.read().decode()
        check("socket passed by systemd" in log, log[-500:])


def test_spawn_fcgi_socket_on_stdin():
    with tempfile.TemporaryDirectory() as d:
        conf = conf_copy(d)
        path = os.path.join(d, "sp.sock")
        s = listening(path)
        proc = subprocess.Popen([os.path.join(TOP, "build", "nhiemvu"), "-f",
                                 conf], stdin=s.fileno(),
                                stderr=subprocess.PIPE)
        s.close()
        serve_and_check(proc, path)
        check("socket on standard input" in proc.stderr.read().decode(),
              "took the socket on fd 0")


def test_bad_configuration_is_refused():
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "bad.conf")
        with open(path, "w") as f:
            f.write("workers = 0\n")
        p = subprocess.run([os.path.join(TOP, "build", "nhiemvu"), "-n", "-f",
                            path], capture_output=True, text=True)
        check(p.returncode != 0 and "bad.conf:1" in p.stderr and
              "workers" in p.stderr, f"names the line: {p.stderr}")
        with open(path, "w") as f:
            f.write("wokers = 4\n")
        p = subprocess.run([os.path.join(TOP, "build", "nhiemvu"), "-n", "-f",
                            path], capture_output=True, text=True)
        check(p.returncode != 0 and "unknown setting 'wokers'" in p.stderr,
              p.stderr)
