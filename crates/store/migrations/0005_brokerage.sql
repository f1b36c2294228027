-- Brokerage: needs and offers, introductions between a need and a candidate, and the
-- collaborations accepted introductions become; plus in-app notices. Organisations are
-- stored by key (`trust-17101`, `school-136730`, `partner-4`) as in memberships. Dates are
-- ISO text (yyyy-mm-dd); times UTC ISO 8601 text. Who may see a need, offer or
-- collaboration is its `visibility` level plus, for 'organisations', its *_shares rows.

CREATE TABLE needs (
    id {id_primary_key},
    owner_key TEXT NOT NULL,
    author_id BIGINT REFERENCES people (id),
    area TEXT NOT NULL,
    form TEXT NOT NULL,
    role TEXT,
    description TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    days BIGINT NOT NULL,
    reach_km BIGINT,
    schools TEXT NOT NULL DEFAULT '',
    visibility TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    closed_at TEXT
);
CREATE INDEX needs_owner ON needs (owner_key, status);
CREATE INDEX needs_area ON needs (area, status);

CREATE TABLE need_shares (
    need_id BIGINT NOT NULL REFERENCES needs (id),
    org_key TEXT NOT NULL,
    PRIMARY KEY (need_id, org_key)
);
CREATE INDEX need_shares_org ON need_shares (org_key);

CREATE TABLE offers (
    id {id_primary_key},
    owner_key TEXT NOT NULL,
    author_id BIGINT REFERENCES people (id),
    area TEXT NOT NULL,
    form TEXT NOT NULL,
    role TEXT,
    description TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    days_per_term BIGINT NOT NULL,
    reach_km BIGINT,
    visibility TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX offers_owner ON offers (owner_key, status);
CREATE INDEX offers_area ON offers (area, status);

CREATE TABLE offer_shares (
    offer_id BIGINT NOT NULL REFERENCES offers (id),
    org_key TEXT NOT NULL,
    PRIMARY KEY (offer_id, org_key)
);
CREATE INDEX offer_shares_org ON offer_shares (org_key);

-- One introduction per need and candidate: a double click, or two processes, cannot ask
-- twice.
CREATE TABLE introductions (
    id {id_primary_key},
    need_id BIGINT NOT NULL REFERENCES needs (id),
    candidate_key TEXT NOT NULL,
    requested_by BIGINT REFERENCES people (id),
    message TEXT NOT NULL DEFAULT '',
    reasons TEXT NOT NULL,
    status TEXT NOT NULL,
    decline_reason TEXT,
    decided_by BIGINT REFERENCES people (id),
    created_at TEXT NOT NULL,
    decided_at TEXT,
    UNIQUE (need_id, candidate_key)
);
CREATE INDEX introductions_candidate ON introductions (candidate_key, status);

-- One collaboration per introduction, whoever accepts it and however often.
CREATE TABLE collaborations (
    id {id_primary_key},
    introduction_id BIGINT NOT NULL UNIQUE REFERENCES introductions (id),
    need_id BIGINT NOT NULL REFERENCES needs (id),
    offer_id BIGINT REFERENCES offers (id),
    helper_key TEXT NOT NULL,
    helped_key TEXT NOT NULL,
    area TEXT NOT NULL,
    form TEXT NOT NULL,
    days BIGINT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    status TEXT NOT NULL,
    visibility TEXT NOT NULL,
    helper_rating BIGINT,
    helper_comment TEXT,
    helped_rating BIGINT,
    helped_comment TEXT,
    created_at TEXT NOT NULL,
    ended_at TEXT
);
CREATE INDEX collaborations_helper ON collaborations (helper_key, status);
CREATE INDEX collaborations_helped ON collaborations (helped_key, status);

CREATE TABLE collaboration_shares (
    collaboration_id BIGINT NOT NULL REFERENCES collaborations (id),
    org_key TEXT NOT NULL,
    PRIMARY KEY (collaboration_id, org_key)
);
CREATE INDEX collaboration_shares_org ON collaboration_shares (org_key);

-- What a person is told in Convene (the same news also goes by email through the outbox).
CREATE TABLE notices (
    id {id_primary_key},
    person_id BIGINT NOT NULL REFERENCES people (id),
    text TEXT NOT NULL,
    link TEXT NOT NULL,
    created_at TEXT NOT NULL,
    read_at TEXT
);
CREATE INDEX notices_person ON notices (person_id, id);
