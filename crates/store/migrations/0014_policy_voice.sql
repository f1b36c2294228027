-- A voice in policy: calls for input, who responded, the responses, and the collective
-- submission with each quoted organisation's consent. Organisations by key with their
-- names when they took part. Dates are ISO text (yyyy-mm-dd); times UTC ISO 8601 text.
--
-- Who responded (`call_respondents`) is kept apart from what was said
-- (`call_responses`). For an anonymous call a response carries no organisation, no
-- writer and no time, and is listed in the order of `sort_key` (a hash of its words), so
-- nothing in the database joins an anonymous response to the organisation that gave it.

CREATE TABLE calls (
    id {id_primary_key},
    convener_key TEXT NOT NULL,
    convener_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    how_used TEXT NOT NULL,
    closes_on TEXT NOT NULL,
    visibility TEXT NOT NULL,
    regions TEXT NOT NULL,
    opened_on TEXT NOT NULL,
    closed_on TEXT,
    created_by BIGINT REFERENCES people (id),
    created_at TEXT NOT NULL
);
CREATE INDEX calls_closes_on ON calls (closes_on);

CREATE TABLE call_questions (
    call_id BIGINT NOT NULL REFERENCES calls (id),
    position BIGINT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (call_id, position)
);

CREATE TABLE call_respondents (
    call_id BIGINT NOT NULL REFERENCES calls (id),
    org_key TEXT NOT NULL,
    org_name TEXT NOT NULL,
    responded_on TEXT NOT NULL,
    PRIMARY KEY (call_id, org_key)
);

CREATE TABLE call_responses (
    id {id_primary_key},
    call_id BIGINT NOT NULL REFERENCES calls (id),
    org_key TEXT,
    org_name TEXT,
    written_by BIGINT REFERENCES people (id),
    comments TEXT NOT NULL,
    nominee_name TEXT,
    nominee_role TEXT,
    statement TEXT,
    chosen BIGINT NOT NULL,
    sort_key TEXT NOT NULL,
    created_at TEXT
);
CREATE INDEX call_responses_call ON call_responses (call_id);

CREATE TABLE call_answers (
    response_id BIGINT NOT NULL REFERENCES call_responses (id),
    position BIGINT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (response_id, position)
);

CREATE TABLE call_submissions (
    call_id BIGINT PRIMARY KEY REFERENCES calls (id),
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    addressed_to TEXT NOT NULL,
    representation TEXT,
    published_on TEXT,
    outcome TEXT,
    updated_at TEXT NOT NULL
);

CREATE TABLE call_submission_quotes (
    call_id BIGINT NOT NULL REFERENCES calls (id),
    number BIGINT NOT NULL,
    response_id BIGINT NOT NULL REFERENCES call_responses (id),
    text TEXT NOT NULL,
    org_key TEXT,
    org_name TEXT,
    consent TEXT NOT NULL,
    answered_by TEXT,
    answered_on TEXT,
    PRIMARY KEY (call_id, number)
);
