package dev.haneul.compute.keypair;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A key pair's public half and fingerprint; the private key is never stored. */
@Entity
@Table(name = "key_pair")
public class KeyPair extends PanacheEntityBase {
    @Id
    public String keyPairId;
    public String accountId;
    public String keyName;
    public String keyType;
    public String keyFingerprint;
    public String publicKey;
    public Instant createdAt;
}
