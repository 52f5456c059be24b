-- issue 3: termination protection, shutdown behaviour, credit specification, placement group, console output
ALTER TABLE instance
  ADD COLUMN disable_api_termination BOOLEAN NOT NULL DEFAULT FALSE,
  ADD COLUMN shutdown_behavior VARCHAR(16) NOT NULL DEFAULT 'stop',
  ADD COLUMN credit_specification VARCHAR(16) NULL,
  ADD COLUMN placement_group VARCHAR(255) NULL,
  ADD COLUMN console_output MEDIUMTEXT NULL,
  ADD COLUMN instance_status VARCHAR(16) NULL,
  ADD KEY ix_instance_host (host_id, state),
  ADD KEY ix_instance_account_key (account_id, key_name),
  ADD KEY ix_instance_account_public_ip (account_id, public_ip_address);

-- one row per tag, so describe can filter by tag:KEY and tag-key; the instance's tags column stays the view
CREATE TABLE instance_tag (
  tag_id VARCHAR(200) NOT NULL PRIMARY KEY,
  instance_id VARCHAR(32) NOT NULL,
  tag_key VARCHAR(128) NOT NULL,
  tag_value VARCHAR(256) NOT NULL,
  KEY ix_instance_tag_key (tag_key, tag_value),
  KEY ix_instance_tag_instance (instance_id)
) ENGINE=InnoDB;
