-- Shared by every Haneul service that owns a database (shipped in service-kit).
CREATE TABLE outbox (
  seq BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  event_id CHAR(36) NOT NULL,
  topic VARCHAR(64) NOT NULL,
  msg_key VARCHAR(64) NOT NULL,
  event_type VARCHAR(128) NOT NULL,
  payload MEDIUMTEXT NOT NULL,
  created_at DATETIME(6) NOT NULL,
  UNIQUE KEY uk_outbox_event (event_id)
) ENGINE=InnoDB;

CREATE TABLE consumed_event (
  consumer VARCHAR(64) NOT NULL,
  event_id CHAR(36) NOT NULL,
  consumed_at DATETIME(6) NOT NULL,
  PRIMARY KEY (consumer, event_id),
  KEY ix_consumed_at (consumed_at)
) ENGINE=InnoDB;
