# SPDX-License-Identifier: ISC
"""Issue 17, the write side of the weekly screens, through nginx: what a
registration must state before it is sent or approved, no report for a
month before the task was accepted, bulk approve / accept / return from the
queues (each item version-checked, decided and audited like a single
transition), and who sent a registration, when, and how long it waits."""

import datetime
import os
import zoneinfo

from lib import (TOP, Client, check, eq, expect_error, registration,
                 sql_root)

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")

# What the registration letter asks of every task, by machine name.
REQUIRED = ["fields", "responsible_person", "expected_product", "target",
            "deadline"]


def login(user):
    c = Client(SOURCE)  # noqa: F821
    c.login(user)
    return c


def act(c, t, action, comment=None, status=200):
    body = {"action": action, "version": t["version"]}
    if comment is not None:
        body["comment"] = comment
    r = c.post(f"tasks/{t['id']}/transitions", body)
    eq(r.status, status, f"{action}: {r}")
    return r.json


def audit_actions(tid):
    rc, out, err = sql_root(f"SELECT action FROM audit WHERE task_id = {tid}"
                            " ORDER BY id")
    eq(rc, 0, err)
    return out.split()


def month(delta=0):
    d = datetime.datetime.now(VN).date().replace(day=1)
    y, m = d.year, d.month + delta
    while m < 1:
        y, m = y - 1, m + 12
    return f"{y:04d}-{m:02d}"


def test_submit_names_every_missing_field_and_changes_nothing():
    off, head = login("cb.skhcn"), login("gd.skhcn")
    t = off.post("tasks", {"name": "Chỉ có tên"}).json
    r = off.post(f"tasks/{t['id']}/transitions",
                 {"action": "submit", "version": t["version"]})
    expect_error(r, 400, "validation_failed", "fields")
    eq(r.json["error"]["fields"], REQUIRED, "every gap, in the form's order")
    msg = r.json["error"]["message"]
    for label in ("Lĩnh vực", "Người chịu trách nhiệm", "Sản phẩm dự kiến",
                  "Mục tiêu", "Hạn hoàn thành"):
        check(f"«{label}»" in msg, f"{label} in {msg!r}")
    t2 = off.get(f"tasks/{t['id']}").json
    eq((t2["status"], t2["version"]), ("draft", t["version"]), "unchanged")
    eq(audit_actions(t["id"]), ["create"], "no transition audited")

    # Blank text and an empty set count as missing; the rest is named.
    r = off.patch(f"tasks/{t['id']}", registration(
        target=" \u00a0", fields=[], version=t["version"]))
    eq(r.status, 200, f"filled most {r}")
    t = r.json
    r = off.post(f"tasks/{t['id']}/transitions",
                 {"action": "submit", "version": t["version"]})
    expect_error(r, 400, "validation_failed", "fields")
    eq(r.json["error"]["fields"], ["fields", "target"], "only the gaps")
    # 400 before 409: a stale version does not hide the gaps.
    r = off.post(f"tasks/{t['id']}/transitions",
                 {"action": "submit", "version": t["version"] + 5})
    expect_error(r, 400, "validation_failed", "fields")
    # A stranger gets 404 and an official of the lead 400, never the list
    # to someone who may not act.
    r = login("cb.snv").post(f"tasks/{t['id']}/transitions",
                             {"action": "submit", "version": t["version"]})
    expect_error(r, 404, "not_found")
    check("fields" not in r.json["error"], "no gaps told to a stranger")
    r = off.patch(f"tasks/{t['id']}", {"target": "100% hồ sơ trực tuyến",
                                       "fields": ["admin_reform"],
                                       "version": t["version"]})
    t = act(off, r.json, "submit")
    eq(t["status"], "submitted", "complete: sent")
    t = act(head, t, "approve")
    eq(t["status"], "approved", "and approved")


def test_approve_and_accept_refuse_an_incomplete_registration():
    # A registration sent before the rule existed: the head cannot
    # approve it and the secretariat cannot accept it; it goes back.
    off, head, sec = login("cb.skhcn"), login("gd.skhcn"), login("tt.bcd")
    t = off.post("tasks", {"name": "Gửi trước khi có quy tắc",
                           "deadline": "2030-12-31"}).json
    rc, _, err = sql_root(f"UPDATE tasks SET status = 'submitted' "
                          f"WHERE id = {t['id']}")
    eq(rc, 0, err)
    t = off.get(f"tasks/{t['id']}").json
    r = head.post(f"tasks/{t['id']}/transitions",
                  {"action": "approve", "version": t["version"]})
    expect_error(r, 400, "validation_failed", "fields")
    eq(r.json["error"]["fields"], REQUIRED[:-1], "the deadline is there")
    eq(off.get(f"tasks/{t['id']}").json["status"], "submitted", "unchanged")
    rc, _, err = sql_root(f"UPDATE tasks SET status = 'approved' "
                          f"WHERE id = {t['id']}")
    r = sec.post(f"tasks/{t['id']}/transitions",
                 {"action": "accept", "version": t["version"]})
    expect_error(r, 400, "validation_failed", "fields")
    t = act(sec, t, "return", "Bổ sung các mục còn thiếu")
    eq(t["status"], "returned", "returned to be completed")


def test_no_report_before_the_month_of_acceptance():
    off, head, sec = login("cb.skhcn"), login("gd.skhcn"), login("tt.bcd")
    t = off.post("tasks", registration(name="Báo cáo từ khi tiếp nhận")).json
    eq(t["accepted_at"], None, "a draft was never accepted")
    t = act(sec, act(head, act(off, t, "submit"), "approve"), "accept")
    today = datetime.datetime.now(VN).date().isoformat()
    eq(t["accepted_at"], today, "accepted today, province time")
    body = {"percent": 10, "health": "on_track", "results": "Có"}
    r = off.post(f"tasks/{t['id']}/reports", {"period": month(-1), **body})
    expect_error(r, 400, "validation_failed", "period")
    d = today.split("-")
    check(f"{d[1]}/{d[0]}" in r.json["error"]["message"],
          f"the month it may start from: {r.json['error']['message']}")
    rc, out, _ = sql_root(f"SELECT COUNT(*) FROM reports "
                          f"WHERE task_id = {t['id']}")
    eq(out.strip(), "0", "nothing written")
    r = off.post(f"tasks/{t['id']}/reports", {"period": month(), **body})
    eq(r.status, 201, f"this month {r}")
    # Nor moved there by an edit.
    rep = r.json
    r = off.patch(f"reports/{rep['id']}", {"period": month(-2),
                                           "version": rep["version"]})
    expect_error(r, 400, "validation_failed", "period")
    # A directive created straight into the programme has no acceptance
    # day: the secretariat may record its earlier months.
    d = sec.post("tasks", {"kind": "directive", "name": "Chỉ đạo",
                           "lead_agency": "SKHCN", "status": "in_program",
                           "deadline": "2030-12-31"}).json
    eq(d["accepted_at"], None, "no acceptance day")
    r = off.post(f"tasks/{d['id']}/reports", {"period": month(-1), **body})
    eq(r.status, 201, f"an earlier month {r}")


def test_migration_backfills_from_the_audit():
    off, head, sec = login("cb.skhcn"), login("gd.skhcn"), login("tt.bcd")
    t = off.post("tasks", registration(name="Đã tiếp nhận từ trước")).json
    t = act(sec, act(head, act(off, t, "submit"), "approve"), "accept")
    # As it was before the migration: the audit knows, the row does not.
    rc, _, err = sql_root(
        "UPDATE tasks SET accepted_at = NULL, submitted_at = NULL, "
        f"submitted_by = NULL, submitted_by_name = NULL WHERE id = {t['id']}")
    eq(rc, 0, err)
    with open(os.path.join(TOP, "schema", "migrations",
                           "0020_task_dates.sql"), encoding="utf-8") as f:
        rc, _, err = sql_root(f.read())
    eq(rc, 0, err)
    rc, out, err = sql_root(
        "SELECT DATE(a.at + INTERVAL 7 HOUR) FROM audit a WHERE task_id = "
        f"{t['id']} AND action = 'accept'")
    t2 = off.get(f"tasks/{t['id']}").json
    eq(t2["accepted_at"], out.strip(), "acceptance day from the audit")
    eq((t2["submitted_by"], t2["submitted_by_name"]),
       ("cb.skhcn", "Nguyễn Văn An"), "sender from the audit")
    check(t2["submitted_at"] is not None and t2["submitted_at"].endswith("Z"),
          f"sent at {t2['submitted_at']}")


def test_queue_shows_sender_date_and_waiting_days():
    off, head, sec = login("cb.skhcn"), login("gd.skhcn"), login("tt.bcd")
    t = off.post("tasks", registration(name="Chờ lâu")).json
    eq((t["submitted_at"], t["waiting_days"]), (None, None), "a draft waits "
       "for no one")
    t = act(off, t, "submit")
    eq((t["submitted_by"], t["submitted_by_name"], t["waiting_days"]),
       ("cb.skhcn", "Nguyễn Văn An", 0), "sent just now")
    # Days of the province's calendar (UTC+7, the test stack's timezone):
    # sent at 23:00 yesterday is one day, though less than 24 hours ago,
    # so the value turns with the date the kept pages are keyed by.
    local_day = "DATE(UTC_TIMESTAMP() + INTERVAL 7 HOUR)"
    rc, _, err = sql_root(f"UPDATE tasks SET submitted_at = {local_day} "
                          f"- INTERVAL 1 HOUR - INTERVAL 7 HOUR "
                          f"WHERE id = {t['id']}")
    eq(rc, 0, err)
    eq(head.get(f"tasks/{t['id']}").json["waiting_days"], 1,
       "sent at 23:00 yesterday, the province's time")
    rc, _, err = sql_root(f"UPDATE tasks SET submitted_at = {local_day} "
                          f"- INTERVAL 3 DAY WHERE id = {t['id']}")
    eq(rc, 0, err)
    q = head.get("tasks?status=submitted&agency=SKHCN&limit=200").json
    mine = [i for i in q["items"] if i["id"] == t["id"]]
    eq(len(mine), 1, "in the head's queue")
    eq(mine[0]["waiting_days"], 3, "sent three days ago")
    t = act(head, mine[0], "approve")
    eq(t["waiting_days"], 3, "still waiting, now on the secretariat")
    t = act(sec, t, "accept")
    eq(t["waiting_days"], None, "decided: no longer waiting")
    eq(t["submitted_by"], "cb.skhcn", "the sender stays on record")


def bulk(c, action, items, comment=None):
    body = {"action": action,
            "items": [{"id": t["id"], "version": t["version"]}
                      for t in items]}
    if comment is not None:
        body["comment"] = comment
    return c.post("tasks/bulk", body)


def test_bulk_approve_per_item_results():
    off, head = login("cb.skhcn"), login("gd.skhcn")
    good = [act(off, off.post("tasks", registration(name=f"Duyệt loạt {i}"))
                .json, "submit") for i in range(3)]
    stale = act(off, off.post("tasks", registration(name="Đã đổi")).json,
                "submit")
    stale_sent = dict(stale, version=stale["version"] - 1)
    draft = off.post("tasks", registration(name="Còn nháp")).json
    other = login("cb.snv").post("tasks", registration(name="Của SNV")).json
    other = act(login("cb.snv"), other, "submit")
    r = bulk(head, "approve", good + [stale_sent, draft, other])
    eq(r.status, 200, f"bulk {r}")
    res = r.json["items"]
    eq([i["id"] for i in res], [t["id"] for t in good] +
       [stale["id"], draft["id"], other["id"]], "one result per item, "
       "in order")
    eq([(i["ok"], i["status"]) for i in res],
       [(True, 200)] * 3 + [(False, 409), (False, 409), (False, 404)],
       "per item")
    eq([i["error"]["code"] for i in res[3:]],
       ["version_conflict", "invalid_transition", "not_found"], "codes")
    eq((r.json["done"], r.json["failed"]), (3, 3), "counts")
    for i, t in zip(res[:3], good):
        eq((i["task"]["status"], i["task"]["version"]),
           ("approved", t["version"] + 1), "the task as it is now")
        eq(audit_actions(t["id"])[-1], "approve", "audited as one approval")
    eq(off.get(f"tasks/{stale['id']}").json["status"], "submitted",
       "the stale one is untouched")
    eq(audit_actions(stale["id"])[-1], "submit", "and not audited")
    # An official has no approval right: every item 403, nothing moves.
    t = act(off, off.post("tasks", registration(name="Không quyền")).json,
            "submit")
    sql_root("DELETE FROM audit_coalesce WHERE k LIKE '%|cb.skhcn'")
    r = bulk(off, "approve", [t])
    eq([(i["ok"], i["error"]["code"]) for i in r.json["items"]],
       [(False, "forbidden")], "403 per item")
    rc, out, _ = sql_root("SELECT COUNT(*) FROM audit WHERE action = "
                          "'access_denied' AND actor = 'cb.skhcn' AND "
                          "JSON_VALUE(detail, '$.path') = '/tasks/bulk'")
    check(int(out) >= 1, "the refusal is audited like a single one")


def test_bulk_accept_and_return_need_what_one_needs():
    off, head, sec = login("cb.skhcn"), login("gd.skhcn"), login("tt.bcd")
    ts = [act(head, act(off, off.post("tasks", registration(
        name=f"Tiếp nhận loạt {i}")).json, "submit"), "approve")
        for i in range(2)]
    r = bulk(sec, "return", ts)
    eq([i["error"]["field"] for i in r.json["items"]], ["comment"] * 2,
       "a return says why, for each")
    eq([off.get(f"tasks/{t['id']}").json["status"] for t in ts],
       ["approved"] * 2, "nothing returned")
    r = bulk(sec, "accept", ts)
    eq([i["task"]["status"] for i in r.json["items"]], ["in_program"] * 2,
       "accepted")
    ts2 = [act(head, act(off, off.post("tasks", registration(
        name=f"Trả lại loạt {i}")).json, "submit"), "approve")
        for i in range(2)]
    r = bulk(sec, "return", ts2, comment="Làm rõ sản phẩm")
    eq([i["task"]["status"] for i in r.json["items"]], ["returned"] * 2,
       "returned")
    rc, out, _ = sql_root("SELECT comment FROM audit WHERE task_id = "
                          f"{ts2[0]['id']} ORDER BY id DESC LIMIT 1")
    eq(out.strip(), "Làm rõ sản phẩm", "the reason in the history")


def test_bulk_body_is_bounded_and_checked():
    head = login("gd.skhcn")
    one = [{"id": 900000001, "version": 1}]
    for body, field in (
            ({"action": "submit", "items": one}, "action"),
            ({"action": "complete", "items": one}, "action"),
            ({"action": "approve", "items": []}, "items"),
            ({"action": "approve",
              "items": [{"id": 900000000 + i, "version": 1}
                        for i in range(101)]},
             "items"),
            ({"action": "approve", "items": [{"id": 900000001}]},
             "items[0].version"),
            ({"action": "approve", "items": [{"id": 900000001, "version": 1,
                                              "x": 1}]}, "items[0].x"),
            ({"action": "approve", "items": ["1"]}, "items"),
            ({"action": "approve", "items": one * 2}, "items[1].id"),
            ({"action": "approve"}, "items"),
            ({"action": "approve", "items": one, "extra": 1}, "extra")):
        expect_error(head.post("tasks/bulk", body), 400, "validation_failed",
                     field)
    r = head.post("tasks/bulk", {"action": "approve",
                                 "items": [{"id": 900000000 + i,
                                            "version": 1}
                                           for i in range(100)]})
    eq((r.status, r.json["failed"]), (200, 100),
       "a hundred items is the bound; none of them exists")
    expect_error(head.get("tasks/bulk"), 405, "method_not_allowed")
