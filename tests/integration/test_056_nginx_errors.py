# SPDX-License-Identifier: ISC
"""Errors nginx makes itself under /api/ (a URI or header over its buffers,
a malformed request) keep the contract's JSON shape and no-store (issue 9:
they came back as HTML, although clients parse every error as JSON); the
UI's paths keep nginx's own pages."""

import json

from lib import check, eq, raw_request as raw


def get(path, extra=b""):
    return raw(b"GET " + path + b" HTTP/1.1\r\nHost: x\r\n" + extra +
               b"Connection: close\r\n\r\n")


def expect_json(resp, status, code, what):
    st, h, body = resp
    eq(st, status, f"{what}: status ({body[:120]!r})")
    eq(h.get("content-type"), "application/json; charset=utf-8",
       f"{what}: JSON")
    eq(h.get("cache-control"), "no-store", f"{what}: no-store")
    e = json.loads(body)["error"]
    eq(e["code"], code, f"{what}: code")
    check(e["message"], f"{what}: a Vietnamese message")


def test_api_errors_from_nginx_are_json():
    long_q = b"/api/v1/tasks?q=" + b"a" * 9000
    expect_json(get(long_q), 414, "uri_too_long", "URI over the buffers")
    big = b"X-Big: " + b"b" * 20000 + b"\r\n"
    expect_json(get(b"/api/v1/health", big), 400, "bad_request",
                "header over the buffers")
    expect_json(get(b"/api/v1/health", b"Content-Length: x\r\n"), 400,
                "bad_request", "malformed header")


def test_ui_errors_stay_html():
    st, h, body = get(b"/x?q=" + b"a" * 9000)
    eq(st, 414, "UI path: 414")
    check(h.get("content-type", "").startswith("text/html"), "UI: HTML page")
    st, h, _ = get(b"/index.html", b"X-Big: " + b"b" * 20000 + b"\r\n")
    eq(st, 400, "UI path: 400")
    check(h.get("content-type", "").startswith("text/html"), "UI: HTML page")
