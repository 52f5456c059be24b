package dev.haneul.kit.probe;

import dev.haneul.events.instance.InstanceTerminated;
import dev.haneul.kit.auth.Caller;
import dev.haneul.kit.error.ApiException;
import dev.haneul.kit.lock.AccountLock;
import dev.haneul.kit.messaging.Outbox;
import dev.haneul.kit.paging.PageRequest;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.time.Instant;
import java.util.List;
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

    /** A resource limited to {@link #LIMIT} per account, counted under the account's lock as a service does. */
    static final int LIMIT = 3;

    @POST
    @Path("/limited")
    public Uni<Map<String, Long>> createLimited() {
        String account = caller.accountId();
        return AccountLock.inTransaction(account, () -> countLimited(account).chain(n -> {
            if (n >= LIMIT) {
                throw ApiException.badRequest("ProbeLimitExceeded", "at most " + LIMIT + " per account");
            }
            return Panache.getSession().chain(s -> s.createNativeQuery(
                    "INSERT INTO probe_item (account_id) VALUES (:a)").setParameter("a", account).executeUpdate())
                    .replaceWith(Map.of("count", n + 1));
        }));
    }

    @GET
    @Path("/limited")
    public Uni<Map<String, Long>> countLimited() {
        String account = caller.accountId();
        return Panache.withSession(() -> countLimited(account)).map(n -> Map.of("count", n));
    }

    private static Uni<Long> countLimited(String account) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "SELECT COUNT(*) FROM probe_item WHERE account_id = :a").setParameter("a", account)
                .getSingleResult()).map(n -> ((Number) n).longValue());
    }

    /** A request with numbers, as a service's (a count, a port range) has them. */
    public record NumbersRequest(@NotNull Integer count, int port, List<@NotNull Integer> more) {
    }

    @POST
    @Path("/numbers")
    public NumbersRequest numbers(@Valid @NotNull NumbersRequest request) {
        return request;
    }

    /** An operation whose body is optional, as {@code POST /v1/elastic-ips}. */
    @POST
    @Path("/optional")
    public Map<String, Boolean> optional(@Valid NumbersRequest request) {
        return Map.of("given", request != null);
    }

    /** A list's paging parameters, as every list endpoint takes them. */
    @GET
    @Path("/page")
    public Map<String, Integer> page(@QueryParam("limit") Integer limit, @QueryParam("nextToken") String nextToken) {
        return Map.of("limit", PageRequest.byId(limit, nextToken).limit());
    }

    @POST
    @Path("/fail/{code}")
    public Uni<Void> fail(@PathParam("code") String code) {
        throw ApiException.conflict(code, "refused on purpose");
    }
}
