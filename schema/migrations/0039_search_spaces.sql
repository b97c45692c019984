-- SPDX-License-Identifier: ISC
-- Issue 8 follow-up: the words index (0032) splits text at every code
-- point the search takes for a space, not at ASCII white space only.
--
-- The search compares the expected product, target and responsible person
-- under utf8mb4_unicode_520_ci, whose LIKE takes U+00A0 no-break space,
-- U+2000..U+200A, U+202F, U+205F and U+3000 for a space (each weighs as
-- U+0020; test_141_search_spaces asks MariaDB for the list, every code
-- point).  0032 split only at space, tab, LF and CR, so "Cổng<U+00A0>dữ
-- liệu" was one word and the search "cong du lieu" missed the task whose
-- product it was.  The folded name (utf8_fold(), fcgi/base/utf8.c) now
-- makes the same code points a space, from the same list (fold_spaces in
-- fcgi/base/fold_table.h): the names folded before keep them until
-- refolded here.
--
-- Order: the split first, so that the refold's triggers index the new
-- words; then the index rebuilt whole, as 0032 built it.  Words that no
-- task holds any more stay in search_words, with no postings (0032).

DELIMITER //

-- t with each of the search's spaces (and tab, LF, CR) made U+0020: the
-- one list of them in SQL, the same as fold_spaces in fold_table.h.
CREATE OR REPLACE FUNCTION nv_search_spaces(
    t LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin)
RETURNS LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DETERMINISTIC
	RETURN REGEXP_REPLACE(t, '[\\x{0009}\\x{000A}\\x{000D}\\x{00A0}\\x{2000}-\\x{200A}\\x{202F}\\x{205F}\\x{3000}]', ' ') //

-- The text a search reads, as a JSON array of its words, split at the
-- search's spaces (JSON_QUOTE escapes no space, so a space splits only
-- words).  The triggers of 0032 call it by name.
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
	SET t = nv_search_spaces(CONCAT_WS(sp,
	    CONVERT(name_fold USING utf8mb4), product, target, person));
	SET t = JSON_QUOTE(t);
	RETURN CONCAT('[', REPLACE(t, sp, sep), ']');
END //

DELIMITER ;

-- The names folded before: their spaces become one U+0020 each run, and
-- none at either end, as utf8_fold() now writes them (it has always
-- collapsed and trimmed U+0020).  The update trigger reindexes each.
UPDATE tasks
SET name_fold = CONVERT(TRIM(REGEXP_REPLACE(nv_search_spaces(
    CONVERT(name_fold USING utf8mb4)), ' {2,}', ' ')) USING binary)
WHERE nv_search_spaces(CONVERT(name_fold USING utf8mb4)) <>
    CONVERT(name_fold USING utf8mb4) COLLATE utf8mb4_bin;

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
INSERT IGNORE INTO search_words (pair, word)
    SELECT DISTINCT LOCATE(' ', word) > 0, word FROM task_words;
ANALYZE TABLE task_words, search_words;
