package dev.haneul.volume.volume;

import dev.haneul.events.host.AttachVolume;
import dev.haneul.events.host.DetachVolume;
import dev.haneul.events.host.VolumeAttachedToHost;
import dev.haneul.events.host.VolumeDetachedFromHost;
import dev.haneul.kit.messaging.Outbox;
import dev.haneul.volume.config.VolumeConfig;
import dev.haneul.volume.instance.InstanceRef;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The host side of attachments. An attach to (or detach from) a running instance sends {@code AttachVolume} /
 * {@code DetachVolume} to the instance's host (outbox, {@code host-commands}, keyed by host id) and the
 * attachment stays {@code attaching} / {@code detaching} until the host answers {@code VolumeAttachedToHost} /
 * {@code VolumeDetachedFromHost}. An unanswered command is sent again after {@code host-command-timeout}, up to
 * {@code host-command-tries} times in all; then an attach is given up (the volume is available, without the
 * attachment) and a detach is settled as forced (detached). An instance that is not running needs no host: the
 * change is immediate. Every method runs inside the caller's transaction.
 */
@ApplicationScoped
public class HostAttachments {
    private static final Logger LOG = Logger.getLogger(HostAttachments.class);

    private final Outbox outbox;
    private final VolumeConfig config;

    public HostAttachments(Outbox outbox, VolumeConfig config) {
        this.outbox = outbox;
        this.config = config;
    }

    /** {@code v} was just given its attachment to {@code ref} at {@code v.device}. */
    public Uni<Void> attach(Volume v, InstanceRef ref, Instant now) {
        if (ref.isOnHost()) {
            v.attachmentState = Volume.ATTACHING;
            v.hostCommandTries = 1;
            v.transitionAt = now.plus(config.hostCommandTimeout());
            return outbox.publish(attachCommand(v, ref));
        }
        v.attachmentState = Volume.ATTACHED;
        return outbox.publish(VolumeEvents.attached(v, now));
    }

    /**
     * Detaches {@code v} from its instance ({@code ref} may be null when the instance is unknown). Returns true
     * when the volume is detached at once, false when the host has to answer first.
     */
    public Uni<Boolean> detach(Volume v, InstanceRef ref, boolean force, Instant now) {
        if (ref != null && ref.isOnHost() && ref.instanceId.equals(v.instanceId)) {
            v.attachmentState = Volume.DETACHING;
            v.detachForce = force;
            v.hostCommandTries = 1;
            v.transitionAt = now.plus(config.hostCommandTimeout());
            return outbox.publish(detachCommand(v, ref, force)).replaceWith(false);
        }
        return detachNow(v, now).replaceWith(true);
    }

    /** The host attached the volume: the attachment is {@code attached}. Late or foreign answers are ignored. */
    public Uni<Void> onAttached(VolumeAttachedToHost e) {
        return Volume.<Volume>findById(e.volumeId()).chain(v -> {
            if (v == null || !Volume.ATTACHING.equals(v.attachmentState) || !e.instanceId().equals(v.instanceId)
                    || !e.device().equals(v.device)) {
                LOG.debugf("ignoring %s of %s at %s: no such attach pending", "VolumeAttachedToHost", e.volumeId(),
                        e.device());
                return Uni.createFrom().voidItem();
            }
            v.attachmentState = Volume.ATTACHED;
            v.hostCommandTries = 0;
            v.transitionAt = null;
            return outbox.publish(VolumeEvents.attached(v, e.at()));
        });
    }

    /** The host detached the volume: it is {@code available}. Late or foreign answers are ignored. */
    public Uni<Void> onDetached(VolumeDetachedFromHost e) {
        return Volume.<Volume>findById(e.volumeId()).chain(v -> {
            if (v == null || !Volume.DETACHING.equals(v.attachmentState) || !e.instanceId().equals(v.instanceId)) {
                LOG.debugf("ignoring VolumeDetachedFromHost of %s: no such detach pending", e.volumeId());
                return Uni.createFrom().voidItem();
            }
            return detachNow(v, e.at());
        });
    }

    /** Sends again, or settles, the unanswered host commands due at {@code now}. */
    public Uni<Void> resendDue(Instant now, int batch) {
        return Volume.<Volume>find("attachmentState in ?1 and transitionAt <= ?2",
                        List.of(Volume.ATTACHING, Volume.DETACHING), now).page(0, batch).list()
                .chain(due -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Volume v : due) {
                        chain = chain.chain(() -> InstanceRef.<InstanceRef>findById(v.instanceId)
                                .chain(ref -> onDue(v, ref, now)));
                    }
                    return chain;
                });
    }

    private Uni<Void> onDue(Volume v, InstanceRef ref, Instant now) {
        boolean attaching = Volume.ATTACHING.equals(v.attachmentState);
        boolean onHost = ref != null && ref.isOnHost();
        if (onHost && v.hostCommandTries < config.hostCommandTries()) {
            v.hostCommandTries++;
            v.transitionAt = now.plus(config.hostCommandTimeout());
            LOG.infof("%s of %s on %s unanswered; sending it again (try %d of %d)", attaching ? "AttachVolume"
                    : "DetachVolume", v.volumeId, ref.hostId, v.hostCommandTries, config.hostCommandTries());
            return outbox.publish(attaching ? attachCommand(v, ref) : detachCommand(v, ref, v.detachForce));
        }
        if (attaching && onHost) {
            LOG.warnf("AttachVolume of %s to %s never answered; the attach is given up", v.volumeId, v.instanceId);
            v.detach();
            return Uni.createFrom().voidItem();
        }
        if (attaching) {
            // the instance stopped meanwhile: a stopped instance takes the volume without its host
            v.attachmentState = Volume.ATTACHED;
            v.hostCommandTries = 0;
            v.transitionAt = null;
            return outbox.publish(VolumeEvents.attached(v, now));
        }
        if (onHost) {
            LOG.warnf("DetachVolume of %s from %s never answered; settled as a forced detach", v.volumeId,
                    v.instanceId);
        }
        return detachNow(v, now);
    }

    private Uni<Void> detachNow(Volume v, Instant at) {
        Uni<Void> announce = v.isAnnouncedAttached() ? outbox.publish(VolumeEvents.detached(v, at))
                : Uni.createFrom().voidItem();
        return announce.invoke(v::detach);
    }

    private static AttachVolume attachCommand(Volume v, InstanceRef ref) {
        return new AttachVolume(ref.hostId, v.instanceId, v.accountId, ref.attempt, v.volumeId, v.device,
                v.size);
    }

    private static DetachVolume detachCommand(Volume v, InstanceRef ref, boolean force) {
        return new DetachVolume(ref.hostId, v.instanceId, v.accountId, ref.attempt, v.volumeId, v.device, force);
    }
}
