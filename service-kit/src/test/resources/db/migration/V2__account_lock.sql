-- the table the kit's AccountLock locks (each service that uses it has one like it) and a per-account limited resource
CREATE TABLE account_lock (
  account_id CHAR(12) NOT NULL PRIMARY KEY,
  generation BIGINT NOT NULL
) ENGINE=InnoDB;

CREATE TABLE probe_item (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  account_id CHAR(12) NOT NULL,
  KEY ix_probe_item_account (account_id)
) ENGINE=InnoDB;
