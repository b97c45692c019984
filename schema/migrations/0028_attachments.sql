-- SPDX-License-Identifier: ISC
-- Evidence files (issue 12): decisions, plans, signed reports attached to
-- a task, a report or a milestone.  The bytes live in MariaDB, in rows of
-- at most 256 KiB (attachment_chunks), so that every worker host sees the
-- same files through the connection it already has, a Galera cluster
-- replicates them with everything else, an upload is one transaction
-- (nothing half-written is ever visible; a failed upload leaves no row)
-- and nhiemvu-backup's one mariadb-dump carries them (docs/CLUSTER.md).
--
-- attachment_blobs: one uploaded content, its size, SHA-256 and the type
-- libmagic judged; attachment_chunks: its bytes in order; attachments: the
-- record (a kind on the one write path), soft-deleted, never removed.
CREATE TABLE IF NOT EXISTS attachment_blobs (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	size		BIGINT UNSIGNED NOT NULL DEFAULT 0,
	sha256		CHAR(64) CHARACTER SET ascii NOT NULL DEFAULT '',
	content_type	VARCHAR(100) CHARACTER SET ascii NOT NULL DEFAULT '',
	nchunks		INT UNSIGNED NOT NULL DEFAULT 0,
	created_at	DATETIME(6) NOT NULL,
	PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

CREATE TABLE IF NOT EXISTS attachment_chunks (
	blob_id		BIGINT UNSIGNED NOT NULL,
	seq		INT UNSIGNED NOT NULL,
	data		MEDIUMBLOB NOT NULL,
	PRIMARY KEY (blob_id, seq),
	CONSTRAINT attachment_chunks_blob FOREIGN KEY (blob_id)
	    REFERENCES attachment_blobs (id)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS attachments (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	task_id		BIGINT UNSIGNED NOT NULL,
	target		ENUM('task', 'report', 'milestone') NOT NULL,
	target_id	BIGINT UNSIGNED NOT NULL,
	blob_id		BIGINT UNSIGNED NOT NULL,
	filename	VARCHAR(255) NOT NULL,
	content_type	VARCHAR(100) CHARACTER SET ascii NOT NULL,
	size		BIGINT UNSIGNED NOT NULL,
	sha256		CHAR(64) CHARACTER SET ascii NOT NULL,
	status		ENUM('active', 'deleted') NOT NULL,
	version		INT UNSIGNED NOT NULL DEFAULT 1,
	created_by	VARCHAR(64) NOT NULL,
	created_at	DATETIME(6) NOT NULL,
	updated_at	DATETIME(6) NOT NULL,
	PRIMARY KEY (id),
	KEY attachments_target (target, target_id, status, id),
	KEY attachments_task (task_id),
	CONSTRAINT attachments_task FOREIGN KEY (task_id) REFERENCES tasks (id),
	CONSTRAINT attachments_blob FOREIGN KEY (blob_id)
	    REFERENCES attachment_blobs (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

-- No DELETE: a deleted attachment is a state, and its bytes stay.
CALL nv_grant('SELECT, INSERT, UPDATE', 'attachment_blobs');
CALL nv_grant('SELECT, INSERT', 'attachment_chunks');
CALL nv_grant('SELECT, INSERT, UPDATE', 'attachments');
