# SPDX-License-Identifier: ISC
"""Issue 8: a login takes the address's, the pair's and the username's
slots in one statement (throttle_take3).  When one key is at its limit the
statement counts none of them and the slots are taken one by one as
before: the refused attempt leaves the other keys as they were, and a
slowing key whose delay is over still lets one attempt through."""

from lib import DEMO_PASSWORD, Client, eq, expect_error, sql_root


def q(sql):
    _, out, _ = sql_root(sql)
    return out.strip()


def count(kind, key):
    v = q(f"SELECT failures FROM login_throttle WHERE kind = '{kind}' "
          f"AND k = '{key}'")
    return int(v) if v else 0


def forget(user, addr):
    sql_root(f"DELETE FROM login_throttle WHERE k = '{user}' "
             f"OR k LIKE '{user}|%' OR k = '{addr}'")


def put(kind, key, failures, age_s=0):
    sql_root("INSERT INTO login_throttle (kind, k, window_start, last_at, "
             f"failures) VALUES ('{kind}', '{key}', UTC_TIMESTAMP(6), "
             f"UTC_TIMESTAMP(6) - INTERVAL {age_s} SECOND, {failures})")


def near(suffix):
    return SOURCE.rsplit(".", 1)[0] + f".{suffix}"  # noqa: F821


def test_a_wrong_password_counts_the_three_keys_once():
    user, addr = "cb.cualo.vhxh", near(211)
    forget(user, addr)
    put("a", addr, 3)
    expect_error(Client(addr).post("session", {"username": user,
                                               "password": "x"}),
                 401, "invalid_credentials")
    eq(count("a", addr), 4, "the address's row counted once")
    eq(count("p", f"{user}|{addr}"), 1, "the pair's made, counted once")
    eq(count("u", user), 1, "the username's made, counted once")
    forget(user, addr)


def test_a_key_at_its_limit_counts_none_of_the_others():
    user, addr = "cb.cualo.vhxh", near(212)
    forget(user, addr)
    put("p", f"{user}|{addr}", 1000)  # the pair locks at its limit
    put("a", addr, 2)
    r = Client(addr).post("session", {"username": user,
                                      "password": DEMO_PASSWORD})
    expect_error(r, 429, "rate_limited")
    eq(count("a", addr), 2, "the address as it was")
    eq(count("u", user), 0, "the username not counted")
    eq(count("p", f"{user}|{addr}"), 1000, "the pair as it was")
    forget(user, addr)


def test_a_slowing_key_past_its_delay_lets_one_through():
    user, addr = "cb.cualo.vhxh", near(213)
    forget(user, addr)
    # At its limit, the last attempt longer ago than any delay (300 s).
    put("u", user, 1000, 400)
    r = Client(addr).post("session", {"username": user,
                                      "password": DEMO_PASSWORD})
    eq(r.status, 200, "one attempt through, the right password")
    eq(count("u", user), 0, "the good password ended its failures")
    eq(count("a", addr), 0, "the address got its attempt back")
    r = Client(addr).post("session", {"username": user, "password": "x"})
    expect_error(r, 401, "invalid_credentials")
    eq(count("u", user), 1, "counted again from nothing")
    forget(user, addr)
