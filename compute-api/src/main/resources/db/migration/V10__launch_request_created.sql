-- ClientTokenRetention deletes the rows older than the retention, oldest first, by created_at
ALTER TABLE launch_request ADD KEY ix_launch_request_created (created_at);
