# SPDX-License-Identifier: ISC
"""MariaDB stopped: health and every request that needs it answer 503
database_unavailable, quickly; MariaDB back: every worker reconnects on
its own and no request fails once it is up."""

import time

from lib import Client, check, eq, expect_error, stack, wait_until


def test_database_down_and_back():
    c = Client(SOURCE)  # noqa: F821
    c.login("cb.skhcn")
    stack("stop-db")
    try:
        t0 = time.time()
        r = Client(SOURCE).get("health")  # noqa: F821
        expect_error(r, 503, "database_unavailable")
        eq((r.json["database"], r.json["directory"]), ("down", "ok"), "parts")
        expect_error(c.get("session"), 503, "database_unavailable")
        expect_error(c.get("tasks"), 503, "database_unavailable")
        check(time.time() - t0 < 10, "bounded: no request hangs")
    finally:
        stack("start-db")
    # The workers' connections died with the server; the next request on
    # each reconnects (one retry) instead of failing.
    codes = [c.get("session").status for _ in range(40)]
    eq(set(codes), {200}, f"no request fails after the restart: {codes}")
    wait_until(lambda: Client(SOURCE).get("health").status == 200,  # noqa
               10, "health")
