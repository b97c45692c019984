# SPDX-License-Identifier: ISC
"""nhiemvu-backup and nhiemvu-restore round-trip the test stack: a backup,
a change, a wipe of the database and of the application account (a new
server), a restore, and every table (tasks, reports, audit...) has the same
rows again, with its triggers, routines and grants; a restore that is not
confirmed, or whose files do not match their checksums, changes nothing."""

import os
import shutil
import signal
import stat
import subprocess
import tempfile

from lib import (Client, RUN, TOP, check, eq, pool_pid, sql_root,
                 wait_until)

CONF = os.path.join(RUN, "nhiemvu.conf")
BACKUP = os.path.join(TOP, "packaging", "nhiemvu-backup")
RESTORE = os.path.join(TOP, "packaging", "nhiemvu-restore")


def snapshot():
    """Every table's row count and checksum, the triggers, the routines
    and the application account's grants."""
    rc, out, err = sql_root(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'nhiemvu' ORDER BY table_name")
    eq(rc, 0, f"list tables: {err}")
    snap = {}
    for t in out.split():
        _, n, _ = sql_root(f"SELECT COUNT(*) FROM `{t}`")
        _, cs, _ = sql_root(f"CHECKSUM TABLE `{t}` EXTENDED")
        snap[t] = (int(n), cs.split()[-1])
    snap["triggers"] = sql_root(
        "SELECT trigger_name FROM information_schema.triggers "
        "WHERE trigger_schema = 'nhiemvu' ORDER BY 1")[1]
    snap["routines"] = sql_root(
        "SELECT routine_name FROM information_schema.routines "
        "WHERE routine_schema = 'nhiemvu' ORDER BY 1")[1]
    snap["grants"] = sql_root("SHOW GRANTS FOR 'nhiemvu'@'localhost'")[1]
    return snap


def run(*cmd):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300)


def test_backup_wipe_restore():
    c = Client(SOURCE)  # noqa: F821
    c.login("tt.bcd")
    before = snapshot()
    # Evidence files live in the database (docs/CLUSTER.md): one upload
    # makes sure the backup has their bytes to carry.
    o = Client(SOURCE)  # noqa: F821
    o.login("cb.skhcn")
    r = o.post("tasks", {"name": "Nhiệm vụ có tệp minh chứng"})
    eq(r.status, 201, f"a task for the file: {r}")
    tid = r.json["id"]
    b = "nvbackup"
    r = o.post(f"tasks/{tid}/attachments", raw=(
        f'--{b}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="sao-luu.pdf"\r\n\r\n%PDF-1.4\n%%EOF\n\r\n--{b}--\r\n'
    ).encode(), content_type=f"multipart/form-data; boundary={b}")
    eq(r.status, 201, f"an evidence file to back up: {r}")
    before = snapshot()
    for t in ("tasks", "reports", "audit", "agencies", "schema_migrations",
              "attachments", "attachment_blobs", "attachment_chunks"):
        check(before.get(t, (0,))[0] > 0, f"the demo has rows in {t}")
    check("nv_grant" in before["routines"], "a routine to carry")
    check(before["triggers"].strip() != "", "triggers to carry")

    out = tempfile.mkdtemp(prefix="nv-backup-")
    try:
        r = run("sh", BACKUP, "-c", CONF, "-o", out)
        eq(r.returncode, 0, f"nhiemvu-backup: {r.stderr}")
        dest = r.stdout.strip()
        eq(sorted(os.listdir(dest)), ["SHA256SUMS", "database.sql.gz",
                                      "files.tar.gz", "grants.sql"],
           "the backup's files")
        eq(stat.S_IMODE(os.stat(dest).st_mode), 0o700, "backup dir 0700")
        for f in os.listdir(dest):
            eq(stat.S_IMODE(os.stat(os.path.join(dest, f)).st_mode), 0o600,
               f"{f} 0600")
        names = run("tar", "-tzPf", os.path.join(dest, "files.tar.gz"))
        check(CONF in names.stdout.split("\n") and
              os.path.join(RUN, "secrets", "db_password") in
              names.stdout.split("\n"),
              f"the configuration and its secrets: {names.stdout}")

        # A change after the backup: a new task, and its audit row.
        o = Client(SOURCE)  # noqa: F821
        o.login("cb.skhcn")
        r = o.post("tasks", {
            "name": "Nhiệm vụ tạo sau bản sao lưu",
            "responsible_person": "Trần Thị Bình, Giám đốc Sở",
            "expected_product": "Cơ sở dữ liệu dùng chung",
            "estimated_budget": 1000000, "deadline": "2026-12-31",
            "target": "100% hồ sơ", "fields": ["digital_transformation"]})
        eq(r.status, 201, f"a task after the backup: {r}")
        new_id = r.json["id"]
        changed = snapshot()
        check(changed["tasks"] != before["tasks"], "the task changed tasks")

        # Not confirmed: refused, nothing changed.
        r = run("sh", RESTORE, "-c", CONF, dest)
        eq(r.returncode, 1, "restore without --yes is refused")
        eq(snapshot(), changed, "a refused restore changes nothing")
        # A damaged backup: refused, nothing changed.
        bad = os.path.join(out, "damaged")
        shutil.copytree(dest, bad)
        with open(os.path.join(bad, "grants.sql"), "a") as f:
            f.write("-- edited\n")
        r = run("sh", RESTORE, "-c", CONF, "--yes", bad)
        eq(r.returncode, 1, "a backup failing SHA256SUMS is refused")
        check("SHA256SUMS" in r.stderr, f"says why: {r.stderr}")
        eq(snapshot(), changed, "a damaged backup changes nothing")

        # A new server: no database, no application account.
        rc, _, err = sql_root("DROP DATABASE nhiemvu; "
                              "DROP USER 'nhiemvu'@'localhost'", db="mysql")
        eq(rc, 0, f"wipe: {err}")
        r = run("sh", RESTORE, "-c", CONF, "--yes", dest)
        eq(r.returncode, 0, f"nhiemvu-restore: {r.stdout} {r.stderr}")
        after = snapshot()
        for k in sorted(before):
            eq(after.get(k), before[k], f"{k} restored")
        eq(sorted(after), sorted(before), "the same tables")
    finally:
        shutil.rmtree(out, ignore_errors=True)

    # The workers' connections lost their database with the wipe: the
    # pool is restarted after a restore (here SIGHUP: new workers).
    os.kill(pool_pid(), signal.SIGHUP)
    wait_until(lambda: Client(SOURCE).get("health").status == 200,  # noqa
               15, "health after the restore")
    codes = [c.get("session").status for _ in range(20)]
    eq(set(codes), {200}, f"a session from before the backup: {codes}")
    eq(c.get(f"tasks/{new_id}").status, 404,
       "the task made after the backup is gone")
