-- SPDX-License-Identifier: ISC
-- Idempotency-Key (fcgi/http/idem.c): the first answer to a user's key,
-- kept a day, so that a create retried after a lost answer returns it
-- instead of making a second record.  Written in the same transaction as
-- the record it reports.

CREATE TABLE IF NOT EXISTS idempotency (
	username	VARCHAR(64) NOT NULL,
	idem_key	VARBINARY(64) NOT NULL,
	-- SHA-256 of the method, path and body: a key sent again with
	-- another request is refused, not answered with the first.
	fingerprint	BINARY(32) NOT NULL,
	status		SMALLINT UNSIGNED NOT NULL,
	body		MEDIUMBLOB NOT NULL,
	created_at	DATETIME(6) NOT NULL,
	PRIMARY KEY (username, idem_key),
	KEY idempotency_age (username, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

CALL nv_grant('SELECT, INSERT, DELETE', 'idempotency');
