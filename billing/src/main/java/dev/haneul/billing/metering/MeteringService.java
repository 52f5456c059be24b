package dev.haneul.billing.metering;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records billable facts and keeps the meters in step: the new facts of an event are stored, then the
 * intervals of their resource and meters are rebuilt from all of that resource's facts. Rebuilding from the
 * facts (rather than patching the open interval) makes duplicates, reordering and late events harmless.
 */
@ApplicationScoped
public class MeteringService {
    private final Clock clock;

    public MeteringService(Clock clock) {
        this.clock = clock;
    }

    /** Must run inside a transaction (the event processor's). */
    public Uni<Void> record(Fact fact) {
        return record(List.of(fact));
    }

    /**
     * Records the facts of one event; must run inside a transaction (the event processor's). A fact already
     * recorded (same event and meter) is left as it is ({@code INSERT IGNORE} on its primary key); then the
     * resource's meters are rebuilt. Four statements per event, whatever the number of facts and intervals.
     */
    public Uni<Void> record(List<Fact> facts) {
        if (facts.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Instant now = clock.instant();
        StringBuilder sql = new StringBuilder("INSERT IGNORE INTO billable_event (fact_id, event_id, account_id, "
                + "resource_id, event_type, fact, meter_kind, price_key, quantity, occurred_at, attempt, received_at) VALUES ");
        for (int i = 0; i < facts.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(:id").append(i).append(", :e").append(i).append(", :a").append(i)
                    .append(", :r").append(i).append(", :t").append(i).append(", :f").append(i).append(", :k").append(i)
                    .append(", :p").append(i).append(", :q").append(i).append(", :o").append(i).append(", :n").append(i)
                    .append(", :received)");
        }
        return Panache.getSession().chain(session -> {
            var insert = session.createNativeQuery(sql.toString()).setParameter("received", utc(now));
            for (int i = 0; i < facts.size(); i++) {
                Fact f = facts.get(i);
                insert.setParameter("id" + i, f.id()).setParameter("e" + i, f.eventId())
                        .setParameter("a" + i, f.accountId()).setParameter("r" + i, f.resourceId())
                        .setParameter("t" + i, f.eventType()).setParameter("f" + i, f.kind().name())
                        .setParameter("k" + i, f.meterKind().id()).setParameter("p" + i, f.priceKey())
                        .setParameter("q" + i, f.quantity()).setParameter("o" + i, utc(f.at()))
                        .setParameter("n" + i, f.attempt());
            }
            return insert.executeUpdate();
        }).chain(() -> {
            Map<String, List<String>> kindsByResource = new LinkedHashMap<>();
            facts.forEach(f -> kindsByResource.computeIfAbsent(f.resourceId(), r -> new ArrayList<>())
                    .add(f.meterKind().id()));
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Map.Entry<String, List<String>> e : kindsByResource.entrySet()) {
                chain = chain.chain(() -> rebuild(e.getKey(), e.getValue().stream().distinct().toList()));
            }
            return chain;
        });
    }

    /**
     * Replaces the resource's meters of these kinds by the intervals of its facts. The old rows are found with a
     * plain (non-locking) read and deleted by their unique id: record locks only, no gap locks on the resource
     * index, so consumers working on other resources at the same time never deadlock with this one.
     */
    private Uni<Void> rebuild(String resourceId, List<String> kinds) {
        return BillableEvent.<BillableEvent>list("resourceId = ?1 and meterKind in ?2", resourceId, kinds)
                .chain(rows -> {
                    List<Interval> intervals = IntervalBuilder.build(rows.stream().map(BillableEvent::toFact).toList());
                    return Panache.getSession().chain(s -> s.createSelectionQuery(
                            "select m.id from Meter m where m.resourceId = ?1 and m.meterKind in ?2", String.class)
                            .setParameter(1, resourceId).setParameter(2, kinds).getResultList())
                            .chain(ids -> ids.isEmpty() ? Uni.createFrom().voidItem()
                                    : Meter.delete("id in ?1", ids).replaceWithVoid())
                            .chain(() -> insert(intervals));
                });
    }

    /** All the intervals in one multi-row INSERT. */
    private static Uni<Void> insert(List<Interval> intervals) {
        if (intervals.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        StringBuilder sql = new StringBuilder("INSERT INTO meter (id, account_id, resource_id, meter_kind, unit, "
                + "quantity, price_key, started_at, ended_at, minimum_seconds) VALUES ");
        for (int i = 0; i < intervals.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(:id").append(i).append(", :a").append(i).append(", :r").append(i)
                    .append(", :k").append(i).append(", :u").append(i).append(", :q").append(i).append(", :p").append(i)
                    .append(", :s").append(i).append(", :e").append(i).append(", :m").append(i).append(')');
        }
        return Panache.getSession().chain(session -> {
            var insert = session.createNativeQuery(sql.toString());
            for (int i = 0; i < intervals.size(); i++) {
                Interval iv = intervals.get(i);
                insert.setParameter("id" + i, iv.id()).setParameter("a" + i, iv.accountId())
                        .setParameter("r" + i, iv.resourceId()).setParameter("k" + i, iv.meterKind().id())
                        .setParameter("u" + i, iv.meterKind().unit()).setParameter("q" + i, iv.quantity())
                        .setParameter("p" + i, iv.priceKey()).setParameter("s" + i, utc(iv.start()))
                        .setParameter("e" + i, iv.end() == null ? null : utc(iv.end()))
                        .setParameter("m" + i, iv.meterKind().minimumSeconds());
            }
            return insert.executeUpdate();
        }).replaceWithVoid();
    }

    private static LocalDateTime utc(Instant t) {
        return LocalDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    /** The stored intervals of an account that touch [from, to]. */
    public Uni<List<Interval>> intervals(String accountId, Instant from, Instant to) {
        return Meter.<Meter>list("accountId = ?1 and startedAt < ?2 and (endedAt is null or endedAt >= ?3) "
                + "order by startedAt, resourceId", accountId, to, from)
                .map(ms -> ms.stream().map(Meter::toInterval).toList());
    }

    /** The intervals of an account recomputed from its raw facts, ignoring the stored meters. */
    public Uni<List<Interval>> recomputedIntervals(String accountId) {
        return BillableEvent.<BillableEvent>list("resourceId in (select distinct b.resourceId from BillableEvent b "
                + "where b.accountId = ?1)", accountId)
                .map(rows -> IntervalBuilder.build(rows.stream().map(BillableEvent::toFact).toList()));
    }
}
