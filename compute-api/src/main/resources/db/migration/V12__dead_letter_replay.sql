-- one row per dead-letter record an admin replayed (POST /v1/admin/dead-letters/{partition}/{offset}/replay):
-- a record is sent back to its topic once; asking again answers this row
CREATE TABLE dead_letter_replay (
  dl_partition INT NOT NULL,
  dl_offset BIGINT NOT NULL,
  topic VARCHAR(64) NOT NULL,
  event_id CHAR(36) NOT NULL,
  replayed_by CHAR(12) NOT NULL,
  replayed_at DATETIME(6) NOT NULL,
  PRIMARY KEY (dl_partition, dl_offset)
) ENGINE=InnoDB;
