package dev.haneul.compute;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.haneul.events.EventCodec;
import dev.haneul.events.Topics;
import dev.haneul.events.host.BootInstance;
import dev.haneul.events.instance.AttachedVolume;
import dev.haneul.events.instance.InstanceNetworkAttached;
import dev.haneul.events.instance.InstanceScheduled;
import dev.haneul.events.instance.InstanceVolumesAttached;
import dev.haneul.testing.EventProbe;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import dev.haneul.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, defect 2: the admin view of {@code haneul-dead-letter} and its replay, over the real broker. A poison
 * message compute-api's own consumer gives up on shows there with where it came from and why; a dead-lettered
 * event (written as SmallRye's dead-letter strategy writes one) is sent back to its topic once, with its id, and
 * the saga goes on with it.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class DeadLetterAdminTest {
    @KafkaBootstrap
    String kafka;

    private final String admin = TestTokens.admin("000000000001");

    /** Every record of the topic, page by page (five a page: the paging is exercised too). */
    private List<Map<String, Object>> all() {
        List<Map<String, Object>> out = new ArrayList<>();
        String token = null;
        do {
            var page = given().auth().oauth2(admin).queryParam("limit", 5)
                    .queryParams(token == null ? Map.of() : Map.of("nextToken", token))
                    .when().get("/v1/admin/dead-letters").then().statusCode(200).extract();
            out.addAll(page.path("deadLetters"));
            token = page.path("nextToken");
        } while (token != null);
        return out;
    }

    private Optional<Map<String, Object>> withKey(String key) {
        return all().stream().filter(d -> key.equals(d.get("key"))).findFirst();
    }

    @Test
    void aMessageCompute_apiGaveUpOnIsListedWithWhereItCameFromAndCannotBeReplayed() {
        String key = "poison-" + UUID.randomUUID();
        EventProbe.send(kafka, Topics.INSTANCE_EVENTS, key, "{not a cloud event");
        Map<String, Object> d = Awaitility.await().atMost(SagaDriver.WAIT).until(() -> withKey(key),
                Optional::isPresent).orElseThrow();
        assertEquals(Topics.INSTANCE_EVENTS, d.get("topic"));
        assertNotNull(d.get("topicOffset"));
        assertNotNull(d.get("reason"));
        assertNull(d.get("eventId"));
        assertEquals(false, d.get("replayable"));
        assertEquals("{not a cloud event", d.get("payload"));
        int partition = (Integer) d.get("partition");
        long offset = ((Number) d.get("offset")).longValue();
        given().auth().oauth2(admin).when().get("/v1/admin/dead-letters/" + partition + "/" + offset).then()
                .statusCode(200).body("key", equalTo(key));
        given().auth().oauth2(admin).when().post("/v1/admin/dead-letters/" + partition + "/" + offset + "/replay")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("InvalidParameterValue"));
    }

    @Test
    void aReplayedEventGoesBackToItsTopicWithItsIdOnceAndTheSagaGoesOn() {
        SagaDriver saga = new SagaDriver(kafka);
        String id = saga.launchId(Map.of("imageId", SagaDriver.UBUNTU, "instanceType", "t3.micro"));
        Instant now = Instant.now();
        // the scheduler's answer was dead-lettered; the other two came through
        EventCodec.Encoded scheduled = EventCodec.encode("scheduler", new InstanceScheduled(saga.account, id, 0, now,
                "host-dl", "kr-central-1a", "t3.micro", 2, 1024));
        deadLetter(scheduled, "Server.InternalError: the test's failure");
        EventProbe.publish(kafka, "network-service", new InstanceNetworkAttached(saga.account, id, 0, now,
                "eni-0123456789abcdef1", "vpc-0123456789abcdef0", "subnet-0123456789abcdef0", "10.0.0.10", null,
                "02:00:00:00:00:10", List.of("sg-0123456789abcdef0"), "10.0.0.0/24", SagaDriver.SSH_FROM_ANYWHERE, 0));
        EventProbe.publish(kafka, "volume-service", new InstanceVolumesAttached(saga.account, id, 0, now,
                List.of(new AttachedVolume("vol-" + id.substring(2), "/dev/sda1", 8, "gp3", true, true))));

        Map<String, Object> d = Awaitility.await().atMost(SagaDriver.WAIT).until(() -> withKey(id),
                Optional::isPresent).orElseThrow();
        assertEquals(scheduled.id(), d.get("eventId"));
        assertEquals(true, d.get("replayable"));
        assertNull(d.get("replayedAt"));
        String at = "/v1/admin/dead-letters/" + d.get("partition") + "/" + d.get("offset");

        given().auth().oauth2(TestTokens.user(saga.account)).when().post(at + "/replay").then().statusCode(403);
        try (EventProbe instanceEvents = new EventProbe(kafka, Topics.INSTANCE_EVENTS);
                EventProbe hostCommands = new EventProbe(kafka, Topics.HOST_COMMANDS)) {
            String replayedAt = given().auth().oauth2(admin).when().post(at + "/replay").then().statusCode(202)
                    .body("replayedAt", notNullValue()).body("replayedBy", equalTo("000000000001"))
                    .extract().path("replayedAt");
            instanceEvents.awaitEvents(SagaDriver.WAIT, es -> es.stream()
                    .anyMatch(e -> e.id().equals(scheduled.id()) && e.data() instanceof InstanceScheduled));
            BootInstance boot = EventProbe.ofType(hostCommands.awaitEvents(SagaDriver.WAIT, es -> EventProbe
                    .ofType(es, BootInstance.class).stream().anyMatch(b -> b.instanceId().equals(id))),
                    BootInstance.class).stream().filter(b -> b.instanceId().equals(id)).findFirst().orElseThrow();
            assertEquals("host-dl", boot.hostId());
            // asked again: the first replay, nothing sent
            given().auth().oauth2(admin).when().post(at + "/replay").then().statusCode(200)
                    .body("replayedAt", equalTo(replayedAt));
            given().auth().oauth2(admin).when().get(at).then().statusCode(200).body("replayedAt", equalTo(replayedAt));
        }
        assertFalse(withKey(id).isEmpty());
    }

    @Test
    void badPositionsAndTokensAreRefusedWithTheirCode() {
        given().auth().oauth2(admin).when().get("/v1/admin/dead-letters/0/999999999").then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(admin).when().post("/v1/admin/dead-letters/x/1/replay").then().statusCode(400)
                .body("code", equalTo("InvalidParameterValue"));
        given().auth().oauth2(admin).when().get("/v1/admin/dead-letters/-1/0").then().statusCode(400)
                .body("code", equalTo("InvalidParameterValue"));
        given().auth().oauth2(admin).queryParam("nextToken", "bm90IGEgcG9zaXRpb24").when()
                .get("/v1/admin/dead-letters").then().statusCode(400).body("code", equalTo("InvalidNextToken"));
        given().auth().oauth2(TestTokens.user("123456789012")).when().get("/v1/admin/dead-letters").then()
                .statusCode(403);
    }

    /** Writes the event to the dead-letter topic as SmallRye's dead-letter strategy does. */
    private void deadLetter(EventCodec.Encoded event, String reason) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            ProducerRecord<String, String> r = new ProducerRecord<>(Topics.DEAD_LETTER, event.key(), event.json());
            r.headers().add("dead-letter-reason", reason.getBytes(StandardCharsets.UTF_8));
            r.headers().add("dead-letter-topic", event.topic().getBytes(StandardCharsets.UTF_8));
            r.headers().add("dead-letter-partition", "0".getBytes(StandardCharsets.UTF_8));
            r.headers().add("dead-letter-offset", "42".getBytes(StandardCharsets.UTF_8));
            producer.send(r).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
