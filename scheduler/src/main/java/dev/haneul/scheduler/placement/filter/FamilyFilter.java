package dev.haneul.scheduler.placement.filter;

import dev.haneul.scheduler.placement.HostState;
import dev.haneul.scheduler.placement.PlacementRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Passes hosts whose hardware supports the instance family (t3, m5, g4dn...). */
@ApplicationScoped
public class FamilyFilter implements HostFilter {
    public static final String REASON = "family-not-supported";

    @Override
    public String name() {
        return "family";
    }

    @Override
    public Optional<String> reject(HostState host, PlacementRequest request) {
        return request.family() == null || host.families().contains(request.family()) ? Optional.empty() : Optional.of(REASON);
    }
}
