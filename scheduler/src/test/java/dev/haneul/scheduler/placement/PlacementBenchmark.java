package dev.haneul.scheduler.placement;

import static org.awaitility.Awaitility.await;

import dev.haneul.events.EventCodec;
import dev.haneul.events.host.HostHeartbeat;
import dev.haneul.events.host.HostRegistered;
import dev.haneul.events.instance.InstanceRequested;
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
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * <li>places {@code placements} instances (default 20,000; mixed types and zones) through the production path
 * (the event processor's transaction: consumed-event log, ranking over this replica's view of the fleet, claim,
 * allocation, {@code InstanceScheduled} in the outbox, commit), {@code concurrency} at a time, after a warm-up;</li>
 * <li>prints placements/s, the decision time (ranking: filters and weighers over the zone's hosts) and the
 * whole placement time (p50/p99), and the same with the fleet view turned off (every placement reads its
 * zone from the database), for comparison.</li>
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
    private static final int UNCACHED = Integer.getInteger("uncached", 1_000);
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

            try {
                PlacementService cached = replica(new HostCache(store, config.hostCacheRefresh(),
                        config.hostCacheFullReload(), HostCacheProducer.OVERLAP));
                TimedPipeline cachedPipeline = pipeline;
                run(cached, cachedPipeline, Math.min(2_000, PLACEMENTS), "warm-up");
                long written0 = heartbeats.written();
                int sent0 = sent.get();
                Run r = run(cached, cachedPipeline, PLACEMENTS, "measured");
                report("fleet view on (default)", r);
                System.out.printf("heartbeats during the run: %d sent, %d written to the database in batches%n",
                        sent.get() - sent0, heartbeats.written() - written0);

                if (UNCACHED > 0) {
                    PlacementService uncached = replica(new HostCache(store, Duration.ZERO, Duration.ZERO,
                            HostCacheProducer.OVERLAP));
                    report("fleet view off (each placement reads its zone: " + HOSTS / ZONES.size() + " rows)",
                            run(uncached, pipeline, UNCACHED, "uncached"));
                }
                try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*), COALESCE(SUM(h.o), 0) FROM"
                        + " (SELECT used_vcpus > FLOOR(vcpus * cpu_overcommit) OR used_memory_mib > FLOOR(memory_mib * memory_overcommit) AS o"
                        + " FROM host) h")) {
                    rs.next();
                    System.out.printf("check: %d hosts, %d over their limits%n", rs.getInt(1), rs.getInt(2));
                }
            } finally {
                agents.shutdownNow();
            }
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

    private static int alive(java.sql.Connection c) throws java.sql.SQLException {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM host WHERE NOT marked_down"
                + " AND last_seen_at > NOW(6) - INTERVAL 20 SECOND")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static int count(java.sql.Connection c) throws java.sql.SQLException {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM host")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
