-- what a real host needs to wire a guest (issue 15): the key pair's public key as it was at launch, the
-- subnet's CIDR and the interface's security-group rules as network-service sent them (JSON, a PacketRule.Set)
ALTER TABLE instance
  ADD COLUMN public_key TEXT NULL,
  ADD COLUMN subnet_cidr VARCHAR(18) NULL,
  ADD COLUMN security_rules MEDIUMTEXT NULL;
