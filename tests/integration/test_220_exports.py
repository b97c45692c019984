# SPDX-License-Identifier: ISC
"""Exports opened by readers that are not ours: openpyxl reads every cell of
tasks.xlsx and dashboard.xlsx and compares it with the API's data;
LibreOffice converts the workbook the way a user's office suite would; the
CSV is checked byte for byte for its BOM and header."""

import csv
import datetime
import io
import os
import shutil
import subprocess
import tempfile
import uuid

import openpyxl

from lib import Client, check, eq, expect_error, sql_root

HEADER = ["TT", "Tên nhiệm vụ", "Người chịu trách nhiệm",
          "Cơ quan chủ trì thực hiện", "Cơ quan phối hợp", "Dự kiến sản phẩm",
          "Dự kiến kinh phí", "Ghi chú", "Hạn hoàn thành", "Trạng thái",
          "Gia hạn"]
STATUS_VI = {"draft": "Nháp", "submitted": "Chờ phê duyệt",
             "approved": "Đã phê duyệt, chờ tiếp nhận",
             "returned": "Bị trả lại", "in_program": "Trong Chương trình",
             "completed": "Hoàn thành", "cancelled": "Đã hủy"}
ISSUER = "BAN CHỈ ĐẠO TỈNH NGHỆ AN - TỔ GIÚP VIỆC"
VN = datetime.timezone(datetime.timedelta(hours=7))


def as_of():
    return "Số liệu đến ngày " + datetime.datetime.now(VN).strftime(
        "%d/%m/%Y")


def header_at(rows):
    """The title block's height: the header is the first row whose first
    cell is TT; above it the issuer, the title, the scope and the date."""
    top = [r[0] for r in rows].index("TT")
    block = [r[0] for r in rows[:top] if r[0]]
    eq((block[0], block[-1]), (ISSUER, as_of()), "title block")
    return top


def xl_date(iso):
    return None if iso is None else datetime.datetime.fromisoformat(iso)


def vi_date(iso):
    return "" if iso is None else f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}"


def login(user):
    c = Client(SOURCE)  # noqa: F821
    c.login(user)
    return c


def fixture(tag):
    """Tasks whose text would be formulas, quotes, commas, line breaks."""
    off = login("cb.skhcn")
    bodies = [
        {"name": f"Chuyển đổi số {tag}", "responsible_person": "Trần Thị Bình",
         "deadline": "2027-03-31",
         "coordinating_agencies": ["SNV", "CAT"],
         "expected_product": "Nền tảng, \"dữ liệu\" mở\nvà báo cáo",
         "estimated_budget": 1500000000, "notes": "Ưu tiên số 1"},
        {"name": f"=1+1 {tag}", "notes": "@SUM(A1:A2)",
         "expected_product": "-5 ngày", "responsible_person": "+84 238"},
        {"name": f"Không kinh phí {tag}", "estimated_budget": None},
    ]
    for b in bodies:
        eq(off.post("tasks", b).status, 201, "fixture")
    return off


def api_rows(c, query):
    names = {a["code"]: a["name"] for a in c.get("agencies").json["items"]}
    items = c.get(f"tasks?{query}&limit=200").json["items"]
    return [[i + 1, t["name"], t["responsible_person"], names[t["lead_agency"]],
             "; ".join(names[x] for x in t["coordinating_agencies"]),
             t["expected_product"], t["estimated_budget"], t["notes"],
             t["deadline"], STATUS_VI[t["status"]],
             f"{t['extensions']} lần ({t['extended_by']})"
             if t["extensions"] else ""]
            for i, t in enumerate(items)]


def download(c, path):
    r = c.get(path)
    eq(r.status, 200, f"{path}: {r.status} {r.body[:200]!r}")
    return r


def test_tasks_xlsx_cell_by_cell():
    tag = uuid.uuid4().hex[:8]
    off = fixture(tag)
    r = download(off, f"exports/tasks.xlsx?q={tag}")
    eq(r.header("Content-Type"),
       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
       "type")
    check(r.header("Content-Disposition").startswith(
        'attachment; filename="nhiem-vu-'), "attachment")
    eq(int(r.header("Content-Length")), len(r.body), "length")
    wb = openpyxl.load_workbook(io.BytesIO(r.body))
    ws = wb.active
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    top = header_at(rows)
    eq(rows[top], HEADER, "the template's header, in order, then deadline "
       "and status")
    want = api_rows(off, f"q={tag}")
    eq(len(rows) - top - 1, 3, "one row per task")
    for got, exp in zip(rows[top + 1:], want):
        exp[8] = xl_date(exp[8])
        exp = [e if e is not None else "" for e in exp]
        got = [g if g is not None else "" for g in got]
        eq(got, exp, "every cell as the API has it, the deadline a date")
    dated = [ws.cell(i, 9) for i in range(top + 2, top + 5)
             if ws.cell(i, 9).value]
    check(dated and all(c.is_date and c.number_format == "dd/mm/yyyy"
                        for c in dated), "deadlines are real dates")
    # Formats: a bold frozen header, budgets as numbers with separators,
    # text never a formula, A4 landscape fitted to the width.
    h = top + 1     # the header's row number in Excel (1-based)
    check(all(ws.cell(h, c).font.b for c in range(1, 11)), "bold header")
    eq(ws.freeze_panes, f"A{h + 1}", "header frozen")
    budget = [ws.cell(i, 7) for i in range(h + 1, h + 4)
              if isinstance(ws.cell(i, 7).value, int)][0]
    eq((budget.value, budget.number_format, budget.data_type),
       (1500000000, "#,##0", "n"), "budget is a number with separators")
    for i in range(h + 1, h + 4):
        for c in range(1, 11):
            check(ws.cell(i, c).data_type != "f",
                  f"cell {i},{c} is not a formula")
    eq((ws.page_setup.orientation, str(ws.page_setup.paperSize)),
       ("landscape", "9"), "A4 landscape")
    check(ws.sheet_properties.pageSetUpPr.fitToPage and
          ws.page_setup.fitToWidth in (None, 1) and
          ws.page_setup.fitToHeight == 0, "fitted to one page wide")
    eq(ws.print_title_rows, f"${h}:${h}", "header repeated on every page")
    check(ws.column_dimensions["B"].width >= 40, "name column readable")


def test_tasks_xlsx_through_libreoffice():
    tag = uuid.uuid4().hex[:8]
    off = fixture(tag)
    body = download(off, f"exports/tasks.xlsx?q={tag}").body
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    check(soffice is not None, "LibreOffice is installed (libreoffice-calc-"
          "nogui, packaging/install-deps.sh)")
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "t.xlsx"), "wb") as f:
            f.write(body)
        env = dict(os.environ, HOME=d)
        p = subprocess.run([soffice, "--headless", "--norestore",
                            f"-env:UserInstallation=file://{d}/profile",
                            "--convert-to",
                            "csv:Text - txt - csv (StarCalc):44,34,76",
                            "--outdir", d, os.path.join(d, "t.xlsx")],
                           capture_output=True, text=True, env=env,
                           timeout=120)
        eq(p.returncode, 0, f"soffice: {p.stderr}")
        with open(os.path.join(d, "t.csv"), encoding="utf-8") as f:
            rows = list(csv.reader(f))
    top = [r[0] for r in rows].index("TT")
    eq(rows[0][0], ISSUER, "LibreOffice reads the title block")
    eq(rows[top], HEADER, "LibreOffice reads the header")
    names = [r[1] for r in rows[top + 1:]]
    check(f"Chuyển đổi số {tag}" in names, f"Vietnamese intact: {names}")
    check(f"=1+1 {tag}" in names, "a formula-like name stays text")
    row = [r for r in rows if r[1] == f"Chuyển đổi số {tag}"][0]
    eq(row[6].replace(",", "").replace(".", ""), "1500000000",
       "the budget is a number")
    eq(row[8], "31/03/2027", "the deadline is a date shown dd/mm/yyyy")


def test_tasks_csv_bytes():
    tag = uuid.uuid4().hex[:8]
    off = fixture(tag)
    r = download(off, f"exports/tasks.csv?q={tag}")
    eq(r.header("Content-Type"), "text/csv; charset=utf-8", "type")
    head = ("\ufeff" + ",".join(HEADER) + "\r\n").encode("utf-8")
    eq(r.body[:len(head)], head, "BOM and the template's header, byte for byte")
    rows = list(csv.reader(io.StringIO(r.body.decode("utf-8-sig"),
                                       newline="")))
    eq(rows[0], HEADER, "header")
    want = api_rows(off, f"q={tag}")
    for got, exp in zip(rows[1:], want):
        exp[8] = vi_date(exp[8])
        exp = [str(e) if e is not None else "" for e in exp]
        # Cells that spreadsheets would run as formulas get a leading '.
        exp = ["'" + e if i in (1, 2, 5, 7) and e[:1] in ("=", "+", "-", "@")
               else e for i, e in enumerate(exp)]
        eq(got, exp, "row")
    eq(len(rows), 4, "header and three rows")


def test_exports_follow_filters_and_visibility():
    tag = uuid.uuid4().hex[:8]
    fixture(tag)
    cat = login("cb.syt")
    wb = openpyxl.load_workbook(io.BytesIO(download(
        cat, f"exports/tasks.xlsx?q={tag}").body))
    ws = wb.active
    top = header_at([[c.value for c in r] for r in ws.iter_rows()])
    eq(ws.max_row, top + 1, "an unrelated agency gets the header only")
    r = download(cat, f"exports/tasks.csv?q={tag}")
    eq(len(r.body.decode("utf-8-sig").strip().splitlines()), 1,
       "header only in CSV too")
    off = login("cb.skhcn")
    expect_error(off.get("exports/tasks.xlsx?status=nope"), 400,
                 "validation_failed", "status")
    expect_error(off.get("exports/tasks.csv?limit=5"), 400,
                 "validation_failed", "limit")
    expect_error(Client(SOURCE).get("exports/tasks.csv"), 401,  # noqa
                 "unauthenticated")


def test_dashboard_xlsx():
    lead = login("ld.bcd")
    d = lead.get("dashboard").json
    r = download(lead, "exports/dashboard.xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(r.body))
    ws = wb["Tổng hợp"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    top = header_at(rows)
    check(any(r[0] == f"Năm {d['year']}, kỳ báo cáo tháng "
              f"{d['period'][5:]}/{d['period'][:4]}" for r in rows[:top]),
          "the period in the title block")
    eq(rows[top][:4], ["TT", "Cơ quan, đơn vị", "Đăng ký nhiệm vụ đột phá",
                       "Trong Chương trình"], "header")
    colour = {"green": "Xanh", "yellow": "Vàng", "red": "Đỏ",
              None: "Chưa có nhiệm vụ"}   # unrated: no rank either
    for i, a in enumerate(d["agencies"]):
        got = rows[top + 1 + i]
        exp = [i + 1, a["name"], a["registered"], a["in_program"],
               a["on_track"], a["at_risk"], a["delayed"], a["overdue"],
               a["completed"], a["done_on_time"], a["done_late"],
               a["avg_percent"], a["missing_reports"], a["estimated_budget"],
               colour[a["colour"]], a["rank"], a["extended"],
               a["extensions"]]
        got = [g if g != "" else None for g in got]
        eq(got, exp, f"row of {a['code']}")
    total = rows[top + len(d["agencies"]) + 1]
    eq((total[1], total[7]), ("Tổng cộng", d["totals"]["overdue"]),
       "totals row")
    od = wb["Quá hạn"]
    orows = [[c.value for c in row] for row in od.iter_rows()]
    otop = header_at(orows)
    eq(od.max_row - otop - 1, len(d["overdue_tasks"]), "the overdue sheet")
    eq([r[3] for r in orows[otop + 1:]],
       [xl_date(t["deadline"]) for t in d["overdue_tasks"]],
       "overdue deadlines are real dates")
    # The databases' monthly series, as the API has it.
    sr = [[c.value for c in row] for row in wb["CSDL theo tháng"].iter_rows()]
    stop = header_at(sr)
    months = sr[stop][4:]
    eq(months[-1], f"{d['period'][5:]}/{d['period'][:4]}",
       "the months run to the period")
    eq(len(sr) - stop - 1, len(d["databases"]), "one row per database")
    for got, db in zip(sr[stop + 1:], d["databases"]):
        by = {f"{s['period'][5:]}/{s['period'][:4]}": s["percent"]
              for s in db["series"]}
        eq(got[1], db["task"]["name"], "database")
        eq(got[3], xl_date(db["task"]["deadline"]), "its deadline, a date")
        eq([g if g != "" else None for g in got[4:]],
           [by.get(m) for m in months], f"series of {db['task']['name']}")
    eq(ws.page_setup.orientation, "landscape", "printable")
    expect_error(login("cb.skhcn").get("exports/dashboard.xlsx"), 403,
                 "forbidden")


def test_every_export_is_audited():
    off = login("cb.snv")
    before = int(sql_root("SELECT COUNT(*) FROM audit WHERE actor = 'cb.snv' "
                          "AND action = 'export'")[1])
    download(off, "exports/tasks.csv?kind=directive")
    download(off, "exports/tasks.xlsx")
    rc, out, _ = sql_root(
        "SELECT JSON_VALUE(detail, '$.file'), JSON_VALUE(detail, '$.query') "
        "FROM audit WHERE actor = 'cb.snv' AND action = 'export' "
        "ORDER BY id DESC LIMIT 2")
    lines = [ln.split("\t") for ln in out.strip().splitlines()]
    eq(lines, [["tasks.xlsx", ""], ["tasks.csv", "kind=directive"]],
       "who exported what")
    eq(before + 2, int(sql_root("SELECT COUNT(*) FROM audit WHERE actor = "
                                "'cb.snv' AND action = 'export'")[1]),
       "one row per export")
