-- Published figures over time: one row per school, measure and academic year ("2023/24"),
-- with the file it came from. A figure that was not published has no row (never a zero).
-- The KS2 and KS4 columns on schools (migration 3) keep working; their imports now also
-- write here, so a school's whole series is in this one table.

CREATE TABLE school_outcomes (
    urn BIGINT NOT NULL,
    measure TEXT NOT NULL,
    year TEXT NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    source TEXT NOT NULL,
    PRIMARY KEY (urn, measure, year)
);

-- Results already imported into the 2018/19 columns join the series, credited to the file
-- they were last imported from.
INSERT INTO school_outcomes (urn, measure, year, value, source)
SELECT urn, 'ks2-reading-progress', ks2_year, ks2_reading_progress,
       COALESCE((SELECT MAX(file_name) FROM imports WHERE kind = 'ks2'), 'KS2 performance tables')
FROM schools WHERE ks2_year IS NOT NULL AND ks2_reading_progress IS NOT NULL;
INSERT INTO school_outcomes (urn, measure, year, value, source)
SELECT urn, 'ks2-writing-progress', ks2_year, ks2_writing_progress,
       COALESCE((SELECT MAX(file_name) FROM imports WHERE kind = 'ks2'), 'KS2 performance tables')
FROM schools WHERE ks2_year IS NOT NULL AND ks2_writing_progress IS NOT NULL;
INSERT INTO school_outcomes (urn, measure, year, value, source)
SELECT urn, 'ks2-maths-progress', ks2_year, ks2_maths_progress,
       COALESCE((SELECT MAX(file_name) FROM imports WHERE kind = 'ks2'), 'KS2 performance tables')
FROM schools WHERE ks2_year IS NOT NULL AND ks2_maths_progress IS NOT NULL;
INSERT INTO school_outcomes (urn, measure, year, value, source)
SELECT urn, 'ks4-progress8', ks4_year, ks4_progress8,
       COALESCE((SELECT MAX(file_name) FROM imports WHERE kind = 'ks4'), 'KS4 performance tables')
FROM schools WHERE ks4_year IS NOT NULL AND ks4_progress8 IS NOT NULL;
INSERT INTO school_outcomes (urn, measure, year, value, source)
SELECT urn, 'ks4-attainment8', ks4_year, ks4_attainment8,
       COALESCE((SELECT MAX(file_name) FROM imports WHERE kind = 'ks4'), 'KS4 performance tables')
FROM schools WHERE ks4_year IS NOT NULL AND ks4_attainment8 IS NOT NULL;
