package dev.haneul.compute.catalog;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.haneul.compute.instance.Instance;
import dev.haneul.compute.instance.InstanceQueries;
import dev.haneul.compute.instance.InstanceState;
import dev.haneul.compute.saga.InstanceLifecycle;
import dev.haneul.events.instance.BlockDevice;
import dev.haneul.kit.Ids;
import dev.haneul.kit.error.ApiException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Private images (CreateImage from an instance, DeregisterImage). A new image is {@code pending} while its
 * root snapshot is taken (modelled as a short delay) and then {@code available}; it keeps the source image's
 * architecture, platform and default user, and the instance's root device and size as its minimum.
 */
@ApplicationScoped
public class ImageService {
    private final Duration buildTime;

    public ImageService(@ConfigProperty(name = "haneul.images.build-time", defaultValue = "10s") Duration buildTime) {
        this.buildTime = buildTime;
    }

    public Uni<Image> create(String accountId, String instanceId, String name, String description) {
        if (name == null || !name.matches("[A-Za-z0-9()\\[\\] ./\\-'@_]{3,128}")) {
            throw ApiException.badRequest("InvalidAMIName.Malformed", "AMI names must be between 3 and 128"
                    + " characters long, and may contain letters, numbers, ( ) [ ] space . / - ' @ _ only.");
        }
        return Panache.withTransaction(() -> InstanceQueries.owned(accountId, instanceId)
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
                            return Image.<Image>findById(i.imageId).chain(source -> {
                                Image image = fromInstance(i, source, name, description);
                                return image.<Image>persist();
                            });
                        })));
    }

    public Uni<Void> deregister(String accountId, String imageId) {
        if (!Ids.isWellFormed("ami", imageId)) {
            throw ApiException.badRequest("InvalidAMIID.Malformed", "Invalid id: \"" + imageId + "\"");
        }
        return Panache.withTransaction(() -> Image.<Image>findById(imageId).map(image -> {
            if (image == null || !accountId.equals(image.accountId) || "deregistered".equals(image.state)) {
                throw notFound(imageId);
            }
            image.state = "deregistered";
            return null;
        })).replaceWithVoid();
    }

    /** Pending images whose build time has passed become available. */
    @Scheduled(every = "${haneul.images.poll-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> finishBuilds() {
        return Panache.withTransaction(() -> Image.update("state = 'available' where state = 'pending' and createdAt < ?1",
                Instant.now().minus(buildTime))).replaceWithVoid().onFailure().recoverWithNull();
    }

    static ApiException notFound(String imageId) {
        return ApiException.notFound("InvalidAMIID.NotFound", "The image id '[" + imageId + "]' does not exist");
    }

    private static Image fromInstance(Instance i, Image source, String name, String description) {
        List<BlockDevice> devices = InstanceLifecycle.readList(i.blockDevices, new TypeReference<List<BlockDevice>>() { });
        Image image = new Image();
        image.imageId = Ids.newId("ami");
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
        image.snapshotId = Ids.newId("snap");
        image.sourceInstanceId = i.instanceId;
        image.state = "pending";
        image.createdAt = Instant.now();
        return image;
    }
}
