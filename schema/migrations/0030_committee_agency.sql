-- SPDX-License-Identifier: ISC
-- Committees at two levels (issue 14), the link from a commune's
-- committee to the commune as a body of the province: its people's
-- committee, an agency of kind 'commune' that belongs to the province's
-- committee (XVINH "Phường Thành Vinh" ...).  A provincial task names the
-- commune as a coordinating agency through that agency; the commune's own
-- offices (the agencies whose committee is the commune's) lead the
-- commune's own tasks.  NULL: no such agency (yet).

ALTER TABLE committees
	ADD COLUMN IF NOT EXISTS agency VARCHAR(16) NULL,
	ADD KEY IF NOT EXISTS committees_agency (agency);

ALTER TABLE committees ADD FOREIGN KEY IF NOT EXISTS committees_agency_fk
    (agency) REFERENCES agencies (code);
