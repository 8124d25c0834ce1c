-- The primary's accounts table. primary.db is built from this file:
--   rm -f primary.db && sqlite3 primary.db < primary.sql
-- (a test checks that primary.db holds exactly these rows).
CREATE TABLE accounts (
  region     TEXT NOT NULL,
  account_id TEXT NOT NULL,
  email      TEXT,
  balance    TEXT,            -- exact decimal text
  status     TEXT NOT NULL,
  updated_at TEXT,
  tags       TEXT,            -- set members joined with ';'
  notes      TEXT,
  PRIMARY KEY (region, account_id)
);
INSERT INTO accounts VALUES
  ('eu', 'a-01', 'ana@example.com',   '120.00',  'active',    '2026-11-20T09:00:00Z',     'vip',          'first customer'),
  ('eu', 'a-03', 'alice@example.com', '75.50',   'active',    '2026-11-20T09:05:00Z',     NULL,           NULL),
  ('eu', 'a-09', 'ines@example.com',  '0',       'closed',    '2026-11-19T17:45:10Z',     NULL,           'closed on request'),
  ('eu', 'a-11', 'omar@example.com',  '310.25',  'suspended', '2026-11-21T08:30:00Z',     'fraud-review', NULL),
  ('eu', 'a-14', 'lena@example.com',  '42.00',   'active',    '2026-11-20T12:00:00Z',     'beta',         NULL),
  ('eu', 'a-17', 'a@x.io',            '15.00',   'active',    '2026-11-22T07:59:59Z',     NULL,           NULL),
  ('us', 'a-02', 'bob@example.com',   '1999.99', 'active',    '2026-11-20T10:00:00.400Z', 'vip;beta',     NULL),
  ('us', 'a-05', 'carol@example.com', '100.10',  'active',    '2026-11-18T16:20:00Z',     NULL,           NULL),
  ('us', 'a-06', 'dave@example.com',  '250.00',  'active',    '2026-11-21T11:11:11Z',     NULL,           NULL),
  ('us', 'a-08', 'erin@example.com',  '5.25',    'suspended', '2026-11-17T13:00:00Z',     NULL,           NULL);
