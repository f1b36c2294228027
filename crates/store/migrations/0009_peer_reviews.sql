-- Peer reviews: the review (host, stage, focus areas as keys separated by commas, the
-- host's self-evaluation, dates, and the summary the host published), its team, evidence
-- log, findings, the host's action plan and both sides' feedback. Everything but the host,
-- stage and published summary is confidential to the host and its reviewers; the store
-- reads those tables only for them. Dates are ISO text; times UTC ISO 8601 text.

CREATE TABLE peer_reviews (
    id {id_primary_key},
    host_key TEXT NOT NULL,
    status TEXT NOT NULL,
    focus TEXT NOT NULL,
    self_evaluation TEXT NOT NULL DEFAULT '',
    starts_on TEXT,
    ends_on TEXT,
    progress_review_on TEXT,
    summary TEXT,
    summary_published_on TEXT,
    summary_by BIGINT REFERENCES people (id),
    created_by BIGINT REFERENCES people (id),
    created_at TEXT NOT NULL
);
CREATE INDEX peer_reviews_host ON peer_reviews (host_key);

CREATE TABLE peer_review_team (
    review_id BIGINT NOT NULL REFERENCES peer_reviews (id),
    person_id BIGINT NOT NULL REFERENCES people (id),
    org_key TEXT NOT NULL,
    source TEXT NOT NULL,
    hours BIGINT NOT NULL,
    PRIMARY KEY (review_id, person_id)
);

CREATE TABLE peer_review_evidence (
    id {id_primary_key},
    review_id BIGINT NOT NULL REFERENCES peer_reviews (id),
    on_day TEXT NOT NULL,
    kind TEXT NOT NULL,
    note TEXT NOT NULL,
    by_person BIGINT NOT NULL REFERENCES people (id)
);

CREATE TABLE peer_review_findings (
    id {id_primary_key},
    review_id BIGINT NOT NULL REFERENCES peer_reviews (id),
    kind TEXT NOT NULL,
    area TEXT NOT NULL,
    body TEXT NOT NULL,
    by_person BIGINT NOT NULL REFERENCES people (id)
);

CREATE TABLE peer_review_actions (
    id {id_primary_key},
    review_id BIGINT NOT NULL REFERENCES peer_reviews (id),
    what TEXT NOT NULL,
    who_key TEXT NOT NULL,
    by_day TEXT NOT NULL,
    finding_id BIGINT NOT NULL REFERENCES peer_review_findings (id)
);

CREATE TABLE peer_review_feedback (
    review_id BIGINT NOT NULL REFERENCES peer_reviews (id),
    from_role TEXT NOT NULL,
    by_person BIGINT NOT NULL REFERENCES people (id),
    rating BIGINT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (review_id, from_role, by_person)
);
