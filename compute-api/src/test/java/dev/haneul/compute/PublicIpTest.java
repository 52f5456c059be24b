package dev.haneul.compute;

import static dev.haneul.compute.SagaDriver.UBUNTU;
import static io.restassured.RestAssured.given;

import dev.haneul.events.HaneulEvent;
import dev.haneul.events.Topics;
import dev.haneul.events.network.ElasticIpAssociated;
import dev.haneul.events.network.ElasticIpDisassociated;
import dev.haneul.events.network.PublicIpAcquired;
import dev.haneul.events.network.PublicIpReleased;
import dev.haneul.testing.EventProbe;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** The instance's public IP follows network-service's address events, whatever order different leases arrive in. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class PublicIpTest {
    @KafkaBootstrap
    String kafka;

    @Test
    void anElasticIpWinsOverTheAutoAddressAndStaysAcrossStopAndStart() {
        SagaDriver d = new SagaDriver(kafka);
        String id = d.launchId(Map.of("imageId", UBUNTU, "instanceType", "t3.micro"));
        d.run(id, 0, "host-p", null);
        Instant t = Instant.now();

        send(new PublicIpAcquired(d.account, "lease-a1-" + id, "203.0.113.21", "auto", null, id, t));
        awaitPublicIp(d, id, "203.0.113.21");
        send(new ElasticIpAssociated(d.account, "eipalloc-0123456789abcdef0", "eipassoc-0123456789abcdef0",
                "198.51.100.7", id, SagaDriver.eni(id), "10.0.0.9", t.plusSeconds(1)));
        awaitPublicIp(d, id, "198.51.100.7");
        // the auto address goes (network-service releases it for the elastic one): the elastic one stays shown
        send(new PublicIpReleased(d.account, "lease-a1-" + id, "203.0.113.21", "auto", null, id, t.plusSeconds(2)));
        send(new PublicIpAcquired(d.account, "lease-m-" + id, "203.0.113.99", "auto", null, id, t.plusSeconds(3)));
        Consumed.await(kafka, "compute-api-network", Topics.NETWORK_EVENTS);
        Assertions.assertEquals("198.51.100.7", publicIp(d, id)); // auto never hides elastic
        send(new PublicIpReleased(d.account, "lease-m-" + id, "203.0.113.99", "auto", null, id, t.plusSeconds(4)));

        // stop: the elastic IP stays with the stopped instance
        d.stop(id, 0, "host-p");
        awaitPublicIp(d, id, "198.51.100.7");

        send(new ElasticIpDisassociated(d.account, "eipalloc-0123456789abcdef0", "eipassoc-0123456789abcdef0",
                "198.51.100.7", id, t.plusSeconds(5)));
        awaitPublicIp(d, id, null);
    }

    @Test
    void eventsOfDifferentLeasesGiveTheSameResultInAnyOrder() {
        SagaDriver d = new SagaDriver(kafka);
        String id = d.launchId(Map.of("imageId", UBUNTU, "instanceType", "t3.micro"));
        d.run(id, 0, "host-p", null);
        Instant t = Instant.now();
        // the new lease's address arrives before the old lease's acquire and release
        send(new PublicIpAcquired(d.account, "lease-new-" + id, "203.0.113.31", "auto", null, id, t.plusSeconds(10)));
        awaitPublicIp(d, id, "203.0.113.31");
        // an older lease's acquire (late) does not replace the newer address, nor does its release take it away
        send(new PublicIpAcquired(d.account, "lease-old-" + id, "203.0.113.30", "auto", null, id, t));
        Consumed.await(kafka, "compute-api-network", Topics.NETWORK_EVENTS);
        Assertions.assertEquals("203.0.113.31", publicIp(d, id));
        send(new PublicIpReleased(d.account, "lease-old-" + id, "203.0.113.30", "auto", null, id, t.plusSeconds(1)));
        // a release of an address that is not shown changes nothing; a release that overtook its own acquire
        // leaves a tombstone, so the late acquire shows nothing
        send(new PublicIpReleased(d.account, "lease-other-" + id, "203.0.113.40", "auto", null, id, t.plusSeconds(2)));
        send(new PublicIpReleased(d.account, "lease-late-" + id, "203.0.113.50", "auto", null, id, t.plusSeconds(12)));
        send(new PublicIpAcquired(d.account, "lease-late-" + id, "203.0.113.50", "auto", null, id, t.plusSeconds(11)));
        Consumed.await(kafka, "compute-api-network", Topics.NETWORK_EVENTS);
        Assertions.assertEquals("203.0.113.31", publicIp(d, id));
        send(new PublicIpReleased(d.account, "lease-new-" + id, "203.0.113.31", "auto", null, id, t.plusSeconds(20)));
        awaitPublicIp(d, id, null);
        Consumed.await(kafka, "compute-api-network", Topics.NETWORK_EVENTS);
        Assertions.assertNull(publicIp(d, id));
    }

    private void send(HaneulEvent e) {
        EventProbe.publish(kafka, "network-service", e);
    }

    static String publicIp(SagaDriver d, String id) {
        return given().auth().oauth2(d.token).when().get("/v1/instances/" + id).then().statusCode(200).extract()
                .path("publicIpAddress");
    }

    static void awaitPublicIp(SagaDriver d, String id, String ip) {
        Awaitility.await().atMost(SagaDriver.WAIT).until(() -> Objects.equals(ip, publicIp(d, id)));
    }
}
