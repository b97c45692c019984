# SPDX-License-Identifier: ISC
"""Missing reports named (issue 15): for a month, the tasks in the
programme with no report submitted or approved, per body, in JSON and as a
workbook; the same tasks the dashboard counts; a head sees their own."""

import datetime
import io
import uuid
import zoneinfo

import openpyxl

from lib import Client, check, eq, expect_error

USERS = ["cb.skhcn", "cb.snv", "cb.cat", "gd.skhcn", "gd.snv", "gd.cat",
         "tk.bcd", "tt.bcd", "ld.bcd", "admin"]

MATRIX = {
    "GET /missing-reports":     "403 403 403 200 200 200 200 200 200 200",
    "GET missing-reports.xlsx": "403 403 403 200 200 200 200 200 200 200",
    "bodies seen":              "-   -   -   own own own all all all all",
}

# Last month: a report cannot be written for a month still to come.
_D = datetime.datetime.now(zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")).date()
YEAR, MONTH = (_D.year, _D.month - 1) if _D.month > 1 else (_D.year - 1, 12)
PERIOD = f"{YEAR:04d}-{MONTH:02d}"

clients = {}


def client(user):
    if user not in clients:
        c = Client(SOURCE)  # noqa: F821
        c.login(user)
        clients[user] = c
    return clients[user]


def in_program(lead, name):
    r = client("tk.bcd").post("tasks", {
        "kind": "directive", "year": YEAR, "name": name,
        "lead_agency": lead, "deadline": f"{YEAR}-12-31",
        "status": "in_program"})
    eq(r.status, 201, f"task {r}")
    return r.json


def missing(user="tk.bcd", period=PERIOD):
    r = client(user).get(f"missing-reports?period={period}")
    eq(r.status, 200, f"missing {r}")
    return r.json


def test_access_matrix():
    in_program("SNV", "Ma trận thiếu báo cáo")
    in_program("CAT", "Ma trận thiếu báo cáo")
    bad = []
    for name, row in MATRIX.items():
        for user, want in zip(USERS, row.split()):
            c = client(user)
            if name == "GET /missing-reports":
                got = str(c.get(f"missing-reports?period={PERIOD}").status)
            elif name == "GET missing-reports.xlsx":
                got = str(c.get("exports/missing-reports.xlsx?period="
                                f"{PERIOD}").status)
            else:
                r = c.get(f"missing-reports?period={PERIOD}")
                if r.status != 200:
                    got = "-"
                else:
                    codes = {a["code"] for a in r.json["agencies"]}
                    own = c.user["agency"]["code"]
                    got = "own" if codes <= {own} else "all" \
                        if len(codes) > 1 else "?"
            if got != want:
                bad.append(f"{name} as {user}: got {got}, want {want}")
    eq(bad, [], "access matrix")


def test_named_per_body_as_the_dashboard_counts():
    tag = uuid.uuid4().hex[:6]
    a = in_program("SKHCN", f"Chưa báo cáo {tag}")
    b = in_program("SKHCN", f"Đã báo cáo {tag}")
    off, head = client("cb.skhcn"), client("gd.skhcn")
    d = missing()
    ids = {t["id"] for ag in d["agencies"] for t in ag["tasks"]}
    check({a["id"], b["id"]} <= ids, "both missing before any report")
    r = off.post(f"tasks/{b['id']}/reports", {
        "period": PERIOD, "percent": 10, "health": "on_track",
        "work_done": "Khảo sát", "results": "Có kết quả",
        "next_steps": "Tiếp tục"})
    eq(r.status, 201, f"report {r}")
    rep = r.json
    d = missing()
    ids = {t["id"] for ag in d["agencies"] for t in ag["tasks"]}
    check(b["id"] in ids, "a draft report is still missing")
    r = off.post(f"reports/{rep['id']}/transitions",
                 {"action": "submit", "version": rep["version"]})
    eq(r.status, 200, f"submit {r}")
    d = missing()
    ids = {t["id"] for ag in d["agencies"] for t in ag["tasks"]}
    check(a["id"] in ids and b["id"] not in ids, "submitted: no longer")
    sk = [ag for ag in d["agencies"] if ag["code"] == "SKHCN"][0]
    eq(sk["name"], "Sở Khoa học và Công nghệ")
    mine = [t for t in sk["tasks"] if t["id"] == a["id"]][0]
    eq(mine, {"id": a["id"], "name": a["name"], "deadline": f"{YEAR}-12-31",
              "last_period": None})
    eq(d["total"], sum(len(ag["tasks"]) for ag in d["agencies"]))
    # Exactly the tasks the dashboard counts, body by body.
    dash = client("ld.bcd").get(f"dashboard?year={YEAR}&period={PERIOD}").json
    counts = {ag["code"]: len(ag["tasks"]) for ag in d["agencies"]}
    for ag in dash["agencies"]:
        eq(counts.get(ag["code"], 0), ag["missing_reports"], ag["code"])
    # A head: their own body only.
    h = missing("gd.skhcn")
    eq([ag["code"] for ag in h["agencies"]], ["SKHCN"])
    eq(h["agencies"][0]["tasks"], sk["tasks"])
    del head
    # The workbook says the same, row by row.
    r = client("tk.bcd").get(
        f"exports/missing-reports.xlsx?period={PERIOD}")
    eq(r.status, 200)
    check(r.header("Content-Disposition").endswith(
        f'filename="chua-bao-cao-{PERIOD}.xlsx"'), "file name")
    ws = openpyxl.load_workbook(io.BytesIO(r.body)).active
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    eq(rows[1][0], "DANH SÁCH NHIỆM VỤ CHƯA BÁO CÁO THÁNG "
       f"{MONTH:02d}/{YEAR}")
    top = [i for i, row in enumerate(rows) if row[0] == "TT"][0]
    want = [(ag["name"], t["name"]) for ag in d["agencies"]
            for t in ag["tasks"]]
    eq([(row[1], row[2]) for row in rows[top + 1:]], want)
    eq([row[4] for row in rows[top + 1:] if row[2] == a["name"]],
       ["Chưa có"])


def test_bad_period():
    for q in ("period=2031-13", "period=03-2031", "period=", "year=2031",
              "period=1999-01"):
        expect_error(client("tk.bcd").get(f"missing-reports?{q}"), 400,
                     "validation_failed")
    expect_error(client("cb.skhcn").get("missing-reports?period=x"), 403,
                 "forbidden")
