-- SPDX-License-Identifier: ISC
-- Fewer trigger rows and calls per write (issue 8, writes under load: p99
-- under 50 ms at 32 connections; the rate is bounded by CPU per write).
--
-- 1. task_counts (0038) goes: dash_tally (0035) already counts the tasks
--    of each year, status, field and in_program health (sub), for the
--    dashboard, and is updated by the same task writes.  With the count
--    of database tasks beside its breakthrough count (directive is the
--    rest: kind has three values), it answers the list's kept total
--    (fcgi/api/api_task_total.c) from its field '' rows, or the field's
--    rows for field=: per agency (tens of rows a year) rather than per set
--    of fields and slot (about 8,000 rows at 100,037 tasks).  A task write
--    that moved year, status, kind, fields or health wrote two rows of
--    task_counts on top of dash_tally's; now none.
-- 2. The tasks' AFTER triggers of 0035, 0037 and 0038 (dashboard summary,
--    task_totals, list_version, dash_version, task_counts: five triggers,
--    and two nested CALLs of nv_dash_tally per moved row) become one
--    trigger per event whose statements are written in its body: what
--    they bump and when is unchanged.  An update that leaves the task in
--    the same rows of dash_tally (progress, budget, dates: an approved
--    report's progress) adds the differences in one UPDATE, where 0035
--    took the old values away and added the new ones, each an INSERT ..
--    SELECT .. ON DUPLICATE KEY UPDATE through a procedure.  Likewise the
--    reports' two triggers (dashboard summary, dash_version) become one,
--    without the procedure call.
-- task_visibility's and task_words' triggers (0025, 0032) are left alone.

ALTER TABLE dash_tally ADD COLUMN IF NOT EXISTS kdatabase BIGINT NOT NULL
    DEFAULT 0 AFTER breakthrough;

DROP TRIGGER IF EXISTS task_counts_insert;
DROP TRIGGER IF EXISTS task_counts_update;
DROP TRIGGER IF EXISTS task_counts_delete;
-- A dropped table keeps its grants (mysql.tables_priv), which a backup
-- replays on restore against a table that no longer exists: revoke
-- 0038's first (none to revoke: a database migrated by another user).
DELIMITER //
BEGIN NOT ATOMIC
	DECLARE CONTINUE HANDLER FOR 1147 BEGIN END;
	EXECUTE IMMEDIATE CONCAT('REVOKE SELECT ON `',
	    REPLACE(DATABASE(), '`', '``'), '`.`task_counts` FROM ',
	    QUOTE(@nv_app_user), '@', QUOTE(@nv_app_host));
END //
DELIMITER ;
DROP TABLE IF EXISTS task_counts;

DROP TRIGGER IF EXISTS dash_summary_task_insert;
DROP TRIGGER IF EXISTS dash_summary_task_update;
DROP TRIGGER IF EXISTS dash_summary_task_delete;
DROP TRIGGER IF EXISTS task_totals_insert;
DROP TRIGGER IF EXISTS task_totals_update;
DROP TRIGGER IF EXISTS task_totals_delete;
DROP TRIGGER IF EXISTS list_version_task_insert;
DROP TRIGGER IF EXISTS list_version_task_update;
DROP TRIGGER IF EXISTS list_version_task_delete;
DROP TRIGGER IF EXISTS dash_version_task_insert;
DROP TRIGGER IF EXISTS dash_version_task_update;
DROP TRIGGER IF EXISTS dash_version_task_delete;
DROP TRIGGER IF EXISTS dash_summary_reports_insert;
DROP TRIGGER IF EXISTS dash_summary_reports_update;
DROP TRIGGER IF EXISTS dash_summary_reports_delete;
DROP TRIGGER IF EXISTS dash_version_reports_insert;
DROP TRIGGER IF EXISTS dash_version_reports_update;
DROP TRIGGER IF EXISTS dash_version_reports_delete;

DELIMITER //

-- nv_dash_tally (0035) with the database count; for the recount and any
-- later trigger.  The triggers below write the same statement inline.
CREATE OR REPLACE PROCEDURE nv_dash_tally(IN s INT, IN ag VARCHAR(16),
    IN yr SMALLINT UNSIGNED, IN flds VARCHAR(200), IN st VARCHAR(16),
    IN kd VARCHAR(16), IN health VARCHAR(16), IN pc INT, IN bud BIGINT,
    IN ext INT, IN yard DATE, IN done DATE, IN dl DATE, IN odl DATE)
BEGIN
	DECLARE b BIGINT DEFAULT s * COALESCE(bud, 0);

	INSERT INTO dash_tally (agency_code, year, field, status, sub, n,
	    breakthrough, kdatabase, pct, budget, extended, extensions,
	    f1, f2, f3, f4, f5, b1, b2, b3, b4, b5)
	SELECT ag, yr, f.field, st, nv_dash_sub(st, health, yard, done, dl, odl),
	    s, s * (kd = 'breakthrough'), s * (kd = 'database'),
	    s * COALESCE(pc, 0), b, s * (ext > 0), s * ext,
	    s * (FIND_IN_SET('science_technology', flds) > 0),
	    s * (FIND_IN_SET('innovation', flds) > 0),
	    s * (FIND_IN_SET('digital_transformation', flds) > 0),
	    s * (FIND_IN_SET('admin_reform', flds) > 0),
	    s * (FIND_IN_SET('project06', flds) > 0),
	    b * (FIND_IN_SET('science_technology', flds) > 0),
	    b * (FIND_IN_SET('innovation', flds) > 0),
	    b * (FIND_IN_SET('digital_transformation', flds) > 0),
	    b * (FIND_IN_SET('admin_reform', flds) > 0),
	    b * (FIND_IN_SET('project06', flds) > 0)
	FROM dash_fields f
	WHERE f.field = '' OR FIND_IN_SET(f.field, flds) > 0
	ON DUPLICATE KEY UPDATE n = n + VALUES(n),
	    breakthrough = breakthrough + VALUES(breakthrough),
	    kdatabase = kdatabase + VALUES(kdatabase),
	    pct = pct + VALUES(pct), budget = budget + VALUES(budget),
	    extended = extended + VALUES(extended),
	    extensions = extensions + VALUES(extensions),
	    f1 = f1 + VALUES(f1), f2 = f2 + VALUES(f2), f3 = f3 + VALUES(f3),
	    f4 = f4 + VALUES(f4), f5 = f5 + VALUES(f5),
	    b1 = b1 + VALUES(b1), b2 = b2 + VALUES(b2), b3 = b3 + VALUES(b3),
	    b4 = b4 + VALUES(b4), b5 = b5 + VALUES(b5);
END //

-- dash_tally's sub (0035): in_program, the health; completed, late or not
-- by task_outcome()'s rule; else 0.
CREATE OR REPLACE FUNCTION nv_dash_sub(st VARCHAR(16), health VARCHAR(16),
    yard DATE, done DATE, dl DATE, odl DATE) RETURNS TINYINT UNSIGNED
    DETERMINISTIC
RETURN CASE st WHEN 'in_program' THEN CASE health WHEN 'on_track' THEN 1
	    WHEN 'at_risk' THEN 2 WHEN 'delayed' THEN 3 ELSE 0 END
	WHEN 'completed' THEN IF(IF(yard IS NOT NULL,
	    COALESCE(done > yard, 0), COALESCE(done > dl, 0) OR
	    COALESCE(done > odl, 0)), 1, 0)
	ELSE 0 END //

-- A task inserted or deleted: its rows added or taken away, its slots and
-- its agency's counter bumped (0035, 0037).
CREATE OR REPLACE TRIGGER task_summary_insert AFTER INSERT ON tasks
FOR EACH ROW
BEGIN
	CALL nv_dash_tally(1, NEW.lead_agency, NEW.year, NEW.fields,
	    NEW.status, NEW.kind, NEW.progress_health, NEW.progress_percent,
	    NEW.estimated_budget, NEW.extensions, NEW.yardstick,
	    NEW.completed_at, NEW.deadline, NEW.original_deadline);
	IF NEW.deadline IS NOT NULL AND
	    NEW.status IN ('submitted', 'approved', 'returned', 'in_program') THEN
		CALL nv_dash_deadline(1, NEW.lead_agency, NEW.year, NEW.fields,
		    NEW.status, NEW.deadline);
	END IF;
	IF NEW.status = 'in_program' THEN
		CALL nv_dash_reported_task(1, NEW.id, NEW.lead_agency,
		    NEW.year, NEW.fields);
	END IF;
	UPDATE task_totals SET tasks = tasks + 1,
	    drafts = drafts + (NEW.status = 'draft') WHERE k = 1 + NEW.id % 16;
	UPDATE list_version SET v = v + 1 WHERE k = 1 + NEW.id % 16;
	INSERT INTO dash_version (agency_code, v)
	    VALUES (COALESCE(NEW.lead_agency, ''), 1)
	    ON DUPLICATE KEY UPDATE v = v + 1;
END //

CREATE OR REPLACE TRIGGER task_summary_delete AFTER DELETE ON tasks
FOR EACH ROW
BEGIN
	CALL nv_dash_tally(-1, OLD.lead_agency, OLD.year, OLD.fields,
	    OLD.status, OLD.kind, OLD.progress_health, OLD.progress_percent,
	    OLD.estimated_budget, OLD.extensions, OLD.yardstick,
	    OLD.completed_at, OLD.deadline, OLD.original_deadline);
	CALL nv_dash_deadline(-1, OLD.lead_agency, OLD.year, OLD.fields,
	    OLD.status, OLD.deadline);
	IF OLD.status = 'in_program' THEN
		CALL nv_dash_reported_task(-1, OLD.id, OLD.lead_agency,
		    OLD.year, OLD.fields);
	END IF;
	UPDATE task_totals SET tasks = tasks - 1,
	    drafts = drafts - (OLD.status = 'draft') WHERE k = 1 + OLD.id % 16;
	UPDATE list_version SET v = v + 1 WHERE k = 1 + OLD.id % 16;
	INSERT INTO dash_version (agency_code, v)
	    VALUES (COALESCE(OLD.lead_agency, ''), 1)
	    ON DUPLICATE KEY UPDATE v = v + 1;
END //

-- The write path's common case (an edit, a state change, an approved
-- report's progress): the task's old rows and new rows in dash_tally in
-- one statement, no procedure call.
CREATE OR REPLACE TRIGGER task_summary_update AFTER UPDATE ON tasks
FOR EACH ROW
BEGIN
	DECLARE moved BOOL DEFAULT NOT (NEW.lead_agency <=> OLD.lead_agency
	    AND NEW.year <=> OLD.year AND NEW.fields <=> OLD.fields
	    AND NEW.status <=> OLD.status);
	DECLARE osb, nsb TINYINT UNSIGNED DEFAULT 0;
	DECLARE ob, nb BIGINT DEFAULT 0;

	IF moved OR NOT (NEW.kind <=> OLD.kind
	    AND NEW.progress_health <=> OLD.progress_health
	    AND NEW.progress_percent <=> OLD.progress_percent
	    AND NEW.estimated_budget <=> OLD.estimated_budget
	    AND NEW.extensions <=> OLD.extensions
	    AND NEW.yardstick <=> OLD.yardstick
	    AND NEW.completed_at <=> OLD.completed_at
	    AND NEW.deadline <=> OLD.deadline
	    AND NEW.original_deadline <=> OLD.original_deadline) THEN
		SET osb = CASE OLD.status WHEN 'in_program' THEN
		    CASE OLD.progress_health WHEN 'on_track' THEN 1
		    WHEN 'at_risk' THEN 2 WHEN 'delayed' THEN 3 ELSE 0 END
		WHEN 'completed' THEN IF(IF(OLD.yardstick IS NOT NULL,
		    COALESCE(OLD.completed_at > OLD.yardstick, 0),
		    COALESCE(OLD.completed_at > OLD.deadline, 0) OR
		    COALESCE(OLD.completed_at > OLD.original_deadline, 0)),
		    1, 0)
		ELSE 0 END;
		SET nsb = CASE NEW.status WHEN 'in_program' THEN
		    CASE NEW.progress_health WHEN 'on_track' THEN 1
		    WHEN 'at_risk' THEN 2 WHEN 'delayed' THEN 3 ELSE 0 END
		WHEN 'completed' THEN IF(IF(NEW.yardstick IS NOT NULL,
		    COALESCE(NEW.completed_at > NEW.yardstick, 0),
		    COALESCE(NEW.completed_at > NEW.deadline, 0) OR
		    COALESCE(NEW.completed_at > NEW.original_deadline, 0)),
		    1, 0)
		ELSE 0 END;
		SET ob = COALESCE(OLD.estimated_budget, 0),
		    nb = COALESCE(NEW.estimated_budget, 0);
		IF NOT moved AND osb = nsb THEN
			-- The same rows (the common case: progress, budget,
			-- dates): the differences, in one UPDATE of rows that
			-- exist, since the task is counted in them.
			UPDATE dash_tally SET
			    breakthrough = breakthrough + (NEW.kind = 'breakthrough') -
			        (OLD.kind = 'breakthrough'),
			    kdatabase = kdatabase + (NEW.kind = 'database') -
			        (OLD.kind = 'database'),
			    pct = pct + COALESCE(NEW.progress_percent, 0) -
			        COALESCE(OLD.progress_percent, 0),
			    budget = budget + nb - ob,
			    extended = extended + (NEW.extensions > 0) -
			        (OLD.extensions > 0),
			    extensions = extensions + NEW.extensions - OLD.extensions,
			    b1 = b1 + (nb - ob) * (FIND_IN_SET('science_technology', NEW.fields) > 0),
			    b2 = b2 + (nb - ob) * (FIND_IN_SET('innovation', NEW.fields) > 0),
			    b3 = b3 + (nb - ob) * (FIND_IN_SET('digital_transformation', NEW.fields) > 0),
			    b4 = b4 + (nb - ob) * (FIND_IN_SET('admin_reform', NEW.fields) > 0),
			    b5 = b5 + (nb - ob) * (FIND_IN_SET('project06', NEW.fields) > 0)
			WHERE field IN ('',
				    IF(FIND_IN_SET('science_technology', NEW.fields) > 0, 'science_technology', ''),
				    IF(FIND_IN_SET('innovation', NEW.fields) > 0, 'innovation', ''),
				    IF(FIND_IN_SET('digital_transformation', NEW.fields) > 0, 'digital_transformation', ''),
				    IF(FIND_IN_SET('admin_reform', NEW.fields) > 0, 'admin_reform', ''),
				    IF(FIND_IN_SET('project06', NEW.fields) > 0, 'project06', ''))
			    AND year = NEW.year AND status = NEW.status
			    AND agency_code = NEW.lead_agency AND sub = nsb;
		ELSE
			-- The old rows exist; the new ones may not yet.
			UPDATE dash_tally SET n = n - 1,
			    breakthrough = breakthrough - (OLD.kind = 'breakthrough'),
			    kdatabase = kdatabase - (OLD.kind = 'database'),
			    pct = pct - COALESCE(OLD.progress_percent, 0),
			    budget = budget - ob,
			    extended = extended - (OLD.extensions > 0),
			    extensions = extensions - OLD.extensions,
			    f1 = f1 - (FIND_IN_SET('science_technology', OLD.fields) > 0),
			    f2 = f2 - (FIND_IN_SET('innovation', OLD.fields) > 0),
			    f3 = f3 - (FIND_IN_SET('digital_transformation', OLD.fields) > 0),
			    f4 = f4 - (FIND_IN_SET('admin_reform', OLD.fields) > 0),
			    f5 = f5 - (FIND_IN_SET('project06', OLD.fields) > 0),
			    b1 = b1 - ob * (FIND_IN_SET('science_technology', OLD.fields) > 0),
			    b2 = b2 - ob * (FIND_IN_SET('innovation', OLD.fields) > 0),
			    b3 = b3 - ob * (FIND_IN_SET('digital_transformation', OLD.fields) > 0),
			    b4 = b4 - ob * (FIND_IN_SET('admin_reform', OLD.fields) > 0),
			    b5 = b5 - ob * (FIND_IN_SET('project06', OLD.fields) > 0)
			WHERE field IN ('',
				    IF(FIND_IN_SET('science_technology', OLD.fields) > 0, 'science_technology', ''),
				    IF(FIND_IN_SET('innovation', OLD.fields) > 0, 'innovation', ''),
				    IF(FIND_IN_SET('digital_transformation', OLD.fields) > 0, 'digital_transformation', ''),
				    IF(FIND_IN_SET('admin_reform', OLD.fields) > 0, 'admin_reform', ''),
				    IF(FIND_IN_SET('project06', OLD.fields) > 0, 'project06', ''))
			    AND year = OLD.year AND status = OLD.status
			    AND agency_code = OLD.lead_agency AND sub = osb;
			INSERT INTO dash_tally (agency_code, year, field, status, sub,
			    n, breakthrough, kdatabase, pct, budget, extended,
			    extensions, f1, f2, f3, f4, f5, b1, b2, b3, b4, b5)
			SELECT NEW.lead_agency, NEW.year, f.field, NEW.status, nsb,
			    1, (NEW.kind = 'breakthrough'),
			    (NEW.kind = 'database'),
			    COALESCE(NEW.progress_percent, 0),
			    COALESCE(NEW.estimated_budget, 0),
			    (NEW.extensions > 0), NEW.extensions,
			    (FIND_IN_SET('science_technology', NEW.fields) > 0),
			    (FIND_IN_SET('innovation', NEW.fields) > 0),
			    (FIND_IN_SET('digital_transformation', NEW.fields) > 0),
			    (FIND_IN_SET('admin_reform', NEW.fields) > 0),
			    (FIND_IN_SET('project06', NEW.fields) > 0),
			    COALESCE(NEW.estimated_budget, 0) *
			        (FIND_IN_SET('science_technology', NEW.fields) > 0),
			    COALESCE(NEW.estimated_budget, 0) *
			        (FIND_IN_SET('innovation', NEW.fields) > 0),
			    COALESCE(NEW.estimated_budget, 0) *
			        (FIND_IN_SET('digital_transformation', NEW.fields) > 0),
			    COALESCE(NEW.estimated_budget, 0) *
			        (FIND_IN_SET('admin_reform', NEW.fields) > 0),
			    COALESCE(NEW.estimated_budget, 0) *
			        (FIND_IN_SET('project06', NEW.fields) > 0)
			FROM dash_fields f
			WHERE f.field = '' OR FIND_IN_SET(f.field, NEW.fields) > 0
			ON DUPLICATE KEY UPDATE n = n + VALUES(n),
			    breakthrough = breakthrough + VALUES(breakthrough),
			    kdatabase = kdatabase + VALUES(kdatabase),
			    pct = pct + VALUES(pct), budget = budget + VALUES(budget),
			    extended = extended + VALUES(extended),
			    extensions = extensions + VALUES(extensions),
			    f1 = f1 + VALUES(f1), f2 = f2 + VALUES(f2),
			    f3 = f3 + VALUES(f3), f4 = f4 + VALUES(f4),
			    f5 = f5 + VALUES(f5), b1 = b1 + VALUES(b1),
			    b2 = b2 + VALUES(b2), b3 = b3 + VALUES(b3),
			    b4 = b4 + VALUES(b4), b5 = b5 + VALUES(b5);
		END IF;
	END IF;
	IF moved OR NOT (NEW.deadline <=> OLD.deadline) THEN
		CALL nv_dash_deadline(-1, OLD.lead_agency, OLD.year,
		    OLD.fields, OLD.status, OLD.deadline);
		CALL nv_dash_deadline(1, NEW.lead_agency, NEW.year,
		    NEW.fields, NEW.status, NEW.deadline);
	END IF;
	IF moved AND OLD.status = 'in_program' THEN
		CALL nv_dash_reported_task(-1, OLD.id, OLD.lead_agency,
		    OLD.year, OLD.fields);
	END IF;
	IF moved AND NEW.status = 'in_program' THEN
		CALL nv_dash_reported_task(1, NEW.id, NEW.lead_agency,
		    NEW.year, NEW.fields);
	END IF;
	-- Only a change into or out of draft touches task_totals.
	IF (NEW.status = 'draft') <> (OLD.status = 'draft') THEN
		UPDATE task_totals SET drafts = drafts +
		    (NEW.status = 'draft') - (OLD.status = 'draft')
		    WHERE k = 1 + NEW.id % 16;
	END IF;
	UPDATE list_version SET v = v + 1 WHERE k = 1 + NEW.id % 16;
	INSERT INTO dash_version (agency_code, v)
	    VALUES (COALESCE(NEW.lead_agency, ''), 1)
	    ON DUPLICATE KEY UPDATE v = v + 1;
	IF NEW.lead_agency <> OLD.lead_agency THEN
		CALL nv_dash_bump(OLD.lead_agency);
	END IF;
END //

-- A report's month in dash_reported when its task is in_program and the
-- report counts (submitted or approved; 0035's rule), and its task's
-- agency's dash_version: 0035's and 0037's statements, in one trigger,
-- without the procedure call.
CREATE OR REPLACE TRIGGER report_summary_insert AFTER INSERT ON reports
FOR EACH ROW
BEGIN
	IF NEW.status IN ('submitted', 'approved') THEN
		INSERT INTO dash_reported (period, field, agency_code, year, n)
		SELECT NEW.period, f.field, t.lead_agency, t.year, 1
		FROM tasks t JOIN dash_fields f
		    ON f.field = '' OR FIND_IN_SET(f.field, t.fields) > 0
		WHERE t.id = NEW.task_id AND t.status = 'in_program'
		ON DUPLICATE KEY UPDATE n = n + VALUES(n);
	END IF;
	INSERT INTO dash_version (agency_code, v)
	    VALUES (COALESCE((SELECT t.lead_agency FROM tasks t
	        WHERE t.id = NEW.task_id), ''), 1)
	    ON DUPLICATE KEY UPDATE v = v + 1;
END //

CREATE OR REPLACE TRIGGER report_summary_update AFTER UPDATE ON reports
FOR EACH ROW
BEGIN
	DECLARE was BOOL DEFAULT OLD.status IN ('submitted', 'approved');
	DECLARE now_in BOOL DEFAULT NEW.status IN ('submitted', 'approved');

	IF was AND (NOT now_in OR NEW.task_id <> OLD.task_id OR
	    NEW.period <> OLD.period) THEN
		CALL nv_dash_reported(-1, OLD.task_id, OLD.period);
	END IF;
	IF now_in AND (NOT was OR NEW.task_id <> OLD.task_id OR
	    NEW.period <> OLD.period) THEN
		INSERT INTO dash_reported (period, field, agency_code, year, n)
		SELECT NEW.period, f.field, t.lead_agency, t.year, 1
		FROM tasks t JOIN dash_fields f
		    ON f.field = '' OR FIND_IN_SET(f.field, t.fields) > 0
		WHERE t.id = NEW.task_id AND t.status = 'in_program'
		ON DUPLICATE KEY UPDATE n = n + VALUES(n);
	END IF;
	INSERT INTO dash_version (agency_code, v)
	    VALUES (COALESCE((SELECT t.lead_agency FROM tasks t
	        WHERE t.id = NEW.task_id), ''), 1)
	    ON DUPLICATE KEY UPDATE v = v + 1;
	IF NEW.task_id <> OLD.task_id THEN
		CALL nv_dash_bump_task(OLD.task_id);
	END IF;
END //

CREATE OR REPLACE TRIGGER report_summary_delete AFTER DELETE ON reports
FOR EACH ROW
BEGIN
	IF OLD.status IN ('submitted', 'approved') THEN
		CALL nv_dash_reported(-1, OLD.task_id, OLD.period);
	END IF;
	CALL nv_dash_bump_task(OLD.task_id);
END //

-- nv_dash_recount (0035) with the database count.
-- Recounts the three tables from the tasks and reports (the migration's
-- starting point; an operator's repair after writes that bypassed the
-- triggers, such as a cascade), and outdates every kept dashboard.
CREATE OR REPLACE PROCEDURE nv_dash_recount()
BEGIN
	DELETE FROM dash_tally;
	DELETE FROM dash_deadlines;
	DELETE FROM dash_reported;
	INSERT INTO dash_tally (agency_code, year, field, status, sub, n,
	    breakthrough, kdatabase, pct, budget, extended, extensions,
	    f1, f2, f3, f4, f5, b1, b2, b3, b4, b5)
	SELECT t.lead_agency, t.year, f.field, t.status,
	    CASE t.status WHEN 'in_program' THEN CASE t.progress_health
	        WHEN 'on_track' THEN 1 WHEN 'at_risk' THEN 2
	        WHEN 'delayed' THEN 3 ELSE 0 END
	    WHEN 'completed' THEN IF(IF(t.yardstick IS NOT NULL,
	        COALESCE(t.completed_at > t.yardstick, 0),
	        COALESCE(t.completed_at > t.deadline, 0) OR
	        COALESCE(t.completed_at > t.original_deadline, 0)), 1, 0)
	    ELSE 0 END,
	    COUNT(*), SUM(t.kind = 'breakthrough'), SUM(t.kind = 'database'),
	    SUM(COALESCE(t.progress_percent, 0)),
	    SUM(COALESCE(t.estimated_budget, 0)), SUM(t.extensions > 0),
	    SUM(t.extensions),
	    SUM(FIND_IN_SET('science_technology', t.fields) > 0),
	    SUM(FIND_IN_SET('innovation', t.fields) > 0),
	    SUM(FIND_IN_SET('digital_transformation', t.fields) > 0),
	    SUM(FIND_IN_SET('admin_reform', t.fields) > 0),
	    SUM(FIND_IN_SET('project06', t.fields) > 0),
	    SUM(IF(FIND_IN_SET('science_technology', t.fields) > 0,
	        COALESCE(t.estimated_budget, 0), 0)),
	    SUM(IF(FIND_IN_SET('innovation', t.fields) > 0,
	        COALESCE(t.estimated_budget, 0), 0)),
	    SUM(IF(FIND_IN_SET('digital_transformation', t.fields) > 0,
	        COALESCE(t.estimated_budget, 0), 0)),
	    SUM(IF(FIND_IN_SET('admin_reform', t.fields) > 0,
	        COALESCE(t.estimated_budget, 0), 0)),
	    SUM(IF(FIND_IN_SET('project06', t.fields) > 0,
	        COALESCE(t.estimated_budget, 0), 0))
	FROM tasks t JOIN dash_fields f
	    ON f.field = '' OR FIND_IN_SET(f.field, t.fields) > 0
	GROUP BY 1, 2, 3, 4, 5;
	INSERT INTO dash_deadlines (deadline, agency_code, year, fields, n)
	SELECT deadline, lead_agency, year, fields, COUNT(*) FROM tasks
	WHERE deadline IS NOT NULL AND
	    status IN ('submitted', 'approved', 'returned', 'in_program')
	GROUP BY 1, 2, 3, 4;
	INSERT INTO dash_reported (period, field, agency_code, year, n)
	SELECT r.period, f.field, t.lead_agency, t.year, COUNT(*)
	FROM reports r JOIN tasks t ON t.id = r.task_id JOIN dash_fields f
	    ON f.field = '' OR FIND_IN_SET(f.field, t.fields) > 0
	WHERE t.status = 'in_program' AND r.status IN ('submitted', 'approved')
	GROUP BY 1, 2, 3, 4;
	-- The dashboards workers keep were built from the rows before.
	CALL nv_dash_bump('');
END //

DELIMITER ;

-- The database counts of the rows there are (0035's recount wrote none),
-- and every kept dashboard outdated.
CALL nv_dash_recount();
