-- The eight system leadership behaviours: a person's own assessments, their development
-- actions, and 360 feedback rounds. Everything belongs to the person.
--
-- A rater's invitation (`feedback_invitations`, found by the digest of the link's token)
-- is kept apart from their answer (`feedback_answers`): an answer carries its rater group
-- but no invitation, no address and no time, and is read in the order of `sort_key` (a
-- hash of its content), so nothing joins an answer to who gave it.

CREATE TABLE behaviour_assessments (
    id {id_primary_key},
    person_id BIGINT NOT NULL REFERENCES people (id),
    taken_on TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX behaviour_assessments_person ON behaviour_assessments (person_id);

CREATE TABLE behaviour_placements (
    assessment_id BIGINT NOT NULL REFERENCES behaviour_assessments (id),
    behaviour TEXT NOT NULL,
    level BIGINT NOT NULL,
    evidence TEXT NOT NULL,
    PRIMARY KEY (assessment_id, behaviour)
);

CREATE TABLE behaviour_assessment_records (
    assessment_id BIGINT NOT NULL REFERENCES behaviour_assessments (id),
    record_key TEXT NOT NULL,
    label TEXT NOT NULL,
    PRIMARY KEY (assessment_id, record_key)
);

CREATE TABLE behaviour_actions (
    id {id_primary_key},
    person_id BIGINT NOT NULL REFERENCES people (id),
    behaviour TEXT NOT NULL,
    action TEXT NOT NULL,
    by_on TEXT NOT NULL,
    done_on TEXT
);
CREATE INDEX behaviour_actions_person ON behaviour_actions (person_id);

CREATE TABLE feedback_rounds (
    id {id_primary_key},
    person_id BIGINT NOT NULL REFERENCES people (id),
    closes_on TEXT NOT NULL,
    closed_on TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX feedback_rounds_person ON feedback_rounds (person_id);

CREATE TABLE feedback_invitations (
    id {id_primary_key},
    round_id BIGINT NOT NULL REFERENCES feedback_rounds (id),
    email TEXT NOT NULL,
    rater_group TEXT NOT NULL,
    token_digest TEXT NOT NULL UNIQUE,
    answered BIGINT NOT NULL
);

CREATE TABLE feedback_answers (
    id {id_primary_key},
    round_id BIGINT NOT NULL REFERENCES feedback_rounds (id),
    rater_group TEXT NOT NULL,
    comment TEXT NOT NULL,
    sort_key TEXT NOT NULL
);

CREATE TABLE feedback_levels (
    answer_id BIGINT NOT NULL REFERENCES feedback_answers (id),
    behaviour TEXT NOT NULL,
    level BIGINT NOT NULL,
    PRIMARY KEY (answer_id, behaviour)
);

-- Groups (a PLC): members see the aggregate of those who share their latest assessment,
-- only when three or more share. `sharing` is each member's own choice.
CREATE TABLE behaviour_groups (
    id {id_primary_key},
    name TEXT NOT NULL,
    created_by BIGINT REFERENCES people (id),
    created_at TEXT NOT NULL
);

CREATE TABLE behaviour_group_members (
    group_id BIGINT NOT NULL REFERENCES behaviour_groups (id),
    person_id BIGINT NOT NULL REFERENCES people (id),
    joined BIGINT NOT NULL,
    sharing BIGINT NOT NULL,
    PRIMARY KEY (group_id, person_id)
);
