-- SPDX-License-Identifier: ISC
-- Acting head (issue 12): a head delegates the approvals of their agency
-- to one of its officials for a range of dates.  The delegation runs from
-- `from_date` to `to_date` inclusive (the province's dates) unless it is
-- revoked; nothing has to end it.  Whether it runs is worked out per
-- request from this table (fcgi/domain/delegation.c), never cached.
CREATE TABLE IF NOT EXISTS delegations (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	agency		VARCHAR(16) NOT NULL,
	head		VARCHAR(64) NOT NULL,	-- the principal
	head_name	VARCHAR(256) NOT NULL,	-- as the directory had it then
	delegate	VARCHAR(64) NOT NULL,
	delegate_name	VARCHAR(256) NOT NULL,
	from_date	DATE NOT NULL,
	to_date		DATE NOT NULL,
	status		ENUM('active', 'revoked') NOT NULL,
	revoked_at	DATETIME(6) NULL,
	revoked_by	VARCHAR(64) NULL,
	version		INT UNSIGNED NOT NULL DEFAULT 1,
	created_by	VARCHAR(64) NOT NULL,
	created_at	DATETIME(6) NOT NULL,
	updated_at	DATETIME(6) NOT NULL,
	PRIMARY KEY (id),
	-- The per-request question: does a delegation name me today?
	KEY delegations_delegate (delegate, status, from_date),
	KEY delegations_agency (agency, id),
	CONSTRAINT delegations_dates CHECK (from_date <= to_date),
	CONSTRAINT delegations_agency_fk FOREIGN KEY (agency)
	    REFERENCES agencies (code) ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

CALL nv_grant('SELECT, INSERT, UPDATE', 'delegations');

-- "Approved by X on behalf of Y": the principal an acting head stood in
-- for, in the audit row of what they did as head (NULL otherwise).
ALTER TABLE audit ADD COLUMN IF NOT EXISTS on_behalf_of VARCHAR(64) NULL
    AFTER actor_name;
ALTER TABLE audit ADD COLUMN IF NOT EXISTS on_behalf_name VARCHAR(256) NULL
    AFTER on_behalf_of;
