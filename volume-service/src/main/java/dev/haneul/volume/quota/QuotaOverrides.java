package dev.haneul.volume.quota;

import dev.haneul.events.account.AccountQuotasChanged;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * Applies an admin's {@code AccountQuotasChanged}: the event carries the account's complete set of overrides, so
 * volume-service replaces the overrides it keeps ({@code volumeGiB.<type>}, {@code snapshots}; other keys belong
 * to other services) with the event's, unless it already applied a newer one ({@code at}). The account's row is
 * taken exclusively, so a reservation in flight uses the old limits or the new ones, never a mix. Lowering a limit
 * below what the account already uses takes nothing away; it refuses further growth. Runs in the consumer's
 * transaction.
 */
@ApplicationScoped
public class QuotaOverrides {
    private static final Logger LOG = Logger.getLogger(QuotaOverrides.class);

    public Uni<Void> onQuotasChanged(AccountQuotasChanged e) {
        Map<String, Long> ours = new TreeMap<>();
        if (e.quotas() != null) {
            e.quotas().forEach((key, value) -> {
                if (Footprint.quotaOf(key) != null && value != null && value >= 0) {
                    ours.put(key, value);
                }
            });
        }
        LocalDateTime at = LocalDateTime.ofInstant(e.at(), ZoneOffset.UTC);
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "INSERT INTO quota_account (account_id, generation) VALUES (:a, 1) "
                                + "ON DUPLICATE KEY UPDATE generation = generation + 1")
                .setParameter("a", e.accountId()).executeUpdate()
                .chain(() -> s.createNativeQuery("SELECT COUNT(*) FROM quota_account WHERE account_id = :a "
                        + "AND overrides_at > :at").setParameter("a", e.accountId()).setParameter("at", at)
                        .getSingleResult())
                .chain(newer -> {
                    if (((Number) newer).longValue() > 0) {
                        LOG.debugf("ignoring quota overrides of %s at %s: newer ones are applied", e.accountId(),
                                e.at());
                        return Uni.createFrom().voidItem();
                    }
                    Uni<?> chain = s.createNativeQuery("DELETE FROM quota_override WHERE account_id = :a")
                            .setParameter("a", e.accountId()).executeUpdate();
                    for (var o : ours.entrySet()) {
                        chain = chain.chain(() -> s.createNativeQuery("INSERT INTO quota_override "
                                        + "(account_id, quota, quota_value) VALUES (:a, :q, :v)")
                                .setParameter("a", e.accountId()).setParameter("q", o.getKey())
                                .setParameter("v", o.getValue()).executeUpdate());
                    }
                    return chain.chain(() -> s.createNativeQuery(
                                    "UPDATE quota_account SET overrides_at = :at WHERE account_id = :a")
                            .setParameter("at", at).setParameter("a", e.accountId()).executeUpdate())
                            .invoke(() -> LOG.infof("volume quota overrides of account %s from %s: %s", e.accountId(),
                                    e.at(), ours))
                            .replaceWithVoid();
                }));
    }
}
