# SPDX-License-Identifier: ISC
"""An indicator's values (issue 13) through nginx: entered by the
responsible agency with a source note, submitted, approved or returned by
its head "exactly like a monthly report"; an approved value is final, a
correction is a new revision and the old one stays; the approved value
becomes the indicator's current value.  The access matrix is written by
hand from that sentence and the contract's report rules.

Users as in test_260: the fixture indicator is SKHCN's."""

import datetime
import uuid

from lib import Client, Fail, check, eq, expect_error, sql_app, sql_root

USERS = ["cb.skhcn", "cb.snv", "cb.cat", "gd.skhcn", "gd.snv", "gd.cat",
         "tk.bcd", "tt.bcd", "ld.bcd", "admin"]

MATRIX = {
    "GET value":                   "200 404 404 200 200 200 200 200 200 200",
    "listed by GET /indicator-values": "yes no no yes yes yes yes yes yes yes",
    "POST value (active)":         "201 404 404 201 403 403 403 201 403 403",
    "POST value (retired)":        "409 404 404 409 403 403 403 409 403 403",
    "PATCH value (draft)":         "200 404 404 200 403 403 403 200 403 403",
    "PATCH value (submitted)":     "409 404 404 409 403 403 403 409 403 403",
    "submit (draft)":              "200 404 404 200 403 403 403 200 403 403",
    "submit (approved)":           "409 404 404 409 403 403 403 409 403 403",
    "approve (submitted)":         "403 404 404 200 403 403 403 403 403 403",
    "approve (draft)":             "403 404 404 409 403 403 403 403 403 403",
    "return (submitted)":          "403 404 404 200 403 403 403 403 403 403",
}

clients = {}


def client(user):
    if user not in clients:
        c = Client(SOURCE)  # noqa: F821
        c.login(user)
        clients[user] = c
    return clients[user]


def indicator(**kw):
    b = {"code": "V-" + uuid.uuid4().hex[:12].upper(),
         "name": "Tỷ lệ hồ sơ trực tuyến toàn trình", "unit": "percent",
         "agency": "SKHCN"}
    b.update(kw)
    r = client("tk.bcd").post("indicators", b)
    eq(r.status, 201, f"fixture {r}")
    return r.json


def act(c, path, x, action, comment=None, status=200):
    b = {"action": action, "version": x["version"]}
    if comment:
        b["comment"] = comment
    r = c.post(f"{path}/{x['id']}/transitions", b)
    eq(r.status, status, f"{action}: {r}")
    return r.json


def value(state="draft", ind=None, period="2025-06", v="85.75"):
    ind = ind or indicator()
    off, head = client("cb.skhcn"), client("gd.skhcn")
    r = off.post(f"indicators/{ind['id']}/values",
                 {"period": period, "value": v,
                  "source_note": "Cổng dịch vụ công quốc gia"})
    eq(r.status, 201, f"fixture value {r}")
    x = r.json
    if state == "draft":
        return x
    x = act(off, "indicator-values", x, "submit")
    if state == "submitted":
        return x
    if state == "approved":
        return act(head, "indicator-values", x, "approve")
    raise ValueError(state)


def op(name, user):
    c = client(user)
    if name == "GET value":
        return c.get(f"indicator-values/{value()['id']}").status
    if name.startswith("listed"):
        x = value()
        r = c.get("indicator-values?agency=SKHCN&limit=5")
        eq(r.status, 200, f"list as {user}")
        return "yes" if any(i["id"] == x["id"] for i in r.json["items"]) \
            else "no"
    state = name.split("(")[1].rstrip(")")
    if name.startswith("POST"):
        ind = indicator()
        if state == "retired":
            act(client("tk.bcd"), "indicators", ind, "retire", "Thôi")
        return c.post(f"indicators/{ind['id']}/values",
                      {"period": "2025-06", "value": "90"}).status
    x = value(state)
    if name.startswith("PATCH"):
        return c.patch(f"indicator-values/{x['id']}",
                       {"version": x["version"], "value": "91"}).status
    b = {"action": name.split()[0], "version": x["version"],
         "comment": "Chưa có nguồn xác thực"}
    return c.post(f"indicator-values/{x['id']}/transitions", b).status


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


def test_a_value_from_entry_to_current_and_its_correction():
    off, head, sec = client("cb.skhcn"), client("gd.skhcn"), client("tk.bcd")
    ind = indicator(frequency="quarter", baseline_value="85.75",
                    baseline_period="2025")
    base = f"indicators/{ind['id']}/values"
    # The period's form follows the indicator's frequency.
    expect_error(off.post(base, {"period": "2025-12", "value": "97.65"}),
                 400, "validation_failed", "period")
    expect_error(off.post(base, {"period": "2025-Q4", "value": "101"}),
                 400, "validation_failed", "value")
    r = off.post(base, {"period": "2025-Q4", "value": "097.650"})
    eq(r.status, 201, f"create {r}")
    x = r.json
    eq((x["value"], x["revision"], x["status"]), ("97.65", 1, "draft"))
    # Not sent without its source.
    r = off.post(f"indicator-values/{x['id']}/transitions",
                 {"action": "submit", "version": x["version"]})
    expect_error(r, 400, "validation_failed", "source_note")
    r = off.patch(f"indicator-values/{x['id']}", {
        "version": x["version"],
        "source_note": "Cổng dịch vụ công quốc gia, quý IV/2025"})
    eq(r.status, 200, f"edit {r}")
    x = act(off, "indicator-values", r.json, "submit")
    # One revision of a period in the works at a time.
    expect_error(off.post(base, {"period": "2025-Q4", "value": "97"}),
                 409, "duplicate", "period")
    # The head returns it with a reason, then approves the fix.
    r = head.post(f"indicator-values/{x['id']}/transitions",
                  {"action": "return", "version": x["version"]})
    expect_error(r, 400, "validation_failed", "comment")
    x = act(head, "indicator-values", x, "return", "Ghi rõ số hồ sơ")
    eq(x["last_return"]["comment"], "Ghi rõ số hồ sơ")
    x = act(off, "indicator-values", x, "submit")
    x = act(head, "indicator-values", x, "approve")
    eq(x["allowed_actions"], [])
    got = sec.get(f"indicators/{ind['id']}").json
    eq((got["current_value"], got["current_period"]), ("97.65", "2025-Q4"))
    # Final: no edit, no second approval.
    r = off.patch(f"indicator-values/{x['id']}",
                  {"version": x["version"], "value": "98"})
    expect_error(r, 409, "invalid_transition")
    # A correction is revision 2; revision 1 stays visible.
    r = off.post(base, {"period": "2025-Q4", "value": "97.7",
                        "source_note": "Số liệu rà soát lại"})
    eq(r.status, 201, f"correction {r}")
    y = r.json
    eq(y["revision"], 2)
    y = act(off, "indicator-values", y, "submit")
    y = act(head, "indicator-values", y, "approve")
    got = sec.get(f"indicators/{ind['id']}").json
    eq(got["current_value"], "97.7")
    items = sec.get(base).json["items"]
    eq([(i["period"], i["revision"], i["value"], i["status"])
        for i in items],
       [("2025-Q4", 2, "97.7", "approved"),
        ("2025-Q4", 1, "97.65", "approved")])
    # An older period approved later does not hide the newer one.
    z = value("approved", ind=ind, period="2025-Q3", v="90")
    eq(z["status"], "approved")
    eq(sec.get(f"indicators/{ind['id']}").json["current_period"], "2025-Q4")
    # The history of each value, and the head's queue.
    h = sec.get(f"indicator-values/{x['id']}/history").json["items"]
    eq([i["action"] for i in h],
       ["create", "edit", "submit", "return", "submit", "approve"])
    eq(h[3]["comment"], "Ghi rõ số hồ sơ")
    eq([i["action"] for i in
        sec.get(f"indicators/{ind['id']}/history").json["items"]],
       ["create"])
    w = value("submitted", ind=ind, period="2025-Q2", v="88")
    queue = head.get("indicator-values?status=submitted&agency=SKHCN"
                     "&limit=200").json["items"]
    check(any(i["id"] == w["id"] and i["indicator"]["code"] == ind["code"]
              for i in queue), "in the head's queue")
    expect_error(head.get("indicator-values?status=open"), 400,
                 "validation_failed", "status")


def test_units_bound_values():
    off = client("cb.skhcn")
    ind = indicator(unit="count", name="Cơ sở dữ liệu chuyên ngành "
                    "được đưa vào sử dụng")
    r = off.post(f"indicators/{ind['id']}/values",
                 {"period": "2025-12", "value": "10.5"})
    expect_error(r, 400, "validation_failed", "value")
    r = off.post(f"indicators/{ind['id']}/values",
                 {"period": "2025-12", "value": "11"})
    eq(r.status, 201, f"count {r}")
    eq(r.json["value"], "11")


def test_series_against_the_target_line():
    off, head, sec = client("cb.skhcn"), client("gd.skhcn"), client("tk.bcd")
    # On-time dossiers: 96.65 % in 2024, 98.73 % to reach by 2025's end.
    ind = indicator(frequency="quarter", baseline_value="96.65",
                    baseline_period="2024", tolerance="0.5",
                    targets=["2025-12-31=98.73", "2026-12-31=99.5"])
    for period, v in (("2025-Q1", "97"), ("2025-Q2", "96.9"),
                      ("2025-Q4", "98.73")):
        value("approved", ind=ind, period=period, v=v)
    # A value in the works does not count.
    value("submitted", ind=ind, period="2025-Q3", v="99")
    r = sec.get(f"indicators/{ind['id']}/series?year=2025")
    eq(r.status, 200, f"series {r}")
    got = [(i["period"], i["target"], i["expected"], i["actual"],
            i["status"]) for i in r.json["items"]]
    eq(got, [("2025-Q1", "98.73", "97.16", "97", "on_track"),
             ("2025-Q2", "98.73", "97.68", "96.9", "behind"),
             ("2025-Q3", "98.73", "98.21", None, "no_data"),
             ("2025-Q4", "98.73", "98.73", "98.73", "achieved")])
    # 2026 runs from 2025's target to 2026's.
    r = sec.get(f"indicators/{ind['id']}/series?year=2026")
    eq(r.json["items"][0]["expected"], "98.92")
    expect_error(sec.get(f"indicators/{ind['id']}/series?year=1999"), 400,
                 "validation_failed", "year")
    eq(client("cb.cat").get(f"indicators/{ind['id']}/series").status, 404)
    eq(head.get(f"indicators/{ind['id']}/series").status, 200)
    eq(off.get(f"indicators/{ind['id']}/series").status, 200)


def test_the_dashboard_shows_target_actual_and_status():
    ind = indicator(frequency="quarter", baseline_value="96.65",
                    baseline_period="2024", targets=["2025-12-31=98.73"])
    value("approved", ind=ind, period="2025-Q4", v="98.73")
    d = client("ld.bcd").get("dashboard")
    eq(d.status, 200, f"dashboard {d}")
    mine = [i for i in d.json["indicators"] if i["id"] == ind["id"]]
    eq(len(mine), 1, "listed once")
    eq({k: mine[0][k] for k in ("period", "target", "actual", "status")},
       {"period": "2025-Q4", "target": "98.73", "actual": "98.73",
        "status": "achieved"})
    # A head sees their own agency's indicators only.
    own = client("gd.skhcn").get("dashboard").json["indicators"]
    check(any(i["id"] == ind["id"] for i in own), "own agency's")
    other = client("gd.snv").get("dashboard").json["indicators"]
    check(all(i["agency"] == "SNV" for i in other), "a head's own only")
    # A retired indicator leaves the dashboard.
    act(client("tk.bcd"), "indicators", ind, "retire", "Đã đạt")
    d = client("ld.bcd").get("dashboard").json
    check(all(i["id"] != ind["id"] for i in d["indicators"]), "retired")


def test_the_dashboard_workbook_has_the_indicators():
    import io
    import openpyxl
    ind = indicator(frequency="quarter", baseline_value="96.65",
                    baseline_period="2024", targets=["2025-12-31=98.73"],
                    tolerance="0.5")
    value("approved", ind=ind, period="2025-Q4", v="98.7")
    r = client("ld.bcd").get("exports/dashboard.xlsx")
    eq(r.status, 200, f"export {r.status}")
    ws = openpyxl.load_workbook(io.BytesIO(r.body))["Chỉ tiêu"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    top = next(i for i, row in enumerate(rows) if row[0] == "STT")
    eq(rows[top][9], "Thực hiện")
    mine = [row for row in rows[top + 1:] if row[1] == ind["code"]]
    eq(len(mine), 1, "one row")
    eq(mine[0][5:7], ["2025-Q4", "98,73"])
    eq(mine[0][7], datetime.datetime(2025, 12, 31), "a real date")
    eq(mine[0][9:11], ["98,7", "Đúng tiến độ"])


def test_the_audit_names_a_record_by_kind_and_id():
    """A record of no task is named in the audit by (record_kind,
    record_id), as a task is by task_id; one without the other is
    refused, and a history reads its own kind only."""
    ind = indicator()
    v = value("approved", ind=ind, period="2025-04")
    rows = client("tk.bcd").get("audit?actor=tk.bcd&limit=20").json["items"]
    mine = [a for a in rows if a["action"] == "indicator_create"
            and a["record_id"] == ind["id"]]
    eq(len(mine), 1, "the indicator's creation")
    eq((mine[0]["record_kind"], mine[0]["task_id"]), ("indicator", None))
    rows = client("tk.bcd").get("audit?actor=gd.skhcn&limit=20").json["items"]
    approve = [a for a in rows if a["action"] == "indicator_value_approve"
               and a["record_id"] == v["id"]]
    eq([a["record_kind"] for a in approve], ["indicator_value"])
    # A history takes its own kind's rows, whatever the ids.
    h = client("tk.bcd").get(f"indicator-values/{v['id']}/history").json
    eq([i["action"] for i in h["items"]], ["create", "submit", "approve"])
    h = client("tk.bcd").get(f"indicators/{ind['id']}/history").json
    eq([i["action"] for i in h["items"]], ["create"])
    # Every row names both or neither, old rows included (0024 filled
    # them), and the database refuses one without the other.
    _, out, _ = sql_root("SELECT COUNT(*) FROM audit WHERE "
                         "(record_id IS NULL) <> (record_kind IS NULL)")
    eq(out.strip(), "0")
    rc, _, err = sql_app(
        "INSERT INTO audit (at, action, record_id, client_addr, "
        "request_id) VALUES (UTC_TIMESTAMP(6), 'x', 1, '', 'test-265')")
    check(rc != 0 and "audit_record_pair" in err, f"refused: {err}")

