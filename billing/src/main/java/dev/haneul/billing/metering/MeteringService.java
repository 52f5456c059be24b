package dev.haneul.billing.metering;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

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

    /** Records the facts of one event; must run inside a transaction (the event processor's). */
    public Uni<Void> record(List<Fact> facts) {
        if (facts.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> ids = facts.stream().map(Fact::id).toList();
        Instant now = clock.instant();
        return BillableEvent.<BillableEvent>list("factId in ?1", ids).chain(existing -> {
            Set<String> known = existing.stream().map(b -> b.factId).collect(Collectors.toSet());
            List<BillableEvent> fresh = facts.stream().filter(f -> !known.contains(f.id()))
                    .map(f -> BillableEvent.of(f, now)).toList();
            return fresh.isEmpty() ? Uni.createFrom().voidItem() : BillableEvent.persist(fresh);
        }).chain(() -> {
            Map<String, List<String>> kindsByResource = new LinkedHashMap<>();
            facts.forEach(f -> kindsByResource.computeIfAbsent(f.resourceId(), r -> new java.util.ArrayList<>())
                    .add(f.meterKind().id()));
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Map.Entry<String, List<String>> e : kindsByResource.entrySet()) {
                chain = chain.chain(() -> rebuild(e.getKey(), e.getValue().stream().distinct().toList()));
            }
            return chain;
        });
    }

    private Uni<Void> rebuild(String resourceId, List<String> kinds) {
        return BillableEvent.<BillableEvent>list("resourceId = ?1 and meterKind in ?2", resourceId, kinds)
                .chain(rows -> {
                    List<Interval> intervals = IntervalBuilder.build(rows.stream().map(BillableEvent::toFact).toList());
                    return Meter.delete("resourceId = ?1 and meterKind in ?2", resourceId, kinds)
                            .chain(() -> intervals.isEmpty() ? Uni.createFrom().voidItem()
                                    : Meter.persist(intervals.stream().map(Meter::of)));
                });
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
