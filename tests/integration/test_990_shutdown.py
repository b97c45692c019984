# SPDX-License-Identifier: ISC
"""SIGTERM to the pool: a request in flight finishes and gets its answer,
then the pool exits; the stack script brings it back.  Runs last."""

import os
import signal
import threading
import time

from lib import Client, check, eq, pool_pid, stack, wait_until


def test_sigterm_lets_the_request_in_flight_finish():
    ldap_pid = int(open(os.path.join(os.environ.get(
        "NV_RUN", "run/check"), "ldap", "slapd.pid")).read())
    sup = pool_pid()
    out = {}

    def slow_login():
        # slapd is stopped (SIGSTOP): the login waits on the directory.
        out["r"] = Client(SOURCE).post(  # noqa: F821
            "session", {"username": "cb.skhcn", "password": "Demo@2026"})

    os.kill(ldap_pid, signal.SIGSTOP)
    try:
        t = threading.Thread(target=slow_login)
        t.start()
        time.sleep(1.0)		# the request is now inside a worker
        os.kill(sup, signal.SIGTERM)
        time.sleep(0.5)
        os.kill(ldap_pid, signal.SIGCONT)
        t.join(30)
    finally:
        os.kill(ldap_pid, signal.SIGCONT)
    check("r" in out, "the request got an answer")
    eq(out["r"].status, 200, f"the request in flight finished: {out['r']}")
    wait_until(lambda: not os.path.exists(f"/proc/{sup}"), 30,
               "the supervisor exits")
    stack("start")
    eq(Client(SOURCE).get("health").status, 200,  # noqa: F821
       "the pool is back")
