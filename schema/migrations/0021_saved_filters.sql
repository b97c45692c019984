-- SPDX-License-Identifier: ISC
-- Saved filters (issue 17): a user's named queries of the task list,
-- at most 50 each (fcgi/api/api_filters.c keeps the bound).  The query is
-- the list's own query string, checked key by key when saved.

CREATE TABLE IF NOT EXISTS saved_filters (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	username	VARCHAR(64) NOT NULL,
	name		VARCHAR(100) NOT NULL,
	query		VARCHAR(1000) CHARACTER SET ascii COLLATE ascii_bin
			NOT NULL,
	created_at	DATETIME(6) NOT NULL,
	updated_at	DATETIME(6) NOT NULL,
	PRIMARY KEY (id),
	UNIQUE KEY saved_filters_name (username, name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

CALL nv_grant('SELECT, INSERT, UPDATE, DELETE', 'saved_filters');
