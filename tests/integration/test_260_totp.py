# SPDX-License-Identifier: ISC
"""The second factor (ASVS 5.0 6.5.x, 6.6.x; /work/shared/API.md "Second
factor"): TOTP per RFC 6238 with liboath, enrolment through a QR code from
libqrencode, single-use recovery codes stored hashed, required for chosen
roles by configuration, the code counted by the login throttle."""

import base64
import hmac
import re
import struct
import time

from lib import Client, check, eq, expect_error, sql_root
from test_250_directory_resync import person
from test_960_ldap_tls import reload_with


def totp(secret, steps=0):
    """RFC 6238 (HMAC-SHA1, 6 digits, 30 s), written here independently."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = int(time.time() // 30) + steps
    mac = hmac.new(key, struct.pack(">Q", counter), "sha1").digest()
    o = mac[-1] & 15
    n = struct.unpack(">I", mac[o:o + 4])[0] & 0x7fffffff
    return "%06d" % (n % 1000000)


def login(c, user, code=None):
    body = {"username": user, "password": "Demo@2026"}
    if code is not None:
        body["totp"] = code
    r = c.post("session", body)
    if r.status == 200:
        c.csrf = r.json["csrf_token"]
    return r


def enrol(c, user):
    r = c.post("me/totp")
    eq(r.status, 200, f"begin: {r}")
    b = r.json
    check(b["otpauth_uri"].startswith(
        f"otpauth://totp/nhiemvu:{user}?secret={b['secret']}&"),
        b["otpauth_uri"])
    check(b["qr"].startswith("data:image/svg+xml,%3Csvg"), b["qr"][:60])
    check(re.fullmatch(r"[A-Z2-7]{32}", b["secret"]), b["secret"])
    return b["secret"]


def test_enrol_then_log_in_with_a_code_or_a_recovery_code():
    person("ds.totp", "SKHCN", ["nhiemvu-official"])
    c = Client(SOURCE)  # noqa: F821
    eq(login(c, "ds.totp").status, 200, "password alone, not enrolled")
    secret = enrol(c, "ds.totp")
    wrong = "%06d" % ((int(totp(secret)) + 1) % 1000000)
    expect_error(c.post("me/totp/confirm", {"code": wrong}), 400,
                 "validation_failed", "code")
    r = c.post("me/totp/confirm", {"code": totp(secret)})
    eq(r.status, 200, f"confirm: {r}")
    codes = r.json["recovery_codes"]
    eq(len(codes), 10, "ten recovery codes")
    check(all(re.fullmatch(r"[a-z2-9]{5}-[a-z2-9]{5}", x) for x in codes),
          f"their shape: {codes}")
    _, out, _ = sql_root("SELECT COUNT(*) FROM user_recovery WHERE "
                         "username = 'ds.totp'")
    eq(out.strip(), "10", "stored")
    _, out, _ = sql_root("SELECT code_hash FROM user_recovery WHERE "
                         "username = 'ds.totp'")
    hashes = out.split()
    check(all(x.startswith("$argon2id$") for x in hashes),
          f"stored as Argon2id strings only: {hashes[:1]}")
    check(not any(c.replace("-", "") in out for c in codes),
          "no code in clear")
    expect_error(c.post("me/totp"), 409, "duplicate")

    n = Client(SOURCE)  # noqa: F821
    expect_error(login(n, "ds.totp"), 401, "totp_required")
    expect_error(login(n, "ds.totp", wrong), 401, "invalid_credentials")
    _, out, _ = sql_root("SELECT failures FROM login_throttle WHERE "
                         f"kind = 'd' OR k = 'ds.totp|{SOURCE}'")  # noqa
    check(out.split() and int(out.split()[0]) >= 1,
          f"the wrong code was counted: {out!r}")
    code = totp(secret, 1)  # the next step: the confirm used this one
    eq(login(n, "ds.totp", code).status, 200, "the right code")
    expect_error(login(Client(SOURCE), "ds.totp", code),  # noqa: F821
                 401, "invalid_credentials")  # a code works once
    eq(login(Client(SOURCE), "ds.totp",  # noqa: F821
             codes[1].upper()).status, 200, "a recovery code")
    expect_error(login(Client(SOURCE), "ds.totp", codes[1]),  # noqa: F821
                 401, "invalid_credentials")  # once
    _, out, _ = sql_root("SELECT action FROM audit WHERE actor = "
                         "'ds.totp' AND action LIKE 'totp%'")
    eq(out.split(), ["totp_enrolled"], "audited")
    expect_error(n.delete("me/totp", raw=b'{"code":"123"}'), 400,
                 "validation_failed", "code")
    eq(n.request("DELETE", "me/totp", body={"code": codes[2]}).status,
       204, "removed with a recovery code")
    eq(login(Client(SOURCE), "ds.totp").status, 200,  # noqa: F821
       "the password alone again")
    sql_root("DELETE FROM login_throttle WHERE k LIKE 'ds.totp%'")


def test_a_role_that_requires_it_must_enrol_first():
    person("ds.totpqt", "SKHCN", ["nhiemvu-admin"])
    try:
        reload_with({"totp_required_roles": "admin,secretariat"})
        c = Client(SOURCE)  # noqa: F821
        r = login(c, "ds.totpqt")
        eq((r.status, r.json.get("totp_enrolment_required")), (200, True),
           "a session that may only enrol")
        expect_error(c.get("agencies"), 403, "totp_enrolment_required")
        expect_error(c.post("tasks", {"name": "x"}), 403,
                     "totp_enrolment_required")
        eq(c.get("session").status, 200, "it may see itself")
        secret = enrol(c, "ds.totpqt")
        eq(c.post("me/totp/confirm", {"code": totp(secret)}).status, 200,
           "confirmed")
        eq(c.get("agencies").status, 200, "then it may work")
        check("totp_enrolment_required" not in c.get("session").json,
              "no longer limited")
        expect_error(login(Client(SOURCE), "ds.totpqt"),  # noqa: F821
                     401, "totp_required")
        # An official's role does not require it.
        eq(login(Client(SOURCE), "cb.skhcn").status, 200,  # noqa: F821
           "official: password alone")
    finally:
        reload_with({"totp_required_roles": ""})
