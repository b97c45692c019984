-- SPDX-License-Identifier: ISC
-- One agency's filtered list and total from its rows of task_visibility
-- (issue 8, filters): each row carries its task's year, status, kind and
-- sort_deadline (the deadline, 9999-12-31 for none: 0042's key, which is
-- past today exactly when the deadline is), kept by the triggers of 0025
-- in the same transaction as the change, with three indexes that find,
-- count and order them.  At 123,420 tasks, SKHCN seeing 9,842 of them:
--  - the total of status=in_program joined every visible task, 19,684
--    rows read, 20.5 ms of a 26 ms first page (the secretariat's comes
--    from dash_tally in a few rows);
--  - the page of status=draft walked 14,199 rows for 51;
--  - overdue=true (the open tasks past their deadline, 81 of them) read
--    16,720 rows for the page and 19,684 for the total, 15 and 17 ms;
--  - the page by deadline read and sorted all 9,842 (25.6 ms; 0.3 ms
--    by task_visibility_deadline).
-- The same holds for agency= of whoever sees every task: the rows are the
-- tasks the agency leads or coordinates.
--
-- draft (0025) stays: it is status = 'draft', which the unfiltered total
-- reads by the primary key.

ALTER TABLE task_visibility
    ADD COLUMN IF NOT EXISTS year SMALLINT UNSIGNED NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS status ENUM('draft', 'submitted', 'approved',
        'returned', 'in_program', 'completed', 'cancelled') NOT NULL
        DEFAULT 'draft',
    ADD COLUMN IF NOT EXISTS kind ENUM('breakthrough', 'database',
        'directive') NOT NULL DEFAULT 'breakthrough',
    ADD COLUMN IF NOT EXISTS sort_deadline DATE NOT NULL
        DEFAULT '9999-12-31';

DELIMITER //

CREATE OR REPLACE PROCEDURE nv_visibility_add(IN ag VARCHAR(16),
    IN tid BIGINT UNSIGNED)
BEGIN
	INSERT INTO task_visibility (agency_code, task_id, n, draft, year,
	    status, kind, sort_deadline)
	    SELECT ag, tid, 1, status = 'draft', year, status, kind,
	        sort_deadline
	    FROM tasks WHERE id = tid
	    ON DUPLICATE KEY UPDATE n = n + 1;
END //

CREATE OR REPLACE TRIGGER task_visibility_update AFTER UPDATE ON tasks
FOR EACH ROW
BEGIN
	IF NOT (NEW.status <=> OLD.status AND NEW.year <=> OLD.year
	    AND NEW.kind <=> OLD.kind
	    AND NEW.sort_deadline <=> OLD.sort_deadline) THEN
		UPDATE task_visibility SET draft = (NEW.status = 'draft'),
		    year = NEW.year, status = NEW.status, kind = NEW.kind,
		    sort_deadline = NEW.sort_deadline
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
SET v.year = t.year, v.status = t.status, v.kind = t.kind,
    v.draft = (t.status = 'draft'), v.sort_deadline = t.sort_deadline;

CREATE INDEX IF NOT EXISTS task_visibility_filters
    ON task_visibility (agency_code, status, year, kind);
CREATE INDEX IF NOT EXISTS task_visibility_overdue
    ON task_visibility (agency_code, status, sort_deadline);
CREATE INDEX IF NOT EXISTS task_visibility_deadline
    ON task_visibility (agency_code, sort_deadline);
