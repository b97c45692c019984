-- SPDX-License-Identifier: ISC
-- The demo's 2026 registrations as they reached the committee in January
-- (seed.py --round registers them through the API today): two on time,
-- two after the 10 January deadline.  Times are UTC, as the column's.
UPDATE tasks SET registered_at = '2026-01-08 02:30:00'
    WHERE year = 2026 AND kind = 'breakthrough' AND lead_agency = 'SKHCN'
    AND name LIKE 'Nền tảng số dùng chung%';
UPDATE tasks SET registered_at = '2026-01-09 08:15:00'
    WHERE year = 2026 AND kind = 'breakthrough' AND lead_agency = 'SYT'
    AND name LIKE 'Bệnh án điện tử%';
UPDATE tasks SET registered_at = '2026-01-14 03:00:00'
    WHERE year = 2026 AND kind = 'breakthrough' AND lead_agency = 'SNV'
    AND name LIKE 'Số hóa hồ sơ cán bộ%';
UPDATE tasks SET registered_at = '2026-01-20 07:45:00'
    WHERE year = 2026 AND kind = 'breakthrough' AND lead_agency = 'CAT'
    AND name LIKE 'Mở rộng xác thực điện tử%';
