package dev.haneul.network.quota;

import dev.haneul.events.account.AccountQuotasChanged;
import dev.haneul.network.common.Sql;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Stores an account's quota overrides from {@code AccountQuotasChanged}: the event is the complete set, so it
 * replaces the stored one (a key it lacks goes back to the default), unless it is older than the stored one.
 */
@ApplicationScoped
public class QuotaOverrides {
    private static final Logger LOG = Logger.getLogger(QuotaOverrides.class);

    /** Runs in the consumer's transaction. */
    public Uni<Void> apply(AccountQuotasChanged event) {
        Map<String, Object> p = new HashMap<>();
        p.put("a", event.accountId());
        p.put("at", LocalDateTime.ofInstant(event.at(), ZoneOffset.UTC));
        StringBuilder columns = new StringBuilder();
        StringBuilder values = new StringBuilder();
        StringBuilder updates = new StringBuilder();
        for (Quota q : Quota.values()) {
            Long value = event.quotas() == null ? null : event.quotas().get(q.key);
            if (value != null && value < 0) {
                LOG.warnf("account %s: ignoring the negative %s quota %d", event.accountId(), q.key, value);
                value = null;
            }
            // a literal, not a parameter: a null parameter has no SQL type to bind
            columns.append(", ").append(q.column);
            values.append(", ").append(value == null ? "NULL" : Long.toString(value));
            updates.append(q.column).append(" = IF(VALUES(changed_at) >= changed_at, VALUES(").append(q.column)
                    .append("), ").append(q.column).append("), ");
        }
        // MariaDB assigns left to right and later expressions see earlier assignments: changed_at goes last
        return Sql.update("INSERT INTO account_quota (account_id" + columns + ", changed_at) VALUES (:a" + values
                + ", :at) ON DUPLICATE KEY UPDATE " + updates + "changed_at = GREATEST(changed_at, VALUES(changed_at))",
                p).replaceWithVoid();
    }
}
