# SPDX-License-Identifier: ISC
"""What waits on me (issue 12): GET /todo lists, for each user, what their
roles and agency have to do, and the item goes away once done; leadership's
directions stay until read (POST /tasks/{id}/directions/read); counts match
the items; nobody sees an item on a task they may not see."""

import datetime
import uuid

from lib import Client, check, eq, expect_error, registration

VN = datetime.timezone(datetime.timedelta(hours=7))
KIND_MAX = 100  # items listed of each kind (docs/API.md)


def login(user):
    c = Client(SOURCE)  # noqa: F821
    c.login(user)
    return c


def today(delta=0):
    return (datetime.datetime.now(VN).date() +
            datetime.timedelta(days=delta)).isoformat()


def todo(c):
    r = c.get("todo")
    eq(r.status, 200, f"todo {r}")
    j = r.json
    eq(j["kind_max"], KIND_MAX, "the cap per kind")
    for k, n in j["counts"].items():
        eq(sum(1 for i in j["items"] if i["kind"] == k), min(n, KIND_MAX),
           f"listed {k}")
        eq(j["more"][k], n > KIND_MAX, f"more {k}")
    eq(j["truncated"], any(j["more"].values()), "truncated")
    eq(j["total"], sum(j["counts"].values()), "total")
    return j


def on(item, task_id):
    """True when a to-do item is about that task (indicator values are not)."""
    return bool(item["task"]) and item["task"]["id"] == task_id


def kinds_for(c, task_id):
    return sorted(i["kind"] for i in todo(c)["items"]
                  if on(i, task_id))


def test_registration_waits_on_head_then_secretariat():
    tag = uuid.uuid4().hex[:8]
    off, head, sec = login("cb.syt"), login("gd.syt"), login("tk.bcd")
    t = off.post("tasks", registration(name=f"Việc chờ {tag}")).json
    eq(kinds_for(head, t["id"]), [], "a draft waits on nobody")
    t = off.post(f"tasks/{t['id']}/transitions",
                 {"action": "submit", "version": t["version"]}).json
    eq(kinds_for(head, t["id"]), ["approve_task"], "head approves")
    eq(kinds_for(off, t["id"]), [], "the official waits")
    eq(kinds_for(login("gd.cat"), t["id"]), [], "another agency's head")
    t = head.post(f"tasks/{t['id']}/transitions",
                  {"action": "return", "version": t["version"],
                   "comment": "Bổ sung sản phẩm"}).json
    eq(kinds_for(off, t["id"]), ["fix_task"], "returned: to fix")
    eq(kinds_for(head, t["id"]), ["fix_task"], "the head too")
    t = off.post(f"tasks/{t['id']}/transitions",
                 {"action": "submit", "version": t["version"]}).json
    t = head.post(f"tasks/{t['id']}/transitions",
                  {"action": "approve", "version": t["version"]}).json
    eq(kinds_for(head, t["id"]), [], "approved")
    eq(kinds_for(sec, t["id"]), ["accept_task"], "secretariat accepts")
    item = [i for i in todo(sec)["items"] if on(i, t["id"])][0]
    check(item["since"].endswith("Z"), f"since {item}")


def test_deadlines_reports_and_directions():
    tag = uuid.uuid4().hex[:8]
    sec, off, head = login("tk.bcd"), login("cb.syt"), login("gd.syt")

    def prog(name, deadline):
        r = sec.post("tasks", {"kind": "directive", "name": f"{name} {tag}",
                               "lead_agency": "SYT", "deadline": deadline,
                               "coordinating_agencies": ["SNV"],
                               "status": "in_program"})
        eq(r.status, 201, f"fixture {r}")
        return r.json
    soon, late, far = (prog("Sắp đến hạn", today(3)),
                       prog("Quá hạn", today(-2)),
                       prog("Còn xa", today(40)))
    eq(kinds_for(off, soon["id"]), ["due_soon", "write_report"], "soon")
    eq(kinds_for(off, late["id"]), ["overdue", "write_report"], "late")
    eq(kinds_for(off, far["id"]), ["write_report"], "far")
    eq(kinds_for(login("cb.snv"), soon["id"]), [],
       "a coordinating agency does not report")
    # The month's report: once sent, it waits on the head instead.
    period = today()[:7]
    rep = off.post(f"tasks/{far['id']}/reports", {
        "period": period, "percent": 10, "health": "on_track",
        "work_done": "Khảo sát", "results": "Có kết quả",
        "next_steps": "Tiếp tục"}).json
    w = [i for i in todo(off)["items"] if on(i, far["id"])]
    eq((w[0]["kind"], w[0]["report_id"]), ("write_report", rep["id"]),
       "a draft is still to write")
    r = off.post(f"reports/{rep['id']}/transitions",
                 {"action": "submit", "version": rep["version"]})
    eq(r.status, 200, f"submit {r}")
    eq(kinds_for(off, far["id"]), [], "sent")
    items = [i for i in todo(head)["items"] if on(i, far["id"])]
    eq([(i["kind"], i["report_id"]) for i in items],
       [("approve_report", rep["id"])], "head approves the report")

    # A direction of leadership: unread by the agencies of the task until
    # they open it; not an item for its author or an unrelated agency.
    ld = login("ld.bcd")
    eq(ld.post(f"tasks/{far['id']}/comments",
               {"text": f"Đẩy nhanh tiến độ {tag}"}).status, 201, "direction")
    d = [i for i in todo(off)["items"] if i["kind"] == "direction"
         and on(i, far["id"])]
    eq(len(d), 1, "unread direction")
    eq(d[0]["text"], f"Đẩy nhanh tiến độ {tag}", "its text")
    snv = login("cb.snv")
    check(any(i["kind"] == "direction" and on(i, far["id"])
              for i in todo(snv)["items"]), "the coordinating agency too")
    eq([i for i in todo(ld)["items"] if i["kind"] == "direction"
        and on(i, far["id"])], [], "not its author's")
    eq([i for i in todo(login("cb.cat"))["items"]
        if on(i, far["id"])], [], "unrelated")
    r = off.post(f"tasks/{far['id']}/directions/read")
    eq(r.status, 204, f"read {r}")
    eq([i for i in todo(off)["items"] if i["kind"] == "direction"
        and on(i, far["id"])], [], "read")
    check(any(i["kind"] == "direction" and on(i, far["id"])
              for i in todo(snv)["items"]), "a marker per user")
    # A new direction is unread again.
    ld.post(f"tasks/{far['id']}/comments", {"text": "Báo cáo ngay"})
    eq(len([i for i in todo(off)["items"] if i["kind"] == "direction"
            and on(i, far["id"])]), 1, "new direction")
    # Marking read a task one may not see: 404, as for the task itself.
    expect_error(login("cb.cat").post(f"tasks/{far['id']}/directions/read"),
                 404, "not_found")
    expect_error(off.post("tasks/999999999/directions/read"), 404,
                 "not_found")


def test_todo_needs_a_session():
    expect_error(Client(SOURCE).get("todo"), 401,  # noqa: F821
                 "unauthenticated")


def test_each_kind_is_capped_not_the_list():
    """A head with more registrations to approve than one kind lists still
    sees the later kinds (a registration returned to the agency); each
    kind's count stays exact and says that more are waiting."""
    off, head = login("cb.cualo.vhxh"), login("tp.cualo.vhxh")
    before = todo(head)["counts"]
    tag = uuid.uuid4().hex[:6]
    made = []
    for n in range(KIND_MAX + 2):
        t = off.post("tasks", registration(name=f"Hàng đợi {tag} {n}")).json
        r = off.post(f"tasks/{t['id']}/transitions",
                     {"action": "submit", "version": t["version"]})
        eq(r.status, 200, f"submit {r}")
        made.append(r.json)
    back = made.pop()
    r = head.post(f"tasks/{back['id']}/transitions",
                  {"action": "return", "version": back["version"],
                   "comment": "Bổ sung sản phẩm dự kiến"})
    eq(r.status, 200, f"return {r}")
    j = todo(head)  # listed = min(count, cap) and "more" for every kind
    eq(j["counts"]["approve_task"], before["approve_task"] + KIND_MAX + 1,
       "every registration waiting is counted")
    eq(j["counts"]["fix_task"], before["fix_task"] + 1)
    eq(j["more"]["approve_task"], True, "more are waiting than listed")
    check(j["truncated"], "the list says it is not whole")
    check(any(on(i, back["id"]) and i["kind"] == "fix_task"
              for i in j["items"]),
          "the later kind is still listed after a full first kind")
    # The queue emptied again: the official withdraws and deletes them.
    for t in made + [r.json]:
        if t["status"] == "submitted":
            w = off.post(f"tasks/{t['id']}/transitions",
                         {"action": "withdraw", "version": t["version"]})
            eq(w.status, 200, f"withdraw {w}")
            t = w.json
        if t["status"] == "returned":
            continue  # a returned registration stays (nobody deletes it)
        eq(off.delete(f"tasks/{t['id']}?version={t['version']}").status,
           204, "delete the draft")
    eq(todo(head)["counts"]["approve_task"], before["approve_task"],
       "the queue as it was")
