# SPDX-License-Identifier: ISC
"""Indicators (issue 13) through nginx: who may define, edit, retire and
read them (an access matrix written by hand from the issue: "the
secretariat defines and edits indicators (audited); everyone who can see
the dashboard can read them", and an agency its own), exact decimal values,
targets and contributing tasks, the 400s that write nothing, the history.

The fixture indicator is SKHCN's: cb.skhcn and gd.skhcn are its agency;
cb.snv and cb.cat officials of other agencies; gd.snv and gd.cat heads of
other agencies (they see the dashboard).  tk.bcd is secretariat only,
tt.bcd an official of SKHCN and secretariat."""

import uuid

from lib import Client, Fail, check, eq, expect_error, sql_root

USERS = ["cb.skhcn", "cb.snv", "cb.cat", "gd.skhcn", "gd.snv", "gd.cat",
         "tk.bcd", "tt.bcd", "ld.bcd", "admin"]

MATRIX = {
    "GET indicator":             "200 404 404 200 200 200 200 200 200 200",
    "GET history":               "200 404 404 200 200 200 200 200 200 200",
    "listed by GET /indicators": "yes no  no  yes yes yes yes yes yes yes",
    "POST indicator":            "403 403 403 403 403 403 201 201 403 403",
    "PATCH (active)":            "403 404 404 403 403 403 200 200 403 403",
    "PATCH (retired)":           "403 404 404 403 403 403 409 409 403 403",
    "retire (active)":           "403 404 404 403 403 403 200 200 403 403",
    "retire (retired)":          "403 404 404 403 403 403 409 409 403 403",
    "restore (retired)":         "403 404 404 403 403 403 200 200 403 403",
    "restore (active)":          "403 404 404 403 403 403 409 409 403 403",
}

clients = {}


def client(user):
    if user not in clients:
        c = Client(SOURCE)  # noqa: F821
        c.login(user)
        clients[user] = c
    return clients[user]


def sql(query):
    rc, out, err = sql_root(query)
    eq(rc, 0, f"{query}: {err}")
    return out.strip()


def code():
    # Reruns against one stack: codes are unique.
    return "T-" + uuid.uuid4().hex[:12].upper()


def body(**kw):
    b = {"code": code(), "name": "Tỷ lệ hồ sơ giải quyết đúng hạn",
         "unit": "percent", "agency": "SKHCN", "fields": ["admin_reform"],
         "baseline_value": "96.65", "baseline_period": "2024",
         "targets": ["2025-12-31=98.73", "2026-12-31=99"]}
    b.update(kw)
    return b


def fresh(state="active"):
    sec = client("tk.bcd")
    r = sec.post("indicators", body())
    eq(r.status, 201, f"fixture {r}")
    x = r.json
    if state == "retired":
        x = act(sec, x, "retire", "Không còn theo dõi")
    return x


def act(c, x, action, comment=None):
    b = {"action": action, "version": x["version"]}
    if comment:
        b["comment"] = comment
    r = c.post(f"indicators/{x['id']}/transitions", b)
    eq(r.status, 200, f"fixture {action}: {r}")
    return r.json


def op(name, user):
    c = client(user)
    if name == "GET indicator":
        return c.get(f"indicators/{fresh()['id']}").status
    if name == "GET history":
        return c.get(f"indicators/{fresh()['id']}/history").status
    if name == "listed by GET /indicators":
        x = fresh()
        r = c.get("indicators?limit=5")
        eq(r.status, 200, f"list as {user}")
        return "yes" if any(i["id"] == x["id"] for i in r.json["items"]) \
            else "no"
    if name == "POST indicator":
        return c.post("indicators", body()).status
    state = name.split("(")[1].rstrip(")")
    x = fresh(state)
    if name.startswith("PATCH"):
        return c.patch(f"indicators/{x['id']}",
                       {"version": x["version"], "tolerance": "1"}).status
    b = {"action": name.split()[0], "version": x["version"],
         "comment": "Theo kết luận của Ban Chỉ đạo"}
    return c.post(f"indicators/{x['id']}/transitions", b).status


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


def test_values_read_back_exactly():
    sec = client("tk.bcd")
    r = sec.post("tasks", {"kind": "directive", "name": "Dịch vụ công",
                           "lead_agency": "SKHCN", "deadline": "2030-12-31",
                           "status": "in_program"})
    eq(r.status, 201, f"task {r}")
    task = r.json["id"]
    c = code()
    r = sec.post("indicators", body(
        code=c.lower(), baseline_value="085.750", baseline_period="2025",
        targets=["2026-12-31=97.65", "2025-12-31=85.75"],
        tasks=[str(task)], survey_source="Khảo sát SIPAS 2025",
        sample_size=1200, direction="higher", frequency="quarter",
        agency="skhcn"))
    eq(r.status, 201, f"create {r}")
    x = r.json
    eq(x["code"], c)
    eq(x["agency"], "SKHCN")
    eq(x["baseline_value"], "85.75")
    eq(x["targets"], ["2025-12-31=85.75", "2026-12-31=97.65"])
    eq(x["tasks"], [str(task)])
    eq(x["frequency"], "quarter")
    eq(x["sample_size"], 1200)
    eq(x["tolerance"], "0")
    eq(x["status"], "active")
    eq(x["allowed_actions"], ["edit", "retire"])
    # Stored as exact decimals, one row per yearly target.
    eq(sql(f"SELECT baseline_value FROM indicators WHERE id = {x['id']}"),
       "85.7500")
    eq(sql("SELECT COUNT(*) FROM indicator_targets "
                f"WHERE indicator_id = {x['id']}"), "2")
    # The same values spelled otherwise change nothing: no new version.
    r = sec.patch(f"indicators/{x['id']}", {
        "version": 1, "baseline_value": "85.7500",
        "targets": ["2026-12-31=97.650", "2025-12-31=85.75"]})
    eq(r.status, 200, f"same {r}")
    eq(r.json["version"], 1)
    # A stale version is refused.
    r = sec.patch(f"indicators/{x['id']}", {"version": 9, "tolerance": "1"})
    expect_error(r, 409, "version_conflict")
    r = sec.patch(f"indicators/{x['id']}", {
        "version": 1, "tolerance": "0.5", "tasks": []})
    eq(r.status, 200, f"edit {r}")
    eq(r.json["tasks"], [])
    h = sec.get(f"indicators/{x['id']}/history").json["items"]
    eq([i["action"] for i in h], ["create", "edit"])
    eq(h[1]["changes"]["tolerance"], {"from": "0", "to": "0.5"})
    eq(h[1]["changes"]["tasks"], {"from": [str(task)], "to": []})
    check("targets" not in h[1]["changes"], "unchanged targets not in diff")
    # In no task's history.
    eq(sql("SELECT COUNT(*) FROM audit WHERE action LIKE 'indicator%' "
                f"AND record_id = {x['id']} AND task_id IS NULL"), "2")


def test_bad_input_is_400_and_writes_nothing():
    sec = client("tk.bcd")
    cases = [
        (dict(unit="kg"), "unit"),
        (dict(baseline_value="100.01"), "baseline_value"),
        (dict(baseline_value="96,65"), "baseline_value"),
        (dict(baseline_period="2024-13"), "baseline_period"),
        (dict(baseline_period=None), "baseline_period"),
        (dict(targets=["2026-02-30=50"]), "targets"),
        (dict(targets=["2026-06-30=50", "2026-12-31=60"]), "targets"),
        (dict(unit="count", baseline_value="10",
              targets=["2026-12-31=10.5"]), "targets"),
        (dict(tasks=["999999999"]), "tasks"),
        (dict(fields=["weather"]), "fields"),
        (dict(agency="KHONGCO"), "agency"),
        (dict(code="CHỈ TIÊU"), "code"),
        (dict(name=""), "name"),
        (dict(sample_size=0), "sample_size"),
    ]
    for kw, field in cases:
        b = body(**kw)
        before = sql("SELECT COUNT(*) FROM indicators")
        r = sec.post("indicators", b)
        expect_error(r, 400, "validation_failed", field)
        check(any(ord(ch) > 127 for ch in r.json["error"]["message"]),
              f"a Vietnamese message for {field}: {r.json}")
        eq(sql("SELECT COUNT(*) FROM indicators"), before,
           f"nothing written for {field}")
    # A taken code.
    x = fresh()
    r = sec.post("indicators", body(code=x["code"].lower()))
    expect_error(r, 409, "duplicate", "code")
    # A retirement says why.
    r = sec.post(f"indicators/{x['id']}/transitions",
                 {"action": "retire", "version": x["version"]})
    expect_error(r, 400, "validation_failed", "comment")


def test_list_filters():
    sec = client("tk.bcd")
    a = fresh()
    b = sec.post("indicators", body(agency="SYT", fields=["project06"]))
    eq(b.status, 201, f"create {b}")
    b = b.json
    ids = lambda q: [i["id"] for i in sec.get(q).json["items"]]  # noqa: E731
    check(a["id"] in ids("indicators?agency=SKHCN&limit=200"), "by agency")
    check(b["id"] not in ids("indicators?agency=SKHCN&limit=200"),
          "other agency filtered out")
    check(b["id"] in ids("indicators?field=project06&limit=200"), "by field")
    check(a["id"] not in ids("indicators?field=project06&limit=200"),
          "other field filtered out")
    act(sec, b, "retire", "Thử")
    check(b["id"] in ids("indicators?status=retired&limit=200"), "retired")
    check(b["id"] not in ids("indicators?status=active&limit=200"), "active")
    expect_error(sec.get("indicators?status=open"), 400,
                 "validation_failed", "status")
    expect_error(sec.get("indicators?field=weather"), 400,
                 "validation_failed", "field")
    expect_error(sec.get("indicators?colour=red"), 400, "validation_failed")
    eq(sec.get("indicators/999999999").status, 404)
