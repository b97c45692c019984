-- SPDX-License-Identifier: ISC
-- The dashboard's figures kept up to date by triggers, in the same
-- transaction as the change they summarise, whatever the write path
-- (issue 8).  GET /dashboard read every task of the year's scope when it
-- was built: 14 / 72 / 361 ms at 1,000 / 10,000 / 100,000 tasks, and it is
-- built on the first request after any write.  It now reads these rows,
-- whose number is bounded by agencies x years x sets of fields x a few
-- states, not by the number of tasks (fcgi/domain/dashboard.c).
--
-- Rows per agency, never one global row (docs/CLUSTER.md): writes in two
-- agencies never wait for each other's rows.
--
-- dash_tally: the tasks of an agency, year, set of fields, state and
--   sub-state (in_program: 0 no health, 1 on_track, 2 at_risk, 3 delayed;
--   completed: 0 on time, 1 late, task_outcome()'s rule; else 0): how
--   many, how many are breakthrough tasks, the sum of their progress
--   percent, of their estimated budget, how many were ever extended and
--   how often.  A year's scope is its own rows and earlier years' rows in
--   an unfinished state.
-- dash_deadlines: the tasks past draft and unfinished (submitted,
--   approved, returned, in_program) by deadline: "overdue" depends on
--   today's date, so the dashboard sums the dates before today.  A row
--   that falls to 0 is removed, so the past holds only overdue tasks'
--   dates.
-- dash_reported: per month, the in_program tasks with a submitted or
--   approved report for it (a task has at most one report a month:
--   reports_task_period); missing_reports is in_program less these.
--
-- Sets of fields are the key as they are (at most 32 sets): ?field=
-- keeps the rows whose set holds it, by_field splits each set in C.
-- An agency's code changed cascades to tasks without firing their
-- triggers: the agencies trigger below moves its rows instead.

CREATE TABLE IF NOT EXISTS dash_tally (
	agency_code	VARCHAR(16) NOT NULL,
	year		SMALLINT UNSIGNED NOT NULL,
	fields		SET('science_technology', 'innovation',
			    'digital_transformation', 'admin_reform',
			    'project06') NOT NULL DEFAULT '',
	status		ENUM('draft', 'submitted', 'approved', 'returned',
			    'in_program', 'completed', 'cancelled') NOT NULL,
	sub		TINYINT UNSIGNED NOT NULL,
	n		BIGINT NOT NULL,
	breakthrough	BIGINT NOT NULL,
	pct		BIGINT NOT NULL,
	budget		BIGINT NOT NULL,
	extended	BIGINT NOT NULL,
	extensions	BIGINT NOT NULL,
	PRIMARY KEY (agency_code, year, status, fields, sub),
	KEY dash_tally_year (year, status, agency_code)
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
	agency_code	VARCHAR(16) NOT NULL,
	year		SMALLINT UNSIGNED NOT NULL,
	fields		SET('science_technology', 'innovation',
			    'digital_transformation', 'admin_reform',
			    'project06') NOT NULL DEFAULT '',
	n		BIGINT NOT NULL,
	PRIMARY KEY (period, agency_code, year, fields)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

-- The overdue list (every overdue task of the scope, by deadline) reads
-- the unfinished states' past deadlines, not every open task.
ALTER TABLE tasks ADD INDEX IF NOT EXISTS tasks_overdue (status, deadline);

DELIMITER //

-- One task's share of dash_tally, added (s = 1) or taken away (s = -1).
CREATE OR REPLACE PROCEDURE nv_dash_tally(IN s INT, IN ag VARCHAR(16),
    IN yr SMALLINT UNSIGNED, IN flds VARCHAR(200), IN st VARCHAR(16),
    IN kd VARCHAR(16), IN health VARCHAR(16), IN pc INT, IN bud BIGINT,
    IN ext INT, IN yard DATE, IN done DATE, IN dl DATE, IN odl DATE)
BEGIN
	DECLARE sb TINYINT UNSIGNED DEFAULT 0;

	IF st = 'in_program' THEN
		SET sb = CASE health WHEN 'on_track' THEN 1
		    WHEN 'at_risk' THEN 2 WHEN 'delayed' THEN 3 ELSE 0 END;
	ELSEIF st = 'completed' THEN
		SET sb = IF(IF(yard IS NOT NULL, COALESCE(done > yard, 0),
		    COALESCE(done > dl, 0) OR COALESCE(done > odl, 0)), 1, 0);
	END IF;
	INSERT INTO dash_tally (agency_code, year, fields, status, sub, n,
	    breakthrough, pct, budget, extended, extensions)
	VALUES (ag, yr, flds, st, sb, s, s * (kd = 'breakthrough'),
	    s * COALESCE(pc, 0), s * COALESCE(bud, 0), s * (ext > 0), s * ext)
	ON DUPLICATE KEY UPDATE n = n + VALUES(n),
	    breakthrough = breakthrough + VALUES(breakthrough),
	    pct = pct + VALUES(pct), budget = budget + VALUES(budget),
	    extended = extended + VALUES(extended),
	    extensions = extensions + VALUES(extensions);
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
	INSERT INTO dash_reported (period, agency_code, year, fields, n)
	SELECT r.period, ag, yr, flds, s FROM reports r
	WHERE r.task_id = tid AND r.status IN ('submitted', 'approved')
	ON DUPLICATE KEY UPDATE n = n + VALUES(n);
END //

-- One report's month, added or taken away, when its task is in_program.
CREATE OR REPLACE PROCEDURE nv_dash_reported(IN s INT,
    IN tid BIGINT UNSIGNED, IN per CHAR(7))
BEGIN
	INSERT INTO dash_reported (period, agency_code, year, fields, n)
	SELECT per, t.lead_agency, t.year, t.fields, s FROM tasks t
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
-- starting point; tests/integration compare the kept rows with it).
CREATE OR REPLACE PROCEDURE nv_dash_recount()
BEGIN
	DELETE FROM dash_tally;
	DELETE FROM dash_deadlines;
	DELETE FROM dash_reported;
	INSERT INTO dash_tally (agency_code, year, fields, status, sub, n,
	    breakthrough, pct, budget, extended, extensions)
	SELECT lead_agency, year, fields, status,
	    CASE status WHEN 'in_program' THEN CASE progress_health
	        WHEN 'on_track' THEN 1 WHEN 'at_risk' THEN 2
	        WHEN 'delayed' THEN 3 ELSE 0 END
	    WHEN 'completed' THEN IF(IF(yardstick IS NOT NULL,
	        COALESCE(completed_at > yardstick, 0),
	        COALESCE(completed_at > deadline, 0) OR
	        COALESCE(completed_at > original_deadline, 0)), 1, 0)
	    ELSE 0 END,
	    COUNT(*), SUM(kind = 'breakthrough'),
	    SUM(COALESCE(progress_percent, 0)),
	    SUM(COALESCE(estimated_budget, 0)), SUM(extensions > 0),
	    SUM(extensions)
	FROM tasks GROUP BY 1, 2, 3, 4, 5;
	INSERT INTO dash_deadlines (deadline, agency_code, year, fields, n)
	SELECT deadline, lead_agency, year, fields, COUNT(*) FROM tasks
	WHERE deadline IS NOT NULL AND
	    status IN ('submitted', 'approved', 'returned', 'in_program')
	GROUP BY 1, 2, 3, 4;
	INSERT INTO dash_reported (period, agency_code, year, fields, n)
	SELECT r.period, t.lead_agency, t.year, t.fields, COUNT(*)
	FROM reports r JOIN tasks t ON t.id = r.task_id
	WHERE t.status = 'in_program' AND r.status IN ('submitted', 'approved')
	GROUP BY 1, 2, 3, 4;
END //

DELIMITER ;

CALL nv_dash_recount();

CALL nv_grant('SELECT', 'dash_tally');
CALL nv_grant('SELECT', 'dash_deadlines');
CALL nv_grant('SELECT', 'dash_reported');
