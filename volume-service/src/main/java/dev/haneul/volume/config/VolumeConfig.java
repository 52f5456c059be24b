package dev.haneul.volume.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * How volume-service behaves: the default volume type, how long each transition of the storage back end takes
 * (transitional states end after these delays) and where volumes' data live when the hosts run real guests.
 */
@ConfigMapping(prefix = "haneul.volume")
public interface VolumeConfig {
    /** Volume type when a request names none (EC2: gp2, gp3 on newer accounts). */
    @WithDefault("gp3")
    String defaultType();

    /** creating → available. */
    @WithDefault("2s")
    Duration createDelay();

    /**
     * How long an AttachVolume / DetachVolume sent to the instance's host waits for its answer
     * (VolumeAttachedToHost / VolumeDetachedFromHost) before it is sent again.
     */
    @WithDefault("10s")
    Duration hostCommandTimeout();

    /**
     * How many times a host command is sent in all; when the last one goes unanswered too, an attach is given up
     * (the volume is available again, without the attachment) and a detach is settled as forced (detached).
     */
    @WithDefault("3")
    int hostCommandTries();

    /** At most this many modifications of one volume start within {@link #modificationWindow()} (EC2: 4 per 24 h). */
    @WithDefault("4")
    int modificationsPerWindow();

    /** The rolling window of {@link #modificationsPerWindow()}. */
    @WithDefault("24h")
    Duration modificationWindow();

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

    /**
     * The block store (see {@code BlockStoreLayout}): the directory this service shares with the hosts that run
     * real guests, where snapshots are copied from and into volumes' data. Unset: volumes and snapshots are
     * records only (the simulated fleet).
     */
    Optional<String> blockStore();

    /** Volumes attached to one instance at most, the root volume included. */
    @WithDefault("12")
    int maxAttachmentsPerInstance();

    /** The per-account quotas (defaults; an admin's {@code AccountQuotasChanged} overrides them per account). */
    Quotas quotas();

    /**
     * EC2's default per-account, per-region limits: 50 TiB of provisioned storage per volume type, 100,000
     * snapshots. Properties {@code haneul.volume.quotas.gp2-gib}, …, {@code haneul.volume.quotas.snapshots}.
     */
    interface Quotas {
        @WithDefault("51200")
        long gp2Gib();

        @WithDefault("51200")
        long gp3Gib();

        @WithDefault("51200")
        long io1Gib();

        @WithDefault("51200")
        long io2Gib();

        @WithDefault("51200")
        long st1Gib();

        @WithDefault("51200")
        long sc1Gib();

        @WithDefault("51200")
        long standardGib();

        @WithDefault("100000")
        long snapshots();

        /** The TTL of the reconciler's Redis lock (one replica reconciles at a time; renewed while a round runs). */
        @WithDefault("5m")
        Duration reconcileLease();

        /** The default limit of a quota ({@code gp2} … {@code standard} in GiB, or {@code snapshots}). */
        default long of(String quota) {
            return switch (quota) {
                case "gp2" -> gp2Gib();
                case "gp3" -> gp3Gib();
                case "io1" -> io1Gib();
                case "io2" -> io2Gib();
                case "st1" -> st1Gib();
                case "sc1" -> sc1Gib();
                case "standard" -> standardGib();
                case "snapshots" -> snapshots();
                default -> throw new IllegalArgumentException("no quota " + quota);
            };
        }
    }
}
