package dev.haneul.volume.volume;

import dev.haneul.kit.auth.Caller;
import dev.haneul.kit.paging.PageRequest;
import dev.haneul.volume.volume.api.AttachVolumeRequest;
import dev.haneul.volume.volume.api.AttachmentView;
import dev.haneul.volume.volume.api.CreateVolumeRequest;
import dev.haneul.volume.volume.api.DetachVolumeRequest;
import dev.haneul.volume.volume.api.ModifyVolumeRequest;
import dev.haneul.volume.volume.api.VolumeListView;
import dev.haneul.volume.volume.api.VolumeModificationView;
import dev.haneul.volume.volume.api.VolumeView;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.RestResponse;

/** {@code /v1/volumes}: EC2's CreateVolume, DescribeVolumes, DeleteVolume, AttachVolume, DetachVolume, ModifyVolume. */
@Path("/v1/volumes")
@Authenticated
public class VolumeResource {
    private final Caller caller;
    private final VolumeService volumes;
    private final AttachmentService attachments;
    private final ModificationService modifications;

    public VolumeResource(Caller caller, VolumeService volumes, AttachmentService attachments,
            ModificationService modifications) {
        this.caller = caller;
        this.volumes = volumes;
        this.attachments = attachments;
        this.modifications = modifications;
    }

    @GET
    public Uni<VolumeListView> list(@QueryParam("volumeId") List<String> volumeIds, @QueryParam("state") String state,
            @QueryParam("availabilityZone") String zone, @QueryParam("attachment.instanceId") String instanceId,
            @QueryParam("limit") Integer limit, @QueryParam("nextToken") String nextToken) {
        PageRequest paging = PageRequest.byId(limit, nextToken);
        return volumes.list(new VolumeQuery(caller.accountId(), volumeIds, state, zone, instanceId), paging);
    }

    @GET
    @Path("/{volumeId}")
    public Uni<VolumeView> get(@PathParam("volumeId") String volumeId) {
        return volumes.get(caller.accountId(), volumeId);
    }

    @POST
    public Uni<RestResponse<VolumeView>> create(@Valid @NotNull CreateVolumeRequest request) {
        return volumes.create(caller.accountId(), request)
                .map(v -> RestResponse.status(Response.Status.CREATED, v));
    }

    @DELETE
    @Path("/{volumeId}")
    public Uni<RestResponse<Void>> delete(@PathParam("volumeId") String volumeId) {
        return volumes.delete(caller.accountId(), volumeId).map(ok -> RestResponse.noContent());
    }

    @PATCH
    @Path("/{volumeId}")
    public Uni<VolumeModificationView> modify(@PathParam("volumeId") String volumeId,
            @Valid @NotNull ModifyVolumeRequest request) {
        return modifications.modify(caller.accountId(), volumeId, request);
    }

    @GET
    @Path("/{volumeId}/modification")
    public Uni<VolumeModificationView> modification(@PathParam("volumeId") String volumeId) {
        return modifications.latest(caller.accountId(), volumeId);
    }

    @POST
    @Path("/{volumeId}/attach")
    public Uni<AttachmentView> attach(@PathParam("volumeId") String volumeId,
            @Valid @NotNull AttachVolumeRequest request) {
        return attachments.attach(caller.accountId(), volumeId, request);
    }

    @POST
    @Path("/{volumeId}/detach")
    public Uni<AttachmentView> detach(@PathParam("volumeId") String volumeId, DetachVolumeRequest request) {
        return attachments.detach(caller.accountId(), volumeId, request);
    }
}
