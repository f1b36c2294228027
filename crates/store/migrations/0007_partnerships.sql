-- Partnerships around a shared issue: the partnership and its members (organisations by
-- key, as in memberships), SMART goals and the history of every change to an agreed goal,
-- commitments, stock-takes with a review per commitment and a value per goal, members-only
-- discussion, and the two tables that make reminders go exactly once: a lease on the job
-- (one row per job, taken by a conditional UPDATE) and one row per reminder sent.
-- Dates are ISO text (yyyy-mm-dd); times UTC ISO 8601 text; flags BIGINT 0/1.
-- `partnership_reviews` and `partnership_measurements` are the record of every stock-take;
-- each commitment's `status_history` and each goal's `series` (`yyyy-mm-dd=value` pairs
-- separated by spaces) repeat them, written in the same transaction, so the public page
-- reads one row per commitment and per goal however many stock-takes there have been.
-- A member's `org_name` is the organisation's name when invited, so lists need no lookup.

CREATE TABLE partnerships (
    id {id_primary_key},
    name TEXT NOT NULL,
    issue TEXT NOT NULL,
    area_local_authorities TEXT NOT NULL DEFAULT '',
    area_schools TEXT NOT NULL DEFAULT '',
    evidence TEXT NOT NULL,
    vision TEXT NOT NULL,
    narrative TEXT NOT NULL DEFAULT '',
    rhythm TEXT NOT NULL,
    first_stocktake TEXT NOT NULL,
    calendar TEXT NOT NULL DEFAULT '',
    published BIGINT NOT NULL DEFAULT 0,
    convened_by TEXT NOT NULL,
    created_by BIGINT REFERENCES people (id),
    created_at TEXT NOT NULL,
    -- Counts every change to the partnership or anything in it, in the same transaction,
    -- so a copy of its records held in memory can be checked as current in one read.
    version BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX partnerships_published ON partnerships (published, id);

-- One row per organisation and partnership: invited, joined, declined or left.
CREATE TABLE partnership_members (
    partnership_id BIGINT NOT NULL REFERENCES partnerships (id),
    org_key TEXT NOT NULL,
    org_name TEXT NOT NULL,
    role TEXT NOT NULL,
    status TEXT NOT NULL,
    invited_by BIGINT REFERENCES people (id),
    invited_at TEXT NOT NULL,
    decided_by BIGINT REFERENCES people (id),
    joined_at TEXT,
    left_at TEXT,
    PRIMARY KEY (partnership_id, org_key)
);
CREATE INDEX partnership_members_org ON partnership_members (org_key, status);

CREATE TABLE partnership_goals (
    id {id_primary_key},
    partnership_id BIGINT NOT NULL REFERENCES partnerships (id),
    title TEXT NOT NULL,
    measure TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    baseline DOUBLE PRECISION NOT NULL,
    baseline_on TEXT NOT NULL,
    target DOUBLE PRECISION NOT NULL,
    deadline TEXT NOT NULL,
    owner_key TEXT NOT NULL,
    status TEXT NOT NULL,
    agreed_at TEXT,
    series TEXT NOT NULL DEFAULT '',
    created_by BIGINT REFERENCES people (id),
    created_at TEXT NOT NULL
);
CREATE INDEX partnership_goals_partnership ON partnership_goals (partnership_id, id);

-- Every change to an agreed goal (and the agreement itself): who, when, what it was.
CREATE TABLE partnership_goal_history (
    id {id_primary_key},
    goal_id BIGINT NOT NULL REFERENCES partnership_goals (id),
    at TEXT NOT NULL,
    by_id BIGINT REFERENCES people (id),
    by_name TEXT NOT NULL,
    field TEXT NOT NULL,
    before_value TEXT NOT NULL,
    after_value TEXT NOT NULL
);
CREATE INDEX partnership_goal_history_goal ON partnership_goal_history (goal_id, id);

CREATE TABLE partnership_commitments (
    id {id_primary_key},
    partnership_id BIGINT NOT NULL REFERENCES partnerships (id),
    goal_id BIGINT NOT NULL REFERENCES partnership_goals (id),
    owner_key TEXT NOT NULL,
    action TEXT NOT NULL,
    due_on TEXT NOT NULL,
    days BIGINT NOT NULL,
    status TEXT,
    reviewed_on TEXT,
    status_history TEXT NOT NULL DEFAULT '',
    created_by BIGINT REFERENCES people (id),
    created_at TEXT NOT NULL
);
CREATE INDEX partnership_commitments_partnership ON partnership_commitments (partnership_id, id);
CREATE INDEX partnership_commitments_owner ON partnership_commitments (owner_key);

CREATE TABLE partnership_stocktakes (
    id {id_primary_key},
    partnership_id BIGINT NOT NULL REFERENCES partnerships (id),
    held_on TEXT NOT NULL,
    decisions TEXT NOT NULL DEFAULT '',
    next_steps TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT '',
    recorded_by BIGINT REFERENCES people (id),
    recorded_by_name TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX partnership_stocktakes_partnership ON partnership_stocktakes (partnership_id, held_on);

CREATE TABLE partnership_reviews (
    stocktake_id BIGINT NOT NULL REFERENCES partnership_stocktakes (id),
    commitment_id BIGINT NOT NULL REFERENCES partnership_commitments (id),
    partnership_id BIGINT NOT NULL REFERENCES partnerships (id),
    status TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (stocktake_id, commitment_id)
);
CREATE INDEX partnership_reviews_partnership ON partnership_reviews (partnership_id);

CREATE TABLE partnership_measurements (
    stocktake_id BIGINT NOT NULL REFERENCES partnership_stocktakes (id),
    goal_id BIGINT NOT NULL REFERENCES partnership_goals (id),
    partnership_id BIGINT NOT NULL REFERENCES partnerships (id),
    measured_on TEXT NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (stocktake_id, goal_id)
);
CREATE INDEX partnership_measurements_partnership ON partnership_measurements (partnership_id);

-- Members-only discussion.
CREATE TABLE partnership_posts (
    id {id_primary_key},
    partnership_id BIGINT NOT NULL REFERENCES partnerships (id),
    author_id BIGINT REFERENCES people (id),
    author_name TEXT NOT NULL,
    org_key TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX partnership_posts_partnership ON partnership_posts (partnership_id, id);

-- A periodic job runs in one process at a time: the process whose conditional UPDATE
-- takes the row holds it until `expires_at`.
CREATE TABLE job_leases (
    job TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
INSERT INTO job_leases (job, holder, expires_at) VALUES ('partnership-reminders', '', '');

-- Each reminder is recorded once, under its key, in the transaction that queues its emails.
CREATE TABLE reminders_sent (
    reminder_key TEXT PRIMARY KEY,
    sent_at TEXT NOT NULL
);
