package dev.haneul.kit.messaging;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The log of consumed event ids; recording one in the effect's transaction makes a consumer idempotent. */
@ApplicationScoped
public class Inbox {

    /** True the first time {@code eventId} is seen; must run inside the transaction of the effect. */
    public Uni<Boolean> firstDelivery(String eventId, String consumer) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "INSERT IGNORE INTO consumed_event (consumer, event_id, consumed_at) VALUES (:c, :id, NOW(6))")
                .setParameter("c", consumer)
                .setParameter("id", eventId)
                .executeUpdate())
                .map(rows -> rows == 1);
    }
}
