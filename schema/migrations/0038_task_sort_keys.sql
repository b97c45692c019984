-- SPDX-License-Identifier: ISC
-- The list sorted by a column (issue 17) in index order (issue 8,
-- filters).  Each sort key of fcgi/api/api_task_sort.c was an expression
-- (COALESCE(deadline, '9999-12-31'), COALESCE(progress_percent, -1),
-- status + 0) or a column without an index (name_fold): a sorted page of
-- the secretariat sorted every task to keep 51.  The same expressions as
-- virtual columns, each indexed with the id (the tie-break), let a page
-- read its 51 entries of the index from the cursor on; the columns are
-- computed by MariaDB, so no write path knows of them.
ALTER TABLE tasks
	ADD COLUMN IF NOT EXISTS sort_deadline DATE
	    AS (COALESCE(deadline, DATE '9999-12-31')) VIRTUAL,
	ADD COLUMN IF NOT EXISTS sort_progress SMALLINT
	    AS (COALESCE(progress_percent, -1)) VIRTUAL,
	ADD COLUMN IF NOT EXISTS sort_status TINYINT UNSIGNED
	    AS (status + 0) VIRTUAL,
	ADD INDEX IF NOT EXISTS tasks_sort_deadline (sort_deadline, id),
	ADD INDEX IF NOT EXISTS tasks_sort_progress (sort_progress, id),
	ADD INDEX IF NOT EXISTS tasks_sort_status (sort_status, id),
	ADD INDEX IF NOT EXISTS tasks_sort_name (name_fold, id);
