package dev.haneul.compute.catalog;

import dev.haneul.compute.config.ComputeConfig;
import dev.haneul.kit.auth.Caller;
import dev.haneul.kit.error.ApiException;
import dev.haneul.kit.paging.PageRequest;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.ResponseStatus;

/** What a user chooses from before a launch: availability zones, instance types and images. */
@Path("/v1")
@Authenticated
public class CatalogResource {
    private final ImageService images;
    private final InstanceTypeCatalog types;
    private final ComputeConfig config;
    private final Caller caller;

    public CatalogResource(InstanceTypeCatalog types, ComputeConfig config, Caller caller, ImageService images) {
        this.images = images;
        this.types = types;
        this.config = config;
        this.caller = caller;
    }

    public record ZoneView(String zoneName, String zoneId, String regionName, String state) {
    }

    public record InstanceTypeView(String instanceType, String family, int vcpus, long memoryMib, BigDecimal memoryGib,
            int gpus, String gpuModel, int localStorageGb, String networkPerformance, boolean burstablePerformance,
            List<String> supportedArchitectures) {
        static InstanceTypeView of(InstanceType t) {
            return new InstanceTypeView(t.instanceType(), t.family(), t.vcpus(), t.memoryMib(), t.memoryGib(), t.gpus(),
                    t.gpuModel(), t.localStorageGb(), t.networkPerformance(), t.burstable(), List.of(t.architecture()));
        }
    }

    public record ImageView(String imageId, String name, String description, String architecture, String platform,
            String platformDetails, String rootDeviceName, String rootDeviceType, int minRootSizeGib,
            String defaultUser, String state, String ownerId, boolean isPublic, String creationDate,
            String snapshotId, String sourceInstanceId, List<String> supportedDrivers, StateReason stateReason) {
        static ImageView of(Image i) {
            return new ImageView(i.imageId, i.name, i.description, i.architecture, i.platform, i.platformDetails,
                    i.rootDeviceName, "ebs", i.minRootSizeGib, i.defaultUser, i.state,
                    i.accountId == null ? "haneul" : i.accountId, i.accountId == null, i.createdAt.toString(),
                    i.snapshotId, i.sourceInstanceId, List.of(i.supportedDrivers.split(",")),
                    i.stateReason == null ? null : new StateReason("Server.InternalError", i.stateReason));
        }
    }

    /** EC2's image StateReason: why an image is {@code failed}. */
    public record StateReason(String code, String message) {
    }

    @GET
    @Path("/availability-zones")
    public Map<String, List<ZoneView>> zones() {
        List<String> names = config.availabilityZones();
        List<ZoneView> zones = IntStream.range(0, names.size())
                .mapToObj(i -> new ZoneView(names.get(i), config.region() + "-az" + (i + 1), config.region(),
                        "available"))
                .toList();
        return Map.of("availabilityZones", zones);
    }

    @GET
    @Path("/instance-types")
    public Map<String, List<InstanceTypeView>> instanceTypes(@QueryParam("family") String family,
            @QueryParam("minVcpus") Integer minVcpus, @QueryParam("minMemoryMib") Long minMemoryMib) {
        if ((minVcpus != null && minVcpus < 0) || (minMemoryMib != null && minMemoryMib < 0)) {
            throw ApiException.invalidParameter("minVcpus and minMemoryMib must not be negative.");
        }
        List<InstanceTypeView> list = types.all().stream()
                .filter(t -> family == null || t.family().equals(family))
                .filter(t -> minVcpus == null || t.vcpus() >= minVcpus)
                .filter(t -> minMemoryMib == null || t.memoryMib() >= minMemoryMib)
                .map(InstanceTypeView::of)
                .toList();
        return Map.of("instanceTypes", list);
    }

    @GET
    @Path("/images")
    @WithSession
    public Uni<ImagesView> images(@QueryParam("limit") Integer limit, @QueryParam("nextToken") String nextToken) {
        PageRequest paging = PageRequest.of(limit, nextToken, PageRequest.MAX, Image.PAGE_KEY);
        return Image.visibleTo(caller.accountId(), paging)
                .map(p -> new ImagesView(p.items().stream().map(ImageView::of).toList(), p.nextToken()));
    }

    /** A page of images, by name then id, and the token of the next page (absent on the last). */
    public record ImagesView(List<ImageView> images, String nextToken) {
    }

    @GET
    @Path("/images/{imageId}")
    @WithSession
    public Uni<ImageView> image(@PathParam("imageId") String imageId) {
        return images.visible(caller.accountId(), imageId).map(ImageView::of);
    }

    /** CreateImage: an account-private image from one of the account's instances. */
    public record CreateImageRequest(@NotBlank String instanceId, @NotBlank String name, String description) {
    }

    @POST
    @Path("/images")
    @ResponseStatus(201)
    @Operation(summary = "Create a private image from an instance: a snapshot of its root volume (pending, then available)")
    public Uni<ImageView> createImage(@Valid @NotNull CreateImageRequest r) {
        return images.create(caller.accountId(), r.instanceId(), r.name(), r.description(), caller.bearerToken())
                .map(ImageView::of);
    }

    @DELETE
    @Path("/images/{imageId}")
    @ResponseStatus(204)
    @Operation(summary = "Deregister one of the account's images")
    public Uni<Void> deregisterImage(@PathParam("imageId") String imageId) {
        return images.deregister(caller.accountId(), imageId);
    }
}
