-- SPDX-License-Identifier: ISC
-- A task's coordinating agencies as the list shows them (issue 8): the
-- codes in the agencies' order (position, then code), comma-separated,
-- NULL for none, kept by triggers in the same transaction as the change,
-- whatever the write path.  The task descriptor reads this column instead
-- of a GROUP_CONCAT subquery per row (fcgi/domain/task.c), which was about
-- 40 % of a built list page's statement.
--
-- Kept by: a coordinator added, removed or changed (task_coordinators'
-- triggers), and an agency moved or renamed (its code cascades into
-- task_coordinators without firing their triggers; the agency's own
-- trigger rebuilds the tasks it coordinates).  A deleted task takes its
-- column with it; an agency that coordinates something cannot be deleted
-- (the foreign key restricts).

ALTER TABLE tasks ADD COLUMN IF NOT EXISTS coordinators VARCHAR(1000) NULL;

DELIMITER //

CREATE OR REPLACE PROCEDURE nv_coordinators_sync(IN tid BIGINT UNSIGNED)
BEGIN
	UPDATE tasks SET coordinators = (
	    SELECT GROUP_CONCAT(c.agency_code ORDER BY ca.position,
	        c.agency_code SEPARATOR ',')
	    FROM task_coordinators c JOIN agencies ca ON ca.code = c.agency_code
	    WHERE c.task_id = tid)
	WHERE id = tid;
END //

CREATE OR REPLACE TRIGGER task_coordinators_column_insert
AFTER INSERT ON task_coordinators
FOR EACH ROW CALL nv_coordinators_sync(NEW.task_id) //

CREATE OR REPLACE TRIGGER task_coordinators_column_delete
AFTER DELETE ON task_coordinators
FOR EACH ROW CALL nv_coordinators_sync(OLD.task_id) //

CREATE OR REPLACE TRIGGER task_coordinators_column_update
AFTER UPDATE ON task_coordinators
FOR EACH ROW
BEGIN
	CALL nv_coordinators_sync(NEW.task_id);
	IF OLD.task_id <> NEW.task_id THEN
		CALL nv_coordinators_sync(OLD.task_id);
	END IF;
END //

CREATE OR REPLACE TRIGGER task_coordinators_column_agency
AFTER UPDATE ON agencies
FOR EACH ROW
BEGIN
	IF NEW.position <> OLD.position OR NEW.code <> OLD.code THEN
		UPDATE tasks t SET t.coordinators = (
		    SELECT GROUP_CONCAT(c.agency_code ORDER BY ca.position,
		        c.agency_code SEPARATOR ',')
		    FROM task_coordinators c
		    JOIN agencies ca ON ca.code = c.agency_code
		    WHERE c.task_id = t.id)
		WHERE t.id IN (SELECT x.task_id FROM task_coordinators x
		    WHERE x.agency_code = NEW.code);
	END IF;
END //

DELIMITER ;

-- Exact whatever the column held (a rerun after a partial failure).
UPDATE tasks t LEFT JOIN (
    SELECT c.task_id, GROUP_CONCAT(c.agency_code ORDER BY ca.position,
        c.agency_code SEPARATOR ',') AS codes
    FROM task_coordinators c JOIN agencies ca ON ca.code = c.agency_code
    GROUP BY c.task_id) s ON s.task_id = t.id
SET t.coordinators = s.codes
WHERE NOT (t.coordinators <=> s.codes);
