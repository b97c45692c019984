# SPDX-License-Identifier: ISC
"""The application's database account cannot rewrite the audit trail, and
neither can anyone else without dropping the triggers."""

from lib import Client, check, eq, sql_app, sql_root


def test_app_account_cannot_update_or_delete_audit():
    Client(SOURCE).login("admin")  # noqa: F821
    rc, _, err = sql_app("UPDATE audit SET action = 'x' WHERE id = 1")
    check(rc != 0 and "denied" in err, f"UPDATE refused: {err}")
    rc, _, err = sql_app("DELETE FROM audit WHERE id = 1")
    check(rc != 0 and "denied" in err, f"DELETE refused: {err}")
    rc, _, err = sql_app("TRUNCATE TABLE audit")
    check(rc != 0, f"TRUNCATE refused: {err}")
    rc, out, err = sql_app("SELECT COUNT(*) FROM audit")
    eq(rc, 0, f"SELECT allowed: {err}")


def test_triggers_stop_even_root():
    rc, _, err = sql_root("UPDATE audit SET action = 'x' ORDER BY id LIMIT 1")
    check(rc != 0 and "immutable" in err, f"UPDATE as root refused: {err}")
    rc, _, err = sql_root("DELETE FROM audit ORDER BY id LIMIT 1")
    check(rc != 0 and "immutable" in err, f"DELETE as root refused: {err}")


def test_app_account_has_least_privilege():
    rc, out, err = sql_app("SHOW GRANTS")
    eq(rc, 0, err)
    check("ALL PRIVILEGES" not in out and "DROP" not in out
          and "CREATE" not in out and "ALTER" not in out,
          f"no DDL grants: {out}")
    rc, _, err = sql_app("CREATE TABLE x (i INT)")
    check(rc != 0, "cannot create tables")


def test_the_database_sets_the_time_of_an_audit_row():
    """ASVS 5.0 16.2.2: the app account cannot choose `at` (a trigger
    overwrites it with MariaDB's clock on every insert)."""
    rc, _, err = sql_app(
        "INSERT INTO audit (at, action, client_addr, request_id) VALUES "
        "('2001-02-03 04:05:06', 'backdated', '127.0.0.1', 'test-070')")
    eq(rc, 0, f"the app account may insert: {err}")
    rc, out, _ = sql_root(
        "SELECT TIMESTAMPDIFF(SECOND, at, UTC_TIMESTAMP(6)) FROM audit "
        "WHERE request_id = 'test-070' ORDER BY id DESC LIMIT 1")
    check(0 <= int(out.strip()) < 60, f"at is now, not 2001: {out!r}")
