-- SPDX-License-Identifier: ISC
-- The second factor (issue 16): TOTP secrets and recovery codes.
--
-- user_totp: one row per user who began enrolment; confirmed_at is set by
-- the first valid code, and only then is the second factor in force.
-- last_counter: the RFC 6238 time step of the last accepted code, so that
-- a code cannot be used twice.  user_recovery: each unused recovery code as
-- an Argon2id string (salted; ASVS 5.0 6.5.2: a code has about 50 bits);
-- using one deletes its row.  sessions.totp_pending: a
-- session of a user whose role requires a second factor that they have not
-- enrolled yet may only enrol.

CREATE TABLE IF NOT EXISTS user_totp (
	username	VARCHAR(64) NOT NULL,
	secret		VARBINARY(64) NOT NULL,
	created_at	DATETIME(6) NOT NULL,
	confirmed_at	DATETIME(6) NULL,
	last_counter	BIGINT NULL,
	PRIMARY KEY (username)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

CREATE TABLE IF NOT EXISTS user_recovery (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	username	VARCHAR(64) NOT NULL,
	code_hash	VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin
			NOT NULL,
	PRIMARY KEY (id),
	KEY user_recovery_user (username)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

ALTER TABLE sessions
	ADD COLUMN IF NOT EXISTS totp_pending TINYINT UNSIGNED NOT NULL
	    DEFAULT 0;

CALL nv_grant('SELECT, INSERT, UPDATE, DELETE', 'user_totp');
CALL nv_grant('SELECT, INSERT, DELETE', 'user_recovery');
