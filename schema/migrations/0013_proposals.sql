-- SPDX-License-Identifier: ISC
-- The difficulties register (issue 13): the proposals of each approved
-- monthly report, followed to a decision.  The secretariat forwards one to
-- an agency or to the committee ('BCD') with a deadline, or closes it; the
-- addressed agency's head answers.

CREATE TABLE IF NOT EXISTS proposals (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	task_id		BIGINT UNSIGNED NOT NULL,
	report_id	BIGINT UNSIGNED NOT NULL,
	-- The raising agency: the task's lead when the report was approved.
	agency		VARCHAR(16) NOT NULL,
	period		CHAR(7) CHARACTER SET ascii NOT NULL,
	text		TEXT NOT NULL,
	-- An agency's code, 'BCD' for the committee, '' until triaged.
	addressed_to	VARCHAR(16) NOT NULL DEFAULT '',
	due		DATE NULL,
	answer		TEXT NOT NULL DEFAULT '',
	answered_by	VARCHAR(256) NULL,
	answered_at	DATETIME(6) NULL,
	status		ENUM('new', 'forwarded', 'answered', 'closed') NOT NULL,
	version		INT UNSIGNED NOT NULL DEFAULT 1,
	created_by	VARCHAR(64) NOT NULL,
	created_at	DATETIME(6) NOT NULL,
	updated_at	DATETIME(6) NOT NULL,
	PRIMARY KEY (id),
	-- One item per report: its proposals, once approved.
	UNIQUE KEY proposals_report (report_id),
	KEY proposals_task (task_id),
	-- The follow-up: overdue answers, by status and deadline.
	KEY proposals_due (status, due),
	KEY proposals_agency (agency, status),
	KEY proposals_addressed (addressed_to, status),
	CONSTRAINT proposals_task FOREIGN KEY (task_id) REFERENCES tasks (id),
	CONSTRAINT proposals_report FOREIGN KEY (report_id)
	    REFERENCES reports (id),
	CONSTRAINT proposals_agency FOREIGN KEY (agency)
	    REFERENCES agencies (code) ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

CALL nv_grant('SELECT, INSERT, UPDATE', 'proposals');
