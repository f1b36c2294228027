-- Peer review rounds: the round and its rules, the organisations that volunteered with the
-- areas they want reviewed, and the groups the convener saved, each member marked when it
-- confirms. Organisations by key, as in memberships; a volunteer's `org_name` is its name
-- when it volunteered, so lists need no lookup. Focus areas are keys separated by commas.
-- Dates are ISO text (yyyy-mm-dd); times UTC ISO 8601 text.

CREATE TABLE review_rounds (
    id {id_primary_key},
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    convened_by TEXT NOT NULL,
    convener_name TEXT NOT NULL,
    group_size BIGINT NOT NULL,
    travel_km BIGINT,
    closes_on TEXT NOT NULL,
    status TEXT NOT NULL,
    created_by BIGINT REFERENCES people (id),
    created_at TEXT NOT NULL
);

-- `id` gives the order volunteers joined in, which the optimiser's seeded start follows.
CREATE TABLE review_round_volunteers (
    id {id_primary_key},
    round_id BIGINT NOT NULL REFERENCES review_rounds (id),
    org_key TEXT NOT NULL,
    org_name TEXT NOT NULL,
    focus TEXT NOT NULL,
    volunteered_by BIGINT REFERENCES people (id),
    volunteered_at TEXT NOT NULL,
    UNIQUE (round_id, org_key)
);
CREATE INDEX review_round_volunteers_org ON review_round_volunteers (org_key);

-- One row per organisation in a saved group; saving groups again replaces them all.
CREATE TABLE review_group_members (
    round_id BIGINT NOT NULL REFERENCES review_rounds (id),
    group_number BIGINT NOT NULL,
    org_key TEXT NOT NULL,
    confirmed_by BIGINT REFERENCES people (id),
    confirmed_at TEXT,
    PRIMARY KEY (round_id, org_key)
);
