# SPDX-License-Identifier: ISC
"""Requests the contract does not describe get its error shape and its
order of errors (found by the break-it review):

- POST /tasks/{id}/directions/read with a body answered 400 for a task the
  caller may not see, where the contract puts 404 first;
- TRACE, which nginx refuses before it picks a location, came back as
  nginx's HTML page under /api/."""

import socket

from lib import HOST, PORT, Client, check, eq, expect_error, registration


def login(user):
    c = Client(SOURCE)  # noqa: F821
    c.login(user)
    return c


def test_directions_read_answers_404_before_looking_at_the_body():
    off = login("cb.skhcn")
    r = off.post("tasks", registration(name="Chỉ đạo: thứ tự lỗi"))
    eq(r.status, 201, f"create: {r}")
    tid = r.json["id"]
    other = login("cb.cat")  # may not see an SKHCN draft
    for body in ({}, {"x": 1}):
        expect_error(other.post(f"tasks/{tid}/directions/read", body),
                     404, "not_found")
    expect_error(off.post("tasks/999999999/directions/read", {"x": 1}),
                 404, "not_found")
    # The caller who sees it: an empty object is no content; more is 400.
    eq(off.post(f"tasks/{tid}/directions/read", {}).status, 204,
       "directions/read with {}")
    expect_error(off.post(f"tasks/{tid}/directions/read", {"x": 1}),
                 400, "validation_failed")


def test_trace_keeps_the_json_shape_under_api():
    with socket.create_connection((HOST, PORT), timeout=10) as s:
        s.sendall(b"TRACE /api/v1/tasks HTTP/1.1\r\nHost: x\r\n"
                  b"Connection: close\r\n\r\n")
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    eq(head.split(b"\r\n")[0].split()[1], b"405", f"status: {head[:80]!r}")
    check_json = b'"code":"method_not_allowed"' in body
    eq(check_json, True, f"JSON error body: {body[:200]!r}")
    eq(b"content-type: application/json; charset=utf-8" in head.lower(),
       True, f"JSON type: {head!r}")


def test_messages_say_it_in_vietnamese():
    """A forged cursor and a date that does not exist are explained in
    the user's words, not by a parameter's name or a format alone."""
    off = login("cb.skhcn")
    for path in ("tasks?cursor=zzzz", "tasks?sort=name&cursor=zzzz"):
        e = expect_error(off.get(path), 400, "validation_failed", "cursor")
        check(e["message"].startswith("Vị trí trang"), f"{path}: {e}")
    head = login("gd.snv")
    for field in ("from", "to"):
        body = {"delegate": "cb.snv", "from": "2027-01-05",
                "to": "2027-01-06"}
        body[field] = "2027-02-30"
        e = expect_error(head.post("delegations", body), 400,
                         "validation_failed", field)
        check("ngày có thật" in e["message"], f"{field}: {e}")
