# SPDX-License-Identifier: ISC
"""GET /health with every part up, the contract's headers, and the shape of
errors on unknown paths and methods."""

from lib import Client, contract_headers, eq, expect_error


def test_health_ok():
    r = Client(SOURCE).get("health")  # noqa: F821 - set by run.py
    eq(r.status, 200, "health")
    contract_headers(r)
    eq(r.json, {"status": "ok", "database": "ok", "directory": "ok"}, "body")


def test_unknown_path_is_json_404():
    c = Client(SOURCE)  # noqa: F821
    for p in ("nothing", "tasks/x/y/z", "session/extra", "health/"):
        expect_error(c.get(p), 404, "not_found")
    expect_error(c.get("/api/v2/health"), 404, "not_found")


def test_wrong_method_is_405_with_allow():
    c = Client(SOURCE)  # noqa: F821
    r = c.request("PUT", "session", body={})
    expect_error(r, 405, "method_not_allowed")
    allow = r.header("Allow") or ""
    eq(sorted(a.strip() for a in allow.split(",")),
       ["DELETE", "GET", "POST"], "Allow")
    expect_error(c.post("health", {}), 405, "method_not_allowed")


def test_unknown_query_parameter_is_400():
    e = expect_error(Client(SOURCE).get("health?verbose=1"), 400,  # noqa: F821
                     "validation_failed")
    eq(e.get("field"), "verbose", "field")


def test_request_id_header():
    r = Client(SOURCE).get("health")  # noqa: F821
    rid = r.header("X-Request-Id") or ""
    eq(len(rid), 32, f"request id {rid!r}")
