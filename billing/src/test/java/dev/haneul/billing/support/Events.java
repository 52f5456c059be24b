package dev.haneul.billing.support;

import dev.haneul.events.EventCodec;
import dev.haneul.events.HaneulEvent;
import dev.haneul.events.instance.InstanceRunning;
import dev.haneul.events.instance.InstanceStopping;
import dev.haneul.events.instance.InstanceTerminated;
import dev.haneul.events.network.ElasticIpAssociated;
import dev.haneul.events.network.PublicIpAcquired;
import dev.haneul.events.network.PublicIpReleased;
import dev.haneul.events.volume.SnapshotCompleted;
import dev.haneul.events.volume.SnapshotCreated;
import dev.haneul.events.volume.SnapshotDeleted;
import dev.haneul.events.volume.VolumeAttached;
import dev.haneul.events.volume.VolumeCreated;
import dev.haneul.events.volume.VolumeDeleted;
import dev.haneul.events.volume.VolumeModified;
import dev.haneul.kit.Ids;
import dev.haneul.testing.EventProbe;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;

/** Builds and publishes lifecycle events the way compute-api's, volume-service's and network-service's relays would. */
public final class Events {
    private static final Random RANDOM = new Random();

    private Events() {
    }

    public static String account() {
        return String.valueOf(100_000_000_000L + (long) (RANDOM.nextDouble() * 899_999_999_999L));
    }

    public static String instanceId() {
        return Ids.newId("i");
    }

    public static EventCodec.Encoded running(String account, String instance, int attempt, String type, Instant at) {
        return encode(new InstanceRunning(account, instance, attempt, at, type, "kr-central-1a", "host-1",
                "10.0.0.5", null), at);
    }

    public static EventCodec.Encoded stopping(String account, String instance, int attempt, String type, Instant at) {
        return encode(new InstanceStopping(account, instance, attempt, at, type, "kr-central-1a", "host-1",
                "Client.UserInitiatedShutdown"), at);
    }

    public static EventCodec.Encoded terminated(String account, String instance, int attempt, String type,
            Instant at) {
        return encode(new InstanceTerminated(account, instance, attempt, at, type, "kr-central-1a", "host-1",
                "Client.UserInitiatedShutdown", "terminated"), at);
    }

    public static EventCodec.Encoded volumeCreated(String account, String volume, String type, int sizeGiB,
            Integer iops, Integer throughput, Instant at) {
        return encode(new VolumeCreated(account, volume, "kr-central-1a", type, sizeGiB, iops, throughput, false, null,
                null, at), at);
    }

    public static EventCodec.Encoded volumeModified(String account, String volume, String type, int sizeGiB,
            Integer iops, Integer throughput, Instant at) {
        return encode(new VolumeModified(account, volume, type, sizeGiB, iops, throughput, at), at);
    }

    public static EventCodec.Encoded volumeAttached(String account, String volume, String instance, Instant at) {
        return encode(new VolumeAttached(account, volume, instance, "/dev/sdf", at), at);
    }

    public static EventCodec.Encoded volumeDeleted(String account, String volume, Instant at) {
        return encode(new VolumeDeleted(account, volume, at), at);
    }

    public static EventCodec.Encoded snapshotCreated(String account, String snapshot, String volume, int sizeGiB,
            Instant at) {
        return encode(new SnapshotCreated(account, snapshot, volume, sizeGiB, at), at);
    }

    public static EventCodec.Encoded snapshotCompleted(String account, String snapshot, String volume, int sizeGiB,
            Instant at) {
        return encode(new SnapshotCompleted(account, snapshot, volume, sizeGiB, at), at);
    }

    public static EventCodec.Encoded snapshotDeleted(String account, String snapshot, Instant at) {
        return encode(new SnapshotDeleted(account, snapshot, at), at);
    }

    /** An elastic IP's lease: {@code leaseId} is its allocation id. */
    public static EventCodec.Encoded elasticIpAllocated(String account, String allocationId, Instant at) {
        return encode(new PublicIpAcquired(account, allocationId, "203.0.113.10", "elastic", allocationId, null, at),
                at);
    }

    public static EventCodec.Encoded elasticIpReleased(String account, String allocationId, Instant at) {
        return encode(new PublicIpReleased(account, allocationId, "203.0.113.10", "elastic", allocationId, null, at),
                at);
    }

    public static EventCodec.Encoded elasticIpAssociated(String account, String allocationId, String instance,
            Instant at) {
        return encode(new ElasticIpAssociated(account, allocationId, "eipassoc-" + allocationId.substring(9),
                "203.0.113.10", instance, "eni-1", "10.0.0.5", at), at);
    }

    /** An auto-assigned public IP of an instance, a new lease per assignment. */
    public static EventCodec.Encoded autoIpAcquired(String account, String leaseId, String instance, Instant at) {
        return encode(new PublicIpAcquired(account, leaseId, "203.0.113.20", "auto", null, instance, at), at);
    }

    public static EventCodec.Encoded autoIpReleased(String account, String leaseId, String instance, Instant at) {
        return encode(new PublicIpReleased(account, leaseId, "203.0.113.20", "auto", null, instance, at), at);
    }

    public static String id(String prefix) {
        return Ids.newId(prefix);
    }

    public static void send(String bootstrap, EventCodec.Encoded e) {
        EventProbe.send(bootstrap, e.topic(), e.key(), e.json());
    }

    private static EventCodec.Encoded encode(HaneulEvent event, Instant at) {
        return EventCodec.encode(UUID.randomUUID().toString(), "compute-api", event, at);
    }
}
