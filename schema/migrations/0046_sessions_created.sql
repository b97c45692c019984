-- SPDX-License-Identifier: ISC
-- The sessions' purge (sess_purge, once a minute per worker) finds what
-- it deletes by an index (issue 8): "last_seen < idle OR created_at <
-- max" read the whole table, 12-22 ms at 19,940 sessions on the bench
-- stack after the logins' run, paid by the login that fell on it.  Two
-- statements now, each a range of its own key: last_seen's (0001) and
-- this one.
CREATE INDEX IF NOT EXISTS sessions_created ON sessions (created_at);
