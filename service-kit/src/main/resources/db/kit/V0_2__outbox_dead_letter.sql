-- Shipped in service-kit, applied to every service's database (out of order where the service's own migrations are
-- already past 0.2: quarkus.flyway.out-of-order). A row Kafka refuses for itself (too large, an invalid topic) is
-- counted on the row; after haneul.outbox.max-attempts refusals it moves, whole, to outbox_dead_letter
-- (OutboxDeadLetters), so it no longer holds back the rows after it.
ALTER TABLE outbox
  ADD COLUMN attempts INT NOT NULL DEFAULT 0,
  ADD COLUMN last_error VARCHAR(1000) NULL;

CREATE TABLE outbox_dead_letter (
  seq BIGINT NOT NULL PRIMARY KEY,
  event_id CHAR(36) NOT NULL,
  topic VARCHAR(64) NOT NULL,
  msg_key VARCHAR(64) NOT NULL,
  event_type VARCHAR(128) NOT NULL,
  payload MEDIUMTEXT NOT NULL,
  created_at DATETIME(6) NOT NULL,
  attempts INT NOT NULL,
  reason VARCHAR(1000) NOT NULL,
  dead_lettered_at DATETIME(6) NOT NULL,
  UNIQUE KEY uk_outbox_dead_letter_event (event_id),
  KEY ix_outbox_dead_letter_at (dead_lettered_at)
) ENGINE=InnoDB;
