package dev.haneul.volume.quota;

import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The quota reservations and releases of one consumed event, across the attempts the event processor makes
 * (each in its own transaction, the last one committed unless the event failed for good). Once processing is over,
 * {@link #settle} gives back what attempts that did not commit reserved and what the committed attempt freed (a
 * volume deleted at termination), each holder set to what the database says. Not shared between events.
 */
public final class QuotaTracker {
    private final VolumeQuotas quotas;
    private final List<Reservations> reservations = new ArrayList<>();
    private final List<Integer> attemptOf = new ArrayList<>();
    private final Map<String, Set<String>> freed = new LinkedHashMap<>();
    private int attempt;

    public QuotaTracker(VolumeQuotas quotas) {
        this.quotas = quotas;
    }

    /** Called as each attempt starts. */
    public void begin() {
        attempt++;
    }

    /** The reservations of the current attempt for {@code accountId}. */
    public Reservations reservations(String accountId) {
        Reservations r = new Reservations(quotas, accountId);
        reservations.add(r);
        attemptOf.add(attempt);
        return r;
    }

    /** {@link VolumeQuotas#ensure}, before the attempt takes the account's row. */
    public Uni<Void> ensure(String accountId) {
        return quotas.ensure(accountId);
    }

    /** Holders that the current attempt frees (given back once it has committed). */
    public void freed(String accountId, Collection<String> holders) {
        freed.computeIfAbsent(accountId, a -> new LinkedHashSet<>()).addAll(holders);
    }

    /** After processing: {@code committed} is true when the last attempt committed. Never fails. */
    public Uni<Void> settle(boolean committed) {
        Map<String, Set<String>> toSync = new LinkedHashMap<>();
        freed.forEach((account, holders) -> toSync.computeIfAbsent(account, a -> new LinkedHashSet<>()).addAll(holders));
        for (int i = 0; i < reservations.size(); i++) {
            if (committed && attemptOf.get(i) == attempt) {
                continue; // what the committed attempt reserved is held for good
            }
            Reservations r = reservations.get(i);
            toSync.computeIfAbsent(r.accountId(), a -> new LinkedHashSet<>()).addAll(r.holders());
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (var e : toSync.entrySet()) {
            if (!e.getValue().isEmpty()) {
                chain = chain.call(() -> quotas.giveBack(e.getKey(), e.getValue()));
            }
        }
        return chain;
    }
}
