-- Peer reviews, second part: the host's name kept with the review, so lists show it
-- without a lookup per row; indexes for finding a person's and an organisation's reviews
-- (professional development hours, collaboration records); and the lease row for the
-- progress-review reminder job (reminders themselves are recorded in reminders_sent).

ALTER TABLE peer_reviews ADD COLUMN host_name TEXT NOT NULL DEFAULT '';
CREATE INDEX peer_review_team_person ON peer_review_team (person_id);
CREATE INDEX peer_review_team_org ON peer_review_team (org_key);
INSERT INTO job_leases (job, holder, expires_at) VALUES ('peer-review-reminders', '', '');
