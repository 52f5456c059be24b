package dev.haneul.volume.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FootprintTest {

    @Test
    void aVolumeHoldsItsSizeAgainstItsTypeUntilDeleted() {
        assertEquals(Map.of("gp3", 20L), Footprint.ofVolume("creating", "gp3", 20, null, null, null));
        assertEquals(Map.of("gp3", 20L), Footprint.ofVolume("deleting", "gp3", 20, null, null, null));
        assertEquals(Map.of(), Footprint.ofVolume("deleted", "gp3", 20, null, null, null));
    }

    @Test
    void aTypeChangeInProgressHoldsBothTypesAGrowOnlyTheNewSize() {
        assertEquals(Map.of("gp2", 30L, "gp3", 20L), Footprint.ofVolume("in-use", "gp2", 30, "modifying", "gp3", 20));
        assertEquals(Map.of("gp2", 30L, "gp3", 20L), Footprint.ofVolume("available", "gp2", 30, "optimizing", "gp3", 20));
        assertEquals(Map.of("gp2", 30L), Footprint.ofVolume("available", "gp2", 30, "completed", "gp3", 20));
        assertEquals(Map.of("gp3", 40L), Footprint.ofVolume("available", "gp3", 40, "modifying", "gp3", 20));
        assertEquals(Map.of(), Footprint.ofVolume("deleted", "gp2", 30, "modifying", "gp3", 20));
    }

    @Test
    void overrideKeys() {
        assertEquals("gp3", Footprint.quotaOf("volumeGiB.gp3"));
        assertEquals("snapshots", Footprint.quotaOf("snapshots"));
        assertNull(Footprint.quotaOf("volumeGiB.gp9"));
        assertNull(Footprint.quotaOf("vcpus"));
        assertEquals("volumeGiB.standard", Footprint.overrideKey("standard"));
    }
}
