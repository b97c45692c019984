-- SPDX-License-Identifier: ISC
-- Counters the write path keeps that no longer serialise writers (issue 8,
-- writes under load).
--
-- list_version (0025) and task_totals (0008) were one row each: every
-- transaction that wrote a task took the row's lock until its COMMIT, so
-- two writers of different tasks waited for each other (1,508 row-lock
-- waits in 10 s of tests/bench/writes.py, 32 connections, sampled on
-- these two rows only; docs/CLUSTER.md: the rows two Galera nodes
-- conflict on).  Each becomes 16 rows, a task's changes going to slot
-- 1 + id % 16 (an agency's to slot 1: a few a year), and readers take the
-- sum (fcgi/api/api_task_cache.c, api_task_total.c).  Rows are only
-- incremented in list_version, so its sum rises with any committed change
-- as the single row did; task_totals' sums are the counts, whichever
-- slots the changes went to.  Two writers now meet on a row only when
-- their tasks' ids agree modulo 16.
--
-- The dashboard's counter (0033, dash_version; nv_dash_bump) is already a
-- row per agency: its triggers keep what they bump and when, but bump in
-- one statement instead of calling nv_dash_bump_task -> nv_dash_bump, two
-- nested procedure calls per changed row (20,000 inserts into a table with
-- such a trigger: 3.8 s with the calls, 2.4-3.1 s with the statement, 0.8 s
-- with none).  nv_dash_bump and nv_dash_bump_task stay, for later
-- migrations' triggers.

INSERT IGNORE INTO list_version (k, v) VALUES (1, 0), (2, 0), (3, 0),
    (4, 0), (5, 0), (6, 0), (7, 0), (8, 0), (9, 0), (10, 0), (11, 0),
    (12, 0), (13, 0), (14, 0), (15, 0), (16, 0);
INSERT IGNORE INTO task_totals (k, tasks, drafts) VALUES (1, 0, 0),
    (2, 0, 0), (3, 0, 0), (4, 0, 0), (5, 0, 0), (6, 0, 0), (7, 0, 0),
    (8, 0, 0), (9, 0, 0), (10, 0, 0), (11, 0, 0), (12, 0, 0), (13, 0, 0),
    (14, 0, 0), (15, 0, 0), (16, 0, 0);

CREATE OR REPLACE TRIGGER task_totals_insert AFTER INSERT ON tasks
    FOR EACH ROW UPDATE task_totals SET tasks = tasks + 1,
        drafts = drafts + (NEW.status = 'draft') WHERE k = 1 + NEW.id % 16;
CREATE OR REPLACE TRIGGER task_totals_delete AFTER DELETE ON tasks
    FOR EACH ROW UPDATE task_totals SET tasks = tasks - 1,
        drafts = drafts - (OLD.status = 'draft') WHERE k = 1 + OLD.id % 16;
-- Only a change into or out of draft touches a row.
CREATE OR REPLACE TRIGGER task_totals_update AFTER UPDATE ON tasks
    FOR EACH ROW UPDATE task_totals
        SET drafts = drafts + (NEW.status = 'draft') - (OLD.status = 'draft')
        WHERE k = 1 + NEW.id % 16 AND
            (NEW.status = 'draft') <> (OLD.status = 'draft');

CREATE OR REPLACE TRIGGER list_version_task_insert AFTER INSERT ON tasks
    FOR EACH ROW UPDATE list_version SET v = v + 1 WHERE k = 1 + NEW.id % 16;
CREATE OR REPLACE TRIGGER list_version_task_update AFTER UPDATE ON tasks
    FOR EACH ROW UPDATE list_version SET v = v + 1 WHERE k = 1 + NEW.id % 16;
CREATE OR REPLACE TRIGGER list_version_task_delete AFTER DELETE ON tasks
    FOR EACH ROW UPDATE list_version SET v = v + 1 WHERE k = 1 + OLD.id % 16;
CREATE OR REPLACE TRIGGER list_version_coord_insert
    AFTER INSERT ON task_coordinators
    FOR EACH ROW UPDATE list_version SET v = v + 1
        WHERE k = 1 + NEW.task_id % 16;
CREATE OR REPLACE TRIGGER list_version_coord_update
    AFTER UPDATE ON task_coordinators
    FOR EACH ROW UPDATE list_version SET v = v + 1
        WHERE k = 1 + NEW.task_id % 16;
CREATE OR REPLACE TRIGGER list_version_coord_delete
    AFTER DELETE ON task_coordinators
    FOR EACH ROW UPDATE list_version SET v = v + 1
        WHERE k = 1 + OLD.task_id % 16;
-- The agencies' triggers (0025) bump slot 1 already.

DELIMITER //

CREATE OR REPLACE TRIGGER dash_version_task_insert AFTER INSERT ON tasks
FOR EACH ROW INSERT INTO dash_version (agency_code, v)
    VALUES (COALESCE(NEW.lead_agency, ''), 1) ON DUPLICATE KEY UPDATE v = v + 1 //
CREATE OR REPLACE TRIGGER dash_version_task_update AFTER UPDATE ON tasks
FOR EACH ROW
BEGIN
	INSERT INTO dash_version (agency_code, v)
	    VALUES (COALESCE(NEW.lead_agency, ''), 1)
	    ON DUPLICATE KEY UPDATE v = v + 1;
	IF NEW.lead_agency <> OLD.lead_agency THEN
		CALL nv_dash_bump(OLD.lead_agency);
	END IF;
END //
CREATE OR REPLACE TRIGGER dash_version_task_delete AFTER DELETE ON tasks
FOR EACH ROW INSERT INTO dash_version (agency_code, v)
    VALUES (COALESCE(OLD.lead_agency, ''), 1) ON DUPLICATE KEY UPDATE v = v + 1 //

-- A task's lead agency, '' when there is no such task (as nv_dash_bump_task).
CREATE OR REPLACE TRIGGER dash_version_reports_insert
    AFTER INSERT ON reports
FOR EACH ROW INSERT INTO dash_version (agency_code, v)
    VALUES (COALESCE((SELECT t.lead_agency FROM tasks t
        WHERE t.id = NEW.task_id), ''), 1) ON DUPLICATE KEY UPDATE v = v + 1 //
CREATE OR REPLACE TRIGGER dash_version_reports_update
    AFTER UPDATE ON reports
FOR EACH ROW BEGIN
	INSERT INTO dash_version (agency_code, v)
	    VALUES (COALESCE((SELECT t.lead_agency FROM tasks t
	        WHERE t.id = NEW.task_id), ''), 1)
	    ON DUPLICATE KEY UPDATE v = v + 1;
	IF NEW.task_id <> OLD.task_id THEN
		CALL nv_dash_bump_task(OLD.task_id);
	END IF;
END //
CREATE OR REPLACE TRIGGER dash_version_reports_delete
    AFTER DELETE ON reports
FOR EACH ROW INSERT INTO dash_version (agency_code, v)
    VALUES (COALESCE((SELECT t.lead_agency FROM tasks t
        WHERE t.id = OLD.task_id), ''), 1) ON DUPLICATE KEY UPDATE v = v + 1 //

CREATE OR REPLACE TRIGGER dash_version_task_coordinators_insert
    AFTER INSERT ON task_coordinators
FOR EACH ROW INSERT INTO dash_version (agency_code, v)
    VALUES (COALESCE((SELECT t.lead_agency FROM tasks t
        WHERE t.id = NEW.task_id), ''), 1) ON DUPLICATE KEY UPDATE v = v + 1 //
CREATE OR REPLACE TRIGGER dash_version_task_coordinators_delete
    AFTER DELETE ON task_coordinators
FOR EACH ROW INSERT INTO dash_version (agency_code, v)
    VALUES (COALESCE((SELECT t.lead_agency FROM tasks t
        WHERE t.id = OLD.task_id), ''), 1) ON DUPLICATE KEY UPDATE v = v + 1 //

DELIMITER ;
