-- SPDX-License-Identifier: ISC
-- What waits on me (issue 12): a read marker per user and task for the
-- directions of leadership (audit rows of action 'direction').  A
-- direction is unread while its audit id is above the user's marker.

CREATE TABLE IF NOT EXISTS direction_reads (
	username	VARCHAR(64) NOT NULL,
	task_id		BIGINT UNSIGNED NOT NULL,
	last_id		BIGINT UNSIGNED NOT NULL,
	PRIMARY KEY (username, task_id),
	CONSTRAINT direction_reads_task FOREIGN KEY (task_id)
	    REFERENCES tasks (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

CALL nv_grant('SELECT, INSERT, UPDATE', 'direction_reads');
