package dev.haneul.compute.audit;

import dev.haneul.compute.audit.api.ServiceAuditView;
import dev.haneul.compute.audit.api.ServiceAuditView.Holding;
import dev.haneul.compute.config.ComputeConfig;
import dev.haneul.compute.remote.RemoteProblem;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Asks each audited service ({@code haneul.audit.services}) for its side of the audit, with the caller's (an
 * admin's) token, page after page up to {@code haneul.audit.max-instances} instances, asking no page after
 * {@code haneul.audit.budget} (the service's answer is then not complete). A service that does not
 * answer (down, slow beyond {@code haneul.audit.timeout}, refusing) becomes an unanswered {@link ServiceAnswer}
 * saying why — never a failure of the audit.
 */
@ApplicationScoped
public class ServiceAudits {
    static final int PAGE = 1000;

    private final Map<String, AuditRestClient> clients = new TreeMap<>();
    private final int maxPages;
    private final Duration budget;
    private final Clock clock;

    public ServiceAudits(ComputeConfig config, Clock clock) {
        ComputeConfig.Audit audit = config.audit();
        long timeout = audit.timeout().toMillis();
        audit.services().forEach((name, url) -> clients.put(name, QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(url)).connectTimeout(Math.min(timeout, 2000), TimeUnit.MILLISECONDS)
                .readTimeout(timeout, TimeUnit.MILLISECONDS).build(AuditRestClient.class)));
        this.maxPages = Math.max(1, (audit.maxInstances() + PAGE - 1) / PAGE);
        this.budget = audit.budget();
        this.clock = clock;
    }

    /** Every service's answer, asked at once, in service name order. */
    public Uni<List<ServiceAnswer>> all(String bearerToken) {
        List<Uni<ServiceAnswer>> asks = new ArrayList<>();
        clients.forEach((name, client) -> asks.add(ask(name, client, "Bearer " + bearerToken)));
        return Uni.join().all(asks).andFailFast();
    }

    private Uni<ServiceAnswer> ask(String service, AuditRestClient client, String authorization) {
        Map<String, List<Holding>> holdings = new LinkedHashMap<>();
        List<ServiceAuditView.Violation> violations = new ArrayList<>();
        Instant until = clock.instant().plus(budget);
        return pages(client, authorization, null, 0, until, holdings, violations)
                .map(complete -> new ServiceAnswer(service, true, complete, null, holdings, violations))
                .onFailure().recoverWithItem(e -> ServiceAnswer.unanswered(service, reason(service, e)));
    }

    /** Reads the page after {@code token} and the ones after it; true when the last page was read. */
    private Uni<Boolean> pages(AuditRestClient client, String authorization, String token, int read, Instant until,
            Map<String, List<Holding>> holdings, List<ServiceAuditView.Violation> violations) {
        return client.page(authorization, PAGE, token).chain(page -> {
            if (page.instances() != null) {
                page.instances().forEach(h -> holdings.computeIfAbsent(h.instanceId(), k -> new ArrayList<>())
                        .addAll(h.holds() == null ? List.of() : h.holds()));
            }
            if (page.violations() != null) {
                violations.addAll(page.violations());
            }
            if (page.nextToken() == null) {
                return Uni.createFrom().item(true);
            }
            if (read + 1 >= maxPages || clock.instant().isAfter(until)) {
                return Uni.createFrom().item(false);
            }
            return pages(client, authorization, page.nextToken(), read + 1, until, holdings, violations);
        });
    }

    private static String reason(String service, Throwable e) {
        if (e instanceof RemoteProblem p) {
            return service + " answered " + p.status() + (p.code() == null ? "" : " " + p.code());
        }
        String message = e.getMessage();
        for (Throwable c = e.getCause(); c != null && (message == null || message.isBlank()); c = c.getCause()) {
            message = c.getMessage();
        }
        return service + " did not answer" + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
