package dev.haneul.compute.launch;

import dev.haneul.compute.catalog.Image;
import dev.haneul.compute.config.ComputeConfig;
import dev.haneul.compute.instance.InstanceQueries;
import dev.haneul.compute.instance.StatusChecks;
import dev.haneul.compute.launch.api.BatchRequest;
import dev.haneul.compute.launch.api.ConnectView;
import dev.haneul.compute.launch.api.InstanceListView;
import dev.haneul.compute.launch.api.InstanceView;
import dev.haneul.compute.launch.api.LaunchRequest;
import dev.haneul.compute.launch.api.ModifyRequest;
import dev.haneul.compute.launch.api.ReservationView;
import dev.haneul.compute.saga.UserAction;
import dev.haneul.kit.auth.Caller;
import dev.haneul.kit.paging.PageRequest;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.ResponseStatus;

/** Instances: launch, describe, and the lifecycle actions. */
@Path("/v1/instances")
@Authenticated
public class InstanceResource {
    private final LaunchService launches;
    private final LifecycleService lifecycle;
    private final ModifyService modifications;
    private final ComputeConfig config;
    private final Caller caller;

    public InstanceResource(LaunchService launches, LifecycleService lifecycle, ModifyService modifications,
            ComputeConfig config, Caller caller) {
        this.launches = launches;
        this.lifecycle = lifecycle;
        this.modifications = modifications;
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
                .map(l -> new ReservationView(l.reservationId(), account,
                        l.instances().stream().map(InstanceView::of).toList()));
    }

    @GET
    @WithSession
    @Operation(summary = "Describe instances, with filters and paging")
    public Uni<InstanceListView> list(@QueryParam("instanceId") List<String> instanceIds,
            @QueryParam("state") List<String> states, @QueryParam("instanceType") String instanceType,
            @QueryParam("imageId") String imageId, @QueryParam("availabilityZone") String availabilityZone,
            @QueryParam("subnetId") String subnetId, @QueryParam("vpcId") String vpcId,
            @QueryParam("privateIpAddress") String privateIpAddress, @QueryParam("keyName") String keyName,
            @QueryParam("ipAddress") String ipAddress, @QueryParam("tag-key") List<String> tagKeys,
            @QueryParam("limit") Integer limit, @QueryParam("nextToken") String nextToken, @Context UriInfo uri) {
        PageRequest paging = PageRequest.of(limit, nextToken, PageRequest.MAX, InstanceQueries.PAGE_KEY);
        instanceIds.forEach(InstanceQueries::checkId);
        var filter = new InstanceQueries.Filter(instanceIds, states, instanceType, imageId, availabilityZone, subnetId,
                vpcId, privateIpAddress, keyName, ipAddress, tagFilters(uri), tagKeys);
        Instant since = Instant.now().minus(config.saga().terminatedVisibility());
        return InstanceQueries.page(caller.accountId(), filter, paging, since)
                .map(p -> new InstanceListView(p.items().stream().map(InstanceView::of).toList(), p.nextToken()));
    }

    /** {@code ?tag:Name=web}: the instances whose tag Name has the value web. */
    private static Map<String, String> tagFilters(UriInfo uri) {
        Map<String, String> out = new LinkedHashMap<>();
        uri.getQueryParameters().forEach((name, values) -> {
            if (name.startsWith("tag:") && name.length() > 4 && !values.isEmpty()) {
                out.put(name.substring(4), values.get(0));
            }
        });
        return out;
    }

    @GET
    @Path("/{instanceId}")
    @WithSession
    public Uni<InstanceView> get(@PathParam("instanceId") String instanceId) {
        return InstanceQueries.owned(caller.accountId(), instanceId).map(InstanceView::of);
    }

    @PATCH
    @Path("/{instanceId}")
    @Operation(summary = "Change attributes (ModifyInstanceAttribute); type and user data only when stopped")
    public Uni<InstanceView> modify(@PathParam("instanceId") String instanceId,
            @Valid @NotNull ModifyRequest request) {
        return modifications.modify(caller.accountId(), instanceId, caller.bearerToken(), request).map(InstanceView::of);
    }

    @GET
    @Path("/{instanceId}/connect")
    @WithSession
    @Operation(summary = "How to connect: the ssh command (or the RDP note for Windows)")
    public Uni<ConnectView> connect(@PathParam("instanceId") String instanceId) {
        return InstanceQueries.owned(caller.accountId(), instanceId)
                .chain(i -> Image.<Image>findById(i.imageId).map(image -> ConnectView.of(i, image)));
    }

    /** GetConsoleOutput's answer. */
    public record ConsoleOutputView(String instanceId, String output, Instant timestamp) {
    }

    @GET
    @Path("/{instanceId}/console-output")
    @WithSession
    public Uni<ConsoleOutputView> consoleOutput(@PathParam("instanceId") String instanceId) {
        return InstanceQueries.owned(caller.accountId(), instanceId)
                .map(i -> new ConsoleOutputView(i.instanceId, i.consoleOutput, i.launchTime));
    }

    @GET
    @Path("/{instanceId}/status")
    @WithSession
    @Operation(summary = "Status checks (DescribeInstanceStatus)")
    public Uni<StatusChecks.View> status(@PathParam("instanceId") String instanceId) {
        return InstanceQueries.owned(caller.accountId(), instanceId).map(i -> StatusChecks.of(i, Instant.now()));
    }

    /** The answer to a batch: one state change per instance. */
    public record BatchView(List<StateChangeView> instances) {
    }

    @POST
    @Path("/stop")
    @Operation(summary = "Stop many instances; an invalid id fails the whole batch")
    public Uni<BatchView> stopAll(@Valid @NotNull BatchRequest r, @QueryParam("force") boolean force) {
        return batch(r, UserAction.STOP, force);
    }

    @POST
    @Path("/start")
    public Uni<BatchView> startAll(@Valid @NotNull BatchRequest r) {
        return batch(r, UserAction.START, false);
    }

    @POST
    @Path("/reboot")
    public Uni<BatchView> rebootAll(@Valid @NotNull BatchRequest r) {
        return batch(r, UserAction.REBOOT, false);
    }

    @POST
    @Path("/terminate")
    public Uni<BatchView> terminateAll(@Valid @NotNull BatchRequest r) {
        return batch(r, UserAction.TERMINATE, false);
    }

    private Uni<BatchView> batch(BatchRequest r, UserAction action, boolean force) {
        return lifecycle.batch(caller.accountId(), r.instanceIds(), action, force)
                .map(changes -> new BatchView(changes.stream().map(StateChangeView::of).toList()));
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
