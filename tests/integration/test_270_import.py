# SPDX-License-Identifier: ISC
"""Import of the registration template (issue 12): what the export wrote
comes back as the same tasks; a preview names every problem by row and
column; nothing is created before the confirm, and then all rows or none;
hostile files (a zip bomb, XML entities, a CSV in another encoding, too
large) are refused with a clear error and create nothing."""

import io
import uuid
import zipfile

from lib import Client, check, eq, expect_error, sql_root

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KEYS = ["name", "responsible_person", "lead_agency", "coordinating_agencies",
        "expected_product", "estimated_budget", "notes", "deadline"]


def login(user):
    c = Client(SOURCE)  # noqa: F821
    c.login(user)
    return c


def fixture(off, tag):
    """Tasks whose text is hard to carry: formulas, quotes, line breaks."""
    bodies = [
        {"name": f"Chuyển đổi số {tag}", "responsible_person": "Trần Thị Bình",
         "deadline": "2027-03-31", "coordinating_agencies": ["SNV", "CAT"],
         "expected_product": "Nền tảng, \"dữ liệu\" mở\nvà báo cáo",
         "estimated_budget": 1500000000, "notes": "Ưu tiên số 1"},
        {"name": f"=1+1 {tag}", "notes": "@SUM(A1:A2)",
         "expected_product": "-5 ngày", "responsible_person": "+84 238"},
        {"name": f"Không kinh phí {tag}", "estimated_budget": None},
    ]
    ids = []
    for b in bodies:
        r = off.post("tasks", b)
        eq(r.status, 201, f"fixture {r}")
        ids.append(r.json["id"])
    return [off.get(f"tasks/{i}").json for i in ids]


def upload(c, data, ctype):
    return c.request("POST", "imports/tasks", raw=data, content_type=ctype)


def count(tag):
    rc, out, _ = sql_root(f"SELECT COUNT(*) FROM tasks WHERE name LIKE "
                          f"'%{tag}%'")
    return int(out.strip())


def round_trip(fmt, ctype):
    tag = uuid.uuid4().hex[:8]
    off = login("cb.skhcn")
    orig = fixture(off, tag)
    r = off.get(f"exports/tasks.{fmt}?q={tag}")
    eq(r.status, 200, "export")
    p = upload(off, r.body, ctype)
    eq(p.status, 200, f"preview {p}")
    pv = p.json
    eq((pv["valid"], pv["invalid"], len(pv["rows"])), (3, 0, 3), "counts")
    by_name = {t["name"]: t for t in orig}
    for row in pv["rows"]:
        eq(row["errors"], [], f"row {row['row']}")
        t = by_name[row["task"]["name"]]
        for k in KEYS:
            eq(row["task"][k], t[k], f"preview {k} of {t['name']}")
    eq(count(tag), 3, "nothing created by the preview")
    c = off.post(f"imports/{pv['import_id']}/confirm")
    eq(c.status, 201, f"confirm {c}")
    created = c.json["created"]
    eq(len(created), 3, "three drafts")
    for i in created:
        t = off.get(f"tasks/{i}").json
        o = by_name[t["name"]]
        eq((t["status"], t["kind"], t["created_by"]),
           ("draft", "breakthrough", "cb.skhcn"), "a new draft")
        for k in KEYS:
            eq(t[k], o[k], f"imported {k} of {o['name']}")
    eq(count(tag), 6, "three more")
    # Confirmed once: a second confirm is refused and creates nothing.
    expect_error(off.post(f"imports/{pv['import_id']}/confirm"), 409,
                 "invalid_transition")
    eq(count(tag), 6, "nothing more")
    rc, out, _ = sql_root("SELECT COUNT(*) FROM audit WHERE action = "
                          f"'import' AND detail LIKE "
                          f"'%\"import_id\":{pv['import_id']},%'")
    eq(out.strip(), "1", "the import is audited")


def test_export_then_import_xlsx():
    round_trip("xlsx", XLSX)


def test_export_then_import_csv():
    round_trip("csv", "text/csv")


def csv_of(rows):
    head = ("TT,Tên nhiệm vụ,Người chịu trách nhiệm,Cơ quan chủ trì thực "
            "hiện,Cơ quan phối hợp,Dự kiến sản phẩm,Dự kiến kinh phí,Ghi chú,"
            "Hạn hoàn thành\r\n")
    return (head + "".join(r + "\r\n" for r in rows)).encode("utf-8")


def test_preview_names_every_problem():
    tag = uuid.uuid4().hex[:8]
    off = login("cb.skhcn")
    data = csv_of([
        f"1,Tốt {tag},An,skhcn,Sở Nội vụ; CAT,Sản phẩm,1.500.000.000,,"
        "31/12/2027",
        f"2,,An,SKHCN,,,,,",
        f"3,Cơ quan lạ {tag},An,Sở Không Có,SNV,,abc,,",
        f"4,Của sở khác {tag},An,SNV,XYZ,,-5,,30/02/2027",
        f"5,Lặp {tag},An,SKHCN,SNV;snv;SKHCN,,,,",
    ])
    p = upload(off, data, "text/csv")
    eq(p.status, 200, f"preview {p}")
    pv = p.json
    eq((pv["valid"], pv["invalid"]), (1, 4), "one good row, four bad")
    rows = {r["row"]: r for r in pv["rows"]}
    eq(rows[2]["errors"], [], "row 2 is good")
    good = rows[2]["task"]
    eq((good["lead_agency"], good["coordinating_agencies"],
        good["estimated_budget"], good["deadline"]),
       ("SKHCN", ["SNV", "CAT"], 1500000000, "2027-12-31"),
       "codes from names, budget with separators, the date")

    def cols(n):
        return {e["column"]: e["message"] for e in rows[n]["errors"]}
    eq(cols(3), {"Tên nhiệm vụ": "Thiếu tên nhiệm vụ."}, "row 3")
    c4 = cols(4)
    check("Sở Không Có" in c4["Cơ quan chủ trì thực hiện"], f"row 4 {c4}")
    check("kinh phí" in c4["Dự kiến kinh phí"], f"row 4 {c4}")
    c5 = cols(5)
    check("cơ quan mình" in c5["Cơ quan chủ trì thực hiện"], f"row 5 {c5}")
    check("XYZ" in c5["Cơ quan phối hợp"], f"row 5 {c5}")
    check("Dự kiến kinh phí" in c5 and "Hạn hoàn thành" in c5, f"row 5 {c5}")
    c6 = [e for e in rows[6]["errors"]]
    eq(sorted(e["column"] for e in c6), ["Cơ quan phối hợp"] * 2, "row 6")
    # With errors it cannot be confirmed; nothing was created.
    expect_error(off.post(f"imports/{pv['import_id']}/confirm"), 409,
                 "invalid_transition")
    eq(count(tag), 0, "nothing created")


def test_confirm_is_the_uploaders_and_all_or_nothing():
    tag = uuid.uuid4().hex[:8]
    off = login("cb.skhcn")
    data = csv_of([f"1,Một {tag},,SKHCN,,,,,", f"2,Hai {tag},,SKHCN,,,,,"])
    pv = upload(off, data, "text/csv").json
    eq(pv["invalid"], 0, "valid")
    other = login("gd.skhcn")
    expect_error(other.post(f"imports/{pv['import_id']}/confirm"), 404,
                 "not_found")
    expect_error(off.post("imports/999999999/confirm"), 404, "not_found")
    # The write path judges each row again: the second row broken behind
    # the preview's back makes the whole import fail, the first included.
    sql_root(f"UPDATE import_rows SET lead_agency = 'ZZZ' WHERE import_id "
             f"= {pv['import_id']} AND row_num = 3")
    e = expect_error(off.post(f"imports/{pv['import_id']}/confirm"), 400,
                     "validation_failed")
    check(e["message"].startswith("Dòng 3:"), f"the row is named: {e}")
    eq(count(tag), 0, "all or nothing")
    # An hour later it is gone.
    pv = upload(off, data, "text/csv").json
    sql_root("UPDATE imports SET expires_at = UTC_TIMESTAMP(6) - INTERVAL 1 "
             f"SECOND WHERE id = {pv['import_id']}")
    expect_error(off.post(f"imports/{pv['import_id']}/confirm"), 404,
                 "not_found")
    eq(count(tag), 0, "expired creates nothing")
    # The secretariat may import for any agency.
    sec = login("tt.bcd")
    pv = upload(sec, csv_of([f"1,Ba {tag},,Sở Y tế,,,,,"]), "text/csv").json
    eq(pv["invalid"], 0, f"secretariat {pv}")
    c = sec.post(f"imports/{pv['import_id']}/confirm")
    eq(c.status, 201, "created")
    eq(sec.get(f"tasks/{c.json['created'][0]}").json["lead_agency"], "SYT",
       "lead by name")


def test_who_may_import():
    expect_error(upload(login("ld.bcd"), csv_of(["1,x,,SKHCN,,,,,"]),
                        "text/csv"), 403, "forbidden")
    anon = Client(SOURCE)  # noqa: F821
    expect_error(upload(anon, csv_of(["1,x,,SKHCN,,,,,"]), "text/csv"), 401,
                 "unauthenticated")


def zip_of(parts):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return b.getvalue()


def test_hostile_files_refused():
    tag = uuid.uuid4().hex[:8]
    off = login("cb.skhcn")
    sheet = ('<worksheet xmlns="http://schemas.openxmlformats.org/'
             'spreadsheetml/2006/main"><sheetData>')
    cases = [
        ("not a zip", b"hello" * 100, XLSX, ".xlsx"),
        ("zip bomb", zip_of({"xl/worksheets/sheet1.xml":
                             sheet + " " * (100 << 20)}), XLSX, "quá lớn"),
        ("billion laughs", zip_of({
            "xl/worksheets/sheet1.xml": sheet + "</sheetData></worksheet>",
            "xl/sharedStrings.xml":
                '<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaa">'
                '<!ENTITY b "&a;&a;&a;&a;&a;&a;">]><sst><si><t>&b;</t>'
                '</si></sst>'}), XLSX, "DOCTYPE"),
        ("external entity", zip_of({
            "xl/worksheets/sheet1.xml":
                '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM '
                '"file:///etc/passwd">]><worksheet><sheetData><row><c '
                't="inlineStr"><is><t>&x;</t></is></c></row></sheetData>'
                '</worksheet>'}), XLSX, "DOCTYPE"),
        ("windows-1258 csv", csv_of([f"1,Sở Y tế {tag},,SYT,,,,,"]).decode(
            "utf-8").encode("cp1258", errors="replace"), "text/csv",
         "UTF-8"),
        ("utf-16 csv", csv_of([f"1,x {tag},,SYT,,,,,"]).decode(
            "utf-8").encode("utf-16"), "text/csv", "UTF-8"),
        ("no header", b"a,b,c\r\n1,2,3\r\n", "text/csv", "tiêu đề"),
    ]
    for what, data, ctype, words in cases:
        e = expect_error(upload(off, data, ctype), 400, "validation_failed",
                         "file")
        check(words in e["message"], f"{what}: {e}")
    expect_error(upload(off, b"{}", "application/json"), 415,
                 "unsupported_media_type")
    big = csv_of([f"1,x {tag},,SKHCN,,,,,"]) + b" " * (5 << 20)
    expect_error(upload(off, big, "text/csv"), 413, "payload_too_large")
    eq(count(tag), 0, "nothing created")
