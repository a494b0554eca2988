-- analytics_data.sql - turns a copy of the 1,000,000-listing demo store
-- into a store for bench_analytics (bench/run.sh): publication dates spread
-- over the three years before the demo's, and the records the demo at this
-- scale does not write, in proportions of a busy platform: 200,000
-- expressions of interest, 300,000 match alerts, 10,000 joint projects
-- with 2-3 partners, 5,000 submissions to institutions (a third approved)
-- and 300 Action Plan measures. Plain SQLite on the copy (foreign keys are
-- not checked on this connection; ids are drawn from the ranges the demo
-- wrote). The listing counters follow through their triggers.
PRAGMA synchronous = OFF;
BEGIN;
UPDATE listings SET published_at = published_at - abs(random()) % (3 * 365 * 86400) WHERE status <> 'draft';
INSERT INTO users(email, display_name, role, created_at)
  VALUES ('bench-analytics@example.org', 'Bench', 'member', strftime('%s', 'now'));
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000)
INSERT OR IGNORE INTO interests(listing_id, from_org_id, from_user_id, offered, sought, why, status, created_at, decided_at)
  SELECT 1 + abs(random()) % 1000000, 1 + abs(random()) % 200000, (SELECT max(id) FROM users), 'o', 's', 'w',
    CASE abs(random()) % 3 WHEN 0 THEN 'accepted' WHEN 1 THEN 'declined' ELSE 'pending' END,
    1796461527 - abs(random()) % (3 * 365 * 86400), 0 FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000)
INSERT OR IGNORE INTO notifications(user_id, kind, listing_id, matched_listing_id, about_id, payload, created_at)
  SELECT (SELECT max(id) FROM users), 'listing_match', 1 + (i * 7919) % 1000000, 1 + (i * 104729 + 13) % 1000000,
    1 + (i * 104729 + 13) % 1000000, '{}', 1796461527 - (i * 2654435761) % (3 * 365 * 86400) FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
INSERT INTO projects(sector, state, budget, currency, created_by, created_at, updated_at, state_at, version,
  content_version)
  SELECT 'industry',
    CASE abs(random()) % 7 WHEN 0 THEN 'draft' WHEN 1 THEN 'signed_off' WHEN 2 THEN 'endorsed' WHEN 3 THEN 'submitted'
      WHEN 4 THEN 'implementation' WHEN 5 THEN 'completed' ELSE 'cancelled' END,
    1000 + abs(random()) % 10000000, CASE abs(random()) % 3 WHEN 0 THEN 'USD' WHEN 1 THEN 'CNY' ELSE 'RUB' END,
    (SELECT max(id) FROM users), t, t, t, 1, 1
  FROM (SELECT 1796461527 - abs(random()) % (3 * 365 * 86400) AS t FROM n);
INSERT OR IGNORE INTO project_partners(project_id, pos, org_id, role, share_bp, money)
  SELECT p.id, k.pos, 1 + abs(random()) % 200000, CASE k.pos WHEN 0 THEN 'lead' ELSE 'coproducer' END, 3333, 0
  FROM projects p, (SELECT 0 AS pos UNION ALL SELECT 1 UNION ALL SELECT 2) k;
INSERT OR IGNORE INTO project_submissions(project_id, institution_id, status, amount, currency, submitted_by,
  submitted_at, decided_by, decided_at)
  SELECT id, 1 + abs(random()) % 200000, CASE WHEN id % 3 = 0 THEN 'approved' ELSE 'pending' END,
    CASE WHEN id % 3 = 0 THEN budget / 2 END, CASE WHEN id % 3 = 0 THEN currency END, created_by,
    created_at + 86400, CASE WHEN id % 3 = 0 THEN created_by END, CASE WHEN id % 3 = 0 THEN created_at + 30 * 86400 END
  FROM projects WHERE id % 2 = 0;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
INSERT INTO measures(code, deadline, status, created_at, updated_at, version)
  SELECT 'B' || i, date(1796461527 - abs(random()) % (3 * 365 * 86400), 'unixepoch', '+1 year'),
    CASE abs(random()) % 4 WHEN 0 THEN 'not_started' WHEN 1 THEN 'in_progress' WHEN 2 THEN 'done' ELSE 'dropped' END,
    1796461527, 1796461527, 1 FROM n;
INSERT INTO measure_states(measure_id, pos, country)
  SELECT m.id, 0, substr('CNINKGKZPKRUTJUZBYIR', 1 + (m.id % 10) * 2, 2) FROM measures m
  WHERE m.code LIKE 'B%';
COMMIT;
