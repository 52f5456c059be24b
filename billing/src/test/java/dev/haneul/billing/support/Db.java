package dev.haneul.billing.support;

import dev.haneul.billing.invoice.Invoice;
import dev.haneul.billing.metering.BillableEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/** Reads billing's database from a test, on a Vert.x context as Hibernate Reactive requires. */
public final class Db {

    private Db() {
    }

    /** True once the event has been recorded as a billable fact (for at least one meter). */
    public static boolean hasFact(String eventId) {
        return await(() -> Panache.withSession(() -> BillableEvent.count("eventId", eventId))) > 0;
    }

    /** How many distinct events were recorded for the resource. */
    public static long factsOf(String resourceId) {
        return await(() -> Panache.withSession(() -> Panache.getSession().chain(s -> s.createSelectionQuery(
                "select count(distinct b.eventId) from BillableEvent b where b.resourceId = ?1", Long.class)
                .setParameter(1, resourceId).getSingleResult())));
    }

    /** The id of the account's stored invoice for the month, or null. */
    public static String invoiceIdOf(String accountId, String month) {
        Invoice i = await(() -> Panache.withSession(() -> Invoice
                .<Invoice>find("accountId = ?1 and billingMonth = ?2", accountId, month).firstResult()));
        return i == null ? null : i.id;
    }

    private static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
