-- SPDX-License-Identifier: ISC
-- Which tasks hold each field of work (issue 8, filters): a row per field
-- and task, kept by triggers in the same transaction as the change,
-- whatever the write path, so that field= of whoever sees every task
-- reads the field's rows in task order and stops after the page.
--
-- Why: tasks.fields is a SET, which no index can seek by one of its
-- values, so the page walked every task newest first with FIND_IN_SET
-- for the 51 that hold the field.  That is quick while the field is
-- common among the newest tasks, and not otherwise: on the bench stack
-- (146,449 tasks) the newest 19,000 hold no field, and field=project06
-- (36,727 tasks) read 30,847 rows for its first page (18 ms of a 20 ms
-- request).  Its total already comes from dash_tally's field rows (0035).
--
-- The fields are dash_fields' (0035), which a new value of the SET must
-- join anyway for the dashboard.  A deleted task's rows go by the foreign
-- key's cascade (no trigger needed).

CREATE TABLE IF NOT EXISTS task_fields (
	field		VARCHAR(32) NOT NULL,
	task_id		BIGINT UNSIGNED NOT NULL,
	PRIMARY KEY (field, task_id),
	KEY task_fields_task (task_id),
	CONSTRAINT task_fields_task FOREIGN KEY (task_id)
	    REFERENCES tasks (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

DELIMITER //

CREATE OR REPLACE TRIGGER task_fields_insert AFTER INSERT ON tasks
FOR EACH ROW
	INSERT INTO task_fields (field, task_id)
	    SELECT f.field, NEW.id FROM dash_fields f
	    WHERE f.field <> '' AND FIND_IN_SET(f.field, NEW.fields) > 0 //

CREATE OR REPLACE TRIGGER task_fields_update AFTER UPDATE ON tasks
FOR EACH ROW
BEGIN
	IF NOT (NEW.fields <=> OLD.fields) THEN
		DELETE FROM task_fields WHERE task_id = NEW.id;
		INSERT INTO task_fields (field, task_id)
		    SELECT f.field, NEW.id FROM dash_fields f
		    WHERE f.field <> '' AND FIND_IN_SET(f.field, NEW.fields) > 0;
	END IF;
END //

DELIMITER ;

-- Exact whatever the table held (a rerun after a partial failure).
DELETE FROM task_fields;
INSERT INTO task_fields (field, task_id)
    SELECT f.field, t.id FROM tasks t JOIN dash_fields f
    ON f.field <> '' AND FIND_IN_SET(f.field, t.fields) > 0;

-- The application reads it; only the triggers (their definer) write it.
CALL nv_grant('SELECT', 'task_fields');
