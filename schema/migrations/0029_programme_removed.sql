-- SPDX-License-Identifier: ISC
-- A task cancelled after the programme was approved (issue 15) goes into
-- the next amendment as removed: its item is the snapshot the last
-- approved version held, and the programme's table shows it struck out
-- with the number of the amendment that removed it.
ALTER TABLE programme_items MODIFY COLUMN change_kind
    ENUM('added', 'changed', 'removed') NOT NULL;
