-- Raw billable facts: every consumed lifecycle event billing uses, exactly as received (one row per event id).
CREATE TABLE billable_event (
  event_id CHAR(36) NOT NULL PRIMARY KEY,
  account_id VARCHAR(32) NOT NULL,
  resource_id VARCHAR(64) NOT NULL,
  event_type VARCHAR(128) NOT NULL,
  fact VARCHAR(16) NOT NULL,           -- START or END: what the event means for the meter
  meter_kind VARCHAR(32) NOT NULL,
  price_key VARCHAR(64) NULL,
  quantity DECIMAL(20,6) NOT NULL,
  occurred_at DATETIME(6) NOT NULL,    -- the event's own `at`
  attempt INT NOT NULL,
  received_at DATETIME(6) NOT NULL,
  KEY ix_billable_resource (resource_id, meter_kind),
  KEY ix_billable_account (account_id, occurred_at)
) ENGINE=InnoDB;

-- Metered intervals, generic over resources: derived from billable_event, rebuilt per resource on every fact.
CREATE TABLE meter (
  id VARCHAR(128) NOT NULL PRIMARY KEY,
  account_id VARCHAR(32) NOT NULL,
  resource_id VARCHAR(64) NOT NULL,
  meter_kind VARCHAR(32) NOT NULL,     -- instance-running, later volume-storage, volume-iops, snapshot-storage, public-ipv4
  unit VARCHAR(32) NOT NULL,           -- what quantity counts per second (instance, GiB, IOPS, MBps, address)
  quantity DECIMAL(20,6) NOT NULL,
  price_key VARCHAR(64) NOT NULL,      -- instance type, volume type, ...
  started_at DATETIME(6) NOT NULL,
  ended_at DATETIME(6) NULL,           -- NULL while still open: counts up to now
  minimum_seconds INT NOT NULL,
  KEY ix_meter_account (account_id, started_at),
  KEY ix_meter_resource (resource_id, meter_kind)
) ENGINE=InnoDB;

-- Price catalogue: a new row per change, effective from a moment; the past is never rewritten.
CREATE TABLE price (
  id VARCHAR(160) NOT NULL PRIMARY KEY, -- meter kind/price key/effective-from epoch millis
  price_key VARCHAR(64) NOT NULL,
  meter_kind VARCHAR(32) NOT NULL,
  unit VARCHAR(32) NOT NULL,           -- hour (price per unit-hour) or gb-month (per unit per 30-day month)
  unit_price DECIMAL(20,10) NOT NULL,
  effective_from DATETIME(6) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  UNIQUE KEY uk_price (meter_kind, price_key, effective_from)
) ENGINE=InnoDB;

INSERT INTO price (id, price_key, meter_kind, unit, unit_price, effective_from, created_at) VALUES
  ('instance-running/t2.micro/0', 't2.micro',   'instance-running', 'hour', 0.0116, '1970-01-01 00:00:00', NOW(6)),
  ('instance-running/t3.micro/0', 't3.micro',   'instance-running', 'hour', 0.0104, '1970-01-01 00:00:00', NOW(6)),
  ('instance-running/t3.small/0', 't3.small',   'instance-running', 'hour', 0.0208, '1970-01-01 00:00:00', NOW(6)),
  ('instance-running/m5.large/0', 'm5.large',   'instance-running', 'hour', 0.096,  '1970-01-01 00:00:00', NOW(6)),
  ('instance-running/c5.large/0', 'c5.large',   'instance-running', 'hour', 0.085,  '1970-01-01 00:00:00', NOW(6)),
  ('instance-running/c5.2xlarge/0', 'c5.2xlarge', 'instance-running', 'hour', 0.34,   '1970-01-01 00:00:00', NOW(6)),
  ('instance-running/r5.large/0', 'r5.large',   'instance-running', 'hour', 0.126,  '1970-01-01 00:00:00', NOW(6)),
  ('volume-storage/gp3/0', 'gp3',        'volume-storage',   'gb-month', 0.08,  '1970-01-01 00:00:00', NOW(6)),
  ('volume-storage/gp2/0', 'gp2',        'volume-storage',   'gb-month', 0.10,  '1970-01-01 00:00:00', NOW(6)),
  ('volume-storage/io1/0', 'io1',        'volume-storage',   'gb-month', 0.125, '1970-01-01 00:00:00', NOW(6)),
  ('volume-storage/io2/0', 'io2',        'volume-storage',   'gb-month', 0.125, '1970-01-01 00:00:00', NOW(6)),
  ('volume-storage/st1/0', 'st1',        'volume-storage',   'gb-month', 0.045, '1970-01-01 00:00:00', NOW(6)),
  ('volume-storage/sc1/0', 'sc1',        'volume-storage',   'gb-month', 0.015, '1970-01-01 00:00:00', NOW(6)),
  ('volume-storage/standard/0', 'standard',   'volume-storage',   'gb-month', 0.05,  '1970-01-01 00:00:00', NOW(6)),
  ('volume-iops/io1/0', 'io1',        'volume-iops',      'gb-month', 0.065, '1970-01-01 00:00:00', NOW(6)),
  ('volume-iops/io2/0', 'io2',        'volume-iops',      'gb-month', 0.065, '1970-01-01 00:00:00', NOW(6)),
  ('volume-iops/gp3/0', 'gp3',        'volume-iops',      'gb-month', 0.005, '1970-01-01 00:00:00', NOW(6)),
  ('volume-throughput/gp3/0', 'gp3',        'volume-throughput','gb-month', 0.04,  '1970-01-01 00:00:00', NOW(6)),
  ('snapshot-storage/snapshot/0', 'snapshot',   'snapshot-storage', 'gb-month', 0.05,  '1970-01-01 00:00:00', NOW(6)),
  ('public-ipv4/public-ipv4/0', 'public-ipv4', 'public-ipv4', 'hour', 0.005, '1970-01-01 00:00:00', NOW(6));

-- Invoices: issued once per account and closed month, never changed afterwards.
CREATE TABLE invoice (
  id VARCHAR(32) NOT NULL PRIMARY KEY,
  account_id VARCHAR(32) NOT NULL,
  billing_month CHAR(7) NOT NULL,
  total_usd DECIMAL(20,6) NOT NULL,
  total_rounded_usd DECIMAL(20,2) NOT NULL,
  issued_at DATETIME(6) NOT NULL,
  UNIQUE KEY uk_invoice_month (account_id, billing_month)
) ENGINE=InnoDB;

CREATE TABLE invoice_line (
  id VARCHAR(48) NOT NULL PRIMARY KEY, -- invoice id/line number
  invoice_id VARCHAR(32) NOT NULL,
  line_no INT NOT NULL,
  resource_id VARCHAR(64) NOT NULL,
  meter_kind VARCHAR(32) NOT NULL,
  price_key VARCHAR(64) NOT NULL,
  usage_seconds DECIMAL(20,3) NOT NULL,
  billed_seconds DECIMAL(20,3) NOT NULL,
  amount_usd DECIMAL(20,6) NOT NULL,
  amount_rounded_usd DECIMAL(20,2) NOT NULL,
  UNIQUE KEY uk_invoice_line (invoice_id, line_no)
) ENGINE=InnoDB;

-- Monthly budgets and the thresholds already crossed (at most once per threshold and month).
CREATE TABLE budget (
  id VARCHAR(32) NOT NULL PRIMARY KEY,
  account_id VARCHAR(32) NOT NULL,
  budget_name VARCHAR(128) NOT NULL,
  amount_usd DECIMAL(20,6) NOT NULL,
  thresholds VARCHAR(512) NOT NULL,    -- e.g. 50:actual,80:actual,100:forecast
  created_at DATETIME(6) NOT NULL,
  KEY ix_budget_account (account_id)
) ENGINE=InnoDB;

CREATE TABLE budget_crossing (
  id VARCHAR(96) NOT NULL PRIMARY KEY, -- budget id/month/percent/type
  budget_id VARCHAR(32) NOT NULL,
  billing_month CHAR(7) NOT NULL,
  percent INT NOT NULL,
  threshold_type VARCHAR(16) NOT NULL,
  crossed_at DATETIME(6) NOT NULL,
  KEY ix_crossing_budget (budget_id, billing_month)
) ENGINE=InnoDB;
