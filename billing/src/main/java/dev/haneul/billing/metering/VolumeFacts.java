package dev.haneul.billing.metering;

import dev.haneul.events.Envelope;
import dev.haneul.events.volume.SnapshotCompleted;
import dev.haneul.events.volume.SnapshotDeleted;
import dev.haneul.events.volume.VolumeCreated;
import dev.haneul.events.volume.VolumeDeleted;
import dev.haneul.events.volume.VolumeEvent;
import dev.haneul.events.volume.VolumeModified;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Which volume events bill, and how much:
 * <ul>
 * <li>{@code VolumeCreated} starts, {@code VolumeModified} re-rates (from its {@code at}) and {@code VolumeDeleted}
 * ends three meters of the volume, attached or not: storage ({@code sizeGiB} of {@code volumeType}), provisioned
 * IOPS (io1/io2: all of them; gp3: those above the included {@value #GP3_INCLUDED_IOPS}; other types: none) and
 * provisioned throughput (gp3: MiB/s above the included {@value #GP3_INCLUDED_THROUGHPUT}; others: none);</li>
 * <li>{@code SnapshotCompleted} starts and {@code SnapshotDeleted} ends snapshot storage ({@code volumeSizeGiB},
 * price key {@value #SNAPSHOT_PRICE_KEY}); a snapshot that never completed is never billed.</li>
 * </ul>
 * Every volume event gives all three volume facts, with quantity 0 where nothing is billable, so that a later
 * modification (gp2 to io2, say) re-rates a meter that was at 0. Attach, detach and snapshot creation bill nothing.
 */
public final class VolumeFacts {
    public static final int GP3_INCLUDED_IOPS = 3000;
    public static final int GP3_INCLUDED_THROUGHPUT = 125;
    public static final String SNAPSHOT_PRICE_KEY = "snapshot";

    private VolumeFacts() {
    }

    public static List<Fact> of(Envelope envelope) {
        if (!(envelope.data() instanceof VolumeEvent e)) {
            return List.of();
        }
        if (e instanceof VolumeCreated c) {
            return volume(envelope, c.accountId(), c.volumeId(), Fact.Kind.START, c.volumeType(), c.sizeGiB(),
                    c.iops(), c.throughput(), c.at());
        }
        if (e instanceof VolumeModified m) {
            return volume(envelope, m.accountId(), m.volumeId(), Fact.Kind.RERATE, m.volumeType(), m.sizeGiB(),
                    m.iops(), m.throughput(), m.at());
        }
        if (e instanceof VolumeDeleted d) {
            return volume(envelope, d.accountId(), d.volumeId(), Fact.Kind.END, null, 0, null, null, d.at());
        }
        if (e instanceof SnapshotCompleted s) {
            return List.of(fact(envelope, s.accountId(), s.snapshotId(), MeterKind.SNAPSHOT_STORAGE, Fact.Kind.START,
                    SNAPSHOT_PRICE_KEY, s.volumeSizeGiB(), s.at()));
        }
        if (e instanceof SnapshotDeleted s) {
            return List.of(fact(envelope, s.accountId(), s.snapshotId(), MeterKind.SNAPSHOT_STORAGE, Fact.Kind.END,
                    SNAPSHOT_PRICE_KEY, 0, s.at()));
        }
        return List.of();
    }

    /** The IOPS billed for a volume of this type: io1/io2 all, gp3 those above 3000, other types none. */
    public static int billableIops(String volumeType, Integer iops) {
        int value = iops == null ? 0 : iops;
        return switch (normalise(volumeType)) {
            case "io1", "io2" -> Math.max(0, value);
            case "gp3" -> Math.max(0, value - GP3_INCLUDED_IOPS);
            default -> 0;
        };
    }

    /** The throughput (MiB/s) billed for a volume of this type: gp3 above 125, other types none. */
    public static int billableThroughput(String volumeType, Integer throughput) {
        return "gp3".equals(normalise(volumeType)) && throughput != null
                ? Math.max(0, throughput - GP3_INCLUDED_THROUGHPUT) : 0;
    }

    private static List<Fact> volume(Envelope env, String account, String volumeId, Fact.Kind kind, String type,
            int sizeGiB, Integer iops, Integer throughput, Instant at) {
        String key = type == null ? null : normalise(type);
        return List.of(
                fact(env, account, volumeId, MeterKind.VOLUME_STORAGE, kind, key, Math.max(0, sizeGiB), at),
                fact(env, account, volumeId, MeterKind.VOLUME_IOPS, kind, key, billableIops(type, iops), at),
                fact(env, account, volumeId, MeterKind.VOLUME_THROUGHPUT, kind, key,
                        billableThroughput(type, throughput), at));
    }

    private static Fact fact(Envelope env, String account, String resourceId, MeterKind meter, Fact.Kind kind,
            String priceKey, int quantity, Instant at) {
        return new Fact(env.id(), env.type(), account, resourceId, meter, kind, priceKey, BigDecimal.valueOf(quantity),
                at, 0);
    }

    private static String normalise(String volumeType) {
        return volumeType == null ? "" : volumeType.trim().toLowerCase(Locale.ROOT);
    }
}
