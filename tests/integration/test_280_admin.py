# SPDX-License-Identifier: ISC
"""Issue 17's administration (issue 15's bodies): agencies added,
renamed, retired and merged through the API, with what each keeps; the
effective settings without secrets; the audit search; saved filters."""

import os

from lib import RUN, Client, check, eq, expect_error

_n = [0]


def login(user):
    c = Client(SOURCE)  # noqa: F821
    c.login(user)
    return c


def code():
    _n[0] += 1
    return f"Q{os.getpid() % 100000}Z{_n[0]}"


def agency(adm, name=None, kind="department"):
    c = code()
    r = adm.post("admin/agencies", {"code": c.lower(),
                                    "name": name or f"Sở thử nghiệm {c}",
                                    "kind": kind})
    eq(r.status, 201, f"create {r}")
    eq(r.json["code"], c, "codes are upper-cased")
    return r.json


def task(sec, lead, coords=(), status="in_program"):
    r = sec.post("tasks", {"kind": "directive", "name": f"Việc của {lead}",
                           "lead_agency": lead,
                           "coordinating_agencies": list(coords),
                           "deadline": "2030-12-31", "status": status})
    eq(r.status, 201, f"task {r}")
    return r.json


def act(c, t, action, **kw):
    r = c.post(f"tasks/{t['id']}/transitions",
               {"action": action, "version": t["version"], **kw})
    eq(r.status, 200, f"{action}: {r}")
    return r.json


def test_agency_lifecycle_and_merge():
    adm, sec = login("admin"), login("tk.bcd")
    old, new = agency(adm), agency(adm)
    listed = {a["code"]: a for a in sec.get("agencies").json["items"]}
    eq((listed[old["code"]]["active"], listed[old["code"]]["name"]),
       (True, old["name"]), "a new agency is listed, active")
    expect_error(adm.post("admin/agencies", {"code": old["code"],
                                             "name": "Tên khác",
                                             "kind": "other"}),
                 409, "duplicate", "code")
    expect_error(adm.post("admin/agencies", {"code": "A B", "name": "X",
                                             "kind": "other"}),
                 400, "validation_failed", "code")
    expect_error(adm.post("admin/agencies", {"code": code(), "name": "X",
                                             "kind": "ministry"}),
                 400, "validation_failed", "kind")

    # rename: the former name is kept with the time it stopped
    r = adm.patch(f"admin/agencies/{old['code']}",
                  {"version": old["version"], "name": old["name"] + " (cũ)"})
    eq(r.status, 200, f"rename {r}")
    renamed = r.json
    eq([n["name"] for n in renamed["former_names"]], [old["name"]],
       "former names")
    check(renamed["former_names"][0]["until"], "until when")
    expect_error(adm.patch(f"admin/agencies/{old['code']}",
                           {"version": old["version"], "name": "Khác"}),
                 409, "version_conflict")
    expect_error(adm.patch(f"admin/agencies/{old['code']}",
                           {"version": renamed["version"],
                            "name": new["name"]}), 409, "duplicate", "name")
    expect_error(adm.patch("admin/agencies/NOSUCH", {"version": 1,
                                                     "name": "X"}),
                 404, "not_found")

    # tasks: open and closed, led and coordinated
    open_led = task(sec, old["code"], ["SNV"])
    closed = act(sec, task(sec, old["code"]), "complete")
    helped = task(sec, "SKHCN", [old["code"], "SNV"])
    both = task(sec, new["code"], [old["code"]])

    # retire refuses while it has open work
    old = adm.get("admin/agencies").json["items"]
    old = [a for a in old if a["code"] == renamed["code"]][0]
    eq((old["open_tasks"], old["tasks"]), (1, 2), "counts")
    expect_error(adm.post(f"admin/agencies/{old['code']}/retire",
                          {"version": old["version"]}), 409,
                 "invalid_transition")
    expect_error(adm.post(f"admin/agencies/{old['code']}/merge",
                          {"version": old["version"], "into": old["code"]}),
                 400, "validation_failed", "into")
    expect_error(adm.post(f"admin/agencies/{old['code']}/merge",
                          {"version": old["version"], "into": "NOSUCH"}),
                 400, "validation_failed", "into")

    r = adm.post(f"admin/agencies/{old['code']}/merge",
                 {"version": old["version"], "into": new["code"]})
    eq(r.status, 200, f"merge {r}")
    eq((r.json["active"], r.json["merged_into"]), (False, new["code"]),
       "merged")
    g = lambda t: sec.get(f"tasks/{t['id']}").json  # noqa: E731
    eq(g(open_led)["lead_agency"], new["code"], "open task moved")
    eq(g(open_led)["version"], open_led["version"] + 1, "and versioned")
    eq(g(closed)["lead_agency"], old["code"], "closed task keeps its body")
    eq(sorted(g(helped)["coordinating_agencies"]),
       sorted([new["code"], "SNV"]), "coordination moved")
    eq((g(both)["lead_agency"], g(both)["coordinating_agencies"]),
       (new["code"], []), "the new body does not coordinate its own task")
    listed = {a["code"]: a for a in sec.get("agencies").json["items"]}
    eq(listed[old["code"]]["name"], renamed["name"],
       "the old body keeps its name for what was written under it")

    # a retired body is chosen for nothing new
    expect_error(sec.post("tasks", {"kind": "directive", "name": "Mới",
                                    "lead_agency": old["code"],
                                    "deadline": "2030-12-31",
                                    "status": "in_program"}),
                 400, "validation_failed", "lead_agency")
    expect_error(sec.post("tasks", {"kind": "directive", "name": "Mới",
                                    "lead_agency": "SKHCN",
                                    "coordinating_agencies": [old["code"]],
                                    "deadline": "2030-12-31",
                                    "status": "in_program"}),
                 400, "validation_failed", "coordinating_agencies")
    # but the list still finds what it led
    r = sec.get(f"tasks?lead_agency={old['code']}&limit=200")
    eq([t["id"] for t in r.json["items"]], [closed["id"]], "old filter")

    # audited: the merge, and each task moved, findable by the search
    a = adm.get(f"audit?action=agency_merge&agency={old['code']}").json
    eq(len(a["items"]), 1, "one merge row")
    eq(a["items"][0]["detail"], {"agency": old["code"], "into": new["code"],
                                 "tasks_led": "1",
                                 "tasks_coordinated": "2"}, "its detail")
    a = adm.get(f"audit?record=task:{open_led['id']}"
                "&action=agency_merged").json
    eq([i["task_id"] for i in a["items"]], [open_led["id"]], "task row")
    a = adm.get(f"audit?agency={old['code']}&action=agency_edit").json
    eq(a["items"][0]["detail"]["from"], renamed["former_names"][0]["name"],
       "rename audited")

    # retire an idle one
    idle = agency(adm)
    r = adm.post(f"admin/agencies/{idle['code']}/retire",
                 {"version": idle["version"]})
    eq((r.status, r.json["active"]), (200, False), "retired")
    expect_error(adm.post(f"admin/agencies/{idle['code']}/retire",
                          {"version": r.json["version"]}), 409,
                 "invalid_transition")


def test_settings_show_no_secret():
    adm = login("admin")
    r = adm.get("admin/settings")
    eq(r.status, 200, f"settings {r}")
    items = {i["key"]: i for i in r.json["items"]}
    eq(items["db_password_file"]["value"], "(set)", "secret masked")
    eq(items["db_password_file"]["secret"], True, "marked secret")
    eq(items["listen"]["apply"], "restart", "the socket needs a restart")
    eq(items["session_idle"]["apply"], "reload", "a reload is enough")
    eq(items["agencies_by_secretariat"]["value"], "no", "the default")
    with open(os.path.join(RUN, "nhiemvu.conf")) as f:
        conf = f.read()
    for line in conf.splitlines():
        if line.startswith("db_password_file"):
            path = line.split("=", 1)[1].strip()
            with open(path) as f:
                secret = f.read().strip()
            check(secret and secret not in r.body.decode(),
                  "the database password is nowhere in the answer")


def test_audit_search_filters_and_pages():
    adm = login("admin")
    cb = login("cb.skhcn")
    t0 = cb.post("tasks", {"name": "Tra cứu nhật ký trước"}).json
    cb.post(f"tasks/{t0['id']}/comments", {"text": "Ý kiến trước"})
    t = cb.post("tasks", {"name": "Tra cứu nhật ký"}).json
    cb.post(f"tasks/{t['id']}/comments", {"text": "Một ý kiến"})
    a = adm.get(f"audit?record=task:{t['id']}").json["items"]
    eq([i["action"] for i in a], ["comment", "create"], "a task's rows")
    a = adm.get(f"audit?actor=cb.skhcn&action=comment&agency=SKHCN"
                f"&from=2000-01-01&to=2100-12-31&limit=1").json
    eq(a["items"][0]["task_id"], t["id"], "newest first")
    check(a["next_cursor"], "a next page")
    nxt = adm.get(f"audit?actor=cb.skhcn&action=comment&agency=SKHCN"
                  f"&from=2000-01-01&to=2100-12-31&limit=1"
                  f"&cursor={a['next_cursor']}").json
    eq(nxt["items"][0]["task_id"], t0["id"], "the next page is older")
    eq(adm.get("audit?from=2099-01-01").json["items"], [], "future")
    eq(adm.get(f"audit?record=task:{t['id']}&agency=CAT").json["items"],
       [], "another agency's")
    for q, field in (("from=2026-02-30", "from"), ("to=yesterday", "to"),
                     ("from=2026-02-01&to=2026-01-01", "to"),
                     ("record=task", "record"), ("record=file:1", "record"),
                     ("action=DROP%20TABLE", "action"),
                     ("agency=NOSUCH", "agency"), ("limit=201", "limit"),
                     ("page=2", "page")):
        expect_error(adm.get("audit?" + q), 400, "validation_failed", field)
    r = adm.get(f"exports/audit.csv?record=task:{t['id']}")
    eq(r.status, 200, f"csv {r}")
    lines = r.body.decode("utf-8-sig").strip().split("\r\n")
    eq(len(lines), 3, "a header and two rows")
    check(",comment," in lines[1] and ",create," in lines[2], "the rows")


def test_saved_filters():
    c = login("cb.cat")
    other = login("cb.snv")
    for f in c.get("me/filters").json["items"]:
        c.delete(f"me/filters/{f['id']}")
    r = c.post("me/filters", {"name": "Quá hạn của tôi",
                              "query": "overdue=true&sort=-deadline"})
    eq(r.status, 201, f"save {r}")
    f = r.json
    eq(f["query"], "overdue=true&sort=-deadline", "kept as given")
    eq([x["name"] for x in c.get("me/filters").json["items"]],
       ["Quá hạn của tôi"], "listed")
    check(f["id"] not in [x["id"] for x in
                          other.get("me/filters").json["items"]],
          "not another user's")
    expect_error(c.post("me/filters", {"name": "Quá hạn của tôi",
                                       "query": ""}), 409, "duplicate",
                 "name")
    for q in ("limit=5", "cursor=abc", "status=unknown", "sort=budget",
              "year=abc", "agency=NOSUCH", "q=" + "a" * 300, "x=1",
              "status=draft#x", "q=một"):
        expect_error(c.post("me/filters", {"name": "Sai " + q[:20],
                                           "query": q}),
                     400, "validation_failed", "query")
    expect_error(c.post("me/filters", {"name": "x" * 101, "query": ""}),
                 400, "validation_failed", "name")
    expect_error(c.post("me/filters", {"name": "Dài",
                                       "query": "q=" + "a" * 999}),
                 400, "validation_failed", "query")
    r = c.post("me/filters", {"name": "Mọi cơ quan",
                              "query": "agency=all&status=in_program"})
    eq(r.status, 201, f"the screen's every-agency {r}")
    r = c.patch(f"me/filters/{f['id']}", {"name": "Đổi tên"})
    eq((r.status, r.json["name"]), (200, "Đổi tên"), "renamed")
    expect_error(other.patch(f"me/filters/{f['id']}", {"name": "Của tôi"}),
                 404, "not_found")
    expect_error(other.delete(f"me/filters/{f['id']}"), 404, "not_found")
    # bounded: 50 a user
    n = len(c.get("me/filters").json["items"])
    for i in range(50 - n):
        eq(c.post("me/filters", {"name": f"Số {i}",
                                 "query": f"year={2000 + i}"}).status, 201,
           f"filter {i}")
    expect_error(c.post("me/filters", {"name": "Thứ 51", "query": ""}),
                 400, "validation_failed", "name")
    eq(c.delete(f"me/filters/{f['id']}").status, 204, "deleted")
    eq(c.post("me/filters", {"name": "Thứ 50", "query": ""}).status, 201,
       "room again")
    a = login("admin").get("audit?actor=cb.cat&action=filter_delete").json
    eq(a["items"][0]["detail"], {"filter": f["id"], "name": "Đổi tên"},
       "audited")
    for x in c.get("me/filters").json["items"]:
        eq(c.delete(f"me/filters/{x['id']}").status, 204, "clean up")
