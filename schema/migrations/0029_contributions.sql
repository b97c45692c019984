-- SPDX-License-Identifier: ISC
-- Coordinating bodies' contributions (issue 15): each agency that
-- coordinates a task adds a short account of its share to the lead body's
-- monthly report of a period, written by its officials and approved or
-- returned by its OWN head, as a report is.  One per agency per period;
-- the agency's code and its name then are kept, as a report keeps the
-- task's (a merge moves open tasks, not what was written).
CREATE TABLE IF NOT EXISTS report_contributions (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	task_id		BIGINT UNSIGNED NOT NULL,
	agency_code	VARCHAR(16) NOT NULL,
	agency_name	VARCHAR(200) NOT NULL,
	period		CHAR(7) CHARACTER SET ascii NOT NULL,	-- YYYY-MM
	contribution	TEXT NOT NULL DEFAULT '',
	progress_note	VARCHAR(500) NOT NULL DEFAULT '',
	status		ENUM('draft', 'submitted', 'approved', 'returned')
			NOT NULL,
	returned_by	VARCHAR(256) NULL,
	returned_at	DATETIME(6) NULL,
	return_comment	TEXT NULL,
	version		INT UNSIGNED NOT NULL DEFAULT 1,
	created_by	VARCHAR(64) NOT NULL,
	created_at	DATETIME(6) NOT NULL,
	updated_at	DATETIME(6) NOT NULL,
	PRIMARY KEY (id),
	UNIQUE KEY report_contributions_one (task_id, period, agency_code),
	KEY report_contributions_agency (agency_code, status),
	CONSTRAINT report_contributions_task FOREIGN KEY (task_id)
	    REFERENCES tasks (id),
	CONSTRAINT report_contributions_agency FOREIGN KEY (agency_code)
	    REFERENCES agencies (code),
	CONSTRAINT report_contributions_period CHECK (period REGEXP
	    '^[0-9]{4}-(0[1-9]|1[0-2])$')
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

-- A draft or returned one written by mistake is deleted (audited).
CALL nv_grant('SELECT, INSERT, UPDATE, DELETE', 'report_contributions');
