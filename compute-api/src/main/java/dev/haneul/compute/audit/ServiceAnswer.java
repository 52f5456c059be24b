package dev.haneul.compute.audit;

import dev.haneul.compute.audit.api.ServiceAuditView.Holding;
import dev.haneul.compute.audit.api.ServiceAuditView.Violation;
import java.util.List;
import java.util.Map;

/**
 * Everything one service answered to the audit, its pages put together: what it holds by instance id and its
 * violations. {@code answered} is false when it did not answer (then {@code error} says how); {@code complete} is
 * false when it had more pages than one audit reads.
 */
public record ServiceAnswer(String service, boolean answered, boolean complete, String error,
        Map<String, List<Holding>> holdings, List<Violation> violations) {

    public static ServiceAnswer unanswered(String service, String error) {
        return new ServiceAnswer(service, false, false, error, Map.of(), List.of());
    }

    public List<Holding> of(String instanceId) {
        return holdings.getOrDefault(instanceId, List.of());
    }
}
