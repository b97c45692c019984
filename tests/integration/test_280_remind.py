# SPDX-License-Identifier: ISC
"""Reminders that chase (issue 12): `nhiemvu -R` mails each person one
Vietnamese digest through the stack's SMTP sink (python3-aiosmtpd, a
Maildir in run/check/mail/): a deadline 7 days and 1 day away, overdue
once a week, the month's report from the 25th, a submission waiting on a
head for more than 3 days, what was returned to fix (weekly) and
leadership's directions not read yet (once); never the same reminder twice,
and nothing is recorded as sent when the server is down.  POST /reminders: the
secretariat mails an agency's officials and head now."""

import datetime
import email
import email.policy
import os
import subprocess
import uuid

from lib import (RUN, TOP, Client, check, eq, expect_error, registration,
                 sql_root)

VN = datetime.timezone(datetime.timedelta(hours=7))
MAILDIR = os.path.join(RUN, "mail", "new")


def login(user):
    c = Client(SOURCE)  # noqa: F821
    c.login(user)
    return c


def remind(day, conf=None):
    return subprocess.run(
        [os.path.join(TOP, "build", "nhiemvu"), "-R", "-t", day, "-f",
         conf or os.path.join(RUN, "nhiemvu.conf")],
        capture_output=True, text=True, timeout=120)


def mails(to, tag):
    """The messages to address `to` whose text holds tag, oldest first."""
    out = []
    if not os.path.isdir(MAILDIR):
        return out
    for f in sorted(os.listdir(MAILDIR),
                    key=lambda f: os.stat(os.path.join(MAILDIR, f)).st_mtime):
        with open(os.path.join(MAILDIR, f), "rb") as fh:
            m = email.message_from_binary_file(fh, policy=email.policy.default)
        if f"<{to}>" not in str(m["To"]):
            continue
        body = m.get_body().get_content()
        if tag in body:
            out.append((str(m["Subject"]), body, m))
    return out


def today(delta=0):
    return (datetime.datetime.now(VN).date() +
            datetime.timedelta(days=delta)).isoformat()


def test_digest_deadlines_reports_never_twice():
    tag = uuid.uuid4().hex[:8]
    sec = login("tk.bcd")
    r = sec.post("tasks", {"kind": "directive", "name": f"Số hóa y tế {tag}",
                           "lead_agency": "SYT", "deadline": "2031-03-31",
                           "status": "in_program"})
    eq(r.status, 201, f"fixture {r}")
    tid = r.json["id"]
    off = "cb.syt@nghean.gov.vn"

    p = remind("2031-03-24")
    eq(p.returncode, 0, f"remind: {p.stdout} {p.stderr}")
    got = mails(off, tag)
    eq(len(got), 1, "one digest")
    subject, body, m = got[0]
    check(subject.startswith("[Nhiệm vụ BCĐ] Nhắc việc"), subject)
    check(body.startswith("Kính gửi Đặng Thị Giang,"), body[:80])
    check("Nhiệm vụ sắp đến hạn:" in body, body)
    check(f"Số hóa y tế {tag} — hạn 31/03/2031 (còn 7 ngày)" in body, body)
    check(f"/#/tasks/{tid}" in body, "a link to the task")
    check("Báo cáo tháng chưa gửi" not in body,
          "no report reminder before the 25th")
    eq(m["Content-Type"].split(";")[0], "text/plain", "plain text")
    eq(m["Auto-Submitted"], "auto-generated", "marked automatic")
    # The head of the agency gets it too, in their own digest.
    eq(len(mails("gd.syt@nghean.gov.vn", tag)), 1, "the head")
    # The same day again: nothing new.
    eq(remind("2031-03-24").returncode, 0, "again")
    eq(len(mails(off, tag)), 1, "never the same reminder twice")

    # From the 25th: the month's report; the 7-day reminder is not repeated.
    remind("2031-03-26")
    got = mails(off, tag)
    eq(len(got), 2, "the report reminder")
    body = got[-1][1]
    check("Báo cáo tháng chưa gửi:" in body and "còn 5 ngày" not in body,
          body)
    remind("2031-03-27")
    eq(len(mails(off, tag)), 2, "once a month")
    # One day left, then overdue once a week.
    remind("2031-03-30")
    got = mails(off, tag)
    check("(còn 1 ngày)" in got[-1][1], got[-1][1])
    remind("2031-04-02")
    got = mails(off, tag)
    eq(len(got), 4, "overdue")
    check(f"Số hóa y tế {tag} — hạn 31/03/2031 (đã quá 2 ngày)" in got[-1][1],
          got[-1][1])
    remind("2031-04-05")
    eq(len(mails(off, tag)), 4, "not twice in a week")
    remind("2031-04-07")
    got = mails(off, tag)
    eq(len(got), 5, "the next week")
    check("(đã quá 7 ngày)" in got[-1][1], got[-1][1])
    rc, out, _ = sql_root("SELECT COUNT(*) FROM sent_reminders WHERE "
                          f"username = 'cb.syt' AND rkey LIKE '%:{tid}:%'")
    eq(out.strip(), "5", "five reminders recorded")
    rc, out, _ = sql_root("SELECT COUNT(*) FROM audit WHERE action = "
                          "'reminder_sent' AND detail LIKE '%\"cb.syt\"%'")
    check(int(out) >= 5, "every mail audited")


def test_waiting_on_the_head_and_server_down():
    tag = uuid.uuid4().hex[:8]
    off = login("cb.syt")
    t = off.post("tasks", registration(name=f"Chờ duyệt {tag}")).json
    r = off.post(f"tasks/{t['id']}/transitions",
                 {"action": "submit", "version": t["version"]})
    eq(r.status, 200, f"submit {r}")
    head = "gd.syt@nghean.gov.vn"
    remind(today(2))
    eq(mails(head, tag), [], "not before 3 days")
    # The server down: the run fails and nothing is recorded as sent...
    conf = os.path.join(RUN, "remind-down.conf")
    with open(os.path.join(RUN, "nhiemvu.conf")) as f:
        text = f.read()
    with open(conf, "w") as f:
        f.write(text.replace("smtp_url = smtp://", "smtp_url = smtp://"
                             "127.0.0.1:9/#"))
    try:
        p = remind(today(4), conf)
        eq(p.returncode, 1, f"failed run: {p.stdout}")
        check("failed" in p.stdout, p.stdout)
    finally:
        os.unlink(conf)
    eq(mails(head, tag), [], "nothing went")
    # ... so the next run sends it.
    eq(remind(today(4)).returncode, 0, "sent")
    got = mails(head, tag)
    eq(len(got), 1, "waiting more than 3 days")
    check(f"Đăng ký nhiệm vụ: Chờ duyệt {tag}" in got[0][1], got[0][1])
    check("Đang chờ anh/chị phê duyệt:" in got[0][1], got[0][1])
    eq(mails("cb.syt@nghean.gov.vn", f"Chờ duyệt {tag}"), [],
       "not to the official")


def test_secretariat_reminds_an_agency():
    tag = uuid.uuid4().hex[:8]
    sec = login("tk.bcd")
    note = f"Đề nghị Sở Y tế khẩn trương báo cáo {tag}."
    r = sec.post("reminders", {"agency": "syt", "message": note})
    eq(r.status, 201, f"reminders {r}")
    eq((r.json["agency"], r.json["failed"]), ("SYT", 0), "agency")
    eq(sorted(r.json["recipients"]), ["cb.syt", "gd.syt"], "its people")
    got = mails("gd.syt@nghean.gov.vn", tag)
    eq(len(got), 1, "mailed")
    check(got[0][0].startswith("[Nhiệm vụ BCĐ] Tổ giúp việc nhắc"), got[0][0])
    check(note in got[0][1], got[0][1])
    rc, out, _ = sql_root("SELECT COUNT(*) FROM audit WHERE action = "
                          "'reminder_agency' AND actor = 'tk.bcd' AND "
                          "detail LIKE '%\"agency\":\"SYT\"%'")
    check(int(out) >= 2, "audited")
    expect_error(sec.post("reminders", {"agency": "KHONGCO"}), 400,
                 "validation_failed", "agency")
    expect_error(sec.post("reminders", {"agency": "SYT", "x": 1}), 400,
                 "validation_failed")
    expect_error(login("gd.syt").post("reminders", {"agency": "SYT"}), 403,
                 "forbidden")
    expect_error(login("ld.bcd").post("reminders", {"agency": "SYT"}), 403,
                 "forbidden")


def test_digest_returned_items_and_directions():
    """The same digest also chases what was returned to fix (weekly while
    it waits) and leadership's directions not yet read (once each)."""
    tag = uuid.uuid4().hex[:8]
    off, head, sec = login("cb.syt"), login("gd.syt"), login("tk.bcd")
    t = off.post("tasks", registration(name=f"Trả lại {tag}")).json
    t = off.post(f"tasks/{t['id']}/transitions",
                 {"action": "submit", "version": t["version"]}).json
    r = head.post(f"tasks/{t['id']}/transitions",
                  {"action": "return", "version": t["version"],
                   "comment": "Bổ sung sản phẩm"})
    eq(r.status, 200, f"return {r}")
    p = sec.post("tasks", {"kind": "directive", "name": f"Chỉ đạo {tag}",
                           "lead_agency": "SYT", "deadline": "2039-12-31",
                           "status": "in_program"}).json
    rep = off.post(f"tasks/{p['id']}/reports", {
        "period": today()[:7], "percent": 10, "health": "at_risk",
        "work_done": "Khảo sát", "results": "Chưa có kết quả đo được",
        "difficulties": "Thiếu người", "proposals": "",
        "next_steps": "Thuê tư vấn"}).json
    rep = off.post(f"reports/{rep['id']}/transitions",
                   {"action": "submit", "version": rep["version"]}).json
    r = head.post(f"reports/{rep['id']}/transitions",
                  {"action": "return", "version": rep["version"],
                   "comment": "Nêu rõ kết quả"})
    eq(r.status, 200, f"return report {r}")
    text = f"Đề nghị Sở Y tế hoàn thành sớm {tag}."
    r = login("ld.bcd").post(f"tasks/{p['id']}/comments", {"text": text})
    eq(r.status, 201, f"direction {r}")
    eq(r.json["action"], "direction", "a direction")

    eq(remind(today()).returncode, 0, "run")
    got = mails("cb.syt@nghean.gov.vn", tag)
    eq(len(got), 1, "one digest for all of it")
    body = got[0][1]
    d = datetime.datetime.now(VN).strftime("%d/%m/%Y")
    check("Bị trả lại, cần chỉnh sửa:" in body, body)
    check(f"Đăng ký nhiệm vụ: Trả lại {tag} (trả lại ngày {d})" in body,
          body)
    check(f"Báo cáo tháng: Chỉ đạo {tag} (trả lại ngày {d})" in body, body)
    check("Ý kiến chỉ đạo chưa đọc:" in body, body)
    check(f"Chỉ đạo {tag} (ngày {d}): «{text}»" in body, body)
    check(f"/#/tasks/{p['id']}" in body, "a link to the task")
    # The head has the returned items and the direction too, in theirs.
    hb = mails("gd.syt@nghean.gov.vn", tag)
    eq(len(hb), 1, "the head's digest")
    check(f"«{text}»" in hb[0][1] and f"Trả lại {tag}" in hb[0][1],
          hb[0][1])
    # Never twice: the same day, nothing.
    eq(remind(today()).returncode, 0, "again")
    eq(len(mails("cb.syt@nghean.gov.vn", tag)), 1, "not twice")
    # A week on: the returned items again, the direction not.
    eq(remind(today(7)).returncode, 0, "a week on")
    got = mails("cb.syt@nghean.gov.vn", tag)
    eq(len(got), 2, "weekly for what waits to be fixed")
    check(f"Đăng ký nhiệm vụ: Trả lại {tag}" in got[-1][1], got[-1][1])
    check(text not in got[-1][1], "a direction once")
    rc, out, _ = sql_root("SELECT COUNT(*) FROM sent_reminders WHERE "
                          "username = 'cb.syt' AND rkey LIKE 'direction:%' "
                          "AND rkey = CONCAT('direction:', (SELECT MAX(id) "
                          f"FROM audit WHERE task_id = {p['id']} AND "
                          "action = 'direction'))")
    eq(out.strip(), "1", "the direction's key recorded")
    # Read, and fixed: nothing more about them.
    eq(off.post(f"tasks/{p['id']}/directions/read").status, 204, "read")
    t = off.get(f"tasks/{t['id']}").json
    off.post(f"tasks/{t['id']}/transitions",
             {"action": "cancel", "version": t["version"]})
    eq(remind(today(14)).returncode, 0, "two weeks on")
    got = mails("cb.syt@nghean.gov.vn", tag)
    eq(len(got), 3, "the returned report still waits")
    check(f"Báo cáo tháng: Chỉ đạo {tag}" in got[-1][1], got[-1][1])
    check(f"Trả lại {tag}" not in got[-1][1] and text not in got[-1][1],
          "a cancelled registration and a read direction are not chased")
