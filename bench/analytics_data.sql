-- analytics_data.sql - turns a copy of the 1,000,000-listing demo store
-- into a store for bench_analytics (bench/run.sh): publication dates spread
-- over the three years before the demo's, and the records the demo at this
-- scale does not write, in proportions of a busy platform: 200,000
-- expressions of interest, 300,000 match alerts, 10,000 joint projects
-- with 2-3 partners, 5,000 submissions to institutions (a third approved)
-- 300 Action Plan measures, 50,000 1:1 meeting requests (a third
-- accepted) and twelve events of 2,000 participants with 8,000 meetings
-- placed at each (500 tables, 16 slots). Plain SQLite on the copy (foreign keys are
-- not checked on this connection; ids are drawn from the ranges the demo
-- wrote; a value used twice is computed from the row number, because
-- SQLite may evaluate random() once per use). The listing counters follow
-- through their triggers.
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
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000)
INSERT INTO partner_meetings(listing_id, from_org_id, to_org_id, from_user_id, status, turn_org_id, round, place,
  video_url, starts, tz, minutes, starts_at, created_at, updated_at, version)
  SELECT l, f, t, (SELECT max(id) FROM users), st, t, 1, 'Tashkent', '',
    CASE st WHEN 'accepted' THEN '2027-01-01T10:00' END, CASE st WHEN 'accepted' THEN 'Asia/Tashkent' END,
    CASE st WHEN 'accepted' THEN 60 END, CASE st WHEN 'accepted' THEN c + 86400 END, c, c, 1
  FROM (SELECT 1 + (i * 7919) % 1000000 AS l, f, 1 + (f + (i * 7919) % 199999) % 200000 AS t,
          CASE i % 3 WHEN 0 THEN 'accepted' WHEN 1 THEN 'pending' ELSE 'declined' END AS st,
          1796461527 - (i * 2654435761) % (3 * 365 * 86400) AS c
        FROM (SELECT i, 1 + (i * 104729) % 200000 AS f FROM n));
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
INSERT INTO users(email, display_name, role, created_at)
  SELECT 'bench-forum-' || i || '@example.org', 'Bench', 'member', 1796461527 FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12)
INSERT INTO events(kind, place, tz, first_day, days, day_start, day_end, slot_minutes, tables, created_at,
  updated_at, version)
  SELECT 'economic_forum', 'bench', 'Asia/Tashkent', date(1796461527 - i * 90 * 86400, 'unixepoch'), 1, '09:00',
    '17:00', 30, 500, 1796461527, 1796461527, 1 FROM n;
INSERT INTO event_participants(event_id, org_id, user_id, meeting_limit, auto_accept, avail, created_at, updated_at)
  SELECT e.id, 1 + abs(random()) % 200000, u.id, 16, 0, 65535, 1796461527, 1796461527
  FROM events e, users u WHERE e.place = 'bench' AND u.email LIKE 'bench-forum-%';
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 7999),
  p AS (SELECT event_id, min(id) AS first FROM event_participants GROUP BY event_id)
INSERT INTO event_requests(event_id, from_id, to_id, priority, status, created_at, decided_at)
  SELECT p.event_id, p.first + n.i % 2000, p.first + (n.i + 1 + n.i / 2000) % 2000, 0, 'accepted', 1796461527,
    1796461527
  FROM p, n WHERE p.event_id IN (SELECT id FROM events WHERE place = 'bench');
INSERT INTO event_meetings(request_id, event_id, slot_start, table_no)
  SELECT r.id, r.event_id,
    CAST(strftime('%s', e.first_day || ' 09:00') AS INTEGER) + ((r.id - f.first) / 500) * 1800, (r.id - f.first) % 500
  FROM event_requests r JOIN events e ON e.id = r.event_id
  JOIN (SELECT event_id, min(id) AS first FROM event_requests GROUP BY event_id) f ON f.event_id = r.event_id
  WHERE e.place = 'bench';
COMMIT;
