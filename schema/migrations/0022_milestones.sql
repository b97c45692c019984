-- SPDX-License-Identifier: ISC
-- Milestones inside a task (issue 15): dated intermediate products; for
-- the specialised databases "built" and "in use" as two milestones, so the
-- dashboard separates them.  Each is marked done with a date.
CREATE TABLE IF NOT EXISTS task_milestones (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	task_id		BIGINT UNSIGNED NOT NULL,
	kind		ENUM('product', 'built', 'in_use') NOT NULL,
	name		VARCHAR(500) NOT NULL,
	due		DATE NOT NULL,
	done_on		DATE NULL,
	status		ENUM('open', 'done') NOT NULL,
	version		INT UNSIGNED NOT NULL DEFAULT 1,
	created_by	VARCHAR(64) NOT NULL,
	created_at	DATETIME(6) NOT NULL,
	updated_at	DATETIME(6) NOT NULL,
	PRIMARY KEY (id),
	KEY task_milestones_task (task_id, due),
	KEY task_milestones_due (status, due),
	CONSTRAINT task_milestones_task FOREIGN KEY (task_id)
	    REFERENCES tasks (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

CALL nv_grant('SELECT, INSERT, UPDATE', 'task_milestones');
