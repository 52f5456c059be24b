package dev.haneul.volume.volume;

import dev.haneul.kit.error.ApiException;
import dev.haneul.kit.messaging.Outbox;
import dev.haneul.volume.quota.QuotaExceeded;
import dev.haneul.volume.quota.QuotaWrites;
import dev.haneul.volume.quota.VolumeQuotas.Claim;
import dev.haneul.volume.volume.api.ModifyVolumeRequest;
import dev.haneul.volume.volume.api.VolumeModificationView;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import dev.haneul.volume.config.VolumeConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * ModifyVolume: grow the size, change the type, IOPS or throughput within the type's rules, one
 * modification at a time (modifying → optimizing → completed; {@code IncorrectModificationState}), at most
 * {@code modifications-per-window} per rolling {@code modification-window} ({@code VolumeModificationRateExceeded}).
 * The new values apply, and are billed ({@code VolumeModified}), from the start of the modification. The target
 * configuration is reserved against the account's quota of its type before it starts ({@code VolumeLimitExceeded});
 * after a type change the original type's GiB are held until the modification completes ({@code Progression}).
 */
@ApplicationScoped
public class ModificationService {
    public static final String MODIFYING = "modifying";
    public static final String OPTIMIZING = "optimizing";
    public static final String COMPLETED = "completed";
    private static final Set<String> MODIFIABLE = Set.of(Volume.AVAILABLE, Volume.IN_USE);

    private final VolumeLookup volumes;
    private final VolumeConfig config;
    private final Outbox outbox;
    private final ModificationRate rate;
    private final QuotaWrites writes;

    public ModificationService(VolumeLookup volumes, VolumeConfig config, Outbox outbox, QuotaWrites writes) {
        this.volumes = volumes;
        this.writes = writes;
        this.config = config;
        this.outbox = outbox;
        this.rate = new ModificationRate(config.modificationsPerWindow(), config.modificationWindow());
    }

    public Uni<VolumeModificationView> modify(String accountId, String volumeId, ModifyVolumeRequest r) {
        // the account's row first (quota share lock), then the volume's row (one modification at a time)
        // the account's row first (quota share lock), then the volume's row (one modification at a time); the
        // target holds its GiB against its type (for a grow of the same type, the volume's amount grows)
        return writes.transactionally(accountId, quota -> {
            Instant now = Instant.now();
            return quota.enter()
                    .chain(() -> volumes.findLiveForUpdate(accountId, volumeId))
                    .chain(v -> check(v, r, now).chain(target -> quota
                            .reserve(List.of(new Claim(target.volumeType(), v.volumeId, target.size())))
                            .onFailure(QuotaExceeded.class).transform(VolumeService::refused)
                            .map(ok -> start(v, target, now))))
                    .call(v -> outbox.publish(VolumeEvents.modified(v, v.modificationStart)));
        }).map(VolumeModificationView::of);
    }

    /** The target configuration, if the volume may be modified to it now. */
    private Uni<VolumeSpec> check(Volume v, ModifyVolumeRequest r, Instant now) {
        String volumeId = v.volumeId;
        return Uni.createFrom().item(() -> {
            if (!MODIFIABLE.contains(v.state)) {
                throw ApiException.conflict("IncorrectState",
                        "The volume '" + volumeId + "' is in the '" + v.state + "' state.");
            }
            if (MODIFYING.equals(v.modificationState) || OPTIMIZING.equals(v.modificationState)) {
                throw ApiException.conflict("IncorrectModificationState", "The volume '" + volumeId
                        + "' is already being modified (" + v.modificationState + ").");
            }
            if (!rate.allows(v.recentModifications, now)) {
                throw ApiException.badRequest("VolumeModificationRateExceeded", "You've reached the maximum "
                        + "modification rate per volume limit (" + rate.max() + " per " + window()
                        + "). Volume '" + volumeId + "' can be modified again after "
                        + rate.nextAllowed(v.recentModifications, now) + ".");
            }
            VolumeSpec target = target(v, r);
            if (v.rootDevice && !VolumeRules.canBoot(target.volumeType())) {
                throw ApiException.invalidParameter("A boot volume cannot be of type " + target.volumeType() + ".");
            }
            if (target.equals(new VolumeSpec(v.volumeType, v.size, v.iops, v.throughput))) {
                throw ApiException.invalidParameter("The modification does not change the volume.");
            }
            return target;
        });
    }

    /** Starts the modification: the volume takes the target configuration, the original is kept alongside. */
    private Volume start(Volume v, VolumeSpec target, Instant now) {
        v.originalSize = v.size;
        v.originalVolumeType = v.volumeType;
        v.originalIops = v.iops;
        v.originalThroughput = v.throughput;
        v.apply(target);
        v.modificationState = MODIFYING;
        v.recentModifications = rate.record(v.recentModifications, now);
        Duration takes = Duration.ofMillis(Math.max(config.tick().toMillis(), config.modifyMillisPerGib() * v.size));
        v.modificationStart = now;
        v.modificationOptimizingAt = now.plus(takes.dividedBy(2));
        v.modificationCompleteAt = now.plus(takes);
        v.modificationEnd = null;
        return v;
    }

    private String window() {
        Duration w = rate.window();
        return w.toMinutesPart() == 0 && w.toSecondsPart() == 0 && w.toHours() > 0 ? w.toHours() + " hours"
                : w.toSeconds() + " seconds";
    }

    public Uni<VolumeModificationView> latest(String accountId, String volumeId) {
        return Panache.withSession(() -> volumes.find(accountId, volumeId)).map(v -> {
            if (v.modificationState == null) {
                throw ApiException.notFound("InvalidVolumeModification.NotFound",
                        "The volume '" + volumeId + "' has not been modified.");
            }
            return VolumeModificationView.of(v);
        });
    }

    private static VolumeSpec target(Volume v, ModifyVolumeRequest r) {
        int size = r.size() == null ? v.size : r.size();
        if (size < v.size) {
            throw ApiException.invalidParameter("The size of volume '" + v.volumeId + "' cannot shrink from "
                    + v.size + " GiB to " + size + " GiB.");
        }
        String type = r.volumeType() == null ? v.volumeType : r.volumeType();
        boolean sameType = Objects.equals(type, v.volumeType);
        // unchanged performance carries over where the type lets the user choose it
        Integer iops = r.iops() != null ? r.iops()
                : sameType && Set.of("gp3", "io1", "io2").contains(type) ? v.iops : null;
        Integer throughput = r.throughput() != null ? r.throughput() : sameType && "gp3".equals(type) ? v.throughput : null;
        return VolumeService.rules(type, size, iops, throughput);
    }
}
