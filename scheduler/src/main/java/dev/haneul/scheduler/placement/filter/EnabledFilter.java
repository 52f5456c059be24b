package dev.haneul.scheduler.placement.filter;

import dev.haneul.scheduler.placement.HostFit;
import dev.haneul.scheduler.placement.HostState;
import dev.haneul.scheduler.placement.PlacementRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Rejects hosts an admin disabled for maintenance or is draining (with {@link AliveFilter}'s "marked down": the
 * hosts {@link HostFit#takesInstances} refuses, each with its own reason).
 */
@ApplicationScoped
public class EnabledFilter implements HostFilter {
    public static final String DISABLED = "host-disabled";
    public static final String DRAINING = "host-draining";

    @Override
    public String name() {
        return "enabled";
    }

    @Override
    public Optional<String> reject(HostState host, PlacementRequest request) {
        if (!host.enabled()) {
            return Optional.of(DISABLED);
        }
        return host.draining() ? Optional.of(DRAINING) : Optional.empty();
    }
}
