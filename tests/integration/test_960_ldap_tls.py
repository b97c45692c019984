# SPDX-License-Identifier: ISC
"""StartTLS and ldaps:// against the test slapd (its own CA), set by
configuration and applied with SIGHUP.  The stack talks StartTLS with its
own CA, as the shipped default does; its slapd refuses simple binds in
clear.  A certificate we do not trust, StartTLS refused or turned off, is a
503: never a silent fall back to plaintext."""

import os
import re

from lib import LDAP_PORT, RUN, Client, check, eq, expect_error, reload_with

CONF = os.path.join(RUN, "nhiemvu.conf")
TLS = os.path.join(RUN, "ldap", "tls")


STACK = {"ldap_uri": f"ldap://127.0.0.1:{LDAP_PORT}/",
         "ldap_starttls": "yes", "ldap_tls_cacert": os.path.join(TLS, "ca.crt"),
         "ldap_tls_require_cert": "demand"}


def login_status():
    return Client(SOURCE).post("session", {  # noqa: F821
        "username": "cb.skhcn", "password": "Demo@2026"})


def test_the_stack_talks_starttls_with_its_own_ca():
    with open(CONF) as f:
        text = f.read()
    for k, v in STACK.items():
        check(re.search(rf"^{k} = {re.escape(v)}$", text, flags=re.M),
              f"the stack's configuration has {k} = {v}")
    eq(login_status().status, 200, "login over StartTLS")
    eq(Client(SOURCE).get("health").status, 200, "health")  # noqa


def test_cleartext_to_the_directory_is_refused():
    """With StartTLS turned off the password would cross in clear: the
    test directory refuses the bind and nhiemvu answers 503, not 200."""
    try:
        reload_with({"ldap_starttls": "no"})
        expect_error(login_status(), 503, "directory_unavailable")
    finally:
        reload_with(STACK)
    eq(login_status().status, 200, "StartTLS again after the reload")


def test_starttls_with_an_untrusted_certificate_fails_closed():
    try:
        reload_with({"ldap_starttls": "yes",
                     "ldap_tls_cacert": os.path.join(TLS, "other-ca.crt")})
        expect_error(login_status(), 503, "directory_unavailable")
        r = Client(SOURCE).get("health")  # noqa: F821
        expect_error(r, 503, "directory_unavailable")
    finally:
        reload_with(STACK)
    eq(login_status().status, 200, "trusted again after the reload")


def test_ldaps():
    try:
        reload_with({"ldap_uri": f"ldaps://127.0.0.1:{LDAP_PORT + 1}/",
                     "ldap_tls_cacert": os.path.join(TLS, "ca.crt")})
        eq(login_status().status, 200, "login over ldaps://")
        reload_with({"ldap_tls_cacert": os.path.join(TLS, "other-ca.crt")})
        expect_error(login_status(), 503, "directory_unavailable")
    finally:
        reload_with(STACK)
