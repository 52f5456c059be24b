package dev.haneul.scheduler.placement;

import dev.haneul.events.instance.InstanceRequested;
import dev.haneul.events.instance.InstanceScheduled;
import dev.haneul.kit.messaging.Outbox;
import dev.haneul.kit.messaging.RetryPolicy;
import dev.haneul.scheduler.config.SchedulerConfig;
import dev.haneul.scheduler.jobs.Periodic;
import dev.haneul.scheduler.placement.PlacementStore.Claim;
import dev.haneul.scheduler.placement.PlacementStore.Placed;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Places a batch of {@code InstanceRequested} (one Kafka poll's worth) in one transaction of a handful of native
 * SQL statements on the reactive MySQL client, instead of one Hibernate transaction of seven round trips per
 * placement. This class orchestrates; the statements are {@link PlacementStore}'s, the outbox rows
 * {@link Outbox#publishAll(SqlConnection, List)}'s:
 * <ol>
 * <li>the events are recorded in the consumed-event log (one multi-row {@code INSERT}; a redelivered event, already
 * in the log, is dropped; one that a concurrent delivery is recording waits for it, then is dropped too);</li>
 * <li>the instances that already hold an allocation are left to the single placement path (one {@code SELECT});</li>
 * <li>the hosts are decided in memory over this replica's {@link HostCache} ({@link BatchPlanner}: each request
 * sees the capacity given to the earlier ones);</li>
 * <li>each host's share of the batch is claimed with one conditional {@code UPDATE} per host ({@link HostFit}'s
 * condition, as {@link HostStore#claim}'s, for the sum of its requests), in host id order, pipelined (sent without
 * waiting for each answer); when a host's claim fails (another replica took the room, or the host went out of
 * service), it is re-read and its requests are decided again, up to {@code batch-claim-rounds} times;</li>
 * <li>the allocations and the {@code InstanceScheduled} outbox rows are written with one multi-row {@code INSERT}
 * each (the outbox rows by the kit's {@link Outbox}, so the kit's relay sends them as any other);</li>
 * <li>commit.</li>
 * </ol>
 * What it does not settle it gives back, for the caller to run through the single placement path
 * ({@link PlacementService#place} in the event processor): requests with a placement group, instances with an
 * allocation, requests no host of this replica's view takes (the single path looks at the database before refusing
 * them with {@code InsufficientInstanceCapacity}), requests whose claim still failed after the last round, and the
 * whole batch when reading the views or its transaction fails for good. Their events are not in the consumed-event log,
 * so the single path processes them exactly once too. Reading the views and the transaction are one step under the
 * kit's {@link RetryPolicy}: an outage (lost connections, a database refusing for reasons not the batch's, deadlocks)
 * rolls the transaction back and runs the step again, with back-off, for as long as it lasts; a timeout or a fault
 * is retried a bounded number of times before the batch falls back to the single path, where only an event that
 * fails alone is dead-lettered.
 * <p>
 * Exactness does not rest on the view: every claim is a conditional update on the committed row under its row lock,
 * so no host ever holds more than its limits, whatever several replicas decide at once.
 */
@ApplicationScoped
public class BatchPlacement {
    private static final Logger LOG = Logger.getLogger(BatchPlacement.class);
    public static final String CONSUMER = "scheduler.instance-events";

    private final Pool pool;
    private final PlacementPipeline pipeline;
    private final HostCache cache;
    private final SchedulerConfig config;
    private final Outbox outbox;
    private final Clock clock;
    private final Vertx vertx;
    private final RetryPolicy retries;
    private final List<Consumer<Committed>> listeners = new CopyOnWriteArrayList<>();

    /** One request of a batch: its event id, its payload as consumed (for the single path), the request. */
    public record Item(String eventId, String payload, InstanceRequested request) {
    }

    /**
     * A committed batch: the requests placed, where, and the figures of its decision and transaction (for
     * diagnostics and the benchmark; {@code claimNanos}: the time its per-host claim statements took, all rounds).
     */
    public record Committed(Map<String, String> hostByInstance, int requests, int leftOver, int rounds,
            int conflicts, int ranks, int fullRanks, long rankNanos, long transactionNanos, long committedAt,
            long claimNanos) {
    }

    @Inject
    public BatchPlacement(Pool pool, PlacementPipeline pipeline, HostCache cache, SchedulerConfig config,
            Outbox outbox, Clock clock, Vertx vertx, RetryPolicy retries) {
        this.pool = pool;
        this.pipeline = pipeline;
        this.cache = cache;
        this.config = config;
        this.outbox = outbox;
        this.clock = clock;
        this.vertx = vertx;
        this.retries = retries;
    }

    /** Called after every committed batch (on the committing thread: keep it short). */
    public void onCommitted(Consumer<Committed> listener) {
        listeners.add(listener);
    }

    /**
     * Places the batch; the items given back are for the single placement path, in their original order. The
     * items must have distinct event ids and distinct instances (the consumer splits its runs so).
     */
    public Uni<List<Item>> place(List<Item> items) {
        List<Item> batchable = new ArrayList<>();
        List<Item> single = new ArrayList<>();
        Set<String> instances = new HashSet<>();
        Set<String> events = new HashSet<>();
        for (Item item : items) {
            if (!events.add(item.eventId())) {
                continue;   // the same event twice in one batch: once is enough
            }
            String group = item.request().placementGroupId();
            if (group != null && !group.isBlank() || !instances.add(item.request().instanceId())) {
                single.add(item);
            } else {
                batchable.add(item);
            }
        }
        if (batchable.isEmpty()) {
            return Uni.createFrom().item(single);
        }
        Set<String> zones = new HashSet<>();
        batchable.forEach(i -> zones.add(i.request().availabilityZone()));
        // the views are read inside the retried step: a database failure there is retried or falls back like one of
        // the transaction's, never the batch's failure
        Uni<Outcome> step = Uni.createFrom().deferred(() -> views(new ArrayList<>(zones)).chain(views -> {
            long t0 = System.nanoTime();
            return pool.withTransaction(conn -> transaction(conn, batchable, views)).invoke(o -> o.startedAt = t0);
        }));
        return retries.retried(CONSUMER, () -> "placement batch of " + batchable.size(), step)
                .map(outcome -> {
                    long committedAt = System.nanoTime();
                    outcome.planner.touched().forEach(cache::update);
                    Map<String, String> hosts = new LinkedHashMap<>();
                    outcome.placed.forEach((item, host) -> hosts.put(item.request().instanceId(), host));
                    Committed c = new Committed(hosts, batchable.size(), outcome.leftOver.size(), outcome.rounds,
                            outcome.conflicts, outcome.planner.ranks(), outcome.planner.fullRanks(),
                            outcome.planner.rankNanos(), committedAt - outcome.startedAt, committedAt,
                            outcome.claimNanos);
                    listeners.forEach(l -> l.accept(c));
                    Set<Item> back = new HashSet<>(single);
                    back.addAll(outcome.leftOver);
                    return items.stream().filter(back::remove).toList();
                })
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf(e, "placement batch of %d failed; placing its requests one by one", items.size());
                    List<Item> all = new ArrayList<>(single);
                    all.addAll(batchable);
                    return items.stream().filter(all::remove).toList();
                });
    }

    /** The replica's view of each zone (refreshed when due), read in a Hibernate session as the cache needs. */
    private Uni<Map<String, Collection<HostState>>> views(List<String> zones) {
        Map<String, Collection<HostState>> out = new HashMap<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String zone : zones) {
            chain = chain.chain(() -> Periodic.<Collection<HostState>>onSafeContext(vertx,
                    () -> Panache.withSession(() -> cache.hosts(zone))).invoke(hosts -> out.put(zone, hosts))
                    .replaceWithVoid());
        }
        return chain.replaceWith(out);
    }

    private static final class Outcome {
        BatchPlanner planner;
        final Map<Item, String> placed = new LinkedHashMap<>();
        final List<Item> leftOver = new ArrayList<>();
        int rounds;
        int conflicts;
        long claimNanos;
        long startedAt;
    }

    private Uni<Outcome> transaction(SqlConnection conn, List<Item> batch, Map<String, Collection<HostState>> views) {
        Outcome outcome = new Outcome();
        outcome.planner = new BatchPlanner(pipeline, views::get, config.batchFullRankEvery());
        return recordConsumed(conn, batch)
                .chain(fresh -> withoutAllocations(conn, fresh, outcome))
                .chain(pending -> claimRounds(conn, outcome, pending, 1))
                .chain(unplaced -> {
                    outcome.leftOver.addAll(unplaced);
                    Uni<Void> forget = outcome.leftOver.isEmpty() ? Uni.createFrom().voidItem()
                            : ConsumedEventLog.forget(conn, CONSUMER, outcome.leftOver.stream().map(Item::eventId).toList());
                    List<Placed> placed = new ArrayList<>(outcome.placed.size());
                    outcome.placed.forEach((item, host) -> placed.add(new Placed(item.request(), host)));
                    return forget.chain(() -> PlacementStore.insertAllocations(conn, placed, clock.instant()))
                            .chain(() -> outbox.publishAll(conn, scheduled(placed)));
                })
                .replaceWith(outcome);
    }

    /** The requests to place: those whose instance holds no allocation (the others go to the single path). */
    private Uni<List<Pending>> withoutAllocations(SqlConnection conn, List<Item> fresh, Outcome outcome) {
        if (fresh.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<String> instanceIds = fresh.stream().map(i -> i.request().instanceId()).toList();
        return PlacementStore.allocated(conn, instanceIds).map(allocated -> {
            Instant now = clock.instant();
            List<Pending> pending = new ArrayList<>();
            for (Item item : fresh) {
                if (allocated.contains(item.request().instanceId())) {
                    outcome.leftOver.add(item);   // the single path knows what to do with the allocation it holds
                } else {
                    pending.add(new Pending(item, PlacementRequest.of(item.request(), null, now)));
                }
            }
            return pending;
        });
    }

    private record Pending(Item item, PlacementRequest request) {
    }

    /**
     * Decides the pending requests, claims per host, and decides again those whose host refused, up to the
     * configured rounds: what is still unplaced then (or had no host in the view) is given back.
     */
    private Uni<List<Item>> claimRounds(SqlConnection conn, Outcome outcome, List<Pending> pending, int round) {
        if (pending.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        outcome.rounds = round;
        List<Item> noRoom = new ArrayList<>();
        Map<String, List<Pending>> byHost = new TreeMap<>();   // host id order: replicas lock rows in one order
        for (Pending p : pending) {
            HostState host = outcome.planner.place(p.request());
            if (host == null) {
                noRoom.add(p.item());
            } else {
                byHost.computeIfAbsent(host.hostId(), h -> new ArrayList<>()).add(p);
            }
        }
        if (byHost.isEmpty()) {
            return Uni.createFrom().item(noRoom);
        }
        List<String> hostIds = new ArrayList<>(byHost.keySet());
        List<Claim> claims = new ArrayList<>(hostIds.size());
        for (String hostId : hostIds) {
            long v = 0;
            long m = 0;
            long g = 0;
            for (Pending p : byHost.get(hostId)) {
                v += p.request().vcpus();
                m += p.request().memoryMib();
                g += p.request().gpus();
            }
            claims.add(new Claim(hostId, v, m, g, byHost.get(hostId).size()));
        }
        long claimStart = System.nanoTime();
        return PlacementStore.claims(conn, claims).chain(claimed -> {
                    outcome.claimNanos += System.nanoTime() - claimStart;
                    List<String> refused = new ArrayList<>();
                    for (int i = 0; i < hostIds.size(); i++) {
                        String hostId = hostIds.get(i);
                        if (claimed.get(i) == 1) {
                            byHost.get(hostId).forEach(p -> outcome.placed.put(p.item(), hostId));
                        } else {
                            refused.add(hostId);
                        }
                    }
                    if (refused.isEmpty()) {
                        return Uni.createFrom().item(noRoom);
                    }
                    outcome.conflicts += refused.size();
                    List<Pending> again = new ArrayList<>();
                    refused.forEach(h -> again.addAll(byHost.get(h)));
                    // what the database holds now (the failed UPDATE locked these rows: this read waits for nobody)
                    return PlacementStore.hosts(conn, refused).chain(fresh -> {
                        for (String hostId : refused) {
                            HostState h = fresh.get(hostId);
                            if (h == null) {
                                outcome.planner.forget(hostId);
                            } else {
                                outcome.planner.refresh(h);
                            }
                        }
                        if (round >= config.batchClaimRounds()) {
                            List<Item> unplaced = new ArrayList<>(noRoom);
                            again.forEach(p -> unplaced.add(p.item()));
                            return Uni.createFrom().item(unplaced);
                        }
                        return claimRounds(conn, outcome, again, round + 1).map(rest -> {
                            List<Item> unplaced = new ArrayList<>(noRoom);
                            unplaced.addAll(rest);
                            return unplaced;
                        });
                    });
                });
    }

    /** The items whose event is recorded in the consumed-event log now, for the first time. */
    private static Uni<List<Item>> recordConsumed(SqlConnection conn, List<Item> items) {
        return ConsumedEventLog.record(conn, CONSUMER, items.stream().map(Item::eventId).toList())
                .map(fresh -> items.stream().filter(i -> fresh.contains(i.eventId())).toList());
    }

    /** The batch's {@code InstanceScheduled}, one per placed request. */
    private List<InstanceScheduled> scheduled(List<Placed> placed) {
        Instant at = clock.instant();
        List<InstanceScheduled> events = new ArrayList<>(placed.size());
        for (Placed p : placed) {
            InstanceRequested r = p.request();
            events.add(new InstanceScheduled(r.accountId(), r.instanceId(), r.attempt(), at, p.hostId(),
                    r.availabilityZone(), r.instanceType(), r.vcpus(), r.memoryMib()));
        }
        return events;
    }
}
