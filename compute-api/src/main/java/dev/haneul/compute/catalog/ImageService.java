package dev.haneul.compute.catalog;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.haneul.compute.instance.Instance;
import dev.haneul.compute.instance.InstanceQueries;
import dev.haneul.compute.instance.InstanceState;
import dev.haneul.compute.instance.JsonColumns;
import dev.haneul.compute.tag.TagService;
import dev.haneul.compute.tag.TaggableResource;
import dev.haneul.compute.volume.VolumeClient;
import dev.haneul.compute.volume.VolumeClient.SnapshotOutcomeUnknown;
import dev.haneul.events.Envelope;
import dev.haneul.events.instance.AttachedVolume;
import dev.haneul.events.instance.BlockDevice;
import dev.haneul.events.volume.SnapshotCompleted;
import dev.haneul.kit.Ids;
import dev.haneul.kit.error.ApiException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Private images (CreateImage from an instance, DeregisterImage). CreateImage stores the image
 * {@code pending}, then asks volume-service for a snapshot of the instance's root volume (on the caller's
 * behalf) and keeps its id; the image becomes {@code available} when volume-service reports the snapshot
 * completed ({@code SnapshotCompleted} on volume-events). The image keeps the source image's architecture,
 * platform and default user, the instance's root device, and as its minimum root size the larger of the
 * instance's root size and the snapshot's. A launch from it creates the root volume from that snapshot.
 * Also the lookups of images for the catalogue (one visible to the account) and for {@code /v1/tags} (only the
 * account's own private images are tagged).
 */
@ApplicationScoped
public class ImageService implements TaggableResource {
    private static final Logger LOG = Logger.getLogger(ImageService.class);

    private final VolumeClient volumes;

    public ImageService(VolumeClient volumes) {
        this.volumes = volumes;
    }

    public Uni<Image> create(String accountId, String instanceId, String name, String description,
            String bearerToken) {
        if (name == null || !name.matches("[A-Za-z0-9()\\[\\] ./\\-'@_]{3,128}")) {
            throw ApiException.badRequest("InvalidAMIName.Malformed", "AMI names must be between 3 and 128"
                    + " characters long, and may contain letters, numbers, ( ) [ ] space . / - ' @ _ only.");
        }
        String imageId = Ids.newId("ami");
        Uni<Image> stored = Panache.withTransaction(() -> InstanceQueries.owned(accountId, instanceId)
                .chain(i -> Image.count("accountId = ?1 and name = ?2 and state <> 'deregistered'", accountId, name)
                        .chain(n -> {
                            if (n > 0) {
                                throw ApiException.badRequest("InvalidAMIName.Duplicate",
                                        "AMI name " + name + " is already in use by AMI owned by " + accountId);
                            }
                            if (i.state != InstanceState.RUNNING && i.state != InstanceState.STOPPED) {
                                throw ApiException.conflict("IncorrectInstanceState", "The instance '" + instanceId
                                        + "' is not in a state from which an image can be made (" + i.state.label()
                                        + ").");
                            }
                            String rootVolume = rootVolumeOf(i);
                            if (rootVolume == null) {
                                throw ApiException.conflict("IncorrectInstanceState", "The instance '" + instanceId
                                        + "' has no root volume to make an image of.");
                            }
                            return Image.<Image>findById(i.imageId).chain(source -> {
                                Image image = fromInstance(imageId, i, source, name, description, rootVolume);
                                return image.<Image>persist();
                            });
                        })));
        return stored.chain(image -> volumes.createSnapshot(image.sourceVolumeId, "Created by CreateImage("
                + instanceId + ") for " + imageId, bearerToken)
                .onFailure(SnapshotOutcomeUnknown.class).recoverWithItem(e -> {
                    // the snapshot may exist: the image stays pending, its SnapshotCompleted makes it available, and
                    // without one it fails after the snapshot deadline (ImageSnapshotDeadline); never an orphan
                    LOG.warnf("CreateImage %s: %s; the image stays pending", imageId, e.getMessage());
                    return null;
                })
                .onFailure().recoverWithUni(e -> forget(imageId, e))
                .chain(snapshot -> snapshot == null ? Uni.createFrom().item(image)
                        : Panache.withTransaction(() -> Image.<Image>findById(imageId).map(found -> {
                    if (found.snapshotId == null) {
                        found.snapshotId = snapshot.snapshotId();
                    }
                    found.minRootSizeGib = Math.max(found.minRootSizeGib, snapshot.volumeSize());
                    if ("completed".equals(snapshot.state()) && "pending".equals(found.state)) {
                        found.state = "available";
                    }
                    return found;
                }))));
    }

    /**
     * The pending images whose snapshot was never reported before {@code cutoff} (volume-service did not take it:
     * its answer was lost and no SnapshotCompleted came) become {@code failed}, at most {@code max} a call. A
     * snapshot that completes later still makes its image available ({@link #onVolumeEvent}).
     */
    public Uni<Integer> failUnsnapshotted(Instant cutoff, int max) {
        return Panache.withTransaction(() -> Image.<Image>find("state = 'pending' and snapshotId is null and "
                + "createdAt < ?1 order by createdAt", cutoff).range(0, max - 1).list().map(images -> {
                    images.forEach(i -> {
                        i.state = "failed";
                        i.stateReason = "Server.InternalError: the snapshot of " + i.sourceVolumeId
                                + " was not taken; create the image again.";
                    });
                    return images.size();
                }));
    }

    /**
     * The snapshot could not be requested: the pending image is removed and the caller gets {@code cause}
     * (volume-service's problem or a 503), also when the removal itself fails (logged; the row stays pending).
     */
    private static <T> Uni<T> forget(String imageId, Throwable cause) {
        return Panache.withTransaction(() -> Image.deleteById(imageId))
                .onFailure().invoke(e -> LOG.warnf(e, "CreateImage %s: the pending image could not be removed"
                        + " after %s", imageId, cause.toString()))
                .onItemOrFailure().transformToUni((deleted, e) -> Uni.createFrom().<T>failure(cause));
    }

    public Uni<Void> deregister(String accountId, String imageId) {
        if (!Ids.isWellFormed("ami", imageId)) {
            throw ApiException.badRequest("InvalidAMIID.Malformed", "Invalid id: \"" + imageId + "\"");
        }
        return Panache.withTransaction(() -> Image.<Image>findById(imageId).chain(image -> {
            if (image == null || !accountId.equals(image.accountId) || "deregistered".equals(image.state)) {
                throw notFound(imageId);
            }
            image.state = "deregistered";
            return TagService.deleteRows(imageId);
        }));
    }

    /**
     * volume-events: a snapshot completed. The pending image made from it becomes available; it is found by
     * the snapshot id or, when the event overtook the storing of that id, by the root volume it was taken of.
     * Other snapshots (a user's own) are not images: nothing happens.
     */
    public Uni<Void> onVolumeEvent(Envelope envelope) {
        if (!(envelope.data() instanceof SnapshotCompleted s)) {
            return Uni.createFrom().voidItem();
        }
        return Image.<Image>find("snapshotId = ?1", s.snapshotId()).firstResult()
                .chain(image -> image != null ? Uni.createFrom().item(image)
                        : Image.<Image>find("snapshotId is null and sourceVolumeId = ?1 and state in ('pending',"
                                + " 'failed') order by createdAt", s.volumeId()).firstResult())
                .map(image -> {
                    if (image != null && ("pending".equals(image.state) || "failed".equals(image.state)
                            && image.snapshotId == null)) {
                        image.snapshotId = s.snapshotId();
                        image.state = "available";
                        image.stateReason = null;
                        image.minRootSizeGib = Math.max(image.minRootSizeGib, s.volumeSizeGiB());
                    }
                    return null;
                }).replaceWithVoid();
    }

    /** An image the account may see (public, or its own and not deregistered), or 404. Needs a session. */
    public Uni<Image> visible(String accountId, String imageId) {
        if (!Ids.isWellFormed("ami", imageId)) {
            throw ApiException.badRequest("InvalidAMIID.Malformed", "Invalid id: \"" + imageId + "\"");
        }
        return Image.<Image>findById(imageId).map(i -> {
            if (i == null || (i.accountId != null && !i.accountId.equals(accountId))
                    || "deregistered".equals(i.state)) {
                throw notFound(imageId);
            }
            return i;
        });
    }

    @Override
    public String idPrefix() {
        return "ami";
    }

    @Override
    public String resourceType() {
        return TagService.IMAGE;
    }

    /** Only the account's own images are tagged: another account's is missing, a public one is refused. */
    @Override
    public Uni<Void> checkTaggable(String accountId, String imageId) {
        return Image.<Image>findById(imageId).map(image -> {
            if (image == null || "deregistered".equals(image.state)
                    || (image.accountId != null && !image.accountId.equals(accountId))) {
                throw notFound(imageId);
            }
            if (image.accountId == null) {
                throw ApiException.badRequest("UnsupportedOperation", "The image '" + imageId
                        + "' is a public image; only the account's own images can be tagged.");
            }
            return image;
        }).replaceWithVoid();
    }

    static ApiException notFound(String imageId) {
        return ApiException.notFound("InvalidAMIID.NotFound", "The image id '[" + imageId + "]' does not exist");
    }

    private static String rootVolumeOf(Instance i) {
        List<AttachedVolume> attached = JsonColumns.readList(i.volumes,
                new TypeReference<List<AttachedVolume>>() { });
        return attached.stream().filter(AttachedVolume::root).map(AttachedVolume::volumeId).findFirst()
                .orElse(null);
    }

    private static Image fromInstance(String imageId, Instance i, Image source, String name, String description,
            String rootVolume) {
        List<BlockDevice> devices = JsonColumns.readList(i.blockDevices, new TypeReference<List<BlockDevice>>() { });
        Image image = new Image();
        image.imageId = imageId;
        image.accountId = i.accountId;
        image.name = name;
        image.description = description == null ? "" : description;
        image.architecture = i.architecture;
        image.platform = source == null ? "linux" : source.platform;
        image.platformDetails = source == null ? "Linux/UNIX" : source.platformDetails;
        image.defaultUser = source == null ? "ec2-user" : source.defaultUser;
        image.rootDeviceName = i.rootDeviceName;
        image.minRootSizeGib = devices.stream().filter(BlockDevice::root).mapToInt(BlockDevice::sizeGib).findFirst()
                .orElse(source == null ? 8 : source.minRootSizeGib);
        image.sourceInstanceId = i.instanceId;
        image.sourceVolumeId = rootVolume;
        image.state = "pending";
        image.createdAt = Instant.now();
        return image;
    }
}
