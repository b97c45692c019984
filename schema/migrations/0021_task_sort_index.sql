-- SPDX-License-Identifier: ISC
-- The task list sorted by its last change (GET /tasks?sort=-updated, issue
-- 17) reads this index in order instead of sorting every visible task: at
-- 100,000 tasks the secretariat's page went from a filesort of ~50,000
-- rows to an index walk of ~100 (EXPLAIN; tests/bench/sort.sh).
ALTER TABLE tasks ADD INDEX IF NOT EXISTS tasks_updated (updated_at, id);
