-- Case studies: write-ups of system work, with the measured changes, the organisations
-- they name and each one's consent, the records they describe, and their pictures.
-- Organisations by key with their names when named. Dates are ISO text (yyyy-mm-dd);
-- times UTC ISO 8601 text.
--
-- `published` is 1 exactly when the stage is 'approved' and every named organisation has
-- consented; the store sets it in the same transaction as any change to either, and every
-- list for someone outside the case study reads only published rows. `version` goes up
-- with every change, so two people changing one case study at once cannot both win.

CREATE TABLE case_studies (
    id {id_primary_key},
    owner_key TEXT NOT NULL,
    owner_name TEXT NOT NULL,
    author_id BIGINT REFERENCES people (id),
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    area TEXT NOT NULL,
    form TEXT NOT NULL,
    context TEXT NOT NULL,
    challenge TEXT NOT NULL,
    what_was_done TEXT NOT NULL,
    who TEXT NOT NULL,
    what_changed TEXT NOT NULL,
    lessons TEXT NOT NULL,
    contacts TEXT NOT NULL,
    started_on TEXT NOT NULL,
    ended_on TEXT,
    stage TEXT NOT NULL,
    returned_note TEXT,
    approved_by TEXT,
    approved_on TEXT,
    published BIGINT NOT NULL,
    version BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX case_studies_owner ON case_studies (owner_key);
CREATE INDEX case_studies_published ON case_studies (published);

CREATE TABLE case_study_changes (
    case_study_id BIGINT NOT NULL REFERENCES case_studies (id),
    position BIGINT NOT NULL,
    measure TEXT NOT NULL,
    before_figure TEXT NOT NULL,
    after_figure TEXT NOT NULL,
    from_on TEXT NOT NULL,
    to_on TEXT NOT NULL,
    PRIMARY KEY (case_study_id, position)
);

CREATE TABLE case_study_organisations (
    case_study_id BIGINT NOT NULL REFERENCES case_studies (id),
    org_key TEXT NOT NULL,
    org_name TEXT NOT NULL,
    consent TEXT NOT NULL,
    answered_by TEXT,
    answered_on TEXT,
    PRIMARY KEY (case_study_id, org_key)
);
CREATE INDEX case_study_organisations_org ON case_study_organisations (org_key);

CREATE TABLE case_study_sources (
    case_study_id BIGINT NOT NULL REFERENCES case_studies (id),
    source_key TEXT NOT NULL,
    PRIMARY KEY (case_study_id, source_key)
);

CREATE TABLE case_study_images (
    id {id_primary_key},
    case_study_id BIGINT NOT NULL REFERENCES case_studies (id),
    content_type TEXT NOT NULL,
    width BIGINT NOT NULL,
    height BIGINT NOT NULL,
    byte_count BIGINT NOT NULL,
    alt TEXT NOT NULL,
    bytes {blob} NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX case_study_images_case_study ON case_study_images (case_study_id);
