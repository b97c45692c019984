-- SPDX-License-Identifier: ISC
-- Refusals in the audit trail, coalesced (issue 16).
--
-- Access-control refusals, CSRF failures and throttle hits are audited,
-- but a flood of them must not fill the disk: per key (the refusal and who
-- or where it came from) at most one audit row is written per window; the
-- others are only counted here, and that count goes into the detail of the
-- key's next audit row.  The row with k = '*' counts every refusal row
-- written in its window, so many keys at once are bounded too.

CREATE TABLE IF NOT EXISTS audit_coalesce (
	k		VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	window_start	DATETIME(6) NOT NULL,
	written		INT UNSIGNED NOT NULL,
	suppressed	INT UNSIGNED NOT NULL,
	PRIMARY KEY (k)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

CALL nv_grant('SELECT, INSERT, UPDATE, DELETE', 'audit_coalesce');
