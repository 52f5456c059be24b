package dev.haneul.scheduler.placement.filter;

import dev.haneul.scheduler.placement.HostFit;
import dev.haneul.scheduler.placement.HostState;
import dev.haneul.scheduler.placement.PlacementRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Passes hosts with enough free memory ({@link HostFit#memoryFits}: capacity times memory overcommit, minus what is
 * claimed).
 */
@ApplicationScoped
public class MemoryFilter implements HostFilter {
    public static final String REASON = "insufficient-memory";

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public Optional<String> reject(HostState host, PlacementRequest request) {
        return HostFit.memoryFits(host, request.memoryMib()) ? Optional.empty() : Optional.of(REASON);
    }
}
