# SPDX-License-Identifier: ISC
"""Bursts far above what the worker pool takes (issue 9: 250 concurrent
GET /tasks?limit=200 from one client gave 81 502s, for every user).  Now
nginx's limit_conn (nginx/nhiemvu.conf.in) answers what is beyond a
client's share or the pool's queue with an immediate 503 server_busy and
Retry-After; nothing is ever 502, and other users keep being served."""

import http.client
import json
import threading
import time

from lib import HOST, PORT, Client, check, eq

SEEN_OK = {200, 503}


def burst(jobs):
    """Runs every (source, cookie, path) at once, one connection each;
    returns (status, headers, body) per job, in order."""
    out = [None] * len(jobs)
    gate = threading.Barrier(len(jobs))

    def run(i, source, cookie, path):
        conn = http.client.HTTPConnection(HOST, PORT, timeout=60,
                                          source_address=(source, 0))
        try:
            conn.connect()
            gate.wait()
            conn.request("GET", path, headers={"Cookie": cookie})
            r = conn.getresponse()
            out[i] = (r.status, dict(r.getheaders()), r.read())
        except Exception as e:  # a reset or refused connection is a failure
            out[i] = (0, {}, repr(e).encode())
        finally:
            conn.close()

    threads = [threading.Thread(target=run, args=(i, *j))
               for i, j in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


def cookie_of(c):
    return "; ".join(f"{k}={v}" for k, v in c.cookies.items())


def check_busy(results, what):
    codes = {}
    for status, headers, body in results:
        codes[status] = codes.get(status, 0) + 1
        check(status in SEEN_OK, f"{what}: got {status} {body[:200]!r}")
        if status == 503:
            e = json.loads(body)["error"]
            eq(e["code"], "server_busy", f"{what}: 503 code")
            check(e["message"], "a message")
            eq(headers.get("Retry-After"), "2", f"{what}: Retry-After")
            eq(headers.get("Cache-Control"), "no-store", f"{what}: no-store")
    return codes


def test_one_client_burst_gets_503_not_502_and_others_are_served():
    base = SOURCE.rsplit(".", 1)[0]  # noqa: F821
    hog = Client(f"{base}.200")
    hog.login("cb.skhcn")
    other = Client(f"{base}.201")
    other.login("gd.skhcn")
    others = []

    def keep_asking():
        for _ in range(8):
            t0 = time.monotonic()
            r = other.get("tasks?limit=20")
            others.append((r.status, time.monotonic() - t0))

    side = threading.Thread(target=keep_asking)
    side.start()
    results = burst([(hog.source, cookie_of(hog), "/api/v1/tasks?limit=200")]
                    * 250)
    side.join()
    codes = check_busy(results, "burst")
    check(codes.get(503, 0) > 0, f"beyond the client's share: 503 {codes}")
    check(codes.get(200, 0) >= 16, f"its share is served: {codes}")
    eq([s for s, _ in others], [200] * len(others),
       "another user is served during the burst")


def test_many_clients_above_the_pool_get_503_not_502():
    base = SOURCE.rsplit(".", 1)[0]  # noqa: F821
    jobs = []
    for k in range(20):  # 20 users, 15 requests each: 300 > 256 in all
        c = Client(f"{base}.{210 + k}")
        c.login("cb.skhcn")
        jobs += [(c.source, cookie_of(c), "/api/v1/tasks?limit=200")] * 15
    codes = check_busy(burst(jobs), "pool")
    check(codes.get(200, 0) > 0, f"served: {codes}")
    # Afterwards everyone is served again at once.
    eq(Client(f"{base}.240").get("/api/v1/health").status, 200,
       "health after the burst")
