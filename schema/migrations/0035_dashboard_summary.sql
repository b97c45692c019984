-- SPDX-License-Identifier: ISC
-- The dashboard's figures kept up to date by triggers, in the same
-- transaction as the change they summarise, whatever the write path
-- (issue 8).  GET /dashboard read every task of the year's scope when it
-- was built: 14 / 72 / 361 ms at 1,000 / 10,000 / 100,000 tasks, and it is
-- built on the first request after any write.  It now reads these rows,
-- whose number is bounded by agencies x years x a few states, not by the
-- number of tasks (fcgi/domain/dashboard.c).
--
-- Rows per agency, never one global row (docs/CLUSTER.md): writes in two
-- agencies never wait for each other's rows.
--
-- dash_tally: the tasks of an agency, year, field, state and sub-state
--   (in_program: 0 no health, 1 on_track, 2 at_risk, 3 delayed; completed:
--   0 on time, 1 late, task_outcome()'s rule; else 0): how many, how many
--   are breakthrough tasks, the sum of their progress percent, of their
--   estimated budget, how many were ever extended and how often; and of
--   those, how many hold each of the five fields and their budget (f1..f5,
--   b1..b5, in the order of the SET: totals.by_field).  field '' counts
--   every task, a field's name the tasks that hold it (a task counts in
--   '' and in each of its fields): GET /dashboard reads field = '' or
--   field = ?field=, so its rows are agencies x years x states whatever
--   the fields, and ?field= with by_field needs no pairs of rows.  A
--   year's scope is its own rows and earlier years' in an unfinished
--   state.
-- dash_deadlines: the tasks past draft and unfinished (submitted,
--   approved, returned, in_program) by deadline and set of fields:
--   "overdue" depends on today's date, so the dashboard sums the dates
--   before today.  A row that falls to 0 is removed, so the past holds
--   only overdue tasks' dates.
-- dash_reported: per month, the in_program tasks with a submitted or
--   approved report for it (a task has at most one report a month:
--   reports_task_period), by field as dash_tally; missing_reports is
--   in_program less these.
--
-- An agency's code changed cascades to tasks without firing their
-- triggers: the agencies trigger below moves its rows instead.

CREATE TABLE IF NOT EXISTS dash_tally (
	agency_code	VARCHAR(16) NOT NULL,
	year		SMALLINT UNSIGNED NOT NULL,
	field		VARCHAR(32) NOT NULL,	-- '': every task
	status		ENUM('draft', 'submitted', 'approved', 'returned',
			    'in_program', 'completed', 'cancelled') NOT NULL,
	sub		TINYINT UNSIGNED NOT NULL,
	n		BIGINT NOT NULL,
	breakthrough	BIGINT NOT NULL,
	pct		BIGINT NOT NULL,
	budget		BIGINT NOT NULL,
	extended	BIGINT NOT NULL,
	extensions	BIGINT NOT NULL,
	f1 BIGINT NOT NULL, f2 BIGINT NOT NULL, f3 BIGINT NOT NULL,
	f4 BIGINT NOT NULL, f5 BIGINT NOT NULL,
	b1 BIGINT NOT NULL, b2 BIGINT NOT NULL, b3 BIGINT NOT NULL,
	b4 BIGINT NOT NULL, b5 BIGINT NOT NULL,
	PRIMARY KEY (field, year, status, agency_code, sub)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

CREATE TABLE IF NOT EXISTS dash_deadlines (
	deadline	DATE NOT NULL,
	agency_code	VARCHAR(16) NOT NULL,
	year		SMALLINT UNSIGNED NOT NULL,
	fields		SET('science_technology', 'innovation',
			    'digital_transformation', 'admin_reform',
			    'project06') NOT NULL DEFAULT '',
	n		BIGINT NOT NULL,
	PRIMARY KEY (deadline, agency_code, year, fields)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

CREATE TABLE IF NOT EXISTS dash_reported (
	period		CHAR(7) NOT NULL,
	field		VARCHAR(32) NOT NULL,	-- '': every task
	agency_code	VARCHAR(16) NOT NULL,
	year		SMALLINT UNSIGNED NOT NULL,
	n		BIGINT NOT NULL,
	PRIMARY KEY (period, field, agency_code, year)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

-- '' and the five fields, for the procedures below.
CREATE TABLE IF NOT EXISTS dash_fields (
	field		VARCHAR(32) NOT NULL PRIMARY KEY
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;
INSERT IGNORE INTO dash_fields VALUES (''), ('science_technology'),
    ('innovation'), ('digital_transformation'), ('admin_reform'),
    ('project06');

-- The overdue list (every overdue task of the scope, by deadline) reads
-- the unfinished states' past deadlines, not every open task.
ALTER TABLE tasks ADD INDEX IF NOT EXISTS tasks_overdue (status, deadline);

DELIMITER //

-- One task's share of dash_tally, added (s = 1) or taken away (s = -1):
-- its row of field '' and one per field it holds.
CREATE OR REPLACE PROCEDURE nv_dash_tally(IN s INT, IN ag VARCHAR(16),
    IN yr SMALLINT UNSIGNED, IN flds VARCHAR(200), IN st VARCHAR(16),
    IN kd VARCHAR(16), IN health VARCHAR(16), IN pc INT, IN bud BIGINT,
    IN ext INT, IN yard DATE, IN done DATE, IN dl DATE, IN odl DATE)
BEGIN
	DECLARE sb TINYINT UNSIGNED DEFAULT 0;
	DECLARE b BIGINT DEFAULT s * COALESCE(bud, 0);
	DECLARE h1 INT DEFAULT s * (FIND_IN_SET('science_technology', flds) > 0);
	DECLARE h2 INT DEFAULT s * (FIND_IN_SET('innovation', flds) > 0);
	DECLARE h3 INT DEFAULT s * (FIND_IN_SET('digital_transformation', flds) > 0);
	DECLARE h4 INT DEFAULT s * (FIND_IN_SET('admin_reform', flds) > 0);
	DECLARE h5 INT DEFAULT s * (FIND_IN_SET('project06', flds) > 0);

	IF st = 'in_program' THEN
		SET sb = CASE health WHEN 'on_track' THEN 1
		    WHEN 'at_risk' THEN 2 WHEN 'delayed' THEN 3 ELSE 0 END;
	ELSEIF st = 'completed' THEN
		SET sb = IF(IF(yard IS NOT NULL, COALESCE(done > yard, 0),
		    COALESCE(done > dl, 0) OR COALESCE(done > odl, 0)), 1, 0);
	END IF;
	INSERT INTO dash_tally (agency_code, year, field, status, sub, n,
	    breakthrough, pct, budget, extended, extensions,
	    f1, f2, f3, f4, f5, b1, b2, b3, b4, b5)
	SELECT ag, yr, f.field, st, sb, s, s * (kd = 'breakthrough'),
	    s * COALESCE(pc, 0), b, s * (ext > 0), s * ext,
	    h1, h2, h3, h4, h5, ABS(h1) * b, ABS(h2) * b, ABS(h3) * b,
	    ABS(h4) * b, ABS(h5) * b
	FROM dash_fields f
	WHERE f.field = '' OR FIND_IN_SET(f.field, flds) > 0
	ON DUPLICATE KEY UPDATE n = n + VALUES(n),
	    breakthrough = breakthrough + VALUES(breakthrough),
	    pct = pct + VALUES(pct), budget = budget + VALUES(budget),
	    extended = extended + VALUES(extended),
	    extensions = extensions + VALUES(extensions),
	    f1 = f1 + VALUES(f1), f2 = f2 + VALUES(f2), f3 = f3 + VALUES(f3),
	    f4 = f4 + VALUES(f4), f5 = f5 + VALUES(f5),
	    b1 = b1 + VALUES(b1), b2 = b2 + VALUES(b2), b3 = b3 + VALUES(b3),
	    b4 = b4 + VALUES(b4), b5 = b5 + VALUES(b5);
END //

-- One task's share of dash_deadlines: only past draft and unfinished.
CREATE OR REPLACE PROCEDURE nv_dash_deadline(IN s INT, IN ag VARCHAR(16),
    IN yr SMALLINT UNSIGNED, IN flds VARCHAR(200), IN st VARCHAR(16),
    IN dl DATE)
BEGIN
	IF dl IS NOT NULL AND
	    st IN ('submitted', 'approved', 'returned', 'in_program') THEN
		INSERT INTO dash_deadlines (deadline, agency_code, year,
		    fields, n) VALUES (dl, ag, yr, flds, s)
		ON DUPLICATE KEY UPDATE n = n + VALUES(n);
		IF s < 0 THEN
			DELETE FROM dash_deadlines WHERE deadline = dl AND
			    agency_code = ag AND year = yr AND fields = flds
			    AND n = 0;
		END IF;
	END IF;
END //

-- An in_program task's reported months, added or taken away.
CREATE OR REPLACE PROCEDURE nv_dash_reported_task(IN s INT,
    IN tid BIGINT UNSIGNED, IN ag VARCHAR(16), IN yr SMALLINT UNSIGNED,
    IN flds VARCHAR(200))
BEGIN
	INSERT INTO dash_reported (period, field, agency_code, year, n)
	SELECT r.period, f.field, ag, yr, s FROM reports r JOIN dash_fields f
	    ON f.field = '' OR FIND_IN_SET(f.field, flds) > 0
	WHERE r.task_id = tid AND r.status IN ('submitted', 'approved')
	ON DUPLICATE KEY UPDATE n = n + VALUES(n);
END //

-- One report's month, added or taken away, when its task is in_program.
CREATE OR REPLACE PROCEDURE nv_dash_reported(IN s INT,
    IN tid BIGINT UNSIGNED, IN per CHAR(7))
BEGIN
	INSERT INTO dash_reported (period, field, agency_code, year, n)
	SELECT per, f.field, t.lead_agency, t.year, s FROM tasks t
	JOIN dash_fields f ON f.field = '' OR FIND_IN_SET(f.field, t.fields) > 0
	WHERE t.id = tid AND t.status = 'in_program'
	ON DUPLICATE KEY UPDATE n = n + VALUES(n);
END //

CREATE OR REPLACE TRIGGER dash_summary_task_insert AFTER INSERT ON tasks
FOR EACH ROW
BEGIN
	CALL nv_dash_tally(1, NEW.lead_agency, NEW.year, NEW.fields,
	    NEW.status, NEW.kind, NEW.progress_health, NEW.progress_percent,
	    NEW.estimated_budget, NEW.extensions, NEW.yardstick,
	    NEW.completed_at, NEW.deadline, NEW.original_deadline);
	CALL nv_dash_deadline(1, NEW.lead_agency, NEW.year, NEW.fields,
	    NEW.status, NEW.deadline);
	IF NEW.status = 'in_program' THEN
		CALL nv_dash_reported_task(1, NEW.id, NEW.lead_agency,
		    NEW.year, NEW.fields);
	END IF;
END //

CREATE OR REPLACE TRIGGER dash_summary_task_update AFTER UPDATE ON tasks
FOR EACH ROW
BEGIN
	DECLARE moved BOOL DEFAULT NOT (NEW.lead_agency <=> OLD.lead_agency
	    AND NEW.year <=> OLD.year AND NEW.fields <=> OLD.fields
	    AND NEW.status <=> OLD.status);

	IF moved OR NOT (NEW.kind <=> OLD.kind
	    AND NEW.progress_health <=> OLD.progress_health
	    AND NEW.progress_percent <=> OLD.progress_percent
	    AND NEW.estimated_budget <=> OLD.estimated_budget
	    AND NEW.extensions <=> OLD.extensions
	    AND NEW.yardstick <=> OLD.yardstick
	    AND NEW.completed_at <=> OLD.completed_at
	    AND NEW.deadline <=> OLD.deadline
	    AND NEW.original_deadline <=> OLD.original_deadline) THEN
		CALL nv_dash_tally(-1, OLD.lead_agency, OLD.year, OLD.fields,
		    OLD.status, OLD.kind, OLD.progress_health,
		    OLD.progress_percent, OLD.estimated_budget,
		    OLD.extensions, OLD.yardstick, OLD.completed_at,
		    OLD.deadline, OLD.original_deadline);
		CALL nv_dash_tally(1, NEW.lead_agency, NEW.year, NEW.fields,
		    NEW.status, NEW.kind, NEW.progress_health,
		    NEW.progress_percent, NEW.estimated_budget,
		    NEW.extensions, NEW.yardstick, NEW.completed_at,
		    NEW.deadline, NEW.original_deadline);
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
END //

CREATE OR REPLACE TRIGGER dash_summary_task_delete AFTER DELETE ON tasks
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
END //

CREATE OR REPLACE TRIGGER dash_summary_reports_insert AFTER INSERT ON reports
FOR EACH ROW
BEGIN
	IF NEW.status IN ('submitted', 'approved') THEN
		CALL nv_dash_reported(1, NEW.task_id, NEW.period);
	END IF;
END //

CREATE OR REPLACE TRIGGER dash_summary_reports_update AFTER UPDATE ON reports
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
		CALL nv_dash_reported(1, NEW.task_id, NEW.period);
	END IF;
END //

CREATE OR REPLACE TRIGGER dash_summary_reports_delete AFTER DELETE ON reports
FOR EACH ROW
BEGIN
	IF OLD.status IN ('submitted', 'approved') THEN
		CALL nv_dash_reported(-1, OLD.task_id, OLD.period);
	END IF;
END //

CREATE OR REPLACE TRIGGER dash_summary_agencies_update AFTER UPDATE ON agencies
FOR EACH ROW
BEGIN
	IF NEW.code <> OLD.code THEN
		UPDATE dash_tally SET agency_code = NEW.code
		    WHERE agency_code = OLD.code;
		UPDATE dash_deadlines SET agency_code = NEW.code
		    WHERE agency_code = OLD.code;
		UPDATE dash_reported SET agency_code = NEW.code
		    WHERE agency_code = OLD.code;
	END IF;
END //

-- Recounts the three tables from the tasks and reports (the migration's
-- starting point; an operator's repair after writes that bypassed the
-- triggers, such as a cascade), and outdates every kept dashboard.
CREATE OR REPLACE PROCEDURE nv_dash_recount()
BEGIN
	DELETE FROM dash_tally;
	DELETE FROM dash_deadlines;
	DELETE FROM dash_reported;
	INSERT INTO dash_tally (agency_code, year, field, status, sub, n,
	    breakthrough, pct, budget, extended, extensions,
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
	    COUNT(*), SUM(t.kind = 'breakthrough'),
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

CALL nv_dash_recount();

CALL nv_grant('SELECT', 'dash_tally');
CALL nv_grant('SELECT', 'dash_deadlines');
CALL nv_grant('SELECT', 'dash_reported');
