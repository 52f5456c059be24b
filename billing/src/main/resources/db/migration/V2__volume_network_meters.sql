-- One event can bill several meters (a volume event: storage, IOPS and throughput), so a raw fact is one event
-- and one meter: fact_id = event id + '/' + meter kind. The kind column (START/END) also takes RERATE now.
ALTER TABLE billable_event ADD COLUMN fact_id VARCHAR(100) NULL FIRST;
UPDATE billable_event SET fact_id = CONCAT(event_id, '/', meter_kind);
ALTER TABLE billable_event DROP PRIMARY KEY, MODIFY fact_id VARCHAR(100) NOT NULL, ADD PRIMARY KEY (fact_id),
  ADD KEY ix_billable_event (event_id);

-- Invoice lines say what was metered: the unit and the quantity-seconds (GiB-seconds, IOPS-seconds,
-- MiBps-seconds, address-seconds, instance-seconds including the per-start minimum).
ALTER TABLE invoice_line ADD COLUMN unit VARCHAR(32) NULL, ADD COLUMN quantity_seconds DECIMAL(38,9) NULL;
UPDATE invoice_line SET unit = 'instance', quantity_seconds = billed_seconds;
ALTER TABLE invoice_line MODIFY unit VARCHAR(32) NOT NULL, MODIFY quantity_seconds DECIMAL(38,9) NOT NULL;
