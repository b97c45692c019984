-- SPDX-License-Identifier: ISC
-- Indicators (chỉ tiêu): the measurable targets of the committee's 2026
-- conclusion ("from reporting progress to reporting results").  The
-- secretariat defines them; the responsible agency will report their
-- values.  Values are exact decimals (DECIMAL), never floats: 96.65 % must
-- read back as 96.65.

CREATE TABLE IF NOT EXISTS indicators (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	code		VARCHAR(32) CHARACTER SET ascii NOT NULL,
	name		VARCHAR(500) NOT NULL,
	unit		ENUM('percent', 'count', 'money') NOT NULL,
	-- Which way is better: a higher value (on-time dossiers) or a
	-- lower one (days to settle a dossier).
	direction	ENUM('higher', 'lower') NOT NULL,
	-- How often the agency reports a value.
	frequency	ENUM('month', 'quarter') NOT NULL,
	agency		VARCHAR(16) NOT NULL,
	fields		SET('science_technology', 'innovation',
			    'digital_transformation', 'admin_reform',
			    'project06') NOT NULL DEFAULT '',
	baseline_value	DECIMAL(19,4) NULL,
	baseline_period	VARCHAR(7) CHARACTER SET ascii NULL,
	-- A satisfaction measure names its survey and its sample.
	survey_source	VARCHAR(500) NOT NULL DEFAULT '',
	sample_size	INT UNSIGNED NULL,
	-- How far behind the straight line a value may be and still count
	-- as on track, in the indicator's unit.
	tolerance	DECIMAL(19,4) NOT NULL DEFAULT 0,
	notes		VARCHAR(2000) NOT NULL DEFAULT '',
	status		ENUM('active', 'retired') NOT NULL,
	version		INT UNSIGNED NOT NULL DEFAULT 1,
	created_by	VARCHAR(64) NOT NULL,
	created_at	DATETIME(6) NOT NULL,
	updated_at	DATETIME(6) NOT NULL,
	PRIMARY KEY (id),
	UNIQUE KEY indicators_code (code),
	KEY indicators_agency (agency, status),
	CONSTRAINT indicators_agency FOREIGN KEY (agency)
	    REFERENCES agencies (code) ON UPDATE CASCADE,
	CONSTRAINT indicators_baseline_period CHECK (baseline_period IS NULL
	    OR baseline_period REGEXP '^[0-9]{4}(-(0[1-9]|1[0-2]|Q[1-4]))?$')
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

-- Yearly targets: the value to reach by a date, one per year.
CREATE TABLE IF NOT EXISTS indicator_targets (
	indicator_id	BIGINT UNSIGNED NOT NULL,
	year		SMALLINT UNSIGNED NOT NULL,
	due		DATE NOT NULL,
	value		DECIMAL(19,4) NOT NULL,
	PRIMARY KEY (indicator_id, year),
	CONSTRAINT indicator_targets_indicator FOREIGN KEY (indicator_id)
	    REFERENCES indicators (id) ON DELETE CASCADE,
	CONSTRAINT indicator_targets_year CHECK (year = YEAR(due))
) ENGINE=InnoDB;

-- The tasks whose results move the indicator.
CREATE TABLE IF NOT EXISTS indicator_tasks (
	indicator_id	BIGINT UNSIGNED NOT NULL,
	task_id		BIGINT UNSIGNED NOT NULL,
	PRIMARY KEY (indicator_id, task_id),
	KEY indicator_tasks_task (task_id),
	CONSTRAINT indicator_tasks_indicator FOREIGN KEY (indicator_id)
	    REFERENCES indicators (id) ON DELETE CASCADE,
	CONSTRAINT indicator_tasks_task FOREIGN KEY (task_id)
	    REFERENCES tasks (id)
) ENGINE=InnoDB;

-- A record that belongs to no task (an indicator) is named in the audit
-- row by its own id; the action's prefix says which kind it is.
ALTER TABLE audit ADD COLUMN IF NOT EXISTS record_id BIGINT UNSIGNED NULL
    AFTER report_id;
ALTER TABLE audit ADD INDEX IF NOT EXISTS audit_record (record_id, id);

CALL nv_grant('SELECT, INSERT, UPDATE', 'indicators');
-- Child lists are rewritten on each edit (their history is the audit's
-- diff of the parent).
CALL nv_grant('SELECT, INSERT, DELETE', 'indicator_targets');
CALL nv_grant('SELECT, INSERT, DELETE', 'indicator_tasks');
