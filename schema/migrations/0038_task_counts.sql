-- SPDX-License-Identifier: ISC
-- How many tasks there are of each year, status, kind, set of fields and
-- health (issue 8, filters), kept by triggers in the same transaction as
-- the change, whatever the write path, as task_totals (0008) keeps the
-- whole count.  The list's first page says how many tasks match
-- ("total"); for a caller who sees every task and filters by year,
-- scope, status, kind, with_drafts, health or field (any of them
-- together), that is the sum of the matching rows here
-- (fcgi/api/api_task_total.c): at most a few thousand rows whatever the
-- number of tasks (1,020 at 100,037 tasks), where COUNT(*) read every task
-- of the filter (field= every task: 160-320 ms at 100,037 tasks).
--
-- health is progress_health, 'none' where it is NULL, as health=none
-- means.  A row whose count falls to 0 stays (there are few).  A task
-- update that changes none of the five columns touches no row; one that
-- does takes two rows' locks until it commits, as task_totals' one.
--
-- slot (1 + id % 8) splits each count over eight rows, as 0037 splits
-- task_totals: without it every new draft of a year takes the same row's
-- lock until it commits, so a registration day's creates wait on each
-- other (and conflict on a Galera cluster, docs/CLUSTER.md).  Eight, not
-- 0037's sixteen: a total sums every matching row, so the rows read
-- grow with the slots (about 8,000 at 100,037 tasks).

CREATE TABLE IF NOT EXISTS task_counts (
	year	SMALLINT UNSIGNED NOT NULL,
	status	ENUM('draft', 'submitted', 'approved', 'returned',
		    'in_program', 'completed', 'cancelled') NOT NULL,
	kind	ENUM('breakthrough', 'database', 'directive') NOT NULL,
	fields	SET('science_technology', 'innovation',
		    'digital_transformation', 'admin_reform',
		    'project06') NOT NULL,
	health	ENUM('on_track', 'at_risk', 'delayed', 'none') NOT NULL,
	slot	TINYINT UNSIGNED NOT NULL,
	n	BIGINT NOT NULL,
	PRIMARY KEY (year, status, kind, fields, health, slot)
) ENGINE=InnoDB;

-- Exact whatever the table held (a rerun after a partial failure).
DELETE FROM task_counts;
INSERT INTO task_counts (year, status, kind, fields, health, slot, n)
    SELECT year, status, kind, fields, COALESCE(progress_health, 'none'),
        1 + id % 8, COUNT(*) FROM tasks GROUP BY 1, 2, 3, 4, 5, 6;

CREATE OR REPLACE TRIGGER task_counts_insert AFTER INSERT ON tasks
    FOR EACH ROW INSERT INTO task_counts (year, status, kind, fields,
        health, slot, n)
        VALUES (NEW.year, NEW.status, NEW.kind, NEW.fields,
            COALESCE(NEW.progress_health, 'none'), 1 + NEW.id % 8, 1)
        ON DUPLICATE KEY UPDATE n = n + 1;

CREATE OR REPLACE TRIGGER task_counts_delete AFTER DELETE ON tasks
    FOR EACH ROW UPDATE task_counts SET n = n - 1
        WHERE year = OLD.year AND status = OLD.status AND kind = OLD.kind
        AND fields = OLD.fields
        AND health = COALESCE(OLD.progress_health, 'none')
        AND slot = 1 + OLD.id % 8;

DELIMITER //
CREATE OR REPLACE TRIGGER task_counts_update AFTER UPDATE ON tasks
FOR EACH ROW
BEGIN
	IF NEW.year <> OLD.year OR NEW.status <> OLD.status OR
	    NEW.kind <> OLD.kind OR NEW.fields <> OLD.fields OR
	    NOT (NEW.progress_health <=> OLD.progress_health) THEN
		UPDATE task_counts SET n = n - 1
		    WHERE year = OLD.year AND status = OLD.status
		    AND kind = OLD.kind AND fields = OLD.fields
		    AND health = COALESCE(OLD.progress_health, 'none')
		    AND slot = 1 + OLD.id % 8;
		INSERT INTO task_counts (year, status, kind, fields, health,
		    slot, n)
		    VALUES (NEW.year, NEW.status, NEW.kind, NEW.fields,
		        COALESCE(NEW.progress_health, 'none'), 1 + NEW.id % 8, 1)
		    ON DUPLICATE KEY UPDATE n = n + 1;
	END IF;
END //
DELIMITER ;

CALL nv_grant('SELECT', 'task_counts');
