-- issue 3, second round: volume tags at launch, auto-recovery, host-failure status, elastic IPs, /v1/tags

ALTER TABLE instance
  ADD COLUMN volume_tags TEXT NULL,
  ADD COLUMN auto_recovery VARCHAR(16) NOT NULL DEFAULT 'default',
  ADD COLUMN system_status VARCHAR(16) NULL,
  ADD COLUMN elastic_ip_address VARCHAR(45) NULL;

-- the tags of every resource compute-api owns (instances, private images, key pairs), one row per tag, so
-- describe filters (tag:KEY, tag-key) and /v1/tags read one table; the instance's tags column stays its view
ALTER TABLE instance_tag RENAME TO resource_tag;
ALTER TABLE resource_tag
  CHANGE COLUMN instance_id resource_id VARCHAR(32) NOT NULL,
  ADD COLUMN account_id CHAR(12) NULL,
  ADD COLUMN resource_type VARCHAR(16) NOT NULL DEFAULT 'instance',
  DROP KEY ix_instance_tag_key,
  DROP KEY ix_instance_tag_instance,
  ADD KEY ix_resource_tag_resource (resource_id),
  ADD KEY ix_resource_tag_account (account_id, resource_id, tag_key),
  ADD KEY ix_resource_tag_key (tag_key, tag_value);
-- tag keys and values are case-sensitive (EC2): "Name" and "name" are two tags, and filters match exactly
ALTER TABLE resource_tag
  MODIFY COLUMN tag_id VARCHAR(200) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  MODIFY COLUMN tag_key VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  MODIFY COLUMN tag_value VARCHAR(256) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL;
UPDATE resource_tag t JOIN instance i ON i.instance_id = t.resource_id SET t.account_id = i.account_id;
ALTER TABLE resource_tag MODIFY COLUMN account_id CHAR(12) NOT NULL;

-- the public addresses network-service reports for an instance: an auto-assigned lease (by lease id) or an
-- elastic IP association (by association id); a released lease stays as a tombstone so that events of
-- different leases arriving in any order give the same result
CREATE TABLE instance_address (
  address_id VARCHAR(96) NOT NULL PRIMARY KEY,
  instance_id VARCHAR(32) NOT NULL,
  public_ip VARCHAR(45) NOT NULL,
  kind VARCHAR(16) NOT NULL,
  active BOOLEAN NOT NULL,
  event_at DATETIME(6) NOT NULL,
  KEY ix_instance_address_instance (instance_id, active)
) ENGINE=InnoDB;

-- a private image's snapshot is asked of volume-service after the image row exists; SnapshotCompleted finds
-- the image by its snapshot id, or (before that id is stored) by the root volume it was taken of
ALTER TABLE image
  ADD COLUMN source_volume_id VARCHAR(32) NULL,
  ADD KEY ix_image_snapshot (snapshot_id),
  ADD KEY ix_image_source_volume (source_volume_id, state);
