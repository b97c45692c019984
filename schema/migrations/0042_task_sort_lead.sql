-- SPDX-License-Identifier: ISC
-- The list sorted by lead agency (issue 17) in index order (issue 8,
-- filters, second pass).  The key is the lead agency's current name,
-- which lives in agencies: a sorted page of the secretariat looked it up
-- for every task and sorted them all to keep 51 (41 ms at 22,779 tasks).
-- sort_lead is a copy of that name, with agencies.name's type and
-- collation so that it orders and compares exactly as the lookup did,
-- indexed with the id (the cursor is (name, id)); kept by triggers in the
-- same transaction as the change, as task_totals is:
--  - a task written with a lead agency (or moved to another) takes that
--    agency's name, before the row is stored;
--  - an agency renamed (or its code changed: the foreign key's cascade
--    fires no trigger on tasks, but this one sees the new code) gives its
--    new name to its tasks.
-- Agency names are unique (agencies_name), so (name, id) is the order of
-- the lookup's (name, id), ties included.  fcgi/api/api_task_sort.c.
ALTER TABLE tasks
	ADD COLUMN IF NOT EXISTS sort_lead VARCHAR(200)
	    CHARACTER SET utf8mb4 COLLATE utf8mb4_uca1400_ai_ci NULL,
	ADD INDEX IF NOT EXISTS tasks_sort_lead (sort_lead, id);

CREATE OR REPLACE TRIGGER task_sort_lead_insert BEFORE INSERT ON tasks
    FOR EACH ROW SET NEW.sort_lead =
        (SELECT a.name FROM agencies a WHERE a.code = NEW.lead_agency);

DELIMITER //
CREATE OR REPLACE TRIGGER task_sort_lead_update BEFORE UPDATE ON tasks
FOR EACH ROW
BEGIN
	IF NOT (NEW.lead_agency <=> OLD.lead_agency) OR
	    NEW.sort_lead IS NULL THEN
		SET NEW.sort_lead = (SELECT a.name FROM agencies a
		    WHERE a.code = NEW.lead_agency);
	END IF;
END //

CREATE OR REPLACE TRIGGER task_sort_lead_agency AFTER UPDATE ON agencies
FOR EACH ROW
BEGIN
	IF NOT (NEW.name <=> OLD.name) OR NOT (NEW.code <=> OLD.code) THEN
		UPDATE tasks SET sort_lead = NEW.name
		    WHERE lead_agency = NEW.code;
	END IF;
END //
DELIMITER ;

-- The tasks already there.
UPDATE tasks k JOIN agencies a ON a.code = k.lead_agency
    SET k.sort_lead = a.name
    WHERE NOT (k.sort_lead <=> a.name);
