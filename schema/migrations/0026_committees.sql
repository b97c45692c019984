-- SPDX-License-Identifier: ISC
-- Steering committees at two levels (issue 14): the province's, and one
-- per commune or ward since the two-level local government took effect
-- (the conclusion notice in ../shared/seeds/ is addressed to "Ban Chỉ
-- đạo cấp tỉnh, cấp xã").  Every agency belongs to exactly one committee;
-- what was loaded before this migration belongs to the province's.
--
-- A committee's code never changes (like an agency's), so whatever was
-- written under it keeps it.  parent is the province's committee for a
-- commune's and NULL for the province's own.

CREATE TABLE IF NOT EXISTS committees (
	code		VARCHAR(16) NOT NULL,
	name		VARCHAR(200) NOT NULL,
	level		ENUM('province', 'commune') NOT NULL,
	parent		VARCHAR(16) NULL,
	position	INT NOT NULL DEFAULT 0,
	PRIMARY KEY (code),
	UNIQUE KEY committees_name (name),
	KEY committees_parent (parent, position),
	CONSTRAINT committees_parent FOREIGN KEY (parent)
	    REFERENCES committees (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

INSERT IGNORE INTO committees (code, name, level, parent, position)
VALUES ('TINH', 'Ban Chỉ đạo tỉnh', 'province', NULL, 0);

ALTER TABLE agencies
	ADD COLUMN IF NOT EXISTS committee VARCHAR(16) NOT NULL DEFAULT 'TINH',
	ADD KEY IF NOT EXISTS agencies_committee (committee, position);

ALTER TABLE agencies ADD FOREIGN KEY IF NOT EXISTS agencies_committee_fk
    (committee) REFERENCES committees (code);

CALL nv_grant('SELECT', 'committees');
