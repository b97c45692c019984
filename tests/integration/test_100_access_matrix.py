# SPDX-License-Identifier: ISC
"""The access matrix: every role, as own / coordinating / unrelated agency,
against every task endpoint and action, each cell asserting the exact
status.  The expected matrix is written here by hand from the contract,
not derived from the policy code; the test prints it with what came back.

The fixture task is led by SKHCN with SNV coordinating: cb.skhcn and
gd.skhcn are its own agency, cb.snv and gd.snv a coordinating agency,
cb.cat and gd.cat unrelated.  tk.bcd is secretariat only; tt.bcd is
official of SKHCN and secretariat (the union of both)."""

from lib import Client, Fail, eq, registration

USERS = ["cb.skhcn", "cb.snv", "cb.cat", "gd.skhcn", "gd.snv", "gd.cat",
         "tk.bcd", "tt.bcd", "ld.bcd", "admin"]
LABELS = ["official own", "official coord", "official other", "head own",
          "head coord", "head other", "secretariat", "official+secr.",
          "leadership", "admin"]

# clang-format would not touch this, and neither should a reviewer's eye
# need to: one row per operation, one column per user above.
MATRIX = {
    # reading
    "GET task":                   "200 200 404 200 200 404 200 200 200 200",
    "GET history":                "200 200 404 200 200 404 200 200 200 200",
    "listed by GET /tasks":       "yes yes no  yes yes no  yes yes yes yes",
    "POST comment":               "201 201 404 201 201 404 201 201 201 201",
    # editing
    "PATCH name (draft)":         "200 403 404 200 403 404 403 200 403 403",
    "PATCH name (returned)":      "200 403 404 200 403 404 403 200 403 403",
    "PATCH name (submitted)":     "409 403 404 409 403 404 403 403 403 403",
    "PATCH name (in_program)":    "409 403 404 409 403 404 403 403 403 403",
    "PATCH deadline (in_program)": "409 403 404 409 403 404 200 200 403 403",
    "PATCH deadline (completed)": "409 403 404 409 403 404 409 409 403 403",
    # transitions, each from the state it starts from
    "submit (draft)":             "200 403 404 200 403 404 403 200 403 403",
    "submit (returned)":          "200 403 404 200 403 404 403 200 403 403",
    "submit (approved)":          "409 403 404 409 403 404 403 409 403 403",
    "withdraw (submitted)":       "200 403 404 200 403 404 403 200 403 403",
    "withdraw (approved)":        "409 403 404 409 403 404 403 409 403 403",
    "approve (submitted)":        "403 403 404 200 403 404 403 403 403 403",
    "approve (draft)":            "403 403 404 409 403 404 403 403 403 403",
    "return (submitted)":         "403 403 404 200 403 404 409 409 403 403",
    "accept (approved)":          "403 403 404 403 403 404 200 200 403 403",
    "accept (submitted)":         "403 403 404 403 403 404 409 409 403 403",
    "return (approved)":          "403 403 404 409 403 404 200 200 403 403",
    "complete (in_program)":      "403 403 404 200 403 404 200 200 403 403",
    "complete (approved)":        "403 403 404 409 403 404 409 409 403 403",
    "cancel (draft)":             "200 403 404 200 403 404 200 200 403 403",
    "cancel (in_program)":        "409 403 404 409 403 404 200 200 403 403",
    "cancel (completed)":         "409 403 404 409 403 404 409 409 403 403",
    # creating
    "create breakthrough, own agency":   "201 201 201 201 201 201 201 201 403 403",
    "create breakthrough, other agency": "403 403 403 403 403 403 201 201 403 403",
    "create directive in_program":       "403 403 403 403 403 403 201 201 403 403",
}

clients = {}


def client(user):
    if user not in clients:
        c = Client(SOURCE)  # noqa: F821
        c.login(user)
        clients[user] = c
    return clients[user]


def own_agency(user):
    return client(user).user["agency"]["code"]


# --- fixtures: a fresh task in a given state, led by SKHCN, SNV helping ---

def fresh(state):
    off, head, sec = client("cb.skhcn"), client("gd.skhcn"), client("tk.bcd")
    if state in ("in_program", "completed"):
        r = sec.post("tasks", {"kind": "directive", "name": "Ma trận quyền",
                               "lead_agency": "SKHCN",
                               "coordinating_agencies": ["SNV"],
                               "deadline": "2030-12-31",
                               "status": "in_program"})
        eq(r.status, 201, f"fixture {r}")
        t = r.json
        if state == "completed":
            t = act(sec, t, "complete")
        return t
    r = off.post("tasks", registration(name="Ma trận quyền",
                                       coordinating_agencies=["SNV"]))
    eq(r.status, 201, f"fixture {r}")
    t = r.json
    if state == "draft":
        return t
    t = act(off, t, "submit")
    if state == "submitted":
        return t
    if state == "returned":
        return act(head, t, "return", "Bổ sung")
    t = act(head, t, "approve")
    if state == "approved":
        return t
    raise ValueError(state)


def act(c, t, action, comment=None):
    body = {"action": action, "version": t["version"]}
    if comment:
        body["comment"] = comment
    r = c.post(f"tasks/{t['id']}/transitions", body)
    eq(r.status, 200, f"fixture {action}: {r}")
    return r.json


# --- the operations of the matrix -----------------------------------------

def op(name, user):
    c = client(user)
    if name == "GET task":
        return c.get(f"tasks/{fresh('draft')['id']}").status
    if name == "GET history":
        return c.get(f"tasks/{fresh('draft')['id']}/history").status
    if name == "listed by GET /tasks":
        t = fresh("draft")
        r = c.get("tasks?agency=SKHCN&limit=5")
        eq(r.status, 200, f"list as {user}")
        return "yes" if any(i["id"] == t["id"] for i in r.json["items"]) \
            else "no"
    if name == "POST comment":
        return c.post(f"tasks/{fresh('draft')['id']}/comments",
                      {"text": "Ý kiến"}).status
    if name.startswith("PATCH"):
        field = name.split()[1]
        state = name.split("(")[1].rstrip(")")
        t = fresh(state)
        body = {"version": t["version"]}
        if field == "name":
            body["name"] = "Tên mới"
        else:
            body["deadline"] = "2031-06-30"
            body["comment"] = "Gia hạn theo đề nghị"
        return c.patch(f"tasks/{t['id']}", body).status
    if name.startswith("create"):
        body = {"name": "Nhiệm vụ mới"}
        if "own agency" in name:
            body["lead_agency"] = own_agency(user) or "SKHCN"
        elif "other agency" in name:
            body["lead_agency"] = "SYT"
        else:
            body.update(kind="directive", status="in_program",
                        lead_agency="SYT", deadline="2030-12-31")
        return c.post("tasks", body).status
    action, state = name.split()[0], name.split("(")[1].rstrip(")")
    t = fresh(state)
    body = {"action": action, "version": t["version"]}
    if action in ("return", "cancel"):
        body["comment"] = "Chưa đạt"
    return c.post(f"tasks/{t['id']}/transitions", body).status


def test_access_matrix():
    width = max(len(k) for k in MATRIX)
    head = " " * width + " | " + " | ".join(f"{u:>8}" for u in USERS)
    lines = [head, " " * width + " | " +
             " | ".join(f"{lab[:8]:>8}" for lab in LABELS),
             "-" * len(head)]
    bad = []
    for name, row in MATRIX.items():
        want = row.split()
        got = []
        for user, w in zip(USERS, want):
            g = str(op(name, user))
            got.append(g if g == w else f"{g}!={w}")
            if g != w:
                bad.append(f"{name} as {user}: got {g}, want {w}")
        lines.append(f"{name:<{width}} | " +
                     " | ".join(f"{g:>8}" for g in got))
    print("\n".join("      " + ln for ln in lines))
    # The agencies made here leave the later suites' lists (dashboard,
    # ranking): retired, as nothing is ever deleted.
    adm = client("admin")
    for a in adm.get("admin/agencies").json["items"]:
        if a["active"] and a["name"].startswith(("Cơ quan thử", "Thêm ")):
            r = adm.post(f"admin/agencies/{a['code']}/retire",
                         {"version": a["version"]})
            eq(r.status, 200, f"retire {a['code']}: {r}")
    if bad:
        raise Fail("; ".join(bad))


def test_404_for_tasks_nobody_has():
    c = client("tk.bcd")
    for path in ("tasks/999999999", "tasks/999999999/history"):
        r = c.get(path)
        eq(r.status, 404, path)
    r = c.post("tasks/999999999/transitions",
               {"action": "submit", "version": 1})
    eq(r.status, 404, "transition of nothing")


# --- issue 17's routes: administration, audit search, saved filters ---
# Written by hand from docs/API.md: agencies are the admin's (the
# secretariat's too only with agencies_by_secretariat = yes, off here),
# settings the admin's, the audit search the secretariat's and admin's,
# saved filters everyone's own (another's is a 404).

ROUTES = {
    "GET /admin/agencies":          "403 403 403 403 403 403 403 403 403 200",
    "POST /admin/agencies":         "403 403 403 403 403 403 403 403 403 201",
    "PATCH /admin/agencies/X":      "403 403 403 403 403 403 403 403 403 200",
    "POST /admin/agencies/X/retire": "403 403 403 403 403 403 403 403 403 200",
    "POST /admin/agencies/X/merge": "403 403 403 403 403 403 403 403 403 200",
    "GET /admin/settings":          "403 403 403 403 403 403 403 403 403 200",
    "GET /audit (search)":          "403 403 403 403 403 403 200 200 403 200",
    "GET /exports/audit.csv":       "403 403 403 403 403 403 200 200 403 200",
    "GET /me/filters":              "200 200 200 200 200 200 200 200 200 200",
    "POST /me/filters":             "201 201 201 201 201 201 201 201 201 201",
    "PATCH /me/filters/own":        "200 200 200 200 200 200 200 200 200 200",
    "PATCH /me/filters/other's":    "404 404 404 404 404 404 404 404 404 404",
    "DELETE /me/filters/own":       "204 204 204 204 204 204 204 204 204 204",
    "DELETE /me/filters/other's":   "404 404 404 404 404 404 404 404 404 404",
    "GET /tasks?sort=-deadline":    "200 200 200 200 200 200 200 200 200 200",
}

_seq = [0]


def fresh_agency():
    """A new agency, made by the admin, for one cell."""
    import os
    _seq[0] += 1
    code = f"M{os.getpid() % 10000}X{_seq[0]}"
    r = client("admin").post("admin/agencies", {
        "code": code, "name": f"Cơ quan thử {code}", "kind": "other"})
    eq(r.status, 201, f"fixture agency {r}")
    return r.json


def fresh_filter(user):
    _seq[0] += 1
    r = client(user).post("me/filters", {"name": f"Bộ lọc {_seq[0]}",
                                         "query": "status=draft"})
    eq(r.status, 201, f"fixture filter {r}")
    return r.json


def route_op(name, user):
    c = client(user)
    if name == "GET /admin/agencies":
        return c.get("admin/agencies").status
    if name == "POST /admin/agencies":
        _seq[0] += 1
        code = f"N{_seq[0]}{USERS.index(user)}"
        return c.post("admin/agencies", {
            "code": code, "name": f"Thêm {code} {_seq[0]}",
            "kind": "other"}).status
    if name == "PATCH /admin/agencies/X":
        a = fresh_agency()
        return c.patch(f"admin/agencies/{a['code']}", {
            "version": a["version"], "name": a["name"] + " mới"}).status
    if name == "POST /admin/agencies/X/retire":
        a = fresh_agency()
        return c.post(f"admin/agencies/{a['code']}/retire",
                      {"version": a["version"]}).status
    if name == "POST /admin/agencies/X/merge":
        a, b = fresh_agency(), fresh_agency()
        return c.post(f"admin/agencies/{a['code']}/merge",
                      {"version": a["version"], "into": b["code"]}).status
    if name == "GET /admin/settings":
        return c.get("admin/settings").status
    if name == "GET /audit (search)":
        return c.get("audit?action=login&from=2000-01-01&limit=5").status
    if name == "GET /exports/audit.csv":
        return c.get("exports/audit.csv?action=login&from=2099-01-01").status
    if name == "GET /me/filters":
        return c.get("me/filters").status
    if name == "POST /me/filters":
        _seq[0] += 1
        return c.post("me/filters", {"name": f"Lọc {_seq[0]}",
                                     "query": "overdue=true"}).status
    owner = user if name.endswith("own") else \
        ("cb.cat" if user != "cb.cat" else "gd.cat")
    f = fresh_filter(owner)
    if name.startswith("PATCH"):
        return c.patch(f"me/filters/{f['id']}",
                       {"name": f["name"] + " (đổi)"}).status
    if name.startswith("DELETE"):
        return c.delete(f"me/filters/{f['id']}").status
    if name.startswith("GET /tasks"):
        return c.get("tasks?sort=-deadline&limit=5").status
    raise ValueError(name)


def test_route_matrix_issue17():
    bad, lines = [], []
    width = max(len(k) for k in ROUTES)
    for name, row in ROUTES.items():
        got = []
        for user, w in zip(USERS, row.split()):
            g = str(route_op(name, user))
            got.append(g if g == w else f"{g}!={w}")
            if g != w:
                bad.append(f"{name} as {user}: got {g}, want {w}")
        lines.append(f"{name:<{width}} | " +
                     " | ".join(f"{g:>8}" for g in got))
    print("\n".join("      " + ln for ln in lines))
    # The agencies made here leave the later suites' lists (dashboard,
    # ranking): retired, as nothing is ever deleted.
    adm = client("admin")
    for a in adm.get("admin/agencies").json["items"]:
        if a["active"] and a["name"].startswith(("Cơ quan thử", "Thêm ")):
            r = adm.post(f"admin/agencies/{a['code']}/retire",
                         {"version": a["version"]})
            eq(r.status, 200, f"retire {a['code']}: {r}")
    if bad:
        raise Fail("; ".join(bad))
