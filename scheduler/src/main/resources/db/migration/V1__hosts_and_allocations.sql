-- Hosts as their agents register them, with the capacity claimed on them (generation = optimistic version).
CREATE TABLE host (
  host_id VARCHAR(128) NOT NULL PRIMARY KEY,
  agent_id VARCHAR(64) NOT NULL,
  availability_zone VARCHAR(64) NOT NULL,
  rack VARCHAR(128) NOT NULL,
  vcpus INT NOT NULL,
  memory_mib BIGINT NOT NULL,
  disk_gib BIGINT NOT NULL,
  gpus INT NOT NULL,
  gpu_model VARCHAR(64) NULL,
  families VARCHAR(1024) NOT NULL,
  cpu_overcommit DECIMAL(8,3) NOT NULL,
  memory_overcommit DECIMAL(8,3) NOT NULL,
  used_vcpus INT NOT NULL DEFAULT 0,
  used_memory_mib BIGINT NOT NULL DEFAULT 0,
  used_gpus INT NOT NULL DEFAULT 0,
  instance_count INT NOT NULL DEFAULT 0,
  enabled BOOLEAN NOT NULL DEFAULT TRUE,
  draining BOOLEAN NOT NULL DEFAULT FALSE,
  registered_at DATETIME(6) NOT NULL,
  last_seen_at DATETIME(6) NOT NULL,
  generation BIGINT NOT NULL DEFAULT 0,
  KEY ix_host_az (availability_zone, host_id)
) ENGINE=InnoDB;

-- One claim per instance: which host holds its capacity, for which launch attempt.
CREATE TABLE allocation (
  instance_id VARCHAR(32) NOT NULL PRIMARY KEY,
  account_id VARCHAR(12) NOT NULL,
  attempt INT NOT NULL,
  host_id VARCHAR(128) NOT NULL,
  instance_type VARCHAR(32) NOT NULL,
  vcpus INT NOT NULL,
  memory_mib BIGINT NOT NULL,
  gpus INT NOT NULL,
  placement_group_id VARCHAR(32) NULL,
  created_at DATETIME(6) NOT NULL,
  KEY ix_allocation_host (host_id)
) ENGINE=InnoDB;
