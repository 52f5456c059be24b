package dev.haneul.scheduler.placement;

import static org.awaitility.Awaitility.await;

import dev.haneul.events.EventCatalog;
import dev.haneul.events.EventCodec;
import dev.haneul.events.Topics;
import dev.haneul.events.host.HostHeartbeat;
import dev.haneul.events.host.HostRegistered;
import dev.haneul.events.instance.InstanceRequested;
import dev.haneul.events.instance.InstanceScheduled;
import dev.haneul.kit.messaging.EventProcessor;
import dev.haneul.kit.messaging.Outbox;
import dev.haneul.scheduler.FleetPublisher;
import dev.haneul.scheduler.SchedulerFixtures;
import dev.haneul.scheduler.config.SchedulerConfig;
import dev.haneul.scheduler.host.HeartbeatBuffer;
import dev.haneul.scheduler.placement.filter.HostFilter;
import dev.haneul.scheduler.placement.weigher.HostWeigher;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The placement benchmark (run with {@code bench/placement/run.sh}; skipped in normal builds). In its own
 * database ({@link BenchDatabase}) and with the test JVM's Kafka broker:
 * <ol>
 * <li>registers {@code hosts} simulated hosts (default 10,000, three zones) by publishing their
 * {@code HostRegistered} to {@code host-events} as host agents do, and times until the scheduler has them all;</li>
 * <li>keeps every host heartbeating every 10 s for the rest of the run (1,000 heartbeats/s at 10,000 hosts);</li>
 * <li>publishes {@code placements} {@code InstanceRequested} (default 20,000; mixed types and zones) to
 * {@code instance-events}, as compute-api's relay does, after a warm-up of 2,000, and lets the application's own
 * consumer place them (batches of one poll, {@link BatchPlacement}); a placement is done when the transaction that
 * claimed its capacity committed; the run is over when every one is done, and again when every
 * {@code InstanceScheduled} is on Kafka (sent by the kit's outbox relay);</li>
 * <li>prints placements/s, the decision time (ranking per request), the batch transaction time and the time from
 * publishing a request to its committed claim (p50/p99); then, for comparison on the same machine at the same
 * moment, {@code single} placements through the single placement path ({@code concurrency} at a time, as before
 * the batches) and, if asked, {@code uncached} of them with the fleet view off.</li>
 * </ol>
 */
@QuarkusTest
@TestProfile(PlacementBenchmark.Profile.class)
@QuarkusTestResource(KafkaTestResource.class)
@EnabledIfSystemProperty(named = "haneul.bench.placement", matches = "true")
class PlacementBenchmark {
    private static final int HOSTS = Integer.getInteger("hosts", 10_000);
    private static final int PLACEMENTS = Integer.getInteger("placements", 20_000);
    private static final int CONCURRENCY = Integer.getInteger("concurrency", 32);
    private static final int UNCACHED = Integer.getInteger("uncached", 0);
    private static final int SINGLE = Integer.getInteger("single", 2_000);
    private static final List<String> ZONES = List.of("kr-central-1a", "kr-central-1b", "kr-central-1c");
    private static final Object[][] TYPES = {{"t3.micro", 1, 1024L}, {"t3.large", 2, 8192L}, {"m5.large", 2, 8192L},
            {"m5.xlarge", 4, 16384L}, {"c5.2xlarge", 8, 16384L}};

    /** The benchmark's own database, and the production intervals (not the tests' short ones). */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("haneul.scheduler.liveness-check-interval", "5s",
                    "haneul.scheduler.heartbeat-flush-interval", "1s",
                    "haneul.scheduler.audit-interval", "60s",
                    "haneul.scheduler.liveness-startup-grace", "60s",
                    "quarkus.log.category.\"dev.haneul\".level", "WARN");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(BenchDatabase.class));
        }
    }

    @KafkaBootstrap
    String bootstrap;

    @Inject
    HostStore store;
    @Inject
    GroupResolver groups;
    @Inject
    Outbox outbox;
    @Inject
    SchedulerConfig config;
    @Inject
    EventProcessor processor;
    @Inject
    HeartbeatBuffer heartbeats;
    @Inject
    Clock clock;
    @Inject
    Instance<HostFilter> filters;
    @Inject
    Instance<HostWeigher> weighers;
    @ConfigProperty(name = "haneul.availability-zones")
    List<String> zones;

    /** The configured pipeline, timing every ranking. */
    static final class TimedPipeline extends PlacementPipeline {
        final ConcurrentLinkedQueue<Long> nanos = new ConcurrentLinkedQueue<>();

        TimedPipeline(SchedulerConfig config, List<HostFilter> filters, List<HostWeigher> weighers) {
            super(pick(config.filters(), filters, HostFilter::name, "filter"),
                    parseWeighers(config.weighers(), weighers), config.bestOf(),
                    Math.max(config.bestOf(), config.claimCandidates()), new Random());
        }

        @Override
        public Ranking rank(Collection<HostState> candidates, PlacementRequest request) {
            long t = System.nanoTime();
            Ranking r = super.rank(candidates, request);
            nanos.add(System.nanoTime() - t);
            return r;
        }
    }

    private record Run(int count, double seconds, long[] placementNanos, long[] decisionNanos) {
    }

    @Test
    void placeOnTenThousandHosts() throws Exception {
        System.out.printf("%n=== placement benchmark: %d hosts, %d placements, %d in flight ===%n", HOSTS, PLACEMENTS,
                CONCURRENCY);
        List<String> hostIds = new ArrayList<>();
        List<HostRegistered> registrations = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < HOSTS; i++) {
            String az = ZONES.get(i % ZONES.size());
            String id = String.format("host-%s-%05d", az, i);
            hostIds.add(id);
            registrations.add(new HostRegistered(id, now, "agent-bench", az, az + "-rack-" + (i / 40), 96, 393216, 3800,
                    0, null, List.of("t3", "m5", "c5"), new BigDecimal("2.0"), BigDecimal.ONE, List.of()));
        }
        try (FleetPublisher fleet = new FleetPublisher(bootstrap);
                var c = SchedulerFixtures.jdbc()) {
            long t0 = System.nanoTime();
            fleet.sendAll(registrations);
            double published = (System.nanoTime() - t0) / 1e9;
            // every host heartbeats every 10 s from now on, as agents do (before its registration: a no-op)
            ScheduledExecutorService agents = Executors.newSingleThreadScheduledExecutor();
            AtomicInteger sent = new AtomicInteger();
            int perTick = Math.max(1, HOSTS / 10);
            AtomicInteger next = new AtomicInteger();
            agents.scheduleAtFixedRate(() -> {
                List<HostHeartbeat> beats = new ArrayList<>(perTick);
                for (int i = 0; i < perTick; i++) {
                    beats.add(new HostHeartbeat(hostIds.get(next.getAndIncrement() % HOSTS), Instant.now(),
                            "agent-bench", List.of()));
                }
                fleet.sendAll(beats);
                sent.addAndGet(perTick);
            }, 0, 1, TimeUnit.SECONDS);
            await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(200)).until(() -> count(c) == HOSTS);
            double loaded = (System.nanoTime() - t0) / 1e9;
            System.out.printf("load: %d hosts registered over Kafka in %.1f s (%.0f hosts/s; publishing took %.1f s)%n",
                    HOSTS, loaded, HOSTS / loaded, published);
            // the heartbeats that queued behind the registrations are consumed, and every host is up
            await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(500)).until(() -> alive(c) == HOSTS);
            System.out.printf("fleet up: every host alive %.1f s after the first registration%n",
                    (System.nanoTime() - t0) / 1e9);

            try (ScheduledCounter scheduled = new ScheduledCounter(bootstrap)) {
                batched(fleet, scheduled, Math.min(2_000, PLACEMENTS), "warm-up");
                long written0 = heartbeats.written();
                int sent0 = sent.get();
                batched(fleet, scheduled, PLACEMENTS, "measured");
                System.out.printf("heartbeats during the run: %d sent, %d written to the database in batches%n",
                        sent.get() - sent0, heartbeats.written() - written0);

                if (SINGLE > 0) {
                    PlacementService single = replica(new HostCache(store, config.hostCacheRefresh(),
                            config.hostCacheFullReload(), HostCacheProducer.OVERLAP));
                    report("single placement path (one transaction per placement, " + CONCURRENCY + " in flight)",
                            run(single, pipeline, SINGLE, "single"));
                }
                if (UNCACHED > 0) {
                    PlacementService uncached = replica(new HostCache(store, Duration.ZERO, Duration.ZERO,
                            HostCacheProducer.OVERLAP));
                    report("single path, fleet view off (each placement reads its zone: " + HOSTS / ZONES.size()
                            + " rows)", run(uncached, pipeline, UNCACHED, "uncached"));
                }
                try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*), COALESCE(SUM(h.o), 0) FROM"
                        + " (SELECT used_vcpus > FLOOR(vcpus * cpu_overcommit) OR used_memory_mib > FLOOR(memory_mib * memory_overcommit) AS o"
                        + " FROM host) h")) {
                    rs.next();
                    System.out.printf("check: %d hosts, %d over their limits%n", rs.getInt(1), rs.getInt(2));
                }
                try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM host h WHERE used_vcpus <>"
                        + " (SELECT COALESCE(SUM(a.vcpus), 0) FROM allocation a WHERE a.host_id = h.host_id)")) {
                    rs.next();
                    System.out.printf("check: %d hosts whose used vCPUs differ from the sum of their allocations%n",
                            rs.getInt(1));
                }
            } finally {
                agents.shutdownNow();
            }
        }
    }

    @Inject
    BatchPlacement batches;
    @Inject
    HostCache cache;

    /** Counts the {@code InstanceScheduled} that reached {@code instance-events}, by instance (a consumer thread). */
    static final class ScheduledCounter implements AutoCloseable {
        private final Set<String> seen = ConcurrentHashMap.newKeySet();
        private final CountDownLatch assigned = new CountDownLatch(1);
        private final Thread thread;
        private volatile boolean running = true;

        ScheduledCounter(String bootstrap) {
            Properties p = new Properties();
            p.put("bootstrap.servers", bootstrap);
            p.put("group.id", "bench-" + UUID.randomUUID());
            p.put("auto.offset.reset", "latest");
            p.put("key.deserializer", StringDeserializer.class.getName());
            p.put("value.deserializer", StringDeserializer.class.getName());
            var consumer = new KafkaConsumer<String, String>(p);
            consumer.subscribe(List.of(Topics.INSTANCE_EVENTS));
            String type = EventCatalog.typeOf(InstanceScheduled.class);
            thread = new Thread(() -> {
                try (consumer) {
                    while (running) {
                        var records = consumer.poll(Duration.ofMillis(100));
                        if (!consumer.assignment().isEmpty()) {
                            assigned.countDown();
                        }
                        for (var r : records) {
                            var h = r.headers().lastHeader("ce_type");
                            if (h != null && type.equals(new String(h.value(), StandardCharsets.UTF_8))) {
                                seen.add(r.key());
                            }
                        }
                    }
                }
            }, "bench-scheduled-counter");
            thread.start();
            try {
                assigned.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        boolean has(Collection<String> instanceIds) {
            return seen.containsAll(instanceIds);
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join();
        }
    }

    /**
     * Publishes {@code count} requests to {@code instance-events} and waits until the application's consumer has
     * committed a claim for each (placed in batches), then until each {@code InstanceScheduled} is on Kafka.
     */
    private void batched(FleetPublisher fleet, ScheduledCounter scheduled, int count, String label) {
        Random random = new Random(label.hashCode());
        String account = SchedulerFixtures.account();
        List<InstanceRequested> requests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Object[] t = TYPES[random.nextInt(TYPES.length)];
            requests.add(SchedulerFixtures.request(account, SchedulerFixtures.instanceId(),
                    ZONES.get(random.nextInt(ZONES.size())), (String) t[0], (int) t[1], (long) t[2]));
        }
        Set<String> ids = new HashSet<>();
        requests.forEach(r -> ids.add(r.instanceId()));
        Map<String, Long> publishedAt = new ConcurrentHashMap<>();
        Map<String, Long> committedAt = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<BatchPlacement.Committed> commits = new ConcurrentLinkedQueue<>();
        AtomicInteger leftOver = new AtomicInteger();
        Consumer<BatchPlacement.Committed> listener = c -> {
            boolean ours = false;
            for (String id : c.hostByInstance().keySet()) {
                if (ids.contains(id)) {
                    committedAt.put(id, c.committedAt());
                    ours = true;
                }
            }
            if (ours) {
                commits.add(c);
                leftOver.addAndGet(c.leftOver());
            }
        };
        batches.onCommitted(listener);
        long refreshes0 = cache.refreshes();
        long refreshedRows0 = cache.refreshedRows();
        long refreshNanos0 = cache.refreshTime();
        long seenRefreshes0 = cache.lastSeenRefreshes();
        long seenNanos0 = cache.lastSeenRefreshTime();
        long t0 = System.nanoTime();
        for (int from = 0; from < count; from += 1000) {   // as compute-api's relay sends them: a batch at a time
            List<InstanceRequested> chunk = requests.subList(from, Math.min(count, from + 1000));
            long now = System.nanoTime();
            chunk.forEach(r -> publishedAt.put(r.instanceId(), now));
            fleet.sendAll(chunk);
        }
        double published = (System.nanoTime() - t0) / 1e9;
        await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> committedAt.size() + leftOver.get() >= count);
        long done = committedAt.values().stream().mapToLong(Long::longValue).max().orElse(System.nanoTime());
        double seconds = (done - t0) / 1e9;
        await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(20)).until(() -> scheduled.has(ids));
        double onKafka = (System.nanoTime() - t0) / 1e9;
        long[] latency = committedAt.entrySet().stream().mapToLong(e -> e.getValue() - publishedAt.get(e.getKey()))
                .sorted().toArray();
        long[] tx = commits.stream().mapToLong(BatchPlacement.Committed::transactionNanos).sorted().toArray();
        long[] decision = commits.stream().filter(c -> c.ranks() > 0).mapToLong(c -> c.rankNanos() / c.ranks())
                .sorted().toArray();
        long[] sizes = commits.stream().mapToLong(BatchPlacement.Committed::requests).sorted().toArray();
        int conflicts = commits.stream().mapToInt(BatchPlacement.Committed::conflicts).sum();
        int ranks = commits.stream().mapToInt(BatchPlacement.Committed::ranks).sum();
        int fullRanks = commits.stream().mapToInt(BatchPlacement.Committed::fullRanks).sum();
        if (!"warm-up".equals(label)) {
            System.out.printf("batched (%s): %d placements, claims committed in %.1f s = %.0f placements/s"
                    + " (publishing took %.1f s); every InstanceScheduled on Kafka after %.1f s = %.0f/s%n", label,
                    count, seconds, count / seconds, published, onKafka, count / onKafka);
            System.out.printf("batched (%s): %d batches, size p50 %d, max %d; batch transaction p50 %.1f ms, p99"
                    + " %.1f ms; decision (rank, mean per request of a batch) p50 %.3f ms, p99 %.3f ms; %d rankings,"
                    + " %d of a whole zone; %d refused host claims; %d requests left to the single path%n", label,
                    commits.size(), sizes[sizes.length / 2], sizes[sizes.length - 1], pct(tx, 50), pct(tx, 99),
                    pct(decision, 50), pct(decision, 99), ranks, fullRanks, conflicts, leftOver.get());
            long[] claimsTime = commits.stream().mapToLong(BatchPlacement.Committed::claimNanos).sorted().toArray();
            System.out.printf("batched (%s): per-host claim statements of a batch p50 %.1f ms, p99 %.1f ms%n", label,
                    pct(claimsTime, 50), pct(claimsTime, 99));
            System.out.printf("batched (%s): request published -> claim committed p50 %.1f ms, p99 %.1f ms%n", label,
                    pct(latency, 50), pct(latency, 99));
            long refreshes = cache.refreshes() - refreshes0;
            System.out.printf("batched (%s): fleet view refreshed %d times, %d rows read (%.0f per refresh), %.1f ms"
                    + " per refresh%n", label, refreshes, cache.refreshedRows() - refreshedRows0,
                    (cache.refreshedRows() - refreshedRows0) / (double) Math.max(1, refreshes),
                    (cache.refreshTime() - refreshNanos0) / 1e6 / Math.max(1, refreshes));
            long seenRefreshes = cache.lastSeenRefreshes() - seenRefreshes0;
            System.out.printf("batched (%s): last-seen refreshed %d times, %.1f ms per refresh%n", label,
                    seenRefreshes, (cache.lastSeenRefreshTime() - seenNanos0) / 1e6 / Math.max(1, seenRefreshes));
        }
    }

    private TimedPipeline pipeline;

    private PlacementService replica(HostCache cache) {
        if (pipeline == null) {
            pipeline = new TimedPipeline(config, filters.stream().toList(), weighers.stream().toList());
        }
        return new PlacementService(store, groups, pipeline, outbox, config, zones, cache, clock);
    }

    private Run run(PlacementService placement, TimedPipeline timed, int count, String label) throws Exception {
        Random random = new Random(label.hashCode());
        String account = SchedulerFixtures.account();
        List<String> payloads = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Object[] t = TYPES[random.nextInt(TYPES.length)];
            InstanceRequested r = SchedulerFixtures.request(account, SchedulerFixtures.instanceId(),
                    ZONES.get(random.nextInt(ZONES.size())), (String) t[0], (int) t[1], (long) t[2]);
            payloads.add(EventCodec.encode("compute-api", r).json());
        }
        timed.nanos.clear();
        ConcurrentLinkedQueue<Long> times = new ConcurrentLinkedQueue<>();
        long t0 = System.nanoTime();
        Multi.createFrom().iterable(payloads)
                .onItem().transformToUni(p -> Uni.createFrom().deferred(() -> {
                    long start = System.nanoTime();
                    return processor.process("scheduler.instance-events", p,
                            env -> placement.place((InstanceRequested) env.data()))
                            .invoke(() -> times.add(System.nanoTime() - start));
                }))
                .merge(CONCURRENCY).collect().last().subscribeAsCompletionStage().get();
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Run(count, seconds, times.stream().mapToLong(Long::longValue).toArray(),
                timed.nanos.stream().mapToLong(Long::longValue).toArray());
    }

    private static void report(String what, Run r) {
        Arrays.sort(r.placementNanos);
        Arrays.sort(r.decisionNanos);
        System.out.printf("%s: %d placements in %.1f s = %.0f placements/s; decision (rank) p50 %.2f ms, p99 %.2f ms;"
                + " placement (transaction, claim committed) p50 %.1f ms, p99 %.1f ms%n", what, r.count, r.seconds,
                r.count / r.seconds, pct(r.decisionNanos, 50), pct(r.decisionNanos, 99), pct(r.placementNanos, 50),
                pct(r.placementNanos, 99));
    }

    private static double pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    private static int alive(Connection c) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM host WHERE NOT marked_down"
                + " AND last_seen_at > NOW(6) - INTERVAL 20 SECOND")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static int count(Connection c) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM host")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
