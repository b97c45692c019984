# SPDX-License-Identifier: ISC
"""Issue 8: a good login ends its throttle slots, makes its device cookie,
its session row and its audit row in one transaction, and a refusal by
policy still ends the failures of a good password (throttle.h), without a
device row nobody receives.  The attempts before the directory stay
counted: wrong passwords are not refunded by the good one."""

from lib import DEMO_PASSWORD, Client, eq, expect_error, sql_root


def q(sql):
    _, out, _ = sql_root(sql)
    return out.strip()


def addr_failures(addr):
    v = q(f"SELECT failures FROM login_throttle WHERE kind = 'a' "
          f"AND k = '{addr}'")
    return int(v) if v else 0


def rows(user):
    # Rows that count a failure: a good password leaves the pair's and the
    # username's at 0 (throttle_settle3), the same as no row.
    return q(f"SELECT COUNT(*) FROM login_throttle WHERE ((kind = 'u' AND "
             f"k = '{user}') OR (kind = 'p' AND k LIKE '{user}|%')) "
             f"AND failures > 0")


def test_a_good_login_settles_in_one_go():
    user = "gd.syt"
    addr = SOURCE.rsplit(".", 1)[0] + ".201"  # noqa: F821
    sql_root(f"DELETE FROM login_throttle WHERE k = '{user}' "
             f"OR k LIKE '{user}|%' OR k = '{addr}'")
    devices = int(q(f"SELECT COUNT(*) FROM login_devices "
                    f"WHERE username = '{user}'"))
    logins = int(q(f"SELECT COUNT(*) FROM audit WHERE actor = '{user}' "
                   f"AND action = 'login'"))
    c = Client(addr)
    for _ in range(2):
        expect_error(c.post("session", {"username": user, "password": "x"}),
                     401, "invalid_credentials")
    eq(q(f"SELECT failures FROM login_throttle WHERE kind = 'p' AND "
         f"k = '{user}|{addr}'"), "2", "the pair's row made and counted")
    eq(q(f"SELECT failures FROM login_throttle WHERE kind = 'u' AND "
         f"k = '{user}'"), "2", "the username's row made and counted")
    eq(addr_failures(addr), 2, "the address counted twice")
    r = c.post("session", {"username": user, "password": DEMO_PASSWORD})
    eq(r.status, 200, "the good password logs in")
    eq(rows(user), "0", "the pair's and the username's failures ended")
    eq(addr_failures(addr), 2, "the address gets the good attempt back only")
    eq(int(q(f"SELECT COUNT(*) FROM login_devices "
             f"WHERE username = '{user}'")), devices + 1, "one device row")
    eq(int(q(f"SELECT COUNT(*) FROM audit WHERE actor = '{user}' "
             f"AND action = 'login'")), logins + 1, "one login audited")
    token = c.cookies["nv_session"]
    eq(q(f"SELECT username FROM sessions WHERE "
         f"token_hash = UNHEX(SHA2('{token}', 256))"), user, "its session")
    # A second login in a row, the keys now without rows: made again.
    eq(Client(addr).post("session", {"username": user,
                                     "password": DEMO_PASSWORD}).status,
       200, "again")
    eq(rows(user), "0", "still no failures left")
    sql_root(f"DELETE FROM login_throttle WHERE k = '{addr}'")


def test_a_refusal_by_policy_ends_failures_without_a_device():
    user = "cb.khongvaitro"
    addr = SOURCE.rsplit(".", 1)[0] + ".202"  # noqa: F821
    sql_root(f"DELETE FROM login_throttle WHERE k = '{user}' "
             f"OR k LIKE '{user}|%' OR k = '{addr}'")
    c = Client(addr)
    expect_error(c.post("session", {"username": user, "password": "x"}),
                 401, "invalid_credentials")
    eq(rows(user), "2", "the wrong password counted (pair, username)")
    expect_error(c.post("session", {"username": user,
                                    "password": DEMO_PASSWORD}),
                 403, "no_access")
    eq(rows(user), "0", "the good password ended them")
    eq(addr_failures(addr), 1, "the address: the wrong attempt only")
    eq(q(f"SELECT COUNT(*) FROM login_devices WHERE username = '{user}'"),
       "0", "no device row for a login refused")
    sql_root(f"DELETE FROM login_throttle WHERE k = '{addr}'")
