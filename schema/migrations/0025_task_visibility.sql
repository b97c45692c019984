-- SPDX-License-Identifier: ISC
-- Which tasks each agency sees (issue 8): a row per agency and task it
-- leads or coordinates, kept by triggers in the same transaction as the
-- change, whatever the write path.  An official's list reads its agency's
-- rows in task order and stops after the page, instead of testing "lead =
-- agency OR EXISTS (coordinator)" task by task (fcgi/domain/task.h,
-- TASK_VISIBLE_SOURCE).  At 100,037 tasks the old page read 3,687
-- coordinator rows and 830 tasks to find 51; its total joined 3,687
-- coordinated tasks (11 ms).
--
--  n     how many of the two relations the agency has to the task: 1, or
--        2 if it were both lead and coordinator (task.c keeps the lead out
--        of the coordinators; counted, not assumed).  The row goes at 0.
--  draft the task's status is 'draft', for the total without drafts.
--
-- A deleted task's rows go by the foreign key (a cascade fires no
-- trigger, and needs none here); a renamed agency code follows by its
-- own cascade, as tasks.lead_agency and task_coordinators do.

CREATE TABLE IF NOT EXISTS task_visibility (
	agency_code	VARCHAR(16) NOT NULL,
	task_id		BIGINT UNSIGNED NOT NULL,
	n		TINYINT UNSIGNED NOT NULL,
	draft		BOOLEAN NOT NULL,
	PRIMARY KEY (agency_code, task_id),
	KEY task_visibility_task (task_id),
	CONSTRAINT task_visibility_task FOREIGN KEY (task_id)
	    REFERENCES tasks (id) ON DELETE CASCADE,
	CONSTRAINT task_visibility_agency FOREIGN KEY (agency_code)
	    REFERENCES agencies (code) ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

-- Exact whatever the table held (a rerun after a partial failure).
INSERT INTO task_visibility (agency_code, task_id, n, draft)
    SELECT agency_code, task_id, COUNT(*), MAX(draft) FROM (
        SELECT lead_agency AS agency_code, id AS task_id,
            status = 'draft' AS draft FROM tasks
        UNION ALL
        SELECT c.agency_code, c.task_id, t.status = 'draft'
            FROM task_coordinators c JOIN tasks t ON t.id = c.task_id) s
    GROUP BY agency_code, task_id
    ON DUPLICATE KEY UPDATE n = VALUES(n), draft = VALUES(draft);
DELETE v FROM task_visibility v
    LEFT JOIN tasks t ON t.id = v.task_id AND t.lead_agency = v.agency_code
    LEFT JOIN task_coordinators c ON c.task_id = v.task_id
        AND c.agency_code = v.agency_code
    WHERE t.id IS NULL AND c.task_id IS NULL;

DELIMITER //

CREATE OR REPLACE PROCEDURE nv_visibility_add(IN ag VARCHAR(16),
    IN tid BIGINT UNSIGNED)
BEGIN
	INSERT INTO task_visibility (agency_code, task_id, n, draft)
	    SELECT ag, tid, 1, status = 'draft' FROM tasks WHERE id = tid
	    ON DUPLICATE KEY UPDATE n = n + 1;
END //

CREATE OR REPLACE PROCEDURE nv_visibility_drop(IN ag VARCHAR(16),
    IN tid BIGINT UNSIGNED)
BEGIN
	UPDATE task_visibility SET n = n - 1
	    WHERE agency_code = ag AND task_id = tid AND n > 0;
	DELETE FROM task_visibility
	    WHERE agency_code = ag AND task_id = tid AND n = 0;
END //

CREATE OR REPLACE TRIGGER task_visibility_insert AFTER INSERT ON tasks
FOR EACH ROW CALL nv_visibility_add(NEW.lead_agency, NEW.id) //

CREATE OR REPLACE TRIGGER task_visibility_update AFTER UPDATE ON tasks
FOR EACH ROW
BEGIN
	IF (NEW.status = 'draft') <> (OLD.status = 'draft') THEN
		UPDATE task_visibility SET draft = (NEW.status = 'draft')
		    WHERE task_id = NEW.id;
	END IF;
	IF NEW.lead_agency <> OLD.lead_agency THEN
		CALL nv_visibility_drop(OLD.lead_agency, OLD.id);
		CALL nv_visibility_add(NEW.lead_agency, NEW.id);
	END IF;
END //

CREATE OR REPLACE TRIGGER task_visibility_coord_insert
AFTER INSERT ON task_coordinators
FOR EACH ROW CALL nv_visibility_add(NEW.agency_code, NEW.task_id) //

CREATE OR REPLACE TRIGGER task_visibility_coord_delete
AFTER DELETE ON task_coordinators
FOR EACH ROW CALL nv_visibility_drop(OLD.agency_code, OLD.task_id) //

CREATE OR REPLACE TRIGGER task_visibility_coord_update
AFTER UPDATE ON task_coordinators
FOR EACH ROW
BEGIN
	CALL nv_visibility_drop(OLD.agency_code, OLD.task_id);
	CALL nv_visibility_add(NEW.agency_code, NEW.task_id);
END //

DELIMITER ;

CALL nv_grant('SELECT', 'task_visibility');
