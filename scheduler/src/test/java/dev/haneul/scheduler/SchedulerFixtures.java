package dev.haneul.scheduler;

import dev.haneul.events.HaneulEvent;
import dev.haneul.events.host.HostRegistered;
import dev.haneul.events.instance.InstanceRequested;
import dev.haneul.events.instance.InstanceTerminated;
import dev.haneul.scheduler.placement.Allocation;
import dev.haneul.testing.EventProbe;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.config.ConfigProvider;

/** Builders for the events the scheduler consumes, and database look-ups, for the scheduler's tests. */
public final class SchedulerFixtures {
    private SchedulerFixtures() {
    }

    public static String account() {
        return String.valueOf(100_000_000_000L + ThreadLocalRandom.current().nextLong(900_000_000_000L));
    }

    public static String instanceId() {
        return "i-" + hex(17);
    }

    /** An availability zone of its own, so a test sees only its own hosts. */
    public static String zone() {
        return "kr-test-" + hex(8);
    }

    private static String hex(int n) {
        byte[] b = new byte[9];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b).substring(0, n);
    }

    public static HostRegistered host(String hostId, String az, int vcpus, long memoryMib) {
        return host(hostId, az, az + "-rack-1", vcpus, memoryMib);
    }

    public static HostRegistered host(String hostId, String az, String rack, int vcpus, long memoryMib) {
        return new HostRegistered(hostId, Instant.now(), "agent-test", az, rack, vcpus, memoryMib, 2000, 0,
                null, List.of("t3", "m5", "c5"), BigDecimal.ONE, BigDecimal.ONE, List.of());
    }

    public static InstanceRequested request(String account, String instanceId, String az, String type, int vcpus,
            long memoryMib) {
        return new InstanceRequested(account, instanceId, 0, Instant.now(), false, type, type.split("\\.")[0], vcpus,
                memoryMib, 0, "x86_64", az, null, null, null, List.of(), null, "ami-0123456789abcdef0", List.of(),
                null);
    }

    public static InstanceRequested inGroup(InstanceRequested r, String placementGroupId) {
        return new InstanceRequested(r.accountId(), r.instanceId(), r.attempt(), r.at(), r.restart(), r.instanceType(),
                r.family(), r.vcpus(), r.memoryMib(), r.gpus(), r.architecture(), r.availabilityZone(), r.subnetId(),
                r.privateIpAddress(), r.associatePublicIpAddress(), r.securityGroupIds(), placementGroupId,
                r.imageId(), r.blockDevices(), r.volumeTags());
    }

    public static InstanceTerminated terminated(String account, String instanceId, String az) {
        return new InstanceTerminated(account, instanceId, 0, Instant.now(), "m5.large", az, null,
                "Client.UserInitiatedShutdown", "User initiated shutdown");
    }

    public static InstanceTerminated terminatedOn(String account, String instanceId, String az, String hostId) {
        return new InstanceTerminated(account, instanceId, 0, Instant.now(), "m5.large", az, hostId,
                "Server.InternalError", "The instance's host failed");
    }

    /** A JDBC connection to the test database, as an observer independent of the application's pool. */
    public static Connection jdbc() throws SQLException {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
    }

    /** Runs one SQL update on the test database (to simulate what only time would do, e.g. silent hosts). */
    public static int sql(String sql, Object... params) {
        try (var c = jdbc(); var st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            return st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long sqlLong(String sql, Object... params) {
        try (var c = jdbc(); var st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void publish(String bootstrap, HaneulEvent event) {
        EventProbe.publish(bootstrap, "test", event);
    }

    public static Allocation allocation(String instanceId) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(
                    () -> Allocation.<Allocation>findById(instanceId)));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
