-- SPDX-License-Identifier: ISC
-- The committee's work programme and its approval (issue 15).  The
-- secretariat compiles the year's programme from the accepted tasks and
-- submits it; leadership approves it or returns it with a reason.  An
-- approved version is frozen: its items are a snapshot of the tasks as
-- submitted.  Amendment n (amendment > 0) holds the tasks accepted or
-- changed since the last approved version, approved the same way; the
-- version a task first appeared in is the first approved one holding it.

CREATE TABLE IF NOT EXISTS programmes (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	year		SMALLINT UNSIGNED NOT NULL,
	-- 0: the programme; n: its n-th amendment.
	amendment	SMALLINT UNSIGNED NOT NULL,
	-- The approving document, recordable after approval too.
	doc_number	VARCHAR(50) NOT NULL DEFAULT '',
	doc_date	DATE NULL,
	notes		VARCHAR(2000) NOT NULL DEFAULT '',
	status		ENUM('draft', 'submitted', 'approved', 'returned')
			NOT NULL,
	-- At most one version of a year is not yet approved.
	open_year	SMALLINT UNSIGNED AS
			    (IF(status = 'approved', NULL, year)) PERSISTENT,
	version		INT UNSIGNED NOT NULL DEFAULT 1,
	created_by	VARCHAR(64) NOT NULL,
	created_at	DATETIME(6) NOT NULL,
	updated_at	DATETIME(6) NOT NULL,
	PRIMARY KEY (id),
	UNIQUE KEY programmes_year (year, amendment),
	UNIQUE KEY programmes_open (open_year)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

-- A version's tasks as they stood when it was compiled or submitted:
-- the official table's columns.
CREATE TABLE IF NOT EXISTS programme_items (
	programme_id	BIGINT UNSIGNED NOT NULL,
	task_id		BIGINT UNSIGNED NOT NULL,
	position	INT UNSIGNED NOT NULL,
	-- New since the last approved version, or changed since it.
	change_kind	ENUM('added', 'changed') NOT NULL,
	name		VARCHAR(500) NOT NULL,
	lead_agency	VARCHAR(16) NOT NULL,
	coordinating	VARCHAR(1000) NOT NULL DEFAULT '',
	target		VARCHAR(2000) NOT NULL DEFAULT '',
	expected_product VARCHAR(2000) NOT NULL DEFAULT '',
	resources	VARCHAR(2000) NOT NULL DEFAULT '',
	estimated_budget BIGINT NULL,
	deadline	DATE NULL,
	PRIMARY KEY (programme_id, task_id),
	KEY programme_items_task (task_id),
	CONSTRAINT programme_items_programme FOREIGN KEY (programme_id)
	    REFERENCES programmes (id) ON DELETE CASCADE,
	CONSTRAINT programme_items_task FOREIGN KEY (task_id)
	    REFERENCES tasks (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

CALL nv_grant('SELECT, INSERT, UPDATE', 'programmes');
-- A version's items are compiled again at each submission until it is
-- approved; then nothing rewrites them (programme.c).
CALL nv_grant('SELECT, INSERT, DELETE', 'programme_items');
