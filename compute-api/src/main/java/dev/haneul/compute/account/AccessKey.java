package dev.haneul.compute.account;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An access key id, the slow hash of its secret and, made while a seal key was configured, the secret sealed
 * ({@link SecretSeal}); the secret itself is shown once and never stored in the clear.
 */
@Entity
@Table(name = "access_key")
public class AccessKey extends PanacheEntityBase {
    public static final String ACTIVE = "Active";
    public static final String INACTIVE = "Inactive";

    @Id
    public String accessKeyId;
    public String accountId;
    public String secretHash;
    /** {@link SecretSeal#seal} of the secret, or null (made before sealing, or without a seal key). */
    public String sealedSecret;
    public String status;
    public Instant createdAt;
    /** Tokens issued for the key carry the {@code read-only} role (and never {@code admin}). */
    public boolean readOnly;
}
