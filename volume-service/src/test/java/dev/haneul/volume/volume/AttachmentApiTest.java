package dev.haneul.volume.volume;

import static dev.haneul.volume.Fixtures.AZ;
import static dev.haneul.volume.Fixtures.DEADLINE;
import static dev.haneul.volume.Fixtures.randomAccount;
import static dev.haneul.volume.Fixtures.as;
import static dev.haneul.volume.Fixtures.awaitState;
import static dev.haneul.volume.Fixtures.create;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import dev.haneul.volume.Fixtures;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** AttachVolume and DetachVolume over REST, against instances projected from instance-events. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class AttachmentApiTest {
    @KafkaBootstrap
    String bootstrap;

    private String availableVolume(String account, String zone) {
        String volumeId = create(account, "{\"availabilityZone\":\"" + zone + "\",\"size\":10}");
        awaitState(account, volumeId, "available");
        return volumeId;
    }

    private static Response attach(String account, String volumeId, String instanceId, String device) {
        return as(account).body("{\"instanceId\":\"" + instanceId + "\",\"device\":\"" + device + "\"}")
                .when().post("/v1/volumes/" + volumeId + "/attach");
    }

    @Test
    void aStoppedInstanceTakesAndGivesUpAVolumeAtOnce() {
        String account = randomAccount();
        String instanceId = Fixtures.stoppedInstance(bootstrap, account, AZ);
        String volumeId = availableVolume(account, AZ);

        attach(account, volumeId, instanceId, "/dev/sdf").then().statusCode(200)
                .body("state", equalTo("attached")).body("instanceId", equalTo(instanceId))
                .body("device", equalTo("/dev/sdf")).body("deleteOnTermination", equalTo(false));
        as(account).when().get("/v1/volumes/" + volumeId).then().body("state", equalTo("in-use"))
                .body("attachments[0].state", equalTo("attached"));
        as(account).queryParam("attachment.instanceId", instanceId).when().get("/v1/volumes").then()
                .statusCode(200).body("volumes", hasSize(2));

        as(account).body("{\"instanceId\":\"i-0123456789abcdef0\"}").when().post("/v1/volumes/" + volumeId + "/detach")
                .then().statusCode(404).body("code", equalTo("InvalidAttachment.NotFound"));
        as(account).body("{}").when().post("/v1/volumes/" + volumeId + "/detach").then().statusCode(200)
                .body("state", equalTo("detached"));
        as(account).when().get("/v1/volumes/" + volumeId).then().body("state", equalTo("available"))
                .body("attachments", hasSize(0));
        as(account).body("{}").when().post("/v1/volumes/" + volumeId + "/detach").then().statusCode(409)
                .body("code", equalTo("IncorrectState"));
    }

    @Test
    void attachRules() {
        String account = randomAccount();
        // stopped, so attachments are immediate and none is given up by the host-command timeout mid-test
        String instanceId = Fixtures.stoppedInstance(bootstrap, account, AZ);
        String volumeId = availableVolume(account, AZ);
        String otherZone = availableVolume(account, "kr-central-1b");

        attach(account, otherZone, instanceId, "/dev/sdf").then().statusCode(400)
                .body("code", equalTo("InvalidVolume.ZoneMismatch"));
        attach(account, volumeId, instanceId, "/dev/sdz").then().statusCode(400)
                .body("code", equalTo("InvalidParameterValue"));
        attach(account, volumeId, instanceId, "/dev/xvda").then().statusCode(400)
                .body("code", equalTo("InvalidParameterValue"));
        attach(account, volumeId, "i-0123456789abcdef0", "/dev/sdf").then().statusCode(404)
                .body("code", equalTo("InvalidInstanceID.NotFound"));
        attach(account, volumeId, "bogus", "/dev/sdf").then().statusCode(400)
                .body("code", equalTo("InvalidInstanceID.Malformed"));
        attach(randomAccount(), volumeId, instanceId, "/dev/sdf").then().statusCode(404)
                .body("code", equalTo("InvalidVolume.NotFound"));
        String strangersVolume;
        String stranger = randomAccount();
        strangersVolume = availableVolume(stranger, AZ);
        attach(stranger, strangersVolume, instanceId, "/dev/sdf").then().statusCode(404)
                .body("code", equalTo("InvalidInstanceID.NotFound"));
        String pending = Fixtures.newInstanceId();
        Fixtures.publish(bootstrap, Fixtures.requested(account, pending, 0, AZ, List.of(Fixtures.root("gp3", 8))));
        Awaitility.await().atMost(DEADLINE).until(() -> "pending".equals(Fixtures.instanceState(pending)));
        attach(account, volumeId, pending, "/dev/sdf").then().statusCode(409)
                .body("code", equalTo("IncorrectInstanceState"));

        attach(account, volumeId, instanceId, "/dev/sdf").then().statusCode(200);
        attach(account, volumeId, instanceId, "/dev/sdg").then().statusCode(409).body("code", equalTo("VolumeInUse"));
        as(account).when().delete("/v1/volumes/" + volumeId).then().statusCode(409).body("code", equalTo("VolumeInUse"));
        String second = availableVolume(account, AZ);
        attach(account, second, instanceId, "/dev/sdf").then().statusCode(400)
                .body("code", equalTo("InvalidParameterValue"));
        // the test profile allows 4 volumes per instance: root + sdf + sdg + sdh
        attach(account, second, instanceId, "/dev/sdg").then().statusCode(200);
        attach(account, availableVolume(account, AZ), instanceId, "/dev/sdh").then().statusCode(200);
        attach(account, availableVolume(account, AZ), instanceId, "/dev/sdi").then().statusCode(400)
                .body("code", equalTo("AttachmentLimitExceeded"));
    }

    @Test
    void rootVolumeOfARunningInstanceCannotBeDetachedButOfAStoppedOneCan() {
        String account = randomAccount();
        String instanceId = Fixtures.runningInstance(bootstrap, account, AZ);
        String rootId = as(account).queryParam("attachment.instanceId", instanceId).when().get("/v1/volumes")
                .then().statusCode(200).extract().path("volumes[0].volumeId");
        as(account).body("{\"force\":true}").when().post("/v1/volumes/" + rootId + "/detach").then().statusCode(409)
                .body("code", equalTo("IncorrectState"));
        Fixtures.publish(bootstrap, Fixtures.stopped(account, instanceId, 0, AZ));
        Awaitility.await().atMost(DEADLINE).until(() -> "stopped".equals(Fixtures.instanceState(instanceId)));
        as(account).body("{\"force\":true}").when().post("/v1/volumes/" + rootId + "/detach").then().statusCode(200)
                .body("state", equalTo("detached"));
        as(account).when().get("/v1/volumes/" + rootId).then().body("state", equalTo("available"));
    }

    @Test
    void twoConcurrentAttachesOfOneVolumeExactlyOneSucceeds() throws Exception {
        String account = randomAccount();
        String first = Fixtures.stoppedInstance(bootstrap, account, AZ);
        String second = Fixtures.stoppedInstance(bootstrap, account, AZ);
        String volumeId = availableVolume(account, AZ);

        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<Response> a = CompletableFuture.supplyAsync(() -> {
            await(go);
            return attach(account, volumeId, first, "/dev/sdf");
        });
        CompletableFuture<Response> b = CompletableFuture.supplyAsync(() -> {
            await(go);
            return attach(account, volumeId, second, "/dev/sdf");
        });
        go.countDown();
        List<Integer> statuses = List.of(a.get(60, TimeUnit.SECONDS).statusCode(), b.get(60, TimeUnit.SECONDS).statusCode());
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), "statuses " + statuses);
        assertEquals(1, statuses.stream().filter(s -> s == 409).count(), "statuses " + statuses);
        as(account).when().get("/v1/volumes/" + volumeId).then().body("attachments", hasSize(1));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
