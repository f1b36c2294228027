-- School outcomes and SEN: KS2 and KS4 results from the DfE performance tables (with the
-- academic year they are for, "2018/19") and primary schools' SEN percentages. Each belongs
-- to its own import kind (ks2, ks4, sen), which writes only these columns. NULL means the
-- file did not publish the value (suppressed, low coverage, not applicable) or no file has
-- been imported.

ALTER TABLE schools ADD COLUMN sen_support_percent DOUBLE PRECISION;
ALTER TABLE schools ADD COLUMN ehc_plan_percent DOUBLE PRECISION;
ALTER TABLE schools ADD COLUMN ks2_year TEXT;
ALTER TABLE schools ADD COLUMN ks2_reading_progress DOUBLE PRECISION;
ALTER TABLE schools ADD COLUMN ks2_writing_progress DOUBLE PRECISION;
ALTER TABLE schools ADD COLUMN ks2_maths_progress DOUBLE PRECISION;
ALTER TABLE schools ADD COLUMN ks4_year TEXT;
ALTER TABLE schools ADD COLUMN ks4_progress8 DOUBLE PRECISION;
ALTER TABLE schools ADD COLUMN ks4_attainment8 DOUBLE PRECISION;
