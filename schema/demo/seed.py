# SPDX-License-Identifier: ISC
"""Loads the demo tasks through nhiemvu's own API, as the secretariat
(tt.bcd): the committee's directives and the notice's 18 late tasks
(seed-tasks.csv), and the 11 specialized databases (databases.csv) as
`database` tasks in `in_program`.  Going through the API gives the seeds
the same validation, search folding and audit rows as real work.

The databases led by agencies that have demo users (Y tế, Nội vụ) also
get monthly reports for the past months, written by the agency's official
and approved by its head, so the leadership's chart has a history.

With --round (the demo, not the test stacks), the 2026 registration
round of the letter (deadline 10 January 2026) with four bodies'
breakthrough tasks, the 2026 programme approved by leadership, and a task
accepted afterwards in an amendment awaiting approval (issue 15);
round-2026.sql then dates the registrations as they arrived in January.
The communes (issue 14) then get their own registrations, accepted by
their secretariats, and a month's approved report.

Usage: seed.py BASE_URL [--round]   (e.g. http://127.0.0.1:8080)"""

import csv
import datetime
import json
import os
import sys
import urllib.request
import zoneinfo

HERE = os.path.dirname(os.path.abspath(__file__))


def call(base, method, path, body=None, cookie=None, csrf=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + "/api/v1/" + path, data=data,
                                 method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if cookie:
        req.add_header("Cookie", cookie)
    if csrf:
        req.add_header("X-CSRF-Token", csrf)
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.status, r.headers, json.loads(r.read() or b"null")


def login(base, user):
    st, hdr, body = call(base, "POST", "session",
                         {"username": user, "password": "Demo@2026"})
    return hdr["Set-Cookie"].split(";")[0], body["csrf_token"]


def past_months(n):
    """The n months before this one (province time), oldest first."""
    d = datetime.datetime.now(zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")).date()
    y, m, out = d.year, d.month, []
    for _ in range(n):
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
        out.append(f"{y:04d}-{m:02d}")
    return out[::-1]


def report_history(base, task, writer, head, step):
    (wc, wt), (hc, ht) = login(base, writer), login(base, head)
    pct = 0
    for i, period in enumerate(past_months(8)):
        pct = min(95, pct + step + 3 * (i % 3))
        st, _, r = call(base, "POST", f"tasks/{task['id']}/reports", {
            "period": period, "percent": pct,
            "health": "on_track" if pct >= 10 * (i + 1) else "delayed",
            "work_done": "Chuẩn hóa, số hóa dữ liệu theo kế hoạch tháng",
            "results": f"Đã cập nhật {pct}% hồ sơ vào cơ sở dữ liệu; cán "
                       "bộ tra cứu trực tuyến thay cho hồ sơ giấy",
            "difficulties": "Dữ liệu gốc phân tán ở nhiều đơn vị",
            "next_steps": "Tiếp tục chuẩn hóa và kết nối dữ liệu"},
            wc, wt)
        st, _, r = call(base, "POST", f"reports/{r['id']}/transitions",
                        {"action": "submit", "version": r["version"]},
                        wc, wt)
        call(base, "POST", f"reports/{r['id']}/transitions",
             {"action": "approve", "version": r["version"]}, hc, ht)


# The conclusion notice's indicators (issue 13).  Its figures are real;
# where it gives no target for 2026 the demo says so in the notes.
INDICATORS = [
    {"code": "HS-DUNG-HAN", "unit": "percent", "frequency": "quarter",
     "name": "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng và trước hạn",
     "agency": "SKHCN", "fields": ["admin_reform"],
     "baseline_value": "96.65", "baseline_period": "2024",
     "targets": ["2026-12-31=100"], "tolerance": "0.5",
     "notes": "Kết quả 2025: 98,73% (Thông báo kết luận). Mục tiêu 2026 "
              "là giả định của bản demo."},
    {"code": "HS-TRUC-TUYEN", "unit": "percent", "frequency": "quarter",
     "name": "Tỷ lệ hồ sơ thủ tục hành chính nộp trực tuyến",
     "agency": "SKHCN", "fields": ["admin_reform", "digital_transformation"],
     "baseline_value": "85.75", "baseline_period": "2025",
     "targets": ["2026-12-31=100"], "tolerance": "1",
     "notes": "Cả năm 2025: 85,75%; riêng quý IV/2025: 97,65%. Mục tiêu "
              "2026 là giả định của bản demo."},
    {"code": "CHU-KY-SO", "unit": "percent", "frequency": "quarter",
     "name": "Tỷ lệ dân số trưởng thành có chữ ký số hoặc chữ ký điện tử "
             "cá nhân", "agency": "CAT", "fields": ["project06"],
     "targets": ["2026-12-31=50"]},
    {"code": "CBCC-AI", "unit": "percent", "frequency": "quarter",
     "name": "Tỷ lệ cán bộ, công chức, viên chức sử dụng thành thạo công cụ "
             "trí tuệ nhân tạo", "agency": "SNV",
     "fields": ["digital_transformation"], "targets": ["2026-12-31=100"]},
    {"code": "CSDL-CHUYEN-NGANH", "unit": "count", "frequency": "month",
     "name": "Số cơ sở dữ liệu chuyên ngành trọng tâm được đưa vào khai "
             "thác, sử dụng", "agency": "SKHCN",
     "fields": ["digital_transformation"],
     "baseline_value": "0", "baseline_period": "2025-06",
     "targets": ["2026-03-31=11"],
     "notes": "Công văn đôn đốc: hoàn thành trước quý I năm 2026."},
]

# Approved values from the notice: (code, period, value, source).
VALUES = [
    ("HS-DUNG-HAN", "2025-Q4", "98.73", "Thông báo kết luận năm 2025"),
    ("HS-TRUC-TUYEN", "2025-Q4", "97.65",
     "Thông báo kết luận năm 2025 (riêng quý IV)"),
]


def seed_indicators(base, database_ids):
    sec = login(base, "tt.bcd")
    off, head = login(base, "cb.skhcn"), login(base, "gd.skhcn")
    ids = {}
    for ind in INDICATORS:
        body = dict(ind)
        if ind["code"] == "CSDL-CHUYEN-NGANH":
            body["tasks"] = [str(i) for i in database_ids]
        _, _, x = call(base, "POST", "indicators", body, *sec)
        ids[ind["code"]] = x["id"]
    for code, period, value, source in VALUES:
        _, _, v = call(base, "POST", f"indicators/{ids[code]}/values",
                       {"period": period, "value": value,
                        "source_note": source}, *off)
        _, _, v = call(base, "POST", f"indicator-values/{v['id']}/"
                       "transitions", {"action": "submit",
                                       "version": v["version"]}, *off)
        call(base, "POST", f"indicator-values/{v['id']}/transitions",
             {"action": "approve", "version": v["version"]}, *head)
    for c in (sec, off, head):
        call(base, "DELETE", "session", cookie=c[0], csrf=c[1])
    return len(ids)


# Issue 15: the bodies with demo users register their breakthrough task;
# round-2026.sql dates them (on time: SKHCN, SYT; late: SNV, CAT).
REGISTRATIONS = [
    ("skhcn", "Nền tảng số dùng chung cho hoạt động khoa học, công nghệ "
              "và đổi mới sáng tạo của tỉnh", ["science_technology",
                                                "innovation"]),
    ("syt", "Bệnh án điện tử tại 100% bệnh viện tuyến tỉnh",
     ["digital_transformation"]),
    ("snv", "Số hóa hồ sơ cán bộ, công chức, viên chức toàn tỉnh",
     ["digital_transformation", "admin_reform"]),
    ("cat", "Mở rộng xác thực điện tử VNeID cho các dịch vụ công của tỉnh",
     ["project06"]),
]


def act(base, who, path, action, version, comment=None):
    body = {"action": action, "version": version}
    if comment:
        body["comment"] = comment
    return call(base, "POST", path + "/transitions", body, *who)[2]


def seed_round(base):
    sec, lead = login(base, "tt.bcd"), login(base, "ld.bcd")
    call(base, "POST", "rounds", {
        "year": 2026, "opens_on": "2025-12-25", "deadline": "2026-01-10",
        "notes": "Công văn đề nghị đăng ký nhiệm vụ đột phá năm 2026"},
        *sec)
    later = None
    for code, name, fields in REGISTRATIONS:
        off, head = login(base, f"cb.{code}"), login(base, f"gd.{code}")
        _, _, t = call(base, "POST", "tasks", {
            "kind": "breakthrough", "year": 2026, "name": name,
            "fields": fields, "deadline": "2026-12-31",
            "target": "Hoàn thành và đưa vào sử dụng trong năm 2026",
            "expected_product": "Sản phẩm được nghiệm thu, đưa vào sử dụng",
            "responsible_person": "Thủ trưởng cơ quan",
            "resources": "Ngân sách tỉnh và nguồn xã hội hóa"}, *off)
        t = act(base, off, f"tasks/{t['id']}", "submit", t["version"])
        t = act(base, head, f"tasks/{t['id']}", "approve", t["version"])
        if code == "cat":
            later = t
        else:
            act(base, sec, f"tasks/{t['id']}", "accept", t["version"])
    # The programme from what was accepted, approved by leadership.
    _, _, p = call(base, "POST", "programmes", {"year": 2026}, *sec)
    p = act(base, sec, f"programmes/{p['id']}", "submit", p["version"])
    p = act(base, lead, f"programmes/{p['id']}", "approve", p["version"])
    call(base, "PATCH", f"programmes/{p['id']}", {
        "version": p["version"], "doc_number": "01-QĐ/BCĐ",
        "doc_date": "2026-01-20"}, *sec)
    # Accepted afterwards: an amendment, submitted, awaiting leadership.
    act(base, sec, f"tasks/{later['id']}", "accept", later["version"])
    _, _, m = call(base, "POST", "programmes", {"year": 2026}, *sec)
    act(base, sec, f"programmes/{m['id']}", "submit", m["version"])
    print("seed: the 2026 registration round and programme loaded")


def demo_pdf(title):
    """A one-page PDF saying title (ASCII: the built-in Helvetica)."""
    text = title.encode("ascii", "replace")
    stream = b"BT /F1 18 Tf 72 720 Td (" + text + b") Tj ET"
    objs = [b"<</Type/Catalog/Pages 2 0 R>>",
            b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]"
            b"/Resources<</Font<</F1 5 0 R>>>>/Contents 4 0 R>>",
            b"<</Length %d>>stream\n" % len(stream) + stream +
            b"\nendstream",
            b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>"]
    out, offs = b"%PDF-1.4\n", []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += b"%d 0 obj" % i + o + b"endobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offs)
    out += b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1, xref)
    return out


def demo_png():
    """A 64 x 40 bar chart in two colours, as a PNG."""
    import struct
    import zlib

    def chunk(t, d):
        return (struct.pack(">I", len(d)) + t + d +
                struct.pack(">I", zlib.crc32(t + d) & 0xffffffff))
    rows = b""
    for y in range(40):
        rows += b"\x00" + b"".join(
            (b"\x0b\x5c\x9e" if y >= 40 - (8 + (x // 8) * 4) and x % 8 < 6
             else b"\xff\xff\xff") for x in range(64))
    return (b"\x89PNG\r\n\x1a\n" +
            chunk(b"IHDR", struct.pack(">IIBBBBB", 64, 40, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def upload(base, who, path, name, data):
    """POST path/attachments as who: one multipart part named file."""
    cookie, csrf = who
    b = "nvdemo" + os.urandom(8).hex()
    body = (f'--{b}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{name}"\r\n\r\n').encode() + data + \
        f"\r\n--{b}--\r\n".encode()
    req = urllib.request.Request(f"{base}/api/v1/{path}/attachments",
                                 data=body, method="POST")
    req.add_header("Content-Type", f"multipart/form-data; boundary={b}")
    req.add_header("Cookie", cookie)
    req.add_header("X-CSRF-Token", csrf)
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read())


def seed_attachments(base, database_ids):
    """Evidence files (issue 12) on a few demo tasks: the plan and the
    architecture of two databases, uploaded by their agencies."""
    n = 0
    sec = login(base, "tt.bcd")
    for code in ("syt", "snv"):
        off = login(base, f"cb.{code}")
        for tid in database_ids:
            _, _, t = call(base, "GET", f"tasks/{tid}", cookie=sec[0])
            if t.get("lead_agency") != code.upper():
                continue
            upload(base, off, f"tasks/{tid}",
                   "Kế hoạch triển khai cơ sở dữ liệu.pdf",
                   demo_pdf(f"Ke hoach trien khai - {code.upper()}"))
            upload(base, off, f"tasks/{tid}", "Sơ đồ kiến trúc hệ thống.png",
                   demo_png())
            n += 2
            break
    return n
# Committees at two levels (issue 14): the communes' own work, registered
# by their offices, approved by the office's head and accepted by the
# commune's secretariat, with a report; Tân Kỳ has registered nothing.
COMMUNE_TASKS = [
    ("tvinh", "vhxh", "Số hóa sổ hộ tịch phường Thành Vinh giai đoạn "
     "1999-2015", ["digital_transformation", "project06"], True),
    ("tvinh", "kt", "Chợ truyền thống không dùng tiền mặt tại phường "
     "Thành Vinh", ["digital_transformation", "innovation"], False),
    ("cualo", "vhxh", "Bản đồ số điểm du lịch biển Cửa Lò",
     ["digital_transformation", "innovation"], True),
]


def seed_communes(base):
    for commune, office, name, fields, accept in COMMUNE_TASKS:
        off = login(base, f"cb.{commune}.{office}")
        head = login(base, f"tp.{commune}.{office}")
        sec = login(base, f"tk.{commune}")
        _, _, t = call(base, "POST", "tasks", {
            "kind": "breakthrough", "year": 2026, "name": name,
            "fields": fields, "deadline": "2026-12-31",
            "target": "Hoàn thành và đưa vào sử dụng trong năm 2026",
            "expected_product": "Sản phẩm được nghiệm thu, đưa vào sử dụng",
            "responsible_person": "Trưởng phòng",
            "resources": "Ngân sách xã, phường"}, *off)
        t = act(base, off, f"tasks/{t['id']}", "submit", t["version"])
        if not accept:
            continue  # waits on the office's head
        t = act(base, head, f"tasks/{t['id']}", "approve", t["version"])
        t = act(base, sec, f"tasks/{t['id']}", "accept", t["version"])
        # From the month of acceptance on (the report's rule): this one.
        period = datetime.datetime.now(
            zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")).strftime("%Y-%m")
        st, _, r = call(base, "POST", f"tasks/{t['id']}/reports", {
            "period": period, "percent": 30, "health": "on_track",
            "work_done": "Khảo sát, lập kế hoạch chi tiết",
            "results": "Hoàn thành khảo sát; người dân tra cứu trực tuyến "
                       "thay cho đến trụ sở",
            "next_steps": "Triển khai theo kế hoạch"}, *off)
        r = act(base, off, f"reports/{r['id']}", "submit", r["version"])
        act(base, head, f"reports/{r['id']}", "approve", r["version"])
    print("seed: the communes' tasks and reports loaded")


def main():
    base = sys.argv[1].rstrip("/")
    cookie, csrf = login(base, "tt.bcd")
    n = 0
    with open(os.path.join(HERE, "seed-tasks.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            task = {
                "year": int(row["year"]), "kind": row["kind"],
                "name": row["name"], "lead_agency": row["lead_agency"],
                "coordinating_agencies": [c for c in
                                          row["coordinating_agencies"]
                                          .split(";") if c],
                "deadline": row["deadline"], "status": row["status"],
                "notes": row["notes"],
            }
            call(base, "POST", "tasks", task, cookie, csrf)
            n += 1
    database_ids = []
    with open(os.path.join(HERE, "databases.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            task = {
                "year": 2025, "kind": "database", "name": row["name"],
                "lead_agency": row["lead_agency"],
                "fields": ["digital_transformation"],
                "expected_product": "Cơ sở dữ liệu chuyên ngành được đưa "
                                    "vào khai thác, sử dụng (" + row["code"]
                                    + ")",
                "deadline": row["deadline"], "status": "in_program",
                "notes": "Kế hoạch thực hiện Nghị quyết số 214/NQ-CP; "
                         "báo cáo tiến độ hằng tháng",
            }
            st, _, t = call(base, "POST", "tasks", task, cookie, csrf)
            database_ids.append(t["id"])
            n += 1
            if row["lead_agency"] in ("SYT", "SNV"):
                a = row["lead_agency"].lower()
                report_history(base, t, f"cb.{a}", f"gd.{a}",
                               {"syt": 10, "snv": 6}[a])
    call(base, "DELETE", "session", cookie=cookie, csrf=csrf)
    print(f"seed: {n} demo tasks loaded")
    print(f"seed: {seed_indicators(base, database_ids)} indicators loaded")
    print(f"seed: {seed_attachments(base, database_ids)} evidence files")
    if "--round" in sys.argv[2:]:
        seed_round(base)
        seed_communes(base)


if __name__ == "__main__":
    main()
