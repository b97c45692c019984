-- SPDX-License-Identifier: ISC
-- An audit row of a record that belongs to no task (an indicator, an
-- indicator's value, a proposal) names it by the pair (record_kind,
-- record_id), as a task's row names it by task_id (issue 13).  record_id
-- alone left the kind to the action's prefix, and "indicator_" is a prefix
-- of "indicator_value_".
ALTER TABLE audit ADD COLUMN IF NOT EXISTS record_kind
    VARCHAR(24) CHARACTER SET ascii COLLATE ascii_bin NULL AFTER report_id;

-- Rows written before this column: their kind is their action's prefix.
-- Audit rows are immutable to every account (0001_init.sql); the migration,
-- run by the administrator, lifts that guard for this one statement, which
-- only fills the new column, and puts it back.
DROP TRIGGER IF EXISTS audit_no_update;
UPDATE audit SET record_kind = CASE
	WHEN action LIKE 'indicator\_value\_%' THEN 'indicator_value'
	WHEN action LIKE 'indicator\_%' THEN 'indicator'
	WHEN action LIKE 'proposal\_%' THEN 'proposal' END
    WHERE record_id IS NOT NULL AND record_kind IS NULL;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit FOR EACH ROW
	SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit rows are immutable';

-- One without the other names nothing.
ALTER TABLE audit ADD CONSTRAINT IF NOT EXISTS audit_record_pair
    CHECK ((record_id IS NULL) = (record_kind IS NULL));
ALTER TABLE audit DROP INDEX IF EXISTS audit_record,
    ADD INDEX audit_record (record_kind, record_id, id);
