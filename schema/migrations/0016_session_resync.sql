-- SPDX-License-Identifier: ISC
-- Sessions follow the directory (issue 16).
--
-- checked_at: when the session's user was last re-read from the directory
-- (NULL: at login, created_at); a session re-checks after
-- session_recheck seconds and before every change it makes.  id: a number
-- by which the administrator names a session to end it, since the token's
-- hash must never leave the server.

ALTER TABLE sessions
	ADD COLUMN IF NOT EXISTS checked_at DATETIME(6) NULL AFTER last_seen,
	ADD COLUMN IF NOT EXISTS id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	ADD UNIQUE KEY IF NOT EXISTS sessions_id (id),
	ADD KEY IF NOT EXISTS sessions_user (username);
