-- what a real host needs to wire a guest (issue 15): the key pair's public key as it was at launch, the
-- subnet's CIDR and the interface's security-group rules as network-service last sent them (JSON, PacketRules)
-- with their version (InterfaceRulesChanged.rulesVersion: the highest wins)
ALTER TABLE instance
  ADD COLUMN public_key TEXT NULL,
  ADD COLUMN subnet_cidr VARCHAR(18) NULL,
  ADD COLUMN security_rules MEDIUMTEXT NULL,
  ADD COLUMN rules_version BIGINT NOT NULL DEFAULT 0;
