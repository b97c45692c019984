-- SPDX-License-Identifier: ISC
-- A draft task, or a draft or returned report, made by mistake can be
-- deleted by its lead agency (issue 17; fcgi/domain/wf.c, wf_delete).
-- Anything past that stage is cancelled, never deleted; the rules decide,
-- and every delete writes an audit row holding the record as it was.

CALL nv_grant('SELECT, INSERT, UPDATE, DELETE', 'tasks');
CALL nv_grant('SELECT, INSERT, UPDATE, DELETE', 'reports');
