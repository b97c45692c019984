-- SPDX-License-Identifier: ISC
-- The list sorted by a column (issue 17) in index order (issue 8,
-- filters, second pass).  Each sort key of fcgi/api/api_task_sort.c was
-- an expression (COALESCE(deadline, '9999-12-31'), COALESCE(
-- progress_percent, -1), status + 0) or a column without an index
-- (name_fold): a sorted page of the secretariat sorted every task to keep
-- 51.  The same expressions as columns, each indexed with the id (the
-- cursor is (key, id)), let a page read its 51 entries of an index from
-- the cursor on; triggers set them before every row is stored, so no
-- write path knows of them.  updated already has tasks_updated
-- (updated_at, id).
--
-- Plain columns set by triggers, not generated columns:
--  - VIRTUAL (the first attempt, the reverted migration
--    0038_task_sort_keys): MariaDB 10.11 returned 0000-00-00 (or garbage
--    such as 0059-14-05) for sort_deadline whenever a statement read the
--    rows by the primary key and sorted them (filesort) and its WHERE
--    held a condition the optimizer dropped as always true, as the list's
--    "? IS NULL OR ..." with a NULL parameter: the column was not
--    computed.  The plan is chosen when a page is a large part of the
--    tasks (limit=200 with 348 tasks in the integration suite), so a
--    page's cursor carried 0000-00-00 and test_136 walked one page for
--    ever;
--  - STORED: right values, but CHECKSUM TABLE then differs between two
--    tables holding the same rows (the backup's restore, test_980), so a
--    restore could no longer be checked.
ALTER TABLE tasks
	ADD COLUMN IF NOT EXISTS sort_deadline DATE NOT NULL
	    DEFAULT '9999-12-31',
	ADD COLUMN IF NOT EXISTS sort_progress SMALLINT NOT NULL DEFAULT -1,
	ADD COLUMN IF NOT EXISTS sort_status TINYINT UNSIGNED NOT NULL
	    DEFAULT 0,
	ADD INDEX IF NOT EXISTS tasks_sort_deadline (sort_deadline, id),
	ADD INDEX IF NOT EXISTS tasks_sort_progress (sort_progress, id),
	ADD INDEX IF NOT EXISTS tasks_sort_status (sort_status, id),
	ADD INDEX IF NOT EXISTS tasks_sort_name (name_fold, id);

CREATE OR REPLACE TRIGGER task_sort_keys_insert BEFORE INSERT ON tasks
    FOR EACH ROW SET
        NEW.sort_deadline = COALESCE(NEW.deadline, DATE '9999-12-31'),
        NEW.sort_progress = COALESCE(NEW.progress_percent, -1),
        NEW.sort_status = NEW.status + 0;

CREATE OR REPLACE TRIGGER task_sort_keys_update BEFORE UPDATE ON tasks
    FOR EACH ROW SET
        NEW.sort_deadline = COALESCE(NEW.deadline, DATE '9999-12-31'),
        NEW.sort_progress = COALESCE(NEW.progress_percent, -1),
        NEW.sort_status = NEW.status + 0;

-- The tasks already there.
UPDATE tasks SET
    sort_deadline = COALESCE(deadline, DATE '9999-12-31'),
    sort_progress = COALESCE(progress_percent, -1),
    sort_status = status + 0
    WHERE sort_status = 0;
