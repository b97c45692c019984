-- SPDX-License-Identifier: ISC
-- The resources a task needs (people, money, infrastructure): the
-- registration letter asks the programme to state them for every task,
-- beside its goal, products and milestones (seeds: Công văn đăng ký).

ALTER TABLE tasks ADD COLUMN IF NOT EXISTS
	resources	VARCHAR(2000) NOT NULL DEFAULT '' AFTER target;
