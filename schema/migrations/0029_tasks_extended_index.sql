-- SPDX-License-Identifier: ISC
-- The dashboard counts extended tasks per agency (issue 15): few tasks
-- are ever extended, so a range over extensions > 0 reads only those,
-- whatever the number of tasks.
ALTER TABLE tasks ADD INDEX IF NOT EXISTS tasks_extended (extensions, year);
