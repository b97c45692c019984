# SPDX-License-Identifier: ISC
"""Slow and idle clients (slow-loris) cannot shut everyone else out.

Found by the break-it review: 2,100 connections from one address, each
holding half a request header, took every one of nginx's connections
(1024 per worker, "worker_connections are not enough" in its log), and
for the next 60 s (nginx's default client_header_timeout) nobody else
could reach even /health.  nginx now has room for more connections than
one client can cheaply hold, and cuts a header, a body or a reply that
does not move within 10 s."""

import resource
import socket
import time

from lib import HOST, PORT, Client, check, eq

HOLD = 2100  # more than the 2 x 1024 connections nginx used to have


def _half_request(source):
    s = socket.create_connection((HOST, PORT), timeout=10,
                                 source_address=(source, 0))
    s.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: nhiemvu\r\nX-A: ")
    return s


def test_idle_connections_do_not_shut_out_others():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < HOLD + 100:
        resource.setrlimit(resource.RLIMIT_NOFILE,
                           (min(hard, HOLD + 1000), hard))
    held = []
    try:
        for _ in range(HOLD):
            held.append(_half_request(SOURCE))  # noqa: F821
        eq(len(held), HOLD, "connections held")
        # Someone else, meanwhile: the service answers.
        r = Client("127.0.0.1").get("health", timeout=10)
        eq(r.status, 200, f"/health while {HOLD} clients hold half a header")
    finally:
        for s in held:
            s.close()


def test_a_header_that_does_not_move_is_cut_off():
    s = _half_request(SOURCE)  # noqa: F821
    s.settimeout(40)
    t0 = time.monotonic()
    try:
        got = s.recv(4096)  # nginx closes (b"") or answers 408
    except ConnectionResetError:
        got = b""  # reset_timedout_connection: cut with an RST
    except socket.timeout:
        got = None
    finally:
        s.close()
    waited = time.monotonic() - t0
    check(got is not None, f"still open after {waited:.0f} s")
    # client_header_timeout is 10 s; 30 s leaves room for a loaded machine
    # and still fails against nginx's default of 60 s.
    check(waited < 30, f"a stuck header was held {waited:.0f} s")
