# SPDX-License-Identifier: ISC
"""The login throttle cannot be turned against officials (issue 16; ASVS
5.0 6.3.1, OWASP's device cookies), yet guessing stays slow.  Shared by
every worker, refused before any bind.

- A browser that logged in as a user before (its device cookie) counts its
  own failures only: nobody else's failures slow or lock it.
- Without one: 5 failures lock the username from that client address for
  the window; from anywhere else the username is slowed (1 s, 2 s, 4 s ...
  up to login_delay_max), never locked; 20 failures (this stack) from one
  address slow that address (an office's NAT) the same way.

Contract changes from before issue 16, so these tests changed with it: the
username is no longer locked from every address after 5 failures (slowed
instead); a good login still clears the username's failures, and also
the (username, address) pair's and the device's."""

from lib import Client, check, eq, expect_error, sql_root


def retry_after(r):
    v = r.header("Retry-After")
    check(v is not None and v.isdigit(), f"Retry-After of {r}")
    return int(v)


def near(suffix):
    """Another client address in this file's own block."""
    return SOURCE.rsplit(".", 1)[0] + f".{suffix}"  # noqa: F821


def wrong(c, user):
    return c.post("session", {"username": user, "password": "x"})


def right(c, user):
    return c.post("session", {"username": user, "password": "Demo@2026"})


def age(kind, key, seconds):
    """Moves a key's last counted attempt back instead of waiting."""
    sql_root("UPDATE login_throttle SET last_at = last_at - INTERVAL "
             f"{int(seconds)} SECOND WHERE kind = '{kind}' AND k = '{key}'")


def failures(kind, key):
    """A key's count, "" when it counts nothing: no row, or (issue 8: a
    good password's settling keeps the pair's and the username's rows)
    a row at 0, which throttle_decide treats the same."""
    _, out, _ = sql_root("SELECT failures FROM login_throttle "
                         f"WHERE kind = '{kind}' AND k = '{key}' "
                         "AND failures > 0")
    return out.strip()


def forget(*users):
    """Leaves no username slowed for the files that run after this one."""
    for u in users:
        sql_root(f"DELETE FROM login_throttle WHERE k = '{u}' "
                 f"OR k LIKE '{u}|%'")


def test_per_username_and_client_and_folded():
    c = Client(SOURCE)  # noqa: F821
    # Five failures, spread over spellings of one username.
    for name in ("cb.cat", "CB.CAT", " cb.cat ", "Cb.Cat", "cb.cat\t"):
        expect_error(wrong(c, name), 401, "invalid_credentials")
    r = wrong(c, "cb.cat")
    expect_error(r, 429, "rate_limited")
    check(800 < retry_after(r) <= 900, "this client waits for the window")
    # Refused before the directory is asked: even the right password.
    expect_error(right(c, "CB.CAT"), 429, "rate_limited")
    # From another address the username is slowed, not locked ...
    other = Client(near(200))
    r = right(other, "cb.cat")
    expect_error(r, 429, "rate_limited")
    eq(retry_after(r), 1, "one second after the fifth failure")
    age("u", "cb.cat", 2)
    other.login("cb.cat")
    # ... and other accounts are not touched.
    Client(near(200)).login("gd.cat")
    eq(failures("u", "cb.cat"), "", "a good login clears the username")
    eq(failures("p", "cb.cat|" + SOURCE),  # noqa: F821
       "5", "one pair row for every spelling")
    forget("cb.cat", "gd.cat")


def test_window_expiry_lets_the_client_back():
    c = Client(SOURCE)  # noqa: F821
    for _ in range(5):
        wrong(c, "cb.syt")
    expect_error(right(c, "cb.syt"), 429, "rate_limited")
    # Age the window instead of waiting 15 minutes.
    sql_root("UPDATE login_throttle SET window_start = window_start - "
             "INTERVAL 901 SECOND WHERE k IN ('cb.syt', 'cb.syt|%s')"
             % SOURCE)  # noqa: F821
    c.login("cb.syt")
    eq(failures("p", "cb.syt|" + SOURCE), "", "the pair is cleared")  # noqa
    eq(failures("u", "cb.syt"), "", "and the username")
    forget("cb.syt")


def test_an_attacker_cannot_keep_an_official_out_of_their_browser():
    official = Client(near(210))
    r = official.login("gd.cat")
    cookie = [v for v in r.headers_all("Set-Cookie")
              if v.startswith("nv_device=")]
    eq(len(cookie), 1, f"a device cookie: {r.headers_all('Set-Cookie')}")
    for attr in ("HttpOnly", "SameSite=Strict", "Path=/api/v1/session",
                 "Max-Age=15552000"):
        check(attr in cookie[0], f"{attr} in {cookie[0]}")
    eq(official.delete("session").status, 204, "logout keeps the device")
    # A patient attacker, from eight addresses, for hours: 40 wrong
    # passwords, each let through by the username's delay.
    codes = []
    for i in range(40):
        age("u", "gd.cat", 400)
        codes.append(wrong(Client(near(220 + i % 8)), "gd.cat").status)
    eq(codes.count(401), 40, f"every guess reached the directory: {codes}")
    # Counted (the count stops growing long after the delay is capped).
    check(int(failures("u", "gd.cat")) >= 14, "counted")
    # A new browser waits at most login_delay_max, and is never locked ...
    r = right(Client(near(211)), "gd.cat")
    expect_error(r, 429, "rate_limited")
    eq(retry_after(r), 300, "slowed to the cap")
    # ... and the official's usual browser is not even slowed, a typo
    # included.
    expect_error(wrong(official, "gd.cat"), 401, "invalid_credentials")
    official.login("gd.cat")
    eq(official.get("session").json["user"]["username"], "gd.cat", "in")
    forget("gd.cat")


def test_a_device_cookie_is_bound_to_its_username():
    c = Client(near(230))
    c.login("gd.syt")
    sql_root("INSERT INTO login_throttle (kind, k, window_start, last_at, "
             "failures) VALUES ('u', 'cb.syt', UTC_TIMESTAMP(6), "
             "UTC_TIMESTAMP(6), 20) ON DUPLICATE KEY UPDATE failures = 20, "
             "last_at = UTC_TIMESTAMP(6), window_start = UTC_TIMESTAMP(6)")
    expect_error(right(c, "cb.syt"), 429, "rate_limited")
    forged = Client(near(231))
    forged.cookies["nv_device"] = "A" * 43
    expect_error(right(forged, "cb.syt"), 429, "rate_limited")
    forget("cb.syt", "gd.syt")


def test_a_device_locks_only_itself():
    c = Client(near(232))
    c.login("gd.snv")
    for _ in range(5):
        expect_error(wrong(c, "gd.snv"), 401, "invalid_credentials")
    r = right(c, "gd.snv")
    expect_error(r, 429, "rate_limited")
    check(800 < retry_after(r) <= 900, "this browser waits for the window")
    eq(failures("u", "gd.snv"), "", "nothing counted on the username")
    Client(near(233)).login("gd.snv")
    sql_root("DELETE FROM login_throttle WHERE kind = 'd'")
    forget("gd.snv")


def test_an_office_nat_is_slowed_not_blocked():
    nat = near(201)
    official = Client(nat)
    official.login("gd.syt")
    # Password spraying from the office's address: 20 usernames.
    for i in range(20):
        expect_error(wrong(Client(nat), f"nobody{i}"), 401,
                     "invalid_credentials")
    r = right(Client(nat), "cb.snv")
    expect_error(r, 429, "rate_limited")
    eq(retry_after(r), 1, "slowed by a second")
    age("a", nat, 2)
    expect_error(wrong(Client(nat), "nobody20"), 401, "invalid_credentials")
    r = right(Client(nat), "cb.snv")
    expect_error(r, 429, "rate_limited")
    eq(retry_after(r), 2, "then by two")
    # Officials behind the NAT with their usual browser are not slowed ...
    official.login("gd.syt")
    # ... and another address is unaffected.
    Client(near(202)).login("gd.syt")
    forget("gd.syt", "cb.snv")


def test_parallel_guesses_do_not_overshoot():
    import concurrent.futures as cf
    src = near(203)

    def guess(_):
        return Client(src).post("session", {"username": "gd.snv",
                                            "password": "x"}).status

    with cf.ThreadPoolExecutor(8) as ex:
        codes = list(ex.map(guess, range(16)))
    eq(codes.count(401), 5, f"exactly 5 guesses reached the directory: {codes}")
    eq(codes.count(429), 11, f"the rest were refused: {codes}")
    sql_root("DELETE FROM login_throttle WHERE k IN ('gd.snv', '%s', "
             "'gd.snv|%s')" % (src, src))
