-- Placement groups (cluster, spread, partition) and the partition each allocation was put in.
CREATE TABLE placement_group (
  group_id VARCHAR(32) NOT NULL PRIMARY KEY,
  account_id VARCHAR(12) NOT NULL,
  group_name VARCHAR(255) NOT NULL,
  strategy VARCHAR(16) NOT NULL,
  partition_count INT NULL,
  created_at DATETIME(6) NOT NULL,
  UNIQUE KEY uk_placement_group_name (account_id, group_name)
) ENGINE=InnoDB;

ALTER TABLE allocation ADD COLUMN partition_number INT NULL;
CREATE INDEX ix_allocation_group ON allocation (placement_group_id);
