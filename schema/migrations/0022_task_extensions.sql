-- SPDX-License-Identifier: ISC
-- Extensions and lateness (issue 15).  An extension granted before the
-- deadline in force has passed moves the yardstick: completion by the new
-- deadline is on time.  One granted after it had passed never erases the
-- lateness: the yardstick stays the passed deadline.  Lists, exports and
-- the dashboard say that a task was extended, how often and by whom.
ALTER TABLE tasks ADD COLUMN IF NOT EXISTS yardstick DATE NULL
    AFTER original_deadline;
ALTER TABLE tasks ADD COLUMN IF NOT EXISTS extensions SMALLINT UNSIGNED
    NOT NULL DEFAULT 0 AFTER yardstick;
ALTER TABLE tasks ADD COLUMN IF NOT EXISTS extended_by VARCHAR(64) NULL
    AFTER extensions;

-- Tasks accepted before this migration keep the verdict they had: late
-- when completed after the deadline in force or the accepted one.
UPDATE tasks SET yardstick = COALESCE(LEAST(deadline, original_deadline),
    deadline, original_deadline)
    WHERE yardstick IS NULL AND original_deadline IS NOT NULL;
