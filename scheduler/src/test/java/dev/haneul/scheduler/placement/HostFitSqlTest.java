package dev.haneul.scheduler.placement;

import static dev.haneul.scheduler.SchedulerFixtures.sql;
import static dev.haneul.scheduler.SchedulerFixtures.zone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link HostFit}'s two forms agree: over host rows at the rule's edges (overcommit rounding, exact limits, claimed
 * capacity, GPUs, hosts out of service) and claims around them, the hosts the SQL condition selects on the real
 * MariaDB are exactly those the Java predicate passes, judged on the same rows as the native reads map them
 * ({@link HostStore#hostState}). Both reads are one transaction's consistent snapshot, so the liveness check running
 * in the application cannot make them disagree; the rows' heartbeats are set so that it leaves them alone anyway.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class HostFitSqlTest {
    private static final LocalDateTime HEARD = LocalDateTime.parse("2100-01-01T00:00:00");
    private static final LocalDateTime SILENT = LocalDateTime.parse("2000-01-01T00:00:00");

    @Inject
    Pool pool;

    private final String az = zone();

    private record Claim(long vcpus, long memoryMib, long gpus) {
    }

    private record Snapshot(List<HostState> hosts, Set<String> selected) {
    }

    private void insert(String suffix, int vcpus, String cpuOvercommit, long memoryMib, String memoryOvercommit,
            int gpus, int usedVcpus, long usedMemoryMib, int usedGpus, boolean enabled, boolean draining,
            boolean down) {
        sql("INSERT INTO host (host_id, agent_id, availability_zone, rack, vcpus, memory_mib, disk_gib, gpus, families,"
                + " cpu_overcommit, memory_overcommit, used_vcpus, used_memory_mib, used_gpus, enabled, draining,"
                + " marked_down, registered_at, last_seen_at) VALUES (?, 'agent-test', ?, 'rack-1', ?, ?, 100, ?, 'm5',"
                + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "host-" + az + "-" + suffix, az, vcpus, memoryMib, gpus,
                new BigDecimal(cpuOvercommit), new BigDecimal(memoryOvercommit), usedVcpus, usedMemoryMib, usedGpus,
                enabled, draining, down, SILENT, down ? SILENT : HEARD);
    }

    @AfterEach
    void removeTheRows() {
        sql("DELETE FROM host WHERE availability_zone = ?", az);
    }

    /** The zone's rows, and the ids of those the SQL condition selects for the claim, in one snapshot. */
    private Snapshot read(Claim c) {
        return pool.withTransaction(conn -> conn.preparedQuery("SELECT " + HostStore.HOST_COLUMNS
                + " FROM host WHERE availability_zone = ?").execute(Tuple.of(az)).chain(rows -> {
                    List<HostState> hosts = new ArrayList<>();
                    rows.forEach(r -> hosts.add(HostStore.hostState(r)));
                    return conn.preparedQuery("SELECT host_id FROM host WHERE availability_zone = ? AND "
                            + HostFit.sql("?", "?", "?")).execute(Tuple.of(az, c.vcpus(), c.memoryMib(), c.gpus()))
                            .map(selected -> {
                                Set<String> ids = new HashSet<>();
                                selected.forEach(r -> ids.add(r.getString(0)));
                                return new Snapshot(hosts, ids);
                            });
                })).await().indefinitely();
    }

    @Test
    void theSqlSelectsExactlyTheHostsThePredicatePasses() {
        insert("empty", 20, "1.150", 1000, "1.500", 2, 0, 0, 0, true, false, false);   // limits 23, 1500, 2
        insert("used", 20, "1.150", 1000, "1.500", 2, 20, 1400, 1, true, false, false);
        insert("full", 20, "1.150", 1000, "1.500", 2, 23, 1500, 2, true, false, false);
        insert("ten", 10, "1.050", 4096, "1.000", 0, 0, 0, 0, true, false, false);       // limits 10, 4096, 0
        insert("disabled", 20, "1.150", 1000, "1.500", 2, 0, 0, 0, false, false, false);
        insert("draining", 20, "1.150", 1000, "1.500", 2, 0, 0, 0, true, true, false);
        insert("down", 20, "1.150", 1000, "1.500", 2, 0, 0, 0, true, false, true);
        List<Claim> claims = List.of(new Claim(0, 0, 0), new Claim(1, 1, 0), new Claim(3, 100, 1),
                new Claim(4, 100, 1), new Claim(3, 101, 1), new Claim(3, 100, 2), new Claim(23, 1500, 2),
                new Claim(24, 1, 0), new Claim(1, 1501, 0), new Claim(1, 1, 3), new Claim(10, 4096, 0),
                new Claim(11, 0, 0), new Claim(10, 4097, 0));

        int selections = 0;
        for (Claim c : claims) {
            Snapshot s = read(c);
            assertEquals(7, s.hosts().size(), "control: the rows are there");
            Set<String> passed = new HashSet<>();
            for (HostState h : s.hosts()) {
                if (HostFit.fits(h, c.vcpus(), c.memoryMib(), c.gpus())) {
                    passed.add(h.hostId());
                }
            }
            assertEquals(passed, s.selected(), () -> c + " on " + s.hosts());
            selections += s.selected().size();
        }
        assertTrue(selections > 0 && selections < claims.size() * 7, "both answers occur");
        assertEquals(Set.of("host-" + az + "-empty"), read(new Claim(23, 1500, 2)).selected(),
                "control: the rounding edge (FLOOR(20 × 1.15) = 23) is taken");
    }
}
