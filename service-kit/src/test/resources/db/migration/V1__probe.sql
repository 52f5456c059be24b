CREATE TABLE probe_effect (
  instance_id VARCHAR(32) NOT NULL PRIMARY KEY,
  times_applied INT NOT NULL
) ENGINE=InnoDB;
