# SPDX-License-Identifier: ISC
"""Every change but login needs the session's own CSRF token."""

from lib import Client, eq, expect_error


def test_logout_needs_the_csrf_token():
    a = Client(SOURCE)  # noqa: F821
    a.login("cb.skhcn")
    b = Client(SOURCE)  # noqa: F821
    b.login("cb.snv")
    expect_error(a.delete("session", csrf=False), 403, "csrf_failed")
    expect_error(a.delete("session", headers={"X-CSRF-Token": ""}), 403,
                 "csrf_failed")
    expect_error(a.delete("session", headers={"X-CSRF-Token": "x" * 43}),
                 403, "csrf_failed")
    expect_error(a.delete("session", headers={"X-CSRF-Token": a.csrf[:-1]}),
                 403, "csrf_failed")
    # Another session's token is not this session's token.
    expect_error(a.delete("session", headers={"X-CSRF-Token": b.csrf}), 403,
                 "csrf_failed")
    eq(a.get("session").status, 200, "the refused logouts changed nothing")
    eq(a.delete("session").status, 204, "with the right token")


def test_401_comes_before_403():
    c = Client(SOURCE)  # noqa: F821
    expect_error(c.delete("session", csrf=False), 401, "unauthenticated")


def test_reads_need_no_token():
    c = Client(SOURCE)  # noqa: F821
    c.login("cb.skhcn")
    eq(c.get("agencies", csrf=False).status, 200, "GET without the header")
