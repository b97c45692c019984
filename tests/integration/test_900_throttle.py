# SPDX-License-Identifier: ISC
"""Failed logins are throttled per canonical username and per client
address, shared by every worker, refused before any bind."""


from lib import Client, check, eq, expect_error, sql_root


def retry_after(r):
    v = r.header("Retry-After")
    check(v is not None and v.isdigit(), f"Retry-After of {r}")
    return int(v)


def test_per_username_and_folded():
    c = Client(SOURCE)  # noqa: F821
    # Five failures, spread over spellings of one username.
    for name in ("cb.cat", "CB.CAT", " cb.cat ", "Cb.Cat", "cb.cat\t"):
        expect_error(c.post("session", {"username": name, "password": "x"}),
                     401, "invalid_credentials")
    r = c.post("session", {"username": "cb.cat", "password": "x"})
    expect_error(r, 429, "rate_limited")
    check(0 < retry_after(r) <= 900, "Retry-After within the window")
    # Refused before the directory is asked: even the right password.
    r = c.post("session", {"username": "CB.CAT", "password": "Demo@2026"})
    expect_error(r, 429, "rate_limited")
    # From another address the same account is blocked too ...
    other = Client(SOURCE.rsplit(".", 1)[0] + ".200")  # noqa: F821
    expect_error(other.post("session", {"username": "cb.cat",
                                        "password": "Demo@2026"}),
                 429, "rate_limited")
    # ... but other accounts are not.
    other.login("gd.cat")
    rc, out, _ = sql_root("SELECT failures FROM login_throttle "
                          "WHERE kind = 'u' AND k = 'cb.cat'")
    eq(out.strip(), "6", "one row for every spelling, stopped at max + 1")


def test_window_expiry_lets_the_user_back():
    c = Client(SOURCE)  # noqa: F821
    for _ in range(5):
        c.post("session", {"username": "cb.syt", "password": "x"})
    expect_error(c.post("session", {"username": "cb.syt",
                                    "password": "Demo@2026"}),
                 429, "rate_limited")
    # Age the window instead of waiting 15 minutes.
    sql_root("UPDATE login_throttle SET window_start = window_start - "
             "INTERVAL 901 SECOND WHERE kind = 'u' AND k = 'cb.syt'")
    c.login("cb.syt")
    rc, out, _ = sql_root("SELECT COUNT(*) FROM login_throttle "
                          "WHERE kind = 'u' AND k = 'cb.syt'")
    eq(out.strip(), "0", "a good login clears the username's failures")


def test_per_address():
    # This file's own address: the stack allows 20 failures per address.
    c = Client(SOURCE.rsplit(".", 1)[0] + ".201")  # noqa: F821
    for i in range(20):
        expect_error(c.post("session", {"username": f"nobody{i}",
                                        "password": "x"}),
                     401, "invalid_credentials")
    r = c.post("session", {"username": "gd.syt", "password": "Demo@2026"})
    expect_error(r, 429, "rate_limited")
    retry_after(r)
    # Another address is unaffected.
    Client(SOURCE.rsplit(".", 1)[0] + ".202").login("gd.syt")  # noqa: F821


def test_parallel_guesses_do_not_overshoot():
    import concurrent.futures as cf
    src = SOURCE.rsplit(".", 1)[0] + ".203"  # noqa: F821

    def guess(_):
        return Client(src).post("session", {"username": "gd.snv",
                                            "password": "x"}).status

    with cf.ThreadPoolExecutor(8) as ex:
        codes = list(ex.map(guess, range(16)))
    eq(codes.count(401), 5, f"exactly 5 guesses reached the directory: {codes}")
    eq(codes.count(429), 11, "the rest were refused")
    sql_root("DELETE FROM login_throttle WHERE k IN ('gd.snv', '%s')" % src)
