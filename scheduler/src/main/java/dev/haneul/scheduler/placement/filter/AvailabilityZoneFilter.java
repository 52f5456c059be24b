package dev.haneul.scheduler.placement.filter;

import dev.haneul.scheduler.placement.HostState;
import dev.haneul.scheduler.placement.PlacementRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Passes hosts in the requested availability zone. */
@ApplicationScoped
public class AvailabilityZoneFilter implements HostFilter {
    public static final String REASON = "wrong-availability-zone";

    @Override
    public String name() {
        return "availability-zone";
    }

    @Override
    public Optional<String> reject(HostState host, PlacementRequest request) {
        return host.availabilityZone().equals(request.availabilityZone()) ? Optional.empty() : Optional.of(REASON);
    }
}
