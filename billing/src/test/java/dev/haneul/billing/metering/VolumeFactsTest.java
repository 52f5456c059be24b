package dev.haneul.billing.metering;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.haneul.events.EventCodec;
import dev.haneul.events.network.ElasticIpAssociated;
import dev.haneul.events.network.PublicIpAcquired;
import dev.haneul.events.network.PublicIpReleased;
import dev.haneul.events.volume.SnapshotCompleted;
import dev.haneul.events.volume.SnapshotCreated;
import dev.haneul.events.volume.VolumeAttached;
import dev.haneul.events.volume.VolumeCreated;
import dev.haneul.events.volume.VolumeDeleted;
import dev.haneul.events.HaneulEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class VolumeFactsTest {
    static final Instant AT = Instant.parse("2026-11-10T00:00:00Z");

    static List<Fact> volume(HaneulEvent e) {
        return VolumeFacts.of(EventCodec.decode(EventCodec.encode("volume-service", e).json()));
    }

    static List<Fact> network(HaneulEvent e) {
        return NetworkFacts.of(EventCodec.decode(EventCodec.encode("network-service", e).json()));
    }

    static VolumeCreated created(String type, int size, Integer iops, Integer throughput) {
        return new VolumeCreated("123456789012", "vol-1", "kr-central-1a", type, size, iops, throughput, false, null,
                null, AT);
    }

    static List<Integer> quantities(List<Fact> facts) {
        return facts.stream().map(f -> f.quantity().intValueExact()).toList();
    }

    @Test
    void provisionedIopsAndThroughputAreBilledAboveWhatTheTypeIncludes() {
        // storage GiB, billable IOPS, billable MiB/s
        assertEquals(List.of(100, 1000, 125), quantities(volume(created("gp3", 100, 4000, 250))));
        assertEquals(List.of(100, 0, 0), quantities(volume(created("gp3", 100, 3000, 125))));
        assertEquals(List.of(8, 0, 0), quantities(volume(created("gp3", 8, null, null))));
        assertEquals(List.of(100, 5000, 0), quantities(volume(created("io1", 100, 5000, null))));
        assertEquals(List.of(100, 64000, 0), quantities(volume(created("io2", 100, 64000, null))));
        assertEquals(List.of(100, 0, 0), quantities(volume(created("gp2", 100, 300, null))));
        assertEquals(List.of(500, 0, 0), quantities(volume(created("st1", 500, null, 500))));
        List<Fact> facts = volume(created("gp3", 100, 4000, 250));
        assertEquals(List.of(MeterKind.VOLUME_STORAGE, MeterKind.VOLUME_IOPS, MeterKind.VOLUME_THROUGHPUT),
                facts.stream().map(Fact::meterKind).toList());
        assertEquals(3, facts.stream().map(Fact::id).distinct().count());
        assertEquals(List.of(Fact.Kind.END, Fact.Kind.END, Fact.Kind.END),
                volume(new VolumeDeleted("123456789012", "vol-1", AT)).stream().map(Fact::kind).toList());
    }

    @Test
    void snapshotsBillFromCompletionAndAttachmentsBillNothing() {
        assertEquals(List.of(), volume(new SnapshotCreated("123456789012", "snap-1", "vol-1", 100, AT)));
        assertEquals(List.of(), volume(new VolumeAttached("123456789012", "vol-1", "i-1", "/dev/sdf", AT)));
        List<Fact> completed = volume(new SnapshotCompleted("123456789012", "snap-1", "vol-1", 100, AT));
        assertEquals(1, completed.size());
        assertEquals(MeterKind.SNAPSHOT_STORAGE, completed.get(0).meterKind());
        assertEquals("snap-1", completed.get(0).resourceId());
        assertEquals(new BigDecimal("100"), completed.get(0).quantity());
    }

    @Test
    void publicIpv4IsBilledPerLeaseWhateverItsKind() {
        List<Fact> auto = network(new PublicIpAcquired("123456789012", "lease-1", "203.0.113.5", "auto", null, "i-1",
                AT));
        List<Fact> elastic = network(new PublicIpReleased("123456789012", "eipalloc-1", "203.0.113.6", "elastic",
                "eipalloc-1", null, AT));
        assertEquals("lease-1", auto.get(0).resourceId());
        assertEquals(Fact.Kind.START, auto.get(0).kind());
        assertEquals("eipalloc-1", elastic.get(0).resourceId());
        assertEquals(Fact.Kind.END, elastic.get(0).kind());
        assertEquals(List.of(), network(new ElasticIpAssociated("123456789012", "eipalloc-1", "eipassoc-1",
                "203.0.113.6", "i-1", "eni-1", "10.0.0.5", AT)));
    }
}
