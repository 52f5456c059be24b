package dev.haneul.compute.audit;

import dev.haneul.compute.audit.api.AuditReportView;
import dev.haneul.compute.config.ComputeConfig;
import dev.haneul.compute.instance.InstanceState;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The consistency audit: asks the services first and reads compute-api's instances after, so an instance a
 * service holds something for was stored by compute-api before the service answered (compute-api stores an
 * instance before its {@code InstanceRequested} leaves) and a state that changed meanwhile is recent, hence in
 * flight. Then {@link AuditComparison} judges. Reads only.
 */
@ApplicationScoped
public class ConsistencyAudit {
    private static final int CHUNK = 1000;
    private static final String FACTS = "select new " + InstanceFacts.class.getName()
            + "(i.instanceId, i.state, i.stateChangedAt, i.hostId, i.networkInterfaceId) from Instance i";

    private final ServiceAudits services;
    private final ComputeConfig.Audit config;
    private final Clock clock;

    public ConsistencyAudit(ServiceAudits services, ComputeConfig config, Clock clock) {
        this.services = services;
        this.config = config.audit();
        this.clock = clock;
    }

    /** @param inFlight the window of instances not judged, or null for {@code haneul.audit.in-flight} */
    public Uni<AuditReportView> run(String bearerToken, Duration inFlight) {
        Duration window = inFlight == null ? config.inFlight() : inFlight;
        return services.all(bearerToken).chain(answers -> {
            Set<String> named = new TreeSet<>();
            answers.forEach(a -> named.addAll(a.holdings().keySet()));
            return Panache.withSession(() -> steady().chain(steady -> named(List.copyOf(named)).map(held -> {
                Map<String, InstanceFacts> all = new HashMap<>(held);
                steady.subList(0, Math.min(steady.size(), config.maxInstances()))
                        .forEach(f -> all.put(f.instanceId(), f));
                return AuditComparison.compare(answers, all, steady.size() <= config.maxInstances(),
                        clock.instant(), window);
            })));
        });
    }

    /** The running and stopped instances, in id order, one more than the audit reads (to tell there are more). */
    private Uni<List<InstanceFacts>> steady() {
        return Panache.getSession().chain(s -> s.createSelectionQuery(FACTS + " where i.state in (:states)"
                + " order by i.instanceId", InstanceFacts.class)
                .setParameter("states", List.of(InstanceState.RUNNING, InstanceState.STOPPED))
                .setMaxResults(config.maxInstances() + 1).getResultList());
    }

    /** compute-api's record of every instance a service named, a thousand ids a query. */
    private Uni<Map<String, InstanceFacts>> named(List<String> ids) {
        Map<String, InstanceFacts> out = new HashMap<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            chain = chain.chain(() -> Panache.getSession().chain(s -> s.createSelectionQuery(FACTS
                    + " where i.instanceId in (:ids)", InstanceFacts.class).setParameter("ids", new ArrayList<>(chunk))
                    .getResultList()).invoke(found -> found.forEach(f -> out.put(f.instanceId(), f)))
                    .replaceWithVoid());
        }
        return chain.map(x -> out);
    }
}
