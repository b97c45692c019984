# SPDX-License-Identifier: ISC
"""HTTPS as the shipped nginx configuration describes it (ASVS 5.0 3.4.1,
3.3.1): the test stack's nginx serves the same site over TLS with a
certificate from the stack's own CA; HTTPS responses carry HSTS, plain HTTP
ones do not; under TLS the session cookie is `__Host-nv_session` and the
device cookie `__Secure-nv_device`, both Secure, and the plain names are
not accepted there."""

import http.client
import json
import os
import ssl

from lib import RUN, Client, check, eq

TLS_PORT = int(os.environ.get("NV_TLS_PORT", "18443"))
HSTS = "max-age=63072000; includeSubDomains"


def https(method, path, body=None, cookies=None, csrf=None):
    ctx = ssl.create_default_context(
        cafile=os.path.join(RUN, "ldap", "tls", "ca.crt"))
    conn = http.client.HTTPSConnection("127.0.0.1", TLS_PORT, context=ctx,
                                       timeout=30,
                                       source_address=(SOURCE, 0))  # noqa
    h = {}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        h["Content-Type"] = "application/json"
    if cookies:
        h["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    if csrf:
        h["X-CSRF-Token"] = csrf
    try:
        conn.request(method, path, body=data, headers=h)
        r = conn.getresponse()
        return r.status, r.getheaders(), r.read()
    finally:
        conn.close()


def headers(hs, name):
    return [v for k, v in hs if k.lower() == name.lower()]


def test_hsts_over_https_only():
    for path in ("/", "/api/v1/health", "/api/v1/no-such-thing"):
        st, hs, _ = https("GET", path)
        eq(headers(hs, "Strict-Transport-Security"), [HSTS],
           f"HSTS once on {path} ({st})")
    r = Client(SOURCE).get("health")  # noqa: F821
    eq(r.headers_all("Strict-Transport-Security"), [], "none over HTTP")


def test_host_prefixed_cookies_under_tls():
    st, hs, body = https("POST", "/api/v1/session",
                         {"username": "cb.skhcn", "password": "Demo@2026"})
    eq(st, 200, f"login over HTTPS: {body[:200]!r}")
    set_cookies = headers(hs, "Set-Cookie")
    sess = [c for c in set_cookies if c.startswith("__Host-nv_session=")]
    dev = [c for c in set_cookies if c.startswith("__Secure-nv_device=")]
    eq((len(sess), len(dev)), (1, 1), f"the two cookies: {set_cookies}")
    for attr in ("Secure", "HttpOnly", "SameSite=Strict", "Path=/"):
        check(attr in sess[0].split("; "), f"{attr} in {sess[0]}")
    check("Domain=" not in sess[0], "no Domain on a __Host- cookie")
    check("Secure" in dev[0].split("; "), f"Secure in {dev[0]}")
    token = sess[0].split(";", 1)[0].split("=", 1)[1]
    csrf = json.loads(body)["csrf_token"]
    st, _, _ = https("GET", "/api/v1/session",
                     cookies={"__Host-nv_session": token})
    eq(st, 200, "the __Host- cookie is the session")
    st, _, _ = https("GET", "/api/v1/session", cookies={"nv_session": token})
    eq(st, 401, "the plain name is not accepted under TLS")
    st, hs, _ = https("DELETE", "/api/v1/session",
                      cookies={"__Host-nv_session": token}, csrf=csrf)
    eq(st, 204, "logout")
    check(any(c.startswith("__Host-nv_session=;") and "Max-Age=0" in c
              for c in headers(hs, "Set-Cookie")), "the cookie is cleared")
