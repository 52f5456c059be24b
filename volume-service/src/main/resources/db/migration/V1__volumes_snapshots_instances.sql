-- Volumes with their (single) attachment, snapshots, and the local projection of instances.
CREATE TABLE volume (
  volume_id VARCHAR(32) NOT NULL PRIMARY KEY,
  account_id VARCHAR(32) NOT NULL,
  availability_zone VARCHAR(64) NOT NULL,
  size_gib INT NOT NULL,
  volume_type VARCHAR(16) NOT NULL,
  iops INT NULL,
  throughput INT NULL,
  encrypted BOOLEAN NOT NULL,
  snapshot_id VARCHAR(32) NULL,
  state VARCHAR(16) NOT NULL,
  create_time DATETIME(6) NOT NULL,
  -- when the current transitional state (creating, attaching, detaching, deleting) ends
  transition_at DATETIME(6) NULL,
  deleted_at DATETIME(6) NULL,
  instance_id VARCHAR(32) NULL,
  device VARCHAR(32) NULL,
  attachment_state VARCHAR(16) NULL,
  attach_time DATETIME(6) NULL,
  delete_on_termination BOOLEAN NOT NULL DEFAULT FALSE,
  root_device BOOLEAN NOT NULL DEFAULT FALSE,
  tags TEXT NULL,
  modification_state VARCHAR(16) NULL,
  modification_start DATETIME(6) NULL,
  modification_end DATETIME(6) NULL,
  modification_optimizing_at DATETIME(6) NULL,
  modification_complete_at DATETIME(6) NULL,
  original_size_gib INT NULL,
  original_volume_type VARCHAR(16) NULL,
  original_iops INT NULL,
  original_throughput INT NULL,
  version BIGINT NOT NULL DEFAULT 0,
  -- a device of an instance holds at most one volume (NULLs of detached volumes do not collide)
  UNIQUE KEY uk_volume_attachment (instance_id, device),
  KEY ix_volume_account (account_id, volume_id),
  KEY ix_volume_state (state, transition_at)
) ENGINE=InnoDB;

CREATE TABLE snapshot (
  snapshot_id VARCHAR(32) NOT NULL PRIMARY KEY,
  account_id VARCHAR(32) NOT NULL,
  volume_id VARCHAR(32) NOT NULL,
  volume_size INT NOT NULL,
  encrypted BOOLEAN NOT NULL,
  state VARCHAR(16) NOT NULL,
  description VARCHAR(255) NULL,
  start_time DATETIME(6) NOT NULL,
  complete_at DATETIME(6) NOT NULL,
  tags TEXT NULL,
  version BIGINT NOT NULL DEFAULT 0,
  KEY ix_snapshot_account (account_id, snapshot_id),
  KEY ix_snapshot_volume (volume_id, state)
) ENGINE=InnoDB;

CREATE TABLE instance_ref (
  instance_id VARCHAR(32) NOT NULL PRIMARY KEY,
  account_id VARCHAR(32) NOT NULL,
  availability_zone VARCHAR(64) NOT NULL,
  state VARCHAR(16) NOT NULL,
  attempt INT NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  version BIGINT NOT NULL DEFAULT 0
) ENGINE=InnoDB;
