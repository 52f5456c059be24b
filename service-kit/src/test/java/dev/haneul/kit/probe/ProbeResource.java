package dev.haneul.kit.probe;

import dev.haneul.events.instance.InstanceTerminated;
import dev.haneul.kit.auth.Caller;
import dev.haneul.kit.error.ApiException;
import dev.haneul.kit.messaging.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.time.Instant;
import java.util.Map;

/** A tiny resource that exercises the kit the way a service does. */
@Path("/v1/probe")
@Authenticated
public class ProbeResource {
    private final Outbox outbox;
    private final Caller caller;

    public ProbeResource(Outbox outbox, Caller caller) {
        this.outbox = outbox;
        this.caller = caller;
    }

    public record ProbeRequest(@NotBlank String instanceId) {
    }

    @POST
    public Uni<Map<String, String>> publish(@Valid ProbeRequest request) {
        String account = caller.accountId();
        return Panache.withTransaction(() -> outbox.publish(new InstanceTerminated(account, request.instanceId(), 0,
                Instant.now(), "t3.micro", "kr-central-1a", null, "Client.UserInitiatedShutdown", "test")))
                .replaceWith(Map.of("accountId", account));
    }

    @GET
    @Path("/whoami")
    public Map<String, String> whoami() {
        return Map.of("accountId", caller.accountId());
    }

    @POST
    @Path("/fail/{code}")
    public Uni<Void> fail(@PathParam("code") String code) {
        throw ApiException.conflict(code, "refused on purpose");
    }
}
