-- SPDX-License-Identifier: ISC
-- The list sorted by a column (issue 17) in index order (issue 8,
-- filters, second pass).  Each sort key of fcgi/api/api_task_sort.c was
-- an expression (COALESCE(deadline, '9999-12-31'), COALESCE(
-- progress_percent, -1), status + 0) or a column without an index
-- (name_fold): a sorted page of the secretariat sorted every task to keep
-- 51.  The same expressions as generated columns, each indexed with the
-- id (the cursor is (key, id)), let a page read its 51 entries of an
-- index from the cursor on; MariaDB computes them, so no write path
-- knows of them.  updated already has tasks_updated (updated_at, id).
--
-- STORED, not VIRTUAL.  A first attempt (the reverted migration
-- 0038_task_sort_keys) made them VIRTUAL: MariaDB 10.11 then returned
-- 0000-00-00 (or garbage such as 0059-14-05) for sort_deadline whenever
-- a statement read the rows by the primary key and sorted them
-- (filesort) and its WHERE held a condition the optimizer dropped as
-- always true, as the list's "? IS NULL OR ..." with a NULL parameter:
-- the column was not computed.  The plan is chosen when a page is a large
-- part of the tasks (limit=200 with 348 tasks in the integration suite),
-- so a page's cursor carried 0000-00-00 and test_136 walked one page for
-- ever.  A stored column is read from the row like any other.
ALTER TABLE tasks
	ADD COLUMN IF NOT EXISTS sort_deadline DATE
	    AS (COALESCE(deadline, DATE '9999-12-31')) STORED,
	ADD COLUMN IF NOT EXISTS sort_progress SMALLINT
	    AS (COALESCE(progress_percent, -1)) STORED,
	ADD COLUMN IF NOT EXISTS sort_status TINYINT UNSIGNED
	    AS (status + 0) STORED,
	ADD INDEX IF NOT EXISTS tasks_sort_deadline (sort_deadline, id),
	ADD INDEX IF NOT EXISTS tasks_sort_progress (sort_progress, id),
	ADD INDEX IF NOT EXISTS tasks_sort_status (sort_status, id),
	ADD INDEX IF NOT EXISTS tasks_sort_name (name_fold, id);
