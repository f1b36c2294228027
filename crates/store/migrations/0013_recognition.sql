-- Recognition: nominations and endorsements of people and organisations for their system
-- work, and the records (case studies, collaborations, reviews given) each rests on.
-- The nominee is `person-N` or an organisation's key; names are kept as they were when
-- it was given. Dates are ISO text (yyyy-mm-dd); times UTC ISO 8601 text.
--
-- `answer` is 'awaiting', 'accepted' or 'declined'. Only an accepted recognition that was
-- not withdrawn is read by anyone beyond its parties (the nominee, the people acting for
-- the nominee organisation, its writer and the people acting for the giving
-- organisation); every list and lookup applies that rule in SQL.

CREATE TABLE recognitions (
    id {id_primary_key},
    kind TEXT NOT NULL,
    nominee_key TEXT NOT NULL,
    nominee_name TEXT NOT NULL,
    from_key TEXT NOT NULL,
    from_name TEXT NOT NULL,
    written_by BIGINT REFERENCES people (id),
    written_by_name TEXT NOT NULL,
    body TEXT NOT NULL,
    given_on TEXT NOT NULL,
    answer TEXT NOT NULL,
    answered_on TEXT,
    withdrawn_on TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX recognitions_nominee ON recognitions (nominee_key);
CREATE INDEX recognitions_from ON recognitions (from_key);

CREATE TABLE recognition_evidence (
    recognition_id BIGINT NOT NULL REFERENCES recognitions (id),
    evidence_key TEXT NOT NULL,
    PRIMARY KEY (recognition_id, evidence_key)
);
