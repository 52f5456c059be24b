package dev.haneul.volume.volume;

import dev.haneul.kit.Ids;
import dev.haneul.kit.error.ApiException;
import dev.haneul.kit.error.DatabaseErrors;
import dev.haneul.volume.common.Writes;
import dev.haneul.volume.config.VolumeConfig;
import dev.haneul.volume.instance.InstanceRef;
import dev.haneul.volume.volume.api.AttachVolumeRequest;
import dev.haneul.volume.volume.api.AttachmentView;
import dev.haneul.volume.volume.api.DetachVolumeRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * AttachVolume and DetachVolume. An attach is a checked change of the volume row (its version), so of two
 * concurrent attaches of one volume exactly one wins; a unique key on (instance, device) keeps a device to
 * one volume. The instance's zone, state and host come from the local instance projection. A running
 * instance's host is told through {@link HostAttachments} (attaching / detaching until it answers); a stopped
 * instance's attachment changes at once.
 */
@ApplicationScoped
public class AttachmentService {
    private static final Pattern DEVICE = Pattern.compile("/dev/sd[f-p]");
    private static final Set<String> ATTACHABLE_INSTANCE_STATES = Set.of(InstanceRef.RUNNING, InstanceRef.STOPPED);

    private final VolumeLookup volumes;
    private final VolumeConfig config;
    private final HostAttachments host;

    public AttachmentService(VolumeLookup volumes, VolumeConfig config, HostAttachments host) {
        this.volumes = volumes;
        this.config = config;
        this.host = host;
    }

    public Uni<AttachmentView> attach(String accountId, String volumeId, AttachVolumeRequest r) {
        checkInstanceId(r.instanceId());
        if (!DEVICE.matcher(r.device()).matches()) {
            throw ApiException.invalidParameter("Invalid value '" + r.device()
                    + "' for unixDevice. Data volumes attach at /dev/sdf to /dev/sdp.");
        }
        return Writes.transactionally(() -> volumes.findLive(accountId, volumeId)
                .chain(v -> instance(accountId, r.instanceId()).chain(ref -> checkAttach(v, ref, r.device()))))
                .onFailure(DatabaseErrors::isDuplicateKey).transform(e -> deviceTaken(r.device()));
    }

    public Uni<AttachmentView> detach(String accountId, String volumeId, DetachVolumeRequest r) {
        boolean force = r != null && Boolean.TRUE.equals(r.force());
        return Writes.transactionally(() -> volumes.findLive(accountId, volumeId).chain(v -> {
            if (v.instanceId == null || !Volume.IN_USE.equals(v.state)) {
                throw ApiException.conflict("IncorrectState", "Volume '" + volumeId + "' is in the '" + v.state
                        + "' state.");
            }
            if (r != null && (mismatch(r.instanceId(), v.instanceId) || mismatch(r.device(), v.device))) {
                throw ApiException.notFound("InvalidAttachment.NotFound", "Volume '" + volumeId
                        + "' is not attached to the given instance and device.");
            }
            if (!force && !Volume.ATTACHED.equals(v.attachmentState)) {
                throw ApiException.conflict("IncorrectState", "Volume '" + volumeId + "' is " + v.attachmentState
                        + "; only an attached volume can be detached (or use force).");
            }
            return InstanceRef.<InstanceRef>findById(v.instanceId).chain(ref -> {
                if (v.rootDevice && ref != null && !ref.isTerminated() && !InstanceRef.STOPPED.equals(ref.state)) {
                    throw ApiException.conflict("IncorrectState", "Unable to detach root volume '" + volumeId
                            + "' from instance '" + v.instanceId + "': the instance must be stopped.");
                }
                String instanceId = v.instanceId;
                String device = v.device;
                Instant attachTime = v.attachTime;
                boolean deleteOnTermination = v.deleteOnTermination;
                return host.detach(v, ref, force, Instant.now()).map(now -> new AttachmentView(volumeId, instanceId,
                        device, now ? "detached" : Volume.DETACHING, attachTime, deleteOnTermination));
            });
        }));
    }

    private Uni<AttachmentView> checkAttach(Volume v, InstanceRef ref, String device) {
        if (Volume.IN_USE.equals(v.state)) {
            throw ApiException.conflict("VolumeInUse", "Volume '" + v.volumeId + "' is already attached to "
                    + v.instanceId + ".");
        }
        if (!Volume.AVAILABLE.equals(v.state)) {
            throw ApiException.conflict("IncorrectState", "Volume '" + v.volumeId + "' is in the '" + v.state
                    + "' state.");
        }
        if (!ATTACHABLE_INSTANCE_STATES.contains(ref.state)) {
            throw ApiException.conflict("IncorrectInstanceState", "Instance '" + ref.instanceId
                    + "' is not 'running' or 'stopped'.");
        }
        if (!ref.availabilityZone.equals(v.availabilityZone)) {
            throw ApiException.badRequest("InvalidVolume.ZoneMismatch", "The volume '" + v.volumeId
                    + "' is not in the same availability zone as instance '" + ref.instanceId + "'.");
        }
        return Volume.<Volume>list("instanceId = ?1", ref.instanceId).chain(attached -> {
            if (attached.size() >= config.maxAttachmentsPerInstance()) {
                throw ApiException.badRequest("AttachmentLimitExceeded", "Instance '" + ref.instanceId
                        + "' already has " + attached.size() + " volumes attached.");
            }
            if (attached.stream().anyMatch(a -> device.equals(a.device))) {
                throw deviceTaken(device);
            }
            Instant now = Instant.now();
            v.attach(ref.instanceId, device, Volume.ATTACHING, now, false);
            return host.attach(v, ref, now).map(ok -> new AttachmentView(v.volumeId, ref.instanceId, device,
                    v.attachmentState, now, false));
        });
    }

    private static Uni<InstanceRef> instance(String accountId, String instanceId) {
        return InstanceRef.<InstanceRef>findById(instanceId).map(ref -> {
            if (ref == null || !ref.accountId.equals(accountId) || ref.isTerminated()) {
                throw ApiException.notFound("InvalidInstanceID.NotFound",
                        "The instance ID '" + instanceId + "' does not exist.");
            }
            return ref;
        });
    }

    private static void checkInstanceId(String instanceId) {
        if (!Ids.isWellFormed("i", instanceId)) {
            throw ApiException.badRequest("InvalidInstanceID.Malformed", "Invalid id: '" + instanceId + "'.");
        }
    }

    private static boolean mismatch(String given, String actual) {
        return given != null && !given.equals(actual);
    }

    private static ApiException deviceTaken(String device) {
        return ApiException.invalidParameter("Invalid value '" + device + "' for unixDevice. Attachment point "
                + device + " is already in use.");
    }
}
