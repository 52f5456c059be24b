-- a copy of each access key's secret sealed with the seal key (AES-256-GCM: base64 of the 12-byte nonce and the
-- ciphertext with its tag, the key id as associated data), so compute-api can verify AWS Signature V4; NULL for
-- keys made before this column or while no seal key was configured (SigV4 refused for them, tokens still work)
ALTER TABLE access_key ADD COLUMN sealed_secret VARCHAR(128) NULL;
