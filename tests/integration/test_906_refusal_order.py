# SPDX-License-Identifier: ISC
"""Requests the contract does not describe get its error shape and its
order of errors (found by the break-it review):

- POST /tasks/{id}/directions/read with a body answered 400 for a task the
  caller may not see, where the contract puts 404 first;
- TRACE, which nginx refuses before it picks a location, came back as
  nginx's HTML page under /api/."""

import uuid

from lib import (Client, check, eq, expect_error, raw_request,
                 registration)


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
    status, headers, body = raw_request(
        b"TRACE /api/v1/tasks HTTP/1.1\r\nHost: x\r\n"
        b"Connection: close\r\n\r\n")
    eq(status, 405, f"status ({body[:80]!r})")
    check_json = b'"code":"method_not_allowed"' in body
    eq(check_json, True, f"JSON error body: {body[:200]!r}")
    eq(headers.get("content-type", "").lower(),
       "application/json; charset=utf-8", f"JSON type: {headers!r}")


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


def test_import_confirm_answers_404_before_looking_at_the_body():
    tag = uuid.uuid4().hex[:8]
    off = login("cb.skhcn")
    expect_error(off.post("imports/999999999/confirm", {"x": 1}), 404,
                 "not_found")
    data = ("TT,Tên nhiệm vụ,Người chịu trách nhiệm,Cơ quan chủ trì thực "
            "hiện,Cơ quan phối hợp,Dự kiến sản phẩm,Dự kiến kinh phí,Ghi chú,"
            f"Hạn hoàn thành\r\n1,Nhập {tag},An,SKHCN,SNV,,,,\r\n")
    p = off.request("POST", "imports/tasks", raw=data.encode("utf-8"),
                    content_type="text/csv")
    eq((p.status, p.json.get("valid")), (200, 1), f"preview: {p}")
    iid = p.json["import_id"]
    # Another's import is not found, whatever the body.
    expect_error(login("cb.snv").post(f"imports/{iid}/confirm", {"x": 1}),
                 404, "not_found")
    e = expect_error(off.post(f"imports/{iid}/confirm", {"x": 1}), 400,
                     "validation_failed")
    check("không cần nội dung" in e["message"], f"{e}")
    r = off.get(f"tasks?q={tag}")
    eq(r.json["items"], [], "nothing created by the refused confirmation")
    eq(off.post(f"imports/{iid}/confirm", {}).status, 201, "confirmed")


def test_numbers_and_lists_past_their_bounds_say_so():
    """An integer past its field's range is told the range (it was told it
    was not an integer past 2^53), and a list past the parser's bound is
    told the bound and the member it is in (it was 'not valid JSON')."""
    off = login("cb.skhcn")
    for budget in (9223372036854775807, 10**20, 1e300, -(10**19)):
        e = expect_error(off.post("tasks", registration(
            name="Kinh phí quá lớn", estimated_budget=budget)), 400,
            "validation_failed", "estimated_budget")
        check("1000000000000000" in e["message"], f"{budget}: {e}")
    e = expect_error(off.post("tasks", registration(
        name="Kinh phí lẻ", estimated_budget=1.5)), 400,
        "validation_failed", "estimated_budget")
    check("số nguyên" in e["message"], f"1.5: {e}")
    e = expect_error(off.post("tasks", registration(
        name="Quá nhiều", coordinating_agencies=["SNV"] * 1001)), 400,
        "invalid_json", "coordinating_agencies")
    check("1000" in e["message"], f"1001 agencies: {e}")
    deep = "x"
    for _ in range(40):
        deep = [deep]
    e = expect_error(off.post("tasks", registration(
        name="Quá sâu", notes=deep)), 400, "invalid_json", "notes")
    check("32" in e["message"], f"40 levels: {e}")
    wide = {f"k{i}": 1 for i in range(1001)}
    e = expect_error(off.post("tasks", wide), 400, "invalid_json")
    check("field" not in e and "1000" in e["message"], f"1001 members: {e}")
    # Within the bounds, the same lists are judged by their fields.
    e = expect_error(off.post("tasks", registration(
        name="Vừa đủ", coordinating_agencies=["SNV"] * 1000)), 400,
        "validation_failed", "coordinating_agencies")
