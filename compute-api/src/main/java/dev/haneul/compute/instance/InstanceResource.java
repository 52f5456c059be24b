package dev.haneul.compute.instance;

import dev.haneul.compute.config.ComputeConfig;
import dev.haneul.compute.instance.api.InstanceListView;
import dev.haneul.compute.instance.api.InstanceView;
import dev.haneul.compute.instance.api.LaunchRequest;
import dev.haneul.compute.instance.api.ReservationView;
import dev.haneul.kit.auth.Caller;
import dev.haneul.kit.error.ApiException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.ResponseStatus;

/** Instances: launch, describe, and the lifecycle actions. */
@Path("/v1/instances")
@Authenticated
public class InstanceResource {
    private final LaunchService launches;
    private final LifecycleService lifecycle;
    private final ComputeConfig config;
    private final Caller caller;

    public InstanceResource(LaunchService launches, LifecycleService lifecycle, ComputeConfig config, Caller caller) {
        this.launches = launches;
        this.lifecycle = lifecycle;
        this.config = config;
        this.caller = caller;
    }

    /** EC2's answer to stop/start/terminate. */
    public record StateChangeView(String instanceId, InstanceView.State currentState, InstanceView.State previousState) {
        static StateChangeView of(LifecycleService.Change c) {
            return new StateChangeView(c.instanceId(), new InstanceView.State(c.current().code(), c.current().label()),
                    new InstanceView.State(c.previous().code(), c.previous().label()));
        }
    }

    @POST
    @ResponseStatus(202)
    @Operation(summary = "Launch instances (RunInstances)")
    public Uni<ReservationView> launch(@Valid @NotNull LaunchRequest request) {
        String account = caller.accountId();
        return launches.launch(account, caller.bearerToken(), request)
                .map(list -> new ReservationView(list.get(0).reservationId, account,
                        list.stream().map(InstanceView::of).toList()));
    }

    @GET
    @WithSession
    @Operation(summary = "Describe instances, with filters and paging")
    public Uni<InstanceListView> list(@QueryParam("instanceId") List<String> instanceIds,
            @QueryParam("state") List<String> states, @QueryParam("instanceType") String instanceType,
            @QueryParam("imageId") String imageId, @QueryParam("availabilityZone") String availabilityZone,
            @QueryParam("subnetId") String subnetId, @QueryParam("vpcId") String vpcId,
            @QueryParam("privateIpAddress") String privateIpAddress,
            @QueryParam("limit") Integer limit, @QueryParam("nextToken") String nextToken) {
        int size = limit == null ? 1000 : limit;
        if (size < 5 || size > 1000) {
            throw ApiException.invalidParameter("limit must be between 5 and 1000.");
        }
        instanceIds.forEach(InstanceQueries::checkId);
        var filter = new InstanceQueries.Filter(instanceIds, states, instanceType, imageId, availabilityZone, subnetId,
                vpcId, privateIpAddress);
        Instant since = Instant.now().minus(config.saga().terminatedVisibility());
        return InstanceQueries.page(caller.accountId(), filter, size, nextToken, since)
                .map(p -> new InstanceListView(p.instances().stream().map(InstanceView::of).toList(), p.nextToken()));
    }

    @GET
    @Path("/{instanceId}")
    @WithSession
    public Uni<InstanceView> get(@PathParam("instanceId") String instanceId) {
        return InstanceQueries.owned(caller.accountId(), instanceId).map(InstanceView::of);
    }

    @POST
    @Path("/{instanceId}/stop")
    public Uni<StateChangeView> stop(@PathParam("instanceId") String instanceId, @QueryParam("force") boolean force) {
        return lifecycle.stop(caller.accountId(), instanceId, force).map(StateChangeView::of);
    }

    @POST
    @Path("/{instanceId}/start")
    public Uni<StateChangeView> start(@PathParam("instanceId") String instanceId) {
        return lifecycle.start(caller.accountId(), instanceId).map(StateChangeView::of);
    }

    @POST
    @Path("/{instanceId}/reboot")
    public Uni<StateChangeView> reboot(@PathParam("instanceId") String instanceId) {
        return lifecycle.reboot(caller.accountId(), instanceId).map(StateChangeView::of);
    }

    @DELETE
    @Path("/{instanceId}")
    @Operation(summary = "Terminate an instance (idempotent)")
    public Uni<StateChangeView> terminate(@PathParam("instanceId") String instanceId) {
        return lifecycle.terminate(caller.accountId(), instanceId).map(StateChangeView::of);
    }
}
