-- SPDX-License-Identifier: ISC
-- A counter of changes to what the task list shows (issue 8): tasks,
-- their coordinators and the agencies (whose order sorts the
-- coordinators), bumped by triggers in the same transaction as the change.
-- A worker keeps the last unfiltered list pages it built under the value
-- it read (fcgi/api/api_task_cache.c) and serves them again while the
-- value is unchanged: a committed change shows on the very next request,
-- from any worker.  Cascades fire no triggers, but each begins at a row of
-- one of these tables (a task deleted, an agency renamed), whose own
-- trigger bumps.  Like task_totals, the row serialises the transactions
-- that change tasks until they commit: a province's writes are a few a
-- minute against thousands of list reads.

CREATE TABLE IF NOT EXISTS list_version (
	k	TINYINT UNSIGNED NOT NULL PRIMARY KEY,	-- always 1
	v	BIGINT UNSIGNED NOT NULL
) ENGINE=InnoDB;

INSERT IGNORE INTO list_version (k, v) VALUES (1, 0);

CREATE OR REPLACE TRIGGER list_version_task_insert AFTER INSERT ON tasks
    FOR EACH ROW UPDATE list_version SET v = v + 1 WHERE k = 1;
CREATE OR REPLACE TRIGGER list_version_task_update AFTER UPDATE ON tasks
    FOR EACH ROW UPDATE list_version SET v = v + 1 WHERE k = 1;
CREATE OR REPLACE TRIGGER list_version_task_delete AFTER DELETE ON tasks
    FOR EACH ROW UPDATE list_version SET v = v + 1 WHERE k = 1;
CREATE OR REPLACE TRIGGER list_version_coord_insert
    AFTER INSERT ON task_coordinators
    FOR EACH ROW UPDATE list_version SET v = v + 1 WHERE k = 1;
CREATE OR REPLACE TRIGGER list_version_coord_update
    AFTER UPDATE ON task_coordinators
    FOR EACH ROW UPDATE list_version SET v = v + 1 WHERE k = 1;
CREATE OR REPLACE TRIGGER list_version_coord_delete
    AFTER DELETE ON task_coordinators
    FOR EACH ROW UPDATE list_version SET v = v + 1 WHERE k = 1;
CREATE OR REPLACE TRIGGER list_version_agency_insert AFTER INSERT ON agencies
    FOR EACH ROW UPDATE list_version SET v = v + 1 WHERE k = 1;
CREATE OR REPLACE TRIGGER list_version_agency_update AFTER UPDATE ON agencies
    FOR EACH ROW UPDATE list_version SET v = v + 1 WHERE k = 1;
CREATE OR REPLACE TRIGGER list_version_agency_delete AFTER DELETE ON agencies
    FOR EACH ROW UPDATE list_version SET v = v + 1 WHERE k = 1;

CALL nv_grant('SELECT', 'list_version');
