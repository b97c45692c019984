# SPDX-License-Identifier: ISC
"""GET /audit: the secretariat and admin read who did what, from where."""

from lib import Client, check, eq, expect_error, registration


def login(user):
    c = Client(SOURCE)  # noqa: F821
    c.login(user)
    return c


def test_who_may_read_it():
    expect_error(Client(SOURCE).get("audit"), 401,  # noqa: F821
                 "unauthenticated")
    for u in ("cb.skhcn", "gd.skhcn", "ld.bcd"):
        expect_error(login(u).get("audit"), 403, "forbidden")
    for u in ("tk.bcd", "admin", "tt.bcd"):
        eq(login(u).get("audit").status, 200, u)


def test_a_task_from_the_audit():
    off = login("cb.skhcn")
    t = off.post("tasks", registration(name="Theo dõi nhật ký")).json
    off.patch(f"tasks/{t['id']}", {"notes": "Bổ sung", "version": 1})
    off.post(f"tasks/{t['id']}/transitions", {"action": "submit",
                                              "version": 2})
    sec = login("tk.bcd")
    items = sec.get(f"audit?task_id={t['id']}").json["items"]
    eq([i["action"] for i in items], ["submit", "edit", "create"],
       "newest first")
    for i in items:
        eq((i["actor"], i["actor_name"], i["task_id"], i["client_addr"]),
           ("cb.skhcn", "Nguyễn Văn An", t["id"], SOURCE),  # noqa: F821
           "who, from where")
        eq(len(i["request_id"]), 32, "request id")
        check(i["at"].endswith("Z"), "UTC time")
    eq(items[1]["detail"], {"notes": {"from": "", "to": "Bổ sung"}},
       "what changed")
    eq((items[0]["from"], items[0]["to"]), ("draft", "submitted"), "states")


def test_logins_exports_and_pages():
    c = Client(SOURCE)  # noqa: F821
    c.post("session", {"username": "cb.syt", "password": "sai"})
    c.login("cb.syt")
    c.get("exports/tasks.csv?kind=database")
    sec = login("admin")
    items = sec.get("audit?actor=cb.syt&limit=200").json["items"]
    check(all(i["actor"] == "cb.syt" for i in items), "actor filter")
    acts = [i["action"] for i in items[:3]]
    eq(acts, ["export", "login", "login_failed"], "the latest three")
    eq(items[0]["detail"]["file"], "tasks.csv", "which export")
    eq(items[2]["detail"]["reason"], "invalid_credentials", "why refused")
    page1 = sec.get("audit?actor=cb.syt&limit=2").json
    eq(len(page1["items"]), 2, "a page")
    page2 = sec.get(f"audit?actor=cb.syt&limit=2&cursor="
                    f"{page1['next_cursor']}").json
    eq(page2["items"][0]["id"] < page1["items"][-1]["id"], True,
       "the next page continues")
    for q, f in (("limit=0", "limit"), ("task_id=x", "task_id"),
                 ("cursor=zz", "cursor"), ("actor=", "actor"),
                 ("action=LOGIN", "action")):
        expect_error(sec.get("audit?" + q), 400, "validation_failed", f)
