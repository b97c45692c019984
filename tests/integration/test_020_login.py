# SPDX-License-Identifier: ISC
"""Login against the real directory: every demo user, wrong and empty
passwords, filter metacharacters, accounts without access, logout and
session handling."""

from lib import (DEMO_PASSWORD, Client, check, contract_headers, demo_users,
                 eq, expect_error, sql_root)


def agencies():
    c = Client(SOURCE)  # noqa: F821
    c.login("cb.skhcn")
    return {a["code"]: a["name"] for a in c.get("agencies").json["items"]}


def test_every_demo_user():
    names = agencies()
    for u in demo_users():
        c = Client(SOURCE)  # noqa: F821
        if not u["roles"]:
            expect_error(c.post("session", {"username": u["uid"],
                                            "password": DEMO_PASSWORD}),
                         403, "no_access")
            continue
        r = c.login(u["uid"])
        contract_headers(r)
        user = r.json["user"]
        eq(user["username"], u["uid"], "username")
        eq(user["display_name"], u["display_name"], "display_name")
        eq(user["title"], u["title"], "title")
        eq(user["email"], u["uid"] + "@nghean.gov.vn", "email")
        eq(sorted(user["roles"]), sorted(u["roles"].split(";")),
           f"roles of {u['uid']}")
        eq(user["agency"], {"code": u["agency"], "name": names[u["agency"]]},
           f"agency of {u['uid']}")
        check(len(r.json["csrf_token"]) == 43, "csrf token length")


def test_head_of_skhcn_as_in_the_issue():
    r = Client(SOURCE).login("gd.skhcn")  # noqa: F821
    eq(r.json["user"]["roles"], ["official", "head"], "roles")
    eq(r.json["user"]["agency"]["code"], "SKHCN", "agency")


def test_cookie_flags():
    r = Client(SOURCE).login("cb.snv")  # noqa: F821
    cookie = r.header("Set-Cookie")
    check(cookie.startswith("nv_session="), cookie)
    for flag in ("HttpOnly", "SameSite=Strict", "Path=/"):
        check(flag in cookie, f"{flag} in {cookie}")
    check("Secure" not in cookie, "no Secure over plain HTTP")
    token = cookie.split(";")[0].split("=", 1)[1]
    eq(len(token), 43, "token length")
    # Only the hash is stored.
    rc, out, _ = sql_root("SELECT COUNT(*) FROM sessions WHERE "
                          f"token_hash = UNHEX(SHA2('{token}', 256))")
    eq(out.strip(), "1", "the session row is keyed by the token's SHA-256")
    rc, out, _ = sql_root("SELECT COUNT(*) FROM sessions WHERE "
                          f"INSTR(HEX(token_hash), HEX('{token}')) > 0 "
                          f"OR csrf_token = '{token}'")
    eq(out.strip(), "0", "the token itself is stored nowhere")


def test_wrong_and_empty_passwords_get_one_answer():
    c = Client(SOURCE)  # noqa: F821
    bodies = []
    # Four: the fifth failure would lock the account (test_40 covers it).
    for pw in ("sai-mat-khau", "", "   \t", "demo@2026"):
        r = c.post("session", {"username": "cb.syt", "password": pw})
        e = expect_error(r, 401, "invalid_credentials")
        check(r.header("Set-Cookie") is None, "no cookie on failure")
        bodies.append(e)
    r = c.post("session", {"username": "khong.ton.tai", "password": "x"})
    bodies.append(expect_error(r, 401, "invalid_credentials"))
    check(all(b == bodies[0] for b in bodies),
          "unknown user, wrong and empty password: the same body")
    # Those failures must not lock the account for its owner forever.
    Client(SOURCE).login("cb.syt")  # noqa: F821


def test_username_is_folded():
    for name in ("GD.SYT", "  gd.syt ", "Gd.Syt\t"):
        r = Client(SOURCE).login(name)  # noqa: F821
        eq(r.json["user"]["username"], "gd.syt", f"canonical of {name!r}")


def test_filter_metacharacters_never_log_in():
    c = Client(SOURCE)  # noqa: F821
    for name in ("*", "cb.skhcn)(uid=*", "*)(|(uid=*", "cb.sk*",
                 "cb.skhcn\\2a", "(uid=cb.skhcn)", "cb.skhcn\u0000",
                 "cb skhcn", "cb.skhcn,ou=people", "ngườidùng"):
        r = c.post("session", {"username": name, "password": DEMO_PASSWORD})
        if r.status == 400:
            # A NUL is refused before any LDAP call, naming the field.
            expect_error(r, 400, "validation_failed", "username")
        else:
            expect_error(r, 401, "invalid_credentials")


def test_password_with_filter_metacharacters():
    c = Client(SOURCE)  # noqa: F821
    r = c.login("cb.matkhau", "*)(uid=*)\\ pass")
    eq(r.json["user"]["agency"]["code"], "SNV", "agency")
    eq(r.json["user"]["roles"], ["official"],
       "role through a group named by cn (role_official lists a DN and a cn)")
    expect_error(c.post("session", {"username": "cb.matkhau",
                                    "password": "*"}), 401,
                 "invalid_credentials")


def test_accounts_without_access():
    c = Client(SOURCE)  # noqa: F821
    # No agency and no role.
    expect_error(c.post("session", {"username": "khach",
                                    "password": DEMO_PASSWORD}),
                 403, "no_access")
    # An agency but no role.
    expect_error(c.post("session", {"username": "cb.khongvaitro",
                                    "password": DEMO_PASSWORD}),
                 403, "no_access")
    # An official whose agency is not in our table.
    expect_error(c.post("session", {"username": "cb.donvila",
                                    "password": DEMO_PASSWORD}),
                 403, "no_access")
    # A wrong password on such an account is still just wrong.
    expect_error(c.post("session", {"username": "khach", "password": "x"}),
                 401, "invalid_credentials")


def test_two_entries_with_one_uid_is_invalid():
    expect_error(Client(SOURCE).post(  # noqa: F821
        "session", {"username": "trung.lap", "password": DEMO_PASSWORD}),
        401, "invalid_credentials")


def test_get_session_and_logout():
    c = Client(SOURCE)  # noqa: F821
    r = c.login("cb.cat")
    old_cookie = dict(c.cookies)
    g = c.get("session")
    eq(g.status, 200, "GET /session")
    eq(g.json["user"], r.json["user"], "same user")
    eq(g.json["csrf_token"], r.json["csrf_token"], "same csrf token")
    d = c.delete("session")
    eq(d.status, 204, "logout")
    eq(d.body, b"", "empty body")
    check("Max-Age=0" in (d.header("Set-Cookie") or ""), "cookie cleared")
    # The old token is dead on the server, not just forgotten by the client.
    c2 = Client(SOURCE)  # noqa: F821
    c2.cookies = old_cookie
    expect_error(c2.get("session"), 401, "unauthenticated")
    expect_error(c2.get("agencies"), 401, "unauthenticated")


def test_no_or_bad_cookie_is_401():
    c = Client(SOURCE)  # noqa: F821
    expect_error(c.get("session"), 401, "unauthenticated")
    for bad in ("x", "A" * 43, "A" * 44, "%00" * 10, "a;b"):
        c.cookies = {"nv_session": bad}
        expect_error(c.get("session"), 401, "unauthenticated")
    expect_error(c.delete("session"), 401, "unauthenticated")


def test_login_again_never_reuses_a_token():
    c = Client(SOURCE)  # noqa: F821
    c.login("cb.skhcn")
    first = c.cookies["nv_session"]
    c.login("cb.skhcn")
    second = c.cookies["nv_session"]
    check(first != second, "a new token")
    stale = Client(SOURCE)  # noqa: F821
    stale.cookies = {"nv_session": first}
    expect_error(stale.get("session"), 401, "unauthenticated")
    eq(c.get("session").status, 200, "the new session works")


def test_audit_rows_for_logins():
    c = Client(SOURCE)  # noqa: F821
    c.post("session", {"username": "gd.cat", "password": "nope"})
    c.login("gd.cat")
    c.delete("session")
    rc, out, err = sql_root(
        "SELECT action FROM audit WHERE actor = 'gd.cat' ORDER BY id DESC "
        "LIMIT 3")
    eq(out.split(), ["logout", "login", "login_failed"], "audit actions")
    rc, out, err = sql_root(
        "SELECT COUNT(*) FROM audit WHERE actor = 'gd.cat' AND "
        "(request_id = '' OR client_addr = '')")
    eq(out.strip(), "0", "every row has a request id and an address")


def test_sessions_expire_idle_and_old():
    c = Client(SOURCE)  # noqa: F821
    c.login("cb.snv")
    token = c.cookies["nv_session"]
    where = f"token_hash = UNHEX(SHA2('{token}', 256))"
    # Seven hours idle: still alive, and the request renews it.
    sql_root(f"UPDATE sessions SET last_seen = last_seen - INTERVAL 7 HOUR "
             f"WHERE {where}")
    eq(c.get("session").status, 200, "7 h idle")
    # Over eight hours idle: gone.
    sql_root(f"UPDATE sessions SET last_seen = last_seen - INTERVAL 481 "
             f"MINUTE WHERE {where}")
    expect_error(c.get("session"), 401, "unauthenticated")
    # Used all along but logged in over a day ago: gone too.
    c.login("cb.snv")
    token = c.cookies["nv_session"]
    sql_root(f"UPDATE sessions SET created_at = created_at - INTERVAL 25 "
             f"HOUR WHERE token_hash = UNHEX(SHA2('{token}', 256))")
    expect_error(c.get("session"), 401, "unauthenticated")


def test_concurrent_logins_all_succeed():
    # Issue 9: the expired-session purge ran inside each login's
    # transaction, and simultaneous logins deadlocked on it (503).  Eight
    # officials at once, two browsers each, as at the start of a working
    # day: the per-username throttle (issue 16) counts an attempt while it
    # is in flight, so sixteen at once of one username would be slowed.
    import threading
    # Failures of these usernames from earlier tests would slow them: this
    # test is about the purge, so it starts from a clean throttle.
    sql_root("DELETE FROM login_throttle")
    base = SOURCE.rsplit(".", 1)[0]  # noqa: F821
    users = ["cb.skhcn", "gd.skhcn", "cb.snv", "gd.snv", "cb.cat", "gd.cat",
             "cb.syt", "gd.syt"]
    codes = []
    gate = threading.Barrier(16)

    def one(k):
        c = Client(f"{base}.{100 + k}")
        gate.wait()
        codes.append(c.post("session", {"username": users[k % len(users)],
                                        "password": DEMO_PASSWORD}).status)

    for _ in range(3):
        ts = [threading.Thread(target=one, args=(k,)) for k in range(16)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
    eq(codes, [200] * 48, "every simultaneous login succeeds")
