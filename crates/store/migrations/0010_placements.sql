-- Placements: leaders their organisations make available (the register), requests for a
-- leader (a vacancy, or interim leadership in a crisis), the agreements two organisations
-- record when one lends a leader to the other, and traded services. Organisations by key,
-- with their names when the record was made, so lists need no lookup. A role is its key
-- and, for another role, its title; days per week are kept in half-days. Dates are ISO
-- text (yyyy-mm-dd); times UTC ISO 8601 text.
--
-- A register entry's `visibility` and its placement_leader_shares rows say who sees it, by
-- the same rule as notes and offers. A request marked `confidential` (a crisis is, unless
-- the trust says otherwise) is read only for the asking organisation's members. An
-- agreement's terms are read only for the two organisations' members; anyone else learns,
-- at most, that a finished placement existed, once both organisations publish it.

CREATE TABLE placement_leaders (
    id {id_primary_key},
    org_key TEXT NOT NULL,
    org_name TEXT NOT NULL,
    author_id BIGINT REFERENCES people (id),
    person_name TEXT,
    role TEXT NOT NULL,
    role_title TEXT NOT NULL DEFAULT '',
    days_halves BIGINT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    reach_km BIGINT,
    description TEXT NOT NULL,
    visibility TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX placement_leaders_org ON placement_leaders (org_key);

CREATE TABLE placement_leader_shares (
    leader_id BIGINT NOT NULL REFERENCES placement_leaders (id),
    org_key TEXT NOT NULL,
    PRIMARY KEY (leader_id, org_key)
);
CREATE INDEX placement_leader_shares_org ON placement_leader_shares (org_key);

CREATE TABLE placement_requests (
    id {id_primary_key},
    org_key TEXT NOT NULL,
    org_name TEXT NOT NULL,
    author_id BIGINT REFERENCES people (id),
    kind TEXT NOT NULL,
    role TEXT NOT NULL,
    role_title TEXT NOT NULL DEFAULT '',
    days_halves BIGINT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    description TEXT NOT NULL,
    confidential BIGINT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX placement_requests_org ON placement_requests (org_key);

-- `version` goes up with every change, so two people changing one agreement at once cannot
-- both win: the second is told it changed and to look again.
CREATE TABLE placement_agreements (
    id {id_primary_key},
    request_id BIGINT REFERENCES placement_requests (id),
    lending_key TEXT NOT NULL,
    lending_name TEXT NOT NULL,
    receiving_key TEXT NOT NULL,
    receiving_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    person_name TEXT NOT NULL,
    role TEXT NOT NULL,
    role_title TEXT NOT NULL DEFAULT '',
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    days_halves BIGINT NOT NULL,
    recharge_terms TEXT NOT NULL,
    daily_rate_pence BIGINT,
    lending_approved_by TEXT,
    lending_approved_on TEXT,
    receiving_approved_by TEXT,
    receiving_approved_on TEXT,
    status TEXT NOT NULL,
    ended_on TEXT,
    review_outcome TEXT,
    lending_rating BIGINT,
    receiving_rating BIGINT,
    lending_publishes BIGINT NOT NULL DEFAULT 0,
    receiving_publishes BIGINT NOT NULL DEFAULT 0,
    proposed_by BIGINT REFERENCES people (id),
    created_at TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX placement_agreements_lending ON placement_agreements (lending_key, status);
CREATE INDEX placement_agreements_receiving ON placement_agreements (receiving_key, status);

CREATE TABLE traded_offers (
    id {id_primary_key},
    org_key TEXT NOT NULL,
    org_name TEXT NOT NULL,
    author_id BIGINT REFERENCES people (id),
    service TEXT NOT NULL,
    description TEXT NOT NULL,
    price_basis TEXT NOT NULL,
    area_served TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX traded_offers_service ON traded_offers (service);
