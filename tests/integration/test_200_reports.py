# SPDX-License-Identifier: ISC
"""Monthly progress reports through nginx: who may write and decide them,
one per task and month, percent bounds, and how an approved report
becomes the task's progress."""

import datetime
import zoneinfo

from lib import Client, check, eq, expect_error, sql_root

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def login(user):
    c = Client(SOURCE)  # noqa: F821
    c.login(user)
    return c


def month(delta=0):
    d = datetime.datetime.now(VN).date().replace(day=1)
    y, m = d.year, d.month + delta
    while m < 1:
        y, m = y - 1, m + 12
    while m > 12:
        y, m = y + 1, m - 12
    return f"{y:04d}-{m:02d}"


def in_program(lead="SKHCN", coords=("SNV",)):
    r = login("tk.bcd").post("tasks", {
        "kind": "directive", "name": "Nhiệm vụ có báo cáo",
        "lead_agency": lead, "coordinating_agencies": list(coords),
        "deadline": "2030-12-31", "status": "in_program"})
    eq(r.status, 201, f"fixture {r}")
    return r.json


REPORT = {"percent": 40, "health": "on_track",
          "work_done": "Đã khảo sát 27 cơ quan",
          "results": "Giảm 30% thời gian xử lý hồ sơ cho người dân",
          "difficulties": "Thiếu nhân lực", "proposals": "Bổ sung kinh phí",
          "next_steps": "Triển khai thí điểm"}


def new_report(c, task, period, **kw):
    body = dict(REPORT, period=period)
    body.update(kw)
    return c.post(f"tasks/{task['id']}/reports", body)


def act(c, rep, action, comment=None, status=200):
    body = {"action": action, "version": rep["version"]}
    if comment is not None:
        body["comment"] = comment
    r = c.post(f"reports/{rep['id']}/transitions", body)
    eq(r.status, status, f"{action}: {r}")
    return r.json if status == 200 else rep


def test_workflow_and_progress():
    off, head = login("cb.skhcn"), login("gd.skhcn")
    t = in_program()
    eq("report" in off.get(f"tasks/{t['id']}").json["allowed_actions"], True,
       "the lead's official may write a report")
    eq("report" in login("cb.snv").get(f"tasks/{t['id']}")
       .json["allowed_actions"], False, "a coordinating agency may not")
    r = new_report(off, t, month(), results="")
    eq(r.status, 201, f"create {r}")
    rep = r.json
    eq(rep["last_return"], None, "never returned")
    eq((rep["status"], rep["percent"], rep["period"], rep["version"]),
       ("draft", 40, month(), 1), "new report")
    eq(rep["allowed_actions"], ["edit", "submit", "delete"],
       "the official's actions (delete: issue 17)")
    # Results come first: no report goes up without them.
    r = off.post(f"reports/{rep['id']}/transitions",
                 {"action": "submit", "version": 1})
    expect_error(r, 400, "validation_failed", "results")
    r = off.patch(f"reports/{rep['id']}", {"results": REPORT["results"],
                                           "version": 1})
    eq(r.status, 200, f"edit {r}")
    rep = act(off, r.json, "submit")
    eq(rep["status"], "submitted", "submitted")
    act(off, rep, "approve", status=403)        # officials do not decide
    act(login("gd.snv"), rep, "approve", status=403)   # nor other heads
    act(head, rep, "return", status=400)        # a return needs a reason
    rep = act(head, rep, "return", comment="Nêu số liệu cụ thể")
    eq(rep["status"], "returned", "returned")
    back = off.get(f"reports/{rep['id']}").json["last_return"]
    eq((back["by"], back["comment"]), ("Trần Thị Bình", "Nêu số liệu cụ thể"),
       "the official reads why, and from whom")
    check(back["at"].endswith("Z"), "when")
    r = off.patch(f"reports/{rep['id']}", {"percent": 45,
                                           "version": rep["version"]})
    rep = act(off, r.json, "submit")
    rep = act(head, rep, "approve")
    eq(rep["status"], "approved", "approved")
    eq(rep["allowed_actions"], [], "nothing more to do on it")
    t2 = off.get(f"tasks/{t['id']}").json
    eq(t2["progress"], {"period": month(), "percent": 45,
                        "health": "on_track"}, "the task's progress")
    # An older month approved later does not hide the newer one.
    old = new_report(off, t, month(-1), percent=20, health="delayed").json
    old = act(head, act(off, old, "submit"), "approve")
    eq(off.get(f"tasks/{t['id']}").json["progress"]["period"], month(),
       "progress stays on the latest month")
    # Approved reports are final.
    r = off.patch(f"reports/{rep['id']}", {"percent": 99,
                                           "version": rep["version"]})
    expect_error(r, 409, "invalid_transition")
    items = off.get(f"tasks/{t['id']}/reports").json["items"]
    eq([i["period"] for i in items], [month(), month(-1)], "newest first")
    # report_id holds the id of a task's child record of any kind
    # (wf.c audit_of); the action's prefix says which kind.
    rc, out, _ = sql_root(f"SELECT action FROM audit WHERE report_id = "
                          f"{rep['id']} AND action LIKE 'report\\_%' "
                          "ORDER BY id")
    eq(out.split(), ["report_create", "report_edit", "report_submit",
                     "report_return", "report_edit", "report_submit",
                     "report_approve"], "audit trail of the report")


def test_one_report_per_task_and_month():
    off = login("cb.skhcn")
    t = in_program()
    eq(new_report(off, t, month()).status, 201, "first")
    expect_error(new_report(off, t, month()), 409, "duplicate", "period")
    rep2 = new_report(off, t, month(-2)).json
    r = off.patch(f"reports/{rep2['id']}", {"period": month(),
                                            "version": rep2["version"]})
    expect_error(r, 409, "duplicate", "period")
    eq(off.get(f"reports/{rep2['id']}").json["period"], month(-2),
       "unchanged")


def test_bounds_and_validation():
    off = login("cb.skhcn")
    t = in_program()
    for body, field in (({"percent": -1}, "percent"),
                        ({"percent": 101}, "percent"),
                        ({"percent": 50.5}, "percent"),
                        ({"percent": "50"}, "percent"),
                        ({"percent": None}, "percent"),
                        ({"health": "good"}, "health"),
                        ({"period": "2026-13"}, "period"),
                        ({"period": "2026-1"}, "period"),
                        ({"period": "1999-12"}, "period"),
                        ({"period": month(1)}, "period"),
                        ({"results": "x" * 4001}, "results"),
                        ({"mood": "ok"}, "mood")):
        b = dict(REPORT, period=month())
        b.update(body)
        expect_error(off.post(f"tasks/{t['id']}/reports", b), 400,
                     "validation_failed", field)
    for p in (0, 100):
        eq(new_report(off, t, month(-3 - p // 100), percent=p).status, 201,
           f"percent {p}")


def test_who_may_write_and_see():
    t = in_program()
    for user, code in (("cb.snv", 403), ("gd.snv", 403), ("tk.bcd", 403),
                       ("ld.bcd", 403), ("admin", 403), ("cb.cat", 404)):
        r = new_report(login(user), t, month())
        eq(r.status, code, f"{user} writes a report")
    rep = new_report(login("gd.skhcn"), t, month()).json
    for user, code in (("cb.snv", 200), ("tk.bcd", 200), ("ld.bcd", 200),
                       ("admin", 200), ("cb.cat", 404), ("gd.cat", 404)):
        eq(login(user).get(f"reports/{rep['id']}").status, code,
           f"{user} reads it")
        eq(login(user).get(f"tasks/{t['id']}/reports").status, code,
           f"{user} lists them")
    # Only tasks in the programme take reports.
    draft = login("cb.skhcn").post("tasks", {"name": "Chưa vào CT"}).json
    expect_error(new_report(login("cb.skhcn"), draft, month()), 409,
                 "invalid_transition")


def test_stale_version():
    off = login("cb.skhcn")
    rep = new_report(off, in_program(), month()).json
    eq(off.patch(f"reports/{rep['id']}", {"percent": 50, "version": 1})
       .status, 200, "first edit")
    expect_error(off.patch(f"reports/{rep['id']}", {"percent": 60,
                                                    "version": 1}),
                 409, "version_conflict")
    expect_error(off.post(f"reports/{rep['id']}/transitions",
                          {"action": "submit", "version": 1}),
                 409, "version_conflict")
    eq(off.get(f"reports/{rep['id']}").json["percent"], 50, "unchanged")


def test_approval_queue_listing():
    off, head = login("cb.syt"), login("gd.syt")
    t = in_program(lead="SYT", coords=())
    rep = act(off, new_report(off, t, month()).json, "submit")
    items = head.get("reports?status=submitted&agency=SYT&limit=200") \
        .json["items"]
    mine = [i for i in items if i["id"] == rep["id"]]
    eq(len(mine), 1, "the head sees it waiting")
    eq(mine[0]["task"], {"id": t["id"], "name": t["name"],
                         "lead_agency": "SYT", "status": "in_program"},
       "with its task")
    eq(mine[0]["allowed_actions"], ["approve", "return"], "and may decide")
    check(all(i["status"] == "submitted" for i in items), "status filter")
    eq([i for i in login("cb.cat").get("reports?agency=SYT").json["items"]],
       [], "another agency sees none")
    expect_error(head.get("reports?status=done"), 400, "validation_failed",
                 "status")
