-- The system map: establishments, groups, the links between them, and the imports that
-- brought them in. One schema for SQLite and PostgreSQL: only portable types are used
-- (BIGINT, DOUBLE PRECISION, TEXT); dates are ISO 8601 text.

CREATE TABLE local_authorities (
    code BIGINT PRIMARY KEY,
    gss_code TEXT,
    name TEXT NOT NULL,
    region TEXT
);

CREATE TABLE schools (
    urn BIGINT PRIMARY KEY,
    laestab BIGINT,
    ukprn BIGINT,
    name TEXT NOT NULL,
    status TEXT NOT NULL,
    phase TEXT NOT NULL,
    type_name TEXT NOT NULL,
    open_date TEXT,
    close_date TEXT,
    age_low BIGINT,
    age_high BIGINT,
    gender TEXT,
    religious_character TEXT,
    admissions_policy TEXT,
    sixth_form TEXT,
    la_code BIGINT,
    la_name TEXT,
    region TEXT,
    street TEXT,
    town TEXT,
    postcode TEXT,
    website TEXT,
    urban_rural TEXT,
    easting BIGINT,
    northing BIGINT,
    pupils BIGINT,
    capacity BIGINT,
    fsm_percent DOUBLE PRECISION,
    eal_percent DOUBLE PRECISION,
    idaci_quintile BIGINT,
    ofsted_inspection_date TEXT,
    ofsted_publication_date TEXT,
    ofsted_inspection_type TEXT,
    ofsted_overall BIGINT,
    ofsted_quality_of_education BIGINT,
    ofsted_behaviour_and_attitudes BIGINT,
    ofsted_personal_development BIGINT,
    ofsted_leadership_and_management BIGINT,
    ofsted_early_years BIGINT,
    ofsted_sixth_form BIGINT,
    ofsted_safeguarding_effective BIGINT,
    ofsted_category_of_concern TEXT,
    ofsted_previous_inspection_date TEXT,
    ofsted_previous_overall BIGINT,
    ofsted_ungraded_inspection_date TEXT,
    ofsted_ungraded_outcome TEXT,
    -- Derived on write: the academy trust the school currently belongs to, and the
    -- lower-cased text the search box matches.
    trust_uid BIGINT,
    search_text TEXT NOT NULL
);
CREATE INDEX schools_la_code ON schools (la_code);
CREATE INDEX schools_region ON schools (region);
CREATE INDEX schools_postcode ON schools (postcode);
CREATE INDEX schools_laestab ON schools (laestab);
CREATE INDEX schools_trust_uid ON schools (trust_uid);
CREATE INDEX schools_type_name ON schools (type_name);
-- Covers every search filter, so a search scans this narrow index instead of the wide table.
CREATE INDEX schools_search ON schools (status, phase, region, la_code, type_name, ofsted_overall, search_text, postcode, laestab, trust_uid, name, urn);

CREATE TABLE groups (
    uid BIGINT PRIMARY KEY,
    group_id TEXT,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    companies_house_number TEXT,
    status TEXT NOT NULL,
    open_date TEXT,
    closed_date TEXT,
    incorporated_date TEXT,
    street TEXT,
    town TEXT,
    postcode TEXT,
    head TEXT,
    ukprn BIGINT,
    -- Derived on write: open member schools and their pupils, so lists can sort by size.
    open_schools BIGINT NOT NULL DEFAULT 0,
    open_pupils BIGINT NOT NULL DEFAULT 0,
    search_text TEXT NOT NULL
);
CREATE INDEX groups_group_id ON groups (group_id);
CREATE INDEX groups_name ON groups (name);

-- Memberships are never deleted: a school leaving a trust gets a left_date.
CREATE TABLE group_links (
    group_uid BIGINT NOT NULL,
    urn BIGINT NOT NULL,
    joined_date TEXT,
    left_date TEXT,
    PRIMARY KEY (group_uid, urn)
);
CREATE INDEX group_links_urn ON group_links (urn);

CREATE TABLE establishment_links (
    urn BIGINT NOT NULL,
    linked_urn BIGINT NOT NULL,
    linked_name TEXT,
    link_type TEXT NOT NULL,
    established_date TEXT,
    PRIMARY KEY (urn, linked_urn, link_type)
);
CREATE INDEX establishment_links_linked_urn ON establishment_links (linked_urn);

CREATE TABLE imports (
    id {id_primary_key},
    kind TEXT NOT NULL,
    file_name TEXT NOT NULL,
    data_date TEXT,
    imported_at TEXT NOT NULL,
    bundled BIGINT NOT NULL,
    read_rows BIGINT NOT NULL,
    inserted BIGINT NOT NULL,
    updated BIGINT NOT NULL,
    unchanged BIGINT NOT NULL,
    closed BIGINT NOT NULL,
    skipped BIGINT NOT NULL,
    unmatched BIGINT NOT NULL,
    skipped_rows TEXT NOT NULL
);
