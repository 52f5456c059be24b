package dev.haneul.compute;

import static io.restassured.RestAssured.given;

import dev.haneul.events.host.InstanceBooted;
import dev.haneul.events.host.InstancePoweredOff;
import dev.haneul.events.instance.AttachedVolume;
import dev.haneul.events.instance.InstanceNetworkAttached;
import dev.haneul.events.instance.InstanceScheduled;
import dev.haneul.events.instance.InstanceVolumesAttached;
import dev.haneul.events.network.PacketRule;
import dev.haneul.events.network.PacketRules;
import dev.haneul.testing.EventProbe;
import dev.haneul.testing.TestTokens;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * Drives instances through the saga in REST-level tests: launches them and publishes the other services'
 * and the host's replies as they would, over the real broker.
 */
final class SagaDriver {
    static final String UBUNTU = "ami-0a1b2c3d4e5f60001";
    static final String DEBIAN = "ami-0a1b2c3d4e5f60003";
    static final String WINDOWS = "ami-0a1b2c3d4e5f60005";
    static final Duration WAIT = Duration.ofSeconds(30);

    private final String kafka;
    final String account;
    final String token;

    SagaDriver(String kafka) {
        this.kafka = kafka;
        this.account = String.valueOf(100_000_000_000L + (long) (Math.random() * 800_000_000_000L));
        this.token = TestTokens.user(account);
    }

    ValidatableResponse launch(Map<String, Object> body) {
        return given().auth().oauth2(token).contentType("application/json").body(body)
                .when().post("/v1/instances").then();
    }

    String launchId(Map<String, Object> body) {
        return launch(body).statusCode(202).extract().path("instances[0].instanceId");
    }

    String state(String id) {
        return given().auth().oauth2(token).when().get("/v1/instances/" + id).then().statusCode(200)
                .extract().path("state.name");
    }

    void awaitState(String id, String state) {
        Awaitility.await().atMost(WAIT).until(() -> state.equals(state(id)));
    }

    /** The rules network-service sends for the fake interface: ssh from anywhere in, everything out. */
    static final PacketRules SSH_FROM_ANYWHERE = new PacketRules(
            List.of(new PacketRule("tcp", 22, 22, "0.0.0.0/0", null)),
            List.of(new PacketRule("-1", 0, 65535, "0.0.0.0/0", null)));

    /** Replies for the launch (or start) and the boot: the instance ends running on {@code host}. */
    void run(String id, int attempt, String host, String publicIp) {
        Instant now = Instant.now();
        EventProbe.publish(kafka, "scheduler", new InstanceScheduled(account, id, attempt, now, host, "kr-central-1a",
                "t3.micro", 2, 1024));
        EventProbe.publish(kafka, "network-service", new InstanceNetworkAttached(account, id, attempt, now,
                eni(id), "vpc-0123456789abcdef0", "subnet-0123456789abcdef0", "10.0.0.9", publicIp,
                "02:00:00:00:00:09", List.of("sg-0123456789abcdef0"), "10.0.0.0/24", SSH_FROM_ANYWHERE, 0));
        EventProbe.publish(kafka, "volume-service", new InstanceVolumesAttached(account, id, attempt, now,
                List.of(new AttachedVolume("vol-" + id.substring(2), "/dev/sda1", 8, "gp3", true, true))));
        // the boot command goes out once all three replies are in; answer until the instance runs
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            EventProbe.publish(kafka, "host-agent", new InstanceBooted(host, Instant.now(), id, attempt,
                    "[    0.000000] Linux version 6.8.0\nCloud-init finished " + id));
            return "running".equals(state(id));
        });
    }

    /** The network interface {@link #run} gives the instance: eni- and the instance id's digits. */
    static String eni(String instanceId) {
        return "eni-" + instanceId.substring(2);
    }

    /** The root volume {@link #run} gives the instance. */
    static String rootVolume(String instanceId) {
        return "vol-" + instanceId.substring(2);
    }

    /** Stops a running instance and answers for the host. */
    void stop(String id, int attempt, String host) {
        given().auth().oauth2(token).when().post("/v1/instances/" + id + "/stop").then().statusCode(200);
        EventProbe.publish(kafka, "host-agent", new InstancePoweredOff(host, Instant.now(), id, attempt));
        awaitState(id, "stopped");
    }
}
