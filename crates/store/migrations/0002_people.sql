-- People, the organisations they act for, and who may see what. Secrets (session ids,
-- email links, API tokens) are stored only as SHA-256 digests; passwords as Argon2id
-- hashes. Times are UTC ISO 8601 text, which sorts and compares correctly as text on both
-- backends. Flags are BIGINT 0/1 for the same reason.

CREATE TABLE people (
    id {id_primary_key},
    email TEXT NOT NULL UNIQUE,
    email_verified_at TEXT,
    password_hash TEXT NOT NULL,
    name TEXT NOT NULL,
    job_title TEXT,
    expertise TEXT NOT NULL DEFAULT '',
    bio TEXT,
    public_fields TEXT NOT NULL DEFAULT '',
    is_administrator BIGINT NOT NULL DEFAULT 0,
    is_convener BIGINT NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);

-- Shared by every `convene serve` process, so any of them can answer any request.
CREATE TABLE sessions (
    token_digest TEXT PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people (id),
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    address TEXT
);
CREATE INDEX sessions_person ON sessions (person_id);

-- One-time links sent by email: 'verify_email' or 'reset_password'.
CREATE TABLE email_tokens (
    token_digest TEXT PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people (id),
    purpose TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
);
CREATE INDEX email_tokens_person ON email_tokens (person_id);

CREATE TABLE api_tokens (
    id {id_primary_key},
    person_id BIGINT NOT NULL REFERENCES people (id),
    name TEXT NOT NULL,
    token_digest TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT
);
CREATE INDEX api_tokens_person ON api_tokens (person_id);

-- Failed sign-ins, by 'account:<email>' and 'address:<ip>', for rate limiting that every
-- process sees.
CREATE TABLE sign_in_failures (
    id {id_primary_key},
    scope TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX sign_in_failures_scope ON sign_in_failures (scope, at);

-- Every email, written in the same transaction as whatever caused it. Delivered by SMTP
-- when configured; otherwise read here by administrators.
CREATE TABLE outbox (
    id {id_primary_key},
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    attempts BIGINT NOT NULL DEFAULT 0,
    last_error TEXT
);
CREATE INDEX outbox_unsent ON outbox (sent_at, id);

CREATE TABLE partners (
    id {id_primary_key},
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    locality TEXT NOT NULL,
    website TEXT,
    created_by BIGINT REFERENCES people (id),
    created_at TEXT NOT NULL
);

-- org_key is 'trust-<Group UID>', 'school-<URN>' or 'partner-<id>'.
CREATE TABLE memberships (
    id {id_primary_key},
    person_id BIGINT NOT NULL REFERENCES people (id),
    org_key TEXT NOT NULL,
    role TEXT NOT NULL,
    status TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    decided_at TEXT,
    decided_by BIGINT REFERENCES people (id),
    UNIQUE (person_id, org_key)
);
CREATE INDEX memberships_org ON memberships (org_key, status);

CREATE TABLE audit_log (
    id {id_primary_key},
    at TEXT NOT NULL,
    actor_id BIGINT REFERENCES people (id),
    action TEXT NOT NULL,
    org_key TEXT,
    subject TEXT NOT NULL,
    address TEXT
);
CREATE INDEX audit_log_org ON audit_log (org_key, id);
CREATE INDEX audit_log_actor ON audit_log (actor_id, id);

CREATE TABLE notes (
    id {id_primary_key},
    author_id BIGINT REFERENCES people (id),
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    about_key TEXT,
    visibility TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX notes_author ON notes (author_id);
CREATE INDEX notes_about ON notes (about_key);

CREATE TABLE note_shares (
    note_id BIGINT NOT NULL REFERENCES notes (id),
    org_key TEXT NOT NULL,
    PRIMARY KEY (note_id, org_key)
);
CREATE INDEX note_shares_org ON note_shares (org_key);
