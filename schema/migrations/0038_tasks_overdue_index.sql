-- SPDX-License-Identifier: ISC
-- The list's overdue=true (issue 8, filters): the open tasks whose
-- deadline has passed, found as five ranges (one per open status) of
-- deadlines before today, reading only those (about 1 % of the tasks),
-- where tasks_open (status, year, deadline, ...) reads every open task of
-- every year and a walk in id order reads every task.
-- fcgi/api/api_task.c, FILTER_OVERDUE_SOURCE.
ALTER TABLE tasks ADD INDEX IF NOT EXISTS tasks_overdue (status, deadline);
