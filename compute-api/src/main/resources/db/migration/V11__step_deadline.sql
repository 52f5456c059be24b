-- the launch steps' deadline (StepWatchdog): when the current attempt's InstanceRequested was last published and
-- how many times; a pending instance whose boot was not sent is looked up by it
ALTER TABLE instance
  ADD COLUMN steps_sent_at DATETIME(6) NULL,
  ADD COLUMN step_tries INT NOT NULL DEFAULT 0,
  ADD KEY ix_instance_state_steps (state, steps_sent_at);
-- instances pending at the upgrade get their deadline from their last state change
UPDATE instance SET steps_sent_at = state_changed_at, step_tries = 1
  WHERE state = 'PENDING' AND command_sent_at IS NULL;
