-- SPDX-License-Identifier: ISC
-- Imports of the registration template (issue 12): POST /imports/tasks
-- reads the file and checks every row; an import with no error keeps its
-- rows here until its uploader confirms it (POST /imports/{id}/confirm),
-- which creates the drafts, or it expires an hour later.  Nothing here is
-- a record of what happened (the audit has that): expired imports are
-- deleted.

CREATE TABLE IF NOT EXISTS imports (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	created_by	VARCHAR(64) NOT NULL,
	created_at	DATETIME(6) NOT NULL,
	expires_at	DATETIME(6) NOT NULL,
	nrows		INT UNSIGNED NOT NULL,
	invalid		INT UNSIGNED NOT NULL,
	confirmed_at	DATETIME(6) NULL,
	PRIMARY KEY (id),
	KEY imports_expiry (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

CREATE TABLE IF NOT EXISTS import_rows (
	import_id		BIGINT UNSIGNED NOT NULL,
	row_num			INT UNSIGNED NOT NULL,
	name			VARCHAR(500) NOT NULL,
	responsible_person	VARCHAR(200) NOT NULL,
	lead_agency		VARCHAR(16) NOT NULL,
	-- Codes, comma-separated, in the file's order.
	coordinating_agencies	VARCHAR(600) NOT NULL,
	expected_product	VARCHAR(2000) NOT NULL,
	estimated_budget	BIGINT NULL,
	notes			VARCHAR(2000) NOT NULL,
	deadline		DATE NULL,
	PRIMARY KEY (import_id, row_num),
	CONSTRAINT import_rows_import FOREIGN KEY (import_id)
	    REFERENCES imports (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

CALL nv_grant('SELECT, INSERT, UPDATE, DELETE', 'imports');
CALL nv_grant('SELECT, INSERT, DELETE', 'import_rows');
