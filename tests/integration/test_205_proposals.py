# SPDX-License-Identifier: ISC
"""The difficulties register (issue 13) through nginx: a report's
proposals become an item when the report is approved; the secretariat
triages (forwards with an addressee and a deadline, or closes with the
reason); the addressed agency's head answers, the secretariat for the
committee; overdue answers are listed.  The access matrix is written by
hand from those sentences.

The fixture task is led by SKHCN alone; its proposal is addressed to SNV
(once triaged): cb.skhcn and gd.skhcn raise it, cb.snv and gd.snv are
addressed, cb.cat and gd.cat see neither.  tk.bcd is secretariat only,
tt.bcd an official of SKHCN and secretariat."""

import io

import openpyxl

from lib import Client, Fail, check, eq, expect_error

USERS = ["cb.skhcn", "cb.snv", "cb.cat", "gd.skhcn", "gd.snv", "gd.cat",
         "tk.bcd", "tt.bcd", "ld.bcd", "admin"]

MATRIX = {
    "GET proposal (new)":       "200 404 404 200 404 404 200 200 200 200",
    "GET proposal (forwarded)": "200 200 404 200 200 404 200 200 200 200",
    "listed by GET /proposals": "yes yes no  yes yes no  yes yes yes yes",
    "PATCH addressee (new)":    "403 404 404 403 404 404 200 200 403 403",
    "forward (triaged)":        "403 403 404 403 403 404 200 200 403 403",
    "PATCH answer (forwarded)": "403 403 404 403 200 404 200 200 403 403",
    "answer (forwarded)":       "403 403 404 403 200 404 403 403 403 403",
    "close (forwarded)":        "403 403 404 403 403 404 200 200 403 403",
    "close (answered)":         "403 403 404 403 403 404 200 200 403 403",
}

clients = {}


def client(user):
    if user not in clients:
        c = Client(SOURCE)  # noqa: F821
        c.login(user)
        clients[user] = c
    return clients[user]


def act(c, x, action, comment=None, status=200, path="proposals"):
    b = {"action": action, "version": x["version"]}
    if comment:
        b["comment"] = comment
    r = c.post(f"{path}/{x['id']}/transitions", b)
    eq(r.status, status, f"{action}: {r}")
    return r.json


# One task for the whole module, one report a month on it from 2001-01:
# a fixture per cell would push a hundred tasks to the top of everyone's
# list.  The module runs early (beside the reports' tests) so that later
# suites' tasks, not this one with its progress bar, are the newest ones
# the browser test measures as phone cards.
fixture = {"task": None, "months": 0}


def next_period():
    if fixture["task"] is None:
        r = client("tk.bcd").post("tasks", {
            "kind": "directive", "name": "Có kiến nghị",
            "lead_agency": "SKHCN", "deadline": "2030-12-31",
            "status": "in_program"})
        eq(r.status, 201, f"task {r}")
        fixture["task"] = r.json["id"]
    m = fixture["months"]
    fixture["months"] += 1
    return fixture["task"], f"{2001 + m // 12:04d}-{m % 12 + 1:02d}"


def raised(text="Đề nghị Sở Nội vụ bổ sung biên chế cho bộ phận một cửa"):
    """A proposal as a report's approval raises it: state new."""
    sec, off, head = client("tk.bcd"), client("cb.skhcn"), client("gd.skhcn")
    task, period = next_period()
    r = off.post(f"tasks/{task}/reports", {
        "period": period, "percent": 40, "health": "on_track",
        "results": "Giảm 30% thời gian chờ", "proposals": text})
    eq(r.status, 201, f"report {r}")
    rep = act(off, r.json, "submit", path="reports")
    rep = act(head, rep, "approve", path="reports")
    items = sec.get("proposals?agency=SKHCN&status=new&limit=200")
    found = [i for i in items.json["items"] if i["report_id"] == rep["id"]]
    eq(len(found), 1, f"one item for report {rep['id']}")
    return found[0]


def triaged(addressee="SNV", due="2030-12-31"):
    x = raised()
    r = client("tk.bcd").patch(f"proposals/{x['id']}", {
        "version": x["version"], "addressed_to": addressee, "due": due})
    eq(r.status, 200, f"triage {r}")
    return r.json


def fresh(state):
    if state == "new":
        return raised()
    if state == "triaged":
        return triaged()
    x = act(client("tk.bcd"), triaged(), "forward")
    if state == "forwarded":
        return x
    r = client("gd.snv").patch(f"proposals/{x['id']}", {
        "version": x["version"], "answer": "Đã bổ sung 2 biên chế"})
    eq(r.status, 200, f"answer text {r}")
    if state == "forwarded+answer":
        return r.json
    return act(client("gd.snv"), r.json, "answer")


def op(name, user):
    c = client(user)
    state = name.split("(")[1].rstrip(")") if "(" in name else "forwarded"
    if name.startswith("GET"):
        return c.get(f"proposals/{fresh(state)['id']}").status
    if name.startswith("listed"):
        x = fresh("forwarded")
        r = c.get("proposals?limit=10")
        eq(r.status, 200, f"list as {user}")
        return "yes" if any(i["id"] == x["id"] for i in r.json["items"]) \
            else "no"
    if name.startswith("PATCH addressee"):
        x = fresh(state)
        return c.patch(f"proposals/{x['id']}", {
            "version": x["version"], "addressed_to": "SNV",
            "due": "2030-06-30"}).status
    if name.startswith("PATCH answer"):
        x = fresh(state)
        return c.patch(f"proposals/{x['id']}", {
            "version": x["version"], "answer": "Đã xử lý"}).status
    action = name.split()[0]
    x = fresh("forwarded+answer" if action == "answer" else state)
    b = {"action": action, "version": x["version"],
         "comment": "Trùng với kiến nghị đã trả lời"}
    return c.post(f"proposals/{x['id']}/transitions", b).status


def test_access_matrix():
    width = max(len(k) for k in MATRIX)
    lines = [" " * width + " | " + " | ".join(f"{u:>8}" for u in USERS)]
    bad = []
    for name, row in MATRIX.items():
        got = []
        for user, w in zip(USERS, row.split()):
            g = str(op(name, user))
            got.append(g if g == w else f"{g}!={w}")
            if g != w:
                bad.append(f"{name} as {user}: got {g}, want {w}")
        lines.append(f"{name:<{width}} | " +
                     " | ".join(f"{g:>8}" for g in got))
    print("\n".join("      " + ln for ln in lines))
    if bad:
        raise Fail("; ".join(bad))


def test_from_a_report_to_an_answer():
    sec, head = client("tk.bcd"), client("gd.snv")
    x = raised("Đề nghị bố trí kinh phí số hóa hồ sơ")
    eq((x["status"], x["agency"], x["addressed_to"], x["due"]),
       ("new", "SKHCN", "", None))
    eq(x["created_by"], "gd.skhcn")
    eq(x["text"], "Đề nghị bố trí kinh phí số hóa hồ sơ")
    # Forwarding needs an addressee and a deadline.
    r = sec.post(f"proposals/{x['id']}/transitions",
                 {"action": "forward", "version": x["version"]})
    expect_error(r, 400, "validation_failed", "addressed_to")
    for body, field in (({"addressed_to": "KHONGCO"}, "addressed_to"),
                        ({"due": "2026-02-30"}, "due"),
                        ({"due": "30/06/2026"}, "due")):
        body["version"] = x["version"]
        expect_error(sec.patch(f"proposals/{x['id']}", body), 400,
                     "validation_failed", field)
    # A deadline already past: the answer is overdue once forwarded.
    r = sec.patch(f"proposals/{x['id']}", {
        "version": x["version"], "addressed_to": "snv", "due": "2026-01-15"})
    eq(r.status, 200, f"triage {r}")
    eq(r.json["addressed_to"], "SNV")
    x = act(sec, r.json, "forward")
    eq((x["status"], x["overdue"]), ("forwarded", True))
    overdue = sec.get("proposals?overdue=1&limit=200").json["items"]
    check(any(i["id"] == x["id"] for i in overdue), "listed as overdue")
    addressed = head.get("proposals?addressed_to=SNV&status=forwarded"
                         "&limit=200").json["items"]
    check(any(i["id"] == x["id"] and i["task"]["lead_agency"] == "SKHCN"
              for i in addressed), "the addressed head's to-do")
    eq(head.get(f"proposals/{x['id']}").json["allowed_actions"],
       ["edit", "answer"])
    # The answer is written, then given; it names who gave it.
    r = head.post(f"proposals/{x['id']}/transitions",
                  {"action": "answer", "version": x["version"]})
    expect_error(r, 400, "validation_failed", "answer")
    r = head.patch(f"proposals/{x['id']}", {
        "version": x["version"], "answer": "Sở Tài chính đã bố trí 2 tỷ đồng"})
    eq(r.status, 200, f"answer text {r}")
    x = act(head, r.json, "answer")
    eq((x["status"], x["answered_by"], x["overdue"]),
       ("answered", "Phạm Thị Dung", False))
    check(x["answered_at"] is not None, "answered_at")
    overdue = sec.get("proposals?overdue=1&limit=200").json["items"]
    check(all(i["id"] != x["id"] for i in overdue), "no longer overdue")
    x = act(sec, x, "close", "Đã giải quyết xong")
    h = sec.get(f"proposals/{x['id']}/history").json["items"]
    eq([i["action"] for i in h],
       ["create", "edit", "forward", "edit", "answer", "close"])
    eq(h[1]["changes"]["addressed_to"], {"from": "", "to": "SNV"})
    eq(h[5]["comment"], "Đã giải quyết xong")


def test_the_committee_answers_through_the_secretariat():
    sec = client("tk.bcd")
    x = triaged("bcd", "2030-12-31")
    eq(x["addressed_to"], "BCD")
    x = act(sec, x, "forward")
    r = sec.patch(f"proposals/{x['id']}", {
        "version": x["version"], "answer": "Ban Chỉ đạo đồng ý chủ trương"})
    eq(r.status, 200, f"answer text {r}")
    x = act(sec, r.json, "answer")
    eq((x["status"], x["answered_by"]), ("answered", "tk.bcd"))


def test_no_item_without_proposals_and_closing_a_duplicate():
    sec, off, head = client("tk.bcd"), client("cb.skhcn"), client("gd.skhcn")
    task, period = next_period()
    r = off.post(f"tasks/{task}/reports", {
        "period": period, "percent": 10, "health": "on_track",
        "results": "Đúng tiến độ", "proposals": "  "})
    eq(r.status, 201, f"report {r}")
    rep = act(head, act(off, r.json, "submit", path="reports"), "approve",
              path="reports")
    items = sec.get("proposals?agency=SKHCN&limit=200").json["items"]
    check(all(i["report_id"] != rep["id"] for i in items),
          "a blank proposal raises nothing")
    x = raised()
    r = sec.post(f"proposals/{x['id']}/transitions",
                 {"action": "close", "version": x["version"]})
    expect_error(r, 400, "validation_failed", "comment")
    x = act(sec, x, "close", "Trùng kiến nghị đã chuyển")
    eq(x["allowed_actions"], [])
    expect_error(sec.get("proposals?status=open"), 400,
                 "validation_failed", "status")
    expect_error(sec.get("proposals?overdue=yes"), 400,
                 "validation_failed", "overdue")
    eq(sec.get("proposals/999999999").status, 404)


def test_the_committees_sheet():
    sec, snv = client("tk.bcd"), client("gd.snv")
    x = triaged("SNV", "2026-01-15")
    x = act(sec, x, "forward")
    r = sec.get("exports/proposals.xlsx?overdue=1")
    eq(r.status, 200, f"export {r.status} {r.body[:200]!r}")
    check(r.header("Content-Type").startswith(
        "application/vnd.openxmlformats"), "an xlsx")
    ws = openpyxl.load_workbook(io.BytesIO(r.body)).active
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    header = next(i for i, row in enumerate(rows) if row[0] == "STT")
    eq(rows[header][4], "Nội dung kiến nghị")
    ours = [row for row in rows[header + 1:] if row[4] == x["text"]
            and row[5] == "Sở Nội vụ" and row[7] == "Đã chuyển"]
    check(len(ours) >= 1, f"the forwarded proposal in the sheet: {rows[-1]}")
    eq(ours[-1][10], "Quá hạn")
    eq(ours[-1][2], "Sở Khoa học và Công nghệ")
    check(all(row[10] == "Quá hạn" for row in rows[header + 1:]),
          "only overdue rows")
    # Only what the caller may see; the export is audited.
    rows_snv = [[c.value for c in row] for row in openpyxl.load_workbook(
        io.BytesIO(snv.get("exports/proposals.xlsx").body)).active.iter_rows()]
    check(any(row[4] == x["text"] for row in rows_snv), "addressed agency")
    cat = client("gd.cat").get("exports/proposals.xlsx")
    rows_cat = [[c.value for c in row] for row in openpyxl.load_workbook(
        io.BytesIO(cat.body)).active.iter_rows()]
    check(all(row[4] != x["text"] for row in rows_cat), "not another's")
    expect_error(sec.get("exports/proposals.xlsx?overdue=2"), 400,
                 "validation_failed", "overdue")


def test_overdue_answers_on_the_dashboard():
    sec = client("tk.bcd")
    x = act(sec, triaged("SNV", "2026-01-15"), "forward")
    y = act(sec, triaged("SNV", "2099-12-31"), "forward")
    for user, sees in (("ld.bcd", True), ("gd.snv", True),
                       ("gd.skhcn", True), ("gd.cat", False)):
        d = client(user).get("dashboard").json["proposals"]
        ids = [i["id"] for i in d["overdue_items"]]
        eq(x["id"] in ids, sees, f"overdue item as {user}")
        check(y["id"] not in ids, f"not yet due as {user}")
        eq(d["overdue"], len(d["overdue_items"]), f"count as {user}")
        check(d["open"] >= d["overdue"], "open counts the overdue")
