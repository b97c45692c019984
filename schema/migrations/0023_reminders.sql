-- SPDX-License-Identifier: ISC
-- Reminders that chase (issue 12): every reminder the daily job (nhiemvu
-- -R) sent, by person and key ("due7:17:2026-03-31", "overdue:17:w2931",
-- "report:17:2026-03", "approve_task:17:…"), so that none is sent twice.

CREATE TABLE IF NOT EXISTS sent_reminders (
	username	VARCHAR(64) NOT NULL,
	rkey		VARCHAR(128) CHARACTER SET ascii NOT NULL,
	sent_at		DATETIME(6) NOT NULL,
	PRIMARY KEY (username, rkey),
	KEY sent_reminders_at (sent_at)
) ENGINE=InnoDB;

CALL nv_grant('SELECT, INSERT', 'sent_reminders');
