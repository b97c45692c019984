-- SPDX-License-Identifier: ISC
-- How many tasks each agency sees, by status, year and kind (issue 8): the
-- total of an official's list, and of agency= for whoever sees every task,
-- in a few rows whatever the number of tasks.
--
-- Why: those totals counted the agency's rows of task_visibility (0025,
-- 0047), an index range that grows with the agency's tasks.  On the bench
-- stack (146,449 tasks) SKHCN sees 21,363: the unfiltered total read them
-- all, 5.9 ms of an official's 7-11 ms first page after any task written
-- (the page itself 1 ms), where the secretariat's total is task_totals' 16
-- rows (0.05 ms).  The same 38 (status, year, kind) groups hold them.
--
-- A row per agency, status, year, kind and slot: the task's changes go to
-- slot 1 + id % 16, as list_version's and task_totals' (0037), so that two
-- writers of one agency's tasks (or of two agencies' tasks coordinated
-- crosswise: a deadlock, run again by db_tx) meet on a row only when
-- their ids agree modulo 16.  n counts the agency's rows of
-- task_visibility in the group; rows at 0 stay (a few hundred per agency
-- at most).
--
-- Kept where task_visibility is, in the same transaction as the change,
-- whatever the write path:
--  - nv_visibility_add / nv_visibility_drop (0025, 0047): a row of
--    task_visibility inserted or deleted (n 0 <-> 1), not n 1 <-> 2;
--  - task_visibility_update (0047): the task's status, year or kind
--    changed moves each of its rows from the old group to the new;
--  - a task deleted: its rows of task_visibility go by the foreign key's
--    cascade, which fires no trigger, so a BEFORE DELETE trigger on tasks
--    takes them out of their groups first (the whole statement is undone
--    if the delete fails);
--  - an agency's code changed: the foreign key's cascade renames its rows
--    here as it does there.

CREATE TABLE IF NOT EXISTS visibility_tally (
	agency_code	VARCHAR(16) NOT NULL,
	status		ENUM('draft', 'submitted', 'approved', 'returned',
			    'in_program', 'completed', 'cancelled') NOT NULL,
	year		SMALLINT UNSIGNED NOT NULL,
	kind		ENUM('breakthrough', 'database', 'directive') NOT NULL,
	k		TINYINT UNSIGNED NOT NULL,
	n		INT NOT NULL,
	PRIMARY KEY (agency_code, status, year, kind, k),
	CONSTRAINT visibility_tally_agency FOREIGN KEY (agency_code)
	    REFERENCES agencies (code) ON UPDATE CASCADE ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

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
	-- 1: a row inserted; 2: n raised on a row the agency had.
	IF ROW_COUNT() = 1 THEN
		INSERT INTO visibility_tally (agency_code, status, year, kind,
		    k, n)
		    SELECT ag, status, year, kind, 1 + tid % 16, 1
		    FROM tasks WHERE id = tid
		    ON DUPLICATE KEY UPDATE n = visibility_tally.n + 1;
	END IF;
END //

CREATE OR REPLACE PROCEDURE nv_visibility_drop(IN ag VARCHAR(16),
    IN tid BIGINT UNSIGNED)
BEGIN
	UPDATE task_visibility SET n = n - 1
	    WHERE agency_code = ag AND task_id = tid AND n > 0;
	UPDATE visibility_tally c JOIN task_visibility v
	    ON c.agency_code = v.agency_code AND c.status = v.status
	    AND c.year = v.year AND c.kind = v.kind AND c.k = 1 + tid % 16
	    SET c.n = c.n - 1
	    WHERE v.agency_code = ag AND v.task_id = tid AND v.n = 0;
	DELETE FROM task_visibility
	    WHERE agency_code = ag AND task_id = tid AND n = 0;
END //

CREATE OR REPLACE TRIGGER task_visibility_update AFTER UPDATE ON tasks
FOR EACH ROW
BEGIN
	IF NOT (NEW.status <=> OLD.status AND NEW.year <=> OLD.year
	    AND NEW.kind <=> OLD.kind
	    AND NEW.sort_deadline <=> OLD.sort_deadline) THEN
		IF NOT (NEW.status <=> OLD.status AND NEW.year <=> OLD.year
		    AND NEW.kind <=> OLD.kind) THEN
			UPDATE visibility_tally c JOIN task_visibility v
			    ON c.agency_code = v.agency_code
			    SET c.n = c.n - 1
			    WHERE v.task_id = OLD.id AND c.status = OLD.status
			    AND c.year = OLD.year AND c.kind = OLD.kind
			    AND c.k = 1 + OLD.id % 16;
			INSERT INTO visibility_tally (agency_code, status,
			    year, kind, k, n)
			    SELECT v.agency_code, NEW.status, NEW.year,
			        NEW.kind, 1 + NEW.id % 16, 1
			    FROM task_visibility v WHERE v.task_id = NEW.id
			    ON DUPLICATE KEY UPDATE n = visibility_tally.n + 1;
		END IF;
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

CREATE OR REPLACE TRIGGER visibility_tally_task_delete BEFORE DELETE ON tasks
FOR EACH ROW
	UPDATE visibility_tally c JOIN task_visibility v
	    ON c.agency_code = v.agency_code AND c.status = v.status
	    AND c.year = v.year AND c.kind = v.kind
	    SET c.n = c.n - 1
	    WHERE v.task_id = OLD.id AND c.k = 1 + OLD.id % 16 //

DELIMITER ;

-- Exact whatever the table held (a rerun after a partial failure).
DELETE FROM visibility_tally;
INSERT INTO visibility_tally (agency_code, status, year, kind, k, n)
    SELECT agency_code, status, year, kind, 1 + task_id % 16, COUNT(*)
    FROM task_visibility GROUP BY agency_code, status, year, kind,
        1 + task_id % 16;

-- The application reads it; only the triggers (their definer) write it.
CALL nv_grant('SELECT', 'visibility_tally');

-- One agency's page of one status, newest first (an official's
-- status=..., agency=...&status=... for whoever sees every task): the
-- agency's rows of that status in task order.  0047's indexes put year
-- and kind, or the deadline, before the id, so the page walked the
-- agency's rows by the primary key for the few of that status: 11,924
-- rows read for 51 in_program ones of SKHCN on the bench stack, the
-- newest being drafts (8.2 ms; 0.5 ms by this index, 51 rows read).
CREATE INDEX IF NOT EXISTS task_visibility_status
    ON task_visibility (agency_code, status, task_id);
