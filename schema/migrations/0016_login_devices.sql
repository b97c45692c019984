-- SPDX-License-Identifier: ISC
-- A login throttle that cannot be turned against officials (issue 16).
--
-- login_throttle gains the time of the last counted attempt, from which the
-- exponential delay of a slowed key (a username, an address) is measured,
-- and room for the (username, address) pair as a key: 64 + 1 + 45 bytes.
--
-- login_devices: OWASP's device cookies.  A browser that logged in as a
-- user gets a random token; only its SHA-256 is stored.  Presented again
-- with that username, it is counted on its own, so failures sent by anyone
-- else never slow or lock that browser.

ALTER TABLE login_throttle
	MODIFY k VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	ADD COLUMN IF NOT EXISTS last_at DATETIME(6) NULL AFTER window_start;

CREATE TABLE IF NOT EXISTS login_devices (
	token_hash	BINARY(32) NOT NULL,
	username	VARCHAR(64) NOT NULL,
	created_at	DATETIME(6) NOT NULL,
	PRIMARY KEY (token_hash),
	KEY login_devices_user (username, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

CALL nv_grant('SELECT, INSERT, DELETE', 'login_devices');
