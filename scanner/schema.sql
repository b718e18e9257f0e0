-- mamori database schema, version 6.
--
-- Applied in one transaction to an empty database. When this file changes,
-- raise the user_version at the end and add a migration from the previous
-- version to the list in scanner/store.cc, so existing databases keep working.
--
-- No identifier value is ever stored: findings keep masked examples and keyed
-- hashes (HMAC-SHA256 with a per-installation secret) of the distinct values.
-- Unsigned 64-bit quantities (size, inode, device, counts) are stored as
-- their signed 64-bit two's-complement reinterpretation.

CREATE TABLE scans (
  id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,  -- UTC, ISO-8601: 2015-05-28T09:12:44Z
  finished_at TEXT,          -- NULL while running
  roots TEXT NOT NULL,       -- JSON array of the roots as display strings
  status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'failed')),
  mamori_version TEXT NOT NULL,
  rules_hash TEXT NOT NULL,
  -- Everything that shapes a file's results (rule set, policy, threshold,
  -- detector version): a later scan reuses a file's stored results only
  -- when its settings are the same.
  settings TEXT NOT NULL DEFAULT '',
  stop_reason TEXT,  -- why a 'failed' scan stopped: 'interrupted', 'killed', ...
  entries INTEGER NOT NULL DEFAULT 0,
  files_scanned INTEGER NOT NULL DEFAULT 0,
  bytes_scanned INTEGER NOT NULL DEFAULT 0,
  files_with_findings INTEGER NOT NULL DEFAULT 0,
  violations INTEGER NOT NULL DEFAULT 0,
  errors INTEGER NOT NULL DEFAULT 0
);

-- One row per walked entry, whatever its kind.
CREATE TABLE files (
  id INTEGER PRIMARY KEY,
  scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
  path BLOB NOT NULL,  -- raw bytes as walked: names need not be valid UTF-8
  kind TEXT NOT NULL,  -- FileKindName(): 'regular', 'directory', 'fifo', ...
  size INTEGER NOT NULL,
  mtime_ns INTEGER NOT NULL,
  inode INTEGER NOT NULL,
  device INTEGER NOT NULL,
  format TEXT NOT NULL,
  opened INTEGER NOT NULL,  -- 0 or 1
  bytes_scanned INTEGER NOT NULL,
  encrypted INTEGER NOT NULL,  -- 0 or 1
  -- The file's own protection scheme ('zipcrypto', 'pdf-aes256', ...); NULL
  -- when it has none. Set with encrypted = 0 for protection that opens
  -- without a password (an owner-only PDF).
  scheme TEXT,
  incomplete INTEGER NOT NULL,  -- 0 or 1
  -- Of the text as read: 'utf-8', 'cp932', ...
  encoding TEXT NOT NULL DEFAULT '',
  -- 1: unchanged since a scan with the same settings; its results were
  -- copied rather than read again.
  reused INTEGER NOT NULL DEFAULT 0,
  -- Owner and permissions as the walk saw them (lstat, or stat through a
  -- followed symlink), for the reports: uid; owner, the user name of uid at
  -- scan time (the uid as text when it has none); mode, the permission bits
  -- st_mode & 07777 (0644 is stored as 420). NULL when the entry could not be
  -- examined, for removed entries, and in rows of scans before version 4.
  uid INTEGER,
  owner TEXT,
  mode INTEGER
);
CREATE INDEX files_scan ON files(scan_id);
-- Finds the previous scan's record of a path, to skip files that did not change.
CREATE INDEX files_path ON files(path, scan_id);

-- One row per identifier type per file or container member.
CREATE TABLE findings (
  id INTEGER PRIMARY KEY,
  file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
  type TEXT NOT NULL,              -- 'my_number', ...
  member TEXT NOT NULL DEFAULT '', -- path inside a container; '' for the file itself
  count INTEGER NOT NULL,
  distinct_count INTEGER NOT NULL,
  confidence TEXT NOT NULL CHECK (confidence IN ('low', 'medium', 'high')),
  masked TEXT NOT NULL,  -- JSON array of masked examples: ["********9018"]
  -- The finding whose finding_value_blocks hold this one's keyed hashes: its
  -- own id, or, for a file unchanged since an earlier scan, the finding
  -- first stored (values are shared, not copied, on every rescan).
  value_set INTEGER
);
CREATE INDEX findings_file ON findings(file_id);
CREATE INDEX findings_type ON findings(type);
CREATE INDEX findings_value_set ON findings(value_set);

-- Keyed hashes of the distinct values behind a finding (join on
-- findings.value_set), so that responders can count distinct people across
-- files and find every file naming one person without the database ever
-- holding the numbers. A keyed hash is HMAC-SHA256 over the type, a NUL and
-- the value, truncated to its first 16 bytes. Stored in blocks: each row
-- holds up to 120 hashes of one finding end to end, sorted within the
-- finding (hash order, which tells nothing of the values' order). A row per
-- hash made SQLite's per-row work a tenth of a scan of identifier-dense
-- office files (measured); 120 make a row of at most 1920 bytes, two to a
-- 4 KiB page. Readers must take any number of blocks of any length from 16
-- to 1920 bytes; a database migrated from version 5 has one hash a block.
CREATE TABLE finding_value_blocks (
  finding_id INTEGER NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
  hashes BLOB NOT NULL CHECK (typeof(hashes) = 'blob' AND length(hashes) % 16 = 0
                              AND length(hashes) BETWEEN 16 AND 1920)
);
CREATE INDEX finding_value_blocks_finding ON finding_value_blocks(finding_id);

-- One row per keyed hash, for queries by hand, e.g.
-- SELECT count(DISTINCT value_hash) FROM finding_values. No index on
-- value_hash: counting distinct hashes sorts them anyway, and a lookup of
-- one person reads every block once.
CREATE VIEW finding_values (finding_id, value_hash) AS
  WITH RECURSIVE slot(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM slot WHERE i < 119)
  SELECT b.finding_id, substr(b.hashes, slot.i * 16 + 1, 16)
  FROM finding_value_blocks b JOIN slot ON slot.i < length(b.hashes) / 16;

-- Members of a container protected on their own (a ZipCrypto member of a
-- zip, an encrypted xlsx attached to a mail), judged apart from the file.
CREATE TABLE protected_members (
  id INTEGER PRIMARY KEY,
  file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
  member TEXT NOT NULL,          -- path inside the file
  scheme TEXT NOT NULL,          -- 'zipcrypto', 'zip-aes256', 'ooxml-agile', ...
  encrypted INTEGER NOT NULL     -- 0: protected in name only, read anyway
);
CREATE INDEX protected_members_file ON protected_members(file_id);

-- What the policy says about a file. Severity 'high', 'medium' or 'low'; or
-- 'exempt' for a violation a policy exception covers (its message ends with
-- the exception's expiry, the severity it would have had and its reason).
CREATE TABLE violations (
  id INTEGER PRIMARY KEY,
  file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
  rule TEXT NOT NULL,
  severity TEXT NOT NULL,
  message TEXT NOT NULL  -- counts and types only
);
CREATE INDEX violations_file ON violations(file_id);
CREATE INDEX violations_rule ON violations(rule);

-- Everything that could not be read or was cut short. file_id is NULL for a
-- problem of the scan as a whole.
CREATE TABLE errors (
  id INTEGER PRIMARY KEY,
  scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
  file_id INTEGER REFERENCES files(id) ON DELETE CASCADE,
  member TEXT NOT NULL DEFAULT '',  -- '' for the file itself
  reason TEXT NOT NULL,             -- stable kebab-case: 'permission-denied', ...
  message TEXT NOT NULL
);
CREATE INDEX errors_scan ON errors(scan_id);
CREATE INDEX errors_file ON errors(file_id);

-- The latest row of every path still on disk, so an incremental scan finds
-- a file's previous results without searching the whole history.
CREATE TABLE latest_files (
  path BLOB PRIMARY KEY,
  file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE
) WITHOUT ROWID;

PRAGMA user_version = 6;
