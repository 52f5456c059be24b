package dev.haneul.volume.quota;

import dev.haneul.volume.quota.VolumeQuotas.Claim;
import dev.haneul.volume.quota.VolumeQuotas.Scope;
import io.smallrye.mutiny.Uni;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The quota reservations of one attempt of one transaction: it takes the account's share lock once
 * ({@link #enter}) and remembers every holder it reserved, so that whoever runs the attempt can give back what
 * it reserved if the attempt does not commit ({@link VolumeQuotas#giveBack}).
 */
public final class Reservations {
    private final VolumeQuotas quotas;
    private final String accountId;
    private final Set<String> holders = new LinkedHashSet<>();
    private Scope scope;

    public Reservations(VolumeQuotas quotas, String accountId) {
        this.quotas = quotas;
        this.accountId = accountId;
    }

    public String accountId() {
        return accountId;
    }

    /**
     * Takes the account's share lock (and reads its limits), once per attempt. Call it before locking any volume
     * row in the transaction, so that every transaction takes the account's row first.
     */
    public Uni<Scope> enter() {
        return scope != null ? Uni.createFrom().item(scope) : quotas.enter(accountId).invoke(s -> scope = s);
    }

    /** Reserves the claims (all or nothing) in this attempt's transaction. */
    public Uni<Void> reserve(List<Claim> claims) {
        claims.forEach(c -> holders.add(c.holder()));
        return enter().chain(s -> quotas.reserve(s, claims));
    }

    /** The holders this attempt reserved (or tried to). */
    public Set<String> holders() {
        return holders;
    }
}
