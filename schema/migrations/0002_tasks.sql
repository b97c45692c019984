-- SPDX-License-Identifier: ISC
-- The task registry: the registration template's eight columns plus kind,
-- fields, year, target and deadlines; coordinating agencies as a join
-- table.  A task's history is its slice of the audit table (written in the
-- same transaction as each change, and just as immutable).

CREATE TABLE IF NOT EXISTS tasks (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	year		SMALLINT UNSIGNED NOT NULL,
	kind		ENUM('breakthrough', 'database', 'directive') NOT NULL,
	fields		SET('science_technology', 'innovation',
			    'digital_transformation', 'admin_reform',
			    'project06') NOT NULL DEFAULT '',
	name		VARCHAR(500) NOT NULL,
	-- name folded for accent-insensitive search (lower case, no
	-- diacritics, d for đ), written by the application: utf8_fold().
	-- Bytes, not text: LIKE '%...%' then compares bytes, three times
	-- faster than under a utf8mb4 collation (measured at 100,000 rows).
	name_fold	VARBINARY(2000) NOT NULL,
	responsible_person VARCHAR(200) NOT NULL DEFAULT '',
	lead_agency	VARCHAR(16) NOT NULL,
	expected_product VARCHAR(2000) NOT NULL DEFAULT '',
	-- Whole đồng: an exact integer, never a float.
	estimated_budget BIGINT UNSIGNED NULL,
	notes		VARCHAR(2000) NOT NULL DEFAULT '',
	target		VARCHAR(2000) NOT NULL DEFAULT '',
	deadline	DATE NULL,
	-- The deadline when the task entered in_program; never changes.
	original_deadline DATE NULL,
	status		ENUM('draft', 'submitted', 'approved', 'returned',
			    'in_program', 'completed', 'cancelled') NOT NULL,
	completed_at	DATE NULL,
	-- The latest approved progress report (monthly reports, later).
	progress_period	CHAR(7) NULL,
	progress_percent TINYINT UNSIGNED NULL,
	progress_health	ENUM('on_track', 'at_risk', 'delayed') NULL,
	version		INT UNSIGNED NOT NULL DEFAULT 1,
	created_by	VARCHAR(64) NOT NULL,
	created_at	DATETIME(6) NOT NULL,
	updated_at	DATETIME(6) NOT NULL,
	PRIMARY KEY (id),
	KEY tasks_lead (lead_agency, id),
	KEY tasks_year (year, id),
	KEY tasks_status (status, id),
	KEY tasks_kind (kind, id),
	KEY tasks_deadline (deadline),
	CONSTRAINT tasks_lead_agency FOREIGN KEY (lead_agency)
	    REFERENCES agencies (code) ON UPDATE CASCADE,
	CONSTRAINT tasks_budget CHECK (estimated_budget IS NULL OR
	    estimated_budget <= 1000000000000000),
	CONSTRAINT tasks_percent CHECK (progress_percent IS NULL OR
	    progress_percent <= 100)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

CREATE TABLE IF NOT EXISTS task_coordinators (
	task_id		BIGINT UNSIGNED NOT NULL,
	agency_code	VARCHAR(16) NOT NULL,
	PRIMARY KEY (task_id, agency_code),
	KEY task_coordinators_agency (agency_code, task_id),
	CONSTRAINT task_coordinators_task FOREIGN KEY (task_id)
	    REFERENCES tasks (id) ON DELETE CASCADE,
	CONSTRAINT task_coordinators_agency FOREIGN KEY (agency_code)
	    REFERENCES agencies (code) ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

-- Tasks are never deleted (cancel them); coordinators are replaced on edit.
CALL nv_grant('SELECT, INSERT, UPDATE', 'tasks');
CALL nv_grant('SELECT, INSERT, DELETE', 'task_coordinators');
