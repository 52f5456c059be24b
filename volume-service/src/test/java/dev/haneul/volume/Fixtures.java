package dev.haneul.volume;

import dev.haneul.events.HaneulEvent;
import dev.haneul.events.instance.BlockDevice;
import dev.haneul.events.instance.InstanceRequested;
import dev.haneul.events.instance.InstanceRunning;
import dev.haneul.events.instance.InstanceStopped;
import dev.haneul.events.instance.InstanceTerminated;
import dev.haneul.kit.Ids;
import dev.haneul.testing.EventProbe;
import dev.haneul.testing.TestTokens;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.Awaitility;

/** Builds the instance events other services would publish, and reads volume-service's tables in tests. */
public final class Fixtures {
    public static final String AZ = "kr-central-1a";
    public static final Duration DEADLINE = Duration.ofSeconds(60);

    private Fixtures() {
    }

    public static String randomAccount() {
        return String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000_000L, 1_000_000_000_000L));
    }

    public static String newInstanceId() {
        return Ids.newId("i");
    }

    public static BlockDevice root(String type, int size) {
        return new BlockDevice("/dev/xvda", size, type, null, null, false, true, null, true);
    }

    public static BlockDevice extra(String device, String type, int size, boolean deleteOnTermination) {
        return new BlockDevice(device, size, type, null, null, false, deleteOnTermination, null, false);
    }

    public static InstanceRequested requested(String account, String instanceId, int attempt, String az,
            List<BlockDevice> devices) {
        return requested(account, instanceId, attempt, az, devices, null);
    }

    public static InstanceRequested requested(String account, String instanceId, int attempt, String az,
            List<BlockDevice> devices, Map<String, String> volumeTags) {
        return new InstanceRequested(account, instanceId, attempt, Instant.now(), attempt > 0, "t3.micro", "t3", 2,
                1024, 0, "x86_64", az, null, null, null, List.of(), null, "ami-0123456789abcdef0", devices,
                volumeTags);
    }

    /** A root device from an image backed by {@code snapshotId} ({@code size} 0: the snapshot's size). */
    public static BlockDevice rootFromSnapshot(String snapshotId, int size) {
        return new BlockDevice("/dev/xvda", size, "gp3", null, null, false, true, snapshotId, true);
    }

    public static InstanceRunning running(String account, String instanceId, int attempt, String az) {
        return running(account, instanceId, attempt, az, "h-1");
    }

    public static InstanceRunning running(String account, String instanceId, int attempt, String az, String hostId) {
        return new InstanceRunning(account, instanceId, attempt, Instant.now(), "t3.micro", az, hostId, "10.0.0.5",
                null);
    }

    public static InstanceStopped stopped(String account, String instanceId, int attempt, String az) {
        return new InstanceStopped(account, instanceId, attempt, Instant.now(), "t3.micro", az, null,
                "Client.UserInitiatedShutdown");
    }

    public static InstanceTerminated terminated(String account, String instanceId, int attempt, String az) {
        return new InstanceTerminated(account, instanceId, attempt, Instant.now(), "t3.micro", az, null,
                "Client.UserInitiatedShutdown", "User initiated shutdown");
    }

    public static void publish(String bootstrap, HaneulEvent event) {
        EventProbe.publish(bootstrap, "compute-api", event);
    }

    /** The instance's state in volume-service's projection, or null. */
    public static String instanceState(String instanceId) {
        return query("SELECT MAX(state) FROM instance_ref WHERE instance_id = :id", instanceId);
    }

    /** Publishes a launch with a gp3 root volume and waits until the instance is running in the projection. */
    public static String runningInstance(String bootstrap, String account, String az) {
        return runningInstance(bootstrap, account, az, "h-1");
    }

    /** Like {@link #runningInstance(String, String, String)}, on the given host. */
    public static String runningInstance(String bootstrap, String account, String az, String hostId) {
        String instanceId = newInstanceId();
        publish(bootstrap, requested(account, instanceId, 0, az, List.of(root("gp3", 8))));
        Awaitility.await().atMost(DEADLINE).until(() -> instanceState(instanceId) != null);
        publish(bootstrap, running(account, instanceId, 0, az, hostId));
        Awaitility.await().atMost(DEADLINE).until(() -> "running".equals(instanceState(instanceId)));
        return instanceId;
    }

    /** A launched instance that has been stopped (attachments need no host). */
    public static String stoppedInstance(String bootstrap, String account, String az) {
        String instanceId = runningInstance(bootstrap, account, az);
        publish(bootstrap, stopped(account, instanceId, 0, az));
        Awaitility.await().atMost(DEADLINE).until(() -> "stopped".equals(instanceState(instanceId)));
        return instanceId;
    }

    /** A fresh host id, so a test can pick out the commands sent to it. */
    public static String newHostId() {
        return "host-test-" + Ids.newId("h").substring(2);
    }

    /** Creates a volume over REST and waits until it is available. */
    public static String availableVolume(String account, String zone, int size) {
        String volumeId = create(account, "{\"availabilityZone\":\"" + zone + "\",\"size\":" + size + "}");
        awaitState(account, volumeId, "available");
        return volumeId;
    }

    /** A REST request as {@code account}. */
    public static RequestSpecification as(String account) {
        return RestAssured.given().auth().oauth2(TestTokens.user(account)).contentType("application/json");
    }

    /** Creates a volume over REST and returns its id. */
    public static String create(String account, String body) {
        return as(account).body(body).when().post("/v1/volumes").then().statusCode(201)
                .extract().path("volumeId");
    }

    /** Waits until the volume reaches {@code state}. */
    public static void awaitState(String account, String volumeId, String state) {
        Awaitility.await().atMost(DEADLINE).until(() -> state.equals(as(account).when()
                .get("/v1/volumes/" + volumeId).then().statusCode(200).extract().path("state")));
    }

    /** Runs a one-value native query in a session. */
    public static <T> T query(String sql, String id) {
        try {
            @SuppressWarnings("unchecked")
            T value = (T) VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Panache.getSession()
                    .chain(s -> s.createNativeQuery(sql).setParameter("id", id).getSingleResult())));
            return value;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
