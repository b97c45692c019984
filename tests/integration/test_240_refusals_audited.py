# SPDX-License-Identifier: ISC
"""Refusals reach the audit trail (ASVS 5.0 16.3.1, 16.3.2), written where
every request ends (worker.c), coalesced so that a flood cannot fill the
disk; nginx's access log carries the request id that the worker returns as
X-Request-Id and writes into the audit row."""

import json
import os
import time

from lib import RUN, Client, check, eq, expect_error, sql_root

USER = "cb.snv"


def audit_rows(where):
    _, out, _ = sql_root("SELECT action, IFNULL(actor, '-'), client_addr, "
                         "request_id, IFNULL(detail, '{}') FROM audit "
                         f"WHERE {where} ORDER BY id")
    return [line.split("\t") for line in out.splitlines() if line]


def official():
    sql_root(f"DELETE FROM audit_coalesce WHERE k LIKE '%|{USER}'")
    c = Client(SOURCE)  # noqa: F821
    c.login(USER)
    return c


def in_access_log(rid):
    for _ in range(50):  # nginx writes the line after the response
        with open(os.path.join(RUN, "log", "nginx-access.log")) as f:
            if f"rid={rid}" in f.read():
                return True
        time.sleep(0.1)
    return False


def test_a_forbidden_request_is_audited_with_its_request_id():
    c = official()
    r = c.get("audit")
    expect_error(r, 403, "forbidden")
    rid = r.header("X-Request-Id")
    check(rid is not None and len(rid) == 32, f"X-Request-Id {rid}")
    rows = audit_rows(f"request_id = '{rid}'")
    eq(len(rows), 1, "one audit row for the refusal")
    action, actor, addr, _, detail = rows[0]
    eq((action, actor, addr), ("access_denied", USER, SOURCE),  # noqa: F821
       "who, from where")
    eq(json.loads(detail), {"method": "GET", "path": "/audit",
                            "code": "forbidden"}, "what was refused")
    check(in_access_log(rid), f"nginx's access log has rid={rid}")


def test_csrf_failure_and_hidden_task_are_audited():
    c = official()
    r = c.post("tasks", {"name": "Không có mã CSRF"}, csrf=False)
    expect_error(r, 403, "csrf_failed")
    eq([x[0] for x in audit_rows(
        f"request_id = '{r.header('X-Request-Id')}'")], ["csrf_failed"],
       "CSRF failure audited")
    r = c.get("tasks/999999999")
    eq(r.status, 404, "no such task, or not visible")
    eq([x[0] for x in audit_rows(
        f"request_id = '{r.header('X-Request-Id')}'")],
       ["access_not_found"], "404 to a logged-in user audited")
    # Without a session a 404 is an unknown path, not a refusal.
    r = Client(SOURCE).get("no-such-thing")  # noqa: F821
    eq(r.status, 404, "unknown path")
    eq(audit_rows(f"request_id = '{r.header('X-Request-Id')}'"), [],
       "not audited")


def test_a_flood_is_coalesced():
    c = official()
    first = c.get("audit")
    for _ in range(30):
        expect_error(c.get("audit"), 403, "forbidden")
    rows = audit_rows(f"actor = '{USER}' AND action = 'access_denied' AND "
                      f"id >= (SELECT id FROM audit WHERE request_id = "
                      f"'{first.header('X-Request-Id')}')")
    eq(len(rows), 1, "31 refusals in one window: one audit row")
    # The next window's first refusal says how many were only counted.
    sql_root("UPDATE audit_coalesce SET window_start = window_start - "
             f"INTERVAL 61 SECOND WHERE k = 'access_denied|{USER}'")
    r = c.get("audit")
    rows = audit_rows(f"request_id = '{r.header('X-Request-Id')}'")
    eq(len(rows), 1, "a row in the new window")
    eq(json.loads(rows[0][4]).get("suppressed"), 30, "the count carried")


def test_a_throttle_hit_is_audited_once_per_window():
    src = SOURCE.rsplit(".", 1)[0] + ".250"  # noqa: F821
    sql_root(f"DELETE FROM audit_coalesce WHERE k = 'rate_limited|{src}'")
    c = Client(src)
    for _ in range(5):
        c.post("session", {"username": "cb.snv", "password": "x"})
    rids = []
    for _ in range(3):
        r = c.post("session", {"username": "cb.snv", "password": "x"})
        expect_error(r, 429, "rate_limited")
        rids.append(r.header("X-Request-Id"))
    rows = audit_rows("request_id IN (%s)" % ",".join(f"'{x}'" for x in rids))
    eq([(x[0], x[1], x[2]) for x in rows], [("rate_limited", "-", src)],
       "the first hit audited, the others counted")
    sql_root("DELETE FROM login_throttle WHERE k IN ('cb.snv', "
             f"'cb.snv|{src}', '{src}')")
