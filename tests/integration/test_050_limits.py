# SPDX-License-Identifier: ISC
"""Bodies and parameters outside the contract: 413, 415, 400; nothing is
changed by a refused request."""

from lib import Client, eq, expect_error, sql_root


def audit_count():
    return int(sql_root("SELECT COUNT(*) FROM audit")[1])


def test_413_from_nginx_keeps_the_json_shape():
    c = Client(SOURCE)  # noqa: F821
    r = c.post("session", raw=b"{" + b" " * 100000 + b"}")
    expect_error(r, 413, "payload_too_large")


def test_413_from_the_login_limit():
    c = Client(SOURCE)  # noqa: F821
    body = {"username": "cb.skhcn", "password": "x" * 5000}
    expect_error(c.post("session", body), 413, "payload_too_large")


def test_415_without_json_content_type():
    c = Client(SOURCE)  # noqa: F821
    raw = b'{"username":"cb.skhcn","password":"Demo@2026"}'
    for ct in (None, "text/plain", "application/x-www-form-urlencoded",
               "application/json; charset=latin1", "application/jsonx"):
        r = c.post("session", raw=raw, content_type=ct)
        expect_error(r, 415, "unsupported_media_type")
    for ct in ("application/json; charset=utf-8", "Application/JSON",
               "application/json;charset=UTF-8"):
        r = c.post("session", raw=raw, content_type=ct)
        eq(r.status, 200, f"accepted with {ct}")


def test_invalid_json_and_utf8():
    c = Client(SOURCE)  # noqa: F821
    before = audit_count()
    for raw in (b"", b"{", b"[]", b'"x"', b"null", b'{"username":}',
                b'{"username":"a","password":"b"} x',
                b'{"username":"a","username":"b","password":"c"}',
                b'{"username":"\xff","password":"b"}',
                b'{"username":"\xc0\xaf","password":"b"}',
                b'{"username":"\xed\xa0\x80","password":"b"}',
                b'{"username\\u0000":"a","password":"b"}',
                b'["a\\u0000b"]',
                b'{"username":"\\ud800","password":"b"}'):
        expect_error(c.post("session", raw=raw), 400, "invalid_json")
    # A NUL inside a value is a character we refuse, in that field.
    for raw, field in ((b'{"username":"a\\u0000b","password":"b"}',
                        "username"),
                       (b'{"username":"a","password":"\\u0000"}',
                        "password"),
                       (b'{"username":"a","password":["x",{"y":"\\u0000"}]}',
                        "password")):
        expect_error(c.post("session", raw=raw), 400, "validation_failed",
                     field)
    eq(audit_count(), before, "refused bodies write nothing")


def test_validation_names_the_field():
    c = Client(SOURCE)  # noqa: F821
    expect_error(c.post("session", {"username": "cb.skhcn"}), 400,
                 "validation_failed", "password")
    expect_error(c.post("session", {"username": "cb.skhcn", "password": "x",
                                    "remember": True}),
                 400, "validation_failed", "remember")
    expect_error(c.post("session", {"username": 7, "password": "x"}), 400,
                 "validation_failed", "username")
    expect_error(c.post("session", {"username": "a", "password": None}), 400,
                 "validation_failed", "password")
    expect_error(c.post("session", {"username": "a", "password": "\u0007"}),
                 400, "validation_failed", "password")


def test_bad_query_strings():
    c = Client(SOURCE)  # noqa: F821
    c.login("cb.skhcn")
    expect_error(c.get("agencies?x=1"), 400, "validation_failed", "x")
    expect_error(c.get("agencies?%zz=1"), 400, "validation_failed")
    expect_error(c.get("agencies?a=%ff"), 400, "validation_failed")
    many = "&".join(f"k{i}=1" for i in range(40))
    expect_error(c.get("agencies?" + many), 400, "validation_failed")
