# SPDX-License-Identifier: ISC
"""A task's resources (nguồn lực thực hiện), the field added to show what
adding a member to a kind of record takes (its row in the descriptor, its
migration, this test): it is created, read, edited with its history,
bounded, counted in characters, and held to the edit rights of the
registration's content."""

from lib import Client, eq, expect_error


def login(user):
    c = Client(SOURCE)  # noqa: F821
    c.login(user)
    return c


def test_resources_round_trip_and_history():
    off = login("cb.skhcn")
    r = off.post("tasks", {"name": "Nền tảng dữ liệu khoa học",
                           "resources": "02 cán bộ; 1,2 tỷ đồng ngân sách"})
    eq(r.status, 201, f"created {r}")
    t = r.json
    eq(t["resources"], "02 cán bộ; 1,2 tỷ đồng ngân sách", "stored")
    eq(off.get(f"tasks/{t['id']}").json["resources"], t["resources"], "read")
    r = off.patch(f"tasks/{t['id']}", {"resources": "03 cán bộ",
                                       "version": t["version"]})
    eq(r.status, 200, f"edited {r}")
    eq(r.json["resources"], "03 cán bộ", "edited")
    eq(r.json["version"], t["version"] + 1, "a new version")
    last = off.get(f"tasks/{t['id']}/history").json["items"][-1]
    eq(last["changes"], {"resources": {"from": t["resources"],
                                       "to": "03 cán bộ"}}, "in the history")
    eq(off.post("tasks", {"name": "Mặc định"}).json["resources"], "",
       "empty by default")


def test_resources_bounds_and_rights():
    off = login("cb.skhcn")
    r = off.post("tasks", {"name": "Giới hạn", "resources": "ậ" * 2000})
    eq(r.status, 201, f"2000 characters, 6000 bytes: {r}")
    expect_error(off.post("tasks", {"name": "Quá dài",
                                    "resources": "a" * 2001}),
                 400, "validation_failed", "resources")
    expect_error(off.post("tasks", {"name": "Sai kiểu", "resources": 5}),
                 400, "validation_failed", "resources")
    # The secretariat's schedule right does not reach the content.
    sec = login("tk.bcd")
    t = sec.post("tasks", {"kind": "directive", "name": "Chỉ đạo",
                           "lead_agency": "SKHCN", "status": "in_program",
                           "deadline": "2030-12-31"}).json
    eq(t["allowed_actions"].count("edit_schedule"), 1, "schedule only")
    r = sec.patch(f"tasks/{t['id']}", {"resources": "x",
                                       "version": t["version"]})
    expect_error(r, 403, "forbidden", "resources")
