# SPDX-License-Identifier: ISC
"""slapd stopped: health says which part is down, new logins get 503,
existing sessions keep working; slapd back: everything recovers."""

from lib import Client, eq, expect_error, stack, wait_until


def test_directory_down_and_back():
    c = Client(SOURCE)  # noqa: F821
    c.login("gd.skhcn")
    stack("stop-ldap")
    try:
        r = Client(SOURCE).get("health")  # noqa: F821
        e = expect_error(r, 503, "directory_unavailable")
        eq(r.json["directory"], "down", "directory")
        eq(r.json["database"], "ok", "database")
        eq(r.json["status"], "unavailable", "status")
        # Sessions live in MariaDB: the logged-in user carries on.
        eq(c.get("session").status, 200, "existing session")
        eq(c.get("agencies").status, 200, "existing session reads")
        # A new login cannot be checked.
        expect_error(Client(SOURCE).post(  # noqa: F821
            "session", {"username": "cb.skhcn", "password": "Demo@2026"}),
            503, "directory_unavailable")
        del e
    finally:
        stack("start-ldap")
    wait_until(lambda: Client(SOURCE).get("health").status == 200,  # noqa
               15, "health back to 200")
    # Every worker reconnects on its own: several logins all succeed.
    for _ in range(8):
        Client(SOURCE).login("cb.skhcn")  # noqa: F821
    eq(c.get("session").status, 200, "the session survived")
