-- SPDX-License-Identifier: ISC
-- The registration round (issue 15): each year the committee asks every
-- body the registration letter is addressed to (party bodies, the
-- provincial departments, the Fatherland Front and the mass
-- organisations) to register at least one breakthrough task before a
-- deadline (10 January 2026 for 2026).  Registrations after it are
-- accepted but marked late; the compliance board says, per body, on time,
-- late or missing.

CREATE TABLE IF NOT EXISTS registration_rounds (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	year		SMALLINT UNSIGNED NOT NULL,
	opens_on	DATE NOT NULL,
	deadline	DATE NOT NULL,
	-- The kinds of body that must register; agencies.kind's values.
	kinds		SET('party', 'front', 'department', 'other', 'commune')
			NOT NULL,
	notes		VARCHAR(2000) NOT NULL DEFAULT '',
	status		ENUM('open') NOT NULL,
	version		INT UNSIGNED NOT NULL DEFAULT 1,
	created_by	VARCHAR(64) NOT NULL,
	created_at	DATETIME(6) NOT NULL,
	updated_at	DATETIME(6) NOT NULL,
	PRIMARY KEY (id),
	UNIQUE KEY registration_rounds_year (year),
	CONSTRAINT registration_rounds_dates CHECK (opens_on <= deadline)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

-- When a registration reached the committee: the database's clock (UTC)
-- at the task's first submission, like the audit's time, never a
-- client's.  A withdrawal and a new submission keep the first date.
ALTER TABLE tasks ADD COLUMN IF NOT EXISTS registered_at DATETIME(6) NULL;

DROP TRIGGER IF EXISTS tasks_registered_at;
CREATE TRIGGER tasks_registered_at BEFORE UPDATE ON tasks FOR EACH ROW
	SET NEW.registered_at = IF(OLD.registered_at IS NULL
	    AND OLD.status = 'draft' AND NEW.status = 'submitted',
	    UTC_TIMESTAMP(6), NEW.registered_at);

-- Tasks submitted before this migration: their first submission in the
-- audit trail.
UPDATE tasks t SET t.registered_at = (SELECT MIN(a.at) FROM audit a
    WHERE a.task_id = t.id AND a.action = 'submit')
    WHERE t.registered_at IS NULL AND t.status <> 'draft';

CALL nv_grant('SELECT, INSERT, UPDATE', 'registration_rounds');
