-- SPDX-License-Identifier: ISC
-- Issue 8: a login no longer deletes its username's expired device rows
-- in its own transaction (one statement less a login); login_purge
-- (auth/login.c) deletes every username's, 500 at a time once a minute
-- per worker, and finds them by this index instead of reading the table.
ALTER TABLE login_devices
    ADD INDEX IF NOT EXISTS login_devices_created (created_at);
