package dev.haneul.volume.volume;

import static dev.haneul.volume.Fixtures.AZ;
import static dev.haneul.volume.Fixtures.DEADLINE;
import static dev.haneul.volume.Fixtures.as;
import static dev.haneul.volume.Fixtures.availableVolume;
import static dev.haneul.volume.Fixtures.randomAccount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.haneul.events.Envelope;
import dev.haneul.events.Topics;
import dev.haneul.events.volume.SnapshotCompleted;
import dev.haneul.events.volume.SnapshotCreated;
import dev.haneul.events.volume.SnapshotDeleted;
import dev.haneul.events.volume.VolumeCreated;
import dev.haneul.events.volume.VolumeDeleted;
import dev.haneul.events.volume.VolumeEvent;
import dev.haneul.events.volume.VolumeModified;
import dev.haneul.testing.EventProbe;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import dev.haneul.volume.Fixtures;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** What billing meters: the volume-events of a volume's and a snapshot's life, driven over REST. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class VolumeEventsTest {
    @KafkaBootstrap
    String bootstrap;

    private static List<VolumeEvent> of(List<Envelope> events, String subject) {
        return events.stream().filter(e -> subject.equals(e.subject())).map(Envelope::data)
                .filter(VolumeEvent.class::isInstance).map(VolumeEvent.class::cast).toList();
    }

    @Test
    void aVolumesLifeIsCreatedModifiedDeletedExactlyOnce() {
        String account = randomAccount();
        try (EventProbe probe = new EventProbe(bootstrap, Topics.VOLUME_EVENTS)) {
            String volumeId = as(account).body("{\"availabilityZone\":\"" + AZ + "\",\"size\":100,"
                    + "\"volumeType\":\"gp3\",\"iops\":4000,\"throughput\":200}").when().post("/v1/volumes").then()
                    .statusCode(201).extract().path("volumeId");
            Fixtures.awaitState(account, volumeId, "available");
            as(account).body("{\"size\":200,\"volumeType\":\"io2\",\"iops\":5000}").when()
                    .patch("/v1/volumes/" + volumeId).then().statusCode(200);
            Awaitility.await().atMost(DEADLINE).until(() -> "completed".equals(as(account).when()
                    .get("/v1/volumes/" + volumeId + "/modification").then().extract().path("modificationState")));
            as(account).when().delete("/v1/volumes/" + volumeId).then().statusCode(204);
            Fixtures.awaitState(account, volumeId, "deleted");

            List<VolumeEvent> life = of(probe.awaitEvents(DEADLINE, es -> of(es, volumeId).stream()
                    .anyMatch(VolumeDeleted.class::isInstance)), volumeId);
            assertEquals(List.of(VolumeCreated.class, VolumeModified.class, VolumeDeleted.class),
                    life.stream().map(Object::getClass).toList());
            VolumeCreated created = (VolumeCreated) life.get(0);
            assertEquals(account, created.accountId());
            assertEquals("gp3", created.volumeType());
            assertEquals(100, created.sizeGiB());
            assertEquals(4000, created.iops());
            assertEquals(200, created.throughput());
            assertEquals(AZ, created.availabilityZone());
            assertNull(created.instanceId());
            VolumeModified modified = (VolumeModified) life.get(1);
            assertEquals("io2", modified.volumeType());
            assertEquals(200, modified.sizeGiB());
            assertEquals(5000, modified.iops());
            assertNull(modified.throughput());
            // nothing more comes for it (a later event of another volume has been seen meanwhile)
            String marker = availableVolume(account, AZ, 1);
            List<Envelope> all = probe.awaitEvents(DEADLINE, es -> !of(es, marker).isEmpty());
            assertEquals(3, of(all, volumeId).size());
        }
    }

    @Test
    void aSnapshotsLifeIsCreatedCompletedDeleted() {
        String account = randomAccount();
        String volumeId = availableVolume(account, AZ, 30);
        try (EventProbe probe = new EventProbe(bootstrap, Topics.VOLUME_EVENTS)) {
            String snapshotId = as(account).body("{\"volumeId\":\"" + volumeId + "\"}").when().post("/v1/snapshots")
                    .then().statusCode(201).extract().path("snapshotId");
            Awaitility.await().atMost(DEADLINE).until(() -> "completed".equals(as(account).when()
                    .get("/v1/snapshots/" + snapshotId).then().extract().path("state")));
            as(account).when().delete("/v1/snapshots/" + snapshotId).then().statusCode(204);

            List<VolumeEvent> life = of(probe.awaitEvents(DEADLINE, es -> of(es, snapshotId).stream()
                    .anyMatch(SnapshotDeleted.class::isInstance)), snapshotId);
            assertEquals(List.of(SnapshotCreated.class, SnapshotCompleted.class, SnapshotDeleted.class),
                    life.stream().map(Object::getClass).toList());
            SnapshotCompleted completed = (SnapshotCompleted) life.get(1);
            assertEquals(volumeId, completed.volumeId());
            assertEquals(30, completed.volumeSizeGiB());
            assertEquals(account, completed.accountId());
        }
    }
}
