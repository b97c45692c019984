-- SPDX-License-Identifier: ISC
-- The audit trail's time is the database's, never the client's (issue 16).
--
-- The application's account may INSERT audit rows; without this it could
-- also choose their `at`, and a compromised worker could backdate a row.
-- The trigger overwrites `at` on every insert, for every account, so the
-- time is MariaDB's clock at the insert, in UTC like the rest of the table.

DROP TRIGGER IF EXISTS audit_time_is_ours;
CREATE TRIGGER audit_time_is_ours BEFORE INSERT ON audit FOR EACH ROW
	SET NEW.at = UTC_TIMESTAMP(6);
