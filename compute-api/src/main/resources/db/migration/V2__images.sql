CREATE TABLE image (
  image_id VARCHAR(32) NOT NULL PRIMARY KEY,
  account_id CHAR(12) NULL,
  name VARCHAR(128) NOT NULL,
  description VARCHAR(255) NOT NULL,
  architecture VARCHAR(16) NOT NULL,
  platform VARCHAR(16) NOT NULL,
  platform_details VARCHAR(64) NOT NULL,
  root_device_name VARCHAR(32) NOT NULL,
  min_root_size_gib INT NOT NULL,
  default_user VARCHAR(32) NOT NULL,
  snapshot_id VARCHAR(32) NULL,
  source_instance_id VARCHAR(32) NULL,
  state VARCHAR(16) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  KEY ix_image_account (account_id)
) ENGINE=InnoDB;

INSERT INTO image VALUES
 ('ami-0a1b2c3d4e5f60001', NULL, 'ubuntu-22.04-jammy-amd64', 'Canonical Ubuntu 22.04 LTS (Jammy Jellyfish), amd64', 'x86_64', 'linux', 'Linux/UNIX', '/dev/sda1', 8, 'ubuntu', NULL, NULL, 'available', '2026-01-01 00:00:00'),
 ('ami-0a1b2c3d4e5f60002', NULL, 'ubuntu-24.04-noble-amd64', 'Canonical Ubuntu 24.04 LTS (Noble Numbat), amd64', 'x86_64', 'linux', 'Linux/UNIX', '/dev/sda1', 8, 'ubuntu', NULL, NULL, 'available', '2026-01-01 00:00:00'),
 ('ami-0a1b2c3d4e5f60003', NULL, 'debian-12-bookworm-amd64', 'Debian 12 (Bookworm), amd64', 'x86_64', 'linux', 'Linux/UNIX', '/dev/xvda', 8, 'admin', NULL, NULL, 'available', '2026-01-01 00:00:00'),
 ('ami-0a1b2c3d4e5f60004', NULL, 'rocky-9-x86_64', 'Rocky Linux 9, x86_64', 'x86_64', 'linux', 'Linux/UNIX', '/dev/sda1', 10, 'rocky', NULL, NULL, 'available', '2026-01-01 00:00:00'),
 ('ami-0a1b2c3d4e5f60005', NULL, 'windows-server-2022-english-full', 'Microsoft Windows Server 2022 Datacenter, English, Full', 'x86_64', 'windows', 'Windows', '/dev/sda1', 30, 'Administrator', NULL, NULL, 'available', '2026-01-01 00:00:00');
