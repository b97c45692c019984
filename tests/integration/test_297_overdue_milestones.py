# SPDX-License-Identifier: ISC
"""Overdue milestones and coordinating bodies' contributions in what waits
(issue 15).  An open milestone whose date has passed, on a task in the
programme, shows in GET /todo for the lead body's officials and head
(milestone_overdue, counted in the menu's total) and in the follow-up
screen's list, GET /overdue-milestones (the secretariat, leadership and
admin: every body; a head: their own).  A contribution sent waits on its
own body's head (approve_contribution); returned, on its body's officials
(fix_contribution).

The to-do list shows at most 500 items (counting all of them): the
fixtures involve CAT (Công an tỉnh), whose users have few, so that its
lists are whole; for the others the counts say that nothing was added."""

import datetime
import uuid
import zoneinfo

from lib import Client, check, eq, expect_error

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
YEAR = datetime.datetime.now(VN).year + 9
clients = {}


def client(user):
    if user not in clients:
        c = Client(SOURCE)  # noqa: F821
        c.login(user)
        clients[user] = c
    return clients[user]


def day(delta=0):
    return (datetime.datetime.now(VN).date() +
            datetime.timedelta(days=delta)).isoformat()


def todo(user, whole=True):
    r = client(user).get("todo")
    eq(r.status, 200, f"todo {r}")
    j = r.json
    eq(j["total"], sum(j["counts"].values()), "the menu's total counts all")
    if whole:
        check(not j["truncated"], f"{user}'s list is whole")
        for k, n in j["counts"].items():
            eq(n, sum(1 for i in j["items"] if i["kind"] == k),
               f"count {k}")
    return j


def items_for(user, task_id, kind):
    return [i for i in todo(user)["items"]
            if i["kind"] == kind and i["task"] and i["task"]["id"] == task_id]


def counts(users, kind):
    return {u: todo(u, whole=False)["counts"][kind] for u in users}


def task(name, lead="CAT", coords=("SNV",)):
    r = client("tk.bcd").post("tasks", {
        "kind": "directive", "name": name, "year": YEAR,
        "lead_agency": lead, "coordinating_agencies": list(coords),
        "deadline": day(300), "status": "in_program"})
    eq(r.status, 201, f"task {r}")
    return r.json


def milestone(t, name, due):
    r = client("tk.bcd").post(f"tasks/{t['id']}/milestones",
                              {"name": name, "due": due})
    eq(r.status, 201, f"milestone {r}")
    return r.json


def test_overdue_milestones_in_todo_and_follow_up():
    tag = uuid.uuid4().hex[:8]
    others = ("cb.snv", "gd.snv", "tk.bcd", "ld.bcd")
    before = counts(others, "milestone_overdue")
    t = task(f"Nhiệm vụ có mốc quá hạn {tag}")
    late = milestone(t, f"Khảo sát {tag}", day(-3))
    milestone(t, f"Dự thảo {tag}", day(5))
    done = milestone(t, f"Hội thảo {tag}", day(-1))
    r = client("cb.cat").post(f"milestones/{done['id']}/transitions",
                              {"action": "done",
                               "version": done["version"]})
    eq(r.status, 200, f"done {r}")
    for user in ("cb.cat", "gd.cat"):
        got = items_for(user, t["id"], "milestone_overdue")
        eq([(i["milestone"]["id"], i["milestone"]["name"],
             i["milestone"]["due"], i["since"]) for i in got],
           [(late["id"], late["name"], day(-3), day(-3))],
           f"{user}: the open one whose date passed")
    eq(counts(others, "milestone_overdue"), before,
       "not the lead body's officials or head: nothing added")
    # The follow-up screen's list.
    want = (late["id"], late["name"], 3, t["id"], t["name"])

    def listed(user):
        r = client(user).get("overdue-milestones")
        eq(r.status, 200, f"{user} {r}")
        j = r.json
        eq(j["today"], day(0))
        eq(j["total"], sum(len(a["milestones"]) for a in j["agencies"]))
        return j, [(m["id"], m["name"], m["days_overdue"], m["task"]["id"],
                    m["task"]["name"])
                   for a in j["agencies"] for m in a["milestones"]
                   if m["task"]["id"] == t["id"]]
    for user in ("tk.bcd", "ld.bcd", "admin", "gd.cat"):
        j, mine = listed(user)
        eq(mine, [want], f"{user} sees it")
        a = [a for a in j["agencies"] if a["code"] == "CAT"][0]
        check(a["name"] != "", "the body named")
    j, mine = listed("gd.snv")
    eq(mine, [], "another body's head sees their own only")
    check(all(a["code"] == "SNV" for a in j["agencies"]), "own body only")
    expect_error(client("cb.cat").get("overdue-milestones"), 403,
                 "forbidden")
    expect_error(client("tk.bcd").get("overdue-milestones?x=1"), 400,
                 "validation_failed", "x")
    # Done: gone from both.
    r = client("gd.cat").post(f"milestones/{late['id']}/transitions",
                              {"action": "done",
                               "version": late["version"]})
    eq(r.status, 200, f"done {r}")
    eq(items_for("cb.cat", t["id"], "milestone_overdue"), [])
    eq(listed("tk.bcd")[1], [])


def test_contributions_wait_on_their_own_body():
    tag = uuid.uuid4().hex[:8]
    t = task(f"Nhiệm vụ có phối hợp {tag}", lead="SKHCN", coords=("CAT",))
    others = ("cb.cat", "gd.skhcn", "cb.skhcn", "tk.bcd")
    before = counts(others, "approve_contribution")
    period = datetime.datetime.now(VN).strftime("%Y-%m")
    r = client("cb.cat").post(f"tasks/{t['id']}/contributions",
                              {"period": period,
                               "contribution": f"Góp ý {tag}"})
    eq(r.status, 201, f"contribution {r}")
    c = r.json
    r = client("cb.cat").post(f"contributions/{c['id']}/transitions",
                              {"action": "submit", "version": c["version"]})
    eq(r.status, 200, f"submit {r}")
    c = r.json
    got = items_for("gd.cat", t["id"], "approve_contribution")
    eq([(i["contribution_id"], i["period"]) for i in got],
       [(c["id"], period)], "its own head decides")
    eq(counts(others, "approve_contribution"), before,
       "nobody else: the lead's head neither")
    fix_before = counts(("cb.skhcn", "gd.skhcn"), "fix_contribution")
    r = client("gd.cat").post(f"contributions/{c['id']}/transitions",
                              {"action": "return", "version": c["version"],
                               "comment": "Bổ sung số liệu"})
    eq(r.status, 200, f"return {r}")
    eq(items_for("gd.cat", t["id"], "approve_contribution"), [], "decided")
    for user in ("cb.cat", "gd.cat"):
        eq([i["contribution_id"] for i in
            items_for(user, t["id"], "fix_contribution")], [c["id"]], user)
    eq(counts(("cb.skhcn", "gd.skhcn"), "fix_contribution"), fix_before,
       "not the lead body")
