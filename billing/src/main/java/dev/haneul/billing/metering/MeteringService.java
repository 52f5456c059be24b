package dev.haneul.billing.metering;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;

/**
 * Records billable facts and keeps the meters in step: each new fact is stored, then the intervals of its
 * resource and meter are rebuilt from all of that resource's facts. Rebuilding from the facts (rather than
 * patching the open interval) makes duplicates, reordering and late events harmless.
 */
@ApplicationScoped
public class MeteringService {
    private final Clock clock;

    public MeteringService(Clock clock) {
        this.clock = clock;
    }

    /** Must run inside a transaction (the event processor's). */
    public Uni<Void> record(Fact fact) {
        return BillableEvent.<BillableEvent>findById(fact.eventId())
                .chain(existing -> existing != null ? Uni.createFrom().voidItem()
                        : BillableEvent.of(fact, clock.instant()).persist().replaceWithVoid())
                .chain(() -> rebuild(fact.resourceId(), fact.meterKind()));
    }

    private Uni<Void> rebuild(String resourceId, MeterKind kind) {
        return BillableEvent.<BillableEvent>list("resourceId = ?1 and meterKind = ?2", resourceId, kind.id())
                .chain(rows -> {
                    List<Interval> intervals = IntervalBuilder.build(rows.stream().map(BillableEvent::toFact).toList());
                    return Meter.delete("resourceId = ?1 and meterKind = ?2", resourceId, kind.id())
                            .chain(() -> intervals.isEmpty() ? Uni.createFrom().voidItem()
                                    : Meter.persist(intervals.stream().map(Meter::of)));
                });
    }

    /** The stored intervals of an account that touch [from, to]. */
    public Uni<List<Interval>> intervals(String accountId, java.time.Instant from, java.time.Instant to) {
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
