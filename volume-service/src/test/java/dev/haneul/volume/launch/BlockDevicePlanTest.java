package dev.haneul.volume.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.events.instance.BlockDevice;
import dev.haneul.volume.Fixtures;
import dev.haneul.volume.common.VolumeRuleException;
import dev.haneul.volume.snapshot.Snapshot;
import dev.haneul.volume.volume.Volume;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlockDevicePlanTest {
    private static final String SNAP = "snap-0123456789abcdef0";

    private static List<Volume> plan(Map<String, Snapshot> snapshots, BlockDevice... devices) {
        return new BlockDevicePlan("gp3", snapshots).volumes(
                Fixtures.requested("123456789012", "i-0123456789abcdef0", 0, Fixtures.AZ, List.of(devices)),
                Instant.now());
    }

    private static Snapshot snapshot(int size) {
        Snapshot s = new Snapshot();
        s.snapshotId = SNAP;
        s.volumeSize = size;
        s.encrypted = true;
        s.state = Snapshot.COMPLETED;
        return s;
    }

    @Test
    void aSnapshotStillPendingCannotSeedAVolume() {
        Snapshot pending = snapshot(20);
        pending.state = Snapshot.PENDING;
        assertEquals("IncorrectState", assertThrows(VolumeRuleException.class, () -> plan(Map.of(SNAP, pending),
                new BlockDevice("/dev/sdf", 0, "gp3", null, null, false, false, SNAP, false))).code());
    }

    @Test
    void rootFromAnUnknownImageSnapshotIsAcceptedAndDefaultsApply() {
        List<Volume> volumes = plan(Map.of(),
                new BlockDevice("/dev/xvda", 8, null, null, null, false, true, SNAP, true));
        Volume root = volumes.get(0);
        assertEquals("gp3", root.volumeType);
        assertEquals(3000, root.iops);
        assertEquals(SNAP, root.snapshotId);
        assertEquals(Volume.IN_USE, root.state);
        assertEquals(Volume.ATTACHED, root.attachmentState);
        assertTrue(root.rootDevice && root.deleteOnTermination);
    }

    @Test
    void extraVolumeFromAKnownSnapshotTakesItsSizeAndEncryption() {
        Volume v = plan(Map.of(SNAP, snapshot(30)),
                new BlockDevice("/dev/sdf", 0, "gp2", null, null, false, false, SNAP, false)).get(0);
        assertEquals(30, v.size);
        assertTrue(v.encrypted);
    }

    @Test
    void refusals() {
        assertEquals("InvalidSnapshot.NotFound", assertThrows(VolumeRuleException.class, () -> plan(Map.of(),
                new BlockDevice("/dev/sdf", 10, "gp2", null, null, false, false, SNAP, false))).code());
        assertEquals("InvalidParameterValue", assertThrows(VolumeRuleException.class, () -> plan(
                Map.of(SNAP, snapshot(30)),
                new BlockDevice("/dev/sdf", 20, "gp2", null, null, false, false, SNAP, false))).code());
        assertEquals("InvalidParameterValue", assertThrows(VolumeRuleException.class, () -> plan(Map.of(),
                Fixtures.root("gp3", 8), Fixtures.extra("/dev/xvda", "gp2", 10, false))).code());
        assertEquals("VolumeTypeNotSupported", assertThrows(VolumeRuleException.class, () -> plan(Map.of(),
                Fixtures.root("sc1", 500))).code());
        assertEquals("MissingParameter", assertThrows(VolumeRuleException.class, () -> plan(Map.of(),
                new BlockDevice("/dev/sdf", 0, "io1", null, null, false, false, null, false))).code());
    }
}
