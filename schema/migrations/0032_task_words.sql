-- SPDX-License-Identifier: ISC
-- An index of the words the list's search (q=) reads (issue 8): the
-- folded name and the expected product, target and responsible person,
-- split at whitespace, one row per distinct word and task, kept by
-- triggers in the same transaction as the change, whatever the write
-- path.  The search finds its candidates here and still applies its own
-- rule to them (fcgi/domain/task_search.c), so the results are the old
-- rule's: every task whose text holds the folded words holds each of them
-- as part of a whitespace-separated word; the index only narrows.
--
--  task_words    (word, task): compared under utf8mb4_unicode_520_ci, as
--                the search compares the three unfolded columns (case,
--                diacritics, đ = d); words equal under it are one row.
--                A word longer than 64 characters is kept as '', which
--                every search takes as a candidate (checked by the rule).
--  search_words  every word ever indexed, once: the small table a
--                search scans for the words that hold a fragment
--                (LIKE '%x%'), before it reads the postings of those
--                words only.  Words are never removed: one that no task
--                holds any more has no postings, and finds nothing.
--
-- A deleted task's rows go by the foreign key (a cascade fires no
-- trigger, and needs none here).

CREATE TABLE IF NOT EXISTS task_words (
	word	VARCHAR(64) CHARACTER SET utf8mb4
		    COLLATE utf8mb4_unicode_520_ci NOT NULL,
	task_id	BIGINT UNSIGNED NOT NULL,
	PRIMARY KEY (word, task_id),
	KEY task_words_task (task_id),
	CONSTRAINT task_words_task FOREIGN KEY (task_id)
	    REFERENCES tasks (id) ON DELETE CASCADE
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS search_words (
	pair	BOOLEAN NOT NULL,
	word	VARCHAR(64) CHARACTER SET utf8mb4
		    COLLATE utf8mb4_unicode_520_ci NOT NULL,
	PRIMARY KEY (pair, word)
) ENGINE=InnoDB;

DELIMITER //

-- The text a search reads, as a JSON array of its whitespace-separated
-- words (JSON_QUOTE escapes no space, so a space splits only words).
CREATE OR REPLACE FUNCTION nv_search_words(
    name_fold VARBINARY(2000),
    product VARCHAR(2000) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
    target VARCHAR(2000) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
    person VARCHAR(200) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin)
RETURNS LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DETERMINISTIC
BEGIN
	DECLARE t LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
	DECLARE sp VARCHAR(1) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin
	    DEFAULT ' ';
	DECLARE sep VARCHAR(3) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin
	    DEFAULT '","';
	SET t = CONCAT_WS(sp, CONVERT(name_fold USING utf8mb4), product,
	    target, person);
	SET t = REPLACE(REPLACE(REPLACE(t, CHAR(9 USING utf8mb4), sp),
	    CHAR(10 USING utf8mb4), sp), CHAR(13 USING utf8mb4), sp);
	SET t = JSON_QUOTE(t);
	RETURN CONCAT('[', REPLACE(t, sp, sep), ']');
END //

CREATE OR REPLACE PROCEDURE nv_task_words_put(IN tid BIGINT UNSIGNED,
    IN words LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin)
BEGIN
	INSERT IGNORE INTO task_words (word, task_id)
	    SELECT IF(CHAR_LENGTH(j.w) > 64, '', j.w), tid
	    FROM JSON_TABLE(words, '$[*]' COLUMNS (
	        w VARCHAR(2000) CHARACTER SET utf8mb4 PATH '$')) j
	    WHERE j.w <> ''
	    UNION ALL
	    SELECT IF(CHAR_LENGTH(a.w) + CHAR_LENGTH(b.w) >= 64, '',
	        CONCAT(a.w, ' ', b.w)), tid
	    FROM JSON_TABLE(words, '$[*]' COLUMNS (n FOR ORDINALITY,
	        w VARCHAR(2000) CHARACTER SET utf8mb4 PATH '$')) a
	    JOIN JSON_TABLE(words, '$[*]' COLUMNS (n FOR ORDINALITY,
	        w VARCHAR(2000) CHARACTER SET utf8mb4 PATH '$')) b
	        ON b.n = a.n + 1
	    WHERE a.w <> '' AND b.w <> '';
	INSERT IGNORE INTO search_words (pair, word)
	    SELECT LOCATE(' ', w.word) > 0, w.word FROM task_words w
	    WHERE w.task_id = tid;
END //

CREATE OR REPLACE TRIGGER task_words_insert AFTER INSERT ON tasks
FOR EACH ROW CALL nv_task_words_put(NEW.id, nv_search_words(NEW.name_fold,
    NEW.expected_product, NEW.target, NEW.responsible_person)) //

CREATE OR REPLACE TRIGGER task_words_update AFTER UPDATE ON tasks
FOR EACH ROW
BEGIN
	IF NOT (NEW.name_fold <=> OLD.name_fold
	    AND NEW.expected_product <=> OLD.expected_product
	    AND NEW.target <=> OLD.target
	    AND NEW.responsible_person <=> OLD.responsible_person) THEN
		DELETE FROM task_words WHERE task_id = NEW.id;
		CALL nv_task_words_put(NEW.id, nv_search_words(NEW.name_fold,
		    NEW.expected_product, NEW.target,
		    NEW.responsible_person));
	END IF;
END //

DELIMITER ;

-- Exact whatever the tables held (a rerun after a partial failure).
DELETE FROM task_words;
INSERT IGNORE INTO task_words (word, task_id)
    SELECT IF(CHAR_LENGTH(j.w) > 64, '', j.w), t.id
    FROM tasks t, JSON_TABLE(nv_search_words(t.name_fold,
        t.expected_product, t.target, t.responsible_person), '$[*]'
        COLUMNS (w VARCHAR(2000) CHARACTER SET utf8mb4 PATH '$')) j
    WHERE j.w <> '';
INSERT IGNORE INTO task_words (word, task_id)
    SELECT IF(CHAR_LENGTH(a.w) + CHAR_LENGTH(b.w) >= 64, '',
        CONCAT(a.w, ' ', b.w)), t.id
    FROM tasks t, JSON_TABLE(nv_search_words(t.name_fold,
        t.expected_product, t.target, t.responsible_person), '$[*]'
        COLUMNS (n FOR ORDINALITY,
            w VARCHAR(2000) CHARACTER SET utf8mb4 PATH '$')) a,
        JSON_TABLE(nv_search_words(t.name_fold,
        t.expected_product, t.target, t.responsible_person), '$[*]'
        COLUMNS (n FOR ORDINALITY,
            w VARCHAR(2000) CHARACTER SET utf8mb4 PATH '$')) b
    WHERE b.n = a.n + 1 AND a.w <> '' AND b.w <> '';
INSERT IGNORE INTO search_words (pair, word) VALUES (0, ''), (1, '');
INSERT IGNORE INTO search_words (pair, word)
    SELECT DISTINCT LOCATE(' ', word) > 0, word FROM task_words;
ANALYZE TABLE task_words, search_words;

CALL nv_grant('SELECT', 'task_words');
CALL nv_grant('SELECT', 'search_words');
