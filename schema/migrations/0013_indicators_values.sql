-- SPDX-License-Identifier: ISC
-- An indicator's actual values, one per period and revision: entered by
-- the responsible agency with its source, submitted, approved or returned
-- by its head, like a monthly report.  An approved value is final; a
-- correction is the next revision of the same period, and the old one
-- stays.  The latest approved value is copied into the indicator.

CREATE TABLE IF NOT EXISTS indicator_values (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	indicator_id	BIGINT UNSIGNED NOT NULL,
	-- YYYY-MM for a monthly indicator, YYYY-Qn for a quarterly one.
	period		VARCHAR(7) CHARACTER SET ascii NOT NULL,
	revision	SMALLINT UNSIGNED NOT NULL,
	value		DECIMAL(19,4) NOT NULL,
	source_note	TEXT NOT NULL DEFAULT '',
	status		ENUM('draft', 'submitted', 'approved', 'returned')
			NOT NULL,
	returned_by	VARCHAR(256) NULL,
	returned_at	DATETIME(6) NULL,
	return_comment	TEXT NULL,
	version		INT UNSIGNED NOT NULL DEFAULT 1,
	created_by	VARCHAR(64) NOT NULL,
	created_at	DATETIME(6) NOT NULL,
	updated_at	DATETIME(6) NOT NULL,
	-- At most one revision of a period in the works at a time: the
	-- unique key ignores approved rows (NULL).
	open_period	VARCHAR(7) CHARACTER SET ascii
			AS (IF(status = 'approved', NULL, period)) PERSISTENT,
	PRIMARY KEY (id),
	UNIQUE KEY indicator_values_revision (indicator_id, period, revision),
	UNIQUE KEY indicator_values_open (indicator_id, open_period),
	KEY indicator_values_status (status, indicator_id),
	CONSTRAINT indicator_values_indicator FOREIGN KEY (indicator_id)
	    REFERENCES indicators (id),
	CONSTRAINT indicator_values_period CHECK (period REGEXP
	    '^[0-9]{4}-(0[1-9]|1[0-2]|Q[1-4])$')
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

-- The latest approved value, for lists and the dashboard.
ALTER TABLE indicators ADD COLUMN IF NOT EXISTS current_value DECIMAL(19,4)
    NULL AFTER notes;
ALTER TABLE indicators ADD COLUMN IF NOT EXISTS current_period
    VARCHAR(7) CHARACTER SET ascii NULL AFTER current_value;

CALL nv_grant('SELECT, INSERT, UPDATE', 'indicator_values');
