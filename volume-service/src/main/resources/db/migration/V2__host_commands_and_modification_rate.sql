-- The host an instance runs on (host commands for attach/detach go to it), the state of an unanswered host
-- command, and the recent modification starts of a volume (EC2 allows a few per rolling 24 hours).
ALTER TABLE instance_ref ADD COLUMN host_id VARCHAR(64) NULL;

-- how many times the current AttachVolume / DetachVolume was sent; transition_at is when it is due again
ALTER TABLE volume ADD COLUMN host_command_tries INT NOT NULL DEFAULT 0;
ALTER TABLE volume ADD COLUMN detach_force BOOLEAN NOT NULL DEFAULT FALSE;
-- epoch milliseconds of the modifications started within the rate window, comma-separated
ALTER TABLE volume ADD COLUMN recent_modifications VARCHAR(255) NULL;
CREATE INDEX ix_volume_attachment_due ON volume (attachment_state, transition_at);

CREATE INDEX ix_snapshot_due ON snapshot (state, complete_at);
