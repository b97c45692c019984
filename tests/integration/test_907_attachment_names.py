# SPDX-License-Identifier: ISC
"""An evidence file's name never lies about its content (found by the
break-it review): a PDF whose body also carries an HTML page was taken,
rightly, as a PDF, but stored and downloaded as "Báo cáo.html", so the
official who saved it and double-clicked it opened a web page with its
script.  A name whose extension is not one of the judged type's gets that
type's extension; a name that fits is kept as sent."""

import uuid

from evidence_files import FILES
from lib import Client, check, eq

POLYGLOT = FILES["a.pdf"]() + b"<html><script>alert(1)</script></html>\n"


def login(user):
    c = Client(SOURCE)  # noqa: F821
    c.login(user)
    return c


def upload(c, path, name, data):
    b = "nv" + uuid.uuid4().hex
    body = (f'--{b}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{name}"\r\nContent-Type: text/html\r\n\r\n'
            ).encode("utf-8") + data + f"\r\n--{b}--\r\n".encode()
    return c.post(path, raw=body,
                  content_type=f"multipart/form-data; boundary={b}")


def test_a_name_gets_the_extension_of_what_the_file_is():
    c = login("cb.skhcn")
    r = c.post("tasks", {"name": "Minh chứng có tên tệp sai đuôi"})
    eq(r.status, 201, f"draft: {r}")
    path = f"tasks/{r.json['id']}/attachments"
    long_name = "Báo cáo " + "rất dài " * 30 + ".htm"  # 252 characters
    for sent, data, stored in (
            ("Báo cáo.html", POLYGLOT, "Báo cáo.html.pdf"),
            ("Báo cáo.PDF", POLYGLOT, "Báo cáo.PDF"),
            ("bao-cao", FILES["a.pdf"](), "bao-cao.pdf"),
            ("anh.jpeg", FILES["a.jpg"](), "anh.jpeg"),
            ("anh.JPG", FILES["a.jpg"](), "anh.JPG"),
            ("anh.png", FILES["a.jpg"](), "anh.png.jpg"),
            ("so-lieu.xlsx", FILES["a.docx"](), "so-lieu.xlsx.docx"),
            ("so-lieu.ods", FILES["a.ods"](), "so-lieu.ods"),
            ("trang.svg", FILES["a.png"](), "trang.svg.png")):
        r = upload(c, path, sent, data)
        eq(r.status, 201, f"{sent}: {r}")
        eq(r.json["filename"], stored, f"{sent} stored as")
        d = c.get(f"attachments/{r.json['id']}")
        eq(d.status, 200, f"download {sent}")
        disp = d.header("Content-Disposition")
        ext = stored.rsplit(".", 1)[1].lower()
        check(disp.split(";")[1].strip().lower().endswith(f'.{ext}"'),
              f"{sent}: the download's name says .{ext}: {disp}")
    # Within the column's 255 characters, the extension kept whole.
    r = upload(c, path, long_name, POLYGLOT)
    eq(r.status, 201, f"long name: {r}")
    got = r.json["filename"]
    check(len(got) <= 255 and got.endswith(".pdf"), f"long name: {got!r}")
    check(got.startswith("Báo cáo rất dài"), f"long name kept: {got!r}")
