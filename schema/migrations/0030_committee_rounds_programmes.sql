-- SPDX-License-Identifier: ISC
-- Committees at two levels (issue 14): each committee runs its own
-- registration round and its own programme, with the same workflow.  What
-- existed before is the province's ('TINH', migration 0026).  A year has
-- one round per committee, and per committee one programme with its
-- amendments, at most one of them not yet approved.

ALTER TABLE registration_rounds
	ADD COLUMN IF NOT EXISTS committee VARCHAR(16) NOT NULL DEFAULT 'TINH'
	    AFTER year;
ALTER TABLE registration_rounds
	DROP INDEX IF EXISTS registration_rounds_year,
	ADD UNIQUE KEY IF NOT EXISTS registration_rounds_committee_year
	    (committee, year);
ALTER TABLE registration_rounds ADD FOREIGN KEY IF NOT EXISTS
    registration_rounds_committee_fk (committee) REFERENCES committees (code);

ALTER TABLE programmes
	ADD COLUMN IF NOT EXISTS committee VARCHAR(16) NOT NULL DEFAULT 'TINH'
	    AFTER year;
ALTER TABLE programmes
	DROP INDEX IF EXISTS programmes_year,
	DROP INDEX IF EXISTS programmes_open,
	ADD UNIQUE KEY IF NOT EXISTS programmes_committee_year
	    (committee, year, amendment),
	ADD UNIQUE KEY IF NOT EXISTS programmes_committee_open
	    (committee, open_year);
ALTER TABLE programmes ADD FOREIGN KEY IF NOT EXISTS
    programmes_committee_fk (committee) REFERENCES committees (code);
