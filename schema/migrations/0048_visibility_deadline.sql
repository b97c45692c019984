-- SPDX-License-Identifier: ISC
-- task_visibility's rows carry their task's deadline too (issue 8,
-- filters), kept by 0025's triggers as 0047's columns are: an official's
-- overdue=true (the open tasks past their deadline, about 1 % of them)
-- is then a range of task_visibility_overdue, where the page and its
-- total walked every row the agency sees (SKHCN at 123,420 tasks: 16,720
-- and 19,684 rows read, 15 and 17 ms).

ALTER TABLE task_visibility
    ADD COLUMN IF NOT EXISTS deadline DATE NULL;

DELIMITER //

CREATE OR REPLACE PROCEDURE nv_visibility_add(IN ag VARCHAR(16),
    IN tid BIGINT UNSIGNED)
BEGIN
	INSERT INTO task_visibility (agency_code, task_id, n, draft, year,
	    status, kind, deadline)
	    SELECT ag, tid, 1, status = 'draft', year, status, kind, deadline
	    FROM tasks WHERE id = tid
	    ON DUPLICATE KEY UPDATE n = n + 1;
END //

CREATE OR REPLACE TRIGGER task_visibility_update AFTER UPDATE ON tasks
FOR EACH ROW
BEGIN
	IF NOT (NEW.status <=> OLD.status AND NEW.year <=> OLD.year
	    AND NEW.kind <=> OLD.kind AND NEW.deadline <=> OLD.deadline) THEN
		UPDATE task_visibility SET draft = (NEW.status = 'draft'),
		    year = NEW.year, status = NEW.status, kind = NEW.kind,
		    deadline = NEW.deadline
		    WHERE task_id = NEW.id;
	END IF;
	IF NEW.lead_agency <> OLD.lead_agency THEN
		CALL nv_visibility_drop(OLD.lead_agency, OLD.id);
		CALL nv_visibility_add(NEW.lead_agency, NEW.id);
	END IF;
END //

DELIMITER ;

-- Exact whatever the table held (a rerun after a partial failure).
UPDATE task_visibility v JOIN tasks t ON t.id = v.task_id
SET v.deadline = t.deadline;

CREATE INDEX IF NOT EXISTS task_visibility_overdue
    ON task_visibility (agency_code, status, deadline);
