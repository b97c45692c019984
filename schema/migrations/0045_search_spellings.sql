-- SPDX-License-Identifier: ISC
-- The search's vocabulary keeps every spelling its LIKE tells apart
-- (issue 8).
--
-- search_words (0032) and search_suffixes (0044) keyed a word by '='
-- under utf8mb4_unicode_520_ci, where a character may weigh as two:
-- 'straße' = 'strasse', 'ﬁber' = 'fiber', 'æra' = 'aera'.  The search
-- matches with LIKE, which compares a character with a character:
-- 'strasse' LIKE 'strass%' but 'straße' does not.  The spelling indexed
-- first stood for the others, so with 'straße' first, "strass" found no
-- task that says "strasse", though the rule finds every one of them.
--
-- Words equal under '=' and of the same length in characters are the
-- same for LIKE: a character weighing as two makes a word shorter than
-- its equal, and case and diacritics (one character for one) are
-- ignored by both.  So the keys take the length too (chars): 'straße'
-- (6) and 'strasse' (7) are two words, 'Số' and 'số' one.  Two words
-- that only a pair of such characters (one of them weighing as nothing)
-- brings to the same length stay one: text is stored NFC, where no such
-- pair has been seen.  The postings (task_words) are looked up by '=',
-- and bring every spelling of the word found.
--
-- A task's own spellings: task_words keeps one row per task and '='
-- class, so the vocabulary is now taken from the task's words
-- themselves (nv_search_keys), not from its task_words rows: a task
-- that says both "straße" and "strasse" brings both.

DELIMITER //

-- The keys of a task's words (nv_search_words' JSON array), as a JSON
-- array: each word and each pair of neighbours, '' for one over 64
-- characters; the one list of them, for task_words and search_words.
CREATE OR REPLACE FUNCTION nv_search_keys(
    words LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin)
RETURNS LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DETERMINISTIC
	RETURN (SELECT JSON_ARRAYAGG(x.k) FROM (
	    SELECT IF(CHAR_LENGTH(j.w) > 64, '', j.w) k
	    FROM JSON_TABLE(words, '$[*]' COLUMNS (
	        w VARCHAR(2000) CHARACTER SET utf8mb4 PATH '$')) j
	    WHERE j.w <> ''
	    UNION ALL
	    SELECT IF(CHAR_LENGTH(a.w) + CHAR_LENGTH(b.w) >= 64, '',
	        CONCAT(a.w, ' ', b.w))
	    FROM JSON_TABLE(words, '$[*]' COLUMNS (n FOR ORDINALITY,
	        w VARCHAR(2000) CHARACTER SET utf8mb4 PATH '$')) a
	    JOIN JSON_TABLE(words, '$[*]' COLUMNS (n FOR ORDINALITY,
	        w VARCHAR(2000) CHARACTER SET utf8mb4 PATH '$')) b
	        ON b.n = a.n + 1
	    WHERE a.w <> '' AND b.w <> '') x) //

-- The triggers of 0032 call it by name.
CREATE OR REPLACE PROCEDURE nv_task_words_put(IN tid BIGINT UNSIGNED,
    IN words LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin)
BEGIN
	DECLARE ks LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin
	    DEFAULT nv_search_keys(words);

	INSERT IGNORE INTO task_words (word, task_id)
	    SELECT j.k, tid FROM JSON_TABLE(ks, '$[*]' COLUMNS (
	        k VARCHAR(64) CHARACTER SET utf8mb4 PATH '$')) j;
	INSERT IGNORE INTO search_words (pair, word, chars)
	    SELECT LOCATE(' ', j.k) > 0, j.k, CHAR_LENGTH(j.k)
	    FROM JSON_TABLE(ks, '$[*]' COLUMNS (
	        k VARCHAR(64) CHARACTER SET utf8mb4 PATH '$')) j;
END //

CREATE OR REPLACE TRIGGER search_words_suffixes AFTER INSERT ON search_words
FOR EACH ROW
BEGIN
	IF NOT NEW.pair THEN
		INSERT IGNORE INTO search_suffixes (suffix, word, chars)
		    WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL
		        SELECT i + 1 FROM n WHERE i < CHAR_LENGTH(NEW.word))
		    SELECT SUBSTRING(NEW.word, i), NEW.word,
		        CHAR_LENGTH(SUBSTRING(NEW.word, i)) FROM n;
	END IF;
END //

DELIMITER ;

-- chars is the word's length in search_words, the suffix's in
-- search_suffixes: the part a search's LIKE reads.
ALTER TABLE search_words
    ADD COLUMN IF NOT EXISTS chars TINYINT UNSIGNED NOT NULL DEFAULT 0;
UPDATE search_words SET chars = CHAR_LENGTH(word);
ALTER TABLE search_words DROP PRIMARY KEY, ADD PRIMARY KEY (pair, word, chars);

ALTER TABLE search_suffixes
    ADD COLUMN IF NOT EXISTS chars TINYINT UNSIGNED NOT NULL DEFAULT 0;
UPDATE search_suffixes SET chars = CHAR_LENGTH(suffix);
ALTER TABLE search_suffixes
    DROP PRIMARY KEY, ADD PRIMARY KEY (suffix, word, chars);

-- The spellings the old keys left out; the trigger above adds their
-- suffixes.
INSERT IGNORE INTO search_words (pair, word, chars)
    SELECT LOCATE(' ', j.k) > 0, j.k, CHAR_LENGTH(j.k)
    FROM tasks t, JSON_TABLE(nv_search_keys(nv_search_words(t.name_fold,
        t.expected_product, t.target, t.responsible_person)), '$[*]'
        COLUMNS (k VARCHAR(64) CHARACTER SET utf8mb4 PATH '$')) j;
ANALYZE TABLE search_words, search_suffixes;
