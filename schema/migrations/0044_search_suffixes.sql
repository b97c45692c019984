-- SPDX-License-Identifier: ISC
-- Every suffix of every indexed word (issue 8), so that a search finds the
-- words holding a fragment by an index range instead of a scan of the
-- vocabulary.  A word w matches LIKE '%x%' exactly when one of its
-- suffixes matches LIKE 'x%', and LIKE '%x' when one of them is LIKE 'x'
-- (LIKE's '%' stands for any run of characters, whatever the collation),
-- and both are ranges of the primary key below.
--
-- search_words (0032) scanned this way cost a search a read of the whole
-- vocabulary, which real names make grow with the data: with the seed
-- tasks' names and the documents they carry out (tests/bench/gen_data.py,
-- BENCH_NAMES=seeds), 122,779 tasks held 11,660 words and 28,356 pairs; a
-- search matching nothing read all 11,660 words and "doi so" 50,712 rows.
--
-- Kept by a trigger on search_words, in the same transaction as the task
-- write that brings a new word; words, and so their suffixes, are never
-- removed (see 0032).  The word '' (one too long to keep) has the suffix
-- '' only, which every fragment search takes.  Pairs ("w1 w2") are found
-- from their words' suffixes and need none of their own.

CREATE TABLE IF NOT EXISTS search_suffixes (
	suffix	VARCHAR(64) CHARACTER SET utf8mb4
		    COLLATE utf8mb4_unicode_520_ci NOT NULL,
	word	VARCHAR(64) CHARACTER SET utf8mb4
		    COLLATE utf8mb4_unicode_520_ci NOT NULL,
	PRIMARY KEY (suffix, word)
) ENGINE=InnoDB;

DELIMITER //

CREATE OR REPLACE TRIGGER search_words_suffixes AFTER INSERT ON search_words
FOR EACH ROW
BEGIN
	IF NOT NEW.pair THEN
		INSERT IGNORE INTO search_suffixes (suffix, word)
		    WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL
		        SELECT i + 1 FROM n WHERE i < CHAR_LENGTH(NEW.word))
		    SELECT SUBSTRING(NEW.word, i), NEW.word FROM n;
	END IF;
END //

DELIMITER ;

-- Exact whatever the table held (a rerun after a partial failure).
DELETE FROM search_suffixes;
INSERT IGNORE INTO search_suffixes (suffix, word)
    WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL
        SELECT i + 1 FROM n WHERE i < 64)
    SELECT SUBSTRING(s.word, n.i), s.word FROM search_words s JOIN n
    WHERE s.pair = 0 AND n.i <= GREATEST(CHAR_LENGTH(s.word), 1);
ANALYZE TABLE search_suffixes;

CALL nv_grant('SELECT', 'search_suffixes');
