-- Pupil premium and the 2015-2022 results series have import kinds of their own. The bundled
-- dataset used to credit them under the census and KS2, so a census or KS2 import took their
-- credit off every page (the sources shown are each kind's latest import), and an import of
-- a newer series could not tell the old series' figures from the official KS2 ones. Bundled
-- loads recorded before the change are credited to the new kinds, as loads made after it are.
UPDATE imports SET kind = 'results-series'
WHERE bundled = 1 AND kind = 'ks2' AND file_name = 'progress_and_admissions_by_year_2014-2022.csv';
UPDATE imports SET kind = 'pupil-premium'
WHERE bundled = 1 AND kind = 'census' AND file_name = 'pupil_premium_2019-20.csv';
