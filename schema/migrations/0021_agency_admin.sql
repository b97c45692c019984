-- SPDX-License-Identifier: ISC
-- Agencies administered through the API (issues 15 and 17): add, rename,
-- retire, merge.  Nothing is ever deleted and a code never changes, so
-- every task, report, history and audit row keeps the code it was written
-- under:
--  - a rename keeps the former name in agency_names with the time it
--    stopped being the name (valid_to) and since when it had been
--    (valid_from, NULL: since the agency was first loaded), so the name
--    at any date can be told;
--  - a retired agency (retired_at) can no longer be chosen for a task,
--    and keeps its name for what was written under it;
--  - a merge retires the absorbed agency (merged_into) and moves only its
--    open tasks (lead and coordination) to the other one; completed and
--    cancelled tasks, reports and history stay under the old code and
--    so under the old name.

ALTER TABLE agencies
	ADD COLUMN IF NOT EXISTS retired_at DATETIME(6) NULL,
	ADD COLUMN IF NOT EXISTS merged_into VARCHAR(16) NULL,
	ADD COLUMN IF NOT EXISTS named_since DATETIME(6) NULL,
	ADD COLUMN IF NOT EXISTS version INT UNSIGNED NOT NULL DEFAULT 1;

CREATE TABLE IF NOT EXISTS agency_names (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	code		VARCHAR(16) NOT NULL,
	name		VARCHAR(200) NOT NULL,
	valid_from	DATETIME(6) NULL,
	valid_to	DATETIME(6) NOT NULL,
	PRIMARY KEY (id),
	KEY agency_names_code (code, valid_to),
	CONSTRAINT agency_names_agency FOREIGN KEY (code)
	    REFERENCES agencies (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

CALL nv_grant('SELECT, INSERT, UPDATE', 'agencies');
CALL nv_grant('SELECT, INSERT', 'agency_names');
