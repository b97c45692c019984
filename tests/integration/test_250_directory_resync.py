# SPDX-License-Identifier: ISC
"""Sessions follow the directory (issue 16; ASVS 5.0 7.4.2): a session
re-reads its user's entry every session_recheck seconds (600) and before
every change it makes.  Deleted, or out of every role group: the session
ends (401).  Agency or roles changed: the session follows.  Each is
audited.  The admin lists a user's sessions and ends them; `nhiemvu -u`
lists the directory's users as nhiemvu sees them."""

import json
import os
import subprocess

from lib import (RUN, SUFFIX, TOP, Client, check, eq, expect_error, ldap,
                 reloaded, sql_root)

LDAP_PORT = int(os.environ.get("NV_LDAP_PORT", "13389"))
GROUPS = f"ou=groups,{SUFFIX}"


def person(uid, agency, groups):
    """A fresh directory user in the given role groups (a rerun against
    the same stack replaces the one before)."""
    ldap("ldapdelete", f"uid={uid},ou=people,{SUFFIX}\n", may_fail=True)
    for g in ("nhiemvu-official", "nhiemvu-head"):
        member(uid, g, "delete", may_fail=True)
    ldap("ldapadd", f"""dn: uid={uid},ou=people,{SUFFIX}
objectClass: inetOrgPerson
uid: {uid}
cn: Cán bộ {uid}
sn: {uid}
displayName: Cán bộ {uid}
departmentNumber: {agency}
userPassword: Demo@2026
""")
    for g in groups:
        member(uid, g, "add")


def member(uid, group, op, may_fail=False):
    ldap("ldapmodify", f"""dn: cn={group},{GROUPS}
changetype: modify
{op}: member
member: uid={uid},ou=people,{SUFFIX}
""", may_fail)


def recheck_due(uid):
    """Moves the last directory check back past session_recheck."""
    sql_root("UPDATE sessions SET checked_at = UTC_TIMESTAMP(6) - "
             f"INTERVAL 601 SECOND WHERE username = '{uid}'")


def audit_of(uid, action):
    _, out, _ = sql_root("SELECT detail FROM audit WHERE actor = "
                         f"'{uid}' AND action = '{action}' ORDER BY id")
    return [json.loads(x) for x in out.splitlines() if x]


def test_a_moved_official_follows_the_directory():
    person("ds.chuyen", "SKHCN", ["nhiemvu-official"])
    c = Client(SOURCE)  # noqa: F821
    c.login("ds.chuyen")
    ldap("ldapmodify", f"""dn: uid=ds.chuyen,ou=people,{SUFFIX}
changetype: modify
replace: departmentNumber
departmentNumber: SNV
""")
    member("ds.chuyen", "nhiemvu-head", "add")
    u = c.get("session").json["user"]
    eq(u["agency"]["code"], "SKHCN", "not re-read before the interval")
    recheck_due("ds.chuyen")
    u = c.get("session").json["user"]
    eq((u["agency"]["code"], u["roles"]), ("SNV", ["official", "head"]),
       "after the interval the session follows the directory")
    eq(audit_of("ds.chuyen", "session_updated")[-1:], [{
        "from": {"agency": "SKHCN", "roles": ["official"],
                 "display_name": "Cán bộ ds.chuyen"},
        "to": {"agency": "SNV", "roles": ["official", "head"],
               "display_name": "Cán bộ ds.chuyen"}}], "audited")


def test_out_of_every_role_group_ends_the_session_before_a_change():
    person("ds.thoiviec", "SKHCN", ["nhiemvu-official"])
    c = Client(SOURCE)  # noqa: F821
    c.login("ds.thoiviec")
    member("ds.thoiviec", "nhiemvu-official", "delete")
    # A change re-checks at once, interval or not: no task is created.
    r = c.post("tasks", {"name": "Không được tạo"})
    expect_error(r, 401, "unauthenticated")
    expect_error(c.get("session"), 401, "unauthenticated")
    eq(audit_of("ds.thoiviec", "session_ended")[-1:], [{"reason": "no_access"}],
       "audited")
    _, out, _ = sql_root("SELECT COUNT(*) FROM tasks WHERE name = "
                         "'Không được tạo'")
    eq(out.strip(), "0", "nothing changed")


def test_a_deleted_official_loses_the_session():
    person("ds.xoa", "SKHCN", ["nhiemvu-official"])
    c = Client(SOURCE)  # noqa: F821
    c.login("ds.xoa")
    member("ds.xoa", "nhiemvu-official", "delete")
    ldap("ldapdelete", f"uid=ds.xoa,ou=people,{SUFFIX}\n")
    recheck_due("ds.xoa")
    expect_error(c.get("tasks"), 401, "unauthenticated")
    eq(audit_of("ds.xoa", "session_ended")[-1:], [{"reason": "not_in_directory"}],
       "audited")


def test_the_admin_lists_and_ends_a_users_sessions():
    person("ds.quanly", "SKHCN", ["nhiemvu-official"])
    a, b = Client(SOURCE), Client(SOURCE)  # noqa: F821
    a.login("ds.quanly")
    b.login("ds.quanly")
    admin = Client(SOURCE)  # noqa: F821
    admin.login("admin")
    expect_error(a.get("admin/sessions?username=ds.quanly"), 403,
                 "forbidden")
    expect_error(admin.get("admin/sessions"), 400, "validation_failed",
                 "username")
    items = admin.get("admin/sessions?username=DS.QUANLY").json["items"]
    eq(len(items), 2, f"two sessions: {items}")
    eq(set(items[0]) >= {"id", "username", "agency", "roles", "client_addr",
                         "created_at", "last_seen", "current"}, True, "shape")
    eq([i["client_addr"] for i in items], [SOURCE, SOURCE],  # noqa: F821
       "from where")
    newest = items[0]["id"]
    r = admin.delete(f"admin/sessions?username=ds.quanly&id={newest}")
    eq((r.status, r.json), (200, {"ended": 1}), "one ended")
    expect_error(b.get("session"), 401, "unauthenticated")
    eq(a.get("session").status, 200, "the other lives on")
    expect_error(admin.delete(
        f"admin/sessions?username=ds.quanly&id={newest}"), 404, "not_found")
    r = admin.delete("admin/sessions?username=ds.quanly")
    eq(r.json, {"ended": 1}, "the rest ended")
    expect_error(a.get("session"), 401, "unauthenticated")
    eq(audit_of("admin", "sessions_ended")[-2:], [
        {"username": "ds.quanly", "sessions": 1},
        {"username": "ds.quanly", "sessions": 1}], "audited")


def test_the_listing_command():
    p = subprocess.run([os.path.join(TOP, "build", "nhiemvu"), "-u", "-f",
                        os.path.join(RUN, "nhiemvu.conf")],
                       capture_output=True, timeout=60)
    eq(p.returncode, 0, p.stderr.decode()[-300:])
    lines = p.stdout.decode("utf-8").splitlines()
    eq(lines[0], "username\tdisplay_name\tagency\troles\taccess", "header")
    for want in ("gd.skhcn\tTrần Thị Bình\tSKHCN\tofficial,head\tok",
                 "ld.bcd\tĐỗ Văn Khánh\tVPTU\tleadership\tok",
                 "khach\tNgười ngoài\t-\t-\tno_access",
                 "cb.donvila\tcb.donvila\t?\tofficial\tno_access"):
        check(want in lines, f"{want!r} in the listing")


def test_the_listing_command_on_a_province_sized_directory():
    # Each user's role lookup used to hold its result in the arena's
    # deferred frees (64 slots): past about 20 users they ran out, a
    # result was freed while still read, and `nhiemvu -u` aborted.
    # 620: past the directory's sizelimit (500, as a province's caps one
    # search), which one search never got past: `nhiemvu -u`, the daily
    # reminders and an agency's reminder failed ("Size limit exceeded")
    # until the list read pages (RFC 2696).
    uids = [f"ds.nhieu{i:03d}" for i in range(620)]
    ldif = "".join(f"""dn: uid={u},ou=people,{SUFFIX}
objectClass: inetOrgPerson
uid: {u}
cn: Cán bộ {u}
sn: {u}
displayName: Cán bộ {u}
departmentNumber: SYT

""" for u in uids)
    ldap("ldapdelete", "".join(f"uid={u},ou=people,{SUFFIX}\n" for u in uids),
         may_fail=True)
    ldap("ldapadd", ldif)
    # Pages of 5: 130 of them, past the arena's 64 deferred frees, which
    # pages once held until the list's end (a use after free at about
    # 32,000 people with pages of 500).
    try:
        with reloaded({"ldap_page_size": 5}):
            listed_and_reminded(uids)
    finally:
        ldap("ldapdelete",
             "".join(f"uid={u},ou=people,{SUFFIX}\n" for u in uids),
             may_fail=True)


def listed_and_reminded(uids):
    p = subprocess.run([os.path.join(TOP, "build", "nhiemvu"), "-u",
                        "-f", os.path.join(RUN, "nhiemvu.conf")],
                       capture_output=True, timeout=60)
    eq(p.returncode, 0, p.stderr.decode()[-300:])
    lines = p.stdout.decode("utf-8").splitlines()
    for u in uids:
        check(f"{u}\tCán bộ {u}\tSYT\t-\tno_access" in lines,
              f"{u} listed")
    check("gd.skhcn\tTrần Thị Bình\tSKHCN\tofficial,head\tok" in lines,
          "and the users with roles, after them")
    # The same list in a request, through the directory processes:
    # the agency's two people with roles and mail, none of the 620.
    sec = Client(SOURCE)  # noqa: F821
    sec.login("tt.bcd")
    r = sec.post("reminders", {"agency": "SYT"})
    eq(r.status, 201, f"an agency reminded: {r}")
    eq(sorted(r.json["recipients"]), ["cb.syt", "gd.syt"], "recipients")
