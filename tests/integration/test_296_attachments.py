# SPDX-License-Identifier: ISC
"""Evidence files (issue 12) through nginx: uploads judged by content
(libmagic), not by name; the size limit; a coordinating agency downloads,
an unrelated one gets the task's 404; the download's headers (RFC 6266
filename*, nosniff, the judged type); a Vietnamese name round-trips; an
upload cut off mid-stream leaves no row and no chunk; soft deletes audited;
and the access matrix, written by hand from the issue: the lead agency
uploads to what it is writing or carrying out, the secretariat to anything;
the uploader deletes while the thing is a draft, the secretariat always;
whoever sees the task reads its files.

Fixtures: tasks led by SKHCN with SNV coordinating (as in test_100)."""

import datetime
import hashlib
import socket
import uuid
import zoneinfo

from evidence_files import FILES
from lib import (BASE, Client, Fail, check, contract_headers, eq,
                 expect_error, sql_root)

USERS = ["cb.skhcn", "cb.snv", "cb.cat", "gd.skhcn", "gd.snv", "gd.cat",
         "tk.bcd", "tt.bcd", "ld.bcd", "admin"]

MATRIX = {
    "GET list (task)":           "200 200 404 200 200 404 200 200 200 200",
    "GET file":                  "200 200 404 200 200 404 200 200 200 200",
    "POST task (draft)":         "201 403 404 201 403 404 201 201 403 403",
    "POST task (in_program)":    "201 403 404 201 403 404 201 201 403 403",
    "POST task (completed)":     "409 403 404 409 403 404 201 201 403 403",
    "POST report (draft)":       "201 403 404 201 403 404 201 201 403 403",
    "POST report (submitted)":   "409 403 404 409 403 404 201 201 403 403",
    "POST milestone (open)":     "201 403 404 201 403 404 201 201 403 403",
    "DELETE own (draft)":        "204 403 404 403 403 404 204 204 403 403",
    "DELETE own (in_program)":   "409 403 404 403 403 404 204 204 403 403",
}

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
YEAR = datetime.datetime.now(VN).year + 9
clients = {}


def client(user):
    if user not in clients:
        c = Client(SOURCE)  # noqa: F821
        c.login(user)
        clients[user] = c
    return clients[user]


def multipart(name, data, field="file", boundary=None):
    b = boundary or "nv" + uuid.uuid4().hex
    # As browsers write it (the HTML standard): a double quote as %22.
    name = name.replace('"', "%22")
    head = (f'--{b}\r\nContent-Disposition: form-data; name="{field}"; '
            f'filename="{name}"\r\nContent-Type: application/octet-stream'
            '\r\n\r\n').encode("utf-8")
    return head + data + f"\r\n--{b}--\r\n".encode(), b


def upload(c, path, name, data):
    body, b = multipart(name, data)
    return c.post(path, raw=body,
                  content_type=f"multipart/form-data; boundary={b}")


def task(status="in_program"):
    if status == "draft":
        r = client("cb.skhcn").post("tasks", {
            "name": "Nhiệm vụ có hồ sơ minh chứng", "year": YEAR,
            "coordinating_agencies": ["SNV"]})
        eq(r.status, 201, f"draft {r}")
        return r.json
    r = client("tk.bcd").post("tasks", {
        "kind": "directive", "name": "Nhiệm vụ có hồ sơ minh chứng",
        "year": YEAR, "lead_agency": "SKHCN",
        "coordinating_agencies": ["SNV"], "deadline": f"{YEAR}-12-31",
        "status": "in_program"})
    eq(r.status, 201, f"task {r}")
    t = r.json
    if status == "completed":
        r = client("tk.bcd").post(f"tasks/{t['id']}/transitions",
                                  {"action": "complete",
                                   "version": t["version"]})
        eq(r.status, 200, f"complete {r}")
        t = r.json
    return t


def report(status="draft"):
    t = task()
    month = datetime.datetime.now(VN).strftime("%Y-%m")
    r = client("cb.skhcn").post(f"tasks/{t['id']}/reports", {
        "period": month, "percent": 40, "health": "on_track",
        "work_done": "Đã khảo sát", "results": "Giảm 30% thời gian",
        "difficulties": "Thiếu nhân lực", "proposals": "Bổ sung kinh phí",
        "next_steps": "Thí điểm"})
    eq(r.status, 201, f"report {r}")
    rep = r.json
    if status == "submitted":
        r = client("cb.skhcn").post(f"reports/{rep['id']}/transitions",
                                    {"action": "submit",
                                     "version": rep["version"]})
        eq(r.status, 200, f"submit {r}")
        rep = r.json
    return rep


def milestone():
    t = task()
    due = (datetime.datetime.now(VN).date() +
           datetime.timedelta(days=30)).isoformat()
    r = client("tk.bcd").post(f"tasks/{t['id']}/milestones",
                              {"name": "Khảo sát hiện trạng", "due": due})
    eq(r.status, 201, f"milestone {r}")
    return r.json


def attached(status="in_program", user="cb.skhcn"):
    t = task(status)
    r = upload(client(user), f"tasks/{t['id']}/attachments", "qd.pdf",
               FILES["a.pdf"]())
    eq(r.status, 201, f"fixture upload {r}")
    return r.json


def op(name, user):
    c = client(user)
    pdf = FILES["a.pdf"]()
    if name == "GET list (task)":
        return c.get(f"tasks/{task()['id']}/attachments").status
    if name == "GET file":
        return c.get(f"attachments/{attached()['id']}").status
    state = name.split("(")[1].rstrip(")")
    if name.startswith("POST task"):
        path = f"tasks/{task(state)['id']}/attachments"
    elif name.startswith("POST report"):
        path = f"reports/{report(state)['id']}/attachments"
    elif name.startswith("POST milestone"):
        path = f"milestones/{milestone()['id']}/attachments"
    else:
        return c.delete(f"attachments/{attached(state)['id']}").status
    return upload(c, path, "minh-chung.pdf", pdf).status


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
                bad.append(f"{name} / {user}: {g}, expected {w}")
        lines.append(f"{name:<{width}} | " +
                     " | ".join(f"{x:>8}" for x in got))
    if bad:
        raise Fail("\n".join(lines + bad))


def counts():
    rc, out, err = sql_root(
        "SELECT (SELECT COUNT(*) FROM attachments), "
        "(SELECT COUNT(*) FROM attachment_blobs), "
        "(SELECT COUNT(*) FROM attachment_chunks)")
    eq(rc, 0, err)
    return out.split()


def test_types_by_content():
    c = client("cb.skhcn")
    t = task()
    path = f"tasks/{t['id']}/attachments"
    want = {"a.pdf": "application/pdf", "a.png": "image/png",
            "a.jpg": "image/jpeg",
            "a.docx": "application/vnd.openxmlformats-officedocument."
                      "wordprocessingml.document",
            "a.xlsx": "application/vnd.openxmlformats-officedocument."
                      "spreadsheetml.sheet",
            "a.pptx": "application/vnd.openxmlformats-officedocument."
                      "presentationml.presentation",
            "a.odt": "application/vnd.oasis.opendocument.text",
            "a.ods": "application/vnd.oasis.opendocument.spreadsheet"}
    for name, mime in want.items():
        data = FILES[name]()
        r = upload(c, path, name, data)
        eq(r.status, 201, f"{name}: {r}")
        eq(r.json["content_type"], mime, f"{name} judged")
        eq(r.json["size"], len(data), f"{name} size")
        eq(r.json["sha256"], hashlib.sha256(data).hexdigest(), f"{name} sha")
        eq(r.json["uploaded_by"], "cb.skhcn", "uploader")
    before = counts()
    # Refused by content, whatever the name says; nothing stored.
    for name, claimed in (("a.exe", "bao-cao.pdf"), ("a.html", "a.pdf"),
                          ("a.svg", "anh.png"), ("a.zip", "a.docx")):
        r = upload(c, path, claimed, FILES[name]())
        e = expect_error(r, 415, "unsupported_media_type", "file")
        check("PDF" in e["message"], f"says what it takes: {e}")
    # Refused after its first chunk, with megabytes still unread: the
    # contract's 415, not a 502 from a connection cut under nginx; and the
    # same for a caller refused before a byte is read.
    big_exe = FILES["a.exe"]() + b"\0" * (3 * 1024 * 1024)
    for _ in range(3):
        expect_error(upload(c, path, "ke-hoach.pdf", big_exe), 415,
                     "unsupported_media_type", "file")
        expect_error(upload(client("cb.snv"), path, "ke-hoach.pdf",
                            FILES["a.pdf"]() + b"\0" * (3 * 1024 * 1024)),
                     403, "forbidden")
    # Not multipart at all; an empty file; two parts; another name.
    expect_error(c.post(path, raw=b"%PDF-1.4", content_type="application/pdf"),
                 415, "unsupported_media_type")
    expect_error(upload(c, path, "rong.pdf", b""), 400, "validation_failed",
                 "file")
    body, b = multipart("a.pdf", FILES["a.pdf"](), field="tep")
    expect_error(c.post(path, raw=body,
                        content_type=f"multipart/form-data; boundary={b}"),
                 400, "validation_failed", "file")
    one, b = multipart("a.pdf", FILES["a.pdf"]())
    two = one[:-len(f"--{b}--\r\n")] + (
        f'--{b}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="b.pdf"\r\n\r\n').encode() + FILES["a.pdf"]() + \
        f"\r\n--{b}--\r\n".encode()
    expect_error(c.post(path, raw=two,
                        content_type=f"multipart/form-data; boundary={b}"),
                 400, "validation_failed", "file")
    eq(counts(), before, "refused uploads stored nothing")
    items = c.get(path).json["items"]
    eq(len(items), len(want), "the list holds the accepted ones")


def test_size_limit():
    c = client("cb.skhcn")
    path = f"tasks/{task()['id']}/attachments"
    before = counts()
    limit = 20 * 1024 * 1024
    pdf = FILES["a.pdf"]()
    # One byte over attachment_max, inside nginx's envelope: the worker's.
    r = upload(c, path, "lon.pdf", pdf + b"\0" * (limit + 1 - len(pdf)))
    expect_error(r, 413, "payload_too_large")
    # Far over: nginx's own 413, in the API's shape.
    r = upload(c, path, "lon.pdf", pdf + b"\0" * (limit + 200000))
    expect_error(r, 413, "payload_too_large")
    eq(counts(), before, "nothing stored over the limit")
    # Exactly the limit: taken, in 80 chunks, and read back whole.
    data = pdf + bytes(range(256)) * ((limit - len(pdf)) // 256)
    data += b"\0" * (limit - len(data))
    r = upload(c, path, "dung-gioi-han.pdf", data)
    eq(r.status, 201, f"at the limit: {r}")
    eq(r.json["size"], limit, "size")
    d = c.get(f"attachments/{r.json['id']}", timeout=60)
    eq(d.status, 200, "download")
    eq(hashlib.sha256(d.body).hexdigest(), hashlib.sha256(data).hexdigest(),
       "the same bytes back")
    rc, out, _ = sql_root("SELECT nchunks FROM attachment_blobs b JOIN "
                          "attachments a ON a.blob_id = b.id WHERE a.id = "
                          f"{r.json['id']}")
    eq(out.strip(), "80", "256 KiB chunks")


def test_download_headers_and_access():
    t = task()
    name = "Quyết định số 12-QĐ-UBND \"phê duyệt\".pdf"
    data = FILES["a.pdf"]()
    r = upload(client("cb.skhcn"), f"tasks/{t['id']}/attachments", name,
               data)
    eq(r.status, 201, f"upload {r}")
    eq(r.json["filename"], name, "the Vietnamese name kept")
    aid = r.json["id"]
    # A coordinating agency downloads.
    d = client("cb.snv").get(f"attachments/{aid}")
    eq(d.status, 200, "coordinator downloads")
    eq(d.body, data, "the bytes")
    eq(d.header("Content-Type"), "application/pdf", "the judged type")
    eq(d.header("X-Content-Type-Options"), "nosniff", "nosniff")
    eq(d.header("Cache-Control"), "no-store", "no-store")
    eq(d.header("Content-Length"), str(len(data)), "length")
    cd = d.header("Content-Disposition")
    check(cd.startswith("attachment; filename=\""), f"attachment: {cd}")
    # Old clients get the name's search form, not a row of "_".
    eq(cd.split('filename="', 1)[1].split('"', 1)[0],
       "quyet dinh so 12-qd-ubnd _phe duyet_.pdf", "the ASCII filename")
    star = cd.split("filename*=UTF-8''", 1)[1]
    from urllib.parse import unquote
    eq(unquote(star, encoding="utf-8", errors="strict"), name,
       "filename* round-trips the name")
    check(all(32 <= ord(ch) < 127 for ch in cd), "the header is ASCII")
    # An unrelated agency: the task's own 404, for the file and the list.
    for u in ("cb.cat", "gd.cat"):
        expect_error(client(u).get(f"attachments/{aid}"), 404, "not_found")
        eq(client(u).get(f"tasks/{t['id']}").status, 404, "task 404 too")
    expect_error(client("cb.skhcn").get("attachments/999999999"), 404,
                 "not_found")
    # Soft delete by the secretariat: gone, audited, bytes kept.
    r = client("tk.bcd").delete(f"attachments/{aid}")
    eq(r.status, 204, f"delete {r}")
    contract_headers(r)
    expect_error(client("cb.snv").get(f"attachments/{aid}"), 404,
                 "not_found")
    eq(client("cb.skhcn").get(f"tasks/{t['id']}/attachments").json["items"],
       [], "the list forgets it")
    expect_error(client("tk.bcd").delete(f"attachments/{aid}"), 404,
                 "not_found")
    rc, out, _ = sql_root(
        "SELECT action, actor FROM audit WHERE task_id = "
        f"{t['id']} AND report_id = {aid} ORDER BY id")
    eq(out.split("\n")[:2], ["attachment_create\tcb.skhcn",
                             "attachment_delete\ttk.bcd"], "audited")
    rc, out, _ = sql_root(f"SELECT status FROM attachments WHERE id = {aid}")
    eq(out.strip(), "deleted", "soft")


def test_aborted_upload_leaves_nothing():
    c = client("cb.skhcn")
    t = task()
    path = f"/api/v1/tasks/{t['id']}/attachments"
    before = counts()
    data = FILES["a.pdf"]() + b"\0" * (3 * 1024 * 1024)
    body, b = multipart("dut.pdf", data)
    host, port = BASE.split("//")[1].split(":")
    s = socket.create_connection((host, int(port)), timeout=10,
                                 source_address=(SOURCE, 0))  # noqa: F821
    cookie = "; ".join(f"{k}={v}" for k, v in c.cookies.items())
    s.sendall((f"POST {path} HTTP/1.1\r\nHost: {host}\r\n"
               f"Cookie: {cookie}\r\nX-CSRF-Token: {c.csrf}\r\n"
               f"Content-Type: multipart/form-data; boundary={b}\r\n"
               f"Content-Length: {len(body)}\r\n\r\n").encode())
    s.sendall(body[:len(body) // 2])
    s.close()
    # The stack is still whole, and nothing of the half upload is stored.
    r = upload(c, path[len("/api/v1/"):], "sau.pdf", FILES["a.pdf"]())
    eq(r.status, 201, "the next upload works")
    after = counts()
    eq([int(x) for x in after], [int(x) + 1 for x in before],
       "only the next upload's rows")


def test_body_cut_short_at_the_worker():
    """nginx waits for a whole body before it passes it on; the worker must
    still cope with one that ends early (a pool behind another proxy, a
    FastCGI peer that dies): half the body, then the end of stdin.  The
    upload is refused, and its transaction leaves no blob, chunk or row."""
    import os
    import struct
    import fcgi
    from lib import RUN
    c = client("cb.skhcn")
    t = task()
    data = FILES["a.pdf"]() + b"\1" * (700 * 1024)  # three chunks' worth
    body, b = multipart("dut.pdf", data)
    params = {"REQUEST_METHOD": "POST",
              "DOCUMENT_URI": f"/api/v1/tasks/{t['id']}/attachments",
              "QUERY_STRING": "", "REMOTE_ADDR": "127.0.0.1",
              "REQUEST_ID": "0123456789abcdef",
              "CONTENT_TYPE": f"multipart/form-data; boundary={b}",
              "CONTENT_LENGTH": str(len(body)),
              "HTTP_COOKIE": "; ".join(f"{k}={v}"
                                       for k, v in c.cookies.items()),
              "HTTP_X_CSRF_TOKEN": c.csrf}
    before = counts()
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(30)
    s.connect(os.path.join(RUN, "nhiemvu.sock"))
    try:
        msg = fcgi._record(fcgi.BEGIN, struct.pack("!HB5x", 1, 0))
        msg += fcgi._record(fcgi.PARAMS, fcgi._pairs(params))
        msg += fcgi._record(fcgi.PARAMS, b"")
        half = body[:len(body) // 2]
        for i in range(0, len(half), 60000):
            msg += fcgi._record(fcgi.STDIN, half[i:i + 60000])
        msg += fcgi._record(fcgi.STDIN, b"")
        s.sendall(msg)
        out = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            out += chunk
    finally:
        s.close()
    # The STDOUT records' content, then the status line.
    text, k = b"", 0
    while k + 8 <= len(out):
        _, kind, _, n, pad = struct.unpack("!BBHHB", out[k:k + 7])
        if kind == fcgi.STDOUT:
            text += out[k + 8:k + 8 + n]
        k += 8 + n + pad
    check(text.startswith(b"Status: 400"), f"refused: {text[:200]!r}")
    check("ngắt giữa chừng".encode() in text, f"says why: {text!r}")
    eq(counts(), before, "nothing of it stored")
