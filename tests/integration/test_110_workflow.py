# SPDX-License-Identifier: ISC
"""One task from draft to completed through nginx, with returns and
resubmission, invalid transitions, stale and concurrent writes, a write
that fails half-way, and the dates that decide overdue and outcome."""

import concurrent.futures as cf
import datetime
import zoneinfo

from lib import Client, check, eq, expect_error, registration, sql_root

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def vn_today(delta=0):
    return (datetime.datetime.now(VN).date() +
            datetime.timedelta(days=delta)).isoformat()


def login(user):
    c = Client(SOURCE)  # noqa: F821
    c.login(user)
    return c


def step(c, t, action, comment=None, status=200):
    body = {"action": action, "version": t["version"]}
    if comment is not None:
        body["comment"] = comment
    r = c.post(f"tasks/{t['id']}/transitions", body)
    eq(r.status, status, f"{action} by {c.user['username']}: {r}")
    return r.json if status == 200 else t


def history(c, tid):
    r = c.get(f"tasks/{tid}/history")
    eq(r.status, 200, "history")
    return r.json["items"]


def test_draft_to_completed_with_returns():
    off, head, sec, lead = (login("cb.skhcn"), login("gd.skhcn"),
                            login("tt.bcd"), login("ld.bcd"))
    r = off.post("tasks", {
        "name": "Nền tảng số hóa hồ sơ khoa học và công nghệ",
        "responsible_person": "Trần Thị Bình, Giám đốc Sở",
        "coordinating_agencies": ["SNV", "stc"],
        "expected_product": "Nền tảng vận hành; 100% hồ sơ được số hóa",
        "estimated_budget": 1500000000,
        "notes": "Ưu tiên",
        "target": "Giảm 50% thời gian xử lý hồ sơ",
        "deadline": "2026-12-31",
        "fields": ["digital_transformation", "science_technology"]})
    eq(r.status, 201, f"create {r}")
    t = r.json
    eq(t["status"], "draft", "new task")
    eq(t["year"], datetime.datetime.now(VN).year, "default year")
    eq(t["lead_agency"], "SKHCN", "lead defaults to own agency")
    eq(sorted(t["coordinating_agencies"]), ["SNV", "STC"], "codes upper-cased")
    eq(t["estimated_budget"], 1500000000, "budget is an exact integer")
    eq(t["fields"], ["science_technology", "digital_transformation"],
       "fields in canonical order")
    eq((t["outcome"], t["original_deadline"], t["version"]), (None, None, 1),
       "before in_program")
    eq(t["created_by"], "cb.skhcn", "created_by")

    t = step(off, t, "submit")
    step(head, t, "return", status=400)          # a return needs a comment
    step(head, t, "return", comment="   ", status=400)
    t = step(head, t, "return", comment="Bổ sung kinh phí chi tiết")
    eq(t["status"], "returned", "returned by the head")
    r = off.patch(f"tasks/{t['id']}", {"estimated_budget": 1250000000,
                                       "version": t["version"]})
    eq(r.status, 200, f"edit after return {r}")
    t = r.json
    t = step(off, t, "submit")
    t = step(head, t, "approve")
    t = step(sec, t, "return", comment="Chưa rõ sản phẩm")
    t = step(head, t, "submit")                  # the head may resubmit
    t = step(head, t, "approve")
    t = step(sec, t, "accept")
    eq(t["status"], "in_program", "accepted")
    eq(t["original_deadline"], "2026-12-31", "original deadline at accept")
    eq(t["outcome"] in ("in_progress", "overdue"), True, "outcome in program")

    # The secretariat extends: a comment is required, and original stays.
    r = sec.patch(f"tasks/{t['id']}", {"deadline": "2027-03-31",
                                       "version": t["version"]})
    expect_error(r, 400, "validation_failed", "comment")
    r = sec.patch(f"tasks/{t['id']}", {"deadline": "2027-03-31",
                                       "comment": "Gia hạn theo Thông báo",
                                       "version": t["version"]})
    eq(r.status, 200, f"extend {r}")
    t = r.json
    eq((t["deadline"], t["original_deadline"]), ("2027-03-31", "2026-12-31"),
       "deadline extended, original kept")

    r = lead.post(f"tasks/{t['id']}/comments", {"text": "Đẩy nhanh tiến độ"})
    eq(r.status, 201, "direction")
    eq(r.json["action"], "direction", "leadership writes directions")
    r = off.post(f"tasks/{t['id']}/comments", {"text": "Đã tiếp thu"})
    eq(r.json["action"], "comment", "others write comments")

    t = step(head, t, "complete")
    eq(t["status"], "completed", "completed")
    eq(t["completed_at"], vn_today(), "completed today, province time")
    eq(t["outcome"], "done_on_time", "on time")
    eq(t["allowed_actions"], ["comment"], "only comments once final")

    items = history(off, t["id"])
    eq([i["action"] for i in items],
       ["create", "submit", "return", "edit", "submit", "approve", "return",
        "submit", "approve", "accept", "edit", "direction", "comment",
        "complete"], "history, oldest first")
    eq(items[2]["comment"], "Bổ sung kinh phí chi tiết", "return reason")
    eq((items[0]["actor"], items[0]["actor_name"]), ("cb.skhcn",
       "Nguyễn Văn An"), "who, by name")
    eq(items[11]["actor_name"], "Đỗ Văn Khánh", "the direction's author")
    eq((items[2]["from"], items[2]["to"]), ("submitted", "returned"), "states")
    eq(items[3]["changes"], {"estimated_budget": {"from": 1500000000,
                                                  "to": 1250000000}},
       "edit changes")
    eq(items[10]["changes"], {"deadline": {"from": "2026-12-31",
                                           "to": "2027-03-31"}},
       "extension changes")
    eq(items[10]["comment"], "Gia hạn theo Thông báo", "extension reason")
    check(all(i["at"].endswith("Z") for i in items), "UTC times")
    # Every history row is an audit row of the same transaction.
    rc, out, _ = sql_root(f"SELECT COUNT(*) FROM audit WHERE task_id = "
                          f"{t['id']}")
    eq(int(out), len(items), "audit rows")


def test_invalid_transitions_change_nothing():
    off, head, sec = login("cb.skhcn"), login("gd.skhcn"), login("tt.bcd")
    t = off.post("tasks", {"name": "Chuyển trạng thái sai"}).json
    for c, action in ((sec, "accept"), (head, "approve"), (head, "complete")):
        r = c.post(f"tasks/{t['id']}/transitions",
                   {"action": action, "version": t["version"]})
        expect_error(r, 409, "invalid_transition")
    for bad in ("delete", "edit", "comment", "", "SUBMIT"):
        r = off.post(f"tasks/{t['id']}/transitions",
                     {"action": bad, "version": t["version"]})
        expect_error(r, 400, "validation_failed", "action")
    r = off.post(f"tasks/{t['id']}/transitions", {"action": "submit"})
    expect_error(r, 400, "validation_failed", "version")
    t2 = off.get(f"tasks/{t['id']}").json
    eq((t2["status"], t2["version"]), ("draft", 1), "unchanged")
    eq(len(history(off, t["id"])), 1, "only the creation in history")


def test_stale_version_is_409_and_writes_nothing():
    off = login("cb.skhcn")
    t = off.post("tasks", registration(name="Phiên bản cũ")).json
    r = off.patch(f"tasks/{t['id']}", {"name": "Một", "version": 1})
    eq(r.status, 200, "first edit")
    r = off.patch(f"tasks/{t['id']}", {"name": "Hai", "version": 1})
    expect_error(r, 409, "version_conflict")
    r = off.post(f"tasks/{t['id']}/transitions",
                 {"action": "submit", "version": 1})
    expect_error(r, 409, "version_conflict")
    t2 = off.get(f"tasks/{t['id']}").json
    eq((t2["name"], t2["version"], t2["status"]), ("Một", 2, "draft"),
       "the stale writes changed nothing")


def test_concurrent_patches_exactly_one_wins():
    off = login("cb.skhcn")
    t = off.post("tasks", {"name": "Sửa đồng thời"}).json

    def edit(i):
        c = Client(SOURCE)  # noqa: F821
        c.cookies, c.csrf = dict(off.cookies), off.csrf
        return c.patch(f"tasks/{t['id']}", {"name": f"Bản {i}",
                                            "version": 1}).status

    with cf.ThreadPoolExecutor(8) as ex:
        codes = list(ex.map(edit, range(16)))
    eq(codes.count(200), 1, f"one winner: {codes}")
    eq(codes.count(409), 15, "the others conflict")
    t2 = off.get(f"tasks/{t['id']}").json
    eq(t2["version"], 2, "one new version")
    eq([i["action"] for i in history(off, t["id"])], ["create", "edit"],
       "one edit in history")


def test_concurrent_transitions_exactly_one_wins():
    off, head = login("cb.skhcn"), login("gd.skhcn")
    t = step(off, off.post("tasks", registration(name="Duyệt đồng thời")).json,
             "submit")

    def go(action):
        c = Client(SOURCE)  # noqa: F821
        c.cookies, c.csrf = dict(head.cookies), head.csrf
        body = {"action": action, "version": t["version"]}
        if action == "return":
            body["comment"] = "Không"
        return c.post(f"tasks/{t['id']}/transitions", body).status

    with cf.ThreadPoolExecutor(6) as ex:
        codes = list(ex.map(go, ["approve", "return"] * 3))
    eq(codes.count(200), 1, f"one winner: {codes}")
    eq(len(history(off, t["id"])), 3, "create, submit and one decision")


def counts():
    return tuple(sql_root(q)[1].strip() for q in (
        "SELECT COUNT(*) FROM tasks", "SELECT COUNT(*) FROM task_coordinators",
        "SELECT COUNT(*) FROM audit"))


def test_write_failing_half_way_leaves_nothing():
    off = login("cb.skhcn")
    before = counts()
    # The task row and the first coordinator are written before the
    # unknown agency fails its foreign key: all of it must roll back.
    r = off.post("tasks", {"name": "Hỏng giữa chừng",
                           "coordinating_agencies": ["SNV", "KHONGCO"]})
    e = expect_error(r, 400, "validation_failed", "coordinating_agencies")
    check("KHONGCO" in e["message"], e["message"])
    eq(counts(), before, "no task, coordinator or audit row left")

    t = off.post("tasks", {"name": "Sửa hỏng giữa chừng",
                           "coordinating_agencies": ["SNV"]}).json
    before = counts()
    r = off.patch(f"tasks/{t['id']}", {
        "name": "Đổi tên", "coordinating_agencies": ["STC", "KHONGCO"],
        "version": t["version"]})
    expect_error(r, 400, "validation_failed", "coordinating_agencies")
    eq(counts(), before, "no row changed")
    t2 = off.get(f"tasks/{t['id']}").json
    eq((t2["name"], t2["coordinating_agencies"], t2["version"]),
       (t["name"], ["SNV"], 1), "the task is as it was")


def test_noop_patch_writes_nothing():
    off = login("cb.skhcn")
    t = off.post("tasks", {"name": "Không đổi", "notes": "a"}).json
    r = off.patch(f"tasks/{t['id']}", {"name": "Không đổi", "notes": "a",
                                       "version": 1})
    eq(r.status, 200, "no-op")
    eq(r.json["version"], 1, "no new version")
    eq(len(history(off, t["id"])), 1, "no edit row")


def test_overdue_and_outcome_use_the_province_date():
    sec = login("tk.bcd")

    def directive(deadline):
        r = sec.post("tasks", {"kind": "directive", "name": "Hạn chót",
                               "lead_agency": "SYT", "deadline": deadline,
                               "status": "in_program"})
        eq(r.status, 201, f"directive {r}")
        return r.json

    t = directive(vn_today(-1))
    eq((t["overdue"], t["outcome"]), (True, "overdue"), "due yesterday")
    t = directive(vn_today())
    eq((t["overdue"], t["outcome"]), (False, "in_progress"), "due today")
    t = step(sec, t, "complete")
    eq((t["overdue"], t["outcome"]), (False, "done_on_time"),
       "completed on the day")

    # Late against the accepted deadline; an extension does not erase it.
    t = directive(vn_today(-10))
    r = sec.patch(f"tasks/{t['id']}", {"deadline": vn_today(30),
                                       "comment": "Gia hạn",
                                       "version": t["version"]})
    t = r.json
    eq((t["overdue"], t["outcome"]), (False, "in_progress"),
       "extended: no longer overdue")
    t = step(sec, t, "complete")
    eq(t["outcome"], "done_late", "done after the accepted deadline")
    eq(t["original_deadline"], vn_today(-10), "original deadline kept")

    t = directive(vn_today(-3))
    # Dropping a task from the programme needs a reason (issue 17), and a
    # blank one is none.
    for why in (None, " \u00a0\u200b"):
        r = sec.post(f"tasks/{t['id']}/transitions",
                     {"action": "cancel", "version": t["version"],
                      **({} if why is None else {"comment": why})})
        expect_error(r, 400, "validation_failed", "comment")
    eq(sec.get(f"tasks/{t['id']}").json["status"], "in_program",
       "nothing changed")
    t = step(sec, t, "cancel", "Sáp nhập vào nhiệm vụ khác")
    eq((t["overdue"], t["outcome"]), (False, None), "cancelled")
    last = history(sec, t["id"])[-1]
    eq((last["action"], last["comment"]),
       ("cancel", "Sáp nhập vào nhiệm vụ khác"), "the reason in the history")

    off = login("cb.syt")
    r = off.post("tasks", {"name": "Nháp quá hạn", "deadline": vn_today(-1)})
    eq((r.json["overdue"], r.json["outcome"]), (True, None),
       "a draft past its deadline is overdue but has no outcome")


def test_withdraw_a_submission_before_the_head_decides():
    # Issue 17: a registration sent too soon is taken back, fixed and sent
    # again; once the head has decided, it is the head's to return.
    off, head = login("cb.skhcn"), login("gd.skhcn")
    t = off.post("tasks", registration(name="Gửi vội",
                                       deadline="2030-06-30")).json
    t = step(off, t, "submit")
    check("withdraw" in t["allowed_actions"], "offered while submitted")
    t = step(off, t, "withdraw")
    eq(t["status"], "draft", "back to a draft")
    check("edit" in t["allowed_actions"], "editable again")
    r = off.patch(f"tasks/{t['id']}", {"expected_product": "Phần mềm",
                                       "version": t["version"]})
    eq(r.status, 200, f"fixed {r}")
    t = step(off, r.json, "submit")
    step(head, t, "withdraw", status=200)  # the head may take it back too
    t = step(off, off.get(f"tasks/{t['id']}").json, "submit")
    t = step(head, t, "approve")
    check("withdraw" not in t["allowed_actions"], "not after approval")
    step(off, t, "withdraw", status=409)
    acts = [h["action"] for h in history(off, t["id"])]
    eq(acts, ["create", "submit", "withdraw", "edit", "submit", "withdraw",
              "submit", "approve"], "each step in the history")


def test_delete_a_draft_made_by_mistake():
    # Issue 17: a draft registration made by mistake is deleted by its
    # lead agency; what was sent, or accepted, is cancelled instead.  The
    # history keeps what was deleted.
    off, head, other = login("cb.skhcn"), login("gd.skhcn"), login("cb.snv")
    t = off.post("tasks", {"name": "Tạo nhầm", "coordinating_agencies":
                           ["SNV"], "deadline": "2030-06-30"}).json
    check("delete" in t["allowed_actions"], "offered on a draft")
    tid, v = t["id"], t["version"]
    expect_error(off.delete(f"tasks/{tid}"), 400, "validation_failed",
                 "version")
    expect_error(other.delete(f"tasks/{tid}?version={v}"), 403, "forbidden")
    expect_error(off.delete(f"tasks/{tid}?version={v + 1}"), 409,
                 "version_conflict")
    r = off.delete(f"tasks/{tid}?version={v}")
    eq(r.status, 204, f"deleted {r}")
    expect_error(off.get(f"tasks/{tid}"), 404, "not_found")
    expect_error(off.delete(f"tasks/{tid}?version={v}"), 404, "not_found")
    rc, out, err = sql_root("SELECT action, from_status, "
                            "JSON_VALUE(detail, '$.name') FROM audit "
                            f"WHERE task_id = {tid} ORDER BY id")
    eq(rc, 0, err)
    eq(out.splitlines()[-1].split("\t"), ["delete", "draft", "Tạo nhầm"],
       "the audit row keeps what was deleted")
    # Past the draft: not deletable, whoever asks.
    t = off.post("tasks", registration(name="Đã gửi")).json
    t = step(off, t, "submit")
    check("delete" not in t["allowed_actions"], "not offered once sent")
    expect_error(off.delete(f"tasks/{t['id']}?version={t['version']}"), 409,
                 "invalid_transition")
    expect_error(head.delete(f"tasks/{t['id']}?version={t['version']}"), 409,
                 "invalid_transition")


def test_delete_a_draft_or_returned_report():
    sec, off, head = login("tk.bcd"), login("cb.skhcn"), login("gd.skhcn")
    t = sec.post("tasks", {"kind": "directive", "name": "Có báo cáo nhầm",
                           "lead_agency": "SKHCN", "status": "in_program",
                           "deadline": "2030-12-31"}).json
    r = off.post(f"tasks/{t['id']}/reports", {"period": "2026-01",
                                              "percent": 5,
                                              "health": "on_track"}).json
    check("delete" in r["allowed_actions"], "offered on a draft report")
    eq(off.delete(f"reports/{r['id']}?version={r['version']}").status, 204,
       "a draft report is deleted")
    expect_error(off.get(f"reports/{r['id']}"), 404, "not_found")
    # The month is free again; a returned report can go too.
    r = off.post(f"tasks/{t['id']}/reports", {"period": "2026-01",
                                              "percent": 5,
                                              "health": "on_track",
                                              "results": "Có"}).json
    r = off.post(f"reports/{r['id']}/transitions",
                 {"action": "submit", "version": r["version"]}).json
    expect_error(off.delete(f"reports/{r['id']}?version={r['version']}"),
                 409, "invalid_transition")
    r = head.post(f"reports/{r['id']}/transitions",
                  {"action": "return", "version": r["version"],
                   "comment": "Nhầm kỳ"}).json
    eq(off.delete(f"reports/{r['id']}?version={r['version']}").status, 204,
       "a returned report is deleted")
