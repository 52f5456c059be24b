-- Liveness as a persisted state, so that exactly one scheduler replica publishes each transition, and a
-- change stamp so that every replica can refresh its in-memory view of the fleet with only what changed.
ALTER TABLE host
  ADD COLUMN marked_down BOOLEAN NOT NULL DEFAULT FALSE,
  ADD COLUMN changed_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6);
CREATE INDEX ix_host_changed ON host (changed_at);
CREATE INDEX ix_host_liveness ON host (marked_down, last_seen_at);
