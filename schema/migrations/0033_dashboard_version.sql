-- SPDX-License-Identifier: ISC
-- A counter per agency of changes to what GET /dashboard shows (issue 8),
-- bumped by triggers in the same transaction as the change, whatever the
-- write path.  A worker keeps the dashboards it built under the sum of the
-- counters read before building (fcgi/api/api_dashboard_cache.c) and
-- serves them again while the sum is unchanged: rows are only added or
-- incremented, never removed, so any committed change raises the sum and
-- shows on the very next request, from any worker.
--
-- Rows per agency, not one global row (docs/CLUSTER.md: list_version and
-- task_totals serialise every write): a report approved in one agency does
-- not wait for a task edited in another.  A change to a task, its
-- coordinators, reports or milestones bumps the row of the task's lead
-- agency (both, when the lead changes); rarely written tables the
-- dashboard reads (agencies, committees, registration rounds, indicators
-- and their values, proposals) bump the row ''.  A cascade fires no
-- trigger, but each begins at a row of one of these tables.
--
-- Whatever a later migration makes the dashboard read must bump a row
-- here too (CALL nv_dash_bump(agency) in its triggers).

CREATE TABLE IF NOT EXISTS dash_version (
	agency_code	VARCHAR(16) NOT NULL PRIMARY KEY,	-- '': global
	v		BIGINT UNSIGNED NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

INSERT IGNORE INTO dash_version (agency_code, v) VALUES ('', 0);

DELIMITER //

CREATE OR REPLACE PROCEDURE nv_dash_bump(IN ag VARCHAR(16))
BEGIN
	INSERT INTO dash_version (agency_code, v) VALUES (COALESCE(ag, ''), 1)
	    ON DUPLICATE KEY UPDATE v = v + 1;
END //

CREATE OR REPLACE PROCEDURE nv_dash_bump_task(IN tid BIGINT UNSIGNED)
BEGIN
	DECLARE ag VARCHAR(16) DEFAULT '';

	SELECT lead_agency INTO ag FROM tasks WHERE id = tid;
	CALL nv_dash_bump(ag);
END //

CREATE OR REPLACE TRIGGER dash_version_task_insert AFTER INSERT ON tasks
FOR EACH ROW CALL nv_dash_bump(NEW.lead_agency) //
CREATE OR REPLACE TRIGGER dash_version_task_update AFTER UPDATE ON tasks
FOR EACH ROW
BEGIN
	CALL nv_dash_bump(NEW.lead_agency);
	IF NEW.lead_agency <> OLD.lead_agency THEN
		CALL nv_dash_bump(OLD.lead_agency);
	END IF;
END //
CREATE OR REPLACE TRIGGER dash_version_task_delete AFTER DELETE ON tasks
FOR EACH ROW CALL nv_dash_bump(OLD.lead_agency) //

CREATE OR REPLACE TRIGGER dash_version_task_coordinators_insert
    AFTER INSERT ON task_coordinators
FOR EACH ROW CALL nv_dash_bump_task(NEW.task_id) //

CREATE OR REPLACE TRIGGER dash_version_task_coordinators_update
    AFTER UPDATE ON task_coordinators
FOR EACH ROW BEGIN
	CALL nv_dash_bump_task(NEW.task_id);
	IF NEW.task_id <> OLD.task_id THEN
		CALL nv_dash_bump_task(OLD.task_id);
	END IF;
END //

CREATE OR REPLACE TRIGGER dash_version_task_coordinators_delete
    AFTER DELETE ON task_coordinators
FOR EACH ROW CALL nv_dash_bump_task(OLD.task_id) //

CREATE OR REPLACE TRIGGER dash_version_reports_insert
    AFTER INSERT ON reports
FOR EACH ROW CALL nv_dash_bump_task(NEW.task_id) //

CREATE OR REPLACE TRIGGER dash_version_reports_update
    AFTER UPDATE ON reports
FOR EACH ROW BEGIN
	CALL nv_dash_bump_task(NEW.task_id);
	IF NEW.task_id <> OLD.task_id THEN
		CALL nv_dash_bump_task(OLD.task_id);
	END IF;
END //

CREATE OR REPLACE TRIGGER dash_version_reports_delete
    AFTER DELETE ON reports
FOR EACH ROW CALL nv_dash_bump_task(OLD.task_id) //

CREATE OR REPLACE TRIGGER dash_version_task_milestones_insert
    AFTER INSERT ON task_milestones
FOR EACH ROW CALL nv_dash_bump_task(NEW.task_id) //

CREATE OR REPLACE TRIGGER dash_version_task_milestones_update
    AFTER UPDATE ON task_milestones
FOR EACH ROW BEGIN
	CALL nv_dash_bump_task(NEW.task_id);
	IF NEW.task_id <> OLD.task_id THEN
		CALL nv_dash_bump_task(OLD.task_id);
	END IF;
END //

CREATE OR REPLACE TRIGGER dash_version_task_milestones_delete
    AFTER DELETE ON task_milestones
FOR EACH ROW CALL nv_dash_bump_task(OLD.task_id) //

CREATE OR REPLACE TRIGGER dash_version_agencies_insert
    AFTER INSERT ON agencies
FOR EACH ROW CALL nv_dash_bump('') //

CREATE OR REPLACE TRIGGER dash_version_agencies_update
    AFTER UPDATE ON agencies
FOR EACH ROW CALL nv_dash_bump('') //

CREATE OR REPLACE TRIGGER dash_version_agencies_delete
    AFTER DELETE ON agencies
FOR EACH ROW CALL nv_dash_bump('') //

CREATE OR REPLACE TRIGGER dash_version_committees_insert
    AFTER INSERT ON committees
FOR EACH ROW CALL nv_dash_bump('') //

CREATE OR REPLACE TRIGGER dash_version_committees_update
    AFTER UPDATE ON committees
FOR EACH ROW CALL nv_dash_bump('') //

CREATE OR REPLACE TRIGGER dash_version_committees_delete
    AFTER DELETE ON committees
FOR EACH ROW CALL nv_dash_bump('') //

CREATE OR REPLACE TRIGGER dash_version_registration_rounds_insert
    AFTER INSERT ON registration_rounds
FOR EACH ROW CALL nv_dash_bump('') //

CREATE OR REPLACE TRIGGER dash_version_registration_rounds_update
    AFTER UPDATE ON registration_rounds
FOR EACH ROW CALL nv_dash_bump('') //

CREATE OR REPLACE TRIGGER dash_version_registration_rounds_delete
    AFTER DELETE ON registration_rounds
FOR EACH ROW CALL nv_dash_bump('') //

CREATE OR REPLACE TRIGGER dash_version_indicators_insert
    AFTER INSERT ON indicators
FOR EACH ROW CALL nv_dash_bump('') //

CREATE OR REPLACE TRIGGER dash_version_indicators_update
    AFTER UPDATE ON indicators
FOR EACH ROW CALL nv_dash_bump('') //

CREATE OR REPLACE TRIGGER dash_version_indicators_delete
    AFTER DELETE ON indicators
FOR EACH ROW CALL nv_dash_bump('') //

CREATE OR REPLACE TRIGGER dash_version_indicator_targets_insert
    AFTER INSERT ON indicator_targets
FOR EACH ROW CALL nv_dash_bump('') //

CREATE OR REPLACE TRIGGER dash_version_indicator_targets_update
    AFTER UPDATE ON indicator_targets
FOR EACH ROW CALL nv_dash_bump('') //

CREATE OR REPLACE TRIGGER dash_version_indicator_targets_delete
    AFTER DELETE ON indicator_targets
FOR EACH ROW CALL nv_dash_bump('') //

CREATE OR REPLACE TRIGGER dash_version_indicator_tasks_insert
    AFTER INSERT ON indicator_tasks
FOR EACH ROW CALL nv_dash_bump('') //

CREATE OR REPLACE TRIGGER dash_version_indicator_tasks_update
    AFTER UPDATE ON indicator_tasks
FOR EACH ROW CALL nv_dash_bump('') //

CREATE OR REPLACE TRIGGER dash_version_indicator_tasks_delete
    AFTER DELETE ON indicator_tasks
FOR EACH ROW CALL nv_dash_bump('') //

CREATE OR REPLACE TRIGGER dash_version_indicator_values_insert
    AFTER INSERT ON indicator_values
FOR EACH ROW CALL nv_dash_bump('') //

CREATE OR REPLACE TRIGGER dash_version_indicator_values_update
    AFTER UPDATE ON indicator_values
FOR EACH ROW CALL nv_dash_bump('') //

CREATE OR REPLACE TRIGGER dash_version_indicator_values_delete
    AFTER DELETE ON indicator_values
FOR EACH ROW CALL nv_dash_bump('') //

CREATE OR REPLACE TRIGGER dash_version_proposals_insert
    AFTER INSERT ON proposals
FOR EACH ROW CALL nv_dash_bump('') //

CREATE OR REPLACE TRIGGER dash_version_proposals_update
    AFTER UPDATE ON proposals
FOR EACH ROW CALL nv_dash_bump('') //

CREATE OR REPLACE TRIGGER dash_version_proposals_delete
    AFTER DELETE ON proposals
FOR EACH ROW CALL nv_dash_bump('') //


DELIMITER ;

CALL nv_grant('SELECT', 'dash_version');
