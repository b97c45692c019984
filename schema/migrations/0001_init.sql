-- SPDX-License-Identifier: ISC
-- Foundation: agencies, sessions, the login throttle and the audit trail,
-- and the application's database account with least privilege.
--
-- schema/migrate.sh sets @nv_app_user and @nv_app_host before each file.
-- MariaDB commits DDL implicitly, so a file is not one transaction: each
-- migration is written to be safe to rerun after a partial failure.

-- Grants for the application account, on tables of the current database.
DROP PROCEDURE IF EXISTS nv_grant;
CREATE PROCEDURE nv_grant(IN privs VARCHAR(200), IN tbl VARCHAR(64))
	EXECUTE IMMEDIATE CONCAT('GRANT ', privs, ' ON `',
	    REPLACE(DATABASE(), '`', '``'), '`.`', REPLACE(tbl, '`', '``'),
	    '` TO ', QUOTE(@nv_app_user), '@', QUOTE(@nv_app_host));

CREATE TABLE IF NOT EXISTS agencies (
	code		VARCHAR(16) NOT NULL,
	name		VARCHAR(200) NOT NULL,
	kind		ENUM('party', 'front', 'department', 'other', 'commune')
			NOT NULL,
	position	INT NOT NULL DEFAULT 0,
	PRIMARY KEY (code),
	UNIQUE KEY agencies_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

-- A session is found by the SHA-256 of its token; the token itself is
-- never stored.  The user's directory data is a snapshot taken at login.
CREATE TABLE IF NOT EXISTS sessions (
	token_hash	BINARY(32) NOT NULL,
	username	VARCHAR(64) NOT NULL,
	display_name	VARCHAR(256) NOT NULL,
	email		VARCHAR(256) NULL,
	title		VARCHAR(256) NULL,
	agency_code	VARCHAR(16) NULL,
	roles		TINYINT UNSIGNED NOT NULL,
	csrf_token	CHAR(43) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	client_addr	VARCHAR(45) NOT NULL,
	created_at	DATETIME(6) NOT NULL,
	last_seen	DATETIME(6) NOT NULL,
	PRIMARY KEY (token_hash),
	KEY sessions_last_seen (last_seen),
	KEY sessions_username (username),
	CONSTRAINT sessions_agency FOREIGN KEY (agency_code)
	    REFERENCES agencies (code) ON UPDATE CASCADE ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

-- kind 'u': canonical username; kind 'a': client address.
CREATE TABLE IF NOT EXISTS login_throttle (
	kind		CHAR(1) CHARACTER SET ascii NOT NULL,
	k		VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	window_start	DATETIME(6) NOT NULL,
	failures	INT UNSIGNED NOT NULL,
	PRIMARY KEY (kind, k)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

CREATE TABLE IF NOT EXISTS audit (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	at		DATETIME(6) NOT NULL,
	actor		VARCHAR(64) NULL,
	actor_name	VARCHAR(256) NULL,	-- as the directory had it then
	action		VARCHAR(32) NOT NULL,
	task_id		BIGINT UNSIGNED NULL,
	report_id	BIGINT UNSIGNED NULL,
	-- A transition's states and a comment or direction, for the history.
	from_status	VARCHAR(16) NULL,
	to_status	VARCHAR(16) NULL,
	comment		TEXT NULL,
	client_addr	VARCHAR(45) NOT NULL,
	request_id	VARCHAR(32) NOT NULL,
	detail		LONGTEXT NULL CHECK (detail IS NULL OR JSON_VALID(detail)),
	PRIMARY KEY (id),
	KEY audit_actor (actor, id),
	KEY audit_task (task_id, id),
	KEY audit_report (report_id, id),
	KEY audit_at (at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

-- Audit rows are written once.  The application account has no UPDATE or
-- DELETE grant; these triggers stop everyone else short of dropping them.
DROP TRIGGER IF EXISTS audit_no_update;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit FOR EACH ROW
	SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit rows are immutable';
DROP TRIGGER IF EXISTS audit_no_delete;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit FOR EACH ROW
	SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit rows are immutable';

CALL nv_grant('SELECT', 'agencies');
CALL nv_grant('SELECT, INSERT, UPDATE, DELETE', 'sessions');
CALL nv_grant('SELECT, INSERT, UPDATE, DELETE', 'login_throttle');
CALL nv_grant('SELECT, INSERT', 'audit');
