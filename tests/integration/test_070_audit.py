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
