# SPDX-License-Identifier: ISC
"""Text: what the product accepts, and that every output carries exactly
that (issue 9).  Refused: Unicode noncharacters (U+FFFF made tasks.xlsx
unreadable), bidirectional embeddings/overrides/isolates, and NUL, each as
a field error naming the field; "blank" means "no visible character", so a
reason of one no-break space or zero-width space is refused.  A property
test writes names and texts drawn from the whole accepted alphabet through
the API and reads them back from JSON, the CSV (Python's csv), and the xlsx
through openpyxl and LibreOffice.  NV_TEXT_SEED repeats a run."""

import csv
import datetime
import io
import os
import random
import shutil
import subprocess
import tempfile
import unicodedata
import uuid

import openpyxl
from openpyxl.utils.escape import unescape

from lib import Client, check, eq, expect_error, registration, sql_root

SEED = int(os.environ.get("NV_TEXT_SEED", random.randrange(1 << 30)))


def login(user):
    c = Client(SOURCE)  # noqa: F821
    c.login(user)
    return c


def test_refused_characters_name_the_field():
    off = login("cb.skhcn")
    for name, what in (("a\uffffb", "U+FFFF"), ("a\ufffeb", "U+FFFE"),
                       ("\ufdd0x", "U+FDD0"), ("x\U0010ffff", "U+10FFFF"),
                       ("abc\u202egnp.exe", "RLO"), ("a\u2066b\u2069", "LRI"),
                       ("\u00a0", "only a no-break space"),
                       ("\u200b\u3000\ufeff", "only invisible characters")):
        expect_error(off.post("tasks", {"name": name}), 400,
                     "validation_failed", "name")
        check(what, what)
    expect_error(off.post("tasks", {"name": "x", "notes": "a\U0001fffeb"}),
                 400, "validation_failed", "notes")
    expect_error(off.post("tasks", {"name": "x", "fields": ["\ufdef"]}),
                 400, "validation_failed", "fields")
    # NUL is a character we refuse in that field, not broken JSON.
    expect_error(off.post("tasks", raw=b'{"name":"x","notes":"a\\u0000"}'),
                 400, "validation_failed", "notes")
    # Allowed: marks, joiners, private use, astral letters, U+FFFD.
    r = off.post("tasks", {"name": "Ng\u0323\u0302 \u200d\U0001f600\ue000"
                                   "\ufffd\U00020000 \u200e"})
    eq(r.status, 201, f"accepted alphabet {r}")


def in_program(tag):
    r = login("tk.bcd").post("tasks", {
        "kind": "directive", "name": f"Văn bản {tag}", "lead_agency": "SKHCN",
        "deadline": "2030-12-31", "status": "in_program"})
    eq(r.status, 201, f"fixture {r}")
    return r.json


def test_blank_reasons_are_refused():
    tag = uuid.uuid4().hex[:8]
    off, head = login("cb.skhcn"), login("gd.skhcn")
    t = off.post("tasks", registration(name=f"Trả lại {tag}")).json
    t = off.post(f"tasks/{t['id']}/transitions",
                 {"action": "submit", "version": t["version"]}).json
    for blank in ("\u00a0", "\u200b", " \u3000\u2003\ufeff ", "\u00ad"):
        expect_error(head.post(f"tasks/{t['id']}/transitions",
                               {"action": "return", "comment": blank,
                                "version": t["version"]}),
                     400, "validation_failed", "comment")
        expect_error(off.post(f"tasks/{t['id']}/comments", {"text": blank}),
                     400, "validation_failed", "text")
    eq(off.get(f"tasks/{t['id']}").json["version"], t["version"],
       "refused reasons change nothing")
    hist = off.get(f"tasks/{t['id']}/history").json["items"]
    check(all(h["action"] != "return" for h in hist), "no invisible return")
    # An in-programme deadline moved with an invisible reason.
    p = in_program(tag)
    expect_error(login("tk.bcd").patch(
        f"tasks/{p['id']}", {"deadline": "2031-01-31", "comment": "\u00a0",
                             "version": p["version"]}),
        400, "validation_failed", "comment")
    # A report whose results are only invisible cannot be submitted.
    d = datetime.date.today().replace(day=1) - datetime.timedelta(days=1)
    r = off.post(f"tasks/{p['id']}/reports", {
        "period": f"{d.year:04d}-{d.month:02d}", "percent": 10,
        "health": "on_track", "work_done": "Đã làm", "results": "\u200b\u00a0"})
    eq(r.status, 201, f"report draft {r}")
    expect_error(off.post(f"reports/{r.json['id']}/transitions",
                          {"action": "submit", "version": r.json["version"]}),
                 400, "validation_failed", "results")


# The accepted alphabet, in pieces a generator can combine.
LETTERS = ("abcxyzABCXYZ0123456789ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíị"
           "òỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵĐƠƯ")
PIECES = [
    " ", "_", "\"", "'", ",", ";", "\\", "=", "+", "-", "@", "&", "<", ">",
    "&amp;", "<b>", "]]>", "_x0041_", "_x005F_", "_X00a0_", "_xD800_",
    "_x000d_", "%s", "\u0300", "\u0301", "\u0309", "\u0323", "\u00a0",
    "\u00ad", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2028",
    "\u2029", "\u202f", "\u3000", "\ufeff", "\u4e2d\u6587", "\u0645\u0631",
    "\U0001f600", "\U0001f1fb\U0001f1f3", "\ue000", "\ufffd", "\ufdf0",
    "\ufdcf", "\U0001fffd", "\U0010fffd", "\U00020000", "\u0e01", "\u00e9",
    "e\u0301", "\u2603", "\U000e0041",
]
MULTILINE = ["\t", "\n", "\r\n", "\r", "\n\n"]


def rstrip_blank(s):
    """A single-line field as stored: no blank character at its end
    (docs/API.md: white space or a format character, not only ASCII)."""
    while s and (s[-1].isspace() or unicodedata.category(s[-1]) == "Cf"):
        s = s[:-1]
    return s


def gen(rnd, n, multiline):
    pool = PIECES + (MULTILINE if multiline else [])
    out = []
    for _ in range(n):
        out.append(rnd.choice(LETTERS) if rnd.random() < 0.4
                   else rnd.choice(pool))
    return "".join(out)


def csv_cell(v):
    """The CSV's guard: a leading = + - @ tab CR gets a ' (docs/API.md)."""
    return "'" + v if v[:1] in ("=", "+", "-", "@", "\t", "\r") else v


def libreoffice_rows(body):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    check(soffice is not None, "LibreOffice is installed")
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "t.xlsx"), "wb") as f:
            f.write(body)
        p = subprocess.run([soffice, "--headless", "--norestore",
                            f"-env:UserInstallation=file://{d}/profile",
                            "--convert-to",
                            "csv:Text - txt - csv (StarCalc):44,34,76",
                            "--outdir", d, os.path.join(d, "t.xlsx")],
                           capture_output=True, text=True,
                           env=dict(os.environ, HOME=d), timeout=120)
        eq(p.returncode, 0, f"soffice: {p.stderr}")
        with open(os.path.join(d, "t.csv"), encoding="utf-8",
                  newline="") as f:
            return list(csv.reader(f))


def test_every_export_carries_every_accepted_character():
    rnd = random.Random(SEED)
    tag = uuid.uuid4().hex[:8]
    off = login("cb.skhcn")
    sent = {}
    for i in range(10):
        name = f"{tag} {i:02d} " + gen(rnd, rnd.randrange(1, 40), False)
        t = {"name": rstrip_blank(name),
             "responsible_person": "P" + gen(rnd, rnd.randrange(0, 20), False),
             "expected_product": gen(rnd, rnd.randrange(0, 60), True),
             "notes": gen(rnd, rnd.randrange(0, 60), True)}
        t["responsible_person"] = rstrip_blank(t["responsible_person"])
        r = off.post("tasks", t)
        eq(r.status, 201, f"seed {SEED}: create {t!r}: {r}")
        got = off.get(f"tasks/{r.json['id']}").json
        # Multi-line text keeps its line breaks as LF (docs/API.md).
        for k in ("expected_product", "notes"):
            t[k] = t[k].replace("\r\n", "\n").replace("\r", "\n")
        for k, v in t.items():
            eq(got[k], v, f"seed {SEED}: JSON carries {k} exactly")
        sent[t["name"]] = t
    cols = ("name", "responsible_person", "expected_product", "notes")
    idx = (1, 2, 5, 7)  # their columns in the registration template

    def compare(rows, reader, decode=lambda v: v, guard=lambda v: v):
        rows = [r for r in rows[1:] if r and str(r[1]).startswith(tag)]
        eq(len(rows), len(sent), f"seed {SEED}: {reader}: one row per task")
        for row in rows:
            vals = [decode("" if row[i] is None else str(row[i]))
                    for i in idx]
            t = sent.get(vals[0])
            check(t is not None, f"seed {SEED}: {reader}: name {vals[0]!r}")
            for k, v in zip(cols, vals):
                eq(v, guard(t[k]), f"seed {SEED}: {reader}: {k} exactly")

    x = off.get(f"exports/tasks.xlsx?q={tag}")
    eq(x.status, 200, "xlsx")
    # openpyxl 3.0.9 returns cell text without decoding the format's
    # _xHHHH_ escapes (ECMA-376 ST_Xstring), which Excel and LibreOffice
    # decode; its own unescape() is that decoding.
    ws = openpyxl.load_workbook(io.BytesIO(x.body)).active
    compare([[c.value for c in row] for row in ws.iter_rows()], "openpyxl",
            decode=unescape)
    compare(libreoffice_rows(x.body), "LibreOffice")
    c = off.get(f"exports/tasks.csv?q={tag}")
    eq(c.status, 200, "csv")
    compare(list(csv.reader(io.StringIO(c.body.decode("utf-8-sig"),
                                        newline=""))), "csv", guard=csv_cell)


def test_stored_characters_xml_forbids_still_export():
    """Text stored before these rules (or by another tool) with U+FFFF, a
    control character or CR: one such task made the whole tasks.xlsx
    unreadable.  The file carries each through the format's escape."""
    tag = uuid.uuid4().hex[:8]
    off = login("cb.skhcn")
    t = off.post("tasks", {"name": f"{tag} cũ", "notes": "x"}).json
    notes = "a\uffffb\ufffe\x01c\x1fd\re\r\nf_x0041_g"
    # UNHEX keeps the bytes away from any shell or client escaping.
    rc, _, err = sql_root(
        f"UPDATE tasks SET notes = CONVERT(UNHEX('{notes.encode().hex()}') "
        f"USING utf8mb4) WHERE id = {t['id']}")
    eq(rc, 0, f"sql: {err}")
    eq(off.get(f"tasks/{t['id']}").json["notes"], notes, "stored as is")
    x = off.get(f"exports/tasks.xlsx?q={tag}")
    eq(x.status, 200, "xlsx")
    ws = openpyxl.load_workbook(io.BytesIO(x.body)).active
    # The task's row, below the title block and the header.
    mine = [r for r in ws.iter_rows(values_only=True)
            if r[1] is not None and str(r[1]).startswith(tag)]
    eq(len(mine), 1, "one row")
    eq(unescape(mine[0][7]), notes, "openpyxl reads it back")
    rows = [r for r in libreoffice_rows(x.body)
            if len(r) > 7 and str(r[1]).startswith(tag)]
    eq(len(rows), 1, "LibreOffice reads the row")
    # LibreOffice's cells have one kind of line break; hence LF on input.
    eq(rows[0][7], notes.replace("\r\n", "\n").replace("\r", "\n"),
       "LibreOffice reads every row, the cell exact but for line breaks")
