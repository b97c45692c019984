-- SPDX-License-Identifier: ISC
-- When a task was sent for approval and by whom, and when it entered the
-- committee's programme (issue 17).
--
-- submitted_*: the latest submit, as the audit names it: the queues show
-- who sent a registration, when, and how long it has waited.
-- accepted_at: the day (province time) the secretariat accepted the task;
-- no monthly report is written for a month before it.  NULL for tasks the
-- secretariat created straight into the programme (directives, databases):
-- they may record work from the start of their year.

ALTER TABLE tasks
	ADD COLUMN IF NOT EXISTS accepted_at DATE NULL AFTER completed_at,
	ADD COLUMN IF NOT EXISTS submitted_at DATETIME(6) NULL AFTER accepted_at,
	ADD COLUMN IF NOT EXISTS submitted_by VARCHAR(64) NULL AFTER submitted_at,
	ADD COLUMN IF NOT EXISTS submitted_by_name VARCHAR(256) NULL
		AFTER submitted_by;

-- Existing tasks, from the audit trail (UTC; the province is UTC+7, with
-- no daylight saving).
UPDATE tasks t
JOIN (SELECT task_id, MAX(at) AS at FROM audit
      WHERE action = 'accept' AND to_status = 'in_program'
        AND task_id IS NOT NULL
      GROUP BY task_id) a ON a.task_id = t.id
SET t.accepted_at = DATE(a.at + INTERVAL 7 HOUR)
WHERE t.accepted_at IS NULL;

UPDATE tasks t
JOIN audit s ON s.id = (SELECT MAX(x.id) FROM audit x
                        WHERE x.task_id = t.id AND x.action = 'submit')
SET t.submitted_at = s.at, t.submitted_by = s.actor,
    t.submitted_by_name = s.actor_name
WHERE t.submitted_at IS NULL;
