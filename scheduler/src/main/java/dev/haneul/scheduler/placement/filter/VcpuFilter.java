package dev.haneul.scheduler.placement.filter;

import dev.haneul.scheduler.placement.HostFit;
import dev.haneul.scheduler.placement.HostState;
import dev.haneul.scheduler.placement.PlacementRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Passes hosts with enough free vCPUs ({@link HostFit#vcpusFit}: capacity times CPU overcommit, minus what is
 * claimed).
 */
@ApplicationScoped
public class VcpuFilter implements HostFilter {
    public static final String REASON = "insufficient-vcpus";

    @Override
    public String name() {
        return "vcpu";
    }

    @Override
    public Optional<String> reject(HostState host, PlacementRequest request) {
        return HostFit.vcpusFit(host, request.vcpus()) ? Optional.empty() : Optional.of(REASON);
    }
}
