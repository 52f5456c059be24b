-- why an image is failed (a CreateImage whose snapshot was never taken: ImageSnapshotDeadline), and the lookup of
-- pending images by age
ALTER TABLE image
  ADD COLUMN state_reason VARCHAR(255) NULL,
  ADD KEY ix_image_state_created (state, created_at);
