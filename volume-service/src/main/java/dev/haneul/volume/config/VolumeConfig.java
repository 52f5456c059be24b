package dev.haneul.volume.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How volume-service behaves: the default volume type and how long the simulated storage back end takes
 * for each transition (there is no real block storage yet, so transitional states end after these delays).
 */
@ConfigMapping(prefix = "haneul.volume")
public interface VolumeConfig {
    /** Volume type when a request names none (EC2: gp2, gp3 on newer accounts). */
    @WithDefault("gp3")
    String defaultType();

    /** creating → available. */
    @WithDefault("2s")
    Duration createDelay();

    /** attachment attaching → attached. */
    @WithDefault("1s")
    Duration attachDelay();

    /** attachment detaching → detached (the volume becomes available). */
    @WithDefault("1s")
    Duration detachDelay();

    /** deleting → deleted. */
    @WithDefault("1s")
    Duration deleteDelay();

    /** A snapshot stays pending this many milliseconds per GiB of its volume (at least one tick). */
    @WithDefault("20")
    long snapshotMillisPerGib();

    /**
     * A modification takes this many milliseconds per GiB of the target size (at least one tick): modifying
     * for the first half, optimizing for the second.
     */
    @WithDefault("20")
    long modifyMillisPerGib();

    /** How often transitional states are advanced. */
    @WithDefault("0.5s")
    Duration tick();

    /** How long a deleted volume stays visible to describe. */
    @WithDefault("1h")
    Duration deletedRetention();

    /** Volumes attached to one instance at most, the root volume included. */
    @WithDefault("12")
    int maxAttachmentsPerInstance();
}
