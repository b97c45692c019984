# SPDX-License-Identifier: ISC
"""Idempotency-Key on creates, and the route table's own refusals: a
retried create returns the first answer instead of a second record, also
when the retries race; a key sent with another body is refused; only
what succeeded is remembered; the key is per user; query keys a route
does not take and bodies over its limit are refused before the handler."""

import threading
import uuid

from lib import Client, check, eq, expect_error, sql_root


def login(user):
    c = Client(SOURCE)  # noqa: F821
    c.login(user)
    return c


def count(name):
    rc, out, err = sql_root(f"SELECT COUNT(*) FROM tasks WHERE name = '{name}'")
    eq(rc, 0, err)
    return int(out.strip())


def test_same_key_same_answer_one_task():
    off = login("cb.skhcn")
    key = str(uuid.uuid4())
    name = f"Thử lại sau mất kết nối {key[:8]}"
    body = {"name": name, "deadline": "2030-06-30"}
    r1 = off.post("tasks", body, headers={"Idempotency-Key": key})
    eq(r1.status, 201, f"first {r1}")
    r2 = off.post("tasks", body, headers={"Idempotency-Key": key})
    eq(r2.status, 201, f"replayed {r2}")
    eq(r2.json, r1.json, "the first answer, word for word")
    eq(r2.header("Idempotent-Replayed"), "true", "says it is a replay")
    eq(count(name), 1, "one task")
    hist = off.get(f"tasks/{r1.json['id']}/history").json["items"]
    eq([h["action"] for h in hist], ["create"], "one create in the history")
    # Without a key, the same body is a second task, as before.
    eq(off.post("tasks", body).status, 201, "no key: a new task")
    eq(count(name), 2, "two tasks")


def test_key_with_another_body_is_refused():
    off = login("cb.skhcn")
    key = str(uuid.uuid4())
    r = off.post("tasks", {"name": f"Một {key[:8]}"},
                 headers={"Idempotency-Key": key})
    eq(r.status, 201, f"first {r}")
    r = off.post("tasks", {"name": f"Hai {key[:8]}"},
                 headers={"Idempotency-Key": key})
    expect_error(r, 409, "duplicate", "Idempotency-Key")
    eq(count(f"Hai {key[:8]}"), 0, "nothing created")


def test_a_refusal_is_not_remembered():
    off = login("cb.skhcn")
    key = str(uuid.uuid4())
    name = f"Sửa rồi gửi lại {key[:8]}"
    r = off.post("tasks", {"name": name, "deadline": "2030-02-30"},
                 headers={"Idempotency-Key": key})
    expect_error(r, 400, "validation_failed", "deadline")
    r = off.post("tasks", {"name": name, "deadline": "2030-02-28"},
                 headers={"Idempotency-Key": key})
    eq(r.status, 201, f"the corrected request is done: {r}")
    eq(count(name), 1, "one task")


def test_keys_are_per_user():
    key = str(uuid.uuid4())
    a = login("cb.skhcn").post("tasks", {"name": f"Của SKHCN {key[:8]}"},
                               headers={"Idempotency-Key": key})
    b = login("cb.snv").post("tasks", {"name": f"Của SKHCN {key[:8]}"},
                             headers={"Idempotency-Key": key})
    eq((a.status, b.status), (201, 201), f"{a} {b}")
    check(a.json["id"] != b.json["id"], "two users, two tasks")
    eq(b.json["lead_agency"], "SNV", "each its own")


def test_racing_retries_make_one_record():
    off = login("cb.skhcn")
    key = str(uuid.uuid4())
    name = f"Gửi đồng thời {key[:8]}"
    out = []

    def send():
        out.append(off.post("tasks", {"name": name},
                            headers={"Idempotency-Key": key}))

    threads = [threading.Thread(target=send) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    eq(sorted(r.status for r in out), [201] * 8, f"{[str(r) for r in out]}")
    eq(len({r.json["id"] for r in out}), 1, "every answer names one task")
    eq(count(name), 1, "one task")


def test_reports_and_comments_take_a_key():
    sec = login("tk.bcd")
    t = sec.post("tasks", {"kind": "directive", "name": "Chỉ đạo có báo cáo",
                           "lead_agency": "SKHCN", "deadline": "2030-12-31",
                           "status": "in_program"}).json
    off = login("cb.skhcn")
    key = str(uuid.uuid4())
    body = {"period": "2026-01", "percent": 10, "health": "on_track"}
    r1 = off.post(f"tasks/{t['id']}/reports", body,
                  headers={"Idempotency-Key": key})
    r2 = off.post(f"tasks/{t['id']}/reports", body,
                  headers={"Idempotency-Key": key})
    eq((r1.status, r2.status), (201, 201), f"{r1} {r2}")
    eq(r2.json["id"], r1.json["id"], "one report")
    key = str(uuid.uuid4())
    for _ in range(2):
        r = off.post(f"tasks/{t['id']}/comments", {"text": "Đã nhận"},
                     headers={"Idempotency-Key": key})
        eq(r.status, 201, f"comment {r}")
    hist = off.get(f"tasks/{t['id']}/history").json["items"]
    eq(sum(1 for h in hist if h["action"] == "comment"), 1, "one comment")


def test_bad_keys():
    off = login("cb.skhcn")
    for key in ["a" * 65, "có dấu", "two words"]:
        r = off.post("tasks", {"name": "x"},
                     headers={"Idempotency-Key": key.encode().decode(
                         "latin-1")})
        expect_error(r, 400, "validation_failed", "Idempotency-Key")


def test_route_refuses_unknown_query_keys_and_bodies():
    off = login("cb.skhcn")
    t = off.post("tasks", {"name": "Có truy vấn lạ"}).json
    for path in [f"tasks/{t['id']}?x=1", "tasks?sortby=name",
                 "reports?year=2026", "agencies?q=a", "session?x="]:
        expect_error(off.get(path), 400, "validation_failed")
    r = off.patch(f"tasks/{t['id']}?dry_run=1",
                  {"name": "Không đổi", "version": t["version"]})
    expect_error(r, 400, "validation_failed", "dry_run")
    eq(off.get(f"tasks/{t['id']}").json["name"], "Có truy vấn lạ",
       "nothing changed")
    # A body on a route that takes none; a login over its own limit.
    r = off.request("DELETE", "session", raw=b"{}")
    expect_error(r, 413, "payload_too_large")
    r = Client(SOURCE).post("session",  # noqa: F821
                            raw=b'{"username": "' + b"a" * 8000 + b'"}')
    expect_error(r, 413, "payload_too_large")
