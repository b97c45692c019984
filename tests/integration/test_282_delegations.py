# SPDX-License-Identifier: ISC
"""Acting head (issue 12): a head delegates the approvals of their agency
to one of its officials for a range of dates (POST /delegations); while it
runs the official approves and returns what the head may, and the audit
and history say "on behalf of" the head; it ends by itself on its last
day; its head or the secretariat revokes it (DELETE /delegations/{id}).
The access matrix gives the exact status for every role."""

import datetime
import uuid

from lib import (Client, check, contract_headers, eq, expect_error,
                 registration, sql_root)

VN = datetime.timezone(datetime.timedelta(hours=7))

HEAD, DELEGATE = "gd.snv", "cb.snv"          # SNV: Phạm Thị Dung, Lê Văn Cường
PEER = ("cb.matkhau", "*)(uid=*)\\ pass")    # another official of SNV
OTHER_HEAD, OTHER_OFF = "gd.cat", "cb.cat"   # CAT
SEC, LEAD, ADMIN = "tk.bcd", "ld.bcd", "admin"


def login(user, password=None):
    c = Client(SOURCE)  # noqa: F821
    if password is None:
        c.login(user)
    else:
        c.login(user, password)
    return c


def today(delta=0):
    return (datetime.datetime.now(VN).date() +
            datetime.timedelta(days=delta)).isoformat()


def delegate(head, who=DELEGATE, start=0, days=3):
    return head.post("delegations", {"delegate": who, "from": today(start),
                                     "to": today(start + days - 1)})


def revoke_all():
    """No delegation of the head left running for the suites after this."""
    sql_root("UPDATE delegations SET status = 'revoked', revoked_at = "
             f"UTC_TIMESTAMP(6), revoked_by = 'test' WHERE head = '{HEAD}' "
             "AND status = 'active'")


def submitted(c, tag):
    t = c.post("tasks", registration(name=f"Ủy quyền {tag}")).json
    r = c.post(f"tasks/{t['id']}/transitions",
               {"action": "submit", "version": t["version"]})
    eq(r.status, 200, f"submit {r}")
    return r.json


def test_access_matrix():
    revoke_all()
    head, dlg, peer = login(HEAD), login(DELEGATE), login(*PEER)
    ohead, ooff = login(OTHER_HEAD), login(OTHER_OFF)
    sec, lead, adm = login(SEC), login(LEAD), login(ADMIN)
    try:
        r = delegate(head)
        eq(r.status, 201, f"create {r}")
        contract_headers(r)
        d = r.json
        eq({k: d[k] for k in ("agency", "head", "head_name", "delegate",
                              "delegate_name", "from", "to", "revoked_at",
                              "status", "phase", "running")},
           {"agency": "SNV", "head": HEAD, "head_name": "Phạm Thị Dung",
            "delegate": DELEGATE, "delegate_name": "Lê Văn Cường",
            "from": today(), "to": today(2), "revoked_at": None,
            "status": "active", "phase": "running", "running": True},
           "the delegation")
        eq(d["allowed_actions"], ["revoke"], "its head may revoke it")

        # Who may create one: a head, for their own agency's officials.
        for who, c, status, code in (
                ("the delegate, now acting", dlg, 403, "forbidden"),
                ("an official", peer, 403, "forbidden"),
                ("the secretariat", sec, 403, "forbidden"),
                ("leadership", lead, 403, "forbidden"),
                ("admin", adm, 403, "forbidden"),
                ("another agency's head", ohead, 400, "validation_failed")):
            expect_error(delegate(c, who=DELEGATE if c is not dlg
                                  else PEER[0], start=10),
                         status, code)
        # Who sees it, by id and in the list.
        for who, c, status in (("head", head, 200), ("delegate", dlg, 200),
                               ("secretariat", sec, 200),
                               ("official", peer, 404),
                               ("another head", ohead, 404),
                               ("another official", ooff, 404),
                               ("leadership", lead, 403),
                               ("admin", adm, 403)):
            r = c.get(f"delegations/{d['id']}")
            eq(r.status, status, f"GET by {who}: {r}")
            r = c.get("delegations")
            if status == 403:
                expect_error(r, 403, "forbidden")
                continue
            eq(r.status, 200, f"list by {who}")
            ids = [x["id"] for x in r.json["items"]]
            eq(d["id"] in ids, status == 200, f"{who} lists it")
        eq(dlg.get(f"delegations/{d['id']}").json["allowed_actions"], [],
           "the delegate does not revoke it")
        eq(sec.get(f"delegations/{d['id']}").json["allowed_actions"],
           ["revoke"], "the secretariat may")
        # Who may revoke it.
        for who, c, status, code in (("another head", ohead, 404, "not_found"),
                                     ("an official", peer, 404, "not_found"),
                                     ("the delegate", dlg, 403, "forbidden"),
                                     ("leadership", lead, 403, "forbidden"),
                                     ("admin", adm, 403, "forbidden")):
            expect_error(c.delete(f"delegations/{d['id']}"), status, code)
        eq(head.get(f"delegations/{d['id']}").json["status"], "active",
           "still running")
        # Its head revokes it; a second time is a state error.
        r = head.delete(f"delegations/{d['id']}")
        eq(r.status, 204, f"revoke {r}")
        g = head.get(f"delegations/{d['id']}").json
        eq((g["status"], g["phase"], g["revoked_by"], g["allowed_actions"]),
           ("revoked", "revoked", HEAD, []), "revoked")
        check(g["revoked_at"] and g["revoked_at"].endswith("Z"), g)
        expect_error(head.delete(f"delegations/{d['id']}"), 409,
                     "invalid_transition")
        # The secretariat revokes another; the history says both.
        d2 = delegate(head, start=5).json
        eq(sec.delete(f"delegations/{d2['id']}").status, 204, "secretariat")
        h = head.get(f"delegations/{d2['id']}/history").json["items"]
        eq([(i["action"], i["actor"]) for i in h],
           [("create", HEAD), ("revoke", SEC)], "history")
        rc, out, _ = sql_root(
            "SELECT action, actor FROM audit WHERE record_kind = "
            f"'delegation' AND record_id = {d2['id']} ORDER BY id")
        eq(out.split("\n")[:2], [f"delegation_create\t{HEAD}",
                                 f"delegation_revoke\t{SEC}"], "audited")
    finally:
        revoke_all()


def test_validation():
    revoke_all()
    head = login(HEAD)
    try:
        for body, field, why in (
                ({"delegate": HEAD}, "delegate", "not to themself"),
                ({"delegate": "khong.co.ai"}, "delegate", "not in directory"),
                ({"delegate": "khach"}, "delegate", "no agency"),
                ({"delegate": OTHER_OFF}, "delegate", "another agency"),
                ({"delegate": "GD.SNV "}, "delegate", "themself, any case"),
                ({"delegate": "a b"}, "delegate", "not a username"),
                ({"from": today(-1)}, "from", "not in the past"),
                ({"from": today(400), "to": today(401)}, "from", "too far"),
                ({"to": today(-1)}, "to", "ends before it starts"),
                ({"to": today(90)}, "to", "91 days"),
                ({"from": "2026-02-30"}, "from", "no such day"),
                ({"to": "10/02/2026"}, "to", "not ISO")):
            b = {"delegate": DELEGATE, "from": today(), "to": today(3)}
            b.update(body)
            e = expect_error(head.post("delegations", b), 400,
                             "validation_failed", field)
            check(e["message"][0].isupper(), f"{why}: {e['message']}")
        expect_error(head.post("delegations", {"delegate": DELEGATE,
                                               "from": today()}),
                     400, "validation_failed", "to")
        expect_error(head.post("delegations", {"delegate": DELEGATE,
                                               "from": today(), "to": today(),
                                               "head": "gd.cat"}),
                     400, "validation_failed")
        r = head.post("delegations", {"delegate": DELEGATE, "from": today(),
                                      "to": today(89)})
        eq(r.status, 201, f"90 days is the most: {r}")
        # One delegation of a head at a time.
        e = expect_error(delegate(head, start=30), 409, "duplicate", "from")
        check("thu hồi" in e["message"], e["message"])
        eq(delegate(head, start=90).status, 201, "after it: fine")
        expect_error(head.delete("delegations/99999999"), 404, "not_found")
        expect_error(head.delete(f"delegations/{r.json['id']}?version=x"),
                     400, "validation_failed", "version")
        expect_error(head.delete(f"delegations/{r.json['id']}?version=7"),
                     409, "version_conflict")
    finally:
        revoke_all()


def test_acting_head_approves_on_behalf():
    revoke_all()
    tag = uuid.uuid4().hex[:8]
    head, dlg, sec = login(HEAD), login(DELEGATE), login(SEC)
    try:
        t = submitted(dlg, tag)
        eq(t["allowed_actions"].count("approve"), 0, "not yet acting")
        expect_error(dlg.post(f"tasks/{t['id']}/transitions",
                              {"action": "approve", "version": t["version"]}),
                     403, "forbidden")
        eq(dlg.get("session").json["acting_for"], None, "no banner")
        d = delegate(head).json
        s = dlg.get("session").json
        eq(s["acting_for"], {"head": HEAD, "head_name": "Phạm Thị Dung",
                             "until": today(2)}, "acting for the head")
        eq(s["user"]["roles"], ["official"], "no directory role added")
        # What waits on the head waits on the delegate.
        td = dlg.get("todo").json
        eq(td["acting_for"], s["acting_for"], "the menu's one request says")
        check(any(i["kind"] == "approve_task" and i["task"]["id"] == t["id"]
                  for i in td["items"]), "in the delegate's to-do")
        check(td["counts"]["approve_task"] >= 1, "counted")
        g = dlg.get(f"tasks/{t['id']}").json
        check("approve" in g["allowed_actions"], g["allowed_actions"])
        r = dlg.post(f"tasks/{t['id']}/transitions",
                     {"action": "approve", "version": g["version"]})
        eq(r.status, 200, f"approve {r}")
        eq(r.json["status"], "approved", "approved")
        h = head.get(f"tasks/{t['id']}/history").json["items"]
        eq([(i["action"], i["actor"], i["on_behalf_of"],
             i["on_behalf_of_name"]) for i in h[-2:]],
           [("submit", DELEGATE, None, None),
            ("approve", DELEGATE, HEAD, "Phạm Thị Dung")],
           "the official's own act, then the head's on behalf")
        rc, out, _ = sql_root(
            "SELECT actor, on_behalf_of, on_behalf_name FROM audit WHERE "
            f"task_id = {t['id']} AND action = 'approve'")
        eq(out.strip(), f"{DELEGATE}\t{HEAD}\tPhạm Thị Dung", "audit row")
        # A return, with its reason, likewise.
        t2 = submitted(dlg, tag + "b")
        expect_error(dlg.post(f"tasks/{t2['id']}/transitions",
                              {"action": "return", "version": t2["version"]}),
                     400, "validation_failed", "comment")
        r = dlg.post(f"tasks/{t2['id']}/transitions",
                     {"action": "return", "version": t2["version"],
                      "comment": "Bổ sung mục tiêu"})
        eq((r.status, r.json["status"]), (200, "returned"), f"return {r}")
        # A monthly report: approved on behalf, its proposals raised.
        tp = sec.post("tasks", {"kind": "directive", "lead_agency": "SNV",
                                "name": f"Báo cáo ủy quyền {tag}",
                                "deadline": "2030-12-31",
                                "status": "in_program"}).json
        rep = dlg.post(f"tasks/{tp['id']}/reports", {
            "period": today()[:7], "percent": 30, "health": "on_track",
            "work_done": "Khảo sát", "results": "Giảm 20% thời gian",
            "difficulties": "Thiếu người", "proposals": "Bổ sung kinh phí",
            "next_steps": "Thí điểm"}).json
        rep = dlg.post(f"reports/{rep['id']}/transitions",
                       {"action": "submit", "version": rep["version"]}).json
        r = dlg.post(f"reports/{rep['id']}/transitions",
                     {"action": "approve", "version": rep["version"]})
        eq((r.status, r.json.get("status")), (200, "approved"), f"{r}")
        rc, out, _ = sql_root(
            "SELECT on_behalf_of FROM audit WHERE report_id = "
            f"{rep['id']} AND action = 'report_approve'")
        eq(out.strip(), HEAD, "the report's approval on behalf")
        # Nothing of another agency: its task stays out of sight.
        ot = login("cb.cat").post("tasks", registration(name=f"CAT {tag}"))
        expect_error(dlg.get(f"tasks/{ot.json['id']}"), 404, "not_found")
        # Revoked: the delegate is an official again.
        eq(head.delete(f"delegations/{d['id']}").status, 204, "revoked")
        t3 = submitted(dlg, tag + "c")
        expect_error(dlg.post(f"tasks/{t3['id']}/transitions",
                              {"action": "approve", "version": t3["version"]}),
                     403, "forbidden")
        eq(dlg.get("session").json["acting_for"], None, "no banner")
        eq(dlg.get("todo").json["acting_for"], None, "nor in the menu's")
        check(not any(i["kind"] == "approve_task"
                      for i in dlg.get("todo").json["items"]),
              "nothing to approve")
    finally:
        revoke_all()


def test_ends_by_itself():
    revoke_all()
    tag = uuid.uuid4().hex[:8]
    head, dlg = login(HEAD), login(DELEGATE)
    try:
        d = delegate(head).json
        t = submitted(dlg, tag)
        # Its range ended yesterday (the clock moved through the database).
        rc, _, err = sql_root(
            f"UPDATE delegations SET from_date = '{today(-10)}', "
            f"to_date = '{today(-1)}' WHERE id = {d['id']}")
        eq(rc, 0, err)
        g = head.get(f"delegations/{d['id']}").json
        eq((g["status"], g["phase"], g["running"], g["allowed_actions"]),
           ("active", "ended", False, []), "ended, not revoked")
        eq(dlg.get("session").json["acting_for"], None, "not acting")
        expect_error(dlg.post(f"tasks/{t['id']}/transitions",
                              {"action": "approve", "version": t["version"]}),
                     403, "forbidden")
        # A head may delegate again once the last one ended.
        d2 = delegate(head, start=2)
        eq(d2.status, 201, f"the next {d2}")
        eq(d2.json["phase"], "scheduled", "starts later")
        eq(dlg.get("session").json["acting_for"], None, "not yet")
        expect_error(dlg.post(f"tasks/{t['id']}/transitions",
                              {"action": "approve", "version": t["version"]}),
                     403, "forbidden")
        # Its first day comes: acting.
        sql_root(f"UPDATE delegations SET from_date = '{today()}' "
                 f"WHERE id = {d2.json['id']}")
        r = dlg.post(f"tasks/{t['id']}/transitions",
                     {"action": "approve", "version": t["version"]})
        eq(r.status, 200, f"acting from its first day: {r}")
    finally:
        revoke_all()


def test_audit_search_names_the_principal():
    """GET /audit and its CSV say whom an acting head stood in for."""
    revoke_all()
    tag = uuid.uuid4().hex[:8]
    head, dlg, sec = login(HEAD), login(DELEGATE), login(SEC)
    try:
        delegate(head)
        t = submitted(dlg, tag)
        r = dlg.post(f"tasks/{t['id']}/transitions",
                     {"action": "approve", "version": t["version"]})
        eq(r.status, 200, f"approve {r}")
        items = sec.get(f"audit?task_id={t['id']}&limit=10").json["items"]
        by = {i["action"]: i for i in items}
        eq((by["approve"]["actor"], by["approve"]["on_behalf_of"],
            by["approve"]["on_behalf_of_name"]),
           (DELEGATE, HEAD, "Phạm Thị Dung"), "the approval")
        eq(by["submit"]["on_behalf_of"], None, "the official's own")
        csv = sec.get(f"exports/audit.csv?task_id={t['id']}")
        eq(csv.status, 200, f"csv {csv}")
        text = csv.body.decode("utf-8-sig")
        check(text.splitlines()[0].endswith(",Thay mặt"), text[:200])
        check(any(ln.startswith(str(by["approve"]["id"]) + ",") and
                  ln.endswith(f",{HEAD}") for ln in text.splitlines()),
              text)
    finally:
        revoke_all()


def test_the_delegate_is_reminded_of_the_heads_queue():
    """The daily digest of an acting head lists what waits on the head."""
    import email
    import email.policy
    import os
    import subprocess
    from lib import RUN, TOP

    revoke_all()
    tag = uuid.uuid4().hex[:8]
    head, dlg = login(HEAD), login(DELEGATE)
    maildir = os.path.join(RUN, "mail", "new")

    def mails_to(addr):
        out = []
        for f in sorted(os.listdir(maildir)):
            with open(os.path.join(maildir, f), "rb") as fh:
                m = email.message_from_binary_file(
                    fh, policy=email.policy.default)
            body = m.get_body().get_content()
            if f"<{addr}>" in str(m["To"]) and tag in body:
                out.append(body)
        return out

    try:
        delegate(head, days=7)
        submitted(dlg, tag)
        p = subprocess.run(
            [os.path.join(TOP, "build", "nhiemvu"), "-R", "-t", today(4),
             "-f", os.path.join(RUN, "nhiemvu.conf")],
            capture_output=True, text=True, timeout=120)
        eq(p.returncode, 0, f"remind: {p.stdout} {p.stderr}")
        got = mails_to("cb.snv@nghean.gov.vn")
        eq(len(got), 1, "the delegate's digest")
        check("Đang chờ anh/chị phê duyệt:" in got[0] and
              f"Đăng ký nhiệm vụ: Ủy quyền {tag}" in got[0], got[0])
        eq(len(mails_to("gd.snv@nghean.gov.vn")), 1, "the head's too")
    finally:
        revoke_all()
