package dev.haneul.compute;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.haneul.events.Envelope;
import dev.haneul.events.Topics;
import dev.haneul.events.host.BootInstance;
import dev.haneul.events.instance.InstanceRequested;
import dev.haneul.events.instance.InstanceScheduled;
import dev.haneul.events.instance.InstanceTerminated;
import dev.haneul.testing.EventProbe;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, defect 2: a launch whose steps never answer does not stay pending forever. Its
 * {@code InstanceRequested} is published again after the step timeout (short here), and after the last try the
 * instance ends terminated with {@code Server.InternalError}; an answer that comes to the repeated request lets the
 * launch go on. The participants are this test, over the real broker.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@TestProfile(StepDeadlineTest.ShortDeadline.class)
class StepDeadlineTest {
    static final int TRIES = 4;

    /**
     * Four requests, two seconds apart: a test that answers the second one has two more periods of slack before
     * the launch is given up, however slowly the machine runs.
     */
    public static class ShortDeadline implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("haneul.saga.step-timeout", "2s", "haneul.saga.step-tries", String.valueOf(TRIES));
        }
    }

    @KafkaBootstrap
    String kafka;

    private static List<Envelope> requests(List<Envelope> events, String id) {
        return events.stream().filter(e -> e.data() instanceof InstanceRequested r && r.instanceId().equals(id))
                .toList();
    }

    @Test
    void aLaunchNobodyAnswersIsAskedAgainThenEndsTerminatedNamingWhoNeverAnswered() {
        SagaDriver saga = new SagaDriver(kafka);
        try (EventProbe instanceEvents = new EventProbe(kafka, Topics.INSTANCE_EVENTS)) {
            String id = saga.launchId(Map.of("imageId", SagaDriver.UBUNTU, "instanceType", "t3.micro"));
            // only the scheduler answers
            EventProbe.publish(kafka, "scheduler", new InstanceScheduled(saga.account, id, 0, Instant.now(), "host-1",
                    "kr-central-1a", "t3.micro", 2, 1024));
            List<Envelope> events = instanceEvents.awaitEvents(SagaDriver.WAIT, es -> es.stream()
                    .anyMatch(e -> e.data() instanceof InstanceTerminated t && t.instanceId().equals(id)));
            List<Envelope> requests = requests(events, id);
            assertEquals(TRIES, requests.size(), "the launch's request, then one per timeout");
            Set<String> ids = requests.stream().map(Envelope::id).collect(Collectors.toSet());
            assertEquals(TRIES, ids.size(), "new events, not redeliveries the participants would drop");
            requests.forEach(e -> assertEquals(0, ((InstanceRequested) e.data()).attempt()));

            InstanceTerminated t = events.stream().map(Envelope::data).filter(InstanceTerminated.class::isInstance)
                    .map(InstanceTerminated.class::cast).filter(x -> x.instanceId().equals(id)).findFirst()
                    .orElseThrow();
            assertEquals("Server.InternalError", t.stateReason());
            given().auth().oauth2(saga.token).when().get("/v1/instances/" + id).then().statusCode(200)
                    .body("state.name", equalTo("terminated"))
                    .body("stateReason.code", equalTo("Server.InternalError"))
                    .body("stateReason.message", equalTo("Server.InternalError: The launch did not complete: no "
                            + "answer from network-service, volume-service after " + TRIES + " requests."));
        }
    }

    @Test
    void answersToTheRepeatedRequestLetTheLaunchRun() {
        SagaDriver saga = new SagaDriver(kafka);
        try (EventProbe instanceEvents = new EventProbe(kafka, Topics.INSTANCE_EVENTS);
                EventProbe hostCommands = new EventProbe(kafka, Topics.HOST_COMMANDS)) {
            String id = saga.launchId(Map.of("imageId", SagaDriver.UBUNTU, "instanceType", "t3.micro"));
            // the first request's answers are lost: nobody answers until it is asked again
            instanceEvents.awaitEvents(SagaDriver.WAIT, es -> requests(es, id).size() == 2);
            saga.run(id, 0, "host-2", null);
            hostCommands.awaitEvents(SagaDriver.WAIT, es -> EventProbe.ofType(es, BootInstance.class).stream()
                    .anyMatch(b -> b.instanceId().equals(id) && b.hostId().equals("host-2")));
            saga.awaitState(id, "running");
        }
    }
}
